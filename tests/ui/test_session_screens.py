"""The session screens' pieces, rendered directly on a recording Console (no terminal, no keys)."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from rich.console import Console, RenderableType

from trainer.bank import Card
from trainer.bank.model import KeyPoint, Patterns
from trainer.cli.home import HomeFigures
from trainer.rating import Rating
from trainer.sessions.paused import Unfinished
from trainer.sessions.scorecard import Evidence, Finding, Headline, QuestionRow, Scorecard
from trainer.sessions.views import Feedback, PointCheck, Summary
from trainer.ui import session_screens as screens
from trainer.ui.session_screens import Look
from trainer.ui.session_text import scorecard_lines, summary_lines

INTERVALS = {Rating.AGAIN: timedelta(minutes=1), Rating.HARD: timedelta(minutes=6),
             Rating.GOOD: timedelta(minutes=10), Rating.EASY: timedelta(days=8)}
FANCY = Look(unicode=True, glyphs=True, mono=False)
ASCII = Look(unicode=False, glyphs=False, mono=True)


def render(piece: RenderableType, width: int = 80) -> str:
    console = Console(file=StringIO(), record=True, width=width)
    console.print(piece)
    return console.export_text()


def card(**kw: object) -> Card:
    fields: dict[str, object] = dict(
        id="q-test", kind="question", number=7, level="senior", tags=("basics",),
        prompt="What does the **context** do?", answer="It delegates.",
        key_points=(KeyPoint("Holds the current state", Patterns(("holds",))),))
    fields.update(kw)
    return Card(**fields)  # type: ignore[arg-type]


def feedback(**kw: object) -> Feedback:
    fields: dict[str, object] = dict(
        card=card(), number=1, total=2, kind="quiz", answer="it holds it",
        points=(PointCheck("Holds the current state", True),
                PointCheck("Delegates calls to it", False)),
        suggested=Rating.GOOD, intervals=INTERVALS)
    fields.update(kw)
    return Feedback(**fields)  # type: ignore[arg-type]


SCORECARD = Scorecard(
    title="Mock interview (senior)",
    questions=(
        QuestionRow(1, "q16-durable-workflow", "question", "Walk me through an order workflow.",
                    2, 6, ("Stateless workers run one transition per pass",), 185.2, True, False,
                    Rating.HARD),
        QuestionRow(2, "q16-durable-workflow.f1", "follow_up", "And when the worker dies?", 3, 3,
                    (), 40, False, False, Rating.EASY),
        QuestionRow(3, "q17-sagas", "question", "Sagas?", 0, 4, (), 0, False, True),
    ),
    coverage=0.42, credit=0.5,
    red_flags=(Finding("rf-bool-soup", "Boolean flags instead of one state field", None, (1, 2),
                       (Evidence(1, "a flag per state"),)),),
    strong_signals=(), score=38, verdict="Lean no hire", time_limit=180.0, rules="the rule")


def test_title_bar_shows_title_progress_and_place():
    for look in (FANCY, ASCII):
        shown = render(screens.title_bar(look, "Quiz", 4, 1, "card 2 of 4"))
        assert shown.startswith("Quiz") and "card 2 of 4" in shown
    assert "#" in render(screens.title_bar(ASCII, "Quiz", 4, 2, "x"))   # drawn without colour


def test_card_panel_has_heading_prompt_tags_and_limit():
    shown = render(screens.card_panel(FANCY, card(), 180.0))
    assert "Question 7 · senior" in shown and "What does the context do?" in shown
    assert "#basics" in shown and "3m to answer" in shown
    assert "Question 7 - senior" in render(screens.card_panel(ASCII, card(), None))


def test_checklist_marks_each_point():
    points = feedback().points
    assert "Key points 1 of 2 covered" in render(screens.checklist(FANCY, points))
    assert "✔ Holds the current state" in render(screens.checklist(FANCY, points))
    shown = render(screens.checklist(ASCII, points))
    assert "[x] Holds the current state" in shown and "[ ] Delegates calls to it" in shown


def test_flags_and_signals_only_when_there_are_some():
    assert screens.flags_and_signals(FANCY, feedback()) is None
    flag = card(id="rf", kind="red_flag", title="God object")
    shown = render(screens.flags_and_signals(ASCII, feedback(flags=(flag,))) or "")
    assert "! Red flag God object" in shown


def test_ratings_line_lists_the_four_with_intervals_and_the_outcome():
    shown = render(screens.ratings_line(feedback()))
    assert "Suggested: 3 Good" in shown
    assert "1 Again 1m" in shown and "4 Easy 8d" in shown
    assert render(screens.rated(FANCY, feedback(), Rating.EASY)).strip() == \
        "Rated 4 Easy · next time in 8d"


def test_summary_lines_and_panel():
    done = Summary(kind="mock", session_id="s", total=3, answered=2, skipped=1, timed_out=1,
                   ratings={Rating.AGAIN: 1, Rating.GOOD: 1}, coverage=0.5, position=3)
    assert summary_lines(done) == ["Done: 2 answered, 1 skipped, 1 over time.",
                                   "Key points covered: 50% on average.",
                                   "Ratings: Again 1, Good 1"]
    assert "Mock interview complete" in render(screens.summary_panel(FANCY, done))
    paused = Summary(kind="quiz", session_id="s", total=5, answered=0, paused=True, position=2)
    shown = render(screens.summary_panel(ASCII, paused))
    assert "Quiz paused" in shown and "Paused at card 2 of 5" in shown
    assert "Continue with: trainer quiz --resume" in shown


def test_scorecard_table_within_80_columns():
    shown = render(screens.scorecard(FANCY, SCORECARD))
    assert max(len(line) for line in shown.splitlines()) <= 80
    assert "Mock interview (senior): scorecard" in shown
    assert "2/6" in shown and "3/3" in shown and "skipped" in shown
    assert "follow-up: And when the worker dies?" in shown
    assert "Boolean flags instead of one state field  (answer 1, 2)" in shown
    assert "answer 1: “a flag per state”" in shown
    assert "Strong signals: none" in shown
    assert "Verdict: Lean no hire · 38/100" in shown and "How it is scored: the rule" in shown


def test_scorecard_lines_for_plain_output():
    lines = scorecard_lines(SCORECARD)
    assert lines[0] == "SCORECARD: Lean no hire (38/100)"
    assert "   1. q16-durable-workflow: 2/6 key points, 3m (over the limit)" in lines
    assert "   3. q17-sagas: skipped, 0s" in lines
    assert "        missed: Stateless workers run one transition per pass" in lines
    assert "Red flags: Boolean flags instead of one state field (answer 1, 2)" in lines
    assert "    answer 1: “a flag per state”" in lines
    assert "Strong signals: none" in lines and lines[-1] == "How it is scored: the rule"


@pytest.fixture
def figures() -> HomeFigures:
    when = datetime(2026, 11, 2, tzinfo=UTC)
    return HomeFigures(due=3, due_now=1, due_text="3 (1 now, 2 later today)", answered=4,
                       new=0, streak=1, reviews_total=9, katas_passed=2, katas_go_passed=1,
                       katas_total=12, last_mock=Headline("Mock", "Hire", 70, 5, 0, 1),
                       paused={"quiz": Unfinished("abc", "quiz", when, when, 3, 10, "paused")},
                       cards=100, refit=None)


def test_home_lines(figures):
    from trainer.cli import home

    lines = home.lines(figures)
    assert "Due today:      3 (1 now, 2 later today)" in lines
    assert "Streak:         1 day" in lines
    assert "Katas passed:   2 of 12 (in Go: 1)" in lines
    assert "Last mock:      Hire (70/100)" in lines
    assert "Paused quiz:    card 3 of 10, continue with: trainer quiz --resume" in lines
    assert "Last mock:      none yet" in home.lines(replace(figures, last_mock=None))


def test_home_panel_and_commands(figures):
    from trainer.cli import home

    shown = render(home.panel(figures, 80))
    assert "trainer · State pattern & FSM interviews" in shown
    assert "Start with: trainer review" in shown and "Last mock:      Hire (70/100)" in shown
    assert "Start with: trainer quiz" in render(home.panel(replace(figures, due_now=0), 80))
    commands = render(home.commands_table())
    assert "trainer review" in commands and "coding katas checked by hidden tests" in commands
