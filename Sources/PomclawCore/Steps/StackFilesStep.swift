import Foundation

/// Keeps the compose stack's files in the install directory: `compose.yaml` and the gateway
/// image's `docker/openclaw/` as this pomclaw ships them.
///
/// A missing file is written. A file pomclaw wrote earlier (its SHA-256 is on record in
/// `.pomclaw/state.json`) is replaced by this version without asking, as after an upgrade. A
/// file that differs from anything pomclaw wrote was edited by someone: replacing it needs
/// confirmation, and the edited copy is kept beside it as `<name>.orig`.
public struct StackFilesStep: Step {
    public let id = "stack-files"
    public let title = "Stack files"
    private let files: [StackFile]

    public init(files: [StackFile] = StackFiles.all) {
        self.files = files
    }

    public func check(_ context: Context) async throws -> CheckResult {
        let recorded = InstallState.read(context.directory).stackFiles ?? [:]
        var changes: [String] = []
        var edited: [String] = []
        var missing = false
        for file in files {
            let path = context.directory.file(file.path)
            guard let data = FileManager.default.contents(atPath: path) else {
                changes.append("write \(file.path)")
                missing = true
                continue
            }
            let current = SHA256.hex(Array(data))
            if current != file.sha256 {
                if recorded[file.path] == current {
                    changes.append("update \(file.path) to this pomclaw's version")
                } else {
                    changes.append("replace \(file.path) with this pomclaw's version (yours is kept as \(file.path).orig)")
                    edited.append(file.path)
                }
            } else if Self.mode(path) != file.mode {
                changes.append("set the mode of \(file.path) to \(String(file.mode, radix: 8))")
            }
        }
        if changes.isEmpty {
            return .done(files.map(\.path).joined(separator: ", "))
        }
        let confirmation = edited.isEmpty
            ? nil
            : "\(edited.joined(separator: ", ")) differ\(edited.count == 1 ? "s" : "") from what pomclaw installed: "
                + "someone edited \(edited.count == 1 ? "it" : "them"). Settings belong in .env (see .env.example)."
        return .changes(Plan(changes, confirmation: confirmation, finding: missing ? .missing : .drifted))
    }

    public func apply(_ context: Context) async throws {
        var state = InstallState.read(context.directory)
        var recorded = state.stackFiles ?? [:]
        for file in files {
            let path = context.directory.file(file.path)
            let folder = (path as NSString).deletingLastPathComponent
            try AtomicFile.createDirectory(folder, mode: 0o755)
            if let data = FileManager.default.contents(atPath: path) {
                let current = SHA256.hex(Array(data))
                if current == file.sha256 {
                    if Self.mode(path) != file.mode { chmod(path, mode_t(file.mode)) }
                    recorded[file.path] = file.sha256
                    continue
                }
                if recorded[file.path] != current {
                    try AtomicFile.write(data, to: path + ".orig", mode: mode_t(Self.mode(path) ?? 0o644))
                }
            }
            try AtomicFile.write(Data(file.contents.utf8), to: path, mode: mode_t(file.mode))
            recorded[file.path] = file.sha256
        }
        state.stackFiles = recorded
        try state.write(context.directory)
    }

    private static func mode(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_mode & 0o7777)
    }
}
