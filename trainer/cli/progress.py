"""Progress commands: stats, backups, export/import, reset, unsuspend."""
from __future__ import annotations

import typer

from trainer.cli._common import not_built


def register(app: typer.Typer) -> None:
    @app.command(help="Your progress: cards by state, retention, forecast, streak.")
    def stats() -> None:
        not_built("stats")
