#!/usr/bin/env python3
"""A loopback HTTP(S) server for pomclaw's transport tests.

Listens on 127.0.0.1 on a port the OS picks and prints {"port": N} as its first stdout line.
Then prints one JSON line per request it receives, before answering it:
    {"method", "target" (the raw request target: origin-form, or absolute-form when used as a
     proxy), "headers": [[name, value], ...] in order, "body_base64"}

The first line of stdin is a JSON object from a path (the target's path, without query) to a response:
    {"status": 200, "headers": [[name, value], ...], "body": "text" or "body_base64": "...",
     "delay": seconds to wait before answering, "interim": true to send a
     "100 Continue" response with an X-Interim header first}
Unlisted paths answer 200 with an empty body. --cert/--key serve HTTPS instead.
--unresponsive listens but never completes a TCP handshake (its accept queue is kept full), for
connect timeouts.
"""
import argparse
import base64
import http.server
import json
import signal
import socket
import ssl
import sys
import threading
import time
import urllib.parse

_print_lock = threading.Lock()


def emit(record):
    with _print_lock:
        sys.stdout.write(json.dumps(record) + "\n")
        sys.stdout.flush()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    routes = {}

    def log_message(self, format, *args):
        pass

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def handle_any(self):
        body = self.read_body()
        emit({
            "method": self.command,
            "target": self.path,
            "headers": [[name, value] for name, value in self.headers.items()],
            "body_base64": base64.b64encode(body).decode("ascii"),
        })
        route = self.routes.get(urllib.parse.urlsplit(self.path).path, {})
        if route.get("delay"):
            time.sleep(route["delay"])
        if "body_base64" in route:
            payload = base64.b64decode(route["body_base64"])
        else:
            payload = route.get("body", "").encode("utf-8")
        try:
            if route.get("interim"):
                self.wfile.write(b"HTTP/1.1 100 Continue\r\nX-Interim: leaked\r\n\r\n")
            self.send_response(route.get("status", 200))
            for name, value in route.get("headers", []):
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = handle_any


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    tls = None

    def finish_request(self, request, client_address):
        # The TLS handshake runs here, on the connection's own thread.
        if self.tls is not None:
            request = self.tls.wrap_socket(request, server_side=True)
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        pass  # a client that rejects the certificate or hangs up is expected in these tests


def unresponsive():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    # Fill the accept queue with our own connections; later SYNs are dropped, never answered.
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        try:
            filler.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        fillers.append(filler)
    emit({"port": port})
    while True:
        signal.pause()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--unresponsive", action="store_true")
    args = parser.parse_args()
    # The parent may have spawned us with signals blocked; let SIGTERM and SIGINT work.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    # One line, not "until EOF": other children of the test process may hold the pipe open.
    Handler.routes = json.loads(sys.stdin.readline() or "{}")
    if args.unresponsive:
        unresponsive()
    server = Server(("127.0.0.1", 0), Handler)
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        server.tls = context
    emit({"port": server.server_address[1]})
    server.serve_forever()


if __name__ == "__main__":
    main()
