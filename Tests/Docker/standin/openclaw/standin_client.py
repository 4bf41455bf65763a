"""The CLI's side of a Gateway RPC (`callGateway`): which gateway, which credentials, one
WebSocket connection per call (U src/gateway/call.ts, src/cli/devices-cli.ts at
openclaw@8f8492d172f4; docs/cli/devices.md@7b72e7e73c30 "Common options").

- Target: `--url`, else ws://127.0.0.1:<port> with port OPENCLAW_GATEWAY_PORT > gateway.port >
  18789 (openclaw-audit.md #7). With `--url`, only explicit --token/--password count.
- Credentials: --token/--password, else gateway.auth.token/password from the config, else
  OPENCLAW_GATEWAY_TOKEN/OPENCLAW_GATEWAY_PASSWORD (openclaw-versions.md §7); the password is
  always sent when known (docs/gateway/protocol.md@7b72e7e73c30 `selectConnectAuth`).
- The client is `cli`/`cli`, role operator, the default operator scopes, and the device
  identity in <state dir>/identity/device.json (made on first use).
- A closed or refused connection ends the call with `gateway closed (<code>…): <reason>` and
  the target (U call.ts `formatGatewayCloseError`).

OPENCLAW_STANDIN_GATEWAY_FILE (the fake docker's hook; unset = a real socket): a file holding JSON
{"reachable": bool, "config": {...}, "env": {...}, "log": path} — the call is decided in this
process by the same code the stand-in gateway runs (standin_connect), against that running
config and gateway environment, as a loopback caller without forwarded headers.
"""
import json
import os
import secrets
import socket
import uuid

import standin_config as store
import standin_connect as connect_rules
import standin_devices as pairing
import standin_release as release
import standin_ws as ws
from standin_config import CLIError


class Target:
    def __init__(self, url, token, password):
        self.url, self.token, self.password = url, token, password

    @property
    def details(self):
        """The connection details under an error: `Gateway target: <url>` (U
        src/cli/capability-cli.test.ts:175); the Source and Config lines are unconfirmed."""
        return f"Gateway target: {self.url}\nSource: local loopback\nConfig: {store.config_path()}"


def target(options):
    config = store.load()[0]
    gateway = config.get("gateway") if isinstance(config.get("gateway"), dict) else {}
    auth = gateway.get("auth") if isinstance(gateway.get("auth"), dict) else {}
    if options.get("url"):
        if not (options.get("token") or options.get("password")):
            raise CLIError("gateway url override requires explicit credentials (--token or --password)")
        return Target(options["url"], options.get("token"), options.get("password"))
    port = int(os.environ.get("OPENCLAW_GATEWAY_PORT") or gateway.get("port") or 18789)
    token = options.get("token") or auth.get("token") or os.environ.get("OPENCLAW_GATEWAY_TOKEN")
    password = options.get("password") or auth.get("password") or os.environ.get("OPENCLAW_GATEWAY_PASSWORD")
    return Target(f"ws://127.0.0.1:{port}", token, password)


def device_identity():
    path = os.path.join(store.state_dir(), "identity", "device.json")
    try:
        with open(path) as handle:
            identity = json.load(handle)
        if identity.get("deviceId") and identity.get("publicKey"):
            return identity
    except (OSError, ValueError):
        pass
    identity = {"deviceId": secrets.token_hex(32), "publicKey": secrets.token_urlsafe(32)}
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    with open(path, "w") as handle:
        os.fchmod(handle.fileno(), 0o600)
        json.dump(identity, handle)
    return identity


def connect_params(where):
    identity = device_identity()
    auth = {key: value for key, value in (("token", where.token), ("password", where.password)) if value}
    return {
        "minProtocol": release.PROTOCOL_VERSION, "maxProtocol": release.PROTOCOL_VERSION,
        "client": {"id": "cli", "version": release.current(), "platform": "linux", "mode": "cli"},
        "role": "operator", "scopes": list(connect_rules.CLI_DEFAULT_SCOPES), "caps": [],
        "auth": auth, "userAgent": f"openclaw-cli/{release.current()}",
        "device": {"id": identity["deviceId"], "publicKey": identity["publicKey"], "signature": "",
                   "signedAt": 0, "nonce": ""},
    }


def closed(code, reason, where):
    hint = " abnormal closure (no close frame)" if code == 1006 else " normal closure" if code == 1000 else ""
    return CLIError(f"gateway closed ({code}{hint}): {reason or 'no close reason'}\n{where.details}")


def call(method, params, options):
    """The payload of one RPC, or raises CLIError with the gateway's refusal."""
    where = target(options)
    hook = os.environ.get("OPENCLAW_STANDIN_GATEWAY_FILE")
    if hook:
        with open(hook) as handle:
            return _in_process(json.load(handle), where, method, params)
    return _over_socket(where, method, params, float(options.get("timeout") or 10000) / 1000)


def _over_socket(where, method, params, timeout):
    host_port = where.url.split("://", 1)[-1].split("/", 1)[0]
    host, _, port = host_port.rpartition(":")
    try:
        sock = ws.connect(host.strip("[]"), int(port), headers=[], timeout=timeout)
    except (OSError, ws.HandshakeRefused):
        raise closed(1006, "", where)
    try:
        challenge = ws.receive_json(sock, True)
        if challenge.get("event") != "connect.challenge":
            raise closed(1008, "expected connect.challenge", where)
        ws.send_json(sock, {"type": "req", "id": str(uuid.uuid4()), "method": "connect",
                            "params": connect_params(where)}, True)
        hello = ws.receive_json(sock, True)
        if not hello.get("ok"):
            raise closed(1008, hello.get("error", {}).get("message", ""), where)
        request_id = str(uuid.uuid4())
        ws.send_json(sock, {"type": "req", "id": request_id, "method": method, "params": params}, True)
        while True:
            frame = ws.receive_json(sock, True)
            if frame.get("type") == "res" and frame.get("id") == request_id:
                break
        ws.send_close(sock, 1000, "", True)
    except ws.Closed as error:
        raise closed(error.code, error.reason, where)
    except (OSError, socket.timeout):
        raise CLIError(f"gateway timeout after {int(timeout * 1000)}ms\n{where.details}")
    finally:
        sock.close()
    if not frame.get("ok"):
        raise CLIError(frame.get("error", {}).get("message", "request failed"))
    return frame.get("payload")


def _in_process(model, where, method, params):
    if not model.get("reachable"):
        raise closed(1006, "", where)
    log_path = model.get("log")

    def log(line):
        if log_path:
            with open(log_path, "a") as handle:
                handle.write(line + "\n")

    gateway = connect_rules.Gateway(model.get("config") or {}, model.get("env") or {}, pairing.Devices(), log)
    port = where.url.rsplit(":", 1)[-1]
    request = connect_rules.auth_rules.Request("127.0.0.1", {"host": f"127.0.0.1:{port}"}, "127.0.0.1")
    try:
        session, _hello = gateway.admit(request, connect_params(where))
    except connect_rules.Refusal as refusal:
        raise closed(refusal.close[0], refusal.close[1], where)
    ok, result = gateway.call(session, method, params)
    if not ok:
        raise CLIError(result[1])
    return result
