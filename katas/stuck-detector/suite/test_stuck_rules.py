"""Rule groups 1-6 of the stuck-detector kata, on hand-written scenarios."""

from __future__ import annotations

import enum

import pytest


def view(findings) -> list[tuple]:
    out = []
    for f in findings:
        health, action = getattr(f, "health", None), getattr(f, "action", None)
        out.append((getattr(f, "entity_id", None), getattr(f, "state", None),
                    str(health) if health is not None else None,
                    getattr(f, "overdue", None),
                    str(action) if action is not None else None))
    return out


def show(rows) -> str:
    return "; ".join(f"{e} in {s}: {h}, {o} s over, action {a}" for e, s, h, o, a in rows) or "none"


def expect(findings, expected, what):
    got = view(findings)
    assert got == expected, f"{what}\n  expected findings: {show(expected)}\n  yours: {show(got)}"


# --- rule 1: names and the table ---------------------------------------------------


@pytest.mark.task(1)
@pytest.mark.parametrize("enum_name,members", [
    ("Recovery", {"RETRY": "retry", "FAIL": "fail", "SKIP": "skip"}),
    ("Health", {"STUCK": "stuck", "SLOW": "slow"}),
])
def test_enums_have_exact_names_and_values(sol, enum_name, members):
    cls = getattr(sol, enum_name, None)
    assert isinstance(cls, type) and issubclass(cls, enum.StrEnum), (
        f"{enum_name} must be an enum.StrEnum, got {cls!r}")
    got = {m.name: m.value for m in cls}
    assert got == members, f"{enum_name} must have exactly the members {members}, got {got}"


BAD_TABLES = {
    "a heartbeat interval of 0": ({"a": (None,)}, 0.0),
    "a negative heartbeat interval": ({"a": (None,)}, -1.0),
    "a negative max_duration": ({"a": (-1.0,)}, 10.0),
    "a recovery on a state without a budget": ({"a": (None, "FAIL", "b"), "b": (None,)}, 10.0),
    "FAIL without a target": ({"a": (5.0, "FAIL")}, 10.0),
    "SKIP to a state not in the table": ({"a": (5.0, "SKIP", "zzz")}, 10.0),
    "FAIL to its own state": ({"a": (5.0, "FAIL", "a")}, 10.0),
    "RETRY with max_retries 0": ({"a": (5.0, "RETRY", "b", 0), "b": (None,)}, 10.0),
    "max_retries on FAIL": ({"a": (5.0, "FAIL", "b", 2), "b": (None,)}, 10.0),
    "a target without a recovery": ({"a": (5.0, None, "b"), "b": (None,)}, 10.0),
    "max_retries without a recovery": ({"a": (5.0, None, None, 1)}, 10.0),
}


def rule(sol, spec):
    duration, recovery, target, retries = (*spec, None, None, 0)[:4] if len(spec) < 4 else spec
    return sol.StateRule(duration, sol.Recovery[recovery] if recovery else None, target, retries)


@pytest.mark.task(1)
@pytest.mark.parametrize("name", list(BAD_TABLES))
def test_a_bad_table_is_refused(sol, clock, actions, name):
    specs, interval = BAD_TABLES[name]
    table = {state: rule(sol, spec) for state, spec in specs.items()}
    try:
        sol.Detector(table, interval, clock, actions.retry, actions.move)
    except ValueError:
        return
    raise AssertionError(f"Detector must refuse {name} with ValueError, it accepted it")


@pytest.mark.task(1)
def test_the_detector_keeps_its_own_copy_of_the_table(sol, table, clock, actions):
    detector = sol.Detector(table, 10.0, clock, actions.retry, actions.move)
    table["charging"] = sol.StateRule(None)
    detector.enter("o-1", "charging")
    clock.advance(61)
    assert [f.entity_id for f in detector.check()] == ["o-1"], (
        "changing the caller's table after the Detector was built must not change the detector")


# --- rule 2: tracking ----------------------------------------------------------------


@pytest.mark.task(2)
def test_entering_an_unknown_state_is_refused(detector):
    with pytest.raises(ValueError):
        detector.enter("o-1", "teleporting")


@pytest.mark.task(2)
def test_a_heartbeat_of_an_unknown_entity_is_a_key_error(detector):
    try:
        detector.heartbeat("ghost")
    except KeyError:
        return
    raise AssertionError("heartbeat of an entity never entered must raise KeyError")


@pytest.mark.task(2)
def test_state_of_follows_enter(detector):
    detector.enter("o-1", "new")
    detector.enter("o-1", "processing")
    assert detector.state_of("o-1") == "processing", (
        f"state_of must be the last state entered, got {detector.state_of('o-1')!r}")


@pytest.mark.task(2)
def test_entering_counts_as_a_heartbeat(sol, clock, actions):
    detector = sol.Detector({"quick": sol.StateRule(10.0)}, 10.0, clock, actions.retry, actions.move)
    detector.enter("o-1", "quick")
    clock.advance(15)
    expect(detector.check(), [("o-1", "quick", "slow", 5.0, None)],
           "entering counts as a heartbeat: 15 s after entering (no heartbeat since) the "
           "entity is over its 10 s budget but not silent for more than 20 s")


@pytest.mark.task(2)
def test_a_heartbeat_keeps_an_entity_alive(detector, clock):
    detector.enter("o-1", "charging")
    clock.advance(45)
    detector.heartbeat("o-1")
    clock.advance(16)
    expect(detector.check(), [("o-1", "charging", "slow", 1.0, None)],
           "61 s in charging (budget 60) with a heartbeat 16 s ago is slow, not stuck")


@pytest.mark.task(2)
def test_nothing_over_budget_finds_nothing(detector, clock):
    for i, state in enumerate(["new", "processing", "charging", "shipping", "done"]):
        detector.enter(f"o-{i}", state)
    clock.advance(59)
    assert detector.check() == [], "no entity is over its budget yet: check must return []"


# --- rule 3: detection ---------------------------------------------------------------


@pytest.mark.task(3)
def test_exactly_at_the_budget_is_not_over(detector, clock):
    detector.enter("o-1", "charging")
    clock.advance(60)
    expect(detector.check(), [], "exactly max_duration (60 s) in charging is not over budget")
    clock.advance(0.5)
    expect(detector.check(), [("o-1", "charging", "stuck", 0.5, "fail")],
           "60.5 s in charging is 0.5 s over budget, and silent for more than 20 s")


@pytest.mark.task(3)
def test_states_without_a_budget_are_never_over(detector, clock):
    for state in ("new", "failed", "done"):
        detector.enter(f"o-{state}", state)
    clock.advance(10 ** 7)
    expect(detector.check(), [], "states whose max_duration is None are never over budget")


@pytest.mark.task(3)
def test_stuck_means_silent_for_more_than_two_intervals(sol, clock, actions):
    detector = sol.Detector({"work": sol.StateRule(5.0)}, 10.0, clock, actions.retry, actions.move)
    detector.enter("a", "work")
    clock.advance(20)
    expect(detector.check(), [("a", "work", "slow", 15.0, None)],
           "a heartbeat exactly 2 x interval (20 s) old is still alive: slow")
    clock.advance(0.25)
    expect(detector.check(), [("a", "work", "stuck", 15.25, None)],
           "a heartbeat 20.25 s old (more than 2 x 10 s) means stuck")


@pytest.mark.task(3)
def test_each_entity_is_judged_by_its_own_state(detector, clock):
    detector.enter("p", "processing")  # 300 s
    detector.enter("c", "charging")  # 60 s
    detector.enter("s", "shipping")  # 600 s
    clock.advance(200)
    detector.heartbeat("s")
    got = view(detector.check())
    assert [(e, st, h) for e, st, h, _o, _a in got] == [("c", "charging", "stuck")], (
        f"after 200 s only charging (60 s budget) is over: {show(got)}")
    assert got[0][3] == 140.0, f"overdue is time in state minus max_duration: 200 - 60 = 140, got {got[0][3]}"


# --- rule 4: order -------------------------------------------------------------------


@pytest.mark.task(4)
def test_stuck_first_then_slow_most_overdue_first_ties_by_id(sol, clock, actions):
    table = {"work": sol.StateRule(100.0), "wait": sol.StateRule(50.0)}
    detector = sol.Detector(table, 10.0, clock, actions.retry, actions.move)
    detector.enter("m", "work")
    detector.enter("b", "wait")
    clock.advance(10)
    detector.enter("z", "work")
    detector.enter("a", "work")
    detector.enter("k", "wait")
    clock.advance(130)
    for alive in ("b", "a"):
        detector.heartbeat(alive)
    expected = [
        ("k", "wait", "stuck", 80.0, None),
        ("m", "work", "stuck", 40.0, None),
        ("z", "work", "stuck", 30.0, None),
        ("b", "wait", "slow", 90.0, None),
        ("a", "work", "slow", 30.0, None),
    ]
    expect(detector.check(), expected,
           "STUCK findings come first, then SLOW; most overdue first; ties by entity_id")


@pytest.mark.task(4)
def test_ties_go_by_entity_id(sol, clock, actions):
    detector = sol.Detector({"work": sol.StateRule(1.0)}, 10.0, clock, actions.retry, actions.move)
    for entity_id in ("o-3", "o-10", "o-1", "o-2"):
        detector.enter(entity_id, "work")
    clock.advance(30)
    got = [f.entity_id for f in detector.check()]
    assert got == ["o-1", "o-10", "o-2", "o-3"], (
        f"equal overdue goes by entity_id in ascending (string) order, got {got}")


# --- rule 5: recovery ----------------------------------------------------------------


@pytest.mark.task(5)
def test_retry_calls_retry_with_the_key_and_stays(detector, clock, actions):
    detector.enter("o-1", "processing")
    clock.advance(301)
    expect(detector.check(), [("o-1", "processing", "stuck", 1.0, "retry")],
           "a stuck entity in a RETRY state is retried")
    assert actions.calls == [("retry", "o-1", "processing", "o-1:processing:1")], (
        f"retry must be called once with the key 'o-1:processing:1', calls: {actions.calls}")
    assert detector.state_of("o-1") == "processing", "a retried entity stays in its state"


@pytest.mark.task(5)
def test_retries_used_up_move_to_the_target(detector, clock, actions):
    detector.enter("o-1", "processing")  # max_retries 2, then failed
    clock.advance(301)
    detector.check()
    for n in (2, 3):
        detector.heartbeat("o-1")  # the retried worker came back...
        clock.advance(21)  # ...and went silent again
        findings = view(detector.check())
        assert len(findings) == 1, f"one finding expected, got {show(findings)}"
    assert actions.calls == [
        ("retry", "o-1", "processing", "o-1:processing:1"),
        ("retry", "o-1", "processing", "o-1:processing:2"),
        ("move", "o-1", "processing", "failed"),
    ], f"two retries (keys :1 and :2), then a move to failed; calls: {actions.calls}"
    assert findings[0][4] == "fail", f"moving after the last retry is action FAIL: {show(findings)}"
    assert detector.state_of("o-1") == "failed", "after the move the entity is in failed"
    assert detector.check() == [], "failed has no budget: nothing more to report"


@pytest.mark.task(5)
@pytest.mark.parametrize("state,target,action", [("charging", "failed", "fail"),
                                                 ("enriching", "shipping", "skip")])
def test_fail_and_skip_move_the_entity(detector, clock, actions, state, target, action):
    detector.enter("o-1", state)
    clock.advance(1000)
    findings = view(detector.check())
    assert [f[4] for f in findings] == [action], f"action must be {action}: {show(findings)}"
    assert actions.calls == [("move", "o-1", state, target)], (
        f"{action} must call move('o-1', {state!r}, {target!r}) once: {actions.calls}")
    assert detector.state_of("o-1") == target, f"after {action} the entity is in {target}"
    clock.advance(600)
    expect(detector.check(), [],
           f"the entity entered {target} when it moved, so its clock there started then")


@pytest.mark.task(5)
def test_slow_and_policy_free_states_are_not_recovered(detector, clock, actions):
    detector.enter("slow", "charging")
    detector.enter("free", "shipping")
    clock.advance(605)
    detector.heartbeat("slow")
    findings = view(detector.check())
    assert [(f[0], f[2], f[4]) for f in findings] == [("free", "stuck", None),
                                                      ("slow", "slow", None)], (
        f"a stuck entity in a state without recovery, and a slow one, get action None: "
        f"{show(findings)}")
    assert actions.calls == [], f"nothing may be recovered here, calls: {actions.calls}"


@pytest.mark.task(5)
def test_entering_again_resets_the_retry_count(detector, clock, actions):
    detector.enter("o-1", "processing")
    clock.advance(301)
    detector.check()
    detector.enter("o-1", "processing")
    clock.advance(301)
    detector.check()
    keys = [c[3] for c in actions.calls]
    assert keys == ["o-1:processing:1", "o-1:processing:1"], (
        f"entering the state again starts the retry count over, keys: {keys}")


# --- rule 6: once per episode --------------------------------------------------------


@pytest.mark.task(6)
def test_recovery_runs_once_per_episode(detector, clock, actions):
    detector.enter("o-1", "processing")
    clock.advance(301)
    detector.check()
    for _ in range(3):
        clock.advance(60)
        expect(detector.check(), [("o-1", "processing", "stuck",
                                   clock.now - 10_000.0 - 300.0, None)],
               "a later check in the same stuck episode still reports STUCK, with action None")
    assert len(actions.calls) == 1, f"recovery must run once per episode, calls: {actions.calls}"


@pytest.mark.task(6)
def test_a_heartbeat_ends_the_episode(detector, clock, actions):
    detector.enter("o-1", "processing")
    clock.advance(301)
    detector.check()
    detector.heartbeat("o-1")
    clock.advance(10)
    expect(detector.check(), [("o-1", "processing", "slow", 11.0, None)],
           "after a heartbeat the entity is alive again: slow")
    clock.advance(11)
    expect(detector.check(), [("o-1", "processing", "stuck", 22.0, "retry")],
           "silent again for more than 20 s: a new episode, recovered again")
    assert [c[3] for c in actions.calls] == ["o-1:processing:1", "o-1:processing:2"], (
        f"the second episode's retry is the second one: {actions.calls}")


@pytest.mark.task(6)
def test_episodes_are_per_entity(detector, clock, actions):
    detector.enter("a", "charging")
    clock.advance(61)
    detector.check()
    detector.enter("b", "charging")
    clock.advance(61)
    detector.check()
    assert actions.calls == [("move", "a", "charging", "failed"),
                             ("move", "b", "charging", "failed")], (
        f"each entity's episode is its own: {actions.calls}")
