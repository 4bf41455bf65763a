"""The stand-in gateway as a record in the fake docker's state, for process tests that have no
engine and must leave no process behind: the same start rules (standin_startup), restarts
(standin_reload), HTTP answers (standin_http) and connect decisions (standin_connect) as the
stand-in gateway, evaluated when a docker call arrives, with wall-clock times in the record.

A config write that needs a restart (gateway.* and the like) is noticed when the `exec` that
made it returns; after the 300 ms debounce the gateway drains for FAKE_DOCKER_GATEWAY_DRAIN_MS
(default 100; /readyz 503 from 2026.6.11) and is closed for FAKE_DOCKER_GATEWAY_RESTART_MS
(default 1000: long enough that pomclaw's wait after a write is exercised, short enough for
process tests), then serves again with the config on disk, in the same container. Writes
within the debounce make one restart, decided on the last content (openclaw-versions.md §4;
U src/gateway/config-reload.ts). Only writes through `exec … openclaw` are noticed.

Record fields (in the container's state under "gateway"): config (the running config), env
(the container's environment), since (epoch the listener opened), pending ({since, restart}:
a change seen, decided when its debounce ends), window ({closes, reopens}: a restart in
progress), restarts (config restarts so far; each counts when its write is seen), host/port.
"""
import json
import os
import re

import standin_auth as auth_rules
import standin_config as store
import standin_http
import standin_reload as reload_rules
import standin_startup as startup

DEBOUNCE = 0.3


def setting_ms(name, default):
    return int(os.environ.get(name, str(default)) or default) / 1000


def container_env(directory):
    """The gateway service's `environment:` in the install's compose.yaml (mapping or list
    form), with ${VAR}, ${VAR:-default}, ${VAR-default} and ${VAR:?message} taken from .env
    (compose-spec interpolation), as the container would see it."""
    from_env_file = read_dotenv(directory)
    try:
        with open(os.path.join(directory, "compose.yaml")) as handle:
            lines = handle.read().splitlines()
    except OSError:
        return {}
    values, in_service, in_env, indent = {}, False, False, None
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        depth = len(line) - len(line.lstrip())
        if depth == 2 and stripped.endswith(":"):
            in_service, in_env = stripped == "openclaw-gateway:", False
            continue
        if not in_service:
            continue
        if depth == 4:
            in_env, indent = stripped == "environment:", None
            continue
        if in_env and depth > 4:
            indent = indent or depth
            if depth != indent:
                continue
            key, value = (stripped[2:].split("=", 1) + [""])[:2] if stripped.startswith("- ") \
                else [part.strip() for part in stripped.split(":", 1)]
            values[key.strip()] = interpolate(value.strip().strip('"').strip("'"), from_env_file)
    return values


def interpolate(text, variables):
    def replace(match):
        name, operator, argument = match.group(1), match.group(2) or "", match.group(3) or ""
        value = variables.get(name)
        missing = value is None or (operator.startswith(":") and value == "")
        if operator.endswith("-") and missing:
            return argument
        return value or ""
    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}", replace, text)


def read_dotenv(directory):
    values = {}
    try:
        with open(os.path.join(directory, ".env")) as handle:
            for line in handle:
                line = line.strip()
                if not line or line.startswith("#") or "=" not in line:
                    continue
                key, value = line.split("=", 1)
                value = value.strip()
                if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                    value = value[1:-1]
                else:
                    # As Compose reads an unquoted value: " #" starts an inline comment.
                    for index in range(1, len(value)):
                        if value[index] == "#" and value[index - 1] in " \t":
                            value = value[:index].rstrip()
                            break
                values[key.strip()] = value
    except FileNotFoundError:
        pass
    return values


def gateway_options(directory):
    """`--bind`/`--port` of the `openclaw gateway` command the install's entrypoint.sh runs."""
    options = {}
    try:
        with open(os.path.join(directory, "docker", "openclaw", "entrypoint.sh")) as handle:
            commands = [line for line in handle if re.search(r"\bopenclaw gateway\b", line)]
    except OSError:
        return options
    words = commands[-1].split() if commands else []
    for name in ("bind", "port"):
        if f"--{name}" in words and words.index(f"--{name}") + 1 < len(words):
            options[name] = words[words.index(f"--{name}") + 1].strip("\"'")
    return options


class View:
    """What standin_http needs of a running gateway."""

    def __init__(self, record, draining, now):
        self.auth = auth_rules.resolve(record["config"], record["env"])
        self.version = record["version"]
        self.draining = draining
        self.uptime_ms = lambda: int((now - record["since"]) * 1000)


def disk_config():
    text, _ = store.read_raw()
    return store.parse(text), text is not None


def start(record, directory, now):
    """Starts the gateway on the config on disk; raises StartFailure like the gateway."""
    os.environ["OPENCLAW_STANDIN_VERSION"] = record["version"]
    try:
        config, exists = disk_config()
    except store.CLIError as error:
        raise startup.StartFailure(str(error).splitlines(), 1)
    issues = store.schema.validate(config)
    if issues:
        raise startup.StartFailure(store.invalid(issues).args[0].splitlines(), 1)
    plan = startup.plan(config, exists, record["env"], gateway_options(directory), True)
    startup.migrate_state(store.state_dir())
    if plan["seedOrigins"]:
        store.assign(config, ["gateway", "controlUi", "allowedOrigins"], plan["seedOrigins"])
        store.write(config, store.read_raw()[1])
        record["logs"].append(f"[gateway] seeded gateway.controlUi.allowedOrigins: {', '.join(plan['seedOrigins'])}")
    record.update({"config": config, "host": plan["host"], "port": plan["port"], "since": now,
                   "pending": None, "window": None})
    record["logs"].append(f"[gateway] listening on ws://{plan['host']}:{plan['port']} (PID 7)")


def advance(record, now):
    """Brings the record to `now`: a debounce that ended becomes a restart (or a hot reload).
    Returns the time a restart ended, when one did: the caller starts the gateway again as of
    then (the start rules may fail it)."""
    pending = record.get("pending")
    if pending and now >= pending["since"] + DEBOUNCE:
        record["pending"] = None
        config = disk_config()[0]
        if pending["restart"]:
            closes = pending["since"] + DEBOUNCE + setting_ms("FAKE_DOCKER_GATEWAY_DRAIN_MS", 100)
            record["window"] = {"closes": closes, "reopens": closes + setting_ms("FAKE_DOCKER_GATEWAY_RESTART_MS", 1000)}
            reasons = reload_rules.restart_reasons(record["config"], config)
            record["logs"] += [f"[reload] config change requires gateway restart ({', '.join(reasons)})",
                               "[gateway] received SIGUSR1; restarting"]
            if reload_rules.supervised(record["env"]):
                record["logs"].append("[gateway] restart mode: full process restart (supervisor restart)")
                record["supervisedExit"] = True
            else:
                record["logs"].append("[gateway] restart mode: in-process restart "
                                      "(container: use in-process restart to keep PID 1 alive)")
        elif reload_rules.reload_mode(config) != "off":
            record["config"] = config
    window = record.get("window")
    if window and now >= window["reopens"]:
        record["window"] = None
        return window["reopens"]
    return None


def after_write(record, now):
    """Notices a change of the config on disk made by an `exec`; True when it will restart."""
    if record.get("window"):
        return False  # a restart already in progress reads the newest file when it reopens
    config = disk_config()[0]
    pending = record.get("pending")
    if not pending and config == record["config"]:
        return False
    restart = bool(reload_rules.restart_reasons(record["config"], config))
    if pending and pending["restart"]:
        record["restarts"] -= 1
    record["pending"] = {"since": now, "restart": restart}
    record["restarts"] += int(restart)
    return restart


def phase(record, now):
    """serving, draining or closed."""
    window = record.get("window")
    if not window:
        return "serving"
    return "draining" if now < window["closes"] else "closed"


HOSTS_LOOPBACK = ("127.0.0.1", "localhost")


def fetch(record, ip, url, headers, now):
    """(status or None when refused, body bytes) of an HTTP request from inside the container."""
    match = re.match(r"^https?://(\[[^\]]+\]|[^/:]+)(?::(\d+))?(/.*)?$", url)
    if not match:
        return None, b""
    host, port, path = match.group(1), int(match.group(2) or 80), match.group(3) or "/"
    state = phase(record, now)
    own = host in ("openclaw-gateway", ip)
    if state == "closed" or port != record["port"] or not (host in HOSTS_LOOPBACK or own):
        return None, b""
    if host not in HOSTS_LOOPBACK and record["host"] in ("127.0.0.1", "::1"):
        return None, b""
    peer = "127.0.0.1" if host in HOSTS_LOOPBACK else ip
    request = auth_rules.Request(peer, {"host": f"{host}:{port}", **headers}, peer)
    answer = standin_http.respond(View(record, state == "draining", now), request, "GET", path)
    return answer.status, answer.body


def curl(record, ip, args, now):
    """(exit status, stdout, stderr) of `curl ARGS` run inside the gateway container (`record`
    None: the gateway is not running): -s, -S, -f, -o FILE|- (paired with the URLs in order;
    a file inside the container is discarded), -w with %{http_code}, -H, --max-time; several
    URLs are fetched in turn and the last one's status is returned. Nothing listening:
    http_code 000 and exit 7, as curl ("Failed to connect", exit 7: curl's man page, EXIT CODES)."""
    urls, outputs, headers, write_out = [], [], {}, None
    silent = show_error = fail_on_error = False
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in ("-o", "--output", "-w", "--write-out", "-H", "--header", "--max-time", "-m", "--connect-timeout"):
            value = args[index + 1] if index + 1 < len(args) else ""
            if arg in ("-o", "--output"):
                outputs.append(value)
            elif arg in ("-w", "--write-out"):
                write_out = value
            elif arg in ("-H", "--header"):
                name, _, header_value = value.partition(":")
                headers[name.strip().lower()] = header_value.strip()
            index += 2
            continue
        if arg.startswith("-") and not arg.startswith("--"):
            silent |= "s" in arg
            show_error |= "S" in arg
            fail_on_error |= "f" in arg
        elif not arg.startswith("-"):
            urls.append(arg)
        index += 1
    status, out, err = 0, b"", ""
    for position, url in enumerate(urls):
        code, body = fetch(record, ip, url, headers, now) if record else (None, b"")
        if code is None:
            status = 7
            if not silent or show_error:
                err += f"curl: (7) Failed to connect to {url.split('://', 1)[-1].split('/', 1)[0]} after 0 ms: " \
                       "Couldn't connect to server\n"
        else:
            status = 22 if fail_on_error and code >= 400 else 0
            if (outputs[position] if position < len(outputs) else "-") == "-":
                out += body
        if write_out is not None:
            out += write_out.replace("%{http_code}", "%03d" % (code or 0)).replace("\\n", "\n").encode()
    return status, out, err


def rpc_hook(record, now, log_path):
    """The hook (OPENCLAW_STANDIN_GATEWAY_FILE's contents) for an `exec … openclaw devices …`
    (standin_client)."""
    reachable = phase(record, now) != "closed"
    return json.dumps({"reachable": reachable, "config": record["config"], "env": record["env"], "log": log_path})

