import Foundation
import PomclawCore
import PomclawTestSupport
import Testing

@Suite struct RunLockTests {
    @Test func aSecondRunIsRefusedAtOnceNamingTheFirst() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let install = InstallDirectory(directory.path)
        var first: RunLock? = try RunLock.acquire(install, command: "install")
        #expect(first != nil)
        do {
            _ = try RunLock.acquire(install, command: "reset")
            Issue.record("the second run got the lock")
        } catch let error as PomclawError {
            #expect(error.message.contains("Another pomclaw is changing this install right now (pid \(getpid()) running pomclaw install since"))
            #expect(error.nextAction.contains("Wait for it to finish"))
        }
        first = nil
        let second = try RunLock.acquire(install, command: "reset")
        let record = try String(contentsOfFile: second.path, encoding: .utf8)
        #expect(record.hasPrefix("pid \(getpid()) running pomclaw reset since"))
    }

    @Test func aLockFileLeftByADeadRunIsTakenOver() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let install = InstallDirectory(directory.path)
        try FileManager.default.createDirectory(atPath: directory.file(".pomclaw"), withIntermediateDirectories: false)
        try Data("pid 999999 running pomclaw install since 2026-01-01T00:00:00Z\n".utf8)
            .write(to: URL(fileURLWithPath: RunLock.path(install)))
        let lock = try RunLock.acquire(install, command: "install")
        let record = try String(contentsOfFile: lock.path, encoding: .utf8)
        #expect(record.hasPrefix("pid \(getpid()) "))
        #expect(!record.contains("999999"))
        let attributes = try FileManager.default.attributesOfItem(atPath: lock.path)
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o077 } == 0)
    }

    /// Before it reads anything (even the image, beside the cluster lookup), install looks
    /// whether another run holds the lock, without creating the lock file or its folder.
    @Test func aHeldLockIsSeenWithoutCreatingAnything() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let install = InstallDirectory(directory.file("fresh"))
        try RunLock.refuseIfHeld(install)
        #expect(!FileManager.default.fileExists(atPath: install.path), "looking created the install directory")

        var holder: RunLock? = try RunLock.acquire(install, command: "install")
        #expect(holder != nil)
        do {
            try RunLock.refuseIfHeld(install)
            Issue.record("a held lock was not seen")
        } catch let error as PomclawError {
            #expect(error.message.contains("Another pomclaw is changing this install right now (pid \(getpid()) running pomclaw install since"))
        }
        holder = nil
        try RunLock.refuseIfHeld(install)
        // Looking leaves the lock free for the run that takes it.
        _ = try RunLock.acquire(install, command: "install")
    }
}
