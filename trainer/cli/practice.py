"""Session commands: quiz, review, mock, drill.

Each command parses its options, builds a card queue (trainer.sessions.selection)
or resumes a paused session, picks a UI (full-screen, or `--plain` line by line)
and hands over to `Session.run`. Interruptions (Ctrl-C, a closed terminal,
SIGTERM) pause the session: its state is already saved after every step.
"""
from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any

import typer

from trainer.cli import complete
from trainer.cli.options import bounded, check_choice
from trainer.cli.output import echo
from trainer.errors import TrainerError
from trainer.invocation import program

if TYPE_CHECKING:
    from trainer.bank import Bank
    from trainer.scheduling import Scheduler
    from trainer.sessions.payload import SessionKind
    from trainer.sessions.session import Session, SessionBusy, StaleSession
    from trainer.sessions.views import SessionUI
    from trainer.store.progress_file import Store

# The options every session command has, declared once.
Plain = Annotated[bool, typer.Option(
    "--plain", help="Line-by-line mode for scripts and screen readers: no colour, answers end "
                    "with a '.' line.")]
Resume = Annotated[bool, typer.Option("--resume",
                                      help="Continue the last paused session of this kind.")]
Discard = Annotated[bool, typer.Option(
    "--discard", help="Discard the paused session of this kind (it cannot be resumed afterwards).")]


@dataclass(frozen=True)
class SessionPlan:
    """What a command asks: the cards, the title, the time per answer, the options it was given."""

    queue: list[str]
    title: str
    time_limit: float | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


Build = Callable[["Bank", "Store", "Scheduler"], SessionPlan]


class _Hangup(Exception):
    """Raised from SIGHUP/SIGTERM so the session can pause like on Ctrl-C."""


def _raise_hangup(signum: int, frame: FrameType | None) -> None:  # pragma: no cover - subprocesses
    raise _Hangup()


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _make_ui(plain: bool) -> SessionUI:
    if plain or not _interactive():
        from trainer.ui.plain import PlainUI

        return PlainUI()
    from trainer.ui.terminal import TerminalUI

    return TerminalUI()


def _context() -> tuple[Bank, Store, Scheduler]:
    """Bank, store and scheduler for a session (renamed cards' history moved first)."""
    from trainer import fsrs_params
    from trainer.bank import load_bank
    from trainer.scheduling import Scheduler, sync_renames
    from trainer.store.progress_file import Store

    bank = load_bank()
    store = Store.open()
    try:
        sync_renames(store, bank.renames)
        scheduler = Scheduler(parameters=fsrs_params.in_use(store))
    except BaseException:
        store.close()
        raise
    return bank, store, scheduler


def _run(name: str, *, plain: bool, resume: bool, discard: bool, build: Build) -> None:
    """Resume or start a session of kind `name` and run it to a pause or the end."""
    from trainer.cli.unfinished import drop_stale_with_note
    from trainer.sessions.paused import describe
    from trainer.sessions.payload import SessionKind
    from trainer.sessions.session import Session, SessionBusy, StaleSession, pause_quietly

    kind = SessionKind(name)
    bank, store, scheduler = _context()
    try:
        drop_stale_with_note(store)
        if discard:
            row = store.latest_unfinished_session(kind.value)
            if row is None:
                raise TrainerError(f"there is no paused {kind} session to discard", exit_code=1)
            store.discard_session(row.id)
            typer.echo(f"Discarded the paused {kind} session {row.id}.")
            return
        session: Session | None
        if resume:
            try:
                session = Session.resume(store, bank, scheduler, kind)
            except StaleSession as exc:
                _offer_discard(store, kind, exc)
            except SessionBusy as exc:
                session = _offer_take_over(store, bank, scheduler, kind, exc)
            if session is None:
                raise TrainerError(f"there is no paused {kind} session to resume; "
                                   f"start one with `{program()} {kind}`", exit_code=1)
        else:
            plan = build(bank, store, scheduler)
            if not plan.queue:
                if kind is SessionKind.REVIEW:  # nothing due is good news, not an error
                    typer.echo("Nothing is due right now and today's new cards are done. "
                               f"Come back later, or practise with `{program()} quiz`.")
                    return
                raise TrainerError(_empty_message(kind), exit_code=1)
            paused = store.latest_unfinished_session(kind.value)
            session = Session.new(store, bank, scheduler, kind, plan.queue, title=plan.title,
                                  time_limit=plan.time_limit, options=plan.options)
            if paused is not None:  # kept: it becomes resumable again once this one ends
                echo(f"note: your paused {kind} (card {describe(paused).position}) is kept; "
                     f"--resume continues the most recent unfinished {kind}.", err=True)
        ui = _make_ui(plain)
        old_hup = signal.signal(signal.SIGHUP, _raise_hangup)
        old_term = signal.signal(signal.SIGTERM, _raise_hangup)
        try:
            session.run(ui)
        except (KeyboardInterrupt, _Hangup):
            pause_quietly(session)
            echo(f"\nPaused at card {session.position + 1} of {session.total}; "
                       f"continue with `{program()} {kind} --resume`.", err=True)
        finally:
            signal.signal(signal.SIGHUP, old_hup)
            signal.signal(signal.SIGTERM, old_term)
            _release(session)
    finally:
        store.close()


def _release(session: Session) -> None:
    """Give the session's lease back; a failing store must not hide the real error."""
    try:
        session.release()
    except TrainerError:
        pass


def _offer_take_over(store: Store, bank: Bank, scheduler: Scheduler, kind: SessionKind,
                     exc: SessionBusy) -> Session | None:
    """The session is live in another window: one line, or an explicit takeover on a terminal."""
    from trainer.cli.ask import stdin_is_terminal
    from trainer.sessions.session import Session

    if stdin_is_terminal() and typer.confirm(
            f"{exc.message}. Take it over here? (the other window stops at its next step)",
            default=False):
        return Session.resume(store, bank, scheduler, kind, take_over=True)
    raise TrainerError(f"{exc.message}: run this in a terminal to take it over", exit_code=1)


def _offer_discard(store: Store, kind: SessionKind, exc: StaleSession) -> None:
    """A paused session this version cannot continue: offer to discard it, never guess."""
    from trainer.cli.ask import stdin_is_terminal

    if stdin_is_terminal():
        typer.echo(exc.message, err=True)
        if typer.confirm(f"Discard that {kind} session? (Your answers in it stay in your progress.)",
                         default=False):
            store.discard_session(exc.session_id)
            raise TrainerError(f"discarded; start a new one with `{program()} {kind}`", exit_code=1)
    raise TrainerError(f"{exc.message}; discard it with `{program()} {kind} --discard`")


def _empty_message(kind: SessionKind) -> str:
    return {
        "quiz": f"no cards match that selection; see `{program()} content list` for levels, "
                "tags and kinds",
        "mock": "no questions match that selection",
        "drill": "no concept checks to drill",
    }[kind.value]


def register(app: typer.Typer) -> None:
    @app.command(help="Quiz yourself on a selection of cards, due or not.")
    def quiz(
        level: list[str] | None = typer.Option(None, "--level", "-l", metavar="LEVEL", autocompletion=complete.levels, help="junior, middle, senior or staff (repeatable)."),
        tag: list[str] | None = typer.Option(None, "--tag", "-t", metavar="TAG", autocompletion=complete.tags, help="Only cards with this tag (repeatable)."),
        kind: list[str] | None = typer.Option(None, "--kind", "-k", metavar="KIND", autocompletion=complete.kinds, help="question, follow_up, concept_check, red_flag, strong_signal, live_coding (repeatable)."),
        n: int = typer.Option(10, "-n", min=1, metavar="N", help="How many cards."),
        shuffle: bool = typer.Option(False, "--shuffle", help="Shuffle the selection."),
        plain: Plain = False, resume: Resume = False, discard: Discard = False,
    ) -> None:
        from trainer.bank import KINDS, LEVELS

        levels = check_choice("level", level, list(LEVELS))
        kinds = check_choice("kind", kind, list(KINDS))

        def build(bank: Bank, store: Store, scheduler: Scheduler) -> SessionPlan:
            from trainer.sessions.selection import quiz_queue

            tags = check_choice("tag", tag, bank.tags())
            queue = quiz_queue(bank, kinds=kinds, levels=levels, tags=tags, n=n, shuffle=shuffle)
            return SessionPlan(queue, "Quiz", None, {"level": levels, "tag": tags, "kind": kinds,
                                                     "n": n, "shuffle": shuffle})

        _run("quiz", plain=plain, resume=resume, discard=discard, build=build)

    @app.command(help="Review the cards due today (spaced repetition), then new ones.")
    def review(
        n: int | None = typer.Option(None, "-n", min=1, metavar="N", help="At most this many cards (default: all due, then today's new)."),
        plain: Plain = False, resume: Resume = False, discard: Discard = False,
    ) -> None:
        def build(bank: Bank, store: Store, scheduler: Scheduler) -> SessionPlan:
            from datetime import datetime

            from trainer.sessions.practice_next import forget, put_first

            queue = scheduler.review_queue(store, list(bank.cards), datetime.now(UTC))
            queue = put_first(store, bank, queue)  # an interview's "practise next" cards first
            forget(store)
            return SessionPlan(queue if n is None else queue[:n], "Review", None, {"n": n})

        _run("review", plain=plain, resume=resume, discard=discard, build=build)

    @app.command(help="A timed mock interview ending in a scorecard.")
    def mock(
        level: str | None = typer.Option(None, "--level", "-l", metavar="LEVEL", autocompletion=complete.levels, help="junior, middle, senior or staff (default: the whole interview)."),
        n: int = typer.Option(5, "-n", min=1, metavar="N", help="How many main questions (each with its follow-ups)."),
        minutes: float = typer.Option(3.0, "--minutes", "-m", metavar="MINUTES", help="Minutes per answer (0.1 to 120)."),
        history: bool = typer.Option(False, "--history", help="List past scorecards (with their ids) instead."),
        as_json: bool = typer.Option(False, "--json", help="With --history: print the scorecards as JSON."),
        show: int | None = typer.Option(None, "--show", metavar="ID", help="Print one past scorecard in full (ids: --history)."),
        markdown: Path | None = typer.Option(None, "--markdown", metavar="FILE", help="Write a scorecard (--show ID, else the newest) as Markdown."),
        plain: Plain = False, resume: Resume = False, discard: Discard = False,
    ) -> None:
        from trainer.bank import LEVELS

        level = check_choice("level", level, list(LEVELS))
        if history:
            _mock_history(plain, as_json)
            return
        if show is not None or markdown is not None:
            _mock_show(show, markdown, plain)
            return
        bounded("mock", "--minutes", minutes)

        def build(bank: Bank, store: Store, scheduler: Scheduler) -> SessionPlan:
            from trainer.sessions.selection import mock_queue

            offset = len(store.scorecards(limit=1000))
            queue = mock_queue(bank, level=level, n=n, offset=offset)
            asked = sum(1 for card_id in queue if bank.cards[card_id].kind == "question")
            if queue and asked < n:
                echo(f"note: there are only {asked} {level + ' ' if level else ''}questions: "
                     f"this mock asks {asked}, not {n} (each with its follow-ups).", err=True)
            title = f"Mock interview ({level or 'all levels'})"
            return SessionPlan(queue, title, minutes * 60,
                               {"level": level, "n": n, "minutes": minutes})

        _run("mock", plain=plain, resume=resume, discard=discard, build=build)

    @app.command(help="A lightning round of concept checks.")
    def drill(
        n: int = typer.Option(10, "-n", min=1, metavar="N", help="How many concept checks."),
        seconds: float = typer.Option(45.0, "--seconds", "-s", metavar="SECONDS", help="Seconds per card (1 to 3600)."),
        plain: Plain = False, resume: Resume = False, discard: Discard = False,
    ) -> None:
        bounded("drill", "--seconds", seconds)

        def build(bank: Bank, store: Store, scheduler: Scheduler) -> SessionPlan:
            from trainer.sessions.selection import drill_queue

            return SessionPlan(drill_queue(bank, n=n), "Drill", seconds,
                               {"n": n, "seconds": seconds})

        _run("drill", plain=plain, resume=resume, discard=discard, build=build)


def _mock_history(plain: bool, as_json: bool = False) -> None:
    from trainer.cli.store_access import open_store

    store = open_store()
    try:
        rows = store.scorecards(limit=50)
    finally:
        store.close()
    if as_json:
        import json

        typer.echo(json.dumps([
            {"id": row.id, "at": row.at.isoformat(), "session_id": row.session_id,
             "title": row.scorecard.get("title"), "verdict": row.scorecard.get("verdict"),
             "score": row.scorecard.get("score"), "scorecard": row.scorecard}
            for row in rows], indent=2, ensure_ascii=False))
        return
    if not rows:
        typer.echo(f"No mock interviews yet: start one with `{program()} mock`.")
        return
    from rich.table import Table

    from trainer.sessions.scorecard import Headline
    from trainer.ui.console import console

    out = console(plain=plain)

    table = Table(title="Mock interviews", box=None)
    for col in ("id", "when", "verdict", "score", "questions", "red flags", "signals"):
        table.add_column(col, justify="right" if col == "id" else "left")
    for row in rows:
        card = Headline.from_json(row.scorecard)
        table.add_row(str(row.id), row.at.astimezone().strftime("%Y-%m-%d %H:%M"),
                      card.verdict, card.score_text, str(card.questions), str(card.red_flags),
                      str(card.strong_signals))
    out.print(table)
    out.print("Show one in full: trainer mock --show ID (--markdown FILE writes it as Markdown)")


def _mock_show(scorecard_id: int | None, markdown: Path | None, plain: bool) -> None:
    """One stored scorecard, in full on the terminal or as a Markdown file."""
    from trainer.cli.store_access import open_store
    from trainer.exports.scorecard_md import to_markdown

    if markdown is not None:
        markdown = markdown.expanduser()
        if not markdown.parent.is_dir():
            raise TrainerError(f"no such directory: {markdown.parent}", exit_code=2)
        if markdown.exists():
            raise TrainerError(f"{markdown} already exists; choose another name", exit_code=2)
    with open_store() as store:
        if scorecard_id is None:
            rows = store.scorecards(limit=1)
            row = rows[0] if rows else None
            if row is None:
                raise TrainerError("no mock interviews yet: start one with `trainer mock`",
                                   exit_code=1)
        else:
            row = store.scorecard(scorecard_id)
            if row is None:
                raise TrainerError(f"no scorecard with id {scorecard_id} "
                                   "(see `trainer mock --history`)", exit_code=2)
    text = to_markdown(row.id, row.at, row.scorecard)
    if row.scorecard.get("kind") == "interview":  # probes and live coding: its own layout
        from trainer.ui.interview_text import scorecard_markdown

        text = scorecard_markdown(row.scorecard)
    if markdown is not None:
        markdown.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote scorecard {row.id} to {markdown}")
        return
    if plain or not sys.stdout.isatty():
        sys.stdout.write(text)
        return
    from rich.markdown import Markdown

    from trainer.ui.console import console

    console().print(Markdown(text))
