"""The stand-in `openclaw gateway`: the start-up rules and the HTTP auth of the real gateway
as pomclaw's reference describes them (reference/openclaw.md §5–§6).

Start-up: gateway.mode must be `local`; trusted-proxy and a token are mutually exclusive;
without a token, a password or a configured trusted proxy it refuses to bind and exits 78.
Then it serves HTTP on 0.0.0.0:<port> and re-reads the config on every request and every
half second (hot reload); a config it could not start with ends the process the same way a
real restart would. Each rejected request is logged with its reason on stdout.
"""
import ipaddress
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import standin_config as store
from standin_config import CLIError

EXIT_CONFIG = 78


def log(text):
    sys.stdout.write(f"[gateway] {text}\n")
    sys.stdout.flush()


def startup_problem(config, file_exists):
    """(message, exit status) when the gateway cannot run with `config`, else None."""
    gateway = config.get("gateway") if isinstance(config.get("gateway"), dict) else {}
    mode = gateway.get("mode")
    if mode != "local":
        if file_exists and mode is None:
            return ("Gateway start blocked: existing config is missing gateway.mode. "
                    "Set gateway.mode=local (openclaw config set gateway.mode local).", 1)
        return (f"Gateway start blocked: set gateway.mode=local (current: {mode or 'unset'}).", 1)
    auth = gateway.get("auth") if isinstance(gateway.get("auth"), dict) else {}
    token = auth.get("token") or os.environ.get("OPENCLAW_GATEWAY_TOKEN")
    if auth.get("mode") == "trusted-proxy":
        if token:
            return ("Gateway start blocked: trusted-proxy and token auth are mutually exclusive.", 1)
        proxy = auth.get("trustedProxy") if isinstance(auth.get("trustedProxy"), dict) else {}
        if proxy.get("userHeader"):
            return None
        return ("Refusing to bind gateway to auto without auth.", EXIT_CONFIG)
    if token or auth.get("password"):
        return None
    return ("Refusing to bind gateway to auto without auth.", EXIT_CONFIG)


class Gateway:
    """The config in force, reloaded from the file when it changes."""

    def __init__(self, config, digest):
        self.config, self.digest = config, digest
        self.lock = threading.Lock()

    def current(self):
        text, digest = store.read_raw()
        with self.lock:
            if digest == self.digest:
                return self.config
            try:
                config = store.parse(text)
                issues = store.validate(config)
            except CLIError:
                issues = ["unparsable"]
            self.digest = digest
            if issues:
                log("config reload skipped (invalid config)")
                return self.config
            problem = startup_problem(config, text is not None)
            if problem:
                log(f"config reload requires a restart, which fails: {problem[0]}")
                os._exit(problem[1])
            log("config reloaded")
            self.config = config
            return config

    def watch(self):
        while True:
            time.sleep(0.5)
            self.current()


def rejection(config, handler):
    """The reason a request is refused, or None and the authenticated user."""
    gateway = config.get("gateway", {})
    auth = gateway.get("auth", {}) if isinstance(gateway.get("auth"), dict) else {}
    headers = handler.headers
    if auth.get("mode") == "trusted-proxy":
        source = ipaddress.ip_address(handler.client_address[0])
        proxies = gateway.get("trustedProxies") or []
        if not any(source in ipaddress.ip_network(p, strict=False) for p in proxies):
            return "trusted_proxy_untrusted_source", None
        proxy = auth.get("trustedProxy", {})
        user = headers.get(proxy.get("userHeader", ""), "").strip()
        if not user:
            return "trusted_proxy_user_missing", None
        for name in proxy.get("requiredHeaders") or []:
            if not headers.get(name, "").strip():
                return f"trusted_proxy_missing_header_{name.lower()}", None
        allowed = proxy.get("allowUsers") or []
        if allowed and user not in allowed:
            return "trusted_proxy_user_not_allowed", None
        origin = headers.get("Origin")
        origins = (gateway.get("controlUi") or {}).get("allowedOrigins") or []
        if origin is not None and origin not in origins:
            return "trusted_proxy_origin_not_allowed", None
        return None, user
    secret = auth.get("token") or os.environ.get("OPENCLAW_GATEWAY_TOKEN") or auth.get("password")
    presented = headers.get("Authorization", "")
    if not presented.startswith("Bearer "):
        return "unauthorized_missing_credentials", None
    if presented[len("Bearer "):] != secret:
        return "unauthorized_credential_mismatch", None
    return None, "operator"


def make_handler(gateway):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):
            pass

        def answer(self, status, body):
            data = (json.dumps(body) + "\n").encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            config = gateway.current()
            reason, user = rejection(config, self)
            if reason:
                log(f"unauthorized request {self.command} {self.path} from {self.client_address[0]}: {reason}")
                status = 403 if reason == "trusted_proxy_origin_not_allowed" else 401
                self.answer(status, {"error": "unauthorized", "reason": reason})
                return
            scopes = [s.strip() for s in self.headers.get("x-openclaw-scopes", "").split(",") if s.strip()]
            mode = config.get("gateway", {}).get("auth", {}).get("mode", "")
            self.answer(200, {"ok": True, "user": user, "authMode": mode, "scopes": scopes, "path": self.path})

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any

    return Handler


def run(args):
    try:
        config, digest = store.load()
    except CLIError as error:
        log(str(error))
        return 1
    text, _ = store.read_raw()
    problem = startup_problem(config, text is not None)
    if problem:
        log(problem[0])
        return problem[1]
    gateway_config = config.get("gateway", {})
    port = int(args[args.index("--port") + 1]) if "--port" in args else int(
        os.environ.get("OPENCLAW_GATEWAY_PORT") or gateway_config.get("port") or 18789)
    if os.path.exists("/.dockerenv") or os.environ.get("container"):
        log("Container environment detected — the gateway defaults to bind=auto (0.0.0.0) "
            "for port-forwarding compatibility.")
    gateway = Gateway(config, digest)
    server = ThreadingHTTPServer(("0.0.0.0", port), make_handler(gateway))
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    threading.Thread(target=gateway.watch, daemon=True).start()
    log(f"listening on 0.0.0.0:{port} (auth mode: {gateway_config.get('auth', {}).get('mode', 'inferred')})")
    server.serve_forever()
    return 0
