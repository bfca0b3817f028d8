"""When a pack's match patterns and rubric expressions are refused, and what that costs.

A pattern runs against every answer a learner types, so a pack must not be able
to hang a session with a catastrophic regex. The checks come in two weights:

* cheap ones (length, the nested-quantifier shape) run on every pattern of
  every pack, bundled or not;
* the full check (compile the regex, ask `grading.regex_safety` whether it can
  backtrack catastrophically, parse each rubric expression) runs only for
  untrusted packs: user packs, and every pack under `trainer content check`.
  The bundled packs ship with the package and the test suite compiles every
  one of their patterns, so a normal start-up does not pay ~50 us per regex.

Verdicts are cached per (pattern, full check), because a large pack repeats the
same patterns on many cards.
"""
from __future__ import annotations

import re

from trainer.bank.pack_format import MAX_PATTERN, MAX_RUBRIC

# A quantified group that itself contains a quantifier, like (a+)+ or (\w*)*: the
# classic catastrophic-backtracking shape. Refused so a pack cannot hang a session.
NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)[+*{]")

_VERDICTS: dict[tuple[str, bool], str | None] = {}


def clear_cache() -> None:
    """Forget every cached verdict (a benchmark measuring a cold process calls this)."""
    _VERDICTS.clear()


def pattern_problem(pattern: str, full: bool) -> str | None:
    """Why a match pattern is refused, or None; `full` adds the compile and safety checks."""
    key = (pattern, full)
    try:
        return _VERDICTS[key]
    except KeyError:
        pass
    result: str | None = None
    if len(pattern) > MAX_PATTERN:
        result = f"pattern longer than {MAX_PATTERN} characters"
    elif NESTED_QUANTIFIER.search(pattern):
        result = f"pattern {pattern!r} nests quantifiers (like (a+)+), which can hang matching"
    elif full:
        try:
            re.compile(pattern)
        except re.error as exc:
            result = f"pattern {pattern!r} is not a valid regular expression ({exc})"
        else:
            from trainer.grading.regex_safety import catastrophic

            why = catastrophic(pattern)
            if why:
                result = f"pattern {pattern!r} {why}, which can hang matching; rewrite it or use a rubric"
    _VERDICTS[key] = result
    return result


def rubric_problem(expression: str) -> str | None:
    """Why a rubric expression is refused, or None (the full check: untrusted packs only)."""
    if len(expression) > MAX_RUBRIC:
        return f"rubric expression longer than {MAX_RUBRIC} characters"
    from trainer.grading.lexicon import LexiconError
    from trainer.grading.rubric import check

    try:
        why = check(expression)
    except LexiconError as exc:
        why = f"the lexicon cannot be read: {exc}"
    return f"rubric {expression!r}: {why}" if why else None
