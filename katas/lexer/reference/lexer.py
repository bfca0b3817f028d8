"""Template lexer kata: reference solution in the state-function form.

Each state is a function that takes the lexer, consumes some input, emits
zero or more items, and returns the next state (None to stop). The run loop
is two lines. The shape follows the input: outside an action we look for
`{{`; inside one we look at one character and jump to the state that knows
that kind of token. No transition table: every state has one or two natural
successors, and the code of a state reads like a description of its token.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Item", "ItemType", "lex"]

LEFT, RIGHT = "{{", "}}"
SPACE = " \t\n"


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


@dataclass(frozen=True)
class Item:
    type: ItemType
    value: str
    line: int
    column: int


def _word_start(ch: str) -> bool:
    return ch == "_" or ("a" <= ch <= "z") or ("A" <= ch <= "Z")


def _word_char(ch: str) -> bool:
    return _word_start(ch) or _digit(ch)


def _digit(ch: str) -> bool:
    return "0" <= ch <= "9"


class _Lexer:
    """The input, where the current token started, where we are, and the items so far."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.start = 0
        self.pos = 0
        self.items: list[Item] = []
        self.action_start = 0  # where the open `{{` is, for "unclosed action"

    def peek(self, offset: int = 0) -> str:
        i = self.pos + offset
        return self.src[i] if i < len(self.src) else ""

    def where(self, index: int) -> tuple[int, int]:
        line = self.src.count("\n", 0, index) + 1
        column = index - (self.src.rfind("\n", 0, index) + 1) + 1
        return line, column

    def emit(self, kind: ItemType) -> None:
        self.items.append(Item(kind, self.src[self.start:self.pos], *self.where(self.start)))
        self.start = self.pos

    def fail(self, message: str, at: int) -> None:
        self.items.append(Item(ItemType.ERROR, message, *self.where(at)))


StateFn = Callable[[_Lexer], "StateFn | None"]


def lex_text(lx: _Lexer) -> StateFn | None:
    found = lx.src.find(LEFT, lx.pos)
    lx.pos = len(lx.src) if found < 0 else found
    if lx.pos > lx.start:
        lx.emit(ItemType.TEXT)
    if found < 0:
        lx.emit(ItemType.EOF)
        return None
    return lex_left_delim


def lex_left_delim(lx: _Lexer) -> StateFn | None:
    lx.action_start = lx.pos
    lx.pos += len(LEFT)
    lx.emit(ItemType.LEFT_DELIM)
    return lex_action


def lex_action(lx: _Lexer) -> StateFn | None:
    while lx.peek() and lx.peek() in SPACE:
        lx.pos += 1
    lx.start = lx.pos
    ch = lx.peek()
    if ch == "":
        lx.fail("unclosed action: no }} before the end of the input", lx.action_start)
        return None
    if lx.src.startswith(RIGHT, lx.pos):
        lx.pos += len(RIGHT)
        lx.emit(ItemType.RIGHT_DELIM)
        return lex_text
    if _word_start(ch):
        return lex_identifier
    if ch == ".":
        return lex_field
    if _digit(ch):
        return lex_number
    if ch == '"':
        return lex_string
    lx.fail(f"unexpected character {ch!r} in action", lx.pos)
    return None


def lex_identifier(lx: _Lexer) -> StateFn | None:
    while _word_char(lx.peek()):
        lx.pos += 1
    lx.emit(ItemType.IDENTIFIER)
    return lex_action


def lex_field(lx: _Lexer) -> StateFn | None:
    if not _word_start(lx.peek(1)):
        lx.fail("bad field: '.' must be followed by a name", lx.pos)
        return None
    lx.pos += 1
    while _word_char(lx.peek()):
        lx.pos += 1
    lx.emit(ItemType.FIELD)
    return lex_action


def lex_number(lx: _Lexer) -> StateFn | None:
    while _digit(lx.peek()):
        lx.pos += 1
    if lx.peek() == "." and _digit(lx.peek(1)):
        lx.pos += 1
        while _digit(lx.peek()):
            lx.pos += 1
    if _word_start(lx.peek()):
        lx.fail(f"bad number syntax: {lx.src[lx.start:lx.pos + 1]!r}", lx.start)
        return None
    lx.emit(ItemType.NUMBER)
    return lex_action


def lex_string(lx: _Lexer) -> StateFn | None:
    lx.pos += 1
    while True:
        ch = lx.peek()
        if ch == "\\" and lx.peek(1) not in ("", "\n"):
            lx.pos += 2
        elif ch in ("", "\n", "\\"):
            lx.fail("unterminated string", lx.start)
            return None
        elif ch == '"':
            lx.pos += 1
            lx.emit(ItemType.STRING)
            return lex_action
        else:
            lx.pos += 1


def lex(source: str) -> list[Item]:
    """Every item of `source`, ending with EOF, or with ERROR where lexing stopped."""
    lx = _Lexer(source)
    state: StateFn | None = lex_text
    while state is not None:
        state = state(lx)
    return lx.items
