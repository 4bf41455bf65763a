import Foundation

/// The install's SSH keys: the User CA and Pomerium's three host keys in `keys/` (mode 0700,
/// private keys 0600, `.pub` 0644), and the User CA public key at
/// `openclaw-data/pomerium-ssh/` for the gateway.
///
/// Existing keys are never regenerated. Keys the original installer left at the install
/// directory's root are moved into `keys/`. A missing or wrong `.pub` is derived from its
/// private key. A private key file that cannot be used blocks the step: it is never replaced.
public struct KeysStep: Step {
    /// `keys`.
    public let id = "keys"
    /// "SSH keys".
    public let title = "SSH keys"
    /// Passed to every `AtomicFile.write` as its `beforeRename` hook: a fault-injection point
    /// for interrupting a write after the new file is complete. Nil in normal runs.
    private let beforeRename: (@Sendable (String) throws -> Void)?

    /// A keys step; `beforeRename` is for fault-injection tests only and defaults to none.
    public init(beforeRename: (@Sendable (String) throws -> Void)? = nil) {
        self.beforeRename = beforeRename
    }

    /// Reads `keys/`, the root (for the original installer's keys) and the gateway's copy of
    /// the User CA public key; never writes.
    public func check(_ context: Context) async throws -> CheckResult {
        let survey: KeysSurvey
        do {
            survey = try KeysSurvey(context.directory, keys: context.keys)
        } catch let error as PomclawError {
            return .blocked(error)
        }
        let changes = survey.changes
        guard changes.isEmpty else {
            let finding: Plan.Finding = survey.entries.contains { $0.pair == nil } ? .missing : .drifted
            return .changes(Plan(changes, finding: finding))
        }
        let kinds = survey.entries.compactMap { $0.pair.map { $0.algorithm.displayName(bits: $0.bits) } }
        return .done("User CA (\(kinds[0])) and host keys (\(kinds.dropFirst().joined(separator: ", "))) in keys/")
    }

    /// Creates, moves, derives and re-modes files until a check finds nothing to do. Throws
    /// (changing nothing more) when a key file cannot be used.
    public func apply(_ context: Context) async throws {
        let directory = context.directory
        let survey = try KeysSurvey(directory, keys: context.keys)
        try AtomicFile.createDirectory(directory.keysDirectory, mode: KeysSurvey.directoryMode)
        try KeyFiles.setMode(directory.keysDirectory, KeysSurvey.directoryMode)
        var userCA: SSHKeyPair?
        for entry in survey.entries {
            let pair = try converge(entry, in: directory, keys: context.keys)
            CrashPoint.reached("keys.after.\(entry.spec.name)")
            if entry.spec == .userCA { userCA = pair }
        }
        guard let userCA else { return }
        try AtomicFile.createDirectory(directory.sshPublicDirectory, mode: 0o755)
        try writePublic(
            userCA.publicKeyLine,
            to: directory.sshPublicDirectory + "/" + InstallKeySpec.userCA.name + ".pub")
        // The step list says what changed; the log keeps the moment it was done.
        context.console.detail("SSH keys ready in \(directory.keysDirectory)")
    }

    /// Brings one key to its final place and modes; returns the key pair now in `keys/`.
    private func converge(
        _ entry: KeysSurvey.Entry, in directory: InstallDirectory, keys: any KeyGenerating
    ) throws -> SSHKeyPair {
        let path = directory.keysDirectory + "/" + entry.spec.name
        let legacyPath = directory.file(entry.spec.name)
        let pair: SSHKeyPair
        switch entry.origin {
        case .generate:
            pair = try keys.generate(entry.spec.algorithm, bits: entry.spec.bits, comment: entry.spec.comment)
            try AtomicFile.write(
                Data(pair.privateKeyFile.value.utf8), to: path, mode: KeysSurvey.privateMode,
                beforeRename: beforeRename)
        case .installed(let existing):
            pair = existing
        case .adopt(let existing, let withPublic):
            pair = existing
            try KeyFiles.setMode(legacyPath, KeysSurvey.privateMode)
            try KeyFiles.move(legacyPath, to: path)
            if withPublic { try KeyFiles.move(legacyPath + ".pub", to: path + ".pub") }
        case .removeDuplicate(let existing, let withPublic):
            pair = existing
            try KeyFiles.remove(legacyPath)
            if withPublic { try KeyFiles.remove(legacyPath + ".pub") }
        }
        if try KeyFiles.mode(path) != KeysSurvey.privateMode {
            try KeyFiles.setMode(path, KeysSurvey.privateMode)
        }
        try writePublic(pair.publicKeyLine, to: path + ".pub")
        return pair
    }

    /// Makes `path` hold the public key of `line` with mode 0644: rewritten when missing or
    /// different, otherwise only its mode is fixed (a different comment is kept).
    private func writePublic(_ line: String, to path: String) throws {
        switch try KeysSurvey.publicState(path, expected: line) {
        case .ok: break
        case .wrongMode: try KeyFiles.setMode(path, KeysSurvey.publicMode)
        case .missing, .mismatch:
            try AtomicFile.write(
                Data(line.utf8), to: path, mode: KeysSurvey.publicMode, beforeRename: beforeRename)
        }
    }
}
