"""`openclaw config get|set|unset|patch|validate|file` of the stand-in.

Sources: openclaw-audit.md #31-#47 (U src/cli/config-cli.ts, src/cli/config-set-input.ts at
openclaw@8f8492d172f4), docs/cli/config.md at 7b72e7e73c30 (D6) and c0a8fa9ab2ea (HEAD), and
openclaw-versions.md §6 for what changes in 2026.7.1 and 2026.8.1. Errors print as
`String(err)` (`Error: …`) on stderr with exit status 1, as U's `runtime.error(String(err))`.
"""
import json
import os
import stat
import sys

import standin_config as store
import standin_json5 as json5
import standin_release as release
import standin_reload as reload_rules
from standin_config import CLIError, out

# When a batch touches gateway.auth.mode, credentials the final mode does not use are removed
# (openclaw-audit.md #42: U config-cli.ts:353-393 `pruneInactiveGatewayAuthCredentials`).
PRUNED_BY_MODE = {"token": ["password"], "password": ["token"], "trusted-proxy": ["token", "password"]}
STDIN_PATCH_LIMIT = 1 << 20  # docs/cli/config.md@c0a8fa9ab2ea:277 "Piped --stdin patches are limited to 1 MiB"
FILE_LIMIT = 8 << 20  # docs/cli/config.md@c0a8fa9ab2ea:198,277 "limited to 8 MiB"


def take(args, name):
    """The value of option `name` (removed from `args`), or None."""
    if name not in args:
        return None
    index = args.index(name)
    if index + 1 >= len(args):
        raise CLIError(f"error: option '{name} <value>' argument missing")
    value = args[index + 1]
    del args[index:index + 2]
    return value


def positional(args):
    return [a for a in args if not a.startswith("--")]


def render(value, as_json):
    """Scalars raw, objects and arrays as 2-space JSON; `--json` always JSON
    (openclaw-audit.md #31)."""
    if as_json or isinstance(value, (dict, list)) or value is None:
        return json.dumps(value, indent=2)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def get(args):
    as_json = "--json" in args
    paths = positional(args)
    if len(paths) != 1:
        raise CLIError("error: missing required argument 'path'")
    segments = store.parse_path(paths[0])
    config, _ = store.load()
    value = store.lookup(store.redacted(config), segments)
    if store.is_missing(value):
        message = f"Config path not found: {paths[0]}"
        if as_json and release.has("config_get_json_error"):
            raise CLIError("", stdout=json.dumps({"error": message}, indent=2))
        raise CLIError(message)
    out(render(value, as_json))


def hint(old, new):
    """The success hint (openclaw-audit.md #41; from 2026.7.1 one of three by what the change
    does: openclaw-versions.md §6, docs/cli/config.md@c0a8fa9ab2ea:456-462)."""
    if not release.has("config_write_hints"):
        return "Restart the gateway to apply."
    changes = reload_rules.plan(store.without_meta(old), store.without_meta(new))
    if changes["restart"]:
        return "Restart the gateway to apply."
    if changes["hot"]:
        return "Change will apply without restarting the gateway."
    return "No gateway restart needed."


def unchanged(old, new):
    """From 2026.7.1 a write with no effective change prints `No change` and leaves the file
    untouched (docs/cli/config.md@c0a8fa9ab2ea:464)."""
    if release.has("config_write_hints") and store.without_meta(old) == store.without_meta(new):
        out("No change")
        return True
    return False


def parse_value(path, text, strict):
    """JSON5 when possible, else the raw string; `--strict-json` (legacy `--json`) requires
    JSON5 (docs/cli/config.md@7b72e7e73c30 "## Values")."""
    try:
        return json5.loads(text)
    except json5.JSON5Error as error:
        if strict:
            raise CLIError(f"Error: Failed to parse JSON5 value for {path}: {error}")
    return text


def read_batch_file(path):
    """Before 2026.8.1 any readable path, /dev/stdin included (`fs.readFileSync`); from 2026.8.1
    a regular file of at most 8 MiB (openclaw-audit.md #40; openclaw-versions.md §6)."""
    if not release.has("batch_file_regular_only"):
        try:
            with open(path, "rb") as handle:
                return handle.read().decode("utf-8")
        except OSError as error:
            raise CLIError(f"Error: ENOENT: no such file or directory, open '{path}'"
                           if error.errno == 2 else f"Error: {error.strerror}, open '{path}'")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise CLIError(f"Error: ENOENT: no such file or directory, open '{path}'"
                       if error.errno == 2 else f"Error: {error.strerror}, open '{path}'")
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise CLIError("Error: --batch-file must be a regular file")
        if info.st_size > FILE_LIMIT:
            raise CLIError("Error: Batch files are limited to 8 MiB.")
        return os.read(descriptor, FILE_LIMIT + 1).decode("utf-8")
    finally:
        os.close(descriptor)


def batch_operations(text, label):
    """A JSON5 array of {path, value|ref|provider} (openclaw-audit.md #38: U
    config-set-input.ts:82-128, with its messages)."""
    try:
        entries = json5.loads(text)
    except json5.JSON5Error as error:
        raise CLIError(f"Error: Failed to parse {label}: {error}")
    if not isinstance(entries, list):
        raise CLIError(f"Error: {label} must be a JSON array.")
    operations = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise CLIError(f"Error: {label}[{index}] must be an object.")
        path = entry.get("path").strip() if isinstance(entry.get("path"), str) else ""
        if not path:
            raise CLIError(f"Error: {label}[{index}].path is required.")
        modes = [key for key in ("value", "ref", "provider") if key in entry]
        if len(modes) != 1:
            raise CLIError(f"Error: {label}[{index}] must include exactly one of: value, ref, provider.")
        operations.append((path, entry[modes[0]]))
    return operations


def set_(args):
    args = list(args)
    batch_json, batch_file = take(args, "--batch-json"), take(args, "--batch-file")
    dry_run, merge = "--dry-run" in args, "--merge" in args
    strict = "--strict-json" in args or "--json" in args
    values = positional(args)
    if batch_json is not None and batch_file is not None:
        raise CLIError("Error: Use either --batch-json or --batch-file, not both.")
    if batch_json is not None or batch_file is not None:
        if values:
            raise CLIError("Error: batch mode does not accept <path> or <value> arguments.")
        operations = batch_operations(batch_json, "--batch-json") if batch_json is not None \
            else batch_operations(read_batch_file(batch_file), "--batch-file")
    elif len(values) == 2:
        operations = [(values[0], parse_value(values[0], values[1], strict))]
    else:
        raise CLIError("error: missing required argument 'path' or 'value'")
    old, read_hash = store.load()
    new = json.loads(json.dumps(old))
    for path, value in operations:
        if path in store.AUTO_MANAGED:
            raise CLIError(f"Error: {path} is auto-managed by OpenClaw and cannot be edited.")
        segments = store.parse_path(path)
        existing = store.lookup(new, segments)
        if merge and isinstance(existing, dict) and isinstance(value, dict):
            value = {**existing, **value}
        store.assign(new, segments, value)
    pruned = prune(new, operations)
    if dry_run:
        store.check(new)
        out(f"Dry run successful: {len(operations)} update(s) validated against {store.config_path()}.")
        return
    if unchanged(old, new):
        return
    store.write(new, read_hash)
    if pruned:
        mode = new["gateway"]["auth"].get("mode")
        out(f"Removed inactive {', '.join(pruned)} for gateway.auth.mode={mode}.")
    if len(operations) == 1:
        out(f"Updated {operations[0][0]}. {hint(old, new)}")
    else:
        out(f"Updated {len(operations)} config paths. {hint(old, new)}")


def prune(config, operations):
    if not any(path == "gateway.auth.mode" for path, _ in operations):
        return []
    auth = (config.get("gateway") or {}).get("auth")
    if not isinstance(auth, dict):
        return []
    removed = []
    for key in PRUNED_BY_MODE.get(auth.get("mode"), []):
        if key in auth:
            del auth[key]
            removed.append(f"gateway.auth.{key}")
    return removed


def unset(args):
    paths = positional(args)
    if len(paths) != 1:
        raise CLIError("error: missing required argument 'path'")
    old, read_hash = store.load()
    new = json.loads(json.dumps(old))
    if not store.remove(new, store.parse_path(paths[0])):
        raise CLIError(f"Config path not found: {paths[0]}")
    store.write(new, read_hash)
    out(f"Removed {paths[0]}. {hint(old, new)}")


def merge_patch(target, patch, path, replace):
    """Objects merge recursively, arrays and scalars replace, null deletes
    (docs/cli/config.md@7b72e7e73c30 "## `config patch`"); `--replace-path` replaces a subtree
    whole. Returns how many values the patch set or deleted."""
    count = 0
    for key, value in patch.items():
        child = f"{path}.{key}" if path else key
        if value is None:
            if key in target:
                del target[key]
                count += 1
        elif isinstance(value, dict) and isinstance(target.get(key), dict) and child not in replace:
            count += merge_patch(target[key], value, child, replace)
        else:
            target[key] = value
            count += 1
    return count


def patch(args):
    """`config patch --stdin | --file <path> [--dry-run] [--replace-path <p>]…`. Whether a
    patch that sets gateway.auth.mode prunes inactive credentials is not documented: the
    stand-in does not prune (a patch that means to remove them sets them to null). The success
    line `Applied <n> config update(s). <hint>` is from reference/openclaw.md §3.5 (unconfirmed
    upstream), as are the wordings of the refusals below; pomclaw relies on the exit status."""
    if not release.has("config_patch"):
        raise CLIError("error: unknown command 'patch'")
    args = list(args)
    replace = []
    while "--replace-path" in args:
        replace.append(".".join(str(s) for s in store.parse_path(take(args, "--replace-path"))))
    source = take(args, "--file")
    from_stdin, dry_run = "--stdin" in args, "--dry-run" in args
    if (source is None) == (not from_stdin):
        raise CLIError("Error: Use exactly one of --file <path> or --stdin.")
    if from_stdin:
        if sys.stdin.isatty():
            raise CLIError("Error: --stdin needs a piped patch, not a terminal.")
        data = sys.stdin.buffer.read(STDIN_PATCH_LIMIT + 1)
        if len(data) > STDIN_PATCH_LIMIT:
            raise CLIError("Error: Piped --stdin patches are limited to 1 MiB.")
    else:
        try:
            with open(source, "rb") as handle:
                data = handle.read(FILE_LIMIT + 1)
        except OSError as error:
            raise CLIError(f"Error: {error.strerror}, open '{source}'")
        if len(data) > FILE_LIMIT:
            raise CLIError("Error: Patch files are limited to 8 MiB.")
    try:
        changes = json5.loads(data.decode("utf-8"))
    except (json5.JSON5Error, UnicodeDecodeError) as error:
        raise CLIError(f"Error: Failed to parse the patch: {error}")
    if not isinstance(changes, dict):
        raise CLIError("Error: The patch must be a JSON5 object.")
    old, read_hash = store.load()
    new = json.loads(json.dumps(old))
    count = merge_patch(new, changes, "", replace)
    if dry_run:
        store.check(new)
        out(f"Dry run successful: {count} update(s) validated against {store.config_path()}.")
        return
    store.write(new, read_hash)
    out(f"Applied {count} config update(s). {hint(old, new)}")


def validate(_args):
    """Valid: a line naming the file (wording unconfirmed); invalid: the `Config invalid at`
    error (openclaw-audit.md #36)."""
    config = store.load(validated=False)[0]
    issues = store.schema.validate(config)
    if issues:
        raise store.invalid(issues)
    out(f"Config valid: {store.config_path()}")


COMMANDS = {"get": get, "set": set_, "unset": unset, "patch": patch, "validate": validate,
            "file": lambda _args: out(store.config_path())}
