"""Kata runs are kept per track: a Go pass is not a Python pass, and both show in stats."""
from __future__ import annotations

from datetime import timedelta

from tests.helpers.progress import T0


def test_runs_are_summarised_per_track(store):
    store.record_kata_run("vending", T0, "failed", 3, 8, 100)
    store.record_kata_run("vending", T0 + timedelta(minutes=1), "passed", 61, 61, 900, lang="go")
    store.record_kata_run("tcp", T0 + timedelta(minutes=2), "failed", 1, 95, 800, lang="go")
    python = store.kata_summary()
    go = store.kata_summary("go")
    assert set(python) == {"vending"} and python["vending"].status == "in progress"
    assert set(go) == {"vending", "tcp"} and go["vending"].status == "passed"
    assert go["vending"].best.total == 61 and go["tcp"].runs == 1


def test_stats_carry_the_go_track(store):
    from trainer.stats import compute

    store.record_kata_run("vending", T0, "passed", 5, 5, 100, lang="go")
    data = compute(store, now=T0).to_json()["katas"]
    assert data["passed"] == 0 and data["katas"] == []
    assert data["go"]["passed"] == 1 and data["go"]["katas"][0]["slug"] == "vending"
