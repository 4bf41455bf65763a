import Foundation

/// The one-line public key format of `.pub` files and `authorized_keys`:
/// `<type> <base64 blob> [comment]`.
public enum SSHPublicKeyLine {
    /// The `.pub` file content for `blob`, ending in a newline. An empty comment is left out,
    /// as `ssh-keygen -y` does.
    static func make(_ algorithm: SSHKeyAlgorithm, blob: [UInt8], comment: String) -> String {
        let key = "\(algorithm.sshName) \(Data(blob).base64EncodedString())"
        return (comment.isEmpty ? key : "\(key) \(comment)") + "\n"
    }

    /// The `<type> <base64>` part of a public key line (the comment dropped), or nil when the
    /// text is not a single such line.
    public static func keyPart(_ text: String) -> String? {
        let lines = text.split(whereSeparator: \.isNewline).filter {
            !$0.allSatisfy(\.isWhitespace)
        }
        guard lines.count == 1 else { return nil }
        let fields = lines[0].split(whereSeparator: \.isWhitespace)
        guard fields.count >= 2, Data(base64Encoded: String(fields[1])) != nil else { return nil }
        return "\(fields[0]) \(fields[1])"
    }
}
