"""JSON5, as OpenClaw reads config values, batches and patches (docs/cli/config.md@7b72e7e73c30
"## Values": "Values are parsed as JSON5 when possible"; openclaw-audit.md #38 "JSON5 array").

Covers the JSON5 grammar (json5.org): comments, trailing commas, identifier keys,
single-quoted strings, hexadecimal, leading/trailing decimal points, +/-Infinity and NaN,
line continuations in strings.
"""
import re

_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_NUMBER = re.compile(
    r"[+-]?(?:0[xX][0-9a-fA-F]+|Infinity|NaN|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "0": "\0"}


class JSON5Error(ValueError):
    pass


def loads(text):
    parser = _Parser(text)
    value = parser.value()
    parser.space()
    if parser.position != len(text):
        parser.fail("unexpected text after the value")
    return value


class _Parser:
    def __init__(self, text):
        self.text, self.position = text, 0

    def fail(self, what):
        line = self.text.count("\n", 0, self.position) + 1
        raise JSON5Error(f"JSON5: {what} at line {line}")

    def space(self):
        while self.position < len(self.text):
            if self.text[self.position] in " \t\r\n\u00a0\ufeff\u2028\u2029\v\f":
                self.position += 1
            elif self.text.startswith("//", self.position):
                end = self.text.find("\n", self.position)
                self.position = len(self.text) if end < 0 else end
            elif self.text.startswith("/*", self.position):
                end = self.text.find("*/", self.position + 2)
                if end < 0:
                    self.fail("unterminated comment")
                self.position = end + 2
            else:
                return

    def value(self):
        self.space()
        if self.position >= len(self.text):
            self.fail("unexpected end")
        char = self.text[self.position]
        if char == "{":
            return self.object()
        if char == "[":
            return self.array()
        if char in "\"'":
            return self.string()
        for word, value in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.position):
                self.position += len(word)
                return value
        return self.number()

    def number(self):
        match = _NUMBER.match(self.text, self.position)
        if not match:
            self.fail("unexpected character")
        self.position = match.end()
        token = match.group()
        sign = -1 if token.startswith("-") else 1
        body = token.lstrip("+-")
        if body == "Infinity":
            return sign * float("inf")
        if body == "NaN":
            return float("nan")
        if body[:2] in ("0x", "0X"):
            return sign * int(body, 16)
        if re.fullmatch(r"\d+", body):
            return sign * int(body)
        return sign * float(body)

    def string(self):
        quote = self.text[self.position]
        self.position += 1
        out = []
        while True:
            if self.position >= len(self.text):
                self.fail("unterminated string")
            char = self.text[self.position]
            self.position += 1
            if char == quote:
                return "".join(out)
            if char == "\n":
                self.fail("newline in string")
            if char != "\\":
                out.append(char)
                continue
            escape = self.text[self.position:self.position + 1]
            self.position += 1
            if escape in _ESCAPES:
                out.append(_ESCAPES[escape])
            elif escape == "u":
                out.append(chr(int(self.text[self.position:self.position + 4], 16)))
                self.position += 4
            elif escape == "x":
                out.append(chr(int(self.text[self.position:self.position + 2], 16)))
                self.position += 2
            elif escape == "\r":
                self.position += self.text.startswith("\n", self.position)
            elif escape not in ("\n", "\u2028", "\u2029"):
                out.append(escape)

    def key(self):
        self.space()
        if self.text[self.position:self.position + 1] in ("\"", "'"):
            return self.string()
        match = _IDENTIFIER.match(self.text, self.position)
        if not match:
            self.fail("expected a key")
        self.position = match.end()
        return match.group()

    def expect(self, char):
        self.space()
        if not self.text.startswith(char, self.position):
            self.fail(f"expected {char!r}")
        self.position += 1

    def members(self, close, read):
        self.position += 1
        while True:
            self.space()
            if self.text.startswith(close, self.position):
                self.position += 1
                return
            read()
            self.space()
            if self.text.startswith(",", self.position):
                self.position += 1
            elif not self.text.startswith(close, self.position):
                self.fail(f"expected ',' or {close!r}")

    def object(self):
        result = {}

        def member():
            name = self.key()
            self.expect(":")
            result[name] = self.value()

        self.members("}", member)
        return result

    def array(self):
        result = []
        self.members("]", lambda: result.append(self.value()))
        return result
