"""What a config change does to a running gateway: which changed paths restart it, which apply
hot, which change nothing. Shared by the stand-in gateway (its file watcher), the CLI (its
success hints) and the fake docker's gateway model, so all three agree.

Rules: src/gateway/config-reload-plan.ts at openclaw@8f8492d172f4 (openclaw-audit.md #48,
openclaw-versions.md §4 "What reloads and what restarts"): the first rule whose prefix matches
wins; a path no rule matches restarts. Changes are found by comparing the two configs path by
path (objects recursively, anything else as a whole), like `diffConfigPaths`.
"""

# (prefix, kind); first match wins (BASE_RELOAD_RULES, then BASE_RELOAD_RULES_TAIL).
RULES = [
    ("gateway.remote", "none"),
    ("gateway.reload", "none"),
    ("gateway.channelHealthCheckMinutes", "hot"),
    ("gateway.channelStaleEventThresholdMinutes", "hot"),
    ("gateway.channelMaxRestartsPerHour", "hot"),
    ("diagnostics.stuckSessionWarnMs", "none"),
    ("hooks", "hot"),
    ("agents.defaults.heartbeat", "hot"),
    ("agents.defaults.models", "hot"),
    ("agents.defaults.model", "hot"),
    ("models", "hot"),
    ("agents.list", "hot"),
    ("agent.heartbeat", "hot"),
    ("cron", "hot"),
    ("meta", "none"),
    ("identity", "none"),
    ("wizard", "none"),
    ("logging", "none"),
    ("agents", "none"),
    ("tools", "none"),
    ("bindings", "none"),
    ("audio", "none"),
    ("agent", "none"),
    ("routing", "none"),
    ("messages", "none"),
    ("session", "none"),
    ("talk", "none"),
    ("skills", "none"),
    ("secrets", "none"),
    ("plugins", "restart"),
    ("ui", "none"),
    ("gateway", "restart"),
    ("discovery", "restart"),
    ("canvasHost", "restart"),
]

# Environment variables that mark a supervised process: a config restart then exits 0 for the
# supervisor to start it again (openclaw-versions.md §4 "Restart mode by environment").
SUPERVISOR_MARKERS = ("INVOCATION_ID", "SYSTEMD_EXEC_PID", "JOURNAL_STREAM", "OPENCLAW_SYSTEMD_UNIT")


def kind(path):
    for prefix, rule in RULES:
        if path == prefix or path.startswith(prefix + "."):
            return rule
    return "restart"


def changed_paths(old, new, prefix=""):
    """Dotted paths whose values differ between `old` and `new`."""
    if isinstance(old, dict) and isinstance(new, dict):
        paths = []
        for key in list(old) + [key for key in new if key not in old]:
            path = f"{prefix}.{key}" if prefix else str(key)
            if key not in old or key not in new:
                paths.append(path)
            else:
                paths += changed_paths(old[key], new[key], path)
        return paths
    return [] if old == new else [prefix or "<root>"]


def plan(old, new):
    """{"restart": [...], "hot": [...], "none": [...]} for the change from `old` to `new`."""
    result = {"restart": [], "hot": [], "none": []}
    for path in changed_paths(old, new):
        result[kind(path)].append(path)
    return result


def reload_mode(config):
    """gateway.reload.mode, default `hybrid` (openclaw-versions.md §4 `gateway.reload`)."""
    gateway = config.get("gateway") if isinstance(config.get("gateway"), dict) else {}
    reload = gateway.get("reload") if isinstance(gateway.get("reload"), dict) else {}
    return reload.get("mode") or "hybrid"


def restart_reasons(old, new):
    """The changed paths that make a running gateway restart, empty when it does not:
    mode `off` ignores every change, `hot` ignores restart-only changes, `restart` restarts on
    any change (src/gateway/config-reload.ts `applySnapshot` at openclaw@8f8492d172f4)."""
    changes = plan(old, new)
    mode = reload_mode(new)
    if mode == "off":
        return []
    if mode == "restart":
        return changes["restart"] + changes["hot"] + changes["none"]
    if mode == "hot":
        return []
    return changes["restart"]


def supervised(env):
    """True when `env` carries a supervisor marker (and OPENCLAW_NO_RESPAWN is not truthy)."""
    if env.get("OPENCLAW_NO_RESPAWN", "").strip().lower() in ("1", "true", "yes", "on"):
        return False
    return any(env.get(name) for name in SUPERVISOR_MARKERS)
