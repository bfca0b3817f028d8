"""Rule group 8 of the order-workflow kata: the idempotent charge, its retry
policy with backoff, giving up into FAILED, and a crash between the action
and the commit."""

from __future__ import annotations

import json
import os

import pytest


def fail_charges(gateway, *messages):
    gateway.charge_failures.extend(RuntimeError(m) for m in messages)


@pytest.mark.task(8)
def test_the_idempotency_keys(sol, wf, gateway):
    wf.create("o-7", 100)
    wf.send("o-7", sol.Event.PAY, expected_version=1)
    wf.send("o-7", sol.Event.SHIP, expected_version=2)
    keys = [c[-1] for c in gateway.calls]
    assert keys == ["o-7:pay", "o-7:ship"], (
        f"charge must get the key 'o-7:pay' and ship 'o-7:ship', got {keys}")


@pytest.mark.task(8)
def test_a_failed_charge_is_recorded_for_a_retry(sol, wf, db, gateway, clock):
    wf.create("o-1", 100)
    fail_charges(gateway, "card declined")
    try:
        order = wf.send("o-1", sol.Event.PAY, expected_version=1)
    except Exception as err:
        raise AssertionError(f"a failed charge must be recorded, not raised: send raised "
                             f"{type(err).__name__}: {err}") from err
    assert order.state == sol.State.PENDING, f"after a failed charge the order stays pending, not {order.state}"
    assert order.attempts == 1, f"attempts must be 1 after the first failure, got {order.attempts}"
    assert order.next_retry_at == clock.now + 30, (
        f"next_retry_at must be clock() + 30 after the first failure ({clock.now + 30}), got "
        f"{order.next_retry_at}")
    assert order.last_error and "card declined" in order.last_error, (
        f"last_error must contain the charge's message 'card declined', got {order.last_error!r}")
    row = db.order_row("o-1")
    assert (row["state"], row["attempts"], row["next_retry_at"]) == (
        "pending", 1, clock.now + 30), f"the failure must be stored in the row: {row}"
    assert db.audit("o-1") == [] and db.outbox("o-1") == [], (
        "a failed charge is not a state change: no audit or outbox row")


@pytest.mark.task(8)
def test_backoff_refuses_an_early_retry(sol, wf, db, gateway, clock):
    wf.create("o-1", 100)
    fail_charges(gateway, "timeout")
    order = wf.send("o-1", sol.Event.PAY, expected_version=1)
    clock.now += 29.5
    before = db.snapshot()
    charges = len(gateway.of("charge"))
    with pytest.raises(sol.RetryLater):
        wf.send("o-1", sol.Event.PAY, expected_version=order.version)
    assert len(gateway.of("charge")) == charges, "a PAY before next_retry_at must not charge"
    assert db.snapshot() == before, "RetryLater must change nothing"
    clock.now += 0.5
    paid = wf.send("o-1", sol.Event.PAY, expected_version=order.version)
    assert paid.state == sol.State.PAID, (
        f"at next_retry_at the charge must be tried again and succeed; got {paid.state}")


@pytest.mark.task(8)
def test_the_second_backoff_is_longer(sol, wf, gateway, clock):
    wf.create("o-1", 100)
    fail_charges(gateway, "one", "two")
    order = wf.send("o-1", sol.Event.PAY, expected_version=1)
    clock.now = order.next_retry_at
    order = wf.send("o-1", sol.Event.PAY, expected_version=order.version)
    assert (order.state, order.attempts) == (sol.State.PENDING, 2), (
        f"after two failures the order is pending with attempts 2: {order.state}, "
        f"{order.attempts}")
    assert order.next_retry_at == clock.now + 60, (
        f"next_retry_at must be clock() + 60 after the second failure ({clock.now + 60}), got "
        f"{order.next_retry_at}")
    assert "two" in (order.last_error or ""), f"last_error must be the latest: {order.last_error!r}"


@pytest.mark.task(8)
def test_the_third_failure_moves_the_order_to_failed(sol, wf, db, gateway, clock):
    wf.create("o-1", 100)
    fail_charges(gateway, "one", "two", "three")
    order = wf.load("o-1")
    for _ in range(3):
        if order.next_retry_at is not None:
            clock.now = order.next_retry_at
        order = wf.send("o-1", sol.Event.PAY, expected_version=order.version)
    assert order.state == sol.State.FAILED, f"the third failed charge must move to failed, got {order.state}"
    assert (order.attempts, order.next_retry_at) == (3, None), (
        f"a failed order keeps attempts 3 and has no next_retry_at: {order.attempts}, "
        f"{order.next_retry_at}")
    assert "three" in (order.last_error or ""), f"last_error must be kept: {order.last_error!r}"
    assert [a[:4] for a in db.audit("o-1")] == [("pending", "pay", "failed", order.version)], (
        f"giving up is a state change with one audit row: {db.audit('o-1')}")
    assert [k for k, _ in db.outbox("o-1")] == ["order_failed"], (
        f"giving up writes one order_failed outbox row: {db.outbox('o-1')}")
    for event in (sol.Event.PAY, sol.Event.CANCEL, sol.Event.SHIP):
        with pytest.raises(sol.InvalidTransition):
            wf.send("o-1", event, expected_version=order.version)


@pytest.mark.task(8)
def test_success_clears_the_retry_fields(sol, wf, db, gateway, clock):
    wf.create("o-1", 100)
    fail_charges(gateway, "flaky")
    order = wf.send("o-1", sol.Event.PAY, expected_version=1)
    clock.now = order.next_retry_at + 1
    paid = wf.send("o-1", sol.Event.PAY, expected_version=order.version)
    assert (paid.state, paid.attempts, paid.next_retry_at, paid.last_error) == (
        sol.State.PAID, 0, None, None), (
        "a successful transition resets attempts to 0 and next_retry_at and last_error to "
        f"None: got {paid.state}, {paid.attempts}, {paid.next_retry_at}, {paid.last_error!r}")
    keys = {c[3] for c in gateway.of("charge")}
    assert keys == {"o-1:pay"}, f"every attempt must use the same key 'o-1:pay': {keys}"


@pytest.mark.task(8)
def test_a_crash_between_charge_and_commit_is_charged_again_with_the_same_key(
        sol, wf, db, db_path, gateway, tmp_path, run_workers):
    wf.create("o-1", 100)
    key_file = os.path.join(os.path.dirname(db_path), "key.txt")  # where the workers may write
    [(code, _out, err)] = run_workers(db_path, [{"db": db_path, "orders": ["o-1"],
                                                "die_after_charge": True, "key_file": key_file}])
    assert code == 17, f"the worker should have died inside charge (exit 17), got {code}: {err[-800:]}"
    row = db.order_row("o-1")
    assert (row["state"], row["version"]) == ("pending", 1), (
        f"a process that died after charging but before committing must leave the order "
        f"pending at version 1, the row is {row}")
    assert db.audit("o-1") == [] and db.outbox("o-1") == [], "nothing was committed"
    paid = wf.send("o-1", sol.Event.PAY, expected_version=1)
    assert paid.state == sol.State.PAID, f"the next PAY must complete it, got {paid.state}"
    with open(key_file) as fh:
        crashed_key = fh.read()
    assert [c[3] for c in gateway.of("charge")] == [crashed_key] == ["o-1:pay"], (
        f"the repeated charge must reuse the crashed attempt's key so the provider drops it: "
        f"{crashed_key!r} then {[c[3] for c in gateway.of('charge')]}")
    assert json.loads(json.dumps(db.outbox("o-1")))[0][0] == "order_paid"
