import Testing

@testable import PomclawCore

@Suite struct ResponseHeaderCollectorTests {
    @Test func lowercasesNamesTrimsValuesAndKeepsTheLastValue() {
        var collector = ResponseHeaderCollector()
        for line in ["HTTP/1.1 200 OK\r\n", "Content-Type:  application/json \r\n", "X-A: 1\r\n", "x-a: 2\r\n", "\r\n"] {
            collector.take(line: line)
        }
        #expect(collector.headers == ["content-type": "application/json", "x-a": "2"])
    }

    @Test func aStatusLineDiscardsEarlierResponses() {
        var collector = ResponseHeaderCollector()
        for line in [
            "HTTP/1.1 200 Connection established\r\n", "Proxy-Agent: p\r\n", "\r\n",
            "HTTP/1.1 100 Continue\r\n", "X-Interim: yes\r\n", "\r\n",
            "HTTP/2 201\r\n", "location: /x\r\n", "\r\n",
        ] {
            collector.take(line: line)
        }
        #expect(collector.headers == ["location": "/x"])
    }

    @Test func ignoresContinuationAndMalformedLines() {
        var collector = ResponseHeaderCollector()
        for line in ["HTTP/1.1 200 OK\r\n", "X-Folded: a\r\n", " continued\r\n", "\tmore\r\n", "no colon here\r\n", ": empty name\r\n"] {
            collector.take(line: line)
        }
        #expect(collector.headers == ["x-folded": "a"])
    }

    @Test func keepsColonsInValuesAndEmptyValues() {
        var collector = ResponseHeaderCollector()
        collector.take(line: "Date: Wed, 25 Nov 2026 19:00:00 GMT\r\n")
        collector.take(line: "X-Empty:\r\n")
        collector.take(line: "X-Bare: value")
        #expect(collector.headers == ["date": "Wed, 25 Nov 2026 19:00:00 GMT", "x-empty": "", "x-bare": "value"])
    }
}
