"""The stand-in OpenClaw's config file: paths, reading, redaction and guarded writes.

Behaviour follows pomclaw's reference of the OpenClaw CLI (reference/openclaw.md §3–§4):
the file is JSON at $OPENCLAW_CONFIG_PATH, else $OPENCLAW_STATE_DIR/openclaw.json, else
~/.openclaw/openclaw.json; a missing file means an empty config. Every write compares the hash
of the file it read with the file's hash just before writing (under a lock) and refuses with
ConfigMutationConflictError when they differ.

Test knobs, in the config's folder:
  .standin-conflicts    an integer N: the next N writes fail with a conflict (N counts down)
  .standin-write-delay  seconds to wait between reading and writing (widens race windows)
"""
import fcntl
import hashlib
import ipaddress
import json
import os
import re
import sys
import tempfile
import time

REDACTED = "__OPENCLAW_REDACTED__"
SENSITIVE_KEYS = re.compile(r"(token|password|secret|apikey|api_key)$", re.IGNORECASE)
VERSION_FILE = "/usr/local/lib/openclaw-standin/VERSION"


class CLIError(Exception):
    """An error the CLI prints on stderr before exiting with `status`."""

    def __init__(self, message, status=1):
        super().__init__(message)
        self.status = status


def version():
    try:
        with open(VERSION_FILE) as handle:
            return handle.read().strip()
    except OSError:
        return "0.0.0"


def config_path():
    if os.environ.get("OPENCLAW_CONFIG_PATH"):
        return os.environ["OPENCLAW_CONFIG_PATH"]
    if os.environ.get("OPENCLAW_STATE_DIR"):
        return os.path.join(os.environ["OPENCLAW_STATE_DIR"], "openclaw.json")
    return os.path.join(os.path.expanduser("~"), ".openclaw", "openclaw.json")


def state_dir():
    return os.path.dirname(config_path())


# --- paths -------------------------------------------------------------------------------

_SEGMENT = re.compile(r'\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|\.?([^.\[\]]+)')


def parse_path(text):
    """`a.b`, `a["b.c"]`, `a[0]` and `a.0` into segments (str keys, int indexes)."""
    segments, position = [], 0
    while position < len(text):
        match = _SEGMENT.match(text, position)
        if not match or match.end() == position:
            raise CLIError(f"Invalid config path: {text}")
        quoted, index, plain = match.groups()
        if quoted is not None:
            segments.append(json.loads(f'"{quoted}"'))
        elif index is not None:
            segments.append(int(index))
        elif plain.isdigit():
            segments.append(int(plain))
        else:
            segments.append(plain)
        position = match.end()
    if not segments:
        raise CLIError("Config path is empty")
    return segments


_MISSING = object()


def lookup(config, segments):
    node = config
    for segment in segments:
        if isinstance(node, dict) and isinstance(segment, str) and segment in node:
            node = node[segment]
        elif isinstance(node, list) and isinstance(segment, int) and segment < len(node):
            node = node[segment]
        else:
            return _MISSING
    return node


def is_missing(value):
    return value is _MISSING


def assign(config, segments, value):
    node = config
    for segment, following in zip(segments, segments[1:]):
        child = lookup(node, [segment])
        if not isinstance(child, (dict, list)):
            child = [] if isinstance(following, int) else {}
            _put(node, segment, child)
        node = child
    _put(node, segments[-1], value)


def _put(node, segment, value):
    if isinstance(node, list):
        if not isinstance(segment, int):
            raise CLIError(f"Cannot set key {segment!r} on an array")
        while len(node) <= segment:
            node.append(None)
        node[segment] = value
    else:
        node[str(segment)] = value


def remove(config, segments):
    """Deletes the value at `segments`; False when there was none."""
    parent = lookup(config, segments[:-1]) if len(segments) > 1 else config
    last = segments[-1]
    if isinstance(parent, dict) and isinstance(last, str) and last in parent:
        del parent[last]
        return True
    if isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        del parent[last]
        return True
    return False


def redacted(value, key=""):
    if isinstance(value, dict):
        return {k: redacted(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [redacted(v, key) for v in value]
    if isinstance(value, str) and SENSITIVE_KEYS.search(key):
        return REDACTED
    return value


# --- the file ----------------------------------------------------------------------------


def read_raw():
    """(text or None, sha256 of the bytes or None)."""
    try:
        with open(config_path(), "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return None, None
    return data.decode("utf-8", "replace"), hashlib.sha256(data).hexdigest()


def parse(text):
    if text is None or not text.strip():
        return {}
    try:
        config = json.loads(text)
    except ValueError as error:
        raise CLIError(
            f"OpenClaw config is invalid: {config_path()}\n  - <root>: {error}\n"
            "Run `openclaw doctor --fix` to repair, then retry.")
    if not isinstance(config, dict):
        raise CLIError(f"OpenClaw config is invalid: {config_path()}\n  - <root>: expected an object\n"
                       "Run `openclaw doctor --fix` to repair, then retry.")
    return config


def load():
    """(config, hash it was read with)."""
    text, digest = read_raw()
    return parse(text), digest


def validate(config):
    """A small part of OpenClaw's schema: the gateway fields pomclaw writes."""
    issues = []
    gateway = config.get("gateway", {})
    if not isinstance(gateway, dict):
        return ["gateway: expected an object"]
    if "mode" in gateway and gateway["mode"] not in ("local", "remote"):
        issues.append('gateway.mode: Invalid option: expected one of "local"|"remote"')
    auth = gateway.get("auth", {})
    if isinstance(auth, dict) and "mode" in auth and auth["mode"] not in ("none", "token", "password", "trusted-proxy"):
        issues.append('gateway.auth.mode: Invalid option: expected one of "none"|"token"|"password"|"trusted-proxy"')
    proxies = gateway.get("trustedProxies", [])
    if not isinstance(proxies, list) or not all(isinstance(p, str) for p in proxies):
        issues.append("gateway.trustedProxies: expected an array of strings")
    else:
        for proxy in proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError:
                issues.append(f"gateway.trustedProxies: not an IP address or CIDR: {proxy}")
    ui = gateway.get("controlUi", {})
    if isinstance(ui, dict) and not isinstance(ui.get("allowedOrigins", []), list):
        issues.append("gateway.controlUi.allowedOrigins: expected an array")
    return issues


def _knob(name):
    return os.path.join(state_dir(), name)


def _take_injected_conflict():
    path = _knob(".standin-conflicts")
    try:
        with open(path) as handle:
            remaining = int(handle.read().strip() or "0")
    except (OSError, ValueError):
        return False
    if remaining <= 0:
        return False
    try:
        with open(path, "w") as handle:
            handle.write(f"{remaining - 1}\n")
    except OSError as error:
        raise CLIError(f"stand-in: cannot count down {path}: {error.strerror}")
    return True


def write(config, read_hash):
    """Writes `config` unless the file changed since it was read with `read_hash`."""
    issues = validate(config)
    if issues:
        raise CLIError("Config validation failed:\n" + "\n".join(f"  - {i}" for i in issues))
    try:
        with open(_knob(".standin-write-delay")) as handle:
            time.sleep(float(handle.read().strip() or "0"))
    except (OSError, ValueError):
        pass
    folder = state_dir()
    os.makedirs(folder, mode=0o700, exist_ok=True)
    config.setdefault("meta", {})
    config["meta"]["lastTouchedVersion"] = version()
    config["meta"]["lastTouchedAt"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    with open(os.path.join(folder, ".standin.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _take_injected_conflict() or read_raw()[1] != read_hash:
            raise CLIError("ConfigMutationConflictError: config changed since last load")
        handle = tempfile.NamedTemporaryFile(
            "w", dir=folder, prefix=".openclaw.json.", delete=False)
        try:
            os.fchmod(handle.fileno(), 0o600)
            json.dump(config, handle, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            os.rename(handle.name, config_path())
        except BaseException:
            handle.close()
            os.unlink(handle.name)
            raise


def out(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def err(text):
    sys.stderr.write(text + "\n")
    sys.stderr.flush()
