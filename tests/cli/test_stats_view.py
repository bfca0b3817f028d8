"""`stats_view.render` drawn straight from a `Stats` record on a recording rich Console.

No store and no CLI: each test builds the record it needs (`figures(...)`), renders
it at 80 columns and reads the text back, so a change in the drawing shows here
rather than only through `trainer stats`.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from rich.console import Console

from trainer import fsrs_params
from trainer.cli import stats_view
from trainer.kata_status import Standing, Verdict
from trainer.stats import (
    CardCounts,
    DayCount,
    KataTrack,
    Leech,
    Mastery,
    Retention,
    Stats,
    Today,
)
from trainer.store.rows import KataRun, KataSummary
from trainer.workload import Workload, WorkloadReport

NOW = datetime(2026, 3, 11, 9, 30, tzinfo=UTC)   # a Wednesday
TODAY = NOW.date()


def figures(**changes: object) -> Stats:
    """A small, plausible record; tests override the fields they look at."""
    first = TODAY - timedelta(days=TODAY.weekday() + 7 * 12)
    base = Stats(
        store="/home/learner/progress.sqlite3",
        generated_at=NOW,
        day_starts_at_hour=4,
        reviews_total=120,
        cards=CardCounts(new=5, learning=2, review=30, relearning=1, suspended=1, retired=0),
        today=Today(TODAY, due=8, due_now=3, due_later=5, new_available=4, new_done=1,
                    reviews_done=6, answered=7),
        retention={7: Retention(7, 20, 18), 30: Retention(30, 0, 0)},
        desired_retention=0.9,
        forecast=tuple(DayCount(TODAY + timedelta(days=i), 8 if i == 0 else i % 3)
                       for i in range(30)),
        calendar=tuple(DayCount(first + timedelta(days=i), i % 5)
                       for i in range((TODAY - first).days + 1)),
        streak=1,
        levels=(),
        tags=(),
        leeches=(),
        katas=KataTrack("python", ()),
        katas_go=KataTrack("go", ()),
        parameters=fsrs_params.InUse("default"),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def draw(data: Stats, width: int = 80) -> str:
    console = Console(record=True, width=width, color_system=None)
    stats_view.render(console, data)
    return console.export_text()


def lines_of(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def words(text: str) -> str:
    """The text with rich's line wrapping undone (whitespace runs become one space)."""
    return " ".join(text.split())


def test_the_summary_lines_name_every_headline_figure():
    text = draw(figures())
    assert "store: /home/learner/progress.sqlite3" in text
    assert ("Cards    new 5  learning 2  review 30  relearning 1  suspended 1"
            in lines_of(text))                                      # no "retired 0"
    assert ("Today 8 due (3 now, 5 later today), 4 new available; answered 7 (1 new)"
            " Streak 1 day") in words(text)
    assert "Retention  7 days 90% (18/20)   30 days — (0/0)   target 90%" in lines_of(text)
    assert "Answers  120 in all" in lines_of(text)
    assert ("Scheduler  FSRS default parameters (`trainer optimize` fits them to you)"
            in lines_of(text))
    assert "Leeches  none" in lines_of(text)
    assert "bank not loaded" not in text


def test_charts_and_tables_fit_80_columns_even_on_a_wide_terminal():
    busy = figures(
        levels=tuple(Mastery(lv, 40, 30, 20, 0.5) for lv in ("junior", "staff")),
        tags=tuple(Mastery(f"tag-{i:02d}", 10 + i, 5, 2, 0.2) for i in range(15)),
        leeches=(Leech("q-long-card-identifier", 9, True, False),),
    )
    out = lines_of(draw(busy, width=200))
    prose = ("Today", "Leeches")        # sentences: on 80 columns rich wraps them
    wide = [line for line in out if len(line) > 80 and not line.startswith(prose)]
    assert wide == []
    assert max(len(line) for line in out if line.startswith("  Mon")) == 6 + 2 * 13


@pytest.mark.parametrize(("due", "due_later", "expected"), [
    (3, 0, "3 due"),
    (8, 5, "8 due (3 now, 5 later today)"),
])
def test_due_text_is_the_one_wording_of_due(due, due_later, expected):
    today = Today(TODAY, due, due - due_later, due_later, 0, 0, 0, 0)
    assert stats_view.due_text(today) == expected


def test_streaks_are_pluralised_and_retired_cards_shown_when_there_are_some():
    text = draw(figures(streak=12, cards=CardCounts(1, 0, 0, 0, 0, retired=3)))
    assert "Streak 12 days" in text
    assert "retired 3" in text


def test_a_bank_that_did_not_load_is_named():
    text = draw(figures(bank_error="content/cards.yaml: line 3: bad indent"))
    assert "(bank not loaded: content/cards.yaml: line 3: bad indent)" in lines_of(text)


def test_fitted_parameters_show_when_and_how_well():
    fitted = fsrs_params.InUse("fitted", datetime(2026, 2, 1, 23, tzinfo=UTC), 812,
                               (0.1,) * 21, 0.3123, 0.3457)
    text = draw(figures(parameters=fitted))
    assert ("Scheduler  FSRS fitted 2026-02-01 on 812 reviews, log loss 0.312 (was 0.346)"
            in lines_of(text))


def test_the_forecast_scales_to_the_busiest_day_and_marks_weeks():
    text = draw(figures())
    out = lines_of(text)
    total = sum(d.count for d in figures().forecast)
    assert f"Due in the next 30 days (total {total}, busiest day 8)" in out
    top = next(line for line in out if line.startswith("   8 "))
    assert top[5:7] == "██"                     # today's bar is the tallest
    axis = next(line for line in out if line.lstrip().startswith("today"))
    assert axis.split() == ["today", "+7d", "+14d", "+21d", "+28d"]


def test_an_empty_forecast_says_nothing_is_due():
    empty = figures(forecast=tuple(DayCount(TODAY + timedelta(days=i), 0) for i in range(30)))
    text = draw(empty)
    assert "Due in the next 30 days (total 0, busiest day 0)" in text
    assert "  nothing due" in lines_of(text)


def test_the_calendar_has_a_row_per_weekday_and_a_column_pair_per_week():
    data = figures()
    text = draw(data)
    assert "Answers per day, last 13 weeks (busiest day 4; ░▒▓█ = fewer → more)" in text
    rows = {line.split()[0]: line for line in lines_of(text)
            if line[2:5] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
    assert list(rows) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert len(rows["Mon"]) == 6 + 2 * 13             # 13 whole weeks
    assert len(rows["Thu"]) == 6 + 2 * 12             # today is a Wednesday
    assert rows["Mon"][6:8] == "··"                   # the first Monday had no answers


def test_levels_are_in_interview_order_and_tags_biggest_first_with_a_limit():
    levels = tuple(Mastery(name, 10, 5, m, m / 10) for name, m in
                   (("middle", 2), ("none", 0), ("staff", 1), ("junior", 9), ("senior", 3)))
    tags = tuple(Mastery(f"t{i:02d}", i + 1, 0, 0, 0.0) for i in range(14))
    text = draw(figures(levels=levels, tags=tags))
    out = lines_of(text)
    start = out.index(next(line for line in out if line.startswith("Mastery by level")))
    names = [line.split()[0] for line in out[start + 2:start + 7]]
    assert names == ["junior", "middle", "senior", "staff", "none"]
    assert any(line.startswith("junior") and line.endswith("90%") for line in out)
    tag_start = out.index(next(line for line in out if line.startswith("Mastery by tag")))
    shown = [line.split()[0] for line in out[tag_start + 2:tag_start + 2 + stats_view.MAX_TAGS]]
    assert shown[:3] == ["t13", "t12", "t11"]
    assert "  … 2 more tags in `trainer stats --json`" in out


def test_leeches_name_their_lapses_and_whether_they_left_the_bank():
    leeches = (Leech("q-locks", 9, True, True), Leech("q-gone", 1, False, False))
    text = draw(figures(leeches=leeches))
    out = lines_of(text)
    assert ("Leeches (cards forgotten again and again: rewrite or split them, then "
            "`trainer unsuspend ID`)") in words(text)
    assert "  q-locks  9 lapses, suspended" in out
    assert "  q-gone  1 lapse, unsuspended, no longer in the bank" in out


def run(slug: str, at: datetime, status: str, passed: int, total: int) -> KataRun:
    return KataRun(slug, at, Verdict.from_recorded(status), passed, total, 100)


def test_each_kata_track_gets_its_own_table():
    last = run("vending", datetime(2026, 3, 10, 23, 59, tzinfo=UTC), "failed", 7, 9)
    best = run("vending", datetime(2026, 3, 9, tzinfo=UTC), "passed", 9, 9)
    python = KataTrack("python", (KataSummary("vending", Standing.PASSED, 4, last, best),))
    go = KataTrack("go", (KataSummary("tcp", Standing.IN_PROGRESS, 1,
                                      run("tcp", NOW, "failed", 1, 5),
                                      run("tcp", NOW, "failed", 1, 5)),))
    out = lines_of(draw(figures(katas=python, katas_go=go)))
    assert "Katas (1 passed)" in out and "Katas in Go (0 passed)" in out
    row = next(line for line in out if line.startswith("vending"))
    assert row.split() == ["vending", "passed", "2026-03-10", "failed", "7/9", "9/9", "4"]
    assert next(line for line in out if line.startswith("tcp")).split()[1:3] == ["in", "progress"]


def test_no_kata_table_without_runs():
    text = draw(figures())
    assert "Katas" not in text


def test_workload_rows_mark_the_desired_retention():
    data = WorkloadReport(30, 12, 3, 10, 200, 0.9, fsrs_params.InUse("default"),
                          tuple(Workload(r, (float(i),) * 30, (0.0,) * 30)
                                for i, r in enumerate((0.8, 0.9))))
    console = Console(record=True, width=80, color_system=None)
    stats_view.render_workload(console, data)
    out = lines_of(console.export_text())
    assert out[0] == "Expected reviews per day, next 30 days (simulated, default parameters, peak 1)"
    marked = [line for line in out if line.startswith(" *")]
    assert len(marked) == 1 and marked[0].startswith(" * 90%")
    assert all(len(line) <= 80 for line in out)


def test_dates_render_as_dates():
    assert stats_view.to_day(datetime(2026, 1, 31, 23, 59, tzinfo=UTC)) == "2026-01-31"
    assert isinstance(figures().today.date, date)
