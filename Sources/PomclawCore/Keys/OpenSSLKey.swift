import CLibCrypto

/// An OpenSSL `EVP_PKEY` owned by Swift: freed when the last reference goes away.
final class OpenSSLKey {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    deinit { EVP_PKEY_free(pointer) }

    /// Generates a fresh key with OpenSSL's EVP keygen (`bits` is used for RSA only).
    static func generate(_ algorithm: SSHKeyAlgorithm, bits: Int) throws -> OpenSSLKey {
        let name: String
        switch algorithm {
        case .ed25519: name = "ED25519"
        case .rsa: name = "RSA"
        case .ecdsaP256: name = "EC"
        }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, name, nil) else {
            throw OpenSSLFailure.error("create a \(name) key context")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else {
            throw OpenSSLFailure.error("start generating a \(name) key")
        }
        switch algorithm {
        case .ed25519: break
        case .rsa:
            guard EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits)) == 1 else {
                throw OpenSSLFailure.error("set the RSA key size to \(bits) bits")
            }
        case .ecdsaP256:
            guard EVP_PKEY_CTX_set_group_name(context, "P-256") == 1 else {
                throw OpenSSLFailure.error("select the P-256 curve")
            }
        }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(context, &key) == 1, let key else {
            throw OpenSSLFailure.error("generate a \(name) key")
        }
        return OpenSSLKey(key)
    }

    /// The key's numbers in OpenSSH's layout.
    func material(_ algorithm: SSHKeyAlgorithm) throws -> SSHKeyMaterial {
        switch algorithm {
        case .ed25519:
            var publicKey = [UInt8](repeating: 0, count: 32)
            var seed = [UInt8](repeating: 0, count: 32)
            var publicLength = publicKey.count
            var seedLength = seed.count
            guard EVP_PKEY_get_raw_public_key(pointer, &publicKey, &publicLength) == 1,
                EVP_PKEY_get_raw_private_key(pointer, &seed, &seedLength) == 1,
                publicLength == 32, seedLength == 32
            else { throw OpenSSLFailure.error("export the Ed25519 key") }
            return .ed25519(publicKey: publicKey, seed: seed)
        case .rsa:
            return .rsa(
                n: try bignum(OSSL_PKEY_PARAM_RSA_N), e: try bignum(OSSL_PKEY_PARAM_RSA_E),
                d: try bignum(OSSL_PKEY_PARAM_RSA_D),
                iqmp: try bignum(String(cString: pomclaw_param_rsa_coefficient1())),
                p: try bignum(String(cString: pomclaw_param_rsa_factor1())),
                q: try bignum(String(cString: pomclaw_param_rsa_factor2())))
        case .ecdsaP256:
            var point = [UInt8](repeating: 0, count: 65)
            var length = 0
            guard EVP_PKEY_get_octet_string_param(
                pointer, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, &point, point.count, &length) == 1,
                length == 65, point[0] == 4
            else { throw OpenSSLFailure.error("export the P-256 public point") }
            return .ecdsaP256(publicPoint: point, scalar: try bignum(OSSL_PKEY_PARAM_PRIV_KEY))
        }
    }

    /// A big-number parameter as big-endian magnitude bytes; the BIGNUM is cleared and freed.
    private func bignum(_ name: String) throws -> [UInt8] {
        var value: OpaquePointer?
        guard EVP_PKEY_get_bn_param(pointer, name, &value) == 1, let value else {
            throw OpenSSLFailure.error("read the key parameter \(name)")
        }
        defer { BN_clear_free(value) }
        var bytes = [UInt8](repeating: 0, count: Int((BN_num_bits(value) + 7) / 8))
        guard BN_bn2bin(value, &bytes) == Int32(bytes.count) else {
            throw OpenSSLFailure.error("export the key parameter \(name)")
        }
        return bytes
    }
}
