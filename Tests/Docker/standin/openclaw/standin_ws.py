"""WebSocket framing (RFC 6455) over plain sockets, for the stand-in gateway, the stand-in CLI and
the host-side test client: the Gateway protocol is "WebSocket, text frames with JSON payloads"
(docs/gateway/protocol.md@7b72e7e73c30 "## Transport"). Python standard library only.
"""
import base64
import hashlib
import json
import os
import socket
import struct

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


class Closed(Exception):
    """The peer closed the connection; `code` and `reason` from its close frame (1006 and ""
    when it sent none)."""

    def __init__(self, code=1006, reason=""):
        super().__init__(f"closed {code} {reason}".strip())
        self.code, self.reason = code, reason


def accept_key(key):
    return base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()


def _read_exact(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise Closed()
        data += chunk
    return data


def send(sock, opcode, payload, masked):
    head = bytes([0x80 | opcode])
    length = len(payload)
    mask_bit = 0x80 if masked else 0
    if length < 126:
        head += bytes([mask_bit | length])
    elif length < 1 << 16:
        head += bytes([mask_bit | 126]) + struct.pack("!H", length)
    else:
        head += bytes([mask_bit | 127]) + struct.pack("!Q", length)
    if masked:
        mask = os.urandom(4)
        payload = bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))
        head += mask
    sock.sendall(head + payload)


def send_json(sock, value, masked):
    send(sock, TEXT, json.dumps(value).encode(), masked)


def send_close(sock, code, reason, masked):
    try:
        send(sock, CLOSE, struct.pack("!H", code) + reason.encode()[:123], masked)
    except OSError:
        pass


def receive(sock, masked_reply):
    """The next text message; answers pings; raises Closed on a close frame or EOF."""
    message = b""
    while True:
        first, second = _read_exact(sock, 2)
        opcode, final = first & 0x0F, first & 0x80
        length = second & 0x7F
        if length == 126:
            length = struct.unpack("!H", _read_exact(sock, 2))[0]
        elif length == 127:
            length = struct.unpack("!Q", _read_exact(sock, 8))[0]
        mask = _read_exact(sock, 4) if second & 0x80 else None
        payload = _read_exact(sock, length)
        if mask:
            payload = bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))
        if opcode == CLOSE:
            code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
            send_close(sock, code, "", masked_reply)
            raise Closed(code, payload[2:].decode("utf-8", "replace"))
        if opcode == PING:
            send(sock, PONG, payload, masked_reply)
            continue
        if opcode == PONG:
            continue
        message += payload
        if final:
            return message.decode("utf-8")


def receive_json(sock, masked_reply):
    return json.loads(receive(sock, masked_reply))


class HandshakeRefused(Exception):
    """The server answered the upgrade with something other than 101."""

    def __init__(self, status, head, body):
        super().__init__(f"HTTP {status}")
        self.status, self.head, self.body = status, head, body


def connect(host, port, path="/", headers=(), timeout=10):
    """A client socket after a completed upgrade to ws://host:port/path with extra `headers`
    ((name, value) pairs). Raises OSError when nothing listens, HandshakeRefused otherwise."""
    sock = socket.create_connection((host, port), timeout=timeout)
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Upgrade: websocket", "Connection: Upgrade",
             f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"]
    lines += [f"{name}: {value}" for name, value in headers]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1)
        if not chunk:
            sock.close()
            raise HandshakeRefused(0, head.decode("latin-1"), "")
        head += chunk
    text = head.decode("latin-1")
    status = int(text.split(" ", 2)[1]) if " " in text else 0
    if status != 101 or accept_key(key) not in text:
        sock.settimeout(2)
        body = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                body += chunk
        except OSError:
            pass
        sock.close()
        raise HandshakeRefused(status, text, body.decode("utf-8", "replace"))
    return sock
