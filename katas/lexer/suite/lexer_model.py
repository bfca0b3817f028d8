"""The suite's own model of the template language: regular expressions over
the whole input, not state functions, so that it shares no code shape with
the reference. Items are plain (type, value, line, column) tuples."""

from __future__ import annotations

import re

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
FIELD = re.compile(r"\.[A-Za-z_][A-Za-z0-9_]*")
NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
STRING = re.compile(r'"(?:\\[^\n]|[^"\\\n])*"')
SPACE = re.compile(r"[ \t\n]*")


def position(src: str, i: int) -> tuple[int, int]:
    line = src.count("\n", 0, i) + 1
    return line, i - (src.rfind("\n", 0, i) + 1) + 1


def model(src: str) -> list[tuple[str, str, int, int]]:
    items: list[tuple[str, str, int, int]] = []

    def add(kind: str, value: str, at: int) -> None:
        items.append((kind, value, *position(src, at)))

    i = 0
    while True:
        j = src.find("{{", i)
        end = len(src) if j < 0 else j
        if end > i:
            add("text", src[i:end], i)
        if j < 0:
            add("eof", "", len(src))
            return items
        add("left_delim", "{{", j)
        opened, i = j, j + 2
        while True:
            i = SPACE.match(src, i).end()
            if i >= len(src):
                add("error", "unclosed action", opened)
                return items
            if src.startswith("}}", i):
                add("right_delim", "}}", i)
                i += 2
                break
            ch = src[i]
            if ch == '"':
                m = STRING.match(src, i)
                if not m:
                    add("error", "unterminated string", i)
                    return items
                add("string", m.group(), i)
            elif ch == ".":
                m = FIELD.match(src, i)
                if not m:
                    add("error", "bad field", i)
                    return items
                add("field", m.group(), i)
            elif ch.isascii() and ch.isdigit():
                m = NUMBER.match(src, i)
                nxt = src[m.end():m.end() + 1]
                if nxt and (nxt == "_" or (nxt.isascii() and nxt.isalpha())):
                    add("error", "bad number", i)
                    return items
                add("number", m.group(), i)
            elif IDENT.match(src, i):
                m = IDENT.match(src, i)
                add("identifier", m.group(), i)
            else:
                add("error", "unexpected character", i)
                return items
            i = m.end()
