"""Rule groups 1-3 of the tcp kata: the names, the table and is_legal."""

from __future__ import annotations

import enum
import itertools

import pytest

STATES = ["CLOSED", "LISTEN", "SYN_RECV", "ESTABLISHED", "CLOSE_WAIT"]
EVENTS = ["LISTEN", "SYN", "ACK", "FIN", "CLOSE"]
TABLE = [
    ("CLOSED", "LISTEN", "LISTEN"),
    ("LISTEN", "SYN", "SYN_RECV"),
    ("SYN_RECV", "ACK", "ESTABLISHED"),
    ("ESTABLISHED", "FIN", "CLOSE_WAIT"),
    ("CLOSE_WAIT", "CLOSE", "CLOSED"),
]
LEGAL = {(s, e) for s, e, _ in TABLE}
ALL_PAIRS = list(itertools.product(STATES, EVENTS))


def row(triple) -> str:
    return f"{triple[0]} + {triple[1]} -> {triple[2]}"


@pytest.mark.task(1)
@pytest.mark.parametrize("enum_name", ["State", "Event"])
def test_enums_have_exact_names_and_values(sol, enum_name):
    expected = {n: n for n in (STATES if enum_name == "State" else EVENTS)}
    cls = getattr(sol, enum_name, None)
    assert isinstance(cls, type) and issubclass(cls, enum.StrEnum), (
        f"{enum_name} must be an enum.StrEnum, got {cls!r}"
    )
    got = {m.name: m.value for m in cls}
    assert got == expected, f"{enum_name} must have exactly the members {expected}, got {got}"


@pytest.mark.task(1)
def test_invalid_transition_is_a_value_error(sol):
    cls = getattr(sol, "InvalidTransition", None)
    assert isinstance(cls, type) and issubclass(cls, ValueError), (
        f"InvalidTransition must be a subclass of ValueError, got {cls!r} "
        f"(bases: {getattr(cls, '__mro__', ())[1:]})"
    )


@pytest.mark.task(1)
def test_new_connection_is_closed(sol):
    c = sol.Connection()
    assert isinstance(c.state, sol.State) and c.state == sol.State.CLOSED, (
        f"a new Connection must start in State.CLOSED, got {c.state!r}"
    )


@pytest.mark.task(1)
def test_state_is_read_only(sol):
    c = sol.Connection()
    try:
        c.state = sol.State.ESTABLISHED
    except (AttributeError, TypeError):
        pass
    else:
        raise AssertionError("`state` must be a read-only property: only events may change it, "
                    "but `connection.state = State.ESTABLISHED` was accepted")


@pytest.mark.task(2)
def test_transitions_table_holds_exactly_the_five_rows_once_each(sol):
    rows = [tuple(t) for t in sol.TRANSITIONS]
    bad = [r for r in rows if len(r) != 3]
    assert not bad, f"every TRANSITIONS entry must be a (from_state, event, to_state) triple: {bad}"
    expected = [(sol.State[s], sol.Event[e], sol.State[t]) for s, e, t in TABLE]
    extra = [row(r) for r in rows if r not in expected]
    missing = [row(r) for r in expected if r not in rows]
    repeated = sorted({row(r) for r in rows if rows.count(r) > 1})
    assert not extra, f"TRANSITIONS must hold only the five passive-open rows; extra: {extra}"
    assert not missing, f"TRANSITIONS is missing rows: {missing}"
    assert not repeated, f"TRANSITIONS must list each row once; repeated: {repeated}"


@pytest.mark.task(3)
@pytest.mark.parametrize("pair", ALL_PAIRS, ids=lambda p: f"{p[0]}+{p[1]}")
def test_is_legal_matches_the_table(sol, pair):
    state_name, event_name = pair
    expected = pair in LEGAL
    got = sol.is_legal(sol.State[state_name], sol.Event[event_name])
    assert got == expected, (
        f"is_legal must be True exactly for the table's rows: is_legal({state_name}, "
        f"{event_name}) returned {got!r}, expected {expected}"
    )
