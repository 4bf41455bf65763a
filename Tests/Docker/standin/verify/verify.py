#!/usr/bin/env python3
"""Stand-in for pomerium/verify: answers every HTTP request on :8000 with 200, enough for the
compose healthcheck (wget --spider http://localhost:8000)."""
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        body = b'{"verify":"standin"}\n'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_HEAD = do_GET


ThreadingHTTPServer(("0.0.0.0", 8000), Handler).serve_forever()
