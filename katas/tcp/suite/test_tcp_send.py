"""Rule groups 4-7 of the tcp kata: send() follows the table, rejects every
other pair and every non-Event value, and logs each transition once."""

from __future__ import annotations

import itertools
import logging

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
NEXT = {(s, e): t for s, e, t in TABLE}
ILLEGAL = [p for p in itertools.product(STATES, EVENTS) if p not in NEXT]
# The events that lead from CLOSED to each state.
PATH = {"CLOSED": [], "LISTEN": ["LISTEN"], "SYN_RECV": ["LISTEN", "SYN"],
        "ESTABLISHED": ["LISTEN", "SYN", "ACK"], "CLOSE_WAIT": ["LISTEN", "SYN", "ACK", "FIN"]}


def pair_id(pair) -> str:
    return f"{pair[0]}+{pair[1]}"


def connection_in(sol, state_name, logger=None):
    c = sol.Connection() if logger is None else sol.Connection(logger=logger)
    for event_name in PATH[state_name]:
        c.send(sol.Event[event_name])
    assert c.state == sol.State[state_name], (
        f"(setup) sending {PATH[state_name]} from CLOSED must reach {state_name}, got {c.state}"
    )
    return c


# --- rule 4: send follows the table -----------------------------------------


@pytest.mark.task(4)
@pytest.mark.parametrize("pair", list(NEXT), ids=pair_id)
def test_each_row_of_the_table_is_a_transition(sol, pair):
    c = connection_in(sol, pair[0])
    target = sol.State[NEXT[pair]]
    returned = c.send(sol.Event[pair[1]])
    assert c.state == target and isinstance(c.state, sol.State), (
        f"{pair[1]} in {pair[0]} must move the connection to {target}, got {c.state!r}"
    )
    assert returned == target, (
        f"send must return the new state: {pair[1]} in {pair[0]} returned {returned!r}"
    )


@pytest.mark.task(4)
def test_a_closed_connection_can_listen_again(sol):
    c = connection_in(sol, "CLOSE_WAIT")
    c.send(sol.Event.CLOSE)
    assert c.state == sol.State.CLOSED, f"CLOSE in CLOSE_WAIT must lead to CLOSED, got {c.state}"
    try:
        c.send(sol.Event.LISTEN)
    except (sol.InvalidTransition, ValueError) as exc:
        raise AssertionError(
            "after CLOSE_WAIT + CLOSE the connection is CLOSED like a new one and can LISTEN "
            f"again, but LISTEN was rejected: {exc}"
        )
    assert c.state == sol.State.LISTEN, (
        f"after a full cycle, LISTEN must lead to LISTEN again, got {c.state}"
    )
    for event_name in ["SYN", "ACK", "FIN", "CLOSE"]:
        c.send(sol.Event[event_name])
    assert c.state == sol.State.CLOSED, f"a second full cycle must end CLOSED, got {c.state}"


# --- rule 5: pairs outside the table ----------------------------------------


@pytest.mark.task(5)
@pytest.mark.parametrize("pair", ILLEGAL, ids=pair_id)
def test_pair_outside_the_table_raises_and_changes_nothing(sol, pair):
    state_name, event_name = pair
    c = connection_in(sol, state_name)
    state, event = sol.State[state_name], sol.Event[event_name]
    try:
        c.send(event)
    except sol.InvalidTransition as exc:
        error = exc
    else:
        raise AssertionError(
            f"only the table's rows are transitions: {event_name} in {state_name} must raise "
            f"InvalidTransition, but it was accepted and moved the connection to {c.state}"
        )
    assert c.state == state, (
        f"an invalid event must not change the state: {event_name} in {state_name} "
        f"moved it to {c.state}"
    )
    for attribute, expected in (("state", state), ("event", event)):
        assert hasattr(error, attribute), (
            f"InvalidTransition must carry a .{attribute} attribute ({expected!s} here); "
            f"{event_name} in {state_name} raised one without it"
        )
        got = getattr(error, attribute)
        assert got == expected, (
            f"InvalidTransition.{attribute} must be {expected!s} for {event_name} in "
            f"{state_name}, got {got!r}"
        )
    text = str(error)
    missing = [v for v in (state_name, event_name) if v not in text]
    assert not missing, (
        "str(InvalidTransition) must name both the state and the event: for "
        f"{event_name} in {state_name} the message {text!r} lacks {missing}"
    )


# --- rule 6: values that are not Event members ------------------------------

NOT_EVENTS = [
    ("LISTEN", "syn"),  # the lower-case typo, where SYN would be legal
    ("CLOSED", "listen"),
    ("SYN_RECV", "Ack"),
    ("CLOSED", None),
    ("CLOSED", 3),
    ("ESTABLISHED", ""),
]


@pytest.mark.task(6)
@pytest.mark.parametrize("case", NOT_EVENTS, ids=lambda c: f"{c[0]}+{c[1]!r}")
def test_a_value_that_is_not_an_event_is_never_accepted(sol, case):
    state_name, value = case
    c = connection_in(sol, state_name)
    try:
        c.send(value)
    except (sol.InvalidTransition, TypeError, ValueError):
        pass
    else:
        raise AssertionError(
            f"only Event members may drive the connection: send({value!r}) in {state_name} "
            f"must raise InvalidTransition, TypeError or ValueError, but it was accepted "
            f"and moved the connection to {c.state}"
        )
    assert c.state == sol.State[state_name], (
        f"a rejected value must not change the state: send({value!r}) in {state_name} "
        f"moved it to {c.state}"
    )


# --- rule 7: logging --------------------------------------------------------


def check_one_info_record(sol, sink, pair, where):
    state_name, event_name = pair
    infos = sink.at(logging.INFO)
    assert len(infos) == 1, (
        f"each transition must log exactly one INFO record on {where}: {event_name} in "
        f"{state_name} logged {len(infos)} ({sink.describe()})"
    )
    text = infos[0].getMessage()
    values = (state_name, NEXT[pair], event_name)
    missing = [v for v in values if v not in text]
    assert not missing, (
        "the transition's INFO record must name the from-state, the to-state and the event "
        f"{values}; {text!r} lacks {missing}"
    )


@pytest.mark.task(7)
@pytest.mark.parametrize("pair", list(NEXT), ids=pair_id)
def test_transition_logs_one_info_record_on_the_given_logger(sol, logs, own_logger, pair):
    c = connection_in(sol, pair[0], logger=own_logger)
    sink = logs(own_logger)
    c.send(sol.Event[pair[1]])
    check_one_info_record(sol, sink, pair, "the logger passed to the connection")


@pytest.mark.task(7)
@pytest.mark.parametrize("pair", list(NEXT), ids=pair_id)
def test_transition_logs_on_the_tcp_logger_by_default(sol, logs, pair):
    c = connection_in(sol, pair[0])
    sink = logs(logging.getLogger("tcp"))
    c.send(sol.Event[pair[1]])
    check_one_info_record(sol, sink, pair, 'logging.getLogger("tcp") (no logger was passed)')
