/// The SSH key algorithms pomclaw generates and accepts.
public enum SSHKeyAlgorithm: String, Sendable, CaseIterable, Equatable {
    case ed25519
    case rsa
    case ecdsaP256

    /// The OpenSSH key type name, e.g. `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`.
    public var sshName: String {
        switch self {
        case .ed25519: "ssh-ed25519"
        case .rsa: "ssh-rsa"
        case .ecdsaP256: "ecdsa-sha2-nistp256"
        }
    }
}

/// An SSH key pair in the files OpenSSH uses.
public struct SSHKeyPair: Sendable, Equatable {
    public var algorithm: SSHKeyAlgorithm
    /// Key size in bits (256 for Ed25519 and P-256, the modulus size for RSA).
    public var bits: Int
    /// The unencrypted `openssh-key-v1` private key file, PEM-armoured
    /// (`-----BEGIN OPENSSH PRIVATE KEY-----` … `-----END OPENSSH PRIVATE KEY-----\n`).
    public var privateKeyFile: Secret
    /// The `.pub` line: `<type> <base64 blob> <comment>\n`.
    public var publicKeyLine: String
}

/// Generates new SSH keys and reads existing ones.
public protocol KeyGenerating: Sendable {
    /// Generates a fresh key pair. `bits` is used for RSA only (pomclaw uses 3072).
    func generate(_ algorithm: SSHKeyAlgorithm, bits: Int, comment: String) throws -> SSHKeyPair
    /// Parses an existing unencrypted OpenSSH private key file and returns the pair, with the
    /// public line derived from it (the comment comes from the file). Throws an
    /// `SSHKeyFileError` naming what is wrong with the file (not an OpenSSH key, encrypted,
    /// truncated, inconsistent), or a `PomclawError` when the crypto library fails — never
    /// with key material in the error.
    func read(privateKeyFile: Secret) throws -> SSHKeyPair
}
