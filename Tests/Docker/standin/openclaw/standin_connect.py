"""The Gateway WebSocket handshake: from a `connect` request to `hello-ok` or an error, and the
requests of an admitted session. Shared by the stand-in gateway (over a socket) and the fake
docker's gateway model (in process), so both decide alike.

Frames and shapes: docs/gateway/protocol.md@7b72e7e73c30 ("## Handshake (connect)",
"## Framing"); the admission order is U src/gateway/server/ws-connection/message-handler.ts at
openclaw@8f8492d172f4 (protocol, role, browser origin, auth, missing device, pairing); scope
computation: openclaw-audit.md #28-#30 and openclaw-versions.md §1-§2.

Device signatures are not verified: pomclaw never produces them, and the stand-in has no keys
to check them with (a device is its `id` and `publicKey`).
"""
import uuid

import standin_auth as auth_rules
import standin_devices as pairing
import standin_release as release

CONTROL_UI_IDS = ("openclaw-control-ui", "webchat-ui")  # U src/gateway/protocol/client-info.ts
CLI_DEFAULT_SCOPES = ["operator.admin", "operator.read", "operator.write", "operator.approvals",
                      "operator.pairing", "operator.talk.secrets"]  # openclaw-audit.md #28
DEFAULT_AUTO_APPROVE_SCOPES = ["operator.read", "operator.write", "operator.approvals"]  # openclaw-versions.md §1


class Refusal(Exception):
    """A refused connect: the error shape of the `res` frame and the close code and reason."""

    def __init__(self, code, message, close_code=1008, details=None, close_reason=None):
        super().__init__(message)
        self.error = {"code": code, "message": message}
        if details:
            self.error["details"] = details
        self.close = (close_code, close_reason or message)


def failure_message(mode, provided, reason, is_cli):
    """formatGatewayAuthFailureMessage (U src/gateway/server/ws-connection/auth-messages.ts)."""
    token_hint = ("set gateway.remote.token to match gateway.auth.token" if is_cli
                  else "open the dashboard URL and paste the token in Control UI settings")
    password_hint = ("set gateway.remote.password to match gateway.auth.password" if is_cli
                     else "enter the password in Control UI settings")
    messages = {
        "token_missing": f"unauthorized: gateway token missing ({token_hint})",
        "token_mismatch": f"unauthorized: gateway token mismatch ({token_hint})",
        "token_missing_config": "unauthorized: gateway token not configured on gateway (set gateway.auth.token)",
        "password_missing": f"unauthorized: gateway password missing ({password_hint})",
        "password_mismatch": f"unauthorized: gateway password mismatch ({password_hint})",
        "password_missing_config":
            "unauthorized: gateway password not configured on gateway (set gateway.auth.password)",
    }
    if reason in messages:
        return messages[reason]
    if mode == "token" and provided == "none":
        return messages["token_missing"]
    if mode == "password" and provided == "none":
        return messages["password_missing"]
    return "unauthorized"


def detail_code(reason):
    """resolveAuthConnectErrorDetailCode (U src/gateway/protocol/connect-error-details.ts)."""
    return {
        "token_missing": "AUTH_TOKEN_MISSING", "token_mismatch": "AUTH_TOKEN_MISMATCH",
        "token_missing_config": "AUTH_TOKEN_NOT_CONFIGURED", "password_missing": "AUTH_PASSWORD_MISSING",
        "password_mismatch": "AUTH_PASSWORD_MISMATCH", "password_missing_config": "AUTH_PASSWORD_NOT_CONFIGURED",
        "device_token_mismatch": "AUTH_DEVICE_TOKEN_MISMATCH",
    }.get(reason, "AUTH_UNAUTHORIZED" if reason else "AUTH_REQUIRED")


def cap(scopes, request):
    """x-openclaw-scopes on the upgrade request caps, never grants: absent → no cap, present
    but empty → [], else exact-name intersection (openclaw-versions.md §2 step 3;
    `applyConnectionScopeCap`, index id 57795012693)."""
    header = request.header("x-openclaw-scopes")
    if header is None:
        return scopes
    declared = {scope.strip() for scope in header.split(",") if scope.strip()}
    return [scope for scope in scopes if scope in declared] if declared else []


def identity_grant(identity_scopes, user):
    """identityScopes[user]: exact key, then case-insensitive among email keys
    (`resolveEffectiveConnectionScopes`, index id 57795012693)."""
    if user in identity_scopes:
        return list(identity_scopes[user])
    if "@" in user:
        for key, scopes in identity_scopes.items():
            if "@" in key and key.lower() == user.lower():
                return list(scopes)
    return []


class Gateway:
    """What a connect is decided against: the running gateway's config and environment, its
    release, its pairing store, and a log."""

    def __init__(self, config, env, devices, log, version=None):
        self.config, self.env, self.devices, self.log = config, env, devices, log
        self.version = version or release.current()
        self.auth = auth_rules.resolve(config, env)

    def admit(self, request, params):
        """The session ({role, scopes, method, user, deviceId}) and the hello-ok payload, or
        raises Refusal."""
        if not isinstance(params, dict) or not isinstance(params.get("client"), dict):
            raise Refusal("INVALID_REQUEST", "invalid connect params")
        client = params["client"]
        if params.get("maxProtocol", 0) < release.PROTOCOL_VERSION or params.get("minProtocol", 0) > release.PROTOCOL_VERSION:
            raise Refusal("INVALID_REQUEST", "protocol mismatch", 1002,
                          {"expectedProtocol": release.PROTOCOL_VERSION})
        role = params.get("role") or "operator"
        if role not in ("operator", "node"):
            raise Refusal("INVALID_REQUEST", "invalid role")
        scopes = list(params.get("scopes") or [])
        control_ui = client.get("id") in CONTROL_UI_IDS
        self._check_origin(request, control_ui)

        flag = (control_ui and (self.auth["controlUi"].get("dangerouslyDisableDeviceAuth") is True)
                and not release.has("device_auth_flag_inert", self.version))
        device = None if flag else params.get("device")
        presented = params.get("auth") if isinstance(params.get("auth"), dict) else {}
        result = auth_rules.authorize(request, self.auth, presented, version=self.version)
        if not result["ok"] and device:
            result = self._device_token(device, presented) or result
        proxy_ok = control_ui and role == "operator" and self.auth["mode"] == "trusted-proxy" and \
            result["ok"] and result["method"] == "trusted-proxy"
        if not device:
            scopes = self._without_device(request, client, role, scopes, result, control_ui, flag, proxy_ok, presented)
        if not result["ok"]:
            self._unauthorized(request, client, role, presented, result)
        if device:
            scopes = self._with_device(request, client, role, scopes, device, result, control_ui)
        if role == "operator" and result["method"] == "trusted-proxy" and release.has("identity_scopes", self.version):
            granted = identity_grant(self.auth["identityScopes"], result["user"])
            added = [scope for scope in granted if scope not in scopes]
            scopes = scopes + added
            if added:
                self.log(f"security audit: identity scope grant elevated connection identity={result['user']} "
                         f"addedScopes={','.join(added)}")
        if result["method"] in ("trusted-proxy", "none"):
            scopes = cap(scopes, request)
        session = {"role": role, "scopes": scopes, "method": result["method"], "user": result["user"],
                   "deviceId": device.get("id") if device else None}
        hello = {
            "type": "hello-ok", "protocol": release.PROTOCOL_VERSION,
            "server": {"version": self.version, "connId": str(uuid.uuid4())},
            "features": {"methods": list(pairing.PAIRING_METHODS), "events": ["device.pair.requested", "device.pair.resolved"]},
            "snapshot": {},
            "auth": {"role": role, "scopes": scopes},
            "policy": {"maxPayload": 26214400, "maxBufferedBytes": 52428800, "tickIntervalMs": 15000},
        }
        paired = self.devices.paired(device.get("id")) if device else None
        token = ((paired or {}).get("tokens") or {}).get(role, {}).get("token")
        if token:
            hello["auth"]["deviceToken"] = token
        return session, hello

    def call(self, session, method, params):
        """(ok, payload or (code, message)) for a request of an admitted session."""
        if method in pairing.PAIRING_METHODS:
            return pairing.call(self.devices, session["scopes"], method, params)
        return False, ("INVALID_REQUEST", f"unknown method: {method}")

    # --- the steps of admit ---------------------------------------------------------------

    def _check_origin(self, request, control_ui):
        """Browser origins are checked before auth; the refusal is the same for every
        origin problem (message-handler.ts:458-486)."""
        origin = request.header("origin")
        if origin is None and not control_ui:
            return
        if origin is not None and auth_rules.origin_allowed(origin, request, self.auth):
            return
        reason = "origin not allowed" if origin is not None else "origin missing or invalid"
        raise Refusal("INVALID_REQUEST",
                      "origin not allowed (open the Control UI from the gateway host or allow it in "
                      "gateway.controlUi.allowedOrigins)", 1008,
                      {"code": "CONTROL_UI_ORIGIN_NOT_ALLOWED", "reason": reason})

    def _device_token(self, device, presented):
        """A paired device's own token authenticates in any auth mode (openclaw-versions.md §7
        "Stored device token")."""
        offered = presented.get("deviceToken") or presented.get("token")
        paired = self.devices.paired(device.get("id")) if offered else None
        tokens = (paired or {}).get("tokens") or {}
        if any(entry.get("token") == offered for entry in tokens.values()):
            return {"ok": True, "method": "device-token", "user": None, "reason": None}
        return None

    def _without_device(self, request, client, role, scopes, result, control_ui, flag, proxy_ok, presented):
        """evaluateMissingDeviceIdentity and the scope clearing beside it
        (U connect-policy.ts): device-less sessions keep their requested scopes only on the
        break-glass flag's path."""
        shared_ok = result["ok"] and result["method"] in ("token", "password")
        if control_ui and proxy_ok:
            allowed = True
        elif control_ui and flag and role == "operator":
            allowed = True
        elif control_ui:
            raise Refusal("INVALID_REQUEST", "control ui requires device identity (use HTTPS or localhost secure context)",
                          1008, {"code": "CONTROL_UI_DEVICE_IDENTITY_REQUIRED"})
        elif role == "operator" and shared_ok:
            allowed = True
        elif not result["ok"] and (presented.get("token") or presented.get("password")):
            self._unauthorized(request, client, role, presented, result)
        else:
            raise Refusal("NOT_PAIRED", "device identity required", 1008, {"code": "DEVICE_IDENTITY_REQUIRED"})
        if allowed and not flag and result["method"] in ("token", "password", "trusted-proxy"):
            return []
        return scopes

    def _with_device(self, request, client, role, scopes, device, result, control_ui):
        """Paired devices keep their approved scopes; new devices pair silently when local
        (shouldAllowSilentLocalPairing), are auto-approved behind a trusted proxy from 2026.8.1
        (openclaw-versions.md §1), or get a pending request and `pairing required`."""
        paired = self.devices.paired(device.get("id"))
        same_key = paired is not None and paired.get("publicKey") == device.get("publicKey", "")
        if same_key and pairing.covers(paired.get("approvedScopes", []), scopes):
            return scopes
        reason = "scope-upgrade" if same_key else "not-paired"
        if request.local_direct and reason == "not-paired" and (request.header("origin") is None or control_ui):
            self.devices.approve_device(device, client, role, scopes, request.peer)
            self.log(f"device pairing auto-approved device={device.get('id')} role={role}")
            return scopes
        if self._auto_approves(role, result, control_ui, reason):
            configured = ((self.auth["trustedProxy"] or {}).get("deviceAutoApprove") or {}).get("scopes")
            allowed = DEFAULT_AUTO_APPROVE_SCOPES if configured is None else configured
            grant = cap([scope for scope in scopes if scope in allowed] if scopes else list(allowed), request)
            self.devices.approve_device(device, client, role, grant, request.peer)
            self.log(f"security audit: trusted-proxy operator device auto-approved user={result['user']} "
                     f"scopes={','.join(grant)}")
            approved = set(self.devices.paired(device.get("id")).get("approvedScopes", []))
            return [scope for scope in scopes if scope in approved] if scopes else grant
        request_id = self.devices.request(device, client, role, scopes, request.peer)
        raise Refusal("NOT_PAIRED", "pairing required", 1008,
                      {"code": "PAIRING_REQUIRED", "requestId": request_id, "reason": reason})

    def _auto_approves(self, role, result, control_ui, reason):
        settings = ((self.auth["trustedProxy"] or {}).get("deviceAutoApprove") or {})
        if not (release.has("device_auto_approve", self.version) and settings.get("enabled") is True):
            return False
        if not (role == "operator" and control_ui and result["method"] == "trusted-proxy" and result["user"]):
            return False
        return reason == "not-paired" or (reason == "scope-upgrade" and release.has("same_key_scope_upgrade", self.version))

    def _unauthorized(self, request, client, role, presented, result):
        provided = "token" if presented.get("token") else "password" if presented.get("password") else \
            "device-token" if presented.get("deviceToken") else "none"
        message = failure_message(self.auth["mode"], provided, result["reason"], client.get("id") == "cli")
        self.log(f"unauthorized remote={request.peer} client={client.get('id')} {client.get('mode')} "
                 f"v{client.get('version')} role={role} auth={provided} reason={result['reason'] or 'unknown'}")
        credentials = result["reason"] in ("token_missing", "token_mismatch", "password_missing", "password_mismatch")
        raise Refusal("INVALID_REQUEST", message, 1008, {
            "code": detail_code(result["reason"]), "authReason": result["reason"], "canRetryWithDeviceToken": False,
            "recommendedNextStep": "update_auth_credentials" if credentials else "review_auth_configuration"})
