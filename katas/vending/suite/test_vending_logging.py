"""Rule group 7 of the vending kata: what gets logged, and at which level."""

from __future__ import annotations

import itertools
import logging

import pytest

STATES = ["IDLE", "HAS_COIN", "DISPENSING"]
EVENTS = ["INSERT_COIN", "SELECT_ITEM", "DISPENSE", "REFUND"]
LEGAL = {
    ("IDLE", "INSERT_COIN"): "HAS_COIN",
    ("HAS_COIN", "SELECT_ITEM"): "DISPENSING",
    ("HAS_COIN", "REFUND"): "IDLE",
    ("DISPENSING", "DISPENSE"): "IDLE",
}
ILLEGAL = [pair for pair in itertools.product(STATES, EVENTS) if pair not in LEGAL]
PATHS = {
    "IDLE": [],
    "HAS_COIN": [("INSERT_COIN", None)],
    "DISPENSING": [("INSERT_COIN", None), ("SELECT_ITEM", "cola")],
}


def pair_id(pair) -> str:
    return f"{pair[0].lower()}+{pair[1]}"


def machine_in(sol, state_name, logger=None):
    if logger is None:
        m = sol.VendingMachine({"cola": 2, "chips": 1})
    else:
        m = sol.VendingMachine({"cola": 2, "chips": 1}, logger=logger)
    for event_name, item in PATHS[state_name]:
        m.send(sol.Event[event_name], item) if item else m.send(sol.Event[event_name])
    assert m.state == sol.State[state_name], f"(setup) could not reach {state_name.lower()}"
    return m


def fire(sol, m, event_name):
    if event_name == "SELECT_ITEM":
        return m.send(sol.Event.SELECT_ITEM, "cola")
    return m.send(sol.Event[event_name])


def check_one_info_record(sol, sink, pair, where):
    state_name, event_name = pair
    source, target = sol.State[state_name], sol.State[LEGAL[pair]]
    event = sol.Event[event_name]
    infos = sink.at(logging.INFO)
    assert len(infos) == 1, (
        f"each transition must log exactly one INFO record on {where}: "
        f"{event_name} in {source} logged {len(infos)} ({sink.describe()})"
    )
    text = infos[0].getMessage()
    missing = [v for v in (source.value, target.value, event.value) if v not in text]
    assert not missing, (
        "the transition's INFO record must name the from-state, the to-state and the event "
        f"(values {source.value!r}, {target.value!r}, {event.value!r}); "
        f"{text!r} lacks {missing}"
    )


@pytest.mark.task(7)
@pytest.mark.parametrize("pair", list(LEGAL), ids=pair_id)
def test_transition_logs_one_info_record_on_the_given_logger(sol, logs, own_logger, pair):
    m = machine_in(sol, pair[0], logger=own_logger)
    sink = logs(own_logger)
    fire(sol, m, pair[1])
    check_one_info_record(sol, sink, pair, "the logger passed to the machine")


@pytest.mark.task(7)
@pytest.mark.parametrize("pair", list(LEGAL), ids=pair_id)
def test_transition_logs_on_the_vending_logger_by_default(sol, logs, pair):
    m = machine_in(sol, pair[0])
    sink = logs(logging.getLogger("vending"))
    fire(sol, m, pair[1])
    check_one_info_record(sol, sink, pair, 'logging.getLogger("vending") (no logger was passed)')


@pytest.mark.task(7)
@pytest.mark.parametrize("pair", ILLEGAL, ids=pair_id)
def test_invalid_event_is_logged_at_info_never_warning(sol, logs, own_logger, pair):
    state_name, event_name = pair
    m = machine_in(sol, state_name, logger=own_logger)
    sink = logs(own_logger)
    try:
        fire(sol, m, event_name)
    except sol.InvalidTransition:
        pass
    else:
        raise AssertionError(
            f"an invalid event must raise InvalidTransition: {event_name} in "
            f"{state_name.lower()} was accepted"
        )
    louder = sink.at_or_above(logging.WARNING)
    assert not louder, (
        "an invalid event is ordinary user behaviour: log it at INFO, never at WARNING or "
        f"above; {event_name} in {state_name.lower()} logged {sink.describe()}"
    )
    assert sink.at(logging.INFO), (
        "an invalid event must be logged at INFO on the logger passed to the machine: "
        f"{event_name} in {state_name.lower()} logged {sink.describe()}"
    )
