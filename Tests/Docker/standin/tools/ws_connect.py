#!/usr/bin/env python3
"""A Gateway WebSocket client for pomclaw's tests: connects to URL with the given headers and
performs the handshake as the Control UI does (docs/gateway/protocol.md@7b72e7e73c30
"## Handshake (connect)"), then prints one JSON object on stdout and exits 0:

  {"ok": true, "hello": <hello-ok payload>, "result": <payload of --call>, "close": {...}}
  {"ok": false, "error": <error of the connect response>, "close": {"code": N, "reason": "…"}}
  {"ok": false, "http": {"status": N, "head": "…", "body": "…"}}   (the upgrade was refused)
  {"ok": false, "refused": "<why>"}                                (nothing accepted the connection)

Options:
  --header "Name: value"   an upgrade request header (repeatable)
  --origin ORIGIN          the browser's Origin header
  --scopes a,b             requested scopes (default: what the Control UI requests,
                           openclaw-audit.md #29: admin, read, write, approvals, pairing)
  --client ID:MODE         client id and mode (default openclaw-control-ui:webchat)
  --device ID:KEY | none   the device identity (default: a new one, as a new browser)
  --token T / --password P / --device-token T   connect auth
  --call METHOD            one request after hello-ok (params {}); its payload or error
  --wait-close SECONDS     after hello-ok, wait that long for the server to close; its code
  --ready FILE             write FILE once hello-ok arrived (for a test waiting on the session)
  --timeout SECONDS        for each step (default 10)
Exit 2 on a usage error. Python standard library only.
"""
import json
import os
import secrets
import socket
import sys
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "openclaw"))

import standin_ws as ws  # noqa: E402

CONTROL_UI_SCOPES = ["operator.admin", "operator.read", "operator.write", "operator.approvals", "operator.pairing"]


def arguments(argv):
    if not argv or argv[0].startswith("--"):
        raise SystemExit("usage: ws_connect.py URL [options] (see the docstring)")
    options = {"url": argv[0], "headers": [], "timeout": 10.0}
    rest = argv[1:]
    while rest:
        name = rest.pop(0)
        if not rest:
            raise SystemExit(f"ws_connect.py: {name} needs a value")
        value = rest.pop(0)
        if name == "--header":
            key, _, header_value = value.partition(":")
            options["headers"].append((key.strip(), header_value.strip()))
        elif name in ("--origin", "--scopes", "--client", "--device", "--token", "--password", "--device-token",
                      "--call", "--ready"):
            options[name[2:]] = value
        elif name in ("--wait-close", "--timeout"):
            options[name[2:]] = float(value)
        else:
            raise SystemExit(f"ws_connect.py: unknown option {name}")
    return options


def connect_params(options):
    client_id, _, mode = options.get("client", "openclaw-control-ui:webchat").partition(":")
    scopes = options["scopes"].split(",") if "scopes" in options else CONTROL_UI_SCOPES
    params = {
        "minProtocol": 3, "maxProtocol": 4,
        "client": {"id": client_id, "version": "standin-test", "platform": "web", "mode": mode or "webchat"},
        "role": "operator", "scopes": [s for s in scopes if s], "caps": [], "auth": {},
    }
    for key, field in (("token", "token"), ("password", "password"), ("device-token", "deviceToken")):
        if key in options:
            params["auth"][field] = options[key]
    device = options.get("device", "new")
    if device != "none":
        device_id, _, key = device.partition(":") if device != "new" else (secrets.token_hex(32), "", secrets.token_urlsafe(32))
        params["device"] = {"id": device_id, "publicKey": key or device_id, "signature": "", "signedAt": 0, "nonce": ""}
    return params


def run(options):
    address = options["url"].split("://", 1)[-1]
    host_port, _, path = address.partition("/")
    host, _, port = host_port.rpartition(":")
    headers = list(options["headers"])
    if "origin" in options:
        headers.append(("Origin", options["origin"]))
    try:
        sock = ws.connect(host.strip("[]"), int(port), "/" + path, headers, options["timeout"])
    except ws.HandshakeRefused as refused:
        return {"ok": False, "http": {"status": refused.status, "head": refused.head, "body": refused.body}}
    except OSError as error:
        return {"ok": False, "refused": str(error)}
    params = connect_params(options)
    result = {"device": params.get("device")}
    try:
        challenge = ws.receive_json(sock, True)
        result["challenge"] = challenge.get("event")
        ws.send_json(sock, {"type": "req", "id": str(uuid.uuid4()), "method": "connect", "params": params}, True)
        answer = ws.receive_json(sock, True)
        if not answer.get("ok"):
            result.update({"ok": False, "error": answer.get("error")})
            ws.receive(sock, True)
            return result
        result.update({"ok": True, "hello": answer.get("payload")})
        if "ready" in options:
            with open(options["ready"], "w") as handle:
                handle.write("hello-ok\n")
        if "call" in options:
            request_id = str(uuid.uuid4())
            ws.send_json(sock, {"type": "req", "id": request_id, "method": options["call"], "params": {}}, True)
            reply = ws.receive_json(sock, True)
            result["result"] = reply.get("payload") if reply.get("ok") else {"error": reply.get("error")}
        if "wait-close" in options:
            sock.settimeout(options["wait-close"])
            ws.receive(sock, True)
        ws.send_close(sock, 1000, "", True)
    except ws.Closed as closed:
        result["close"] = {"code": closed.code, "reason": closed.reason}
    except (socket.timeout, TimeoutError):
        result["timedOut"] = True
    except OSError as error:
        result["close"] = {"code": 1006, "reason": str(error)}
    finally:
        sock.close()
    return result


def main():
    try:
        options = arguments(sys.argv[1:])
    except (SystemExit, ValueError) as error:
        sys.stderr.write(f"{error}\n")
        return 2
    print(json.dumps(run(options)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
