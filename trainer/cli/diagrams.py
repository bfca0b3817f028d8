"""`trainer fsm`: the trainer's own machines, as Mermaid text or a table."""
from __future__ import annotations

import typer

from trainer.errors import TrainerError

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


@app.command("list")
def list_() -> None:
    """List the machines the trainer is built on."""
    from trainer.machine_registry import MACHINES

    for name, (_, summary) in MACHINES.items():
        typer.echo(f"{name:<10} {summary}")


@app.command()
def show(
    name: str = typer.Argument(..., help="A machine name (see `trainer fsm list`)."),
    table: bool = typer.Option(False, "--table", help="Show the transition table instead of Mermaid."),
) -> None:
    """Print a machine's transition table as Mermaid stateDiagram-v2 text (or a table)."""
    from trainer.machine_registry import MACHINES, canonical_name, load_definition

    known = canonical_name(name)
    if known is None:
        raise TrainerError(f"unknown machine {name!r} (known: {', '.join(MACHINES)})")
    definition = load_definition(known)
    if not table:
        typer.echo(definition.to_mermaid(), nl=False)
        return
    from rich.table import Table

    from trainer.ui.console import console

    t = Table(title=f"{definition.name} transitions", show_lines=False)
    for col in ("from", "event", "to", "guard", "action"):
        t.add_column(col)
    for row in definition.table_rows():
        t.add_row(*row)
    console().print(t)
    from trainer.fsm import CALLBACK_ORDER

    typer.echo(f"Rows of one (from, event) pair are tried in order; the first whose guard "
               f"holds fires.\nEach transition runs: {CALLBACK_ORDER}.\n"
               f"Events sent from a callback are queued until the transition completes.")
