"""Rule groups 6 and 7 of the order-workflow kata: optimistic concurrency across
threads and processes, and the outbox written in the same transaction."""

from __future__ import annotations

import json
import threading

import pytest


def check_one_transition(db, order_id, winners, losers, others):
    assert not others, (
        "every worker that loses the race must get StaleVersion, nothing else; got "
        f"{others}")
    assert winners == 1, (
        f"exactly one worker must win the race for {order_id}, {winners} did "
        f"(the others: {losers} StaleVersion)")
    row = db.order_row(order_id)
    assert (row["state"], row["version"]) == ("paid", 2), (
        f"after the race {order_id} must be paid at version 2, the row is {row}")
    audit = db.audit(order_id)
    assert [a[:4] for a in audit] == [("pending", "pay", "paid", 2)], (
        f"the race must leave exactly one audit row for {order_id}, got {audit}")
    kinds = [k for k, _ in db.outbox(order_id)]
    assert kinds == ["order_paid"], (
        f"the race must leave exactly one outbox row for {order_id}, got {kinds}")


# --- rule 6: versions and races -----------------------------------------------


@pytest.mark.task(6)
def test_every_write_adds_one_to_the_version(sol, wf, db, gateway, clock):
    wf.create("o-1", 100)
    gateway.charge_failures.append(RuntimeError("card declined"))
    after_failure = wf.send("o-1", sol.Event.PAY, expected_version=1)
    assert after_failure.version == 2 and db.order_row("o-1")["version"] == 2, (
        "recording a failed charge writes the row, so the version must go from 1 to 2; "
        f"got {db.order_row('o-1')['version']}")
    clock.now += 3600
    paid = wf.send("o-1", sol.Event.PAY, expected_version=2)
    assert paid.version == 3 and db.order_row("o-1")["version"] == 3, (
        f"a transition must add exactly 1 to the version (2 -> 3), got {paid.version}")


@pytest.mark.task(6)
@pytest.mark.parametrize("expected_version", [0, 2, 7])
def test_a_stale_expected_version_runs_nothing_and_changes_nothing(sol, wf, db, gateway,
                                                                   expected_version):
    wf.create("o-1", 100)
    before = db.snapshot()
    try:
        wf.send("o-1", sol.Event.PAY, expected_version=expected_version)
    except sol.StaleVersion:
        pass
    else:
        raise AssertionError(f"send with expected_version={expected_version} on an order at "
                             "version 1 must raise StaleVersion")
    assert not gateway.calls, f"a stale send must not run the action: {gateway.calls}"
    assert db.snapshot() == before, "a stale send must change nothing"


@pytest.mark.task(6)
def test_two_workers_from_the_same_version_exactly_one_wins(sol, db_path, gateway, clock, db):
    first = sol.Workflow(db_path, gateway, clock=clock)
    second = sol.Workflow(db_path, gateway, clock=clock)
    first.create("o-1", 100)
    seen_by_second = second.load("o-1")
    first.send("o-1", sol.Event.PAY, expected_version=1)
    before = db.snapshot()
    try:
        second.send("o-1", sol.Event.PAY, expected_version=seen_by_second.version)
    except sol.StaleVersion:
        pass
    else:
        raise AssertionError("the second worker started from version 1 after the first one "
                             "committed: it must get StaleVersion")
    assert db.snapshot() == before, "the losing worker must change nothing"


@pytest.mark.task(6)
def test_the_loser_of_a_race_during_the_action_changes_nothing(sol, db_path, clock, db,
                                                               helpers):
    """The second worker commits while the first one's charge is running."""
    Gateway = helpers["Gateway"]
    slow, fast = Gateway(), Gateway()
    first = sol.Workflow(db_path, slow, clock=clock)
    first.create("o-1", 100)
    second = sol.Workflow(db_path, fast, clock=clock)
    real = slow.charge

    def charge_while_the_other_commits(order_id, amount, key):
        second.send("o-1", sol.Event.PAY, expected_version=1)
        return real(order_id, amount, key)

    slow.charge = charge_while_the_other_commits
    try:
        first.send("o-1", sol.Event.PAY, expected_version=1)
    except sol.StaleVersion:
        pass
    else:
        raise AssertionError("a worker whose order was moved by another one while its action "
                             "ran must get StaleVersion at commit")
    check_one_transition(db, "o-1", 1, 1, [])
    keys = {c[3] for c in slow.of("charge") + fast.of("charge")}
    assert keys == {"o-1:pay"}, f"both charges must carry the key 'o-1:pay', got {keys}"


@pytest.mark.task(6)
def test_threads_racing_on_one_order(sol, db_path, clock, db, helpers):
    n = 6
    sol.Workflow(db_path, helpers["Gateway"](), clock=clock).create("o-1", 100)
    barrier = threading.Barrier(n, timeout=10)
    results: list[str] = []
    lock = threading.Lock()

    def work():
        try:
            w = sol.Workflow(db_path, helpers["Gateway"](), clock=clock)  # its own, in its thread
            barrier.wait()
            w.send("o-1", sol.Event.PAY, expected_version=1)
            outcome = "won"
        except sol.StaleVersion:
            outcome = "stale"
        except Exception as err:
            outcome = f"{type(err).__name__}: {err}"
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert len(results) == n, f"{n - len(results)} worker threads did not finish in 20 s"
    others = [r for r in results if r not in ("won", "stale")]
    check_one_transition(db, "o-1", results.count("won"), results.count("stale"), others)


@pytest.mark.task(6)
def test_processes_racing_on_many_orders(sol, db_path, gateway, clock, db, run_workers):
    wf = sol.Workflow(db_path, gateway, clock=clock)
    ids = [f"o-{i}" for i in range(8)]
    for order_id in ids:
        wf.create(order_id, 100)
    import time as _time
    start = _time.time() + 0.25
    commands = [{"db": db_path, "orders": ids if i % 2 == 0 else ids[::-1],
                 "delay": start - _time.time()} for i in range(3)]
    outcomes: dict[str, list] = {i: [] for i in ids}
    for code, out, err in run_workers(db_path, commands):
        assert code == 0, f"a worker process failed (exit {code}): {err.strip()[-800:]}"
        for order_id, outcome, detail in json.loads(out):
            outcomes[order_id].append((outcome, detail))
    for order_id in ids:
        got = outcomes[order_id]
        others = [d for o, d in got if o == "error"]
        check_one_transition(db, order_id, sum(o == "won" for o, _ in got),
                             sum(o == "stale" for o, _ in got), others)


# --- rule 7: the outbox ------------------------------------------------------------


@pytest.mark.task(7)
def test_every_state_change_adds_one_outbox_row(sol, wf, db):
    wf.create("o-1", 100)
    wf.create("o-2", 100)
    assert db.outbox("o-1") == [], "create must not add an outbox row"
    wf.send("o-1", sol.Event.PAY, expected_version=1)
    wf.send("o-1", sol.Event.SHIP, expected_version=2)
    wf.send("o-2", sol.Event.CANCEL, expected_version=1)
    for order_id, expected in (("o-1", [("order_paid", "pending", "paid", 2),
                                        ("order_shipped", "paid", "shipped", 3)]),
                               ("o-2", [("order_cancelled", "pending", "cancelled", 2)])):
        rows = db.outbox(order_id)
        assert [k for k, _ in rows] == [e[0] for e in expected], (
            f"{order_id} must have the outbox rows {[e[0] for e in expected]}, got "
            f"{[k for k, _ in rows]}")
        for (kind, payload), (_, src, dst, version) in zip(rows, expected):
            assert isinstance(payload, dict), (
                f"an outbox payload must be a JSON object, got {payload!r}")
            want = {"order_id": order_id, "from": src, "to": dst, "version": version}
            wrong = {k: payload.get(k) for k, v in want.items() if payload.get(k) != v}
            assert not wrong, (
                f"the {kind} payload must hold {want}; these keys differ: {wrong}")


@pytest.mark.task(7)
@pytest.mark.parametrize("table", ["outbox", "audit"])
def test_a_failed_outbox_or_audit_write_rolls_the_state_back(sol, wf, db, gateway, table):
    wf.create("o-1", 100)
    db.execute(f"CREATE TRIGGER refuse BEFORE INSERT ON {table} "
               "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
    before = db.snapshot()
    try:
        wf.send("o-1", sol.Event.PAY, expected_version=1)
    except Exception:
        pass
    else:
        raise AssertionError(f"SQLite refused the {table} row, yet send reported success")
    assert db.snapshot() == before, (
        f"when the {table} row cannot be written, the state change must roll back with it "
        "(one transaction): the file changed")
    db.execute("DROP TRIGGER refuse")
    paid = wf.send("o-1", sol.Event.PAY, expected_version=1)
    assert paid.state == sol.State.PAID and paid.version == 2, (
        f"once the fault is gone the same send must work: got {paid.state} at version "
        f"{paid.version}")
    assert [k for k, _ in db.outbox("o-1")] == ["order_paid"], "one outbox row after the retry"
    keys = {c[3] for c in gateway.of("charge")}
    assert keys == {"o-1:pay"}, f"the repeated charge must reuse the key 'o-1:pay': {keys}"
