"""Rule group 8 of the tcp kata: any sequence of events, typos included,
played against the table; the state must match after every step."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

NEXT = {
    ("CLOSED", "LISTEN"): "LISTEN",
    ("LISTEN", "SYN"): "SYN_RECV",
    ("SYN_RECV", "ACK"): "ESTABLISHED",
    ("ESTABLISHED", "FIN"): "CLOSE_WAIT",
    ("CLOSE_WAIT", "CLOSE"): "CLOSED",
}
EVENTS = ["LISTEN", "SYN", "ACK", "FIN", "CLOSE"]
TYPOS = ["syn", "ack", "listen", "close", None, 0]

# Mostly the event the table wants next, so runs get deep into the handshake.
steps = st.lists(
    st.one_of(
        st.sampled_from(EVENTS).map(lambda e: ("event", e)),
        st.sampled_from(EVENTS).map(lambda e: ("event", e)),
        st.just(("next", None)),
        st.just(("next", None)),
        st.just(("next", None)),
        st.sampled_from(TYPOS).map(lambda t: ("typo", t)),
    ),
    max_size=30,
)


def smoke(sol) -> None:
    """Fail fast, before hypothesis starts, if the basics raise (a stub, a typo).

    Without this a solution that always raises would make hypothesis spend
    seconds shrinking an example that does not matter.
    """
    c = sol.Connection()
    try:
        c.send(sol.Event.LISTEN)
        c.send(sol.Event.ACK)
    except (sol.InvalidTransition, TypeError, ValueError):
        pass
    c.state


@pytest.mark.task(8)
def test_any_sequence_follows_the_table(sol, reap):
    smoke(sol)
    check_sequences(sol, reap)


@given(script=steps)
def check_sequences(sol, reap, script):
    reap()
    c = sol.Connection()
    state = "CLOSED"
    history: list[str] = []
    for kind, value in script:
        if kind == "next":
            kind, value = "event", next(e for (s, e) in NEXT if s == state)
        if kind == "event":
            history.append(value)
            expected = NEXT.get((state, value))
            try:
                c.send(sol.Event[value])
            except sol.InvalidTransition:
                outcome = "rejected"
            else:
                outcome = "accepted"
            where = f"after {' -> '.join(history)}"
            assert outcome == ("accepted" if expected else "rejected"), (
                f"{where}: {value} in {state} must be "
                f"{'accepted' if expected else 'rejected with InvalidTransition'} "
                "(the table is the spec)"
            )
            state = expected or state
        else:
            history.append(repr(value))
            try:
                c.send(value)
            except (sol.InvalidTransition, TypeError, ValueError):
                pass
            else:
                raise AssertionError(
                    f"after {' -> '.join(history)}: a value that is not an Event member "
                    "must never be accepted"
                )
            where = f"after {' -> '.join(history)}"
        assert c.state == sol.State[state], (
            f"{where}: the connection must be in {state}, but it is in {c.state}"
        )
