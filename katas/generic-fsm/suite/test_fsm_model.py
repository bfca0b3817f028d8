"""Rule group 6 of the generic-fsm kata: random machines, random events.

Hypothesis registers random transitions over a pool of mixed hashables
(ints, strings that look like ints, strings with colons, tuples, enum
members), some with actions that fail, then sends random events. A dict in
the test is the model; state, action calls and exceptions must match it
after every step.
"""

from __future__ import annotations

import enum

import pytest
from hypothesis import given
from hypothesis import strategies as st


class Color(enum.Enum):
    RED = 1
    BLUE = 2


class Boom(Exception):
    pass


STATES = [0, 1, "0", "1", "a:b", "a", (0, 1), ("a", "b"), Color.RED, Color.BLUE]
EVENTS = ["go", "c", "b:c", 1, "1", (0,), Color.RED]

registrations = st.lists(
    st.tuples(
        st.sampled_from(STATES),
        st.sampled_from(EVENTS),
        st.sampled_from(STATES),
        st.sampled_from(["none", "ok", "ok", "boom"]),
    ),
    max_size=20,
)
# ("pick", n) sends the n-th event registered for the current state, if any,
# so runs do not spend most steps on rejected events.
steps = st.lists(
    st.one_of(st.tuples(st.just("event"), st.sampled_from(EVENTS)),
              st.tuples(st.just("pick"), st.integers(0, 5))),
    max_size=25,
)


def smoke(sol) -> None:
    """Fail fast, before hypothesis starts, if the basics raise (a stub, a typo).

    Without this a solution that always raises would make hypothesis spend
    seconds shrinking an example that does not matter.
    """
    m = sol.Machine(0)
    try:
        m.allow(0, "go", 1, lambda: None)
        m.send("go")
        m.send("go")
    except (sol.InvalidTransition, sol.DuplicateTransition):
        pass
    m.state


@pytest.mark.task(6)
def test_random_machines_match_a_dict_model(sol, reap):
    smoke(sol)
    check_random_machines(sol, reap)


@given(initial=st.sampled_from(STATES), regs=registrations, script=steps)
def check_random_machines(sol, reap, initial, regs, script):
    reap()
    calls: list[int] = []
    raised: list[Boom] = []

    def make_action(kind: str, n: int):
        if kind == "none":
            return None

        def action():
            calls.append(n)
            if kind == "boom":
                raised.append(Boom(n))
                raise raised[-1]

        return action

    m = sol.Machine(initial)
    model: dict = {}
    for n, (src, event, dst, kind) in enumerate(regs):
        try:
            m.allow(src, event, dst, make_action(kind, n))
            outcome = "registered"
        except sol.DuplicateTransition:
            outcome = "duplicate"
        expected = "duplicate" if (src, event) in model else "registered"
        assert outcome == expected, (
            f"allow({src!r}, {event!r}, {dst!r}) must be "
            f"{'rejected as a duplicate' if expected == 'duplicate' else 'accepted'} after "
            f"{list(model)}; keys must not collide and duplicates must raise"
        )
        model.setdefault((src, event), (dst, kind, n))

    state = initial
    history: list[str] = []
    for kind, value in script:
        if kind == "pick":
            options = [e for (s, e) in model if s == state]
            if not options:
                continue
            value = options[value % len(options)]
        history.append(repr(value))
        where = f"from {initial!r}, after sending {' -> '.join(history)}"
        before, booms = len(calls), len(raised)
        entry = model.get((state, value))
        try:
            result = m.send(value)
            outcome = "moved"
        except sol.InvalidTransition:
            outcome = "invalid"
        except Boom as exc:
            outcome = "boom"
            assert raised and exc is raised[-1], (
                f"{where}: the action's exception must reach the caller unwrapped, as the "
                "same object"
            )
            del exc
        except Exception as exc:
            if len(raised) == booms:  # no action failed: the solution's own error
                raise
            raise AssertionError(
                f"{where}: the action's exception must reach the caller unwrapped; the "
                f"action raised Boom, the caller got {type(exc).__name__}: {exc}"
            ) from exc
        expected = "invalid" if entry is None else ("boom" if entry[1] == "boom" else "moved")
        assert outcome == expected, f"{where}: the last send must have {expected}, not {outcome}"
        ran = calls[before:]
        want = [] if entry is None or entry[1] == "none" else [entry[2]]
        assert ran == want, (
            f"{where}: the last send must run {'no action' if not want else 'its action once'}"
            f"; action calls were {ran}"
        )
        if expected == "moved":
            state = entry[0]
            assert result == state, f"{where}: send must return the new state {state!r}"
        assert m.state == state, f"{where}: the machine must be in {state!r}, not {m.state!r}"
