"""Refusing regular expressions that can backtrack for ever.

Python's `re` backtracks: `(a+)+$`, `(.|.)*x` or `(a|a)*$` take exponential
time on a near-miss, and `.*.*.*x` polynomial time, long enough to freeze a
session that holds the store's lock. Packs are untrusted, so before a pattern
is ever used we walk its parse tree (the `re` module's own parser) and refuse:

* an unbounded repeat whose body holds another unbounded repeat (`(a+)+`);
* an unbounded repeat whose body can match the empty string (`(a?)*`);
* an unbounded repeat over alternatives that can start with the same
  character (`(.|.)*`, `(a|ab)*`; `re` folds `(a|a)` into `a(?:|)`, two empty
  alternatives, which is caught the same way);
* two unbounded repeats that can match the same character with only optional
  items between them (`.*.*`, `\\w+\\s*\\w+`): polynomial blow-up.

The check is conservative (it may refuse a pattern that happens to be safe)
and it is cheap; a refused pattern can always be rewritten, or written as a
rubric expression, which cannot backtrack at all.
"""
from __future__ import annotations

from typing import Any

ANY = None  # "may start with any character"
_BIG = 20   # a repeat with more than this many iterations counts as unbounded


def _c() -> Any:
    import re._constants as c  # type: ignore[import-not-found]

    return c


def _parse(pattern: str) -> Any:
    import re._parser as p  # type: ignore[import-not-found]

    return p.parse(pattern)


FirstSet = frozenset[int] | None


def _merge(a: FirstSet, b: FirstSet) -> FirstSet:
    if a is None or b is None:
        return None
    return a | b


def _overlap(a: FirstSet, b: FirstSet) -> bool:
    if a is None or b is None:
        return True
    return bool(a & b)


def _first(seq: Any) -> tuple[FirstSet, bool]:
    """(characters a match of `seq` can start with, whether it can match empty)."""
    c = _c()
    acc: FirstSet = frozenset()
    for op, av in seq:
        f, nullable = _first_item(op, av, c)
        acc = _merge(acc, f)
        if not nullable:
            return acc, False
    return acc, True


def _first_item(op: Any, av: Any, c: Any) -> tuple[FirstSet, bool]:
    if op is c.LITERAL:
        return frozenset({av}), False
    if op in (c.NOT_LITERAL, c.IN, c.ANY, c.CATEGORY, c.GROUPREF):
        return ANY, op is c.GROUPREF
    if op is c.SUBPATTERN:
        return _first(av[-1])
    if op is c.BRANCH:
        acc: FirstSet = frozenset()
        nullable = False
        for alt in av[1]:
            f, n = _first(alt)
            acc = _merge(acc, f)
            nullable = nullable or n
        return acc, nullable
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        lo, _hi, sub = av
        f, n = _first(sub)
        return f, n or lo == 0
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _first(av)
    # AT (anchors), ASSERT, ASSERT_NOT, GROUPREF_EXISTS ...: consume nothing we track
    return frozenset(), True


def _unbounded(hi: Any, c: Any) -> bool:
    return bool(hi is c.MAXREPEAT or hi > _BIG)


def _contains_unbounded(seq: Any, c: Any) -> bool:
    for op, av in seq:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            if _unbounded(av[1], c) or _contains_unbounded(av[2], c):
                return True
        elif op is c.SUBPATTERN and _contains_unbounded(av[-1], c):
            return True
        elif op is c.BRANCH and any(_contains_unbounded(alt, c) for alt in av[1]):
            return True
    return False


def _overlapping_branch(seq: Any, c: Any) -> bool:
    for op, av in seq:
        if op is c.BRANCH:
            firsts = [_first(alt) for alt in av[1]]
            for i in range(len(firsts)):
                for j in range(i + 1, len(firsts)):
                    (fa, na), (fb, nb) = firsts[i], firsts[j]
                    if (na and nb) or (not na and not nb and _overlap(fa, fb)):
                        return True
            if any(_overlapping_branch(alt, c) for alt in av[1]):
                return True
        elif op is c.SUBPATTERN and _overlapping_branch(av[-1], c):
            return True
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and _overlapping_branch(av[2], c):
            return True
    return False


def _walk(seq: Any, c: Any) -> str | None:
    last: FirstSet | bool = False   # first set of the last unbounded repeat still "adjacent"
    for op, av in seq:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            lo, hi, sub = av
            if _unbounded(hi, c):
                if _contains_unbounded(sub, c):
                    return "nests quantifiers (like (a+)+)"
                f, nullable = _first(sub)
                if nullable:
                    return "repeats something that can match nothing (like (a?)*)"
                if _overlapping_branch(sub, c):
                    return "repeats overlapping alternatives (like (a|a)* or (.|.)*)"
                if last is not False and _overlap(last, f):  # type: ignore[arg-type]
                    return "has two unbounded repeats that can match the same text (like .*.*)"
                last = f
                continue
            found = _walk(sub, c)
            if found:
                return found
            if lo > 0:
                last = False
            continue
        if op is c.SUBPATTERN:
            found = _walk(av[-1], c)
            if found:
                return found
        elif op is c.BRANCH:
            for alt in av[1]:
                found = _walk(alt, c)
                if found:
                    return found
        _f, nullable = _first_item(op, av, c)
        if not nullable:
            last = False
    return None


def catastrophic(pattern: str) -> str | None:
    """Why `pattern` could backtrack catastrophically, or None. Invalid patterns: None
    (compiling them reports the syntax error)."""
    try:
        tree = _parse(pattern)
    except Exception:
        return None
    return _walk(tree, _c())
