"""The strict config schema of the `gateway` section, per release.

OpenClaw validates every write and every start against a zod schema in which every object is
`.strict()`: an unknown key is an error (openclaw-audit.md #18, #19; U
src/config/zod-schema.ts:664-727). The stand-in checks the gateway section the same way, with
the keys of docs/gateway/configuration-reference.md@7b72e7e73c30 "## Gateway" and the changes
of openclaw-versions.md §1, §2, §4, §6. Other top-level sections are not modelled and pass
unchecked (the stand-in does not know their schema; pomclaw writes none of them except
`agents.defaults.workspace`).

Issue wording follows zod's strict-object message; OpenClaw's exact text is unconfirmed and
pomclaw relies only on the exit status.
"""
import ipaddress

import standin_release as release

ANY = object()

BASE_SCOPES = ["operator.read", "operator.write", "operator.admin", "operator.approvals",
               "operator.pairing", "operator.talk.secrets"]
NEWER_SCOPES = ["operator.questions", "operator.talk"]


def operator_scopes(version=None):
    """The closed scope set (openclaw-versions.md §2 "Scopes")."""
    extra = NEWER_SCOPES if release.has("questions_and_talk_scopes", version) else []
    return BASE_SCOPES + extra


def _string(value):
    return None if isinstance(value, str) else "expected string"


def _nonempty_string(value):
    return None if isinstance(value, str) and value.strip() else "expected a non-empty string"


def _boolean(value):
    return None if isinstance(value, bool) else "expected boolean"


def _port(value):
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 < value < 65536
    return None if ok else "expected a port number"


def _strings(value):
    ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
    return None if ok else "expected array of strings"


def _enum(*choices):
    def check(value):
        if value in choices:
            return None
        return "Invalid option: expected one of " + "|".join(f'"{choice}"' for choice in choices)
    return check


def _proxies(value):
    problem = _strings(value)
    if problem:
        return problem
    for entry in value:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            return f"not an IP address or CIDR: {entry}"
    return None


def _shape(version):
    newer = release.has("device_auto_approve", version)
    scope_enum = _enum(*operator_scopes(version))
    trusted_proxy = {
        "userHeader": _nonempty_string, "requiredHeaders": _strings, "allowUsers": _strings,
        "allowLoopback": _boolean,
    }
    if newer:
        trusted_proxy["deviceAutoApprove"] = {
            "enabled": _boolean,
            "scopes": lambda value: _strings(value) or (
                None if all(item.strip() for item in value) else "scopes must be non-empty strings"),
        }
    auth = {
        "mode": _enum("none", "token", "password", "trusted-proxy"),
        "token": _string, "password": _string, "allowTailscale": _boolean, "rateLimit": ANY,
        "trustedProxy": trusted_proxy,
    }
    if release.has("identity_scopes", version):
        def identity_scopes(value):
            if not isinstance(value, dict):
                return "expected record"
            for identity, scopes in value.items():
                if not identity:
                    return "identity must be a non-empty string"
                if not isinstance(scopes, list):
                    return f"{identity}: expected array"
                for scope in scopes:
                    problem = scope_enum(scope)
                    if problem:
                        return f"{identity}: {problem}"
            return None
        auth["identityScopes"] = identity_scopes
    control_ui = {
        "enabled": _boolean, "basePath": _string, "root": _string, "embedSandbox": ANY,
        "allowExternalEmbedUrls": _boolean, "chatMessageMaxWidth": _string,
        "allowedOrigins": _strings, "dangerouslyAllowHostHeaderOriginFallback": _boolean,
        # Validates on every release; inert from 2026.8.1 (openclaw-versions.md §1).
        "dangerouslyDisableDeviceAuth": _boolean,
    }
    if not release.has("control_ui_insecure_auth_retired", version):
        control_ui["allowInsecureAuth"] = _boolean
    if release.has("reload_modes_trimmed", version):
        reload = {"mode": _enum("hybrid", "off")}
    else:
        reload = {"mode": _enum("hybrid", "hot", "restart", "off"), "debounceMs": ANY,
                  "deferralTimeoutMs": ANY}
    return {
        "mode": _enum("local", "remote"),
        "port": _port,
        "bind": _enum("loopback", "lan", "tailnet", "auto", "custom"),
        "customBindHost": _string,
        "auth": auth,
        "tailscale": ANY, "controlUi": control_ui, "remote": ANY,
        "trustedProxies": _proxies, "allowRealIpFallback": _boolean,
        "nodes": ANY, "tools": ANY, "push": ANY, "tls": ANY, "http": ANY, "reload": reload,
        "handshakeTimeoutMs": ANY, "channelHealthCheckMinutes": ANY,
        "channelStaleEventThresholdMinutes": ANY, "channelMaxRestartsPerHour": ANY,
    }


def _check(value, shape, path, issues):
    if shape is ANY:
        return
    if callable(shape):
        problem = shape(value)
        if problem:
            issues.append(f"{path}: {problem}")
        return
    if not isinstance(value, dict):
        issues.append(f"{path}: expected object")
        return
    for key, child in value.items():
        if key not in shape:
            issues.append(f'{path}: Unrecognized key: "{key}"')
        else:
            _check(child, shape[key], f"{path}.{key}", issues)


def validate(config, version=None):
    """The schema issues of `config` for the release, as `path: message` lines."""
    if not isinstance(config, dict):
        return ["<root>: expected object"]
    issues = []
    if "gateway" in config:
        _check(config["gateway"], _shape(version), "gateway", issues)
    auth = (config.get("gateway") or {}).get("auth") if isinstance(config.get("gateway"), dict) else None
    proxy = auth.get("trustedProxy") if isinstance(auth, dict) else None
    if isinstance(proxy, dict) and "userHeader" not in proxy:
        # z.string().min(1, "userHeader is required for trusted-proxy mode") (openclaw-audit.md #21)
        issues.append("gateway.auth.trustedProxy.userHeader: userHeader is required for trusted-proxy mode")
    return issues
