"""Which OpenClaw release the stand-in plays, and what that release can do: the one table every
version-dependent behaviour of the stand-in (CLI, gateway, the fake docker's gateway model)
reads, so pomclaw's tests meet each release as its users would.

The release is the image's OPENCLAW_VERSION (build.sh writes it to VERSION), or
OPENCLAW_STANDIN_VERSION when set (the fake docker and host-run tests set it). Versions are
`YYYY.M.N` with an optional `-k` correction suffix (`2026.7.1-2`); they compare numerically,
so the extended-stable line `2026.6.33` sorts in June, before `2026.7.1`
(openclaw-versions.md §0).

"Source" in each row names where the change is stated; "main → release" rows were dated on
OpenClaw's main branch and carried to the first regular release cut after that date.
"""
import hashlib
import os
import re

VERSION_FILE = "/usr/local/lib/openclaw-standin/VERSION"

# capability: (first release that has it, source)
CAPABILITIES = {
    # `config patch --stdin|--file`: on main from 2026-04-29, so in 2026.6.5
    # (docs/cli/config.md@7b72e7e73c30 "## `config patch`"; `git log -S"config patch"` → aaac50e81).
    "config_patch": ("2026.6.5", "docs/cli/config.md@7b72e7e73c30"),
    # trusted-proxy loopback opt-in and the local-direct password fallback: main 2026-04-27/28
    # (openclaw-versions.md §3).
    "local_password_fallback": ("2026.6.5", "openclaw-versions.md §3, §7"),
    # /readyz answers 503 while a restart drains (openclaw-versions.md §4 step 2, §5; #94915).
    "readyz_draining": ("2026.6.11", "openclaw-versions.md §5"),
    # Success hints `Change will apply without restarting the gateway.` / `No gateway restart
    # needed.` and `No change` for no-op writes: docs main 2026-07-05, before 2026.7.1 was
    # released on 2026-07-13; whether 7.1 carries it is unconfirmed (openclaw-versions.md §6).
    "config_write_hints": ("2026.7.1", "openclaw-versions.md §6; docs/cli/config.md@c0a8fa9ab2ea:456-464"),
    # Refusing a proxy source equal to one of the gateway host's own addresses: main
    # 2026-07-05, "likely 7.1 (unconfirmed)"; the stand-in takes the earlier, less friendly
    # answer (openclaw-versions.md §3).
    "local_interface_guard": ("2026.7.1", "openclaw-versions.md §3"),
    # Everything of the 2026.7.2 train first ships in 2026.8.1 (no stable 7.2 exists,
    # openclaw-versions.md §0):
    "config_get_json_error": ("2026.8.1", "openclaw-versions.md §6"),
    "batch_file_regular_only": ("2026.8.1", "openclaw-audit.md #40; openclaw-versions.md §6"),
    "device_auto_approve": ("2026.8.1", "openclaw-versions.md §1"),
    "identity_scopes": ("2026.8.1", "openclaw-versions.md §2"),
    "questions_and_talk_scopes": ("2026.8.1", "openclaw-versions.md §2 (Scopes table)"),
    "device_auth_flag_inert": ("2026.8.1", "openclaw-audit.md #30; openclaw-versions.md §1"),
    "reload_modes_trimmed": ("2026.8.1", "openclaw-versions.md §4 (`gateway.reload`)"),
    "control_ui_insecure_auth_retired": ("2026.8.1", "openclaw-versions.md §6 (config schema row)"),
    "state_schema_v6": ("2026.8.1", "openclaw-versions.md §6 (data); docs/reference/database-schemas.md@c0a8fa9ab2ea"),
    # Proxy attribution (`proxy_attribution_required`): main 2026-08-17, in 2026.9.1; whether
    # 2026.8.1 has it is unconfirmed, so it starts at 9.1 where it was observed.
    "proxy_attribution": ("2026.9.1", "openclaw-versions.md §3"),
    # Same-key scope-upgrade auto-approval (openclaw-versions.md §1 "Scope upgrades").
    "same_key_scope_upgrade": ("2026.9.1", "openclaw-versions.md §1"),
}

# Protocol version the modelled releases speak (docs/gateway/protocol.md@7b72e7e73c30
# "Client constants": PROTOCOL_VERSION 4).
PROTOCOL_VERSION = 4

_VERSION = re.compile(r"^(\d{4})\.(\d+)\.(\d+)(?:-(\d+))?$")


def parse(text):
    """`2026.7.1-2` → (2026, 7, 1, 2); raises ValueError for anything else."""
    match = _VERSION.match(text.strip())
    if not match:
        raise ValueError(f"not an OpenClaw release version (YYYY.M.N[-k]): {text!r}")
    year, month, number, correction = match.groups()
    return int(year), int(month), int(number), int(correction or 0)


def current():
    """The release this stand-in plays."""
    override = os.environ.get("OPENCLAW_STANDIN_VERSION", "").strip()
    if override:
        return override
    try:
        with open(VERSION_FILE) as handle:
            return handle.read().strip()
    except OSError:
        raise SystemExit("stand-in: no release: set OPENCLAW_STANDIN_VERSION or build the image with build.sh")


def has(capability, version=None):
    """True when `version` (default: the current release) has `capability`."""
    first, _source = CAPABILITIES[capability]
    return parse(version or current()) >= parse(first)


def commit(version=None):
    """A short commit id for `--version` (`OpenClaw <ver> (<commit>)`, openclaw-audit.md #4).
    The stand-in has no upstream commit: this is a stable digest of the version."""
    return hashlib.sha1((version or current()).encode()).hexdigest()[:7]
