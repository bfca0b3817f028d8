"""The figures of `trainer stats`, computed on a frozen clock with a fake bank."""
from __future__ import annotations

from datetime import date, timedelta

from tests.helpers.progress import T0, TZ, FakeBank, FakeCard, scheduler
from trainer import stats
from trainer.scheduling import AGAIN, EASY, GOOD, day_start_local

DAY = timedelta(days=1)


def bank():
    return FakeBank({
        "q1": FakeCard("q1", level="senior", tags=("workflows",)),
        "q2": FakeCard("q2", level="senior", tags=("workflows", "locks")),
        "q3": FakeCard("q3", level="staff", tags=("locks",)),
        "q4": FakeCard("q4", level="staff"),
    })


def compute(store, s, now):
    return stats.compute(store, bank(), s, now=now, tz=TZ).to_json()


def test_cards_by_state_counts_new_and_retired(store):
    s = scheduler(leech_lapses=1)
    s.grade(store, "q1", GOOD, T0)                       # learning
    s.grade(store, "q2", EASY, T0)                       # review
    due = s.grade(store, "q3", EASY, T0).due
    s.grade(store, "q3", AGAIN, due)                     # a lapse: leech, suspended
    s.grade(store, "old", EASY, T0)                      # not in the bank any more
    data = compute(store, s, due + timedelta(minutes=1))
    assert data["cards"] == {"new": 1, "learning": 1, "review": 1, "relearning": 0,
                             "suspended": 1, "retired": 1}
    assert data["reviews_total"] == 5
    assert data["leeches"] == [{"id": "q3", "lapses": 1, "suspended": True, "in_bank": True}]


def test_true_retention_counts_first_answer_per_card_and_day_of_review_cards(store):
    s = scheduler()
    for cid in ("q1", "q2"):
        s.grade(store, cid, EASY, T0 - 40 * DAY)         # review cards, due weeks later
    day = T0 - 2 * DAY
    s.grade(store, "q1", AGAIN, day)                     # first of the day: a fail
    s.grade(store, "q1", GOOD, day + timedelta(minutes=15))  # relearning: not counted
    s.grade(store, "q2", GOOD, day)                      # a pass
    data = compute(store, s, T0)
    assert data["retention"]["7d"] == {"reviews": 2, "passed": 1, "rate": 0.5}
    assert data["retention"]["30d"]["reviews"] == 2
    older = compute(store, s, T0 + 20 * DAY)             # outside the 7 days, inside 30
    assert older["retention"]["7d"]["reviews"] == 0 and older["retention"]["7d"]["rate"] is None
    assert older["retention"]["30d"]["rate"] == 0.5


def test_forecast_calendar_and_streak(store):
    s = scheduler()
    for n in range(3):                                   # answers on three days in a row
        s.grade(store, f"q{n + 1}", EASY, T0 - (2 - n) * DAY)
    data = compute(store, s, T0 + timedelta(hours=1))
    assert data["streak"] == 3
    cal = {d["date"]: d["reviews"] for d in data["calendar"]}
    today = day_start_local(T0, 4, TZ).date()
    assert cal[today.isoformat()] == 1 and cal[(today - DAY).isoformat()] == 1
    assert data["calendar"][-1]["date"] == today.isoformat()
    assert date.fromisoformat(data["calendar"][0]["date"]).weekday() == 0   # whole weeks
    assert len(data["calendar"]) >= 12 * 7
    assert len(data["forecast"]) == 30 and data["forecast"][0]["date"] == today.isoformat()
    assert sum(d["due"] for d in data["forecast"]) == 3
    # A day without answers ends the streak; today not answered yet does not.
    assert compute(store, s, T0 + DAY)["streak"] == 3
    assert compute(store, s, T0 + 2 * DAY)["streak"] == 0


def test_overdue_cards_are_due_today_in_the_forecast(store):
    s = scheduler()
    s.grade(store, "q1", EASY, T0)
    data = compute(store, s, T0 + 100 * DAY)
    assert data["forecast"][0]["due"] == 1 and data["today"]["due"] == 1


def test_mastery_per_level_and_tag(store):
    s = scheduler()
    at = T0 - 200 * DAY
    for _ in range(4):                                   # q1 grows a long interval
        at = s.grade(store, "q1", EASY, at).due
    s.grade(store, "q3", GOOD, T0)
    data = compute(store, s, at - DAY)
    senior, staff = data["mastery"]["level"]["senior"], data["mastery"]["level"]["staff"]
    assert senior == {"cards": 2, "seen": 1, "mature": 1, "mastery": 0.5}
    assert staff == {"cards": 2, "seen": 1, "mature": 0, "mastery": 0.0}
    assert data["mastery"]["tag"]["workflows"]["mature"] == 1
    assert data["mastery"]["tag"]["locks"]["cards"] == 2


def test_without_a_bank_progress_is_still_shown(store):
    s = scheduler()
    s.grade(store, "q1", GOOD, T0)
    data = stats.compute(store, None, s, now=T0, tz=TZ).to_json()
    assert data["cards"]["learning"] == 1 and data["mastery"] == {"level": {}, "tag": {}}


def test_kata_runs_are_listed(store):
    store.record_kata_run("vending", T0, "failed", 2, 5, 10)
    store.record_kata_run("vending", T0 + DAY, "passed", 5, 5, 10)
    data = compute(store, scheduler(), T0 + DAY)
    assert data["katas"]["passed"] == 1
    assert data["katas"]["katas"][0]["last"]["status"] == "passed"


def test_one_due_and_one_answered_count_for_home_and_stats(store):
    """Frozen clock: a card in a learning step is due later today, a review card now."""
    from trainer.bank import load_bank
    from trainer.cli import home, stats_view

    real = load_bank()
    ids = list(real.cards)[:3]
    s = scheduler()
    s.grade(store, ids[0], EASY, T0 - 30 * DAY)           # review card, long overdue
    s.grade(store, ids[1], GOOD, T0)                      # learning step: due in minutes
    s.grade(store, ids[2], AGAIN, T0)
    s.grade(store, ids[2], AGAIN, T0 + timedelta(seconds=30))  # answered twice today
    now = T0 + timedelta(seconds=40)
    data = stats.compute(store, real, s, now=now, tz=TZ)
    t = data.today
    assert (t.due_now, t.due_later, t.due) == (1, 2, 3)
    assert data.forecast[0].count == t.due
    assert t.answered == 3 == data.calendar[-1].count  # learning steps count
    figures = home.gather(now=now, tz=TZ)
    assert figures.due == t.due and figures.answered == t.answered
    lines = home.lines(figures)
    assert "Due today:      3 (1 now, 2 later today)" in lines
    assert "Answered today: 3" in lines
    assert stats_view.due_text(t) == "3 due (1 now, 2 later today)"


def test_a_passed_kata_counts_in_the_mastery_of_its_cards_tags(store):
    s = scheduler()
    katas = {"order-workflow": ("q1", "q2"), "lexer": ("q3",), "gone": ("no-such-card",)}
    data = stats.compute(store, bank(), s, now=T0, tz=TZ, katas=katas).to_json()
    workflows = data["mastery"]["tag"]["workflows"]
    assert (workflows["katas"], workflows["katas_passed"], workflows["mastery"]) == (1, 0, 0.0)
    store.record_kata_run("order-workflow", T0, "passed", 56, 56, 1000)
    store.record_kata_run("lexer", T0, "failed", 3, 68, 1000)
    data = stats.compute(store, bank(), s, now=T0, tz=TZ, katas=katas).to_json()
    tags = data["mastery"]["tag"]
    # workflows: 2 cards, none mature, 1 kata passed -> 1 / 3
    assert tags["workflows"]["katas_passed"] == 1 and tags["workflows"]["mastery"] == 0.3333
    # locks: q2 (order-workflow, passed) and q3 (lexer, failed): 2 katas, 1 passed, 2 cards
    assert (tags["locks"]["katas"], tags["locks"]["katas_passed"]) == (2, 1)
    assert tags["locks"]["mastery"] == 0.25
    assert data["mastery"]["level"]["senior"]["mastery"] == 0.0, "levels count cards only"


def key_paths(value, prefix=""):
    """Every key path of a JSON document, in document order (list items: the first one)."""
    if isinstance(value, dict):
        for key, sub in value.items():
            path = f"{prefix}.{key}" if prefix else key
            yield path
            yield from key_paths(sub, path)
    elif isinstance(value, list) and value:
        yield from key_paths(value[0], f"{prefix}[]")


def test_the_json_document_keeps_its_keys_in_order(store):
    """`stats --json` is read by scripts: `Stats.to_json` writes the same keys, in order."""
    from dataclasses import replace

    s = scheduler(leech_lapses=1)
    s.grade(store, "q2", EASY, T0 - 40 * DAY)
    s.grade(store, "q2", AGAIN, T0)                      # a lapse: a leech
    store.record_kata_run("lexer", T0, "failed", 3, 68, 1000)
    store.record_kata_run("lexer", T0, "passed", 5, 5, 100, lang="go")
    data = stats.compute(store, bank(), s, now=T0, tz=TZ, katas={"lexer": ("q2",)})
    paths = list(key_paths(replace(data, bank_error="example").to_json()))
    run = ["at", "status", "passed", "total", "duration_ms"]
    kata = ["slug", "status", "runs", "last", *(f"last.{k}" for k in run),
            "best", *(f"best.{k}" for k in run)]
    assert paths == [
        "store", "generated_at", "day_starts_at_hour", "reviews_total",
        "cards", *(f"cards.{k}" for k in
                   ("new", "learning", "review", "relearning", "suspended", "retired")),
        "today", *(f"today.{k}" for k in ("date", "due", "due_now", "due_later",
                                          "new_available", "new_done", "reviews_done",
                                          "answered")),
        "retention", "retention.7d", "retention.7d.reviews", "retention.7d.passed",
        "retention.7d.rate", "retention.30d", "retention.30d.reviews", "retention.30d.passed",
        "retention.30d.rate",
        "desired_retention", "forecast", "forecast[].date", "forecast[].due",
        "calendar", "calendar[].date", "calendar[].reviews", "streak",
        "mastery", "mastery.level", "mastery.level.senior",
        *(f"mastery.level.senior.{k}" for k in ("cards", "seen", "mature", "mastery")),
        "mastery.level.staff",
        *(f"mastery.level.staff.{k}" for k in ("cards", "seen", "mature", "mastery")),
        "mastery.tag", "mastery.tag.locks",
        *(f"mastery.tag.locks.{k}" for k in ("cards", "seen", "mature", "mastery", "katas",
                                             "katas_passed")),
        "mastery.tag.workflows",
        *(f"mastery.tag.workflows.{k}" for k in ("cards", "seen", "mature", "mastery", "katas",
                                                 "katas_passed")),
        "leeches", *(f"leeches[].{k}" for k in ("id", "lapses", "suspended", "in_bank")),
        "katas", "katas.passed", "katas.katas", *(f"katas.katas[].{k}" for k in kata),
        "katas.go", "katas.go.passed", "katas.go.katas",
        *(f"katas.go.katas[].{k}" for k in kata),
        "parameters", *(f"parameters.{k}" for k in ("source", "fitted_at", "reviews", "values",
                                                    "log_loss", "previous_log_loss")),
        "bank_error",
    ]
    assert "bank_error" not in data.to_json()            # only when the bank did not load
