// Fuzzes the `.env` reader and writer with arbitrary bytes (non-UTF-8, NUL, CR, BOM …).
//
// Each input is read the way pomclaw reads a user's `.env` (`DotEnvFile.read(from:)` on a real
// file), and its lossy UTF-8 decoding is parsed as well so invalid bytes still reach the
// parser. Properties that fail crash the process, so libFuzzer keeps the input:
// - reading fails exactly when the bytes are not UTF-8, and the error never quotes the content;
// - rendering an untouched document gives back the parsed text byte for byte (BOM aside);
// - re-parsing the rendering gives the same values;
// - every value pomclaw agrees to write (`setting`, `DotEnvQuoting.encode`) reads back as that
//   value, without warnings, and leaves every other key's value as it was.
import CLibFuzzer
import Foundation
import PomclawCore

private let scratchPath: String = {
    let directory = ProcessInfo.processInfo.environment["POMCLAW_FUZZ_SCRATCH"]
        ?? NSTemporaryDirectory()
    return (directory as NSString).appendingPathComponent("fuzz-dotenv-\(getpid()).env")
}()

private func check(_ condition: @autoclosure () -> Bool, _ what: String) {
    if !condition() { fatalError("property failed: \(what)") }
}

@main
enum FuzzDotEnvMain {
    static func main() {
        warmUp()
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, { data, size in fuzzDotEnv(data, size) }))
    }
}

/// First use of the scratch path and of the runtime's caches, outside any fuzzed input (so they
/// are not reported as its leaks).
private func warmUp() {
    let input = Array("\u{FEFF}export A='1' # c\r\nB=\"x\\n$y\"\nC=${D}\n\u{FF}".utf8)
    _ = input.withUnsafeBufferPointer { fuzzDotEnv($0.baseAddress, $0.count) }
}

private func fuzzDotEnv(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    readThroughFile(bytes)
    let text = String(decoding: bytes, as: UTF8.self)
    checkDocument(text)
    checkEncoding(of: text)
    return 0
}

/// The file path pomclaw uses: UTF-8 or an error naming the path and never the content.
private func readThroughFile(_ bytes: [UInt8]) {
    let fd = open(scratchPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    guard fd >= 0, written == bytes.count, close(fd) == 0 else {
        fatalError("cannot write \(scratchPath)")
    }
    defer { unlink(scratchPath) }
    let valid = String(validating: bytes, as: UTF8.self)
    do {
        let document = try DotEnvFile.read(from: scratchPath)
        check(valid != nil, "read accepted bytes that are not UTF-8")
        if let valid { check(document == DotEnvFile(parsing: valid), "read differs from parsing") }
    } catch let error as PomclawError {
        check(valid == nil, "read rejected UTF-8 text: \(error)")
        check(error.message.contains(scratchPath), "the error does not name the file")
        check(!error.message.hasSuffix("\n"), "the error ends in a line break")
    } catch {
        fatalError("read threw something other than PomclawError: \(error)")
    }
}

private func checkDocument(_ text: String) {
    let document = DotEnvFile(parsing: text)
    var body = Substring(text)
    if document.hadByteOrderMark { body = Substring(body.unicodeScalars.dropFirst()) }
    check(Array(document.rendered.utf8) == Array(body.utf8), "rendering is not the parsed text")
    check(document.lineEnding == "\n" || document.lineEnding == "\r\n", "odd line ending")
    for warning in document.warnings {
        check(warning.line >= 1, "warning line \(warning.line) < 1")
    }

    let values = document.values
    if !document.rendered.unicodeScalars.starts(with: ["\u{FEFF}"]) {
        check(DotEnvFile(parsing: document.rendered).values == values, "re-parsing changes values")
    }

    // Setting a key to the value it has, or to another key's value, or adding a new key.
    let keys = values.keys.sorted()
    let someValue = keys.first.flatMap { values[$0] } ?? text
    for key in keys.prefix(4) {
        if let value = values[key] { checkSetting(document, key, value) }
        checkSetting(document, key, someValue)
    }
    checkSetting(document, "POMCLAW_FUZZ_NEW", someValue, comment: String(text.prefix(40)))
    for key in keys.prefix(2) {
        let removed = document.removing(key)
        var expected = values
        expected[key] = nil
        check(removed.values == expected, "removing \(key) changes other values")
    }
}

/// `setting` either refuses, or yields a document whose text reads back with `key` = `value`
/// and every other value unchanged.
private func checkSetting(_ document: DotEnvFile, _ key: String, _ value: String, comment: String? = nil) {
    guard let updated = try? document.setting(key, value, comment: comment) else { return }
    var expected = document.values
    expected[key] = value
    check(updated.values == expected, "setting \(key) gives other values in memory")
    let reread = DotEnvFile(parsing: updated.rendered)
    check(reread.values == expected, "setting \(key) does not read back from the written text")
    let again = try? updated.setting(key, value, comment: comment)
    check(again == updated, "setting \(key) twice is not idempotent")
}

/// Whatever `encode` accepts reads back as the same value, with no warning.
private func checkEncoding(of text: String) {
    for value in [text, String(text.prefix(64)), text.split(separator: "\n").first.map(String.init) ?? ""] {
        guard let encoded = try? DotEnvQuoting.encode(value, key: "K") else { continue }
        let parsed = DotEnvFile(parsing: "K=\(encoded)\n")
        check(parsed.values == ["K": value], "an encoded value does not read back")
        check(parsed.warnings.isEmpty, "an encoded value gets a warning")
        // An empty unquoted value before ` #` would read the comment (the writer quotes it).
        if encoded.isEmpty { continue }
        let exported = DotEnvFile(parsing: "export K = \(encoded) # note\r\n")
        check(exported.values == ["K": value], "an encoded value with export and a comment does not read back")
    }
}
