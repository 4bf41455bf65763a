@testable import PomclawCore
import Testing

/// Output split into lines across chunks of any size.
@Suite struct LineSplitterTests {
    private func split(_ chunks: [[UInt8]]) -> [String] {
        var splitter = LineSplitter()
        var lines: [String] = []
        for chunk in chunks {
            lines += chunk.withUnsafeBufferPointer { splitter.feed($0) }
        }
        if let last = splitter.finish() { lines.append(last) }
        return lines
    }

    @Test func linesSplitAcrossChunks() {
        #expect(split([Array("one\ntw".utf8), Array("o\nthr".utf8), Array("ee".utf8)]) == ["one", "two", "three"])
    }

    @Test func carriageReturnsBeforeNewlinesAreDropped() {
        #expect(split([Array("a\r\nb\r".utf8), Array("\n\n".utf8)]) == ["a", "b", ""])
    }

    @Test func aCharacterSplitAcrossChunksStaysWhole() {
        let bytes = Array("héllo ✓\n".utf8)
        #expect(split(bytes.map { [$0] }) == ["héllo ✓"])
    }

    @Test func nothingGivesNoLines() {
        #expect(split([[], []]) == [])
    }
}
