/// Reads one of an install's private key files and checks it holds the right kind of key.
enum KeyFileLoader {
    /// The key pair in `path`, or nil when the file does not exist. Throws a `PomclawError`
    /// naming the path and the next action when the file is unreadable, not a usable OpenSSH
    /// key, or of a type `spec` does not accept.
    static func load(_ path: String, as spec: InstallKeySpec, using keys: any KeyGenerating)
        throws -> SSHKeyPair?
    {
        guard let data = try KeyFiles.read(path) else { return nil }
        let pair: SSHKeyPair
        do {
            pair = try keys.read(privateKeyFile: Secret(String(decoding: data, as: UTF8.self)))
        } catch let error as SSHKeyFileError {
            throw error.pomclawError(path: path)
        } catch let error as PomclawError {
            throw PomclawError(
                "Could not read the key file \(path): \(error.message)", next: error.nextAction)
        }
        guard spec.acceptsAnyAlgorithm || pair.algorithm == spec.algorithm else {
            throw PomclawError(
                "The key file \(path) holds an \(pair.algorithm.displayName(bits: pair.bits)) key, but \(spec.name) must be an \(spec.algorithm.displayName(bits: spec.bits)) key.",
                next: "Put the right key at \(path), or move the file out of the install directory so pomclaw generates a new one, then run pomclaw again.")
        }
        return pair
    }
}
