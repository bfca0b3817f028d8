"""lexer, another correct design: one table of token patterns tried in order
inside an action (the shape a regex-driven scanner takes), with line and
column tracked incrementally as the input is consumed."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple


class ItemType(StrEnum):
    TEXT = "text"
    LEFT_DELIM = "left_delim"
    RIGHT_DELIM = "right_delim"
    IDENTIFIER = "identifier"
    FIELD = "field"
    STRING = "string"
    NUMBER = "number"
    ERROR = "error"
    EOF = "eof"


class Item(NamedTuple):
    type: ItemType
    value: str
    line: int
    column: int


PATTERNS = [  # (item type or None to skip or an error phrase, pattern)
    (None, re.compile(r"[ \t\n]+")),
    (ItemType.RIGHT_DELIM, re.compile(r"\}\}")),
    ("bad number", re.compile(r"[0-9]+(\.[0-9]+)?(?=[A-Za-z_])")),
    (ItemType.NUMBER, re.compile(r"[0-9]+(\.[0-9]+)?")),
    (ItemType.IDENTIFIER, re.compile(r"[A-Za-z_]\w*", re.ASCII)),
    (ItemType.FIELD, re.compile(r"\.[A-Za-z_]\w*", re.ASCII)),
    ("bad field", re.compile(r"\.")),
    (ItemType.STRING, re.compile(r'"(\\[^\n]|[^"\\\n])*"')),
    ("unterminated string", re.compile(r'"')),
]


def lex(source):
    items = []
    line, col = 1, 1
    i = 0

    def advance(text):
        nonlocal line, col
        for ch in text:
            if ch == "\n":
                line, col = line + 1, 1
            else:
                col += 1

    while True:
        j = source.find("{{", i)
        chunk = source[i:] if j < 0 else source[i:j]
        if chunk:
            items.append(Item(ItemType.TEXT, chunk, line, col))
            advance(chunk)
        if j < 0:
            items.append(Item(ItemType.EOF, "", line, col))
            return items
        opened = (line, col)
        items.append(Item(ItemType.LEFT_DELIM, "{{", line, col))
        advance("{{")
        i = j + 2
        while True:
            if i >= len(source):
                items.append(Item(ItemType.ERROR, "unclosed action", *opened))
                return items
            for kind, pattern in PATTERNS:
                m = pattern.match(source, i)
                if m:
                    break
            else:
                items.append(Item(ItemType.ERROR, f"unexpected character {source[i]!r}", line, col))
                return items
            if isinstance(kind, str) and not isinstance(kind, ItemType):
                items.append(Item(ItemType.ERROR, kind, line, col))
                return items
            if kind is not None:
                items.append(Item(kind, m.group(), line, col))
            advance(m.group())
            i = m.end()
            if kind == ItemType.RIGHT_DELIM:
                break
