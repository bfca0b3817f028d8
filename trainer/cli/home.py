"""`trainer` with no command: the home screen."""
from __future__ import annotations

import typer


def show_home() -> None:
    typer.echo("trainer: State pattern and FSM interview practice\n")
    typer.echo("Commands: quiz, review, mock, drill, kata, stats, content, fsm")
    typer.echo("Run `trainer --help` for details.")
