"""Rule groups 1-5 of the order-workflow kata: names, create and load, state
stored by name, guard -> action -> swap, and the audit trail."""

from __future__ import annotations

import enum

import pytest

STATES = {"PENDING": "pending", "PAID": "paid", "SHIPPED": "shipped",
          "CANCELLED": "cancelled", "FAILED": "failed"}
EVENTS = {"PAY": "pay", "SHIP": "ship", "CANCEL": "cancel"}
ERRORS = ["InvalidTransition", "GuardFailed", "StaleVersion", "UnknownState",
          "OrderNotFound", "RetryLater"]
ARROWS = {("pending", "pay"): "paid", ("pending", "cancel"): "cancelled",
          ("paid", "ship"): "shipped", ("paid", "cancel"): "cancelled"}
# The events that bring a new order to each state (FAILED needs three failed charges).
PATH = {"pending": [], "paid": ["pay"], "shipped": ["pay", "ship"], "cancelled": ["cancel"]}


def move(sol, wf, order_id, events):
    order = wf.load(order_id)
    for name in events:
        order = wf.send(order_id, sol.Event(name), expected_version=order.version)
    return order


def new_order_in(sol, wf, order_id, state, amount=500):
    wf.create(order_id, amount)
    return move(sol, wf, order_id, PATH[state])


def check_order(order, sol, **expected):
    for attribute, value in expected.items():
        got = getattr(order, attribute, "<missing>")
        assert got == value, f"the order's {attribute} must be {value!r}, got {got!r}"


# --- rule 1: names --------------------------------------------------------------


@pytest.mark.task(1)
@pytest.mark.parametrize("enum_name", ["State", "Event"])
def test_enums_have_exact_names_and_values(sol, enum_name):
    expected = STATES if enum_name == "State" else EVENTS
    cls = getattr(sol, enum_name, None)
    assert isinstance(cls, type) and issubclass(cls, enum.StrEnum), (
        f"{enum_name} must be an enum.StrEnum, got {cls!r}")
    got = {m.name: m.value for m in cls}
    assert got == expected, f"{enum_name} must have exactly the members {expected}, got {got}"


@pytest.mark.task(1)
@pytest.mark.parametrize("name", ERRORS)
def test_errors_are_workflow_errors_and_not_lookup_errors(sol, name):
    base = getattr(sol, "WorkflowError", None)
    assert isinstance(base, type) and issubclass(base, Exception), (
        f"WorkflowError must be an Exception class, got {base!r}")
    cls = getattr(sol, name, None)
    assert isinstance(cls, type) and issubclass(cls, base), (
        f"{name} must be a subclass of WorkflowError, got {cls!r}")
    assert not issubclass(cls, LookupError), (
        f"{name} must not be a LookupError/KeyError: callers catch those for other reasons")


@pytest.mark.task(1)
def test_registry_knows_exactly_the_five_state_names(sol):
    registry = getattr(sol, "REGISTRY", None)
    try:
        keys = set(registry)
    except TypeError:
        keys = None
    assert keys == set(STATES.values()), (
        f"REGISTRY must map exactly the five state values {sorted(STATES.values())} to "
        f"states, got keys {sorted(keys) if keys is not None else registry!r}")


@pytest.mark.task(1)
def test_a_second_workflow_on_the_same_file_sees_the_orders(sol, wf, db_path, gateway, clock,
                                                            db):
    wf.create("o-1", 700)
    tables = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = {"orders", "audit", "outbox"} - tables
    assert not missing, f"Workflow(db_path, ...) must create the tables of SCHEMA; missing {missing}"
    other = sol.Workflow(db_path, gateway, clock=clock)
    order = other.load("o-1")
    check_order(order, sol, id="o-1", amount=700, state=sol.State.PENDING)


# --- rule 2: create and load -----------------------------------------------------


@pytest.mark.task(2)
def test_create_stores_a_pending_order_at_version_1(sol, wf, db):
    order = wf.create("o-1", 1250)
    check_order(order, sol, id="o-1", state=sol.State.PENDING, version=1, amount=1250,
                attempts=0, next_retry_at=None, last_error=None)
    assert isinstance(order.state, sol.State), f"order.state must be a State, got {order.state!r}"
    row = db.order_row("o-1")
    assert row is not None, "create must store the order in the orders table"
    assert (row["state"], row["version"], row["amount"], row["attempts"]) == (
        "pending", 1, 1250, 0), f"the stored row must be pending, version 1, attempts 0: {row}"
    check_order(wf.load("o-1"), sol, id="o-1", state=sol.State.PENDING, version=1,
                amount=1250, attempts=0, next_retry_at=None, last_error=None)


@pytest.mark.task(2)
def test_creating_an_existing_id_is_refused_and_changes_nothing(sol, wf, db):
    wf.create("o-1", 100)
    before = db.snapshot()
    try:
        wf.create("o-1", 999)
    except sol.WorkflowError:
        pass
    except Exception as err:
        raise AssertionError("creating an id that exists must raise WorkflowError (or a "
                             f"subclass), got {type(err).__name__}: {err}") from err
    else:
        raise AssertionError("creating an id that exists must raise WorkflowError, it returned")
    assert db.snapshot() == before, "creating an id that exists must change nothing"


@pytest.mark.task(2)
def test_loading_an_unknown_id_raises_order_not_found(sol, wf):
    try:
        wf.load("nope")
    except sol.OrderNotFound:
        return
    except Exception as err:
        raise AssertionError(f"load of an unknown id must raise OrderNotFound, "
                             f"got {type(err).__name__}: {err}") from err
    raise AssertionError("load of an unknown id must raise OrderNotFound, it returned")


# --- rule 3: stored by name ------------------------------------------------------


@pytest.mark.task(3)
@pytest.mark.parametrize("state", ["pending", "paid", "shipped", "cancelled"])
def test_the_state_column_holds_the_state_value(sol, wf, db, state):
    new_order_in(sol, wf, "o-1", state)
    row = db.order_row("o-1")
    assert row["state"] == state, (
        f"orders.state must hold the state's value {state!r}, got {row['state']!r}")
    assert wf.load("o-1").state == sol.State(state), "load must rebuild the stored state"


@pytest.mark.task(3)
@pytest.mark.parametrize("how", ["load", "send"])
def test_an_unknown_stored_state_is_a_clear_error(sol, wf, db, gateway, how):
    wf.create("o-1", 300)
    db.execute("UPDATE orders SET state = 'refunded' WHERE id = 'o-1'")
    before = db.snapshot()
    try:
        if how == "load":
            wf.load("o-1")
        else:
            wf.send("o-1", sol.Event.PAY, expected_version=1)
    except sol.UnknownState as err:
        assert "refunded" in str(err), (
            f"UnknownState's message must name the stored state 'refunded', got {str(err)!r}")
    except KeyError as err:
        raise AssertionError(f"{how} of an order stored in an unknown state must raise "
                             f"UnknownState, not KeyError ({err})") from err
    except Exception as err:
        raise AssertionError(f"{how} of an order stored in an unknown state must raise "
                             f"UnknownState, got {type(err).__name__}: {err}") from err
    else:
        raise AssertionError(f"{how} of an order stored in the unknown state 'refunded' must "
                             "raise UnknownState, it did not")
    assert not gateway.calls, f"an unknown state must not call the gateway: {gateway.calls}"
    assert db.snapshot() == before, "an unknown stored state must change nothing"


# --- rule 4: transitions, guard, action ------------------------------------------


@pytest.mark.task(4)
@pytest.mark.parametrize("arrow", list(ARROWS), ids=lambda a: f"{a[0]}+{a[1]}")
def test_each_arrow_moves_the_order(sol, wf, db, arrow):
    source, event = arrow
    order = new_order_in(sol, wf, "o-1", source)
    moved = wf.send("o-1", sol.Event(event), expected_version=order.version)
    target = ARROWS[arrow]
    check_order(moved, sol, state=sol.State(target), version=order.version + 1)
    assert db.order_row("o-1")["state"] == target, (
        f"{event} in {source} must store {target!r}, stored {db.order_row('o-1')['state']!r}")


ILLEGAL = [(s, e) for s in ("pending", "paid", "shipped", "cancelled") for e in EVENTS.values()
           if (s, e) not in ARROWS]


@pytest.mark.task(4)
@pytest.mark.parametrize("pair", ILLEGAL, ids=lambda p: f"{p[0]}+{p[1]}")
def test_every_other_pair_is_invalid_and_changes_nothing(sol, wf, db, gateway, pair):
    source, event = pair
    order = new_order_in(sol, wf, "o-1", source)
    calls = list(gateway.calls)
    before = db.snapshot()
    with pytest.raises(sol.InvalidTransition):
        wf.send("o-1", sol.Event(event), expected_version=order.version)
    assert db.snapshot() == before, f"{event} in {source} must change nothing"
    assert gateway.calls == calls, f"{event} in {source} must not call the gateway"


@pytest.mark.task(4)
@pytest.mark.parametrize("amount", [0, -5])
def test_the_pay_guard_refuses_before_any_charge(sol, wf, db, gateway, amount):
    wf.create("o-1", amount)
    before = db.snapshot()
    try:
        wf.send("o-1", sol.Event.PAY, expected_version=1)
    except sol.GuardFailed:
        pass
    else:
        raise AssertionError(f"PAY of an order with amount {amount} must raise GuardFailed")
    assert not gateway.of("charge"), (
        f"the guard runs before the action: a refused PAY must not charge ({gateway.calls})")
    assert db.snapshot() == before, "a refused guard must change nothing"


@pytest.mark.task(4)
def test_pay_charges_once_before_the_swap(sol, wf, db, gateway):
    wf.create("o-1", 420)
    seen = []
    real = gateway.charge

    def charge(order_id, amount, key):
        seen.append(db.order_row(order_id)["state"])
        return real(order_id, amount, key)

    gateway.charge = charge
    wf.send("o-1", sol.Event.PAY, expected_version=1)
    charges = gateway.of("charge")
    assert len(charges) == 1, f"PAY must call charge exactly once, got {charges}"
    assert charges[0][1:3] == ("o-1", 420), (
        f"charge must get the order id and its amount: {charges[0]}")
    assert seen == ["pending"], (
        f"the action runs before the state changes: during charge the row was {seen}")


@pytest.mark.task(4)
def test_a_failing_ship_reaches_the_caller_and_changes_nothing(sol, wf, db, gateway):
    order = new_order_in(sol, wf, "o-1", "paid")
    before = db.snapshot()
    boom = RuntimeError("courier is down")
    gateway.ship_failures.append(boom)
    try:
        wf.send("o-1", sol.Event.SHIP, expected_version=order.version)
    except RuntimeError as err:
        assert err is boom, "the exception ship raised must reach the caller itself"
    else:
        raise AssertionError("SHIP has no retry policy: when ship raises, send must raise "
                             "that exception")
    assert len(gateway.of("ship")) == 1, f"SHIP must call ship once: {gateway.calls}"
    assert db.snapshot() == before, "a failing ship must change nothing (row, audit, outbox)"
    again = wf.send("o-1", sol.Event.SHIP, expected_version=order.version)
    check_order(again, sol, state=sol.State.SHIPPED)


@pytest.mark.task(4)
def test_cancel_calls_nothing(sol, wf, gateway):
    wf.create("o-1", 100)
    wf.send("o-1", sol.Event.CANCEL, expected_version=1)
    assert not gateway.calls, f"CANCEL has no action, yet the gateway was called: {gateway.calls}"


# --- rule 5: audit ---------------------------------------------------------------


@pytest.mark.task(5)
def test_every_state_change_adds_one_audit_row(sol, wf, db, clock):
    wf.create("o-1", 100)
    assert db.audit("o-1") == [], "create must not add an audit row"
    clock.now = 2000.0
    wf.send("o-1", sol.Event.PAY, expected_version=1)
    clock.now = 2500.5
    wf.send("o-1", sol.Event.SHIP, expected_version=2)
    expected = [("pending", "pay", "paid", 2, 2000.0), ("paid", "ship", "shipped", 3, 2500.5)]
    got = db.audit("o-1")
    assert got == expected, (
        "each transition must add one audit row (from_state, event, to_state, new version, "
        f"clock() time): expected {expected}, got {got}")


@pytest.mark.task(5)
def test_refused_events_add_no_audit_row(sol, wf, db):
    wf.create("o-1", 0)
    for event, error in ((sol.Event.SHIP, sol.InvalidTransition),
                         (sol.Event.PAY, sol.GuardFailed)):
        with pytest.raises(error):
            wf.send("o-1", event, expected_version=1)
    wf.send("o-1", sol.Event.CANCEL, expected_version=1)
    got = db.audit("o-1")
    assert [r[:4] for r in got] == [("pending", "cancel", "cancelled", 2)], (
        f"only the state change may add an audit row, got {got}")
