"""Session commands: quiz, review, mock, drill."""
from __future__ import annotations

import typer

from trainer.cli._common import not_built


def register(app: typer.Typer) -> None:
    @app.command(help="Quiz yourself on a selection of cards, due or not.")
    def quiz() -> None:
        not_built("quiz")

    @app.command(help="Review the cards due today (spaced repetition), then new ones.")
    def review() -> None:
        not_built("review")

    @app.command(help="A timed mock interview ending in a scorecard.")
    def mock() -> None:
        not_built("mock")

    @app.command(help="A lightning round of concept checks.")
    def drill() -> None:
        not_built("drill")
