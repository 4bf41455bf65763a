/// The real `KeyGenerating`: OpenSSL 3 generates the keys, pomclaw writes them in OpenSSH's
/// own file formats (no `ssh-keygen` needed, no key material on any command line).
public struct OpenSSLKeyGenerator: KeyGenerating {
    /// RSA sizes accepted by `generate`.
    public static let rsaBits = 2048...16384

    /// A generator using the process's default OpenSSL library context.
    public init() {}

    /// Generates a key with OpenSSL and encodes it as an unencrypted `openssh-key-v1` file.
    public func generate(_ algorithm: SSHKeyAlgorithm, bits: Int, comment: String) throws
        -> SSHKeyPair
    {
        if algorithm == .rsa, !Self.rsaBits.contains(bits) {
            throw PomclawError(
                "Cannot generate an RSA key of \(bits) bits.",
                next: "Use a size between \(Self.rsaBits.lowerBound) and \(Self.rsaBits.upperBound) bits (pomclaw uses 3072).")
        }
        let key = try OpenSSLKey.generate(algorithm, bits: bits)
        var material = try key.material(algorithm)
        defer { material.wipe() }
        return SSHKeyPair(
            algorithm: algorithm, bits: material.bits,
            privateKeyFile: Secret(OpenSSHPrivateKeyFile.encode(material, comment: comment)),
            publicKeyLine: SSHPublicKeyLine.make(
                algorithm, blob: material.publicBlob, comment: comment))
    }

    /// Decodes and validates the file, checks with OpenSSL that its halves belong together,
    /// and derives the `.pub` line. Throws `SSHKeyFileError` for a file that cannot be used.
    public func read(privateKeyFile: Secret) throws -> SSHKeyPair {
        var (material, comment) = try OpenSSHPrivateKeyFile.decode(privateKeyFile.value)
        defer { material.wipe() }
        try OpenSSLKeyCheck.verify(material)
        return SSHKeyPair(
            algorithm: material.algorithm, bits: material.bits, privateKeyFile: privateKeyFile,
            publicKeyLine: SSHPublicKeyLine.make(
                material.algorithm, blob: material.publicBlob, comment: comment))
    }
}
