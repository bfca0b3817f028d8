"""The rubric language and the answer reading it relies on: stems, typos, order, windows, negation."""
from __future__ import annotations

import pytest

from trainer.grading.rubric import Matcher, RubricError, check, parse
from trainer.grading.text import analyse

LEX = {
    "delegate": ("delegate", "forward", "pass on", "hand off"),
    "state": ("state", "mode", "status"),
    "loop": ("@loop",),
}


def hit(expr: str, text: str) -> bool:
    return bool(Matcher(analyse(text)).spans(parse(expr, LEX)))


CASES = [
    # (expression, answer, expected)
    ("context & @delegate & current state", "the current state gets the call: context forwards it", True),
    ("context & @delegate & current state", "the context holds the current state", False),
    ("@delegate", "it is delegating every call", True),          # stems
    ("@delegate", "it passes them on", True),                     # phrase inflected
    ("delegate", "the context delagates to it", True),            # one typo on a long word
    ("state", "the stale cache", False),                          # short words take no typos
    ("transition", "a transitoin fires", True),
    ("serialized", "we serialise it", True),                      # British spelling
    ("current state", "the current, active state", True),         # gaps of up to two words
    ('"current state"', "the current active state", False),       # quotes: adjacent
    ("(lock & network)~5", "take the lock then call the network", True),
    ("(lock & network)~3", "take the lock and then much later call the network", False),
    ("serializ*", "we serialization things", True),
    ("hold (the)? lock", "hold lock", True),
    ("hold (the)? lock", "hold the lock", True),
    ("mutex & !atomic", "a mutex, not an atomic", True),          # negated atomic is not asserted
    ("mutex & !atomic", "a mutex or an atomic", False),
    ("~persist", "we never persist it", True),
    ("~persist", "we persist it", False),
    ("a | b", "b only", True),
]


@pytest.mark.parametrize("expr,text,expected", CASES, ids=[f"{e}:{t}" for e, t, _ in CASES])
def test_expressions(expr, text, expected):
    assert hit(expr, text) is expected


NEGATIONS = [
    "we should not store the object",
    "never store the object",
    "I don't store the object",
    "I dont store the object",
    "use the name instead of storing the object",
    "use the name rather than store the object",
    "avoid storing the object",
    "storing the object in the database is the classic mistake",
    "storing the object is a bad idea",
]


@pytest.mark.parametrize("text", NEGATIONS)
def test_negated_claims_are_not_asserted(text):
    assert not hit("stor* & object", text)


def test_negation_ends_with_the_clause():
    assert hit("stor* & name", "do not store the object, but store the name")
    assert hit("stor* & name", "never the object. store the name")


def test_a_cue_inside_the_match_is_part_of_the_claim():
    assert hit('"no need" (to)? log*', "there is no need to log transitions")
    assert not hit("log*", "there is no need to log transitions")


@pytest.mark.parametrize("bad,why", [
    ("a &", "missing a word"), ("(a | b", "unclosed"), ("@nope", "unknown concept"),
    ("@loop", "refers to itself"), ("a ~3", "unexpected"), ('""', "empty quotes"), ("x?", "optional"),
])
def test_bad_expressions_say_why(bad, why):
    problem = check(bad, LEX)
    assert problem and why in problem
    with pytest.raises(RubricError):
        parse(bad, LEX)
