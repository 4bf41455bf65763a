/// Why a private key file cannot be used. Messages describe the file's structure only and
/// never contain key material.
public enum SSHKeyFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `-----BEGIN OPENSSH PRIVATE KEY-----` … `-----END …-----` armour; `found` names what
    /// the file looks like instead (e.g. a PEM key), when recognisable.
    case notOpenSSHKey(found: String?)
    /// The armoured body is not valid base64.
    case invalidBase64
    /// The body does not start with `openssh-key-v1\0`.
    case badMagic
    /// The key is protected with a passphrase (`cipher` is not `none`).
    case encrypted(cipher: String)
    /// The file ends before `field` is complete.
    case truncated(field: String)
    /// The file holds `count` keys; OpenSSH key files hold exactly one.
    case keyCount(Int)
    /// The two check integers of the private section differ (a corrupt or wrongly decrypted file).
    case checkIntMismatch
    /// The public key of the outer section differs from the one in the private section.
    case publicKeyMismatch
    /// The padding after the private key is not 1, 2, 3, … or is too long.
    case badPadding
    /// The key type is not one pomclaw handles.
    case unsupportedKeyType(String)
    /// A field has an impossible value; `reason` says which.
    case malformed(String)
    /// The private and public halves do not belong together.
    case inconsistentKey(String)

    /// What is wrong, in a sentence about "the key file".
    public var description: String {
        switch self {
        case .notOpenSSHKey(let found):
            "is not an OpenSSH private key file" + (found.map { " (it looks like \($0))" } ?? "")
        case .invalidBase64: "is damaged: its body is not valid base64"
        case .badMagic: "is not an openssh-key-v1 private key"
        case .encrypted(let cipher): "is protected with a passphrase (cipher \(cipher))"
        case .truncated(let field): "is truncated: it ends inside the \(field)"
        case .keyCount(let count): "holds \(count) keys instead of exactly one"
        case .checkIntMismatch: "is damaged: its check integers differ"
        case .publicKeyMismatch: "is inconsistent: its two copies of the public key differ"
        case .badPadding: "is damaged: the padding after the key is wrong"
        case .unsupportedKeyType(let type):
            "holds a key of type \(type); pomclaw handles ssh-ed25519, ssh-rsa and ecdsa-sha2-nistp256"
        case .malformed(let reason): "is damaged: \(reason)"
        case .inconsistentKey(let reason): "is inconsistent: \(reason)"
        }
    }

    /// The error to show for the key file at `path`, with the one next thing to do.
    public func pomclawError(path: String) -> PomclawError {
        switch self {
        case .encrypted:
            return PomclawError(
                "The key file \(path) \(description).",
                next: "Remove the passphrase with `ssh-keygen -p -f \(path)` (enter an empty new passphrase), then run pomclaw again.")
        case .notOpenSSHKey(let found?) where found.hasPrefix("a PEM"):
            return PomclawError(
                "The key file \(path) \(description).",
                next: "Convert it to the OpenSSH format with `ssh-keygen -p -f \(path)`, then run pomclaw again.")
        default:
            return PomclawError(
                "The key file \(path) \(description).",
                next: "Restore \(path) from a backup; or, if the key can be replaced, move it out of the install directory so pomclaw generates a new one, then run pomclaw again.")
        }
    }
}
