"""`openclaw devices list|clear|approve|reject|remove`: each a Gateway RPC (openclaw-audit.md #49,
#50), with U src/cli/devices-cli.ts's output at openclaw@8f8492d172f4. `clear` lists, then
removes every paired device and, with `--pending`, rejects every pending request, one call
each. The local pairing-file fallback of `list`/`approve` (only after a "pairing required"
refusal of a loopback call) is not modelled: a local CLI with credentials pairs silently, so
it never applies to the calls pomclaw makes.
"""
import json

import standin_client as client
from standin_config import CLIError, out
from standin_config_cli import take


def options(args):
    args = list(args)
    found = {name: take(args, f"--{name}") for name in ("url", "token", "password", "timeout")}
    found["json"] = "--json" in args
    found["yes"], found["pending"], found["latest"] = "--yes" in args, "--pending" in args, "--latest" in args
    found["positional"] = [a for a in args if not a.startswith("--")]
    return found


def pairing_list(opts):
    listed = client.call("device.pair.list", {}, opts) or {}
    return {"pending": listed.get("pending") or [], "paired": listed.get("paired") or []}


def list_(opts):
    listed = pairing_list(opts)
    if opts["json"]:
        out(json.dumps(listed, indent=2))
        return
    if listed["pending"]:
        out(f"Pending ({len(listed['pending'])})")
        for request in listed["pending"]:
            out(f"  {request.get('requestId')}  {request.get('displayName') or request.get('deviceId')}  "
                f"{request.get('role') or ''}  {', '.join(request.get('scopes') or [])}  {request.get('remoteIp') or ''}")
    if listed["paired"]:
        out(f"Paired ({len(listed['paired'])})")
        for device in listed["paired"]:
            out(f"  {device.get('displayName') or device.get('deviceId')}  {', '.join(device.get('roles') or [])}  "
                f"{', '.join(device.get('scopes') or [])}  {device.get('remoteIp') or ''}")
    if not listed["pending"] and not listed["paired"]:
        out("No device pairing entries.")


def clear(opts):
    if not opts["yes"]:
        raise CLIError("Refusing to clear pairing table without --yes")
    listed = pairing_list(opts)
    removed, rejected = [], []
    for device in listed["paired"]:
        if device.get("deviceId"):
            client.call("device.pair.remove", {"deviceId": device["deviceId"]}, opts)
            removed.append(device["deviceId"])
    if opts["pending"]:
        for request in listed["pending"]:
            if request.get("requestId"):
                client.call("device.pair.reject", {"requestId": request["requestId"]}, opts)
                rejected.append(request["requestId"])
    if opts["json"]:
        out(json.dumps({"removedDevices": removed, "rejectedPending": rejected}, indent=2))
        return
    out(f"Cleared {len(removed)} paired device{'' if len(removed) == 1 else 's'}")
    if opts["pending"]:
        out(f"Rejected {len(rejected)} pending request{'' if len(rejected) == 1 else 's'}")


def approve(opts):
    """An explicit request id approves; none (or --latest) only previews the newest pending
    request and exits 1 (docs/cli/devices.md@7b72e7e73c30 "approve")."""
    request_id = opts["positional"][0].strip() if opts["positional"] else ""
    if not request_id or opts["latest"]:
        pending = pairing_list(opts)["pending"]
        if not pending:
            raise CLIError("No pending device pairing requests to approve")
        latest = max(pending, key=lambda request: request.get("ts") or 0)
        out(f"Selected pending device request {latest['requestId']}")
        out(f"  Device: {latest.get('displayName') or latest.get('deviceId')}")
        raise CLIError(f"Approve this exact request with: openclaw devices approve {latest['requestId']}")
    result = client.call("device.pair.approve", {"requestId": request_id}, opts)
    if opts["json"]:
        out(json.dumps(result, indent=2))
        return
    out(f"Approved {(result or {}).get('device', {}).get('deviceId', 'ok')} ({request_id})")


def by_id(method, key, verb):
    def run(opts):
        if not opts["positional"]:
            raise CLIError(f"error: missing required argument '{key}'")
        result = client.call(method, {key: opts["positional"][0].strip()}, opts)
        if opts["json"]:
            out(json.dumps(result, indent=2))
        else:
            out(f"{verb} {(result or {}).get('deviceId') or opts['positional'][0]}")
    return run


COMMANDS = {
    "list": list_, "clear": clear, "approve": approve,
    "reject": by_id("device.pair.reject", "requestId", "Rejected"),
    "remove": by_id("device.pair.remove", "deviceId", "Removed"),
}


def main(args):
    command = args[0] if args else ""
    if command not in COMMANDS:
        raise CLIError(f"error: unknown command 'devices {command}'")
    COMMANDS[command](options(args[1:]))
