"""Rule group 8 of the vending kata: any sequence of events and restocks.

Hypothesis generates a starting stock and a sequence of steps; a small model
of the contract, written in the test, says what each step must do. After
every step the solution's state, selection and stock must match the model.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

KNOWN = ["cola", "chips", "gum"]
ITEMS = [*KNOWN, "water"]  # "water" is unknown unless a restock adds it


class Model:
    """The contract in a dozen lines: what the machine must do."""

    def __init__(self, stock):
        self.state, self.selected, self.stock = "IDLE", None, dict(stock)

    def send(self, event, item):
        """Apply the event; return the outcome the solution must show."""
        if (self.state, event) == ("IDLE", "INSERT_COIN"):
            self.state = "HAS_COIN"
        elif (self.state, event) == ("HAS_COIN", "SELECT_ITEM"):
            if self.stock.get(item, 0) < 1:
                return "OutOfStock"
            self.state, self.selected = "DISPENSING", item
        elif (self.state, event) == ("HAS_COIN", "REFUND"):
            self.state = "IDLE"
        elif (self.state, event) == ("DISPENSING", "DISPENSE"):
            if self.stock.get(self.selected, 0) >= 1:
                self.stock[self.selected] -= 1
            self.state, self.selected = "IDLE", None
        else:
            return "InvalidTransition"
        return "accepted"


sends = st.tuples(
    st.just("send"),
    st.sampled_from(["INSERT_COIN", "SELECT_ITEM", "SELECT_ITEM", "DISPENSE", "REFUND"]),
    st.sampled_from(ITEMS),
)
restocks = st.tuples(st.just("set_stock"), st.sampled_from(ITEMS), st.integers(0, 2))
steps = st.lists(st.one_of(sends, sends, sends, restocks), max_size=25)
stocks = st.dictionaries(st.sampled_from(KNOWN), st.integers(0, 2))


def describe(step) -> str:
    if step[0] == "set_stock":
        return f"set_stock({step[1]!r}, {step[2]})"
    if step[1] == "SELECT_ITEM":
        return f"SELECT_ITEM({step[2]!r})"
    return step[1]


def run_step(sol, m, step) -> str:
    if step[0] == "set_stock":
        m.set_stock(step[1], step[2])
        return "accepted"
    _, event_name, item = step
    event = sol.Event[event_name]
    try:
        if event_name == "SELECT_ITEM":
            m.send(event, item)
        else:
            m.send(event)
    except sol.OutOfStock:
        return "OutOfStock"
    except sol.InvalidTransition:
        return "InvalidTransition"
    return "accepted"


def observe(m):
    return m.state, m.selected, {item: m.stock_of(item) for item in ITEMS}


def smoke(sol) -> None:
    """Fail fast, before hypothesis starts, if the basics raise (a stub, a typo).

    Without this a solution that always raises would make hypothesis spend
    seconds shrinking an example that does not matter.
    """
    m = sol.VendingMachine({"cola": 1})
    try:
        m.send(sol.Event.INSERT_COIN)
        m.send(sol.Event.SELECT_ITEM, "cola")
        m.send(sol.Event.DISPENSE)
    except (sol.InvalidTransition, sol.OutOfStock):
        pass
    m.set_stock("cola", 1)
    m.state, m.selected, m.stock_of("cola")


@pytest.mark.task(8)
def test_any_sequence_matches_the_contract(sol, reap):
    smoke(sol)
    check_sequences(sol, reap)


@given(stock=stocks, script=steps)
def check_sequences(sol, reap, stock, script):
    reap()
    caller = dict(stock)
    m = sol.VendingMachine(caller)
    model = Model(stock)
    history: list[str] = []
    for step in script:
        history.append(describe(step))
        expected_outcome = model.send(step[1], step[2]) if step[0] == "send" else "accepted"
        if step[0] == "set_stock":
            model.stock[step[1]] = step[2]
        outcome = run_step(sol, m, step)
        where = f"starting from stock {stock}, after {' -> '.join(history)}"
        assert outcome == expected_outcome, (
            f"{where}: the last step must end as {expected_outcome}, not {outcome}"
        )
        state, selected, stock_now = observe(m)
        expected_stock = {item: model.stock.get(item, 0) for item in ITEMS}
        assert state == sol.State[model.state], (
            f"{where}: the machine must be in {model.state.lower()}, but it is in {state}"
        )
        assert selected == model.selected, (
            f"{where}: the selection must be {model.selected!r}, but it is {selected!r}"
        )
        assert stock_now == expected_stock, (
            f"{where}: the stock must be {expected_stock}, but it is {stock_now}"
        )
    assert caller == stock, (
        f"the machine must not mutate the caller's dict: {stock} became {caller}"
    )

