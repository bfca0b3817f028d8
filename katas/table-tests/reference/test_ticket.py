"""table-tests kata: reference tests, generated from the ticket machine's table.

The table is the specification, so the tests read it instead of repeating it:
one test per legal row, one per illegal (state, event) pair, and the graph
properties a table must have. The machine comes from the `ticket` fixture.
"""

from __future__ import annotations

import itertools
from collections import deque

import pytest


@pytest.fixture
def m(ticket):
    return ticket


def rows(ticket):
    return list(ticket.TRANSITIONS)


def legal_pairs(ticket):
    return {(src, event) for src, event, _dst in ticket.TRANSITIONS}


def reachable(ticket, start):
    seen, queue = {start}, deque([start])
    while queue:
        state = queue.popleft()
        for src, _event, dst in ticket.TRANSITIONS:
            if src == state and dst not in seen:
                seen.add(dst)
                queue.append(dst)
    return seen


def test_a_new_ticket_starts_in_the_initial_state(m):
    assert m.Ticket().state == m.INITIAL == m.State.NEW


def test_every_legal_row_moves_to_its_target(m):
    for src, event, dst in rows(m):
        ticket = m.Ticket(src)
        assert ticket.send(event) == dst, f"{src} + {event}"
        assert ticket.state == dst, f"{src} + {event} must end in {dst}"


def test_every_legal_row_works_on_a_path_from_the_initial_state(m):
    """Walk to each row's source from a fresh Ticket(), then take the row."""
    for src, event, dst in rows(m):
        path = shortest_path(m, m.INITIAL, src)
        if path is None:
            continue  # unreachable: the reachability test reports it
        ticket = m.Ticket()
        for step in path:
            ticket.send(step)
        assert ticket.state == src
        assert ticket.send(event) == dst


def shortest_path(m, start, goal):
    queue, seen = deque([(start, [])]), {start}
    while queue:
        state, path = queue.popleft()
        if state == goal:
            return path
        for src, event, dst in m.TRANSITIONS:
            if src == state and dst not in seen:
                seen.add(dst)
                queue.append((dst, path + [event]))
    return None


def test_every_illegal_pair_raises_and_changes_nothing(m):
    legal = legal_pairs(m)
    for state, event in itertools.product(m.State, m.Event):
        if (state, event) in legal:
            continue
        ticket = m.Ticket(state)
        with pytest.raises(m.InvalidTransition):
            ticket.send(event)
        assert ticket.state == state, f"{event} in {state} must leave the state alone"


def test_the_table_has_no_duplicate_pairs(m):
    pairs = [(src, event) for src, event, _ in rows(m)]
    assert len(pairs) == len(set(pairs))


def test_every_state_is_reachable_from_the_initial_state(m):
    assert reachable(m, m.INITIAL) == set(m.State)


def test_every_non_terminal_state_can_reach_a_terminal_state(m):
    for state in m.State:
        assert reachable(m, state) & set(m.TERMINAL), f"{state} is a dead end"


def test_terminal_states_have_no_exits(m):
    exits = [(s, e) for s, e, _ in rows(m) if s in m.TERMINAL]
    assert not exits, f"terminal states must have no outgoing rows: {exits}"


def test_every_row_uses_known_states_and_events(m):
    for src, event, dst in rows(m):
        assert src in m.State and dst in m.State and event in m.Event
