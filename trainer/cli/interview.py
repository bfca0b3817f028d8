"""`trainer interview`: questions with probes, live coding and a scorecard on one clock.

Parsing and rendering only: the loop is `trainer.sessions.interview`, the
screens are `trainer.ui.interview_plain` / `trainer.ui.interview_terminal`.
Interruptions (Ctrl-C, a closed terminal, SIGTERM) pause the interview, whose
state is saved after every step.
"""
from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import typer

from trainer.cli.options import check_choice
from trainer.errors import TrainerError

PLAIN_HELP = ("Line-by-line mode: answers end with a '.' line; in the coding phase type "
              "check, hint, done or q.")


def _make_ui(plain: bool) -> Any:
    from trainer.cli.practice import _interactive

    if plain or not _interactive():
        from trainer.ui.interview_plain import PlainInterviewUI

        return PlainInterviewUI()
    from trainer.ui.interview_terminal import TerminalInterviewUI

    return TerminalInterviewUI()


def _write_markdown(path: Path, scorecard: dict[str, Any]) -> None:
    from trainer.ui.interview_text import scorecard_markdown

    try:
        path.write_text(scorecard_markdown(scorecard), encoding="utf-8")
    except OSError as exc:
        raise TrainerError(f"cannot write {path}: {exc.strerror or exc} "
                           f"(the scorecard is saved: `trainer mock --history`)") from None
    typer.echo(f"Scorecard written to {path}")


def register(app: typer.Typer) -> None:
    @app.command(help="A whole interview: questions with probing follow-ups, live coding, "
                      "a scorecard, on one clock.")
    def interview(
        level: str | None = typer.Option(None, "--level", "-l", metavar="LEVEL",
                                         help="junior, middle, senior or staff (default: all levels)."),
        minutes: float = typer.Option(45.0, "--minutes", "-m", min=1, metavar="MINUTES",
                                      help="The whole interview's clock."),
        lang: str = typer.Option("python", "--lang", metavar="LANG",
                                 help="The live-coding language: python or go."),
        kata: str | None = typer.Option(None, "--kata", metavar="SLUG",
                                        help="The kata to code (default: the level's)."),
        plain: bool = typer.Option(False, "--plain", help=PLAIN_HELP),
        resume: bool = typer.Option(False, "--resume", help="Continue the paused interview."),
        discard: bool = typer.Option(False, "--discard", help="Discard the paused interview."),
        markdown: Path | None = typer.Option(None, "--markdown", metavar="FILE",
                                             help="Also write the scorecard to FILE as Markdown (never overwritten)."),
    ) -> None:
        from trainer.bank import LEVELS
        from trainer.sessions.interview_kata import LANGS

        check_choice("level", level, list(LEVELS))
        check_choice("lang", lang, list(LANGS))
        if markdown is not None:  # checked now, not after a 45-minute interview
            markdown = markdown.expanduser()
            if markdown.is_dir():
                raise TrainerError(f"--markdown wants a file, and {markdown} is a directory",
                                   exit_code=2)
            if not markdown.parent.is_dir():
                raise TrainerError(f"no such directory: {markdown.parent}", exit_code=2)
            if markdown.exists():
                raise TrainerError(f"{markdown} already exists; choose another name",
                                   exit_code=2)
        _run(level=level, minutes=minutes, lang=lang, kata=kata, plain=plain, resume=resume,
             discard=discard, markdown=markdown)


def _run(*, level: str | None, minutes: float, lang: str, kata: str | None, plain: bool,
         resume: bool, discard: bool, markdown: Path | None) -> None:
    from trainer.cli.practice import _context, _Hangup, _raise_hangup
    from trainer.sessions.interview import (
        KIND,
        InterviewSession,
        StaleInterview,
        interview_questions,
        pause_quietly,
    )
    from trainer.sessions.interview_kata import check_lang, pick_kata

    bank, store, scheduler = _context()
    try:
        if discard:
            row = store.latest_unfinished_session(KIND)
            if row is None:
                raise TrainerError("there is no paused interview to discard", exit_code=1)
            store.discard_session(row.id)
            typer.echo(f"Discarded the paused interview {row.id}.")
            return
        if resume:
            try:
                session = InterviewSession.resume(store, bank, scheduler)
            except StaleInterview as exc:
                raise TrainerError(f"{exc.message}; discard it with "
                                   f"`trainer interview --discard`") from None
            if session is None:
                raise TrainerError("there is no paused interview to resume; start one with "
                                   "`trainer interview`", exit_code=1)
        else:
            offset = sum(1 for r in store.scorecards(limit=1000)
                         if r.scorecard.get("kind") == KIND)
            chosen = pick_kata(level, kata, offset)
            check_lang(chosen, lang)
            queue = interview_questions(bank, level, offset)
            if not queue:
                raise TrainerError("no questions match that selection", exit_code=1)
            session = InterviewSession.new(store, bank, scheduler, queue=queue, kata=chosen,
                                           level=level, minutes=minutes, lang=lang)
        ui = _make_ui(plain)
        old_hup = signal.signal(signal.SIGHUP, _raise_hangup)
        old_term = signal.signal(signal.SIGTERM, _raise_hangup)
        scorecard = None
        try:
            scorecard = session.run(ui)
        except (KeyboardInterrupt, _Hangup):
            pause_quietly(session)
            typer.echo("\nPaused; continue with `trainer interview --resume`.", err=True)
        finally:
            signal.signal(signal.SIGHUP, old_hup)
            signal.signal(signal.SIGTERM, old_term)
        if scorecard and markdown is not None:
            _write_markdown(markdown, scorecard)
    finally:
        store.close()
