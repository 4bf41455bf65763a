/// The SSH keys of an install, loaded from `keys/` for the steps that use them (the cluster
/// settings step sends the private texts to the Zero API).
public struct InstallKeys: Sendable, Equatable {
    /// The User CA that signs SSH user certificates.
    public var userCA: SSHKeyPair
    /// The SSH host keys, in the order Ed25519, RSA, ECDSA.
    public var hostKeys: [SSHKeyPair]

    /// Holds already loaded keys; `hostKeys` in the order Ed25519, RSA, ECDSA.
    public init(userCA: SSHKeyPair, hostKeys: [SSHKeyPair]) {
        self.userCA = userCA
        self.hostKeys = hostKeys
    }

    /// Loads and validates the four keys from `directory.keysDirectory`. Throws a
    /// `PomclawError` naming the file when one is missing or unusable.
    public static func load(from directory: InstallDirectory, using keys: any KeyGenerating)
        throws -> InstallKeys
    {
        let pairs = try InstallKeySpec.all.map { spec in
            let path = directory.keysDirectory + "/" + spec.name
            guard let pair = try KeyFileLoader.load(path, as: spec, using: keys) else {
                throw PomclawError(
                    "The SSH key \(path) is missing.",
                    next: "Run `pomclaw install` to create the install's SSH keys.")
            }
            return pair
        }
        return InstallKeys(userCA: pairs[0], hostKeys: Array(pairs.dropFirst()))
    }
}
