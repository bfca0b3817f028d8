"""Rule groups 1-5 of the lexer kata: names, text and delimiters, action tokens,
positions and every error, on hand-written templates."""

from __future__ import annotations

import enum

import pytest
from lexer_model import model

ITEM_TYPES = {"TEXT": "text", "LEFT_DELIM": "left_delim", "RIGHT_DELIM": "right_delim",
              "IDENTIFIER": "identifier", "FIELD": "field", "STRING": "string",
              "NUMBER": "number", "ERROR": "error", "EOF": "eof"}
ERROR_PHRASES = ["unclosed action", "unterminated string", "unexpected character",
                 "bad number", "bad field"]


def as_tuples(items) -> list[tuple]:
    out = []
    for item in items:
        kind = getattr(item, "type", None)
        out.append((str(kind.value) if isinstance(kind, enum.Enum) else kind,
                    getattr(item, "value", None), getattr(item, "line", None),
                    getattr(item, "column", None)))
    return out


def show(items) -> str:
    return "\n".join(f"    {k:<12} {v!r} at {ln}:{col}" for k, v, ln, col in items) or "    (none)"


def compare(sol, source: str, what: str) -> None:
    """Lex `source`; the items must match the model, errors by phrase."""
    got = as_tuples(sol.lex(source))
    want = model(source)
    same = len(got) == len(want) and all(
        g[0] == w[0] and g[2:] == w[2:]
        and (isinstance(g[1], str) and w[1] in g[1] if w[0] == "error" else g[1] == w[1])
        for g, w in zip(got, want))
    assert same, (
        f"{what}\ninput: {source!r}\nexpected items (an error's value must contain the "
        f"phrase shown):\n{show(want)}\nyour items:\n{show(got)}")


# --- rule 1: names ------------------------------------------------------------------


@pytest.mark.task(1)
def test_item_type_has_exact_names_and_values(sol):
    cls = getattr(sol, "ItemType", None)
    assert isinstance(cls, type) and issubclass(cls, enum.StrEnum), (
        f"ItemType must be an enum.StrEnum, got {cls!r}")
    got = {m.name: m.value for m in cls}
    assert got == ITEM_TYPES, f"ItemType must have exactly the members {ITEM_TYPES}, got {got}"


@pytest.mark.task(1)
def test_lex_returns_a_list_of_items_with_the_four_attributes(sol):
    items = sol.lex("a {{ b }}")
    assert isinstance(items, list), f"lex must return a list, got {type(items).__name__}"
    for item in items:
        assert isinstance(item.type, sol.ItemType), (
            f"an item's type must be an ItemType member, got {item.type!r}")
        assert isinstance(item.value, str), f"an item's value must be a str, got {item.value!r}"
        assert type(item.line) is int and type(item.column) is int, (
            f"line and column must be ints, got {item.line!r}, {item.column!r}")


# --- rule 2: text and delimiters ---------------------------------------------------

TEXT_CASES = {
    "empty input": "",
    "text only": "hello, world",
    "text with newlines": "one\ntwo\n\nthree\n",
    "an empty action": "{{}}",
    "text around an action": "a{{}}b",
    "two actions back to back": "{{}}{{}}",
    "}} outside an action is text": "x }} y",
    "a single { is text": "a { b {",
    "a single { right before {{": "{{{}}",
    "the first }} closes; the next } is text": "{{}}}",
    "three braces after an action": "{{ }}}}}",
}


@pytest.mark.task(2)
@pytest.mark.parametrize("name", list(TEXT_CASES))
def test_text_and_delimiters(sol, name):
    compare(sol, TEXT_CASES[name], f"text and delimiters: {name}")


# --- rule 3: inside an action --------------------------------------------------------

ACTION_CASES = {
    "an identifier": "{{ user }}",
    "identifiers with digits and _": "{{ _a b2 c_3_ }}",
    "a field": "{{ .Name }}",
    "a field path is one item per field": "{{ .User.Address.City }}",
    "an identifier then a field": "{{ x.y }}",
    "numbers": "{{ 7 3.25 0 }}",
    "a number then a field": "{{ 2.5.x }}",
    "a number then a field (no fraction)": "{{ 2.x }}",
    "strings": '{{ "hi" "" "a b" }}',
    "escapes in a string": r'{{ "a \"b\" \\ c" }}',
    "no spaces between tokens": '{{a"b"3.Name}}',
    "tabs and newlines are skipped": "{{\t.A\n\n  b\t}}",
    "a string holding }}": '{{ "}}" }}',
    "a string holding {{": '{{ "{{" }}',
    "an action right after text, then text": "Hi {{ .Name }}, you have {{ count }} new.",
}


@pytest.mark.task(3)
@pytest.mark.parametrize("name", list(ACTION_CASES))
def test_action_tokens(sol, name):
    compare(sol, ACTION_CASES[name], f"inside an action: {name}")


# --- rule 4: positions ----------------------------------------------------------------

POSITION_CASES = {
    "columns on one line": "ab {{ cd .Ef }}",
    "an action on the third line": "one\ntwo\n  {{ x }}",
    "a multi-line action": "{{\n  .A\n    .B\n}}",
    "tabs count one column": "\t{{\t\tx }}",
    "text starting after a newline in an action": "{{ a\n}}\nrest",
    "EOF after a trailing newline": "x\n",
    "EOF after an action": "{{ a }}",
}


@pytest.mark.task(4)
@pytest.mark.parametrize("name", list(POSITION_CASES))
def test_positions(sol, name):
    compare(sol, POSITION_CASES[name], f"positions: {name}")


# --- rule 5: errors ------------------------------------------------------------------

ERROR_CASES = {
    "unclosed action at the end": "text {{ .A b",
    "unclosed action, nothing inside": "a\n  {{",
    "unclosed action after a newline": "{{ a\n\n",
    "unterminated string at the end": 'x {{ "abc',
    "unterminated string at a newline": '{{ "ab\ncd" }}',
    "unterminated string after a backslash": '{{ "ab\\',
    "a backslash before a newline": '{{ "ab\\\n" }}',
    "unexpected @": "{{ a @ }}",
    "unexpected -": "{{ -1 }}",
    "unexpected single }": "{{ a } }}",
    "unexpected single } at the end": "{{ a }",
    "unexpected {": "{{ {{ }}",
    "unexpected non-ASCII letter": "{{ é }}",
    "unexpected carriage return": "{{ a\r\n}}",
    "bad number": "{{ 12ab }}",
    "bad number with a fraction": "{{ 1.5x }}",
    "bad number with _": "{{ 3_ }}",
    "bad field: dot and space": "{{ . }}",
    "bad field: dot and digit": "{{ .3 }}",
    "bad field: a trailing dot": "{{ x. }}",
    "bad field: a dot before }}": "{{ 1.}}",
    "items before the error are kept": "a\n{{ .B c 4 @",
}


@pytest.mark.task(5)
@pytest.mark.parametrize("name", list(ERROR_CASES))
def test_errors(sol, name):
    compare(sol, ERROR_CASES[name], f"errors: {name}")


@pytest.mark.task(5)
@pytest.mark.parametrize("phrase", ERROR_PHRASES)
def test_an_error_is_the_last_item(sol, phrase):
    source = next(s for s in ERROR_CASES.values() if model(s)[-1][1] == phrase)
    items = sol.lex(source)
    kinds = [str(getattr(i, "type", "")) for i in items]
    assert kinds and kinds[-1] == "error" and "eof" not in kinds, (
        f"lexing stops at the first error ({phrase}): the ERROR item must be the last one "
        f"and no EOF may follow; for {source!r} the item types were {kinds}")
