"""Whether the gateway starts with a config, and how: the start-up rules of `openclaw gateway`,
shared by the stand-in gateway (at start and after every in-process restart) and the fake
docker's gateway model (its crash loops). The rules, messages and exit codes are U
src/cli/gateway-cli/run.ts and src/gateway/server-runtime-config.ts at openclaw@8f8492d172f4
(openclaw-audit.md #9-#17), with the newer answers where the audit says so.

Knob: OPENCLAW_STANDIN_CONTAINER=1|0 overrides container detection (default: detect), for
tests that run the stand-in on a host that is itself a container.
"""
import os
import sqlite3

import standin_auth as auth_rules
import standin_config as store
import standin_release as release

EXIT_CONFIG_ERROR = 78  # EX_CONFIG (openclaw-audit.md #10, #14)
BIND_MODES = ("loopback", "lan", "tailnet", "auto", "custom")


class StartFailure(Exception):
    """The gateway does not start: the lines it prints, and its exit status."""

    def __init__(self, lines, status):
        super().__init__(lines[0])
        self.lines, self.status = lines, status


def in_container():
    """/.dockerenv, /run/.containerenv or a container cgroup (openclaw-audit.md #9: U
    src/gateway/net.ts:245-278)."""
    forced = os.environ.get("OPENCLAW_STANDIN_CONTAINER")
    if forced in ("0", "1"):
        return forced == "1"
    if os.path.exists("/.dockerenv") or os.path.exists("/run/.containerenv"):
        return True
    try:
        with open("/proc/1/cgroup") as handle:
            return any(marker in handle.read() for marker in ("docker", "kubepods", "containerd", "libpod"))
    except OSError:
        return False


def failed(message):
    """`Gateway failed to start: <String(err)>`, exit 1 (U run.ts:593-594)."""
    return StartFailure([f"Gateway failed to start: Error: {message}"], 1)


def plan(config, exists, env, options, container, version=None):
    """{"bind", "host", "port", "auth", "seedOrigins"} for a config the gateway starts with,
    else raises StartFailure. `options`: --bind, --port, --allow-unconfigured."""
    gateway = config.get("gateway") if isinstance(config.get("gateway"), dict) else {}
    bind = options.get("bind") or gateway.get("bind")
    if bind is not None and bind not in BIND_MODES:
        raise StartFailure(['Invalid --bind (use "loopback", "lan", "tailnet", "auto", or "custom")'], 1)
    port = int(options.get("port") or env.get("OPENCLAW_GATEWAY_PORT") or gateway.get("port") or 18789)
    mode = gateway.get("mode")
    if mode != "local" and not options.get("allowUnconfigured"):
        audit = f"Config write audit: {os.path.join(store.state_dir(), 'logs', 'config-audit.jsonl')}"
        if not exists:
            raise StartFailure(["Missing config. Run `openclaw setup` or set gateway.mode=local "
                                "(or pass --allow-unconfigured)."], EXIT_CONFIG_ERROR)
        if mode is None:
            raise StartFailure([
                "Gateway start blocked: existing config is missing gateway.mode. Treat this as suspicious or "
                "clobbered config. Re-run `openclaw onboard --mode local` or `openclaw setup`, set "
                "gateway.mode=local manually, or pass --allow-unconfigured.", audit], EXIT_CONFIG_ERROR)
        raise StartFailure([f"Gateway start blocked: set gateway.mode=local (current: {mode}) or pass "
                            "--allow-unconfigured.", audit], EXIT_CONFIG_ERROR)
    bind = bind or ("auto" if container else "loopback")  # openclaw-audit.md #9
    host = {"loopback": "127.0.0.1", "lan": "0.0.0.0", "auto": "0.0.0.0" if container else "127.0.0.1",
            "custom": gateway.get("customBindHost") or "0.0.0.0",
            # No Tailscale here: a tailnet bind has no address but loopback (unconfirmed).
            "tailnet": "127.0.0.1"}[bind]
    auth = auth_rules.resolve(config, env)
    configured = (gateway.get("auth") or {}) if isinstance(gateway.get("auth"), dict) else {}
    if configured.get("token") and configured.get("password") and not configured.get("mode"):
        # docs/gateway/configuration-reference.md@7b72e7e73c30 "Gateway field details" (wording unconfirmed)
        raise failed("gateway.auth.token and gateway.auth.password are both configured; set gateway.auth.mode")
    if auth["mode"] == "password" and not auth["password"]:
        raise StartFailure(["Gateway auth is set to password, but no password is configured.",
                            "Set gateway.auth.password (or OPENCLAW_GATEWAY_PASSWORD), or pass --password."],
                           EXIT_CONFIG_ERROR)
    shared = (auth["mode"] == "token" and auth["token"]) or (auth["mode"] == "password" and auth["password"])
    # A fresh config without any secret: U bootstrapped a token, newer releases refuse with 78
    # (openclaw-audit.md #11, not determinable for 2026.6.5); the stand-in refuses.
    if bind != "loopback" and not shared and auth["mode"] != "trusted-proxy":
        lines = [f"Refusing to bind gateway to {bind} without auth."]
        if container:
            lines += ["Container environment detected \u2014 the gateway defaults to bind=auto (0.0.0.0) for "
                      "port-forwarding compatibility.",
                      "Set OPENCLAW_GATEWAY_TOKEN or OPENCLAW_GATEWAY_PASSWORD, or pass --token/--password to "
                      "start with auth."]
        else:
            lines += ["Set gateway.auth.token/password (or OPENCLAW_GATEWAY_TOKEN/OPENCLAW_GATEWAY_PASSWORD) "
                      "or pass --token/--password."]
        raise StartFailure(lines, EXIT_CONFIG_ERROR)
    _runtime_checks(auth)
    seed = []
    if host not in ("127.0.0.1", "::1") and not auth["allowedOrigins"] and \
            auth["controlUi"].get("dangerouslyAllowHostHeaderOriginFallback") is not True:
        # Seeded and written instead of refusing (openclaw-audit.md #17).
        seed = [f"http://localhost:{port}", f"http://127.0.0.1:{port}"]
    return {"bind": bind, "host": host, "port": port, "auth": auth, "seedOrigins": seed}


def _runtime_checks(auth):
    """assertGatewayAuthConfigured and the trusted-proxy requirements (openclaw-audit.md #15,
    #16; messages of the newer src/gateway/auth.ts, index id 57797734463)."""
    if auth["mode"] == "token" and not auth["token"]:
        raise failed("gateway auth mode is token, but no token was configured (set gateway.auth.token or "
                     "OPENCLAW_GATEWAY_TOKEN).")
    if auth["mode"] != "trusted-proxy":
        return
    if not auth["trustedProxy"]:
        raise failed("gateway auth mode is trusted-proxy, but no trustedProxy config was provided "
                     "(set gateway.auth.trustedProxy)")
    if not (auth["trustedProxy"].get("userHeader") or "").strip():
        raise failed("gateway auth mode is trusted-proxy, but trustedProxy.userHeader is empty "
                     "(set gateway.auth.trustedProxy.userHeader)")
    if auth["token"]:
        raise failed("gateway auth mode is trusted-proxy, but a shared token is also configured; remove "
                     "gateway.auth.token / OPENCLAW_GATEWAY_TOKEN because trusted-proxy and token auth are "
                     "mutually exclusive")
    if not auth["trustedProxies"]:
        raise failed("gateway auth mode=trusted-proxy requires gateway.trustedProxies to be configured with "
                     "at least one proxy IP")


def state_schema(version=None):
    """The state-database schema a release reads and writes: 1 through 2026.7.1, 6 from 2026.8.1
    (docs/reference/database-schemas.md@c0a8fa9ab2ea "State schema history": 6 arrived in
    v2026.7.2-beta.5; which later number 8.1 ships is unconfirmed, any number above 1 refuses
    the older releases alike)."""
    return 6 if release.has("state_schema_v6", version) else 1


def migrate_state(state_dir, version=None):
    """Opens <state dir>/state/openclaw.sqlite as the gateway does before starting: a newer
    schema than the release supports is refused ("newer schema version", exit 1); an older
    one is migrated forward, one way (openclaw-versions.md §6 "data")."""
    supported = state_schema(version)
    folder = os.path.join(state_dir, "state")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    path = os.path.join(folder, "openclaw.sqlite")
    database = sqlite3.connect(path)
    try:
        found = database.execute("PRAGMA user_version").fetchone()[0]
        if found > supported:
            raise StartFailure([
                f"Gateway failed to start: Error: newer schema version: {path} has state schema {found}; "
                f"OpenClaw {version or release.current()} ({release.commit(version)}) supports state schema "
                f"{supported}. Restore a backup or run a newer OpenClaw."], 1)
        if found < supported:
            database.execute(f"PRAGMA user_version = {supported}")
            database.commit()
    finally:
        database.close()
