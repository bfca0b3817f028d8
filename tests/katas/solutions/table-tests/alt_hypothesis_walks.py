"""table-tests, another correct design: random walks (hypothesis) against a
dict built from the table, plus the graph properties by depth-first search."""

from hypothesis import given, settings
from hypothesis import strategies as st


def table(ticket):
    return {(s, e): d for s, e, d in ticket.TRANSITIONS}


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_random_walks_follow_the_table(ticket, data):
    spec = table(ticket)
    machine = ticket.Ticket()
    state = ticket.INITIAL
    assert machine.state == state
    for _ in range(data.draw(st.integers(0, 12))):
        event = data.draw(st.sampled_from(list(ticket.Event)))
        expected = spec.get((state, event))
        if expected is None:
            try:
                machine.send(event)
            except ticket.InvalidTransition:
                pass
            else:
                raise AssertionError(f"{event} in {state} was accepted")
        else:
            assert machine.send(event) == expected
            state = expected
        assert machine.state == state


def test_every_pair_from_every_state(ticket):
    spec = table(ticket)
    for state in ticket.State:
        for event in ticket.Event:
            machine = ticket.Ticket(state)
            if (state, event) in spec:
                machine.send(event)
                assert machine.state == spec[state, event]
            else:
                raised = False
                try:
                    machine.send(event)
                except ticket.InvalidTransition:
                    raised = True
                assert raised and machine.state == state


def dfs(ticket, start, seen=None):
    seen = set() if seen is None else seen
    seen.add(start)
    for s, _e, d in ticket.TRANSITIONS:
        if s == start and d not in seen:
            dfs(ticket, d, seen)
    return seen


def test_graph(ticket):
    assert dfs(ticket, ticket.INITIAL) == set(ticket.State)
    for state in ticket.State:
        assert dfs(ticket, state) & set(ticket.TERMINAL)
    assert all(s not in ticket.TERMINAL for s, _e, _d in ticket.TRANSITIONS)
