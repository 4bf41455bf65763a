"""Gateway authentication: who a request or WebSocket connect is, and why it is refused.

Shared by the stand-in gateway and the fake docker's gateway model. The order of the checks
and the reason strings are OpenClaw's `authorizeGatewayConnect` / `authorizeTrustedProxy`
(openclaw-audit.md #25, #26; the newer copy of src/gateway/auth.ts read for
openclaw-versions.md §3, index id 57797734463):

  trusted-proxy mode: trusted_proxy_config_missing, trusted_proxy_no_proxies_configured,
    [from 2026.9.1] proxy_attribution_required (unattributable forwarded traffic), then
    trusted_proxy_untrusted_source (source not in trustedProxies), trusted_proxy_loopback_source
    (loopback without allowLoopback), [from 2026.7.1] trusted_proxy_local_interface_source,
    requiredHeaders in order (`trusted_proxy_missing_header_<Name as configured>`),
    trusted_proxy_user_missing, trusted_proxy_user_not_allowed, then for HTTP API requests
    carrying Origin trusted_proxy_origin_not_allowed; when the proxy checks fail, a
    local-direct caller presenting the gateway password is accepted as method `password`.
  token mode: token_missing_config, token_missing, token_mismatch.
  password mode: password_missing_config, password_missing, password_mismatch.
  none: accepted.
"""
import ipaddress

import standin_release as release

FORWARDED = ("forwarded", "x-real-ip")


def is_loopback(address):
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def in_proxies(address, proxies):
    """`trustedProxies` holds IPs or CIDRs (openclaw-audit.md #20)."""
    try:
        source = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in proxies or []:
        try:
            if source in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


class Request:
    """What the gateway knows of a request: the peer address, the headers (names
    lower-cased, as Node presents them), and the local address it arrived on."""

    def __init__(self, peer, headers, local=None):
        self.peer = peer
        self.headers = {name.lower(): value for name, value in headers.items()}
        self.local = local

    def header(self, name):
        return self.headers.get(name.lower())

    @property
    def forwarded(self):
        """Forwarded, any X-Forwarded-*, or X-Real-IP (docs/gateway/trusted-proxy-auth.md@7b72e7e73c30
        "Forwarded-header evidence overrides loopback locality")."""
        return any(name in FORWARDED or name.startswith("x-forwarded-") for name in self.headers)

    @property
    def local_direct(self):
        """A loopback peer without forwarded headers (U src/gateway/auth.ts:139-160)."""
        return is_loopback(self.peer) and not self.forwarded


def resolve(config, env):
    """The gateway's auth settings: config first, then OPENCLAW_GATEWAY_TOKEN /
    OPENCLAW_GATEWAY_PASSWORD from the gateway's own environment (openclaw-audit.md #15;
    openclaw-versions.md §7: U src/gateway/auth.ts:231-271). An unset mode is `password` when
    only a password is configured, else `token` (openclaw-audit.md #11)."""
    gateway = config.get("gateway") if isinstance(config.get("gateway"), dict) else {}
    auth = gateway.get("auth") if isinstance(gateway.get("auth"), dict) else {}
    token = auth.get("token") or env.get("OPENCLAW_GATEWAY_TOKEN") or None
    password = auth.get("password") or env.get("OPENCLAW_GATEWAY_PASSWORD") or None
    mode = auth.get("mode") or ("password" if password and not token else "token")
    control_ui = gateway.get("controlUi") if isinstance(gateway.get("controlUi"), dict) else {}
    return {
        "mode": mode, "token": token, "password": password,
        "trustedProxy": auth.get("trustedProxy") if isinstance(auth.get("trustedProxy"), dict) else None,
        "trustedProxies": gateway.get("trustedProxies") or [],
        "allowRealIpFallback": gateway.get("allowRealIpFallback") is True,
        "identityScopes": auth.get("identityScopes") or {},
        "allowedOrigins": control_ui.get("allowedOrigins") or [],
        "controlUi": control_ui,
    }


def attribution(request, auth):
    """How a request is attributed to a client (openclaw-versions.md §3 "Proxy attribution
    rules"): `trusted-proxy` (from a trusted proxy, with a client found in X-Forwarded-For walked
    right to left past loopback and trusted hops), `direct-local`, `direct-remote`, or
    `unattributable` (forwarded headers that name no client, or loopback with forwarded headers
    and no trusted match)."""
    proxies = auth["trustedProxies"]
    if not request.forwarded:
        return "direct-local" if is_loopback(request.peer) else "direct-remote"
    if in_proxies(request.peer, proxies):
        hops = [hop.strip() for hop in (request.header("x-forwarded-for") or "").split(",") if hop.strip()]
        for hop in reversed(hops):
            if not is_loopback(hop) and not in_proxies(hop, proxies):
                return "trusted-proxy"
        if not hops and auth["allowRealIpFallback"] and request.header("x-real-ip"):
            return "trusted-proxy"
        return "unattributable"
    return "unattributable" if is_loopback(request.peer) else "direct-remote"


def trusted_proxy_check(request, auth, version=None):
    """(user, None) or (None, reason): the identity checks, in OpenClaw's order."""
    settings = auth["trustedProxy"]
    if not in_proxies(request.peer, auth["trustedProxies"]):
        return None, "trusted_proxy_untrusted_source"
    if is_loopback(request.peer):
        if settings.get("allowLoopback") is not True:
            return None, "trusted_proxy_loopback_source"
    elif release.has("local_interface_guard", version) and request.local and request.peer == request.local:
        # The source is one of the gateway host's own addresses; the stand-in knows the one
        # the connection arrived on (openclaw-versions.md §3).
        return None, "trusted_proxy_local_interface_source"
    for name in settings.get("requiredHeaders") or []:
        if not (request.header(name) or "").strip():
            return None, f"trusted_proxy_missing_header_{name}"
    user = (request.header(settings.get("userHeader") or "") or "").strip()
    if not user:
        return None, "trusted_proxy_user_missing"
    allowed = settings.get("allowUsers") or []
    if allowed and user not in allowed:
        return None, "trusted_proxy_user_not_allowed"
    return user, None


def origin_allowed(origin, request, auth):
    """A browser Origin passes when listed in gateway.controlUi.allowedOrigins (or `*`
    listed), or when it is the request's own private/loopback host
    (docs/gateway/configuration-reference.md@7b72e7e73c30 `controlUi.allowedOrigins`)."""
    allowed = [entry.strip().lower() for entry in auth["allowedOrigins"]]
    if "*" in allowed or origin.strip().lower().rstrip("/") in [a.rstrip("/") for a in allowed]:
        return True
    host = origin.split("://", 1)[-1].rstrip("/")
    if host.lower() != (request.header("host") or "").lower():
        return False
    try:
        address = ipaddress.ip_address(host.rsplit(":", 1)[0].strip("[]"))
    except ValueError:
        return host.split(":")[0] == "localhost"
    return address.is_loopback or address.is_private


def authorize(request, auth, presented, api=False, version=None):
    """{"ok", "method", "user", "reason"} for a connect or an HTTP API request. `presented` is
    {"token", "password"} offered by the caller (connect params, or a bearer token on HTTP);
    `api` applies the HTTP API's Origin check."""
    mode = auth["mode"]
    if mode == "trusted-proxy":
        if not auth["trustedProxy"]:
            return _refused("trusted_proxy_config_missing")
        if not auth["trustedProxies"]:
            return _refused("trusted_proxy_no_proxies_configured")
        attributed = attribution(request, auth)
        if release.has("proxy_attribution", version) and attributed == "unattributable":
            return _refused("proxy_attribution_required")
        user, reason = trusted_proxy_check(request, auth, version)
        if user:
            if release.has("proxy_attribution", version) and attributed != "trusted-proxy":
                return _refused("proxy_attribution_required")
            origin = request.header("origin")
            if api and origin and not origin_allowed(origin, request, auth):
                return _refused("trusted_proxy_origin_not_allowed")
            return {"ok": True, "method": "trusted-proxy", "user": user, "reason": None}
        if release.has("local_password_fallback", version) and request.local_direct and auth["password"] \
                and presented.get("password"):
            return _secret(auth["password"], presented.get("password"), "password")
        return _refused(reason)
    if mode == "none":
        return {"ok": True, "method": "none", "user": None, "reason": None}
    if mode == "token":
        return _secret(auth["token"], presented.get("token"), "token")
    if mode == "password":
        return _secret(auth["password"], presented.get("password"), "password")
    return _refused("unauthorized")


def _secret(configured, offered, kind):
    if not configured:
        return _refused(f"{kind}_missing_config")
    if not offered:
        return _refused(f"{kind}_missing")
    if offered != configured:
        return _refused(f"{kind}_mismatch")
    return {"ok": True, "method": kind, "user": None, "reason": None}


def _refused(reason):
    return {"ok": False, "method": None, "user": None, "reason": reason}
