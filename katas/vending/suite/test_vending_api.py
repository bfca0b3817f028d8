"""Rule groups 1 (the names) and 2 (stock bookkeeping) of the vending kata."""

from __future__ import annotations

import enum

import pytest

STATES = {"IDLE": "idle", "HAS_COIN": "has_coin", "DISPENSING": "dispensing"}
EVENTS = {
    "INSERT_COIN": "insert_coin",
    "SELECT_ITEM": "select_item",
    "DISPENSE": "dispense",
    "REFUND": "refund",
}


def members(enum_cls) -> dict[str, str]:
    return {m.name: m.value for m in enum_cls}


@pytest.mark.task(1)
@pytest.mark.parametrize(
    ("enum_name", "expected"), [("State", STATES), ("Event", EVENTS)], ids=["State", "Event"]
)
def test_enums_have_exact_names_and_values(sol, enum_name, expected):
    cls = getattr(sol, enum_name, None)
    assert cls is not None, f"the module must define the enum {enum_name}"
    assert isinstance(cls, type) and issubclass(cls, enum.StrEnum), (
        f"{enum_name} must be an enum.StrEnum, got {cls!r}"
    )
    assert members(cls) == expected, (
        f"{enum_name} must have exactly the members {expected}, got {members(cls)}"
    )


@pytest.mark.task(1)
@pytest.mark.parametrize("name", ["InvalidTransition", "OutOfStock"])
def test_exceptions_are_defined(sol, name):
    cls = getattr(sol, name, None)
    assert isinstance(cls, type) and issubclass(cls, Exception), (
        f"the module must define the exception class {name} (a subclass of Exception)"
    )


@pytest.mark.task(1)
def test_new_machine_is_idle_with_nothing_selected(sol):
    m = sol.VendingMachine({"cola": 1})
    assert isinstance(m.state, sol.State) and m.state == sol.State.IDLE, (
        f"a new machine must start in State.IDLE, got {m.state!r}"
    )
    assert m.selected is None, f"a new machine must have nothing selected, got {m.selected!r}"


@pytest.mark.task(1)
@pytest.mark.parametrize("attribute", ["state", "selected"])
def test_state_and_selection_are_read_only(sol, attribute):
    m = sol.VendingMachine({"cola": 1})
    new_value, shown = (
        (sol.State.DISPENSING, "State.DISPENSING") if attribute == "state" else ("cola", "'cola'")
    )
    try:
        setattr(m, attribute, new_value)
    except (AttributeError, TypeError):
        pass
    else:
        raise AssertionError(
            f"`{attribute}` must be a read-only property: only events may change it, "
            f"but `machine.{attribute} = {shown}` was accepted"
        )


@pytest.mark.task(2)
def test_constructor_rejects_a_negative_count(sol):
    try:
        sol.VendingMachine({"cola": 2, "chips": -1})
    except ValueError:
        pass
    else:
        raise AssertionError("a negative stock count must be rejected with ValueError: "
                    "VendingMachine({'cola': 2, 'chips': -1}) was accepted")


@pytest.mark.task(2)
def test_set_stock_rejects_a_negative_count(sol):
    m = sol.VendingMachine({"cola": 2})
    try:
        m.set_stock("cola", -1)
    except ValueError:
        pass
    else:
        raise AssertionError("a negative stock count must be rejected with ValueError: "
                    "set_stock('cola', -1) was accepted")
    assert m.stock_of("cola") == 2, (
        f"a rejected set_stock must leave the stock alone: cola went from 2 to "
        f"{m.stock_of('cola')!r}"
    )


@pytest.mark.task(2)
def test_zero_counts_are_fine(sol):
    m = sol.VendingMachine({"gum": 0})
    assert m.stock_of("gum") == 0, f"stock_of('gum') must be 0, got {m.stock_of('gum')!r}"
    m.set_stock("gum", 0)
    assert m.stock_of("gum") == 0, f"stock_of('gum') must be 0, got {m.stock_of('gum')!r}"


@pytest.mark.task(2)
def test_stock_of_reports_counts_and_zero_for_unknown_items(sol):
    m = sol.VendingMachine({"cola": 3, "chips": 1})
    got = {item: m.stock_of(item) for item in ("cola", "chips", "water")}
    assert got == {"cola": 3, "chips": 1, "water": 0}, (
        "stock_of must report the stocked count, and 0 for an item never stocked: "
        f"expected {{'cola': 3, 'chips': 1, 'water': 0}}, got {got}"
    )


@pytest.mark.task(2)
def test_set_stock_restocks_adds_and_removes(sol):
    m = sol.VendingMachine({"cola": 1})
    m.set_stock("cola", 5)
    m.set_stock("water", 2)
    assert (m.stock_of("cola"), m.stock_of("water")) == (5, 2), (
        "set_stock must set the count (restocking a known item, adding a new one): "
        f"after set_stock('cola', 5) and set_stock('water', 2) got cola={m.stock_of('cola')!r}, "
        f"water={m.stock_of('water')!r}"
    )
    m.set_stock("cola", 0)
    assert m.stock_of("cola") == 0, (
        f"set_stock('cola', 0) must leave 0 cola, got {m.stock_of('cola')!r}"
    )


@pytest.mark.task(2)
def test_machine_never_mutates_the_callers_dict(sol):
    caller = {"cola": 2, "chips": 1}
    m = sol.VendingMachine(caller)
    m.send(sol.Event.INSERT_COIN)
    m.send(sol.Event.SELECT_ITEM, "cola")
    m.send(sol.Event.DISPENSE)
    m.set_stock("chips", 7)
    m.set_stock("water", 3)
    assert caller == {"cola": 2, "chips": 1}, (
        "the machine must not mutate the dict it was given (keep your own copy): "
        f"after a sale and two restocks the caller's dict became {caller}"
    )
