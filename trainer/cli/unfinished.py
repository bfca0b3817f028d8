"""`trainer sessions`: the unfinished sessions, listed or dropped.

Parsing and rendering only; the work is in `trainer.sessions.paused`.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer

from trainer.cli import complete
from trainer.cli.store_access import open_store
from trainer.errors import TrainerError
from trainer.invocation import program

if TYPE_CHECKING:
    from trainer.sessions.paused import SessionStore, Unfinished

app = typer.Typer(rich_markup_mode=None, invoke_without_command=True,
                  context_settings={"help_option_names": ["-h", "--help"]})


def stale_note(dropped: list[Unfinished]) -> str | None:
    """The one line said when stale sessions were dropped automatically."""
    if not dropped:
        return None
    from trainer.sessions.paused import STALE_DAYS

    n = len(dropped)
    return (f"note: dropped {n} unfinished session{'s' if n != 1 else ''} untouched for over "
            f"{STALE_DAYS} days ({', '.join(s.kind for s in dropped)})")


def drop_stale_with_note(store: SessionStore) -> None:
    from datetime import UTC, datetime

    from trainer.sessions.paused import drop_stale

    note = stale_note(drop_stale(store, datetime.now(UTC)))
    if note:
        typer.echo(note, err=True)


@app.callback()
def list_(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
) -> None:
    """Unfinished sessions (kind, started, position, state); `drop` removes them."""
    if ctx.invoked_subcommand is not None:
        return
    from trainer.sessions.paused import unfinished

    with open_store() as store:
        drop_stale_with_note(store)
        found = unfinished(store)
    if as_json:
        typer.echo(json.dumps([s.to_json() for s in found], indent=2))
        return
    if not found:
        typer.echo("No unfinished sessions.")
        return
    from rich.table import Table

    from trainer.ui.console import console

    table = Table(box=None, pad_edge=False)
    for col in ("id", "kind", "started", "position", "state"):
        table.add_column(col, no_wrap=True)
    for s in found:
        table.add_row(s.id, s.kind, s.started.astimezone().strftime("%Y-%m-%d %H:%M"),
                      f"card {s.position} of {s.total}", s.state)
    out = console()
    out.print(table)
    out.print(f"Continue the newest of a kind with `{program()} KIND --resume`; "
              f"drop one with `{program()} sessions drop ID` (or --all).", style="dim",
              markup=False)


@app.command()
def drop(
    session_id: str | None = typer.Argument(None, metavar="ID", autocompletion=complete.session_ids, help="A session id from `trainer sessions`."),
    all_: bool = typer.Option(False, "--all", help="Drop every unfinished session."),
) -> None:
    """Drop an unfinished session (its graded answers stay in your progress)."""
    from trainer.sessions import paused

    if all_ == (session_id is not None):
        raise TrainerError("give one session ID or --all", exit_code=2)
    with open_store() as store:
        if all_:
            gone = paused.drop_all(store)
            typer.echo(f"Dropped {len(gone)} unfinished session{'s' if len(gone) != 1 else ''}.")
            return
        one = paused.drop(store, session_id or "")
    if one is None:
        raise TrainerError(f"no unfinished session {session_id!r} (see `{program()} sessions`)",
                           exit_code=2)
    typer.echo(f"Dropped the {one.kind} session {one.id} (card {one.position} of {one.total}); "
               "its graded answers stay in your progress.")
