import Foundation

/// What the keys step finds on disk: the state of `keys/`, of each key and its `.pub`, and of
/// the User CA public key installed for the gateway. Observing is read-only; `changes` says
/// what converging would do.
struct KeysSurvey {
    /// Where a key comes from.
    enum Origin: Equatable {
        /// No key anywhere: generate one.
        case generate
        /// The key is in `keys/`.
        case installed(SSHKeyPair)
        /// The original installer left it at the install directory's root: move it (and its
        /// `.pub`, when `withPublic`) into `keys/`.
        case adopt(SSHKeyPair, withPublic: Bool)
        /// `keys/` holds it and the root holds the same key again: remove the root copy.
        case removeDuplicate(SSHKeyPair, withPublic: Bool)

        /// The existing key; nil when it is to be generated.
        var pair: SSHKeyPair? {
            switch self {
            case .generate: nil
            case .installed(let pair), .adopt(let pair, _), .removeDuplicate(let pair, _): pair
            }
        }
    }

    /// The state of a public key file compared with the key it should hold.
    enum PublicState: Equatable {
        case ok
        case missing
        case mismatch
        case wrongMode(mode_t)
    }

    struct Entry {
        var spec: InstallKeySpec
        var origin: Origin
        var pair: SSHKeyPair? { origin.pair }
        var privateMode: mode_t?
        var publicState: PublicState
    }

    static let privateMode: mode_t = 0o600
    static let publicMode: mode_t = 0o644
    static let directoryMode: mode_t = 0o700

    let directory: InstallDirectory
    /// The mode of `keys/`, nil when it does not exist.
    var keysDirectoryMode: mode_t?
    var entries: [Entry]
    /// The gateway's copy of the User CA public key.
    var installedCAPublic: PublicState

    /// Reads the current state. Throws a `PomclawError` when a key file cannot be used (the
    /// step is blocked; nothing may be replaced).
    init(_ directory: InstallDirectory, keys: any KeyGenerating) throws {
        self.directory = directory
        keysDirectoryMode = try KeyFiles.isDirectory(directory.keysDirectory)
            ? try KeyFiles.mode(directory.keysDirectory) : nil
        entries = try InstallKeySpec.all.map { try Self.observe($0, in: directory, keys: keys) }
        let caLine = entries[0].pair?.publicKeyLine
        installedCAPublic = try Self.publicState(
            directory.sshPublicDirectory + "/" + InstallKeySpec.userCA.name + ".pub",
            expected: caLine)
    }

    private static func observe(
        _ spec: InstallKeySpec, in directory: InstallDirectory, keys: any KeyGenerating
    ) throws -> Entry {
        let path = directory.keysDirectory + "/" + spec.name
        let legacyPath = directory.file(spec.name)
        let installed = try KeyFileLoader.load(path, as: spec, using: keys)
        let legacy = try KeyFileLoader.load(legacyPath, as: spec, using: keys)
        let legacyPublic = try KeyFiles.mode(legacyPath + ".pub") != nil
        switch (installed, legacy) {
        case (nil, nil):
            return Entry(spec: spec, origin: .generate, privateMode: nil, publicState: .missing)
        case (let pair?, nil):
            return Entry(
                spec: spec, origin: .installed(pair), privateMode: try KeyFiles.mode(path),
                publicState: try publicState(path + ".pub", expected: pair.publicKeyLine))
        case (nil, let pair?):
            let publicPath = legacyPublic ? legacyPath + ".pub" : path + ".pub"
            return Entry(
                spec: spec, origin: .adopt(pair, withPublic: legacyPublic),
                privateMode: try KeyFiles.mode(legacyPath),
                publicState: try publicState(publicPath, expected: pair.publicKeyLine))
        case (let pair?, let other?):
            guard SSHPublicKeyLine.keyPart(pair.publicKeyLine)
                == SSHPublicKeyLine.keyPart(other.publicKeyLine)
            else {
                throw PomclawError(
                    "\(path) and \(legacyPath) hold different keys; pomclaw will not choose between them.",
                    next: "Keep the key your SSH clients and Pomerium already trust: move the other file (and its .pub) out of the install directory, then run pomclaw again.")
            }
            return Entry(
                spec: spec, origin: .removeDuplicate(pair, withPublic: legacyPublic),
                privateMode: try KeyFiles.mode(path),
                publicState: try publicState(path + ".pub", expected: pair.publicKeyLine))
        }
    }

    /// Compares the public key file at `path` with `expected` (key type and blob; the comment
    /// may differ). With no expected line (the key is yet to be generated) an existing file
    /// is stale.
    static func publicState(_ path: String, expected: String?) throws -> PublicState {
        guard let mode = try KeyFiles.mode(path) else { return .missing }
        guard let expected else { return .mismatch }
        guard let data = try? KeyFiles.read(path),
            let found = SSHPublicKeyLine.keyPart(String(decoding: data, as: UTF8.self)),
            found == SSHPublicKeyLine.keyPart(expected)
        else { return .mismatch }
        return mode == publicMode ? .ok : .wrongMode(mode)
    }

    /// The changes converging would make, one line each, paths relative to the install
    /// directory.
    var changes: [String] {
        var lines: [String] = []
        if let mode = keysDirectoryMode {
            if mode != Self.directoryMode { lines.append("set mode 0700 on keys/ (now \(KeyFiles.octal(mode)))") }
        } else {
            lines.append("create keys/ (mode 0700)")
        }
        for entry in entries { lines += Self.changes(for: entry) }
        let installed = "openclaw-data/pomerium-ssh/\(InstallKeySpec.userCA.name).pub"
        switch installedCAPublic {
        case .ok: break
        case .missing: lines.append("install the User CA public key at \(installed)")
        case .mismatch: lines.append("rewrite \(installed): it does not match the User CA key")
        case .wrongMode(let mode): lines.append("set mode 0644 on \(installed) (now \(KeyFiles.octal(mode)))")
        }
        return lines
    }

    private static func changes(for entry: Entry) -> [String] {
        let name = entry.spec.name
        let path = "keys/\(name)"
        var lines: [String] = []
        switch entry.origin {
        case .generate:
            return ["generate \(entry.spec.generatedKind) key \(path) and \(path).pub"]
        case .installed:
            break
        case .adopt(let pair, let withPublic):
            let kind = pair.algorithm.displayName(bits: pair.bits)
            lines.append(
                "move \(name)\(withPublic ? " and \(name).pub" : "") (\(kind), left by the original installer) into keys/, keeping the key")
        case .removeDuplicate(_, let withPublic):
            lines.append(
                "remove \(name)\(withPublic ? " and \(name).pub" : ""): \(path) already holds the same key")
        }
        if let mode = entry.privateMode, mode != privateMode {
            lines.append("set mode 0600 on \(path) (now \(KeyFiles.octal(mode)))")
        }
        switch entry.publicState {
        case .ok: break
        case .missing: lines.append("write \(path).pub (missing; derived from the private key)")
        case .mismatch: lines.append("rewrite \(path).pub: it does not match the private key")
        case .wrongMode(let mode): lines.append("set mode 0644 on \(path).pub (now \(KeyFiles.octal(mode)))")
        }
        return lines
    }
}
