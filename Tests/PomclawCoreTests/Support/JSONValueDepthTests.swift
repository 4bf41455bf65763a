import Foundation
import PomclawCore
import Testing

/// Documents nested deeper than `JSONValue.maximumDepth` are refused rather than decoded: a
/// broken or hostile answer nested hundreds deep used to cost seconds and hundreds of MB.
struct JSONValueDepthTests {
    /// `levels` nested arrays around one number.
    static func nested(_ levels: Int) -> Data {
        Data((String(repeating: "[", count: levels) + "1" + String(repeating: "]", count: levels)).utf8)
    }

    @Test func aDocumentJustWithinTheLimitDecodes() throws {
        var value = try JSONValue.parse(Self.nested(JSONValue.maximumDepth - 1))
        var depth = 0
        while case .array(let items) = value, let first = items.first {
            value = first
            depth += 1
        }
        #expect(depth == JSONValue.maximumDepth - 1)
        #expect(value == .number(1))
    }

    @Test(arguments: [JSONValue.maximumDepth, 300, 5_000])
    func aDeeperDocumentIsRefused(levels: Int) {
        #expect(throws: DecodingError.self) { try JSONValue.parse(Self.nested(levels)) }
    }

    /// Unknown fields of an API object are JSONValues too: the limit holds inside them.
    @Test func theLimitHoldsInsideAnObjectsUnknownField() {
        struct Holder: Decodable { var extra: JSONValue }
        let deep = "{\"extra\":" + String(decoding: Self.nested(JSONValue.maximumDepth), as: UTF8.self) + "}"
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Holder.self, from: Data(deep.utf8)) }
        let fine = "{\"extra\":" + String(decoding: Self.nested(10), as: UTF8.self) + "}"
        #expect((try? JSONDecoder().decode(Holder.self, from: Data(fine.utf8))) != nil)
    }
}
