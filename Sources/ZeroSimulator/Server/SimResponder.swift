import Foundation
import Hummingbird

/// The HTTP entry point: records the request, applies injected faults, runs the API.
struct SimResponder: HTTPResponder {
    typealias Context = SimRequestContext

    let core: SimCore

    /// Longest injected latency, in seconds.
    static let maximumLatency = 60.0

    func respond(to request: Request, context: SimRequestContext) async throws -> Response {
        let method = request.method.rawValue.uppercased()
        let path = request.uri.path
        let buffer = try await request.body.collect(upTo: 8 << 20)
        let body = Data(buffer.readableBytesView)
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName.lowercased()
            let value = name == "authorization" ? Self.redacted(field.value) : field.value
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
        }
        let logIndex = core.record(RecordedRequest(
            method: method, path: path, query: request.uri.query, headers: headers,
            body: String(decoding: body, as: UTF8.self), status: nil, faults: []
        ))
        let actions = core.takeFaults(method: method, path: path)
        core.update(logIndex) { $0.faults = actions }

        let apiRequest = APIRequest(
            method: method,
            segments: Self.segments(path),
            query: QueryString(request.uri.query),
            authorization: request.headers[.authorization],
            contentType: request.headers[.contentType],
            body: body
        )
        let response = try await answer(apiRequest, isAPI: path.hasPrefix(SimAPI.prefix + "/"), actions: actions, context: context)
        core.update(logIndex) { $0.status = response.status.code }
        return response
    }

    private func answer(
        _ request: APIRequest, isAPI: Bool, actions: [FaultAction], context: SimRequestContext
    ) async throws -> Response {
        let knobs = core.state.withLock { $0.knobs }
        if knobs.requestLatency > 0 {
            let bounded = min(knobs.requestLatency, Self.maximumLatency)
            try await Task.sleep(nanoseconds: UInt64(bounded * 1_000_000_000))
        }
        for action in actions {
            switch action {
            case .latency(let seconds):
                let bounded = min(max(seconds, 0), Self.maximumLatency)
                try await Task.sleep(nanoseconds: UInt64(bounded * 1_000_000_000))
            case .expireIDToken:
                if let token = Authenticator.bearerToken(request, knobs: knobs) { core.expire(idToken: token) }
            case .dropBeforeChange:
                try await drop(context)
            case .status(let code, let retryAfter, let text):
                if let text { return ResponseBuilder.make(status: code, text: text, retryAfter: retryAfter) }
                return ResponseBuilder.error(SimError(status: code, message: "injected \(code)"), style: knobs.errorStyle,
                                             retryAfter: retryAfter)
            case .answer(let code, let contentType, let text):
                return ResponseBuilder.make(status: code, text: text, contentType: contentType)
            case .dropAfterChange, .truncateAfterChange, .malformedJSON, .nullBody:
                continue
            }
        }
        guard isAPI else { return ResponseBuilder.error(.notFound("not found"), style: knobs.errorStyle) }
        let result = core.process(request)
        if actions.contains(.dropAfterChange) { try await drop(context) }
        if actions.contains(.truncateAfterChange) { return truncated(result, knobs: knobs, context: context) }
        switch result {
        case .failure(let error):
            return ResponseBuilder.error(error, style: core.state.withLock { $0.knobs.errorStyle })
        case .success(let response):
            if actions.contains(.malformedJSON) {
                return ResponseBuilder.make(status: 200, text: "{\"id\": \"b")
            }
            if actions.contains(.nullBody) {
                return ResponseBuilder.make(status: response.status, text: "null")
            }
            return ResponseBuilder.make(response)
        }
    }

    /// A response whose body stops halfway, after which the connection is closed.
    private func truncated(_ result: Result<APIResponse, SimError>, knobs: Knobs, context: SimRequestContext) -> Response {
        let full: Response
        let text: String
        switch result {
        case .success(let response):
            full = ResponseBuilder.make(response)
            text = response.body?.text ?? "{}"
        case .failure(let error):
            full = ResponseBuilder.error(error, style: knobs.errorStyle)
            text = JSON.object(["error": .string(error.message)]).text
        }
        let bytes = Array(text.utf8)
        let half = bytes.prefix(max(1, bytes.count / 2))
        let channel = context.channel
        let body = ResponseBody(contentLength: bytes.count) { writer in
            try await writer.write(ByteBuffer(bytes: half))
            try? await channel.close().get()
            throw ConnectionDropped()
        }
        return Response(status: full.status, headers: full.headers, body: body)
    }

    /// Closes the client connection without a response.
    private func drop(_ context: SimRequestContext) async throws -> Never {
        try? await context.channel.close().get()
        throw ConnectionDropped()
    }

    /// Path segments after `/api/v0`, empty segments removed.
    private static func segments(_ path: String) -> [String] {
        guard path.hasPrefix(SimAPI.prefix + "/") else { return [] }
        return path.dropFirst(SimAPI.prefix.count).split(separator: "/").map {
            String($0).removingPercentEncoding ?? String($0)
        }
    }

    /// `Bearer <redacted>` keeping only the scheme, or `<redacted>`.
    private static func redacted(_ value: String) -> String {
        let parts = value.split(separator: " ", maxSplits: 1)
        return parts.count == 2 ? "\(parts[0]) <redacted>" : "<redacted>"
    }
}
