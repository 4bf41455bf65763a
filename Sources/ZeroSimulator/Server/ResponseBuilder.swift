import Foundation
import HTTPTypes
import Hummingbird

/// Encodes simulator answers as HTTP responses with the headers every response carries.
enum ResponseBuilder {
    /// A response with `Content-Type`, `X-Response-Id` (zero-api.md §2: the SDK's cluster API
    /// sends it; assumed for `/api/v0`) and, when given, `Retry-After`.
    static func make(status: Int, text: String?, contentType: String = "application/json", retryAfter: String? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[HTTPField.Name("X-Response-Id")!] = SimID.random(count: 20)
        if let retryAfter {
            headers[HTTPField.Name("Retry-After")!] = retryAfter
        }
        let body = text.map { ResponseBody(byteBuffer: ByteBuffer(string: $0)) } ?? ResponseBody()
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: body)
    }

    /// A handler's answer.
    static func make(_ response: APIResponse) -> Response {
        make(status: response.status, text: response.body?.text)
    }

    /// An error answer shaped by the `errorStyle` knob.
    static func error(_ error: SimError, style: Knobs.ErrorStyle, retryAfter: String? = nil) -> Response {
        switch style {
        case .errorField:
            make(status: error.status, text: JSON.object(["error": .string(error.message)]).text, retryAfter: retryAfter)
        case .messageField:
            make(status: error.status, text: JSON.object(["message": .string(error.message)]).text, retryAfter: retryAfter)
        case .plainText:
            make(status: error.status, text: error.message, contentType: "text/plain; charset=utf-8", retryAfter: retryAfter)
        }
    }
}
