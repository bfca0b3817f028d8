"""Rule group 7 of the stuck-detector kata: random sequences of enters,
heartbeats, clock moves and checks, compared with the suite's model."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from test_stuck_rules import show, view

INTERVAL = 10.0
# state -> (max_duration, recovery, target, max_retries)
TABLE = {
    "new": (None, None, None, 0),
    "processing": (300.0, "retry", "failed", 2),
    "charging": (60.0, "fail", "failed", 0),
    "enriching": (120.0, "skip", "shipping", 0),
    "shipping": (600.0, None, None, 0),
    "failed": (None, None, None, 0),
}
ENTITIES = ["e1", "e2", "e3", "e4"]


class Model:
    """The rules as plainly as possible: a dict per entity, a sort, a flag per episode."""

    def __init__(self) -> None:
        self.now = 0.0
        self.ents: dict[str, dict] = {}
        self.calls: list[tuple] = []

    def enter(self, e, state):
        self.ents[e] = {"state": state, "since": self.now, "beat": self.now, "retries": 0,
                        "episode": False}

    def heartbeat(self, e):
        self.ents[e]["beat"] = self.now
        self.ents[e]["episode"] = False

    def check(self):
        rows = []
        for e, d in self.ents.items():
            budget = TABLE[d["state"]][0]
            if budget is None or self.now - d["since"] <= budget:
                continue
            stuck = self.now - d["beat"] > 2 * INTERVAL
            rows.append((0 if stuck else 1, -(self.now - d["since"] - budget), e))
        rows.sort()
        out = []
        for group, minus_over, e in rows:
            d = self.ents[e]
            state, action = d["state"], None
            if group == 0 and not d["episode"]:
                d["episode"] = True
                _, recovery, target, retries = TABLE[state]
                if recovery == "retry" and d["retries"] < retries:
                    d["retries"] += 1
                    self.calls.append(("retry", e, state, f"{e}:{state}:{d['retries']}"))
                    action = "retry"
                elif recovery is not None:
                    self.calls.append(("move", e, state, target))
                    self.enter(e, target)
                    action = "skip" if recovery == "skip" else "fail"
            out.append((e, state, "stuck" if group == 0 else "slow", -minus_over, action))
        return out


enter = st.tuples(st.just("enter"), st.sampled_from(ENTITIES), st.sampled_from(list(TABLE)))
step = st.one_of(
    enter,
    enter,
    st.tuples(st.just("beat"), st.sampled_from(ENTITIES), st.none()),
    st.tuples(st.just("wait"), st.sampled_from([1.0, 5.0, 15.0, 21.0, 45.0, 100.0, 250.0]),
              st.none()),
    st.tuples(st.just("check"), st.none(), st.none()),
)


def smoke(sol, clock, actions) -> None:
    """Fail fast, before hypothesis starts, if the basics raise (a stub)."""
    d = sol.Detector(build_table(sol), INTERVAL, clock, actions.retry, actions.move)
    d.enter("x", "charging")
    d.check()


def build_table(sol):
    return {s: sol.StateRule(m, sol.Recovery(r) if r else None, t, n)
            for s, (m, r, t, n) in TABLE.items()}


@pytest.mark.task(7)
def test_random_sequences_match_the_model(sol, helpers):
    smoke(sol, helpers["Clock"](), helpers["Actions"]())
    check_sequences(sol, helpers)


@given(script=st.lists(step, min_size=4, max_size=40))
# Two entities stuck at once, the one entered first the less overdue: recovery must
# follow the findings' order, not the order the entities were entered in.
@example(script=[("enter", "e1", "processing"), ("enter", "e2", "charging"),
                 ("wait", 250.0, None), ("wait", 100.0, None), ("check", None, None)])
def check_sequences(sol, helpers, script):
    clock, actions = helpers["Clock"](0.0), helpers["Actions"]()
    detector = sol.Detector(build_table(sol), INTERVAL, clock, actions.retry, actions.move)
    model = Model()
    done: list[str] = []
    for kind, a, b in script:
        if kind == "enter":
            detector.enter(a, b)
            model.enter(a, b)
            done.append(f"enter({a}, {b})")
        elif kind == "beat":
            if a not in model.ents:
                continue
            detector.heartbeat(a)
            model.heartbeat(a)
            done.append(f"heartbeat({a})")
        elif kind == "wait":
            clock.advance(a)
            model.now += a
            done.append(f"+{a:g} s")
        else:
            got, want = view(detector.check()), model.check()
            done.append("check()")
            where = ", ".join(done)
            assert got == want, (
                f"after {where}:\n  expected findings: {show(want)}\n  yours: {show(got)}")
            assert actions.calls == model.calls, (
                f"after {where}:\n  expected recovery calls: {model.calls}\n  "
                f"yours: {actions.calls}")
