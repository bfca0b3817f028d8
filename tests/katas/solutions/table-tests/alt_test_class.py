"""table-tests, another correct design: one test class, a helper per check,
every case named in its assertion message."""

import itertools

import pytest


class TestTicketTable:
    @pytest.fixture(autouse=True)
    def _machine(self, ticket):
        self.t = ticket
        self.rows = {(s, e): d for s, e, d in ticket.TRANSITIONS}

    def successors(self, state):
        return {d for (s, _e), d in self.rows.items() if s == state}

    def closure(self, state):
        todo, seen = [state], set()
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(self.successors(current))
        return seen

    def test_initial(self):
        assert self.t.Ticket().state is self.t.INITIAL

    def test_legal(self):
        for (src, event), dst in self.rows.items():
            machine = self.t.Ticket(src)
            result = machine.send(event)
            assert (result, machine.state) == (dst, dst), f"{src}+{event}"

    def test_illegal(self):
        for src, event in itertools.product(self.t.State, self.t.Event):
            if (src, event) in self.rows:
                continue
            machine = self.t.Ticket(src)
            with pytest.raises(self.t.InvalidTransition):
                machine.send(event)
            assert machine.state is src, f"{src}+{event} changed the state"

    def test_reachable(self):
        missing = set(self.t.State) - self.closure(self.t.INITIAL)
        assert not missing, f"unreachable: {missing}"

    def test_no_dead_ends(self):
        dead = [s for s in self.t.State if not self.closure(s) & set(self.t.TERMINAL)]
        assert not dead, f"dead ends: {dead}"

    def test_terminal_is_final(self):
        assert not any(self.successors(s) for s in self.t.TERMINAL)
