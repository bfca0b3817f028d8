"""The FSM engine, tested the way the guide recommends: from the table.

Legal and illegal pairs are generated from each definition; graph properties
and random event sequences are checked with hypothesis; a concurrency test
proves one transition per state.
"""
from __future__ import annotations

import threading
import time
from enum import Enum, StrEnum

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.fsm import (
    Definition,
    DefinitionError,
    GuardRejected,
    InvalidTransition,
    Machine,
    Transition,
    UnknownState,
)
from trainer.machines import MACHINES, load_definition


class Door(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    LOCKED = "locked"
    BROKEN = "broken"


class DoorEvent(StrEnum):
    CLOSE = "close"
    OPEN = "open"
    LOCK = "lock"
    UNLOCK = "unlock"
    KICK = "kick"


def has_key(machine, key: str | None = None, **_):
    return key == "brass"


DOOR = Definition(
    "door",
    Door,
    DoorEvent,
    Door.OPEN,
    [
        Transition(Door.OPEN, DoorEvent.CLOSE, Door.CLOSED),
        Transition(Door.CLOSED, DoorEvent.OPEN, Door.OPEN),
        Transition(Door.CLOSED, DoorEvent.LOCK, Door.LOCKED),
        Transition(Door.LOCKED, DoorEvent.UNLOCK, Door.CLOSED, guard=has_key),
        Transition(Door.LOCKED, DoorEvent.KICK, Door.BROKEN),
        Transition(Door.CLOSED, DoorEvent.KICK, Door.BROKEN),
    ],
    final=[Door.BROKEN],
)

# Every definition under test: the local door plus every product machine whose guards
# need no context (the session machine's guards read its Session: tests/sessions covers it
# with the same table-generated cases).
CONTEXT_FREE = [name for name in MACHINES if name != "quiz"]
DEFINITIONS = {"door": DOOR, **{name: load_definition(name) for name in CONTEXT_FREE}}

# Data that satisfies each guard, so a legal pair can be sent successfully.
GOOD_DATA = {"has_key": {"key": "brass"}, "amount_positive": {"amount": 10}}


def _data_for(t: Transition) -> dict:
    return GOOD_DATA.get(t.guard_name, {}) if t.guard else {}


def _legal_cases():
    for name, d in DEFINITIONS.items():
        for t in d.transitions:
            yield pytest.param(d, t, id=f"{name}:{t.source.value}-{t.event.value}")


def _illegal_cases():
    for name, d in DEFINITIONS.items():
        for s in d.states:
            for e in d.events:
                if not d.is_legal(s, e):
                    yield pytest.param(d, s, e, id=f"{name}:{s.value}-{e.value}")


@pytest.mark.parametrize("definition,transition", list(_legal_cases()))
def test_every_legal_pair_moves_to_its_target(definition, transition):
    m = definition.machine(transition.source)
    assert m.send(transition.event, **_data_for(transition)) is transition.target
    assert m.state is transition.target


@pytest.mark.parametrize("definition,state,event", list(_illegal_cases()))
def test_every_illegal_pair_raises_and_keeps_the_state(definition, state, event):
    m = definition.machine(state)
    with pytest.raises(InvalidTransition) as err:
        m.send(event)
    assert m.state is state
    assert err.value.state is state and err.value.event is event
    assert state.value in str(err.value) and str(event.value) in str(err.value)


@pytest.mark.parametrize("name", list(DEFINITIONS))
def test_every_state_is_reachable_from_the_initial_one(name):
    assert DEFINITIONS[name].unreachable_states() == set()


@pytest.mark.parametrize("name", list(DEFINITIONS))
def test_every_state_can_reach_a_final_state(name):
    d = DEFINITIONS[name]
    assert d.final, f"{name} declares no final state"
    assert d.dead_end_states() == set()


@pytest.mark.parametrize("name", list(DEFINITIONS))
def test_state_names_round_trip_through_the_registry(name):
    d = DEFINITIONS[name]
    for s in d.states:
        assert d.state_named(d.state_name(s)) is s
        assert d.machine(d.state_name(s)).state is s


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_random_event_sequences_never_leave_the_state_set(data):
    name = data.draw(st.sampled_from(sorted(DEFINITIONS)))
    d = DEFINITIONS[name]
    m = d.machine()
    events = data.draw(st.lists(st.sampled_from(list(d.events)), max_size=40))
    for e in events:
        before = m.state
        t = d.lookup(before, e)
        try:
            m.send(e, **(_data_for(t) if t else {}))
        except InvalidTransition:
            assert t is None and m.state is before
        else:
            assert t is not None and m.state is t.target
        assert m.state in d.states


# --- definition-time checks ---------------------------------------------------

class Other(Enum):
    X = "x"


def test_duplicate_pair_is_rejected_at_definition():
    with pytest.raises(DefinitionError, match="duplicate transition from 'open' on 'close'"):
        Definition("d", Door, DoorEvent, Door.OPEN, [
            Transition(Door.OPEN, DoorEvent.CLOSE, Door.CLOSED),
            Transition(Door.OPEN, DoorEvent.CLOSE, Door.LOCKED),
        ])


@pytest.mark.parametrize("row,role", [
    (Transition(Other.X, DoorEvent.CLOSE, Door.CLOSED), "source"),
    (Transition(Door.OPEN, DoorEvent.CLOSE, "closed"), "target"),
    (Transition(Door.OPEN, "close", Door.CLOSED), "event"),
])
def test_a_row_naming_something_that_is_not_a_state_or_event_is_rejected(row, role):
    with pytest.raises(DefinitionError, match=role if role != "event" else "not a member of DoorEvent"):
        Definition("d", Door, DoorEvent, Door.OPEN, [row])


def test_initial_and_final_must_be_states():
    with pytest.raises(DefinitionError, match="initial"):
        Definition("d", Door, DoorEvent, "open", [])
    with pytest.raises(DefinitionError, match="final"):
        Definition("d", Door, DoorEvent, Door.OPEN, [], final=[Other.X])


# --- send semantics -------------------------------------------------------------

def test_failed_guard_raises_a_distinct_error_and_keeps_the_state():
    m = DOOR.machine(Door.LOCKED)
    with pytest.raises(GuardRejected, match="has_key"):
        m.send(DoorEvent.UNLOCK, key="iron")
    assert m.state is Door.LOCKED
    assert not issubclass(GuardRejected, InvalidTransition)
    assert m.send(DoorEvent.UNLOCK, key="brass") is Door.CLOSED


def _boom(machine, **_):
    raise RuntimeError("motor jammed")


def test_action_runs_before_the_swap_and_a_failure_keeps_the_state():
    seen = []

    def record(machine, **data):
        seen.append((machine.state, data))

    d = Definition("d", Door, DoorEvent, Door.OPEN, [
        Transition(Door.OPEN, DoorEvent.CLOSE, Door.CLOSED, action=record),
        Transition(Door.CLOSED, DoorEvent.LOCK, Door.LOCKED, action=_boom),
    ])
    m = d.machine()
    m.send(DoorEvent.CLOSE, who="ann")
    assert seen == [(Door.OPEN, {"who": "ann"})]  # the action saw the old state
    with pytest.raises(RuntimeError, match="motor jammed"):
        m.send(DoorEvent.LOCK)
    assert m.state is Door.CLOSED


def test_hooks_and_the_single_listener_see_every_transition_in_order():
    calls = []
    records = []
    d = Definition(
        "d", Door, DoorEvent, Door.OPEN,
        [Transition(Door.OPEN, DoorEvent.CLOSE, Door.CLOSED),
         Transition(Door.CLOSED, DoorEvent.OPEN, Door.OPEN)],
        on_exit={Door.OPEN: lambda m, t, **k: calls.append(("exit", m.state))},
        on_enter={Door.CLOSED: lambda m, t, **k: calls.append(("enter", m.state))},
    )
    m = d.machine(listener=records.append, machine_id="door-1")
    m.send(DoorEvent.CLOSE)
    m.send(DoorEvent.OPEN)
    assert calls == [("exit", Door.OPEN), ("enter", Door.CLOSED)]
    assert [(r.machine, r.sequence, r.source, r.event, r.target) for r in records] == [
        ("door-1", 1, Door.OPEN, DoorEvent.CLOSE, Door.CLOSED),
        ("door-1", 2, Door.CLOSED, DoorEvent.OPEN, Door.OPEN),
    ]
    assert all(r.at.tzinfo is not None for r in records)


def test_exit_hook_failure_keeps_the_state_and_skips_the_listener():
    records = []
    d = Definition("d", Door, DoorEvent, Door.OPEN,
                   [Transition(Door.OPEN, DoorEvent.CLOSE, Door.CLOSED)],
                   on_exit={Door.OPEN: _boom_hook})
    m = d.machine(listener=records.append)
    with pytest.raises(RuntimeError):
        m.send(DoorEvent.CLOSE)
    assert m.state is Door.OPEN and records == []


def _boom_hook(machine, transition, **_):
    raise RuntimeError("cannot release")


def test_unknown_stored_name_is_a_clear_error_not_a_keyerror():
    with pytest.raises(UnknownState) as err:
        DOOR.machine("ajar")
    assert not isinstance(err.value, KeyError)
    assert "'ajar'" in str(err.value) and "open" in str(err.value)
    with pytest.raises(UnknownState):
        DOOR.state_named(None)


def test_mermaid_and_rows_render_the_table():
    text = DOOR.to_mermaid()
    assert text.startswith("stateDiagram-v2\n    [*] --> open\n")
    for src, ev, dst, guard, _ in DOOR.table_rows():
        label = f"{ev} [{guard}]" if guard else ev
        assert f"    {src} --> {dst} : {label}\n" in text
    assert "    broken --> [*]\n" in text
    assert len(DOOR.table_rows()) == len(DOOR.transitions)


def test_concurrent_sends_make_exactly_one_transition():
    """Many threads send the same event at once; the slow action runs once."""
    runs = []
    overlap = threading.Event()
    active = threading.Lock()

    def slow_charge(machine, **_):
        if not active.acquire(blocking=False):
            overlap.set()
        try:
            runs.append(threading.get_ident())
            time.sleep(0.02)
        finally:
            if active.locked():
                active.release()

    d = Definition("d", Door, DoorEvent, Door.OPEN,
                   [Transition(Door.OPEN, DoorEvent.CLOSE, Door.CLOSED, action=slow_charge)])
    m = d.machine()
    n = 16
    barrier = threading.Barrier(n, timeout=10)
    outcomes = []

    def worker():
        barrier.wait()
        try:
            m.send(DoorEvent.CLOSE)
            outcomes.append("moved")
        except InvalidTransition:
            outcomes.append("refused")

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert not any(t.is_alive() for t in threads)
    assert len(runs) == 1 and not overlap.is_set()
    assert sorted(outcomes) == ["moved"] + ["refused"] * (n - 1)
    assert m.state is Door.CLOSED and m.sequence == 1


def test_machine_rejects_a_state_of_another_enum():
    with pytest.raises(UnknownState):
        Machine(DOOR, Other.X)
