#!/usr/bin/env python3
"""Stand-in for Pomerium in pomclaw's stack tests (plain HTTP; no Zero connection).

  :443  HTTP proxy to the gateway. A request carrying `X-Standin-Login: <email>` counts as a
        signed-in user: it is forwarded with the identity headers Pomerium's route adds
        (x-pomerium-claim-email, X-Pomerium-Jwt-Assertion, x-openclaw-scopes), after dropping
        any such headers the client sent. Without it the answer is a 302 to sign-in, as
        Pomerium answers an unauthenticated browser.
  :22   TCP relay to the gateway's sshd, so ssh through the published port reaches it.

Like the real one it will not start without POMERIUM_ZERO_TOKEN. Upstreams can be changed
with STANDIN_UPSTREAM_HTTP (host:port) and STANDIN_UPSTREAM_SSH (host:port).
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
IDENTITY = {"x-pomerium-claim-email", "x-pomerium-jwt-assertion", "x-openclaw-scopes", "x-standin-login"}


def log(text):
    sys.stdout.write(f"[pomerium] {text}\n")
    sys.stdout.flush()


def split(address):
    host, _, port = address.rpartition(":")
    return host, int(port)


def assertion(email):
    part = lambda data: base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part({'email': email, 'iss': 'standin'})}.standin"


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

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        email = self.headers.get("X-Standin-Login", "").strip()
        if not email:
            log(f"{self.command} {self.path}: not signed in, 302 to sign-in")
            self.reply(302, [("Location", "https://authenticate.pomerium.app/.pomerium/sign_in")], b"")
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | IDENTITY}
        headers.update({
            "Host": self.headers.get("Host", "openclaw"),
            "x-pomerium-claim-email": email,
            "X-Pomerium-Jwt-Assertion": assertion(email),
            "x-openclaw-scopes": "operator.admin",
        })
        try:
            connection = http.client.HTTPConnection(*self.upstream, timeout=10)
            connection.request(self.command, self.path, body=body, headers=headers)
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

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any


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


def relay(port, upstream):
    listener = socket.create_server(("0.0.0.0", port), reuse_port=False)
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
    threading.Thread(target=relay, args=(22, ssh_upstream), daemon=True).start()
    server = ThreadingHTTPServer(("0.0.0.0", 443), Proxy)
    server.daemon_threads = True
    log("listening on :443 (http) and :22 (ssh relay)")
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
