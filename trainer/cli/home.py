"""`trainer` with no command: the home screen.

What a learner wants to know on opening the tool: what is due today, how many
new cards are waiting, the streak, katas passed, the last mock verdict, any
paused session, and the commands to start. The same summary prints in a
non-interactive terminal (then as plain lines), and the exit status is 0.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

import typer

from trainer.invocation import program

if TYPE_CHECKING:
    from rich.panel import Panel
    from rich.table import Table

    from trainer.sessions.paused import Unfinished
    from trainer.sessions.scorecard import Headline

SESSION_KINDS = ("review", "quiz", "mock", "drill", "interview")


@dataclass(frozen=True)
class HomeFigures:
    """What the home screen shows, read once from the store and the bank."""

    due: int
    due_now: int
    due_text: str          # "3 (1 now, 2 later today)"
    answered: int
    new: int
    streak: int
    reviews_total: int
    katas_passed: int
    katas_go_passed: int
    katas_total: int
    last_mock: Headline | None
    cards: int
    refit: str | None = None
    paused: dict[str, Unfinished] = field(default_factory=dict)  # session kind -> where

def gather(now: datetime | None = None, tz: tzinfo | None = None) -> HomeFigures:
    """The home screen's figures (the store and bank are read, never written).

    `now` and `tz` pin the clock (tests); the figures are `trainer stats`' own.
    """
    from trainer import fsrs_params
    from trainer.bank import load_bank
    from trainer.cli.stats_view import due_text
    from trainer.kata_runner.catalog import slugs
    from trainer.sessions.paused import describe
    from trainer.sessions.scorecard import Headline
    from trainer.stats import compute
    from trainer.store.progress_file import Store

    bank = load_bank()
    store = Store.open()
    try:
        figures = compute(store, bank, now=now, tz=tz)
        last_mock = store.scorecards(limit=1)
        refit = fsrs_params.refit_suggestion(store, figures.reviews_total)
        paused: dict[str, Unfinished] = {}
        for kind in SESSION_KINDS:
            row = store.latest_unfinished_session(kind)
            if row is not None and row.state != "ready":
                paused[kind] = describe(row)
    finally:
        store.close()
    return HomeFigures(
        due=figures.today.due,
        due_now=figures.today.due_now,
        due_text=due_text(figures.today).replace(" due", "", 1),
        answered=figures.today.answered,
        new=figures.today.new_available,
        streak=figures.streak,
        reviews_total=figures.reviews_total,
        katas_passed=figures.katas.passed,
        katas_go_passed=figures.katas_go.passed,
        katas_total=len(slugs()),
        last_mock=Headline.from_json(last_mock[0].scorecard) if last_mock else None,
        paused=paused,
        cards=len(bank),
        refit=refit,
    )


def lines(f: HomeFigures) -> list[str]:
    mock = f.last_mock
    out = [
        f"Due today:      {f.due_text}",
        f"Answered today: {f.answered}",
        f"New available:  {f.new}",
        f"Streak:         {f.streak} day{'s' if f.streak != 1 else ''}",
        f"Katas passed:   {f.katas_passed} of {f.katas_total}"
        + (f" (in Go: {f.katas_go_passed})" if f.katas_go_passed else ""),
        "Last mock:      " + (f"{mock.verdict} ({mock.score_text}/100)" if mock else "none yet"),
    ]
    for kind, where in f.paused.items():
        label = f"Paused {kind}:"
        out.append(f"{label:<15} card {where.position} of {where.total}, "
                   f"continue with: {program()} {kind} --resume")
    if f.refit:
        out.append(f"Scheduler:      {f.refit}")
    return out


COMMANDS = [  # shown with the program's name as invoked
    ("trainer review", "today's spaced-repetition review"),
    ("trainer quiz", "practise a selection (--level, --tag, --kind)"),
    ("trainer mock", "a timed mock interview with a scorecard"),
    ("trainer interview", "questions, probes and live coding on one clock"),
    ("trainer drill", "a lightning round of concept checks"),
    ("trainer kata list", "coding katas checked by hidden tests"),
    ("trainer stats", "your progress in detail"),
]


def _commands() -> list[tuple[str, str]]:
    return [(program() + cmd.removeprefix("trainer"), what) for cmd, what in COMMANDS]


def show_home() -> None:
    figures = gather()
    if not sys.stdout.isatty():
        typer.echo("trainer: State pattern and FSM interview practice")
        for line in lines(figures):
            typer.echo(line)
        typer.echo("")
        commands = _commands()
        width = max(len(cmd) for cmd, _ in commands)
        for cmd, what in commands:
            typer.echo(f"  {cmd:<{width}} {what}")
        return
    from trainer.ui.console import console

    out = console()
    out.print(panel(figures, min(out.width, 80)))
    out.print(commands_table())


def panel(figures: HomeFigures, width: int) -> Panel:
    """The summary box of the home screen, with the command to start with."""
    from rich.panel import Panel
    from rich.text import Text

    body = Text()
    for line in lines(figures):
        label, _, value = line.partition(":")
        body.append(f"{label}:", style="bold")
        body.append(f"{value}\n")
    start = (f"{program()} review" if figures.due_now or figures.new
             else f"{program()} quiz")
    body.append(f"\nStart with: {start}", style="bold green")
    return Panel(body, title="trainer · State pattern & FSM interviews", title_align="left",
                 width=width)


def commands_table() -> Table:
    """The commands worth knowing on day one, with what each is for."""
    from rich.table import Table

    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="cyan", no_wrap=True)
    table.add_column()
    for cmd, what in _commands():
        table.add_row(f"  {cmd}", what)
    return table
