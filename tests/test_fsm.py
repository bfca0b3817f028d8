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
from trainer.machine_registry import MACHINES, load_definition


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


def has_key(key: str | None = None) -> bool:
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
# need no context (the session and interview machines' guards read their session:
# tests/sessions covers them with the same table-generated cases).
CONTEXT_FREE = [name for name in MACHINES if name not in ("session", "interview")]
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
    ], strict=False)
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
        on_exit={Door.OPEN: lambda machine, transition: calls.append(("exit", machine.state))},
        on_enter={Door.CLOSED: lambda machine, **_: calls.append(("enter", machine.state))},
        strict=False,
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
                   on_exit={Door.OPEN: _boom_hook}, strict=False)
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
                   [Transition(Door.OPEN, DoorEvent.CLOSE, Door.CLOSED, action=slow_charge)],
                   strict=False)
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


# --- definition-time checks -----------------------------------------------------

def test_unreachable_and_dead_end_states_are_refused_at_definition():
    with pytest.raises(DefinitionError, match="unreachable from the initial state: broken, locked"):
        Definition("d", Door, DoorEvent, Door.OPEN,
                   [Transition(Door.OPEN, DoorEvent.CLOSE, Door.CLOSED)])
    with pytest.raises(DefinitionError, match="no final state can be reached from: locked"):
        Definition("d", Door, DoorEvent, Door.OPEN, [
            Transition(Door.OPEN, DoorEvent.CLOSE, Door.CLOSED),
            Transition(Door.CLOSED, DoorEvent.OPEN, Door.OPEN),
            Transition(Door.OPEN, DoorEvent.KICK, Door.BROKEN),
            Transition(Door.CLOSED, DoorEvent.LOCK, Door.LOCKED),
        ], final=[Door.BROKEN])  # nothing leaves locked: a machine there is stuck


def test_a_final_state_with_an_outgoing_row_is_refused():
    rows = [*DOOR.transitions, Transition(Door.BROKEN, DoorEvent.OPEN, Door.OPEN)]
    with pytest.raises(DefinitionError, match="final state 'broken' has an outgoing transition"):
        Definition("d", Door, DoorEvent, Door.OPEN, rows, final=[Door.BROKEN])


def test_only_the_last_row_of_a_pair_may_be_unguarded():
    with pytest.raises(DefinitionError, match="unguarded row must be the last"):
        Definition("d", Door, DoorEvent, Door.OPEN, [
            Transition(Door.OPEN, DoorEvent.CLOSE, Door.CLOSED),
            Transition(Door.OPEN, DoorEvent.CLOSE, Door.LOCKED, guard=has_key),
        ], strict=False)


# --- branching on one event -----------------------------------------------------

def _heavy(weight: int = 0) -> bool:
    return weight > 100


BRANCHING = Definition("d", Door, DoorEvent, Door.OPEN, [
    Transition(Door.OPEN, DoorEvent.KICK, Door.BROKEN, guard=_heavy),
    Transition(Door.OPEN, DoorEvent.KICK, Door.CLOSED),
    Transition(Door.CLOSED, DoorEvent.LOCK, Door.LOCKED, guard=has_key),
    Transition(Door.CLOSED, DoorEvent.LOCK, Door.BROKEN, guard=_heavy),
    Transition(Door.LOCKED, DoorEvent.KICK, Door.BROKEN),
], final=[Door.BROKEN])


@pytest.mark.parametrize("data,target", [({"weight": 500}, Door.BROKEN), ({"weight": 1}, Door.CLOSED),
                                         ({}, Door.CLOSED)])
def test_rows_of_one_pair_are_tried_in_order_and_the_unguarded_one_is_the_else(data, target):
    assert BRANCHING.machine().send(DoorEvent.KICK, **data) is target


def test_when_every_guard_of_a_pair_refuses_the_state_stays():
    m = BRANCHING.machine(Door.CLOSED)
    with pytest.raises(GuardRejected, match="_heavy"):
        m.send(DoorEvent.LOCK, key="iron", weight=1)
    assert m.state is Door.CLOSED and m.sequence == 0
    assert m.send(DoorEvent.LOCK, key="brass") is Door.LOCKED
    assert BRANCHING.events_from(Door.CLOSED) == [DoorEvent.LOCK]


# --- run to completion ----------------------------------------------------------

def test_an_event_sent_from_an_action_runs_after_the_transition_completes():
    records = []
    inner: list = []

    def close_then_lock(machine):
        inner.append(machine.send(DoorEvent.LOCK))  # queued: returns the state as it is

    d = Definition("d", Door, DoorEvent, Door.OPEN, [
        Transition(Door.OPEN, DoorEvent.CLOSE, Door.CLOSED, action=close_then_lock),
        Transition(Door.CLOSED, DoorEvent.LOCK, Door.LOCKED),
        Transition(Door.LOCKED, DoorEvent.KICK, Door.BROKEN),
    ], final=[Door.BROKEN])
    m = d.machine(listener=records.append)
    assert m.send(DoorEvent.CLOSE) is Door.LOCKED
    assert inner == [Door.OPEN]
    assert [(r.sequence, r.source, r.target) for r in records] == [
        (1, Door.OPEN, Door.CLOSED), (2, Door.CLOSED, Door.LOCKED)]


def test_a_queued_event_that_fails_reaches_the_outer_caller_and_the_queue_is_dropped():
    def queue_two(machine):
        machine.send(DoorEvent.KICK)   # not legal from closed: fails when its turn comes
        machine.send(DoorEvent.LOCK)   # dropped with the failure

    d = Definition("d", Door, DoorEvent, Door.OPEN, [
        Transition(Door.OPEN, DoorEvent.CLOSE, Door.CLOSED, action=queue_two),
        Transition(Door.CLOSED, DoorEvent.LOCK, Door.LOCKED),
        Transition(Door.LOCKED, DoorEvent.KICK, Door.BROKEN),
    ], final=[Door.BROKEN])
    m = d.machine()
    with pytest.raises(InvalidTransition):
        m.send(DoorEvent.CLOSE)
    assert m.state is Door.CLOSED       # the first transition completed
    assert m.send(DoorEvent.LOCK) is Door.LOCKED  # and the machine is usable


def test_a_listener_may_send_too():
    d = DOOR
    m = d.machine()

    def follow(record):
        if record.target is Door.CLOSED:
            m.send(DoorEvent.LOCK)

    m = d.machine(listener=follow)
    assert m.send(DoorEvent.CLOSE) is Door.LOCKED and m.sequence == 2


# --- callback order and what callbacks receive ------------------------------------

def test_callbacks_run_guard_action_exit_swap_enter_listener():
    order = []

    def guard(machine):
        order.append(("guard", machine.state))
        return True

    def action(machine):
        order.append(("action", machine.state))

    d = Definition("d", Door, DoorEvent, Door.OPEN,
                   [Transition(Door.OPEN, DoorEvent.CLOSE, Door.CLOSED, guard=guard, action=action)],
                   on_exit={Door.OPEN: lambda machine: order.append(("exit", machine.state))},
                   on_enter={Door.CLOSED: lambda machine: order.append(("enter", machine.state))},
                   strict=False)
    m = d.machine(listener=lambda r: order.append(("listener", m.state)))
    m.send(DoorEvent.CLOSE)
    assert order == [("guard", Door.OPEN), ("action", Door.OPEN), ("exit", Door.OPEN),
                     ("enter", Door.CLOSED), ("listener", Door.CLOSED)]


def test_callbacks_get_exactly_what_they_declare():
    got = {}

    def action(source, target, event, transition, context, who, missing="default"):
        got.update(source=source, target=target, event=event, context=context, who=who,
                   missing=missing, row=transition)

    d = Definition("d", Door, DoorEvent, Door.OPEN,
                   [Transition(Door.OPEN, DoorEvent.CLOSE, Door.CLOSED, action=action)],
                   strict=False)
    d.machine(context="ctx").send(DoorEvent.CLOSE, who="ann", unused=1)
    assert got == {"source": Door.OPEN, "target": Door.CLOSED, "event": DoorEvent.CLOSE,
                   "context": "ctx", "who": "ann", "missing": "default", "row": d.transitions[0]}


class Counter:
    """A context whose own methods the table names."""

    def __init__(self):
        self.log = []

    def may_close(self, force: bool = False) -> bool:
        return force

    def note(self, who: str) -> None:
        self.log.append(who)


def test_a_method_of_the_context_type_is_called_on_the_context():
    d = Definition("d", Door, DoorEvent, Door.OPEN,
                   [Transition(Door.OPEN, DoorEvent.CLOSE, Door.CLOSED, guard=Counter.may_close,
                               action=Counter.note)], strict=False)
    ctx = Counter()
    m = d.machine(context=ctx)
    with pytest.raises(GuardRejected, match="may_close"):
        m.send(DoorEvent.CLOSE, who="ann")
    assert m.send(DoorEvent.CLOSE, who="bob", force=True) is Door.CLOSED
    assert ctx.log == ["bob"]


def test_the_order_example_is_a_model_to_copy():
    # Its callbacks declare what they read, typed, with no catch-all `**kwargs`...
    import inspect

    from trainer.order_example import DEFINITION, OrderEvent, OrderState

    callbacks = [c for t in DEFINITION.transitions for c in (t.guard, t.action) if c]
    assert callbacks
    for fn in callbacks:
        sig = inspect.signature(fn)
        assert sig.return_annotation is not inspect.Signature.empty, fn.__name__
        for p in sig.parameters.values():
            assert p.kind is not inspect.Parameter.VAR_KEYWORD, fn.__name__
            assert p.annotation is not inspect.Parameter.empty, f"{fn.__name__}({p.name})"
    # ...and the engine hands them exactly that, whatever else `send` carries.
    m = DEFINITION.machine()
    with pytest.raises(GuardRejected):
        m.send(OrderEvent.PAY, note="no amount")
    with pytest.raises(GuardRejected):
        m.send(OrderEvent.PAY, amount=0)
    assert m.send(OrderEvent.PAY, amount=12.5, note="gift wrap") is OrderState.PAID
