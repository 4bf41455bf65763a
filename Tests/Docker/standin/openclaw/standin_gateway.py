"""The stand-in `openclaw gateway`: starts by OpenClaw's rules (standin_startup), serves HTTP and
the Gateway WebSocket on one port (standin_http, standin_connect), and restarts in process when
a change to its config needs it.

Restart (openclaw-versions.md §4, which corrects openclaw-audit.md #48): the gateway watches
its config file; after a 300 ms debounce (U src/gateway/config-reload.ts:23) a change that
needs a restart (standin_reload) logs `config change requires gateway restart (<paths>)` and
`received SIGUSR1; restarting`, drains (/readyz 503 from 2026.6.11), closes every WebSocket
with 1012 "service restart" (U src/gateway/server-close.ts:189), closes its listener, and
after a pause serves again in the same process with the config re-read; a config it cannot
start with ends the process with that start error's status. With a supervisor marker in the
environment the restart exits 0 instead. An invalid config file is skipped
(`config reload skipped (invalid config)`), the gateway runs on.

Knobs (test timing; the real gateway has no such settings):
  STANDIN_RESTART_SECONDS  how long the listener stays closed in a restart; default 3. The
                           real gap is about 7 s (openclaw-versions.md §4 step 4, TP 62671030222);
                           3 s keeps it well above a probe interval, so a client that does not
                           wait for the restart meets it, while keeping the stack tests short.
  STANDIN_DRAIN_MS         how long the drain lasts before the listener closes; default 250
                           (real: until active work ends, none here), so /readyz 503 can be seen.
"""
import os
import signal
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import standin_auth as auth_rules
import standin_config as store
import standin_connect as connect_rules
import standin_devices as pairing
import standin_http
import standin_release as release
import standin_reload as reload_rules
import standin_startup as startup
import standin_ws as ws
from standin_config import CLIError

DEBOUNCE_SECONDS = 0.3
HANDSHAKE_SECONDS = 15  # docs/gateway/protocol.md@7b72e7e73c30 "Client constants": preauth timeout


def log(text, subsystem="gateway"):
    sys.stdout.write(f"[{subsystem}] {text}\n")
    sys.stdout.flush()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_handler(gateway):
    """Requests to `gateway`: a WebSocket upgrade becomes a session, anything else gets
    standin_http's answer. Every response closes its connection, so a restart leaves no idle
    connection behind."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):
            pass

        def request_view(self):
            return auth_rules.Request(self.client_address[0], dict(self.headers.items()),
                                      self.connection.getsockname()[0])

        def handle_any(self):
            if (self.headers.get("Upgrade") or "").lower() == "websocket":
                gateway.websocket(self)
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            answer = standin_http.respond(gateway, self.request_view(), self.command, self.path, body)
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            for name, value in answer.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            if self.command != "HEAD":
                self.wfile.write(answer.body)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = handle_any

    return Handler


class Gateway:
    """One gateway process: its running config, listener and WebSocket sessions."""

    def __init__(self, options):
        self.options = options
        self.version = release.current()
        self.env = dict(os.environ)
        self.container = startup.in_container()
        self.devices = pairing.Devices()
        self.sessions = set()
        self.lock = threading.Lock()
        self.draining = False
        self.server = None
        self.port = None
        self.started = time.monotonic()
        self.restart_requested = self.stop_requested = None

    # --- start ----------------------------------------------------------------------------

    def start(self):
        """Reads the config and starts serving; raises StartFailure."""
        text, _ = store.read_raw()
        try:
            config = store.parse(text)
        except CLIError as error:
            raise startup.StartFailure(str(error).splitlines(), 1)
        issues = store.schema.validate(config)
        if issues:
            raise startup.StartFailure(store.invalid(issues).args[0].splitlines(), 1)
        plan = startup.plan(config, text is not None, self.env, self.options, self.container)
        startup.migrate_state(store.state_dir())
        if plan["seedOrigins"]:
            self.seed_origins(plan["seedOrigins"])
            config = store.load()[0]
        self.config, self.auth, self.host = config, plan["auth"], plan["host"]
        self.port = self.port or plan["port"]
        self.server = Server((self.host, self.port), make_handler(self))
        self.port = self.server.server_address[1]
        self.started = time.monotonic()
        self.draining = False
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        log(f"listening on ws://{self.host}:{self.port} (PID {os.getpid()})")

    def seed_origins(self, origins):
        """The gateway writes localhost origins when a non-loopback Control UI has none
        (openclaw-audit.md #17: U src/gateway/startup-control-ui-origins.ts)."""
        config, digest = store.load()
        store.assign(config, ["gateway", "controlUi", "allowedOrigins"], origins)
        store.write(config, digest)
        log(f"seeded gateway.controlUi.allowedOrigins: {', '.join(origins)}")  # wording unconfirmed

    def uptime_ms(self):
        return int((time.monotonic() - self.started) * 1000)

    # --- WebSocket -------------------------------------------------------------------------

    def websocket(self, handler):
        key = handler.headers.get("Sec-WebSocket-Key")
        if not key:
            handler.send_error(400)
            return
        handler.send_response(101, "Switching Protocols")
        handler.send_header("Upgrade", "websocket")
        handler.send_header("Connection", "Upgrade")
        handler.send_header("Sec-WebSocket-Accept", ws.accept_key(key))
        handler.end_headers()
        handler.wfile.flush()
        handler.close_connection = True
        sock = handler.connection
        with self.lock:
            self.sessions.add(sock)
        try:
            self.session(sock, handler.request_view())
        except (ws.Closed, OSError, ValueError):
            pass
        finally:
            with self.lock:
                self.sessions.discard(sock)

    def session(self, sock, request):
        ws.send_json(sock, {"type": "event", "event": "connect.challenge",
                            "payload": {"nonce": str(uuid.uuid4()), "ts": int(time.time() * 1000)}}, False)
        sock.settimeout(HANDSHAKE_SECONDS)
        frame = ws.receive_json(sock, False)
        sock.settimeout(None)
        if frame.get("type") != "req" or frame.get("method") != "connect":
            ws.send_json(sock, {"type": "res", "id": frame.get("id"), "ok": False,
                                "error": {"code": "INVALID_REQUEST", "message": "invalid handshake: first request must be connect"}}, False)
            ws.send_close(sock, 1008, "invalid handshake", False)
            return
        gateway = connect_rules.Gateway(self.config, self.env, self.devices, lambda line: log(line, "ws"), self.version)
        try:
            session, hello = gateway.admit(request, frame.get("params"))
        except connect_rules.Refusal as refusal:
            ws.send_json(sock, {"type": "res", "id": frame.get("id"), "ok": False, "error": refusal.error}, False)
            ws.send_close(sock, refusal.close[0], refusal.close[1][:120], False)
            return
        ws.send_json(sock, {"type": "res", "id": frame.get("id"), "ok": True, "payload": hello}, False)
        while True:
            frame = ws.receive_json(sock, False)
            if frame.get("type") != "req":
                continue
            ok, result = gateway.call(session, frame.get("method"), frame.get("params"))
            reply = {"type": "res", "id": frame.get("id"), "ok": ok}
            if ok:
                reply["payload"] = result
            else:
                reply["error"] = {"code": result[0], "message": result[1]}
            ws.send_json(sock, reply, False)

    # --- restart ---------------------------------------------------------------------------

    def close_listener(self):
        with self.lock:
            sessions, self.sessions = list(self.sessions), set()
        for sock in sessions:
            ws.send_close(sock, 1012, "service restart", False)
            try:
                sock.shutdown(2)
            except OSError:
                pass
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def restart(self, reasons):
        """The in-process restart (U src/cli/gateway-cli/run-loop.ts:60-208)."""
        if reasons:
            log(f"config change requires gateway restart ({', '.join(reasons)})", "reload")
        log("received SIGUSR1; restarting")
        self.draining = True
        time.sleep(int(os.environ.get("STANDIN_DRAIN_MS", "250")) / 1000)
        self.close_listener()
        if reload_rules.supervised(self.env):
            log("restart mode: full process restart (supervisor restart)")
            sys.exit(0)
        detail = "OPENCLAW_NO_RESPAWN" if self.env.get("OPENCLAW_NO_RESPAWN") else \
            "container: use in-process restart to keep PID 1 alive" if self.container else \
            "unmanaged: use in-process restart"
        log(f"restart mode: in-process restart ({detail})")
        time.sleep(float(os.environ.get("STANDIN_RESTART_SECONDS", "3")))
        self.start()

    def watch(self):
        """Polls the config file; returns when asked to stop."""
        _, seen = store.read_raw()
        changed_at = None
        while not self.stop_requested:
            if self.restart_requested:
                self.restart_requested = False
                self.restart([])
                _, seen = store.read_raw()
                continue
            time.sleep(0.1)
            text, digest = store.read_raw()
            if digest != seen:
                seen, changed_at = digest, time.monotonic()
            if changed_at is None or time.monotonic() - changed_at < DEBOUNCE_SECONDS:
                continue
            changed_at = None
            self.reload(text)
            _, seen = store.read_raw()

    def reload(self, text):
        try:
            config = store.parse(text)
            issues = store.schema.validate(config)
        except CLIError as error:
            issues = [str(error).splitlines()[-1]]
        if issues:
            log(f"config reload skipped (invalid config): {', '.join(issues)}", "reload")
            return
        changed = reload_rules.changed_paths(self.config, config)
        if not changed:
            return
        log(f"config change detected; evaluating reload ({', '.join(changed)})", "reload")
        if reload_rules.reload_mode(config) == "off":
            log("config reload disabled (gateway.reload.mode=off)", "reload")
            return
        reasons = reload_rules.restart_reasons(self.config, config)
        if reasons:
            self.restart(reasons)
        else:
            self.config, self.auth = config, auth_rules.resolve(config, self.env)


def run(args):
    options = {"allowUnconfigured": "--allow-unconfigured" in args}
    for name in ("bind", "port"):
        if f"--{name}" in args:
            index = args.index(f"--{name}")
            options[name] = args[index + 1] if index + 1 < len(args) else None
    gateway = Gateway(options)

    def stop(signum, _frame):
        name = signal.Signals(signum).name
        log(f"signal {name} received")
        log(f"received {name}; shutting down")
        gateway.stop_requested = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGUSR1, lambda *_: setattr(gateway, "restart_requested", True))
    try:
        gateway.start()
        gateway.watch()
    except startup.StartFailure as failure:
        for line in failure.lines:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()
        return failure.status
    gateway.close_listener()
    return 0
