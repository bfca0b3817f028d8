"""Rule group 6 of the lexer kata: generated templates, valid ones and ones
broken in each of the five ways, compared item by item with the suite's model."""

from __future__ import annotations

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from lexer_model import model
from test_lexer_rules import ERROR_PHRASES, compare

# Text between actions: letters, spaces, newlines, tabs and lone braces, never "{{".
text = st.text(alphabet="ab }\n\t{é.\"", max_size=8).filter(
    lambda s: "{{" not in s and not s.endswith("{"))
# Tokens from small alphabets only: a negated character class (from_regex) would
# make hypothesis build its Unicode tables, seconds of work in a fresh home.
LETTER = "abcxyzABQ_"
WORD = LETTER + "0123456789"
name = st.tuples(st.sampled_from(LETTER), st.text(alphabet=WORD, max_size=4)).map("".join)
digits = st.text(alphabet="0123456789", min_size=1, max_size=3)
string_char = st.one_of(st.sampled_from(list("ab }{.{é\t")),
                        st.sampled_from(['\\"', "\\\\", "\\a", "\\}"]))
token = st.one_of(
    name,
    st.lists(name, min_size=1, max_size=3).map(lambda ns: "".join("." + n for n in ns)),
    st.tuples(digits, st.one_of(st.just(""), digits.map(lambda d: "." + d))).map("".join),
    st.lists(string_char, max_size=5).map(lambda cs: '"' + "".join(cs) + '"'),
)
space = st.sampled_from(["", " ", "  ", "\t", "\n", " \n "])
# Text that breaks an action in each way of rule 5.
BREAKAGE = {
    "unterminated string": ['"open', '"ab\n"', '"a\\', '"x\\\n'],
    "unexpected character": ["@", "-", "} ", "{ ", "é", "\r", "!"],
    "bad number": ["12ab", "3.5_", "7x", "0.25Q"],
    "bad field": [". ", ".9", "x. ", ".-"],
}


@st.composite
def action_body(draw):
    body = [draw(space)]
    for _ in range(draw(st.integers(0, 4))):
        body += [draw(token), draw(st.sampled_from([" ", "\t", "\n", "  "]))]
    return body


@st.composite
def templates(draw, broken: str | None = None):
    actions = draw(st.integers(1, 3))
    spoiled = draw(st.integers(0, actions - 1))
    out = []
    for n in range(actions):
        out.append(draw(text))
        body = draw(action_body())
        if broken in BREAKAGE and n == spoiled:
            body.insert(draw(st.integers(0, len(body))), draw(st.sampled_from(BREAKAGE[broken])))
        if broken == "unclosed action" and n == actions - 1:
            out.append("{{" + "".join(body))  # nothing after it: the input ends in the action
            return "".join(out)
        out.append("{{" + "".join(body) + "}}")
    out.append(draw(text))
    return "".join(out)


# No shrink phase: the generated templates are short already, and shrinking a
# failure through the model's filter takes longer than the runner gives a test.
FAST = {"phases": [Phase.explicit, Phase.generate]}


def smoke(sol) -> None:
    """Fail fast, before hypothesis starts, if lexing raises at all (a stub)."""
    sol.lex("a {{ .b }}")
    sol.lex("a {{ @")


@pytest.mark.task(6)
def test_generated_valid_templates_match_the_model(sol):
    smoke(sol)
    check_valid(sol)


@settings(max_examples=50, **FAST)
@given(source=templates())
def check_valid(sol, source):
    compare(sol, source, "a generated template")


@pytest.mark.task(6)
@pytest.mark.parametrize("phrase", ERROR_PHRASES)
def test_generated_broken_templates_match_the_model(sol, phrase):
    smoke(sol)
    check_broken(sol, phrase)


@settings(max_examples=20, **FAST)
@given(data=st.data())
def check_broken(sol, phrase, data):
    source = data.draw(templates(phrase).filter(lambda s: model(s)[-1][1] == phrase),
                       label="source")
    compare(sol, source, f"a generated template broken by: {phrase}")
