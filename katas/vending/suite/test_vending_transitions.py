"""Rule groups 3-6 of the vending kata: the transitions, the guard, the
dispense failure and the invalid events. Cases come from the table below:
every legal (state, event) pair and every other pair of the 3 x 4 grid."""

from __future__ import annotations

import enum
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
STOCK = {"cola": 2, "chips": 1, "gum": 0}
# How to reach each state from a fresh machine.
PATHS = {
    "IDLE": [],
    "HAS_COIN": [("INSERT_COIN", None)],
    "DISPENSING": [("INSERT_COIN", None), ("SELECT_ITEM", "cola")],
}


def pair_id(pair) -> str:
    return f"{pair[0].lower()}+{pair[1]}"


def send(sol, m, event_name: str, item=None):
    event = sol.Event[event_name]
    if item is None:
        return m.send(event)
    return m.send(event, item)


def machine_in(sol, state_name: str, stock=None, logger=None):
    m = sol.VendingMachine(dict(STOCK if stock is None else stock), logger=logger)
    for event_name, item in PATHS[state_name]:
        send(sol, m, event_name, item)
    assert m.state == sol.State[state_name], (
        f"(setup) could not bring a new machine to {state_name.lower()} via "
        f"{[e for e, _ in PATHS[state_name]]}: it is in {m.state}"
    )
    return m


def snapshot(m) -> dict:
    return {
        "state": m.state,
        "selected": m.selected,
        "stock": {item: m.stock_of(item) for item in (*STOCK, "water")},
    }


def show(value) -> str:
    return str(value.value) if isinstance(value, enum.Enum) else repr(value)


def changes(before: dict, after: dict) -> str:
    return ", ".join(
        f"{key} {show(before[key])} -> {show(after[key])}"
        for key in before
        if before[key] != after[key]
    )


# --- rule 3: the legal transitions ------------------------------------------


@pytest.mark.task(3)
@pytest.mark.parametrize("pair", list(LEGAL), ids=pair_id)
def test_each_legal_event_moves_to_its_target(sol, pair):
    state_name, event_name = pair
    m = machine_in(sol, state_name)
    item = "cola" if event_name == "SELECT_ITEM" else None
    returned = send(sol, m, event_name, item)
    target = sol.State[LEGAL[pair]]
    assert m.state == target and isinstance(m.state, sol.State), (
        f"{event_name} in {state_name.lower()} must move the machine to {target}, "
        f"but it is in {m.state!r}"
    )
    assert returned == target, (
        f"send must return the new state: {event_name} in {state_name.lower()} "
        f"returned {returned!r} instead of {target}"
    )


@pytest.mark.task(3)
def test_selecting_an_item_remembers_it_without_touching_stock(sol):
    m = machine_in(sol, "HAS_COIN")
    send(sol, m, "SELECT_ITEM", "chips")
    assert m.selected == "chips", (
        f"after SELECT_ITEM('chips') the selection must be 'chips', got {m.selected!r}"
    )
    assert m.stock_of("chips") == 1, (
        "stock must not be decremented at selection, only by a successful DISPENSE: "
        f"chips went from 1 to {m.stock_of('chips')!r} on SELECT_ITEM"
    )


@pytest.mark.task(3)
def test_dispense_takes_one_item_and_clears_the_selection(sol):
    m = machine_in(sol, "DISPENSING")
    send(sol, m, "DISPENSE")
    assert m.stock_of("cola") == 1, (
        f"a successful DISPENSE must take exactly one item: cola went from 2 to "
        f"{m.stock_of('cola')!r}"
    )
    assert m.selected is None, (
        f"after DISPENSE nothing may be selected, but selected is {m.selected!r}"
    )


@pytest.mark.task(3)
def test_refund_returns_to_idle_with_nothing_selected(sol):
    m = machine_in(sol, "HAS_COIN")
    before = snapshot(m)["stock"]
    send(sol, m, "REFUND")
    assert m.selected is None, f"after REFUND nothing may be selected, got {m.selected!r}"
    assert snapshot(m)["stock"] == before, "REFUND must not change any stock"


@pytest.mark.task(3)
def test_the_machine_serves_customer_after_customer(sol):
    m = sol.VendingMachine({"cola": 2})
    for sale in (1, 2):
        for event_name, item in [("INSERT_COIN", None), ("SELECT_ITEM", "cola"), ("DISPENSE", None)]:
            send(sol, m, event_name, item)
        assert m.state == sol.State.IDLE and m.stock_of("cola") == 2 - sale, (
            f"after sale {sale} of 2 colas the machine must be idle with {2 - sale} left, "
            f"got {m.state} with {m.stock_of('cola')!r} left"
        )


# --- rule 4: the guard on SELECT_ITEM ---------------------------------------


@pytest.mark.task(4)
@pytest.mark.parametrize(
    "item", ["gum", "water"], ids=["stock-0", "unknown-item"]
)
def test_failed_guard_raises_out_of_stock_and_keeps_the_coin(sol, item):
    m = machine_in(sol, "HAS_COIN")
    before = snapshot(m)
    try:
        send(sol, m, "SELECT_ITEM", item)
    except sol.OutOfStock:
        pass
    else:
        raise AssertionError(
            f"SELECT_ITEM({item!r}) with none in stock must raise OutOfStock, "
            f"but it was accepted and moved the machine to {m.state}"
        )
    after = snapshot(m)
    assert after["state"] == sol.State.HAS_COIN, (
        f"when the guard fails the coin is kept: the machine must stay in has_coin, "
        f"but OutOfStock for {item!r} moved it to {after['state']}"
    )
    assert after == before, (
        f"a failed SELECT_ITEM must change nothing (nothing selected, no stock taken): "
        f"{changes(before, after)}"
    )


def expect_out_of_stock(sol, m, item) -> None:
    try:
        send(sol, m, "SELECT_ITEM", item)
    except sol.OutOfStock:
        return
    raise AssertionError(
        f"SELECT_ITEM({item!r}) with none in stock must raise OutOfStock, but it was accepted "
        f"and moved the machine to {m.state}"
    )


@pytest.mark.task(4)
def test_after_out_of_stock_the_customer_can_choose_again_or_refund(sol):
    m = machine_in(sol, "HAS_COIN")
    expect_out_of_stock(sol, m, "gum")
    assert m.state == sol.State.HAS_COIN, (
        f"when the guard fails the coin is kept: the machine must stay in has_coin, but "
        f"OutOfStock for 'gum' moved it to {m.state}"
    )
    send(sol, m, "SELECT_ITEM", "chips")
    assert (m.state, m.selected) == (sol.State.DISPENSING, "chips"), (
        "after OutOfStock the kept coin must still buy another item: "
        f"SELECT_ITEM('chips') led to {m.state} with {m.selected!r} selected"
    )
    m2 = machine_in(sol, "HAS_COIN")
    expect_out_of_stock(sol, m2, "water")
    assert m2.state == sol.State.HAS_COIN, (
        f"when the guard fails the coin is kept: the machine must stay in has_coin, but "
        f"OutOfStock for 'water' moved it to {m2.state}"
    )
    send(sol, m2, "REFUND")
    assert m2.state == sol.State.IDLE, (
        f"after OutOfStock the customer must be able to REFUND; got {m2.state}"
    )


@pytest.mark.task(4)
def test_guard_sees_stock_sold_out_by_earlier_sales(sol):
    m = sol.VendingMachine({"chips": 1})
    for event_name, item in [("INSERT_COIN", None), ("SELECT_ITEM", "chips"), ("DISPENSE", None)]:
        send(sol, m, event_name, item)
    send(sol, m, "INSERT_COIN")
    try:
        send(sol, m, "SELECT_ITEM", "chips")
    except sol.OutOfStock:
        pass
    else:
        raise AssertionError("the only bag of chips was sold: selecting chips again must raise "
                    f"OutOfStock, but the machine moved to {m.state}")


# --- rule 5: dispensing when the item vanished ------------------------------


@pytest.mark.task(5)
def test_dispense_after_restock_to_zero_recovers_to_idle(sol, logs, own_logger):
    m = machine_in(sol, "DISPENSING", logger=own_logger)
    m.set_stock("cola", 0)
    sink = logs(own_logger)
    try:
        # No exception may escape: the machine must recover on its own.
        returned = send(sol, m, "DISPENSE")
    except (sol.InvalidTransition, sol.OutOfStock) as exc:
        raise AssertionError(
            "a DISPENSE whose item was restocked to 0 must not raise: the machine recovers "
            f"to idle and logs a WARNING, but it raised {type(exc).__name__}: {exc}"
        )
    assert m.state == sol.State.IDLE and returned == sol.State.IDLE, (
        "a DISPENSE whose item was restocked to 0 must fail softly and go back to idle: "
        f"the machine is in {m.state} (send returned {returned!r})"
    )
    assert m.selected is None, (
        f"after a failed dispense nothing may be selected, got {m.selected!r}"
    )
    assert m.stock_of("cola") == 0, (
        f"a failed dispense must leave the stock unchanged (0), got {m.stock_of('cola')!r}"
    )
    warnings = sink.at(logging.WARNING)
    assert len(warnings) == 1, (
        "a failed dispense must log exactly one WARNING record on the machine's logger, "
        f"got {len(warnings)}: "
        f"{sink.describe()}"
    )
    louder = sink.at_or_above(logging.ERROR)
    assert not louder, f"a failed dispense is a WARNING, not an error: {sink.describe()}"


@pytest.mark.task(5)
def test_restock_while_dispensing_is_honoured(sol):
    m = machine_in(sol, "DISPENSING")
    m.set_stock("cola", 5)
    send(sol, m, "DISPENSE")
    assert (m.state, m.stock_of("cola")) == (sol.State.IDLE, 4), (
        "DISPENSE takes one from the stock as it is at dispense time: after "
        f"set_stock('cola', 5) got {m.state} with {m.stock_of('cola')!r} cola left (expected 4)"
    )


# --- rule 6: invalid events change nothing ----------------------------------


@pytest.mark.task(6)
@pytest.mark.parametrize("pair", ILLEGAL, ids=pair_id)
def test_invalid_event_raises_and_changes_nothing(sol, pair):
    state_name, event_name = pair
    m = machine_in(sol, state_name)
    before = snapshot(m)
    try:
        send(sol, m, event_name, "chips" if event_name == "SELECT_ITEM" else None)
    except sol.OutOfStock:
        raise AssertionError(
            f"{event_name} in {state_name.lower()} is not a legal event at all: it must raise "
            "InvalidTransition, not OutOfStock"
        )
    except sol.InvalidTransition:
        pass
    else:
        raise AssertionError(
            f"an invalid event must raise InvalidTransition: {event_name} in "
            f"{state_name.lower()} was accepted and moved the machine to {m.state}"
        )
    after = snapshot(m)
    assert after == before, (
        f"an invalid event must not change anything: {event_name} in {state_name.lower()} "
        f"changed {changes(before, after)}"
    )
