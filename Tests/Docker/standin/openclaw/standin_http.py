"""The gateway's HTTP answers, as one function of the running gateway and the request, shared
by the stand-in gateway's server and the fake docker's `curl` inside the gateway container.
One port serves HTTP and the WebSocket (openclaw-audit.md #7):

- GET/HEAD /health, /healthz → 200 {"ok":true,"status":"live"}; /ready, /readyz → 200, or 503
  while a restart drains (from 2026.6.11), with {ready, failing, uptimeMs} for local-direct or
  authenticated callers and {ready} for others; other methods 405 (openclaw-versions.md §5;
  U src/gateway/server-http.ts:186-325).
- GET / → the Control UI page, without auth (openclaw-audit.md #27, #52). The page here is a
  placeholder for the UI's assets.
- POST /tools/invoke and GET /__openclaw/control-ui-config.json: API routes behind gateway auth
  (docs/gateway/tools-invoke-http-api.md@7b72e7e73c30; docs/web/control-ui.md@7b72e7e73c30
  "Runtime config endpoint"). A refusal is 401 {"error":{"message":"Unauthorized","type":
  "unauthorized"}} whatever the reason (U src/gateway/http-common.ts `sendUnauthorized`); the
  stand-in has no tools, so an authorised invoke is 404 "Tool not available" (U
  tools-invoke-http.ts:258-261). The body of control-ui-config.json is unconfirmed (the
  stand-in answers {"basePath": ""}).
- Anything else: 404 Not Found (whether the Control UI answers other paths is unconfirmed).
"""
import json

import standin_auth as auth_rules
import standin_release as release

JSON = "application/json; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
CONTROL_UI_PAGE = (b"<!doctype html>\n<html><head><title>OpenClaw Control</title></head>"
                   b"<body><openclaw-app></openclaw-app></body></html>\n")
# The standard operator scopes an identity-bearing HTTP request gets without x-openclaw-scopes,
# and every shared-secret request gets (docs/gateway/tools-invoke-http-api.md@7b72e7e73c30).
DEFAULT_HTTP_SCOPES = ["operator.admin", "operator.read", "operator.write", "operator.approvals",
                       "operator.pairing", "operator.talk.secrets"]


class Answer:
    def __init__(self, status, body, content_type=JSON, headers=()):
        self.status, self.content_type, self.headers = status, content_type, list(headers)
        self.body = body if isinstance(body, bytes) else json.dumps(body, separators=(",", ":")).encode()


def respond(gateway, request, method, path, body=b""):
    """The Answer of a gateway (anything with .auth, .version, .draining, .uptime_ms()) to
    `method path` from `request` (standin_auth.Request)."""
    path = path.split("?", 1)[0]
    if path in ("/health", "/healthz", "/ready", "/readyz"):
        return _probe(gateway, request, method, path)
    if path == "/tools/invoke":
        return _tools_invoke(gateway, request, method, body)
    if path == "/__openclaw/control-ui-config.json":
        scopes = _authorised(gateway, request)
        return scopes if isinstance(scopes, Answer) else Answer(200, {"basePath": ""})
    if path in ("/", "/index.html") and method in ("GET", "HEAD"):
        return Answer(200, CONTROL_UI_PAGE, "text/html; charset=utf-8", [("Cache-Control", "no-cache")])
    return Answer(404, b"Not Found", TEXT)


def _probe(gateway, request, method, path):
    if method not in ("GET", "HEAD"):
        return Answer(405, b"Method Not Allowed", TEXT, [("Allow", "GET, HEAD")])
    headers = [("Cache-Control", "no-store")]
    if path in ("/health", "/healthz"):
        return Answer(200, {"ok": True, "status": "live"}, headers=headers)
    ready = not (gateway.draining and release.has("readyz_draining", gateway.version))
    # The name in `failing` while draining is unconfirmed ("draining" here).
    detailed = request.local_direct or _bearer_result(gateway, request)["ok"]
    body = {"ready": ready, "failing": [] if ready else ["draining"], "uptimeMs": gateway.uptime_ms()} \
        if detailed else {"ready": ready}
    return Answer(200 if ready else 503, body, headers=headers)


def _bearer_result(gateway, request):
    bearer = request.header("authorization") or ""
    token = bearer[7:].strip() if bearer.lower().startswith("bearer ") else None
    return auth_rules.authorize(request, gateway.auth, {"token": token, "password": token}, api=True,
                                version=gateway.version)


def _authorised(gateway, request):
    """The scopes of an authorised API request, or the 401 Answer."""
    result = _bearer_result(gateway, request)
    if not result["ok"]:
        return Answer(401, {"error": {"message": "Unauthorized", "type": "unauthorized"}})
    header = request.header("x-openclaw-scopes")
    if result["method"] in ("token", "password") or header is None:
        return list(DEFAULT_HTTP_SCOPES)
    return [scope.strip() for scope in header.split(",") if scope.strip()]


def _tools_invoke(gateway, request, method, body):
    if method != "POST":
        return Answer(405, b"Method Not Allowed", TEXT, [("Allow", "POST")])
    scopes = _authorised(gateway, request)
    if isinstance(scopes, Answer):
        return scopes
    if not ({"operator.write", "operator.admin"} & set(scopes)):
        return Answer(403, {"ok": False, "error": {"type": "forbidden", "message": "missing scope: operator.write"}})
    try:
        tool = (json.loads(body or b"{}").get("tool") or "").strip()
    except (ValueError, AttributeError):
        tool = ""
    if not tool:
        return Answer(400, {"error": {"message": "tools.invoke requires body.tool", "type": "invalid_request_error"}})
    return Answer(404, {"ok": False, "error": {"type": "not_found", "message": f"Tool not available: {tool}"}})
