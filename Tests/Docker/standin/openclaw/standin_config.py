"""The stand-in OpenClaw's config file: where it is, reading, paths, redaction and guarded writes.

- State dir: $OPENCLAW_STATE_DIR, else ~/.openclaw; config: $OPENCLAW_CONFIG_PATH, else
  <state dir>/openclaw.json (openclaw-audit.md #5). A missing file is an empty config.
- The file is JSON5 (openclaw-audit.md #5; docs/cli/config.md@7b72e7e73c30); writes are JSON.
- A write refuses with `ConfigMutationConflictError: config changed since last load` when the
  file changed since it was read, and writes nothing (openclaw-audit.md #44).
- Every write stamps meta.lastTouchedVersion and meta.lastTouchedAt (openclaw-audit.md #47).

Test knobs, files in the state dir, absent (off) by default:
  .standin-conflicts    an integer N: the next N writes fail with a conflict (N counts down)
  .standin-write-delay  seconds to wait between reading and writing (widens race windows)
"""
import fcntl
import hashlib
import json
import os
import re
import sys
import tempfile
import time

import standin_json5 as json5
import standin_release as release
import standin_schema as schema

REDACTED = "__OPENCLAW_REDACTED__"
# Sensitive keys: /token$/i and /password/i (openclaw-audit.md #35).
_SENSITIVE = (re.compile(r"token$", re.IGNORECASE), re.compile(r"password", re.IGNORECASE))
AUTO_MANAGED = ("meta.lastTouchedVersion", "meta.lastTouchedAt")


class CLIError(Exception):
    """An error the CLI prints on stderr before exiting with `status`; `stdout` is printed
    on stdout first (the `--json` error object of newer releases)."""

    def __init__(self, message, status=1, stdout=None):
        super().__init__(message)
        self.status = status
        self.stdout = stdout


def state_dir():
    if os.environ.get("OPENCLAW_STATE_DIR"):
        return os.environ["OPENCLAW_STATE_DIR"]
    return os.path.join(os.path.expanduser("~"), ".openclaw")


def config_path():
    return os.environ.get("OPENCLAW_CONFIG_PATH") or os.path.join(state_dir(), "openclaw.json")


# --- paths -------------------------------------------------------------------------------

# Dots, `\.` escapes, `[0]` and `["a.b"]` (openclaw-versions.md §2: U src/cli/config-cli.ts:110-160).
_SEGMENT = re.compile(r'\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|\.?((?:[^.\[\]\\]|\\.)+)')


def parse_path(text):
    """`a.b`, `a\\.b`, `a["b.c"]`, `a[0]` and `a.0` into segments (str keys, int indexes)."""
    segments, position = [], 0
    while position < len(text):
        match = _SEGMENT.match(text, position)
        if not match or match.end() == position:
            raise CLIError(f"Error: Invalid path: {text}")
        quoted, index, plain = match.groups()
        if quoted is not None:
            segments.append(json.loads(f'"{quoted}"'))
        elif index is not None:
            segments.append(int(index))
        elif plain.isdigit():
            segments.append(int(plain))
        else:
            segments.append(re.sub(r"\\(.)", r"\1", plain))
        position = match.end()
    if not segments:
        raise CLIError("Error: Path is empty.")
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
            raise CLIError(f"Error: Cannot set key {segment!r} on an array")
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
    if isinstance(value, str) and any(pattern.search(key) for pattern in _SENSITIVE):
        return REDACTED
    return value


def without_meta(config):
    return {key: value for key, value in config.items() if key != "meta"}


# --- the file ----------------------------------------------------------------------------


def read_raw():
    """(text or None, sha256 of the bytes or None)."""
    try:
        with open(config_path(), "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return None, None
    return data.decode("utf-8", "replace"), hashlib.sha256(data).hexdigest()


def invalid(issues):
    """The error for an invalid config: `Config invalid at <path>.`, one `- path: msg` line
    per issue, then the doctor hint (openclaw-audit.md #36: U config-cli.ts:324-336)."""
    lines = [f"Config invalid at {config_path()}."] + [f"- {issue}" for issue in issues]
    return CLIError("\n".join(lines + ["Run `openclaw doctor` to repair, then retry."]))


def parse(text):
    if text is None or not text.strip():
        return {}
    try:
        config = json5.loads(text)
    except json5.JSON5Error as error:
        raise invalid([f"<root>: {error}"])
    if not isinstance(config, dict):
        raise invalid(["<root>: expected object"])
    return config


def load(validated=True):
    """(config, hash it was read with). With `validated`, an invalid config is an error."""
    text, digest = read_raw()
    config = parse(text)
    if validated:
        issues = schema.validate(config)
        if issues:
            raise invalid(issues)
    return config, digest


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


def check(config):
    """Raises the validation error a write of `config` gets."""
    issues = schema.validate(config)
    if issues:
        raise CLIError("Error: Config validation failed:\n" + "\n".join(f"- {i}" for i in issues))


def write(config, read_hash):
    """Writes `config` unless the file changed since it was read with `read_hash`."""
    check(config)
    try:
        with open(_knob(".standin-write-delay")) as handle:
            time.sleep(float(handle.read().strip() or "0"))
    except (OSError, ValueError):
        pass
    folder = os.path.dirname(config_path())
    os.makedirs(folder, mode=0o700, exist_ok=True)
    config.setdefault("meta", {})
    config["meta"]["lastTouchedVersion"] = release.current()
    config["meta"]["lastTouchedAt"] = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    os.makedirs(state_dir(), mode=0o700, exist_ok=True)
    with open(os.path.join(state_dir(), ".standin.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _take_injected_conflict() or read_raw()[1] != read_hash:
            raise CLIError("ConfigMutationConflictError: config changed since last load")
        handle = tempfile.NamedTemporaryFile("w", dir=folder, prefix=".openclaw.json.", delete=False)
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
