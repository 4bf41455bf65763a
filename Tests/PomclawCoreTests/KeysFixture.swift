import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

/// An install directory in a temporary folder, with helpers to look at and tamper with the
/// files the keys step manages.
struct KeysFixture {
    let temporary: TemporaryDirectory
    let directory: InstallDirectory
    let generator = CachingKeyGenerator()
    let console = FakeConsole()

    init() throws {
        temporary = try TemporaryDirectory("pomclaw-keys")
        directory = InstallDirectory(temporary.path)
    }

    /// A context with the caching real generator, or `keys` when given.
    func context(keys: (any KeyGenerating)? = nil) -> Context {
        .fake(directory: directory.path, console: console, keys: keys ?? generator)
    }

    /// A context whose generator fails the test if asked to generate (reads are real).
    func readOnlyContext() -> Context {
        context(keys: FakeKeys(read: { try OpenSSLKeyGenerator().read(privateKeyFile: $0) }))
    }

    func key(_ name: String) -> String { directory.keysDirectory + "/" + name }
    func root(_ name: String) -> String { directory.file(name) }
    var installedCA: String { directory.sshPublicDirectory + "/pomerium_user_ca_key.pub" }

    func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }
    func text(_ path: String) -> String? { contents(path).map { String(decoding: $0, as: UTF8.self) } }

    func mode(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
    }

    func setMode(_ path: String, _ mode: mode_t) { chmod(path, mode) }

    func write(_ text: String, to path: String, mode: mode_t = 0o600) throws {
        try AtomicFile.write(Data(text.utf8), to: path, mode: mode)
    }

    /// Writes `pair` as `<path>` and, unless `publicFile` is false, `<path>.pub`.
    func write(_ pair: SSHKeyPair, at path: String, mode: mode_t = 0o600, publicFile: Bool = true) throws {
        try write(pair.privateKeyFile.value, to: path, mode: mode)
        if publicFile { try write(pair.publicKeyLine, to: path + ".pub", mode: 0o644) }
    }

    /// Every file name in `keys/`.
    var keysListing: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.keysDirectory)) ?? []).sorted()
    }

    /// Every path under the install directory with its bytes (directories as `<dir>`), to
    /// prove no content changed.
    func snapshot() -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        while let relative = enumerator?.nextObject() as? String {
            let path = directory.file(relative)
            result[relative] = contents(path) ?? Data("<dir>".utf8)
        }
        return result
    }

    /// Runs check, apply, check and expects the step to converge.
    func converge(_ step: KeysStep = KeysStep(), context: Context? = nil) async throws {
        let context = context ?? self.context()
        try await step.apply(context)
        let after = try await step.check(context)
        guard case .done = after else {
            Issue.record("not converged: \(after)")
            return
        }
    }

    func remove() { temporary.remove() }
}
