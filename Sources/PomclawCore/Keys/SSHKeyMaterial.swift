import Foundation

/// The numbers that make up one SSH key pair, as OpenSSH stores them. Integers are big-endian
/// magnitudes without leading zeros. Holds private key material: never log or print it.
enum SSHKeyMaterial: Equatable {
    /// `publicKey` is the 32-byte point, `seed` the 32-byte private seed.
    case ed25519(publicKey: [UInt8], seed: [UInt8])
    /// RSA with OpenSSH's fields: modulus, public and private exponents, CRT coefficient
    /// q⁻¹ mod p, and the primes.
    case rsa(n: [UInt8], e: [UInt8], d: [UInt8], iqmp: [UInt8], p: [UInt8], q: [UInt8])
    /// NIST P-256: the uncompressed public point (65 bytes, `04‖x‖y`) and the private scalar.
    case ecdsaP256(publicPoint: [UInt8], scalar: [UInt8])

    static let p256CurveName = "nistp256"

    var algorithm: SSHKeyAlgorithm {
        switch self {
        case .ed25519: .ed25519
        case .rsa: .rsa
        case .ecdsaP256: .ecdsaP256
        }
    }

    /// Key size in bits: 256 for Ed25519 and P-256, the modulus length for RSA.
    var bits: Int {
        guard case .rsa(let n, _, _, _, _, _) = self, let top = n.first else { return 256 }
        return (n.count - 1) * 8 + (8 - top.leadingZeroBitCount)
    }

    /// Overwrites the private numbers with zeros, in the storage every copy of this value
    /// shares, and leaves an empty key behind. Call it when the material is no longer needed.
    mutating func wipe() {
        switch self {
        case .ed25519(_, let seed):
            Self.zero(seed)
        case .rsa(_, _, let d, let iqmp, let p, let q):
            for value in [d, iqmp, p, q] { Self.zero(value) }
        case .ecdsaP256(_, let scalar):
            Self.zero(scalar)
        }
        self = .ed25519(publicKey: [], seed: [])
    }

    /// Zeros the array's storage in place, deliberately bypassing copy-on-write so that the
    /// bytes are gone for every holder, and in a way the optimiser cannot drop.
    private static func zero(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
            #if canImport(Glibc)
                explicit_bzero(UnsafeMutableRawPointer(mutating: base), buffer.count)
            #else
                _ = memset_s(UnsafeMutableRawPointer(mutating: base), buffer.count, 0, buffer.count)
            #endif
        }
    }

    /// The public key blob (RFC 4253 §6.6, RFC 5656 §3.1, PROTOCOL.key).
    var publicBlob: [UInt8] {
        var writer = SSHWireWriter()
        writer.string(algorithm.sshName)
        switch self {
        case .ed25519(let publicKey, _):
            writer.string(publicKey)
        case .rsa(let n, let e, _, _, _, _):
            writer.mpint(e)
            writer.mpint(n)
        case .ecdsaP256(let point, _):
            writer.string(Self.p256CurveName)
            writer.string(point)
        }
        return writer.bytes
    }

    /// Appends the key as it appears in the private section: type name, then the public and
    /// private fields in OpenSSH's order.
    func writePrivate(to writer: inout SSHWireWriter) {
        writer.string(algorithm.sshName)
        switch self {
        case .ed25519(let publicKey, let seed):
            writer.string(publicKey)
            writer.string(seed + publicKey)
        case .rsa(let n, let e, let d, let iqmp, let p, let q):
            for value in [n, e, d, iqmp, p, q] { writer.mpint(value) }
        case .ecdsaP256(let point, let scalar):
            writer.string(Self.p256CurveName)
            writer.string(point)
            writer.mpint(scalar)
        }
    }

    /// Reads a key from the private section, checking every field's shape.
    static func readPrivate(from reader: inout SSHWireReader) throws -> SSHKeyMaterial {
        let type = try reader.text("key type")
        switch type {
        case SSHKeyAlgorithm.ed25519.sshName:
            let publicKey = try reader.string("Ed25519 public key")
            let combined = try reader.string("Ed25519 private key")
            guard publicKey.count == 32 else {
                throw SSHKeyFileError.malformed("the Ed25519 public key is not 32 bytes")
            }
            guard combined.count == 64 else {
                throw SSHKeyFileError.malformed("the Ed25519 private key is not 64 bytes")
            }
            guard Array(combined[32...]) == publicKey else {
                throw SSHKeyFileError.inconsistentKey(
                    "the Ed25519 private key does not end with its public key")
            }
            return .ed25519(publicKey: publicKey, seed: Array(combined[..<32]))
        case SSHKeyAlgorithm.rsa.sshName:
            var values: [[UInt8]] = []
            for field in ["RSA modulus", "RSA public exponent", "RSA private exponent",
                "RSA coefficient", "RSA prime p", "RSA prime q"]
            {
                let value = try reader.mpint(field)
                guard !value.isEmpty else { throw SSHKeyFileError.malformed("the \(field) is zero") }
                values.append(value)
            }
            return .rsa(
                n: values[0], e: values[1], d: values[2], iqmp: values[3], p: values[4],
                q: values[5])
        case SSHKeyAlgorithm.ecdsaP256.sshName:
            let curve = try reader.text("ECDSA curve name")
            guard curve == p256CurveName else {
                throw SSHKeyFileError.malformed("the ECDSA curve is \(curve), not nistp256")
            }
            let point = try reader.string("ECDSA public point")
            guard point.count == 65, point.first == 4 else {
                throw SSHKeyFileError.malformed(
                    "the ECDSA public point is not an uncompressed P-256 point")
            }
            let scalar = try reader.mpint("ECDSA private scalar")
            guard !scalar.isEmpty, scalar.count <= 32 else {
                throw SSHKeyFileError.malformed("the ECDSA private scalar is out of range")
            }
            return .ecdsaP256(publicPoint: point, scalar: scalar)
        default:
            throw SSHKeyFileError.unsupportedKeyType(type)
        }
    }
}
