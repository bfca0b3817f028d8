"""Rule group 5 of the generic-fsm kata: send() from many threads at once.

Every Barrier.wait and Thread.join here has a timeout, so a deadlock or a
thread that cannot start is a failed test, never a hung run.
"""

from __future__ import annotations

import threading
import time

import pytest

TIMEOUT = 10.0
WORKERS = 16


def run_together(n: int, work) -> None:
    """Run work(i) in n threads released together; re-raise their errors."""
    barrier = threading.Barrier(n, timeout=TIMEOUT)
    errors: list[BaseException] = []

    def body(i: int) -> None:
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return
        try:
            work(i)
        except BaseException as exc:
            errors.append(exc)

    threads = []
    for i in range(n):
        t = threading.Thread(target=body, args=(i,), daemon=True)
        try:
            t.start()
        except RuntimeError as exc:
            barrier.abort()
            raise AssertionError(
                f"could not start test thread {i + 1} of {n} ({exc}): too many threads alive. "
                f"{threading.active_count()} are running; does the solution leave one behind "
                "per machine?"
            )
        threads.append(t)
    for t in threads:
        t.join(TIMEOUT)
    stuck = sum(t.is_alive() for t in threads)
    assert not stuck, (
        f"{stuck} of {n} threads were still inside send() after {TIMEOUT:.0f} s: concurrent "
        "sends must not deadlock"
    )
    if errors:
        raise errors[0]


class Watch:
    """Counts how many actions run at the same moment."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active = self.most = self.calls = 0

    def action(self, pause: float = 0.001):
        def run() -> None:
            with self.lock:
                self.active += 1
                self.calls += 1
                self.most = max(self.most, self.active)
            time.sleep(pause)
            with self.lock:
                self.active -= 1

        return run


class Reader:
    """Reads machine.state in a loop from its own thread."""

    def __init__(self, machine) -> None:
        self.seen: set = set()
        self.errors: list[BaseException] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.loop, args=(machine,), daemon=True)

    def loop(self, machine) -> None:
        try:
            while not self.stop.is_set():
                self.seen.add(machine.state)
                time.sleep(0.0005)
        except BaseException as exc:
            self.errors.append(exc)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop.set()
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive(), (
            f"reading `state` from another thread blocked for more than {TIMEOUT:.0f} s"
        )
        if self.errors:
            raise self.errors[0]


@pytest.mark.task(5)
def test_no_two_threads_charge_for_the_same_transition(sol):
    for round_no in range(1, 6):
        charges = Watch()
        outcomes: list[str] = []
        m = sol.Machine("pending")
        m.allow("pending", "pay", "paid", charges.action(0.002))

        def pay(i: int) -> None:
            try:
                m.send("pay")
            except sol.InvalidTransition:
                outcomes.append("rejected")
            else:
                outcomes.append("accepted")

        with Reader(m) as reader:
            run_together(WORKERS, pay)
        accepted = outcomes.count("accepted")
        assert charges.calls == 1 and accepted == 1, (
            "look-up, action and state swap must be one atomic step: when "
            f"{WORKERS} threads send 'pay' to a 'pending' machine at once, exactly one may "
            f"pass (the others get InvalidTransition); in round {round_no}, {accepted} sends "
            f"passed and the charge action ran {charges.calls} times"
        )
        assert m.state == "paid", f"after the race the machine must be 'paid', got {m.state!r}"
        odd = reader.seen - {"pending", "paid"}
        assert not odd, (
            f"`state` read from another thread during the race must be 'pending' or 'paid', "
            f"got {odd}"
        )


@pytest.mark.task(5)
def test_actions_never_overlap_and_no_transition_is_lost(sol):
    ring = ["north", "east", "south", "west"]
    watch = Watch()
    m = sol.Machine("north")
    for i, here in enumerate(ring):
        m.allow(here, "turn", ring[(i + 1) % 4], watch.action(0.001))
    rounds = 6

    def turn(i: int) -> None:
        for _ in range(rounds):
            m.send("turn")

    with Reader(m) as reader:
        run_together(WORKERS, turn)
    assert watch.most == 1, (
        "two sends must never run actions at the same time: with "
        f"{WORKERS} threads sending at once, up to {watch.most} actions ran together"
    )
    total = WORKERS * rounds
    assert watch.calls == total and m.state == ring[total % 4], (
        f"every send must make exactly one transition: {total} 'turn' events around a ring "
        f"of 4 must run {total} actions and end in {ring[total % 4]!r}; got {watch.calls} "
        f"actions, ending in {m.state!r}"
    )
    odd = reader.seen - set(ring)
    assert not odd, f"`state` read from another thread must always be a real state, got {odd}"


@pytest.mark.task(5)
def test_failed_actions_under_contention_leave_the_state_alone(sol):
    class Declined(Exception):
        pass

    attempts = Watch()
    run = attempts.action(0.001)

    def declined() -> None:
        run()
        raise Declined

    m = sol.Machine("pending")
    m.allow("pending", "pay", "paid", declined)
    seen: list[str] = []

    def pay(i: int) -> None:
        try:
            m.send("pay")
        except Declined:
            seen.append("declined")
        except sol.InvalidTransition:
            seen.append("invalid")
        except Exception as exc:
            seen.append(f"{type(exc).__name__} instead of the action's own exception")

    run_together(WORKERS, pay)
    others = sorted({s for s in seen if s != "declined"})
    assert m.state == "pending" and not others, (
        "a failing action must leave the state alone even under contention, and every "
        f"caller must get the action's exception unwrapped: after {WORKERS} concurrent "
        f"sends whose action always fails, the state is {m.state!r} and callers also saw "
        f"{others}"
    )
    assert len(seen) == WORKERS and attempts.most == 1, (
        "two sends must never run actions at the same time, even when they fail: "
        f"up to {attempts.most} actions ran at once"
    )
