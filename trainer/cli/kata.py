"""`trainer kata` commands."""
from __future__ import annotations

import typer

from trainer.cli._common import not_built

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


@app.command("list")
def list_() -> None:
    """List them."""
    not_built("kata list")
