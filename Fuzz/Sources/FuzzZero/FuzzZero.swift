// Fuzzes how pomclaw reads Pomerium Zero API responses: every call `ZeroClient` makes is
// answered with the fuzzed body through an in-memory transport, so the whole path runs (token
// exchange, decoding, retries of malformed reads, error construction and scrubbing).
//
// Input: byte 0 selects the call (see `Call`), byte 1 the HTTP status of an error answer,
// byte 2 whether the first line of the rest is sent as the `x-response-id` and `Retry-After`
// headers; the rest is the body. Properties that fail crash the process:
// - a decoded answer holds only what the API documents (ids set, the namespace asked for …);
// - a failure is a `ZeroAPIError` whose call, server message and response id contain no
//   token pomclaw knows (the API token, an ID token issued) and no control character other
//   than line feed and tab, and whose server message is cut to its limit.
import CLibFuzzer
import Foundation
import PomclawCore

private let apiToken = "pomclaw-fuzz-api-token-0123"
private let idToken = "pomclaw-fuzz-id-token-4567"
private let organizationID = "orgFuzz1"
private let namespaceID = "nsFuzz1"
private var goodGrant: Data { Data(#"{"idToken":"pomclaw-fuzz-id-token-4567","expiresInSeconds":"3600"}"#.utf8) }
private var goodOrganizations: Data { Data(#"[{"id":"orgFuzz1","name":"Personal"}]"#.utf8) }

private enum Call: UInt8, CaseIterable {
    case tokenExchange, organizations, clusters, clusterSettings, patchSettings, policies,
        routes, createPolicy, createRoute, updatePolicy, updateRoute, deletePolicy,
        errorAnswer, tokenExchangeError
}

private let errorStatuses = [400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504, 418, 301, 200]

private struct FixedTime: Timekeeper {
    var now: Date { Date(timeIntervalSince1970: 1_790_000_000) }
    func sleep(seconds: Double) async throws {
        if !seconds.isFinite || seconds < 0 { fatalError("property failed: slept \(seconds) s") }
    }
}

/// Answers `POST /token` with `token` and everything else with `api`; records the bearer
/// tokens it is sent.
private final class FuzzTransport: HTTPTransport, @unchecked Sendable {
    let token: HTTPResponse
    let api: HTTPResponse
    private let lock = NSLock()
    private var bearers: [String] = []

    init(token: HTTPResponse, api: HTTPResponse) {
        self.token = token
        self.api = api
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if request.url.path.hasSuffix("/token") { return token }
        for header in request.headers where header.name == "Authorization" {
            let bearer = String(header.value.dropFirst("Bearer ".count))
            lock.withLock { bearers.append(bearer) }
        }
        return api
    }

    var seenBearers: [String] { lock.withLock { bearers } }
}

private final class Outcome: @unchecked Sendable {
    var error: (any Error)?
}

private func check(_ condition: @autoclosure () -> Bool, _ what: String) {
    if !condition() { fatalError("property failed: \(what)") }
}

@main
enum FuzzZeroMain {
    static func main() {
        warmUp()
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, { data, size in fuzzZero(data, size) }))
    }
}

/// Runs every call once before fuzzing, so that caches the runtime and Foundation fill on first
/// use (formatters, regexes, metadata) are not mistaken for leaks of a fuzzed input.
private func warmUp() {
    let body = Array(("Wed, 21 Oct 2026 07:28:00 GMT\n"
        + #"{"error":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln -----BEGIN OPENSSH PRIVATE KEY-----\nAAAA"}"#).utf8)
    for call in 0..<UInt8(Call.allCases.count) {
        let input = [call, 6, 1 | (call << 1)] + body
        _ = input.withUnsafeBufferPointer { fuzzZero($0.baseAddress, $0.count) }
    }
}

private func fuzzZero(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard size >= 3, let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let call = Call.allCases[Int(bytes[0]) % Call.allCases.count]
    let status = errorStatuses[Int(bytes[1]) % errorStatuses.count]
    var rest = bytes[3...]
    var headers: [String: String] = [:]
    if bytes[2] & 1 == 1 {
        let line = rest.prefix { $0 != 0x0A }
        let value = String(decoding: line, as: UTF8.self)
        headers = ["x-response-id": value, "retry-after": value]
        rest = rest.dropFirst(line.count + 1)
    }
    let fuzzed = HTTPResponse(
        status: call == .errorAnswer || call == .tokenExchangeError ? status : 200,
        headers: headers, body: Data(rest))
    let (error, bearers) = run(call, bytes, fuzzed)
    if let error {
        checkError(error, secrets: [apiToken] + bearers)
    }
    return 0
}

/// Runs the call on a fresh client and returns its error and the bearer tokens sent. Returns
/// only once the task has released the client, so that nothing of this input is still alive
/// when libFuzzer looks for leaks.
private func run(_ call: Call, _ bytes: [UInt8], _ fuzzed: HTTPResponse)
    -> (error: (any Error)?, bearers: [String])
{
    weak var watchedTransport: FuzzTransport?
    weak var watchedOutcome: Outcome?
    let result: (error: (any Error)?, bearers: [String])
    do {
        let transport: FuzzTransport
        switch call {
        case .tokenExchange, .tokenExchangeError:
            transport = FuzzTransport(token: fuzzed, api: HTTPResponse(status: 200, body: goodOrganizations))
        default:
            transport = FuzzTransport(token: HTTPResponse(status: 200, body: goodGrant), api: fuzzed)
        }
        let client = ZeroClient(
            baseURL: URL(string: "https://console.pomerium.example/api/v0")!, apiToken: Secret(apiToken),
            transport: transport, time: FixedTime(),
            retryPolicy: ZeroRetryPolicy(maxAttempts: 2, initialDelay: 0, maxDelay: 0, retryAfterCap: 1),
            jitter: { $0.lowerBound })
        let selector = call == .errorAnswer ? Call.allCases[Int(bytes[2] >> 1) % 12] : call
        let outcome = Outcome()
        watchedTransport = transport
        watchedOutcome = outcome
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await exercise(selector, client)
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        result = (outcome.error, transport.seenBearers)
    }
    while watchedTransport != nil || watchedOutcome != nil { usleep(20) }
    return result
}

private func exercise(_ call: Call, _ client: ZeroClient) async throws {
    let body: JSONObject = ["name": "openclaw", "namespaceId": .string(namespaceID)]
    switch call {
    case .tokenExchange, .tokenExchangeError, .organizations, .errorAnswer:
        for organization in try await client.organizations() {
            check(!organization.id.isEmpty && organization.id != "null", "organization without id")
        }
    case .clusters:
        let clusters = try await client.clusters(organizationID: organizationID)
        for cluster in clusters {
            check(!cluster.id.isEmpty && cluster.id != "null", "cluster without id")
            check(cluster.organizationID == organizationID, "cluster of another organization")
        }
        if let first = clusters.first {
            let found = try ClusterPicker.match(domain: first.fqdn, in: clusters)
            check(!found.id.isEmpty, "picked a cluster without id")
        }
    case .clusterSettings:
        _ = try await client.clusterSettings(organizationID: organizationID, clusterID: "clFuzz1")
    case .patchSettings:
        _ = try await client.patchClusterSettingsAnswer(
            organizationID: organizationID, clusterID: "clFuzz1",
            operations: [JSONPatchOperation(.replace, "/sshAddress", "ssh.example.com:22")])
    case .policies:
        // Items without a namespace are kept: the list was asked for this namespace, and
        // working clients do not filter (zero-api-audit.md §7 R3).
        for policy in try await client.policies(organizationID: organizationID, namespaceID: namespaceID) {
            check(ofThisNamespace(policy["namespaceId"]), "policy of another namespace")
        }
    case .routes:
        for route in try await client.routes(organizationID: organizationID, namespaceID: namespaceID) {
            check(ofThisNamespace(route["namespaceId"]), "route of another namespace")
        }
    case .createPolicy:
        let created = try await client.createPolicy(organizationID: organizationID, body: body)
        check(created["id"]?.stringValue.map { !$0.isEmpty } == true, "created policy without id")
    case .createRoute:
        let created = try await client.createRoute(organizationID: organizationID, body: body)
        check(created["id"]?.stringValue.map { !$0.isEmpty } == true, "created route without id")
    case .updatePolicy:
        _ = try await client.updatePolicy(organizationID: organizationID, id: "polFuzz1", body: body)
    case .updateRoute:
        _ = try await client.updateRoute(organizationID: organizationID, id: "rtFuzz1", body: body)
    case .deletePolicy:
        try await client.deletePolicy(organizationID: organizationID, id: "polFuzz1")
    }
}

/// A list item's `namespaceId`: this namespace's, or none at all.
private func ofThisNamespace(_ value: JSONValue?) -> Bool {
    guard let value, value != .null else { return true }
    return [namespaceID, "", "null"].contains(value.stringValue ?? namespaceID)
}

private func checkError(_ error: any Error, secrets: [String]) {
    if error is PomclawError { return }  // ClusterPicker: no cluster matched
    guard let error = error as? ZeroAPIError else {
        fatalError("property failed: not a ZeroAPIError: \(type(of: error))")
    }
    check(!error.nextAction.isEmpty, "an error without a next action")
    check(error.attempts >= 1 && error.attempts <= 4, "\(error.attempts) attempts")
    let parts = [error.call, error.serverMessage ?? "", error.responseID ?? ""]
    for part in parts {
        let bytes = Array(part.utf8)
        for secret in Set(secrets) where secret.utf8.count >= 12 && !secret.contains("<redacted>") {
            check(!contains(bytes, Array(secret.utf8)), "a token appears in an error")
        }
        check(
            !part.unicodeScalars.contains { $0 != "\n" && $0 != "\t" && $0.properties.generalCategory == .control },
            "a control character in an error")
    }
    if let message = error.serverMessage {
        check(message.count <= 2048 + "… (truncated)".count, "server message of \(message.count) characters")
        check(!message.isEmpty, "empty server message")
    }
    _ = error.description
}

private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
    return (0...(haystack.count - needle.count)).contains { start in
        haystack[start..<(start + needle.count)].elementsEqual(needle)
    }
}
