import CLibCrypto

/// Checks with OpenSSL that the private half of a decoded key produces its public half, so a
/// damaged file is never trusted just because its structure parses.
enum OpenSSLKeyCheck {
    /// Throws `SSHKeyFileError.inconsistentKey` when the halves do not belong together.
    static func verify(_ key: SSHKeyMaterial) throws {
        switch key {
        case .ed25519(let publicKey, let seed):
            try verifyEd25519(publicKey: publicKey, seed: seed)
        case .rsa(let n, let e, let d, let iqmp, let p, let q):
            try verifyRSA(n: n, e: e, d: d, iqmp: iqmp, p: p, q: q)
        case .ecdsaP256(let point, let scalar):
            try verifyP256(point: point, scalar: scalar)
        }
    }

    private static func verifyEd25519(publicKey: [UInt8], seed: [UInt8]) throws {
        guard let key = EVP_PKEY_new_raw_private_key_ex(nil, "ED25519", nil, seed, seed.count)
        else { throw OpenSSLFailure.error("load the Ed25519 key") }
        defer { EVP_PKEY_free(key) }
        var derived = [UInt8](repeating: 0, count: 32)
        var length = derived.count
        guard EVP_PKEY_get_raw_public_key(key, &derived, &length) == 1, length == 32 else {
            throw OpenSSLFailure.error("derive the Ed25519 public key")
        }
        guard derived == publicKey else {
            throw SSHKeyFileError.inconsistentKey(
                "the Ed25519 public key does not belong to the private key")
        }
    }

    private static func verifyRSA(
        n: [UInt8], e: [UInt8], d: [UInt8], iqmp: [UInt8], p: [UInt8], q: [UInt8]
    ) throws {
        guard let context = BN_CTX_new() else { throw OpenSSLFailure.error("allocate numbers") }
        defer { BN_CTX_free(context) }
        var numbers: [OpaquePointer] = []
        defer { numbers.forEach { BN_clear_free($0) } }
        func number(_ bytes: [UInt8] = []) throws -> OpaquePointer {
            guard let value = BN_bin2bn(bytes, Int32(bytes.count), nil) else {
                throw OpenSSLFailure.error("allocate numbers")
            }
            numbers.append(value)
            return value
        }
        let (bn, be, bd, biqmp, bp, bq) = (
            try number(n), try number(e), try number(d), try number(iqmp), try number(p),
            try number(q)
        )
        let product = try number(), result = try number()
        let pMinus1 = try number(p), qMinus1 = try number(q)
        guard BN_mul(product, bp, bq, context) == 1, BN_sub_word(pMinus1, 1) == 1,
            BN_sub_word(qMinus1, 1) == 1
        else { throw OpenSSLFailure.error("check the RSA key") }
        guard BN_cmp(product, bn) == 0 else {
            throw SSHKeyFileError.inconsistentKey("the RSA modulus is not the product of its primes")
        }
        for modulus in [pMinus1, qMinus1] {
            guard BN_mod_mul(result, be, bd, modulus, context) == 1 else {
                throw OpenSSLFailure.error("check the RSA key")
            }
            guard BN_is_one(result) == 1 else {
                throw SSHKeyFileError.inconsistentKey(
                    "the RSA private exponent does not match the public exponent")
            }
        }
        guard BN_mod_mul(result, biqmp, bq, bp, context) == 1 else {
            throw OpenSSLFailure.error("check the RSA key")
        }
        guard BN_is_one(result) == 1 else {
            throw SSHKeyFileError.inconsistentKey("the RSA coefficient is wrong")
        }
    }

    private static func verifyP256(point: [UInt8], scalar: [UInt8]) throws {
        guard let builder = OSSL_PARAM_BLD_new() else {
            throw OpenSSLFailure.error("allocate key parameters")
        }
        defer { OSSL_PARAM_BLD_free(builder) }
        guard let privateScalar = BN_bin2bn(scalar, Int32(scalar.count), nil) else {
            throw OpenSSLFailure.error("allocate numbers")
        }
        defer { BN_clear_free(privateScalar) }
        // The builder copies values only in OSSL_PARAM_BLD_to_param: keep them alive until then.
        let built = point.withUnsafeBytes { pointBytes in
            "P-256".withCString { group -> UnsafeMutablePointer<OSSL_PARAM>? in
                guard OSSL_PARAM_BLD_push_utf8_string(builder, pomclaw_param_group_name(), group, 0) == 1,
                    OSSL_PARAM_BLD_push_octet_string(
                        builder, pomclaw_param_pub_key(), pointBytes.baseAddress, pointBytes.count) == 1,
                    OSSL_PARAM_BLD_push_BN(builder, pomclaw_param_priv_key(), privateScalar) == 1
                else { return nil }
                return OSSL_PARAM_BLD_to_param(builder)
            }
        }
        guard let parameters = built else { throw OpenSSLFailure.error("build P-256 key parameters") }
        defer { OSSL_PARAM_free(parameters) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "EC", nil) else {
            throw OpenSSLFailure.error("create an EC key context")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1,
            EVP_PKEY_fromdata(context, &key, pomclaw_evp_pkey_keypair(), parameters) == 1,
            let key
        else {
            ERR_clear_error()
            throw SSHKeyFileError.inconsistentKey("the ECDSA public point is not on the P-256 curve")
        }
        defer { EVP_PKEY_free(key) }
        guard let check = EVP_PKEY_CTX_new_from_pkey(nil, key, nil) else {
            throw OpenSSLFailure.error("create an EC key context")
        }
        defer { EVP_PKEY_CTX_free(check) }
        guard EVP_PKEY_pairwise_check(check) == 1 else {
            ERR_clear_error()
            throw SSHKeyFileError.inconsistentKey(
                "the ECDSA public point does not belong to the private scalar")
        }
    }
}
