/// The one next thing to do after each kind of Zero API failure, and whether trying again
/// later may help.
extension ZeroAPIError {
    /// After the API token was rejected.
    public static let newTokenAction =
        "Generate a new API token at https://console.pomerium.app/app/management/api-tokens and re-run pomclaw."
    /// After 5xx answers, timeouts and dropped connections.
    public static let unavailableAction =
        "Pomerium Zero seems unavailable; wait a minute and re-run pomclaw — it resumes where it stopped."
    /// After connections that could not be made or were dropped.
    public static let unreachableAction =
        "Check this machine's network, DNS and proxy settings (https_proxy, no_proxy) for console.pomerium.app, then re-run pomclaw — it resumes where it stopped."
    /// After 429 answers.
    public static let rateLimitedAction =
        "Pomerium Zero is rate-limiting this API token; wait a minute and re-run pomclaw — it resumes where it stopped."
    /// After a 2xx answer pomclaw could not read.
    public static let malformedAction =
        "Pomerium Zero sent an answer pomclaw does not understand; re-run pomclaw in a few minutes, and if it keeps happening report it with the x-response-id above."

    /// After a 2xx answer that was an HTML page: something other than the API answered.
    public static let htmlPageAction =
        "Something other than the Pomerium Zero API answered with a web page (a proxy, a captive portal, or POMCLAW_ZERO_API pointing elsewhere); check POMCLAW_ZERO_API and the proxy settings (https_proxy, no_proxy), then re-run pomclaw."

    /// The title of `response` when it is an HTML page (`Content-Type: text/html`, or a body
    /// that starts like one): empty when it has none, nil when it is not HTML. An HTML page is
    /// described by its title, never shown: it is long, multi-line and not the API's words.
    static func htmlPage(_ response: HTTPResponse) -> String? {
        let type = response.headers["content-type"]?.lowercased() ?? ""
        let head = String(decoding: response.body.prefix(65536), as: UTF8.self)
        let start = head.drop { $0.isWhitespace }.prefix(14).lowercased()
        guard type.contains("text/html") || start.hasPrefix("<!doctype html") || start.hasPrefix("<html") else {
            return nil
        }
        guard let open = head.range(of: "<title", options: .caseInsensitive),
            let close = head[open.upperBound...].firstIndex(of: ">"),
            let end = head[close...].range(of: "</title>", options: .caseInsensitive)
        else { return "" }
        let title = head[head.index(after: close)..<end.lowerBound]
        return oneLine(String(title.prefix(200)))
    }

    /// `text` with every run of whitespace (line breaks included) made one space: a server's
    /// message stays on its line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
    }

    /// True for statuses that may go away on their own (429 and 5xx).
    static func isTransient(status: Int) -> Bool {
        status == 429 || (500...599).contains(status)
    }

    /// The next action after HTTP `status` on `request`.
    static func nextAction(status: Int, request: ZeroRequest) -> String {
        switch status {
        case 429:
            return rateLimitedAction
        case 500...599:
            return unavailableAction
        case 400:
            return "Check the value the server's message above complains about; if it looks right, report it with the x-response-id above."
        case 401:
            return newTokenAction
        case 403 where request.segments.contains("clusters"):
            return "The cluster was not found or this API token has no access to it (deleted clusters answer 403); check it in the Pomerium Zero console, then re-run pomclaw."
        case 403:
            return "This API token has no access to the organization or object; use an API token of an admin of that organization and re-run pomclaw."
        case 404:
            return "The object no longer exists (deleted in the Console?); re-run pomclaw to create it again."
        case 409:
            return "An object with the same name or address already exists; re-run pomclaw so it can adopt the existing one."
        default:
            return "Check the server's message above, fix what it names and re-run pomclaw."
        }
    }

    /// The next action after a request that got no response.
    static func nextAction(transport: HTTPTransportError) -> String {
        switch transport {
        case .timedOut:
            return unavailableAction
        case .connectionFailed:
            return unreachableAction
        case .tlsFailed:
            return "Check this machine's clock and CA certificates (and any TLS-intercepting proxy), then re-run pomclaw."
        case .refused:
            return "Set POMCLAW_ZERO_API to an https:// URL (plain http:// is only allowed for loopback hosts) and re-run pomclaw."
        }
    }

    /// The transport failure as shown to the user, e.g. `timed out: Operation timed out`.
    static func describe(_ transport: HTTPTransportError) -> (kind: String, detail: String) {
        switch transport {
        case .timedOut(let detail): return ("timed out", detail)
        case .connectionFailed(let detail): return ("connection failed", detail)
        case .tlsFailed(let detail): return ("TLS failed", detail)
        case .refused(let detail): return ("request refused", detail)
        }
    }
}
