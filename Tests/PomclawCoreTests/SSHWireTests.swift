@testable import PomclawCore
import Testing

@Suite struct SSHWireTests {
    @Test func writesUInt32AndStringsBigEndianWithLengthPrefix() {
        var writer = SSHWireWriter()
        writer.uint32(0x0102_0304)
        writer.string("ab")
        writer.string([UInt8]())
        #expect(writer.bytes == [1, 2, 3, 4, 0, 0, 0, 2, 0x61, 0x62, 0, 0, 0, 0])
    }

    @Test(arguments: [
        ([UInt8](), [UInt8]([0, 0, 0, 0])),
        ([0, 0], [0, 0, 0, 0]),
        ([0x7f], [0, 0, 0, 1, 0x7f]),
        ([0x80], [0, 0, 0, 2, 0, 0x80]),
        ([0, 0, 0x01, 0x00], [0, 0, 0, 2, 1, 0]),
        ([0xff, 0x01], [0, 0, 0, 3, 0, 0xff, 0x01]),
    ])
    func writesMinimalPositiveMPInts(magnitude: [UInt8], encoded: [UInt8]) {
        var writer = SSHWireWriter()
        writer.mpint(magnitude)
        #expect(writer.bytes == encoded)
    }

    @Test func readsBackWhatWasWritten() throws {
        var writer = SSHWireWriter()
        writer.uint32(7)
        writer.string("ssh-rsa")
        writer.mpint([0x80, 1])
        writer.mpint([])
        var reader = SSHWireReader(writer.bytes, part: "test")
        #expect(try reader.uint32("n") == 7)
        #expect(try reader.text("type") == "ssh-rsa")
        #expect(try reader.mpint("big") == [0x80, 1])
        #expect(try reader.mpint("zero") == [])
        #expect(reader.isAtEnd)
    }

    @Test func truncationNamesTheFieldAndPart() {
        var reader = SSHWireReader([0, 0, 0, 9, 1, 2], part: "outer section")
        #expect(throws: SSHKeyFileError.truncated(field: "public key in the outer section")) {
            try reader.string("public key")
        }
        var short = SSHWireReader([0, 0], part: "private section")
        #expect(throws: SSHKeyFileError.truncated(field: "length of comment in the private section")) {
            try short.string("comment")
        }
        var huge = SSHWireReader([0xff, 0xff, 0xff, 0xff, 1], part: "p")
        #expect(throws: SSHKeyFileError.truncated(field: "blob in the p")) { try huge.string("blob") }
    }

    @Test func rejectsNegativeAndNonMinimalMPInts() {
        var negative = SSHWireReader([0, 0, 0, 1, 0x80], part: "p")
        #expect(throws: SSHKeyFileError.malformed("the n in the p is negative")) {
            try negative.mpint("n")
        }
        var padded = SSHWireReader([0, 0, 0, 2, 0, 0x7f], part: "p")
        #expect(throws: SSHKeyFileError.malformed("the n in the p has a needless leading zero")) {
            try padded.mpint("n")
        }
    }

    @Test func rejectsTextThatIsNotUTF8() {
        var reader = SSHWireReader([0, 0, 0, 1, 0xff], part: "p")
        #expect(throws: SSHKeyFileError.malformed("the comment in the p is not UTF-8 text")) {
            try reader.text("comment")
        }
    }
}
