"""The gateway's device pairing store and the `device.pair.*` RPC methods.

Store: <state dir>/devices/pending.json ({requestId: request}) and paired.json ({deviceId:
device}) (U src/infra/pairing-files.ts, src/infra/device-pairing.ts at openclaw@8f8492d172f4);
pending requests expire after 5 minutes (PENDING_TTL_MS there). Only the gateway edits these
files: every `openclaw devices` command is an RPC to it (openclaw-audit.md #50).

Methods and their scope (docs/gateway/protocol.md@7b72e7e73c30 "Device pairing and device
tokens"; docs/cli/devices.md@7b72e7e73c30 "Notes": `operator.pairing` or `operator.admin`):
device.pair.list, device.pair.approve {requestId}, device.pair.reject {requestId},
device.pair.remove {deviceId}.
"""
import fcntl
import json
import os
import secrets
import tempfile
import time
import uuid

import standin_config as store

PENDING_TTL_MS = 5 * 60 * 1000
PAIRING_METHODS = ("device.pair.list", "device.pair.approve", "device.pair.reject", "device.pair.remove")


def now_ms():
    return int(time.time() * 1000)


class Devices:
    """The pairing files under the state dir, read and written under one lock."""

    def __init__(self, state_dir=None):
        self.folder = os.path.join(state_dir or store.state_dir(), "devices")

    def _path(self, kind):
        return os.path.join(self.folder, f"{kind}.json")

    def _read(self, kind):
        try:
            with open(self._path(kind)) as handle:
                records = json.load(handle)
        except (OSError, ValueError):
            return {}
        return records if isinstance(records, dict) else {}

    def _write(self, kind, records):
        handle = tempfile.NamedTemporaryFile("w", dir=self.folder, prefix=f".{kind}.", delete=False)
        with handle:
            os.fchmod(handle.fileno(), 0o600)
            json.dump(records, handle, indent=2)
        os.rename(handle.name, self._path(kind))

    def edit(self, change):
        """Runs change(pending, paired) under the lock and writes both back; its result."""
        os.makedirs(self.folder, mode=0o700, exist_ok=True)
        with open(os.path.join(self.folder, ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            pending, paired = self._read("pending"), self._read("paired")
            cutoff = now_ms() - PENDING_TTL_MS
            pending = {key: value for key, value in pending.items() if value.get("ts", 0) >= cutoff}
            result = change(pending, paired)
            self._write("pending", pending)
            self._write("paired", paired)
            return result

    def paired(self, device_id):
        return self.edit(lambda _pending, paired: paired.get(device_id))

    def request(self, device, client, role, scopes, remote_ip):
        """A pending request for `device` (a retry with the same device supersedes the old
        one: docs/cli/devices.md@7b72e7e73c30 "approve" note); its requestId."""
        def change(pending, _paired):
            for key in [k for k, v in pending.items() if v.get("deviceId") == device["id"]]:
                del pending[key]
            request_id = str(uuid.uuid4())
            pending[request_id] = {
                "requestId": request_id, "deviceId": device["id"], "publicKey": device.get("publicKey", ""),
                "clientId": client.get("id"), "clientMode": client.get("mode"),
                "displayName": client.get("displayName"), "platform": client.get("platform"),
                "role": role, "roles": [role], "scopes": list(scopes), "remoteIp": remote_ip, "ts": now_ms(),
            }
            return request_id
        return self.edit(change)

    def approve_device(self, device, client, role, scopes, remote_ip):
        """Records `device` as paired with `scopes` (silent local pairing or auto-approval);
        the device token issued for it."""
        token = secrets.token_urlsafe(32)

        def change(pending, paired):
            for key in [k for k, v in pending.items() if v.get("deviceId") == device["id"]]:
                del pending[key]
            existing = paired.get(device["id"], {})
            approved = sorted(set(existing.get("approvedScopes", [])) | set(scopes))
            paired[device["id"]] = {
                "deviceId": device["id"], "publicKey": device.get("publicKey", ""),
                "displayName": client.get("displayName"), "clientId": client.get("id"),
                "clientMode": client.get("mode"), "role": role, "roles": [role],
                "scopes": approved, "approvedScopes": approved, "remoteIp": remote_ip,
                "tokens": {role: {"token": token, "role": role, "scopes": approved, "createdAtMs": now_ms()}},
                "createdAtMs": existing.get("createdAtMs", now_ms()), "approvedAtMs": now_ms(),
            }
        self.edit(change)
        return token


def covers(granted, requested):
    """operator.admin satisfies every operator.* scope (openclaw-audit.md #29;
    docs/gateway/operator-scopes.md@c0a8fa9ab2ea:36)."""
    return "operator.admin" in granted or set(requested) <= set(granted)


def summary(device):
    """A paired device as `device.pair.list` shows it: tokens summarised, no token values
    (src/cli/devices-cli.ts `redactLocalPairedDevice` at openclaw@8f8492d172f4)."""
    shown = {key: value for key, value in device.items() if key != "tokens"}
    shown["tokens"] = [{key: value for key, value in token.items() if key != "token"}
                       for token in (device.get("tokens") or {}).values()]
    return shown


def call(devices, session_scopes, method, params):
    """(ok, payload or (code, message)) for a `device.pair.*` request."""
    if not ({"operator.pairing", "operator.admin"} & set(session_scopes)):
        return False, ("INVALID_REQUEST", "missing scope: operator.pairing")
    params = params if isinstance(params, dict) else {}
    if method == "device.pair.list":
        return True, devices.edit(lambda pending, paired: {
            "pending": list(pending.values()), "paired": [summary(d) for d in paired.values()]})
    if method == "device.pair.remove":
        device_id = params.get("deviceId")
        removed = devices.edit(lambda _pending, paired: paired.pop(device_id, None))
        if not removed:
            return False, ("INVALID_REQUEST", f"unknown deviceId: {device_id}")
        return True, {"deviceId": device_id}
    if method == "device.pair.reject":
        request_id = params.get("requestId")
        rejected = devices.edit(lambda pending, _paired: pending.pop(request_id, None))
        if not rejected:
            return False, ("INVALID_REQUEST", f"unknown requestId: {request_id}")
        return True, {"requestId": request_id, "deviceId": rejected.get("deviceId")}
    if method == "device.pair.approve":
        return _approve(devices, session_scopes, params.get("requestId"))
    return False, ("INVALID_REQUEST", f"unknown method: {method}")


def _approve(devices, session_scopes, request_id):
    """Approval is limited to the caller's own scopes; other roles need operator.admin
    (docs/cli/devices.md@7b72e7e73c30 "approve"). The refusal wording is unconfirmed."""
    pending = devices.edit(lambda pending, _paired: pending.get(request_id))
    if not pending:
        return False, ("INVALID_REQUEST", f"unknown requestId: {request_id}")
    if pending.get("role") != "operator" and "operator.admin" not in session_scopes:
        return False, ("INVALID_REQUEST", "missing scope: operator.admin")
    missing = [s for s in pending.get("scopes", []) if not covers(session_scopes, [s])]
    if missing:
        return False, ("INVALID_REQUEST", f"missing scope: {missing[0]}")
    device = {"id": pending["deviceId"], "publicKey": pending.get("publicKey", "")}
    client = {"id": pending.get("clientId"), "mode": pending.get("clientMode"), "displayName": pending.get("displayName")}
    devices.approve_device(device, client, pending.get("role", "operator"), pending.get("scopes", []), pending.get("remoteIp"))
    paired = devices.paired(device["id"])
    return True, {"requestId": request_id, "device": summary(paired)}
