/// One of the four SSH keys an install holds in `keys/`: its file name, the key pomclaw
/// generates when it is missing, and which existing keys it accepts.
public struct InstallKeySpec: Sendable, Equatable {
    /// The private key's file name; the public key is `<name>.pub` beside it.
    public var name: String
    /// The type generated when the key is missing.
    public var algorithm: SSHKeyAlgorithm
    /// The size generated (used for RSA only).
    public var bits: Int
    /// The comment written into new keys.
    public var comment: String
    /// True when an existing key of any supported type is kept (the User CA: the original
    /// installer let `ssh-keygen` pick the type, which was RSA before OpenSSH 9.5). Host key
    /// files must hold the type their name says.
    public var acceptsAnyAlgorithm: Bool

    /// The SSH User CA that signs the short-lived certificates Pomerium issues.
    public static let userCA = InstallKeySpec(
        name: "pomerium_user_ca_key", algorithm: .ed25519, bits: 256,
        comment: "Pomerium User CA", acceptsAnyAlgorithm: true)
    /// Pomerium's SSH host keys, in the order they are sent to the Zero API.
    public static let hostKeys: [InstallKeySpec] = [
        InstallKeySpec(
            name: "ssh_host_ed25519_key", algorithm: .ed25519, bits: 256,
            comment: "Pomerium SSH host key", acceptsAnyAlgorithm: false),
        InstallKeySpec(
            name: "ssh_host_rsa_key", algorithm: .rsa, bits: 3072,
            comment: "Pomerium SSH host key", acceptsAnyAlgorithm: false),
        InstallKeySpec(
            name: "ssh_host_ecdsa_key", algorithm: .ecdsaP256, bits: 256,
            comment: "Pomerium SSH host key", acceptsAnyAlgorithm: false),
    ]
    /// Every key of an install: the User CA first, then the host keys.
    public static let all: [InstallKeySpec] = [userCA] + hostKeys

    /// How the generated key is described to people, e.g. "RSA 3072".
    public var generatedKind: String { algorithm.displayName(bits: bits) }
}

extension SSHKeyAlgorithm {
    /// A name for people, e.g. "Ed25519", "RSA 3072", "ECDSA P-256".
    public func displayName(bits: Int) -> String {
        switch self {
        case .ed25519: "Ed25519"
        case .rsa: "RSA \(bits)"
        case .ecdsaP256: "ECDSA P-256"
        }
    }
}
