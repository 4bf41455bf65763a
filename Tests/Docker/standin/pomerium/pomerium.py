#!/usr/bin/env python3
"""Stand-in for Pomerium in pomclaw's stack tests (plain HTTP; no Zero connection).

  :443  the web route to the gateway. A request carrying `X-Standin-Login: <email>` counts as a
        signed-in user (the header is the tests' stand-in for a Pomerium session and is not
        forwarded); without it the answer is a 302 to sign-in, as Pomerium answers an
        unauthenticated browser. A signed-in request is forwarded with the identity headers of
        `pass_identity_headers` (x-pomerium-claim-email, X-Pomerium-Jwt-Assertion; OpenClaw's own
        Pomerium example, docs/gateway/trusted-proxy-auth.md@7b72e7e73c30 "Pomerium"), replacing
        any the client sent, plus the route's request headers, with the client's address
        appended to X-Forwarded-For (Pomerium's default, pomerium/documentation
        content/docs/reference/x-forwarded-for-settings.mdx@5769b8f7 "Skip XFF Append";
        openclaw-versions.md §3). Other client headers pass through.
        WebSocket upgrades are relayed byte for byte after the upstream's 101 when the route
        allows websockets (Pomerium's `allow_websockets`, default false:
        content/docs/reference/routes/timeouts.mdx@5769b8f7); otherwise they are refused with
        403 (the exact refusal is unconfirmed).
  :22   TCP relay to the gateway's sshd, so ssh through the published port reaches it.

The route is read from STANDIN_ROUTE_FILE (default /data/standin-route.json, in the
pomerium-data volume) on every request: {"setRequestHeaders": {name: value}, "allowWebsockets":
bool, "preserveHostHeader": bool}. No file: no extra headers, no websockets, the Host
rewritten to the upstream's. Tests write it with what pomclaw put in
the Zero route. Like the real one it will not start without POMERIUM_ZERO_TOKEN. Upstreams:
STANDIN_UPSTREAM_HTTP (host:port), STANDIN_UPSTREAM_SSH (host:port); listeners (for runs on a
test host): STANDIN_LISTEN_HOST (default 0.0.0.0), STANDIN_HTTP_PORT (443), STANDIN_SSH_PORT (22).
"""
import base64
import http.client
import json
import os
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailers", "transfer-encoding", "upgrade", "host", "content-length"}
SET_BY_PROXY = {"x-pomerium-claim-email", "x-pomerium-jwt-assertion", "x-standin-login"}


def log(text):
    sys.stdout.write(f"[pomerium] {text}\n")
    sys.stdout.flush()


def split(address):
    host, _, port = address.rpartition(":")
    return host, int(port)


def assertion(email):
    part = lambda data: base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part({'email': email, 'iss': 'standin'})}.standin"


def route():
    try:
        with open(os.environ.get("STANDIN_ROUTE_FILE", "/data/standin-route.json")) as handle:
            document = json.load(handle)
    except (OSError, ValueError):
        return {}
    return document if isinstance(document, dict) else {}


def pump(source, target):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            target.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream = ("openclaw-gateway", 18789)

    def log_message(self, format, *args):
        pass

    def reply(self, status, headers, body):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def forwarded_headers(self, email, settings):
        headers = [(k, v) for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | SET_BY_PROXY]
        extra = {str(k): str(v) for k, v in (settings.get("setRequestHeaders") or {}).items()}
        headers = [(k, v) for k, v in headers if k.lower() not in {name.lower() for name in extra}]
        previous = [v for k, v in headers if k.lower() == "x-forwarded-for"]
        headers = [(k, v) for k, v in headers if k.lower() != "x-forwarded-for"]
        client = self.client_address[0]
        # Host: the route's `to` host unless the route preserves the client's
        # (content/docs/reference/routes/headers.mdx@5769b8f7 `preserve_host_header`).
        host = self.headers.get("Host", "openclaw") if settings.get("preserveHostHeader") is True \
            else "%s:%d" % self.upstream
        headers += [("X-Forwarded-For", ", ".join(previous + [client])), ("Host", host),
                    ("x-pomerium-claim-email", email), ("X-Pomerium-Jwt-Assertion", assertion(email))]
        return headers + list(extra.items())

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        email = self.headers.get("X-Standin-Login", "").strip()
        if not email:
            log(f"{self.command} {self.path}: not signed in, 302 to sign-in")
            self.reply(302, [("Location", "https://authenticate.pomerium.app/.pomerium/sign_in")], b"")
            return
        settings = route()
        if (self.headers.get("Upgrade") or "").lower() == "websocket":
            self.relay_websocket(email, settings)
            return
        try:
            connection = http.client.HTTPConnection(*self.upstream, timeout=10)
            connection.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for name, value in self.forwarded_headers(email, settings):
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            data = response.read()
            kept = [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP]
            connection.close()
        except OSError as error:
            log(f"{self.command} {self.path} as {email}: upstream unavailable: {error}")
            self.reply(503, [("Content-Type", "text/plain")], b"upstream unavailable\n")
            return
        log(f"{self.command} {self.path} as {email}: {response.status}")
        self.reply(response.status, kept, data)

    def relay_websocket(self, email, settings):
        if settings.get("allowWebsockets") is not True:
            log(f"websocket {self.path} as {email}: the route does not allow websockets, 403")
            self.reply(403, [("Content-Type", "text/plain")], b"websocket upgrades are not allowed on this route\n")
            return
        try:
            upstream = socket.create_connection(self.upstream, timeout=10)
        except OSError as error:
            log(f"websocket {self.path} as {email}: upstream unavailable: {error}")
            self.reply(503, [("Content-Type", "text/plain")], b"upstream unavailable\n")
            return
        lines = [f"{self.command} {self.path} HTTP/1.1", "Upgrade: websocket", "Connection: Upgrade"]
        lines += [f"{name}: {value}" for name, value in self.forwarded_headers(email, settings)]
        upstream.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        upstream.settimeout(None)
        log(f"websocket {self.path} as {email}: relayed")
        self.close_connection = True
        self.wfile.flush()
        back = threading.Thread(target=pump, args=(upstream, self.connection), daemon=True)
        back.start()
        pump(self.connection, upstream)
        back.join(timeout=10)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = handle_any


def relay(host, port, upstream):
    listener = socket.create_server((host, port), reuse_port=False)
    while True:
        client, address = listener.accept()
        try:
            server = socket.create_connection(upstream, timeout=10)
            server.settimeout(None)
        except OSError as error:
            log(f"ssh from {address[0]}: upstream unavailable: {error}")
            client.close()
            continue
        log(f"ssh from {address[0]} relayed to {upstream[0]}:{upstream[1]}")
        threading.Thread(target=pump, args=(client, server), daemon=True).start()
        threading.Thread(target=pump, args=(server, client), daemon=True).start()


def main():
    if not os.environ.get("POMERIUM_ZERO_TOKEN"):
        log("error: POMERIUM_ZERO_TOKEN is required to connect to Pomerium Zero")
        return 1
    Proxy.upstream = split(os.environ.get("STANDIN_UPSTREAM_HTTP", "openclaw-gateway:18789"))
    ssh_upstream = split(os.environ.get("STANDIN_UPSTREAM_SSH", "openclaw-gateway:22"))
    host, port = os.environ.get("STANDIN_LISTEN_HOST", "0.0.0.0"), int(os.environ.get("STANDIN_HTTP_PORT", "443"))
    ssh_port = int(os.environ.get("STANDIN_SSH_PORT", "22"))
    threading.Thread(target=relay, args=(host, ssh_port, ssh_upstream), daemon=True).start()
    server = ThreadingHTTPServer((host, port), Proxy)
    server.daemon_threads = True
    log(f"listening on :{port} (http) and the ssh relay")
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
