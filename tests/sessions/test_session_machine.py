"""The session machine, tested from its table: every legal pair, every illegal pair."""
from __future__ import annotations

import pytest

from tests.helpers.cli import run_cli
from trainer.fsm import GuardRejected, InvalidTransition
from trainer.sessions.session_machine import SESSION_MACHINE, SessionEvent, SessionState


class FakeSession:
    """Just enough context for the guards and actions, recording what they did."""

    def __init__(self, total=3, position=0, answered=False):
        self.total = total
        self.position = position
        self.answered = answered
        self.calls = []

    def answer_awaits_rating(self):
        return self.answered

    def record_answer(self, answer="", seconds=0.0, timed_out=False, grade=None):
        self.calls.append(("answer", answer, timed_out))

    def record_grade(self, rating):
        self.calls.append(("grade", rating))

    def record_skip(self):
        self.calls.append(("skip",))

    def advance(self):
        self.position += 1
        self.calls.append(("advance",))

    def conclude(self):
        self.calls.append(("conclude",))


# For each guarded row: a context and data that satisfy it, and ones that do not.
GUARDS = {
    "has_cards": ((dict(total=3), {}), (dict(total=0), {})),
    "more_cards": ((dict(total=3, position=0), {}), (dict(total=3, position=2), {})),
    "valid_rating": ((dict(), {"rating": 3}), (dict(), {"rating": 7})),
    "answer_awaits_rating": ((dict(answered=True), {}), (dict(answered=False), {})),
}
EXPECTED_CALL = {"record_answer": "answer", "record_grade": "grade",
                 "record_skip": "skip", "advance": "advance", "conclude": "conclude"}

LEGAL = [pytest.param(t, id=f"{t.source.value}-{t.event.value}") for t in SESSION_MACHINE.transitions]
ILLEGAL = [pytest.param(s, e, id=f"{s.value}-{e.value}") for s in SessionState for e in SessionEvent
           if not SESSION_MACHINE.is_legal(s, e)]


def _setup_for(t, accept=True):
    """Context and data under which `t` is the row that fires: every earlier row of its
    (source, event) pair refuses, and its own guard accepts (or refuses)."""
    ctx_kw, data = {}, {}
    for earlier in SESSION_MACHINE.candidates(t.source, t.event):
        if earlier is t:
            break
        kw, d = GUARDS[earlier.guard_name][1]
        ctx_kw.update(kw)
        data.update(d)
    if t.guard:
        kw, d = GUARDS[t.guard_name][0 if accept else 1]
        ctx_kw.update(kw)
        data.update(d)
    return ctx_kw, data


@pytest.mark.parametrize("t", LEGAL)
def test_every_legal_pair(t):
    ctx_kw, data = _setup_for(t)
    context = FakeSession(**ctx_kw)
    m = SESSION_MACHINE.machine(t.source, context=context)
    assert m.send(t.event, **data) is t.target
    if t.action:
        assert context.calls and context.calls[0][0] == EXPECTED_CALL[t.action_name]
    else:
        assert context.calls == []


@pytest.mark.parametrize("t", [p for p in LEGAL if p.values[0].guard])
def test_every_guard_can_refuse(t):
    """A refusing guard hands the event to the next row of its pair, or raises."""
    t = t.values[0] if hasattr(t, "values") else t
    ctx_kw, data = _setup_for(t, accept=False)
    context = FakeSession(**ctx_kw)
    m = SESSION_MACHINE.machine(t.source, context=context)
    rows = SESSION_MACHINE.candidates(t.source, t.event)
    later = rows[rows.index(t) + 1:]
    if not later:
        with pytest.raises(GuardRejected):
            m.send(t.event, **data)
        assert m.state is t.source and context.calls == []
    else:
        assert m.send(t.event, **data) is later[0].target
        assert m.state is not t.target


@pytest.mark.parametrize("state,event", ILLEGAL)
def test_every_illegal_pair(state, event):
    m = SESSION_MACHINE.machine(state, context=FakeSession())
    with pytest.raises(InvalidTransition):
        m.send(event)
    assert m.state is state


def test_graph_properties():
    assert SESSION_MACHINE.unreachable_states() == set()
    assert SESSION_MACHINE.dead_end_states() == set()
    assert SESSION_MACHINE.final == {SessionState.FINISHED}


def test_every_state_name_rehydrates():
    for s in SessionState:
        assert SESSION_MACHINE.machine(s.value).state is s


def test_fsm_show_quiz_prints_the_table_as_mermaid():
    r = run_cli("fsm", "show", "quiz")
    assert r.exit_code == 0
    for src, ev, dst, guard, _ in SESSION_MACHINE.table_rows():
        assert f"{src} --> {dst} : {ev}" in r.stdout
    r = run_cli("fsm", "show", "quiz", "--table", env={"COLUMNS": "80"})
    assert r.exit_code == 0 and "valid_rating" in r.stdout
    assert "guard -> action -> exit(source) -> swap -> enter(target) -> listener" in r.stdout


def test_every_registered_machine_is_named_as_its_definition_and_kinds_alias_the_session():
    from trainer.machine_registry import ALIASES, MACHINES, load_definition

    for name in MACHINES:
        assert load_definition(name).name == name
    for kind, target in ALIASES.items():
        assert load_definition(kind) is load_definition(target)
    shown = run_cli("fsm", "show", "session").stdout
    assert shown == run_cli("fsm", "show", "drill").stdout
    r = run_cli("fsm", "show", "nope")
    assert r.exit_code != 0 and "unknown machine 'nope'" in r.stderr
