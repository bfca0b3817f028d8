"""How hard a pack's patterns are checked: cheap checks always, the full check when untrusted."""
from __future__ import annotations

import pytest

from trainer.bank import pattern_policy
from trainer.bank.pack_format import MAX_PATTERN, MAX_RUBRIC


@pytest.fixture(autouse=True)
def _fresh_verdicts():
    pattern_policy.clear_cache()
    yield
    pattern_policy.clear_cache()


@pytest.mark.parametrize("pattern,words", [
    ("x" * (MAX_PATTERN + 1), "longer than"),
    ("(a+)+", "nests quantifiers"),
])
def test_cheap_checks_run_even_for_trusted_packs(pattern, words):
    for full in (False, True):
        problem = pattern_policy.pattern_problem(pattern, full)
        assert problem is not None and words in problem


@pytest.mark.parametrize("pattern,words", [
    ("guard(", "not a valid regular expression"),
    ("(a|a)*b", "can hang matching"),
])
def test_compile_and_safety_checks_run_only_in_full(pattern, words):
    assert pattern_policy.pattern_problem(pattern, False) is None
    problem = pattern_policy.pattern_problem(pattern, True)
    assert problem is not None and words in problem


def test_a_good_pattern_passes_both():
    assert pattern_policy.pattern_problem(r"\bguard\b", True) is None
    assert pattern_policy.pattern_problem(r"\bguard\b", False) is None


def test_rubric_expressions_are_parsed_and_bounded():
    assert pattern_policy.rubric_problem("guard & action") is None
    assert "missing a word" in (pattern_policy.rubric_problem("guard &") or "")
    assert "longer than" in (pattern_policy.rubric_problem("a " * MAX_RUBRIC) or "")
