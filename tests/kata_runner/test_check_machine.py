"""The kata-check supervisor's table: tests generated from it."""
from __future__ import annotations

import itertools

import pytest

from trainer.kata_runner import check_machine, protocol
from trainer.kata_runner.check_machine import DEFINITION, Phase, Signal

ROWS = [(t.source, t.event, t.target) for t in DEFINITION.transitions]
LEGAL = {(s, e) for s, e, _ in ROWS}
ILLEGAL = [p for p in itertools.product(Phase, Signal) if p not in LEGAL]


def reach(state: Phase):
    """A machine driven into `state` along the table (breadth-first path)."""
    paths = {Phase.STARTING: []}
    frontier = [Phase.STARTING]
    while frontier:
        nxt = []
        for s in frontier:
            for src, ev, dst in ROWS:
                if src == s and dst not in paths:
                    paths[dst] = [*paths[s], ev]
                    nxt.append(dst)
        frontier = nxt
    m = check_machine.new_attempt()
    for ev in paths[state]:
        m.send(ev)
    assert m.state == state
    return m


@pytest.mark.parametrize(("src", "event", "dst"), ROWS, ids=lambda x: str(x))
def test_each_row_moves_as_the_table_says(src, event, dst):
    m = reach(src)
    assert m.send(event) == dst


@pytest.mark.parametrize(("src", "event"), ILLEGAL, ids=lambda x: str(x))
def test_every_other_pair_is_a_violation(src, event):
    m = reach(src)
    if event.value in {k.value for k in protocol.Kind}:
        assert check_machine.advance(m, protocol.Kind(event.value)) is not None
    assert m.state == src


def test_every_judge_event_kind_is_a_signal_and_every_state_is_reachable():
    assert {k.value for k in protocol.Kind} <= {s.value for s in Signal}
    assert not DEFINITION.unreachable_states() and not DEFINITION.dead_end_states()


def test_trainer_fsm_show_draws_it():
    from trainer.machine_registry import MACHINES, load_definition

    assert "kata-check" in MACHINES
    text = load_definition("kata-check").to_mermaid()
    assert "testing --> between : result" in text
