"""lexer, another correct design: one class per mode with a `step` method
returning the next mode object, driven as a generator that yields items
(lex() collects them). Positions come from a running cursor."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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


@dataclass
class Item:
    type: ItemType
    value: str
    line: int
    column: int


LETTERS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
DIGITS = set("0123456789")


class Cursor:
    def __init__(self, src):
        self.src, self.i, self.line, self.col = src, 0, 1, 1

    def at(self, k=0):
        j = self.i + k
        return self.src[j] if j < len(self.src) else None

    def take(self, n=1):
        out = self.src[self.i:self.i + n]
        for ch in out:
            self.line, self.col = (self.line + 1, 1) if ch == "\n" else (self.line, self.col + 1)
        self.i += len(out)
        return out

    def mark(self):
        return self.line, self.col


class Text:
    def step(self, c, out):
        where = c.mark()
        buf = []
        while c.at() is not None and not (c.at() == "{" and c.at(1) == "{"):
            buf.append(c.take())
        if buf:
            out.append(Item(ItemType.TEXT, "".join(buf), *where))
        if c.at() is None:
            out.append(Item(ItemType.EOF, "", *c.mark()))
            return None
        return Action(c, out)


class Action:
    def __init__(self, c, out):
        self.opened = c.mark()
        out.append(Item(ItemType.LEFT_DELIM, c.take(2), *self.opened))

    def step(self, c, out):
        while True:
            while c.at() in (" ", "\t", "\n"):
                c.take()
            ch, where = c.at(), c.mark()
            if ch is None:
                out.append(Item(ItemType.ERROR, "unclosed action", *self.opened))
                return None
            if ch == "}" and c.at(1) == "}":
                out.append(Item(ItemType.RIGHT_DELIM, c.take(2), *where))
                return Text()
            if ch in LETTERS:
                word = c.take()
                while c.at() in LETTERS or c.at() in DIGITS:
                    word += c.take()
                out.append(Item(ItemType.IDENTIFIER, word, *where))
            elif ch == ".":
                if c.at(1) not in LETTERS:
                    out.append(Item(ItemType.ERROR, "bad field", *where))
                    return None
                word = c.take()
                while c.at() in LETTERS or c.at() in DIGITS:
                    word += c.take()
                out.append(Item(ItemType.FIELD, word, *where))
            elif ch in DIGITS:
                word = ""
                while c.at() in DIGITS:
                    word += c.take()
                if c.at() == "." and c.at(1) in DIGITS:
                    word += c.take()
                    while c.at() in DIGITS:
                        word += c.take()
                if c.at() in LETTERS:
                    out.append(Item(ItemType.ERROR, "bad number", *where))
                    return None
                out.append(Item(ItemType.NUMBER, word, *where))
            elif ch == '"':
                word = c.take()
                while True:
                    nxt = c.at()
                    if nxt is None or nxt == "\n" or (nxt == "\\" and c.at(1) in (None, "\n")):
                        out.append(Item(ItemType.ERROR, "unterminated string", *where))
                        return None
                    word += c.take(2 if nxt == "\\" else 1)
                    if nxt == '"':
                        break
                out.append(Item(ItemType.STRING, word, *where))
            else:
                out.append(Item(ItemType.ERROR, f"unexpected character {ch!r}", *where))
                return None


def items(source):
    c, out, mode = Cursor(source), [], Text()
    while mode is not None:
        mode = mode.step(c, out)
        yield from out
        out.clear()


def lex(source):
    return list(items(source))
