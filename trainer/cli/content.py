"""`trainer content`: validate, list, show the bank, and print its JSON Schema."""
from __future__ import annotations

import json

import typer

from trainer.cli import complete
from trainer.cli.options import check_choice
from trainer.errors import TrainerError
from trainer.invocation import program

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


@app.command()
def check(
    paths: list[str] | None = typer.Argument(
        None, help="Pack files or directories to validate (default: the bundled bank)."),
) -> None:
    """Validate packs: YAML, schema, ids, cross-references. Exit 2 on any problem."""
    from pathlib import Path

    from trainer.bank import BankError, load_bank
    from trainer.kata_runner.catalog import slugs

    # Checked together with the bundled bank: that is how they will be used, so id
    # collisions and links to bundled questions are checked too; a live-coding card
    # must name a kata the kata runner has.
    extra = [Path(p) for p in paths or ()]
    try:
        bank = load_bank(extra, strict=True, kata_slugs=slugs())
    except BankError as exc:
        for line in exc.message.splitlines():
            typer.echo(f"error: {line}", err=True)
        raise typer.Exit(2) from None
    user = [c for c in bank if c.pack != "core"]
    files = len(bank.sources)
    typer.echo(f"ok: {len(bank)} cards in {files} file{'s' if files != 1 else ''}"
               + (f" ({len(user)} from user packs)" if user else ""))


@app.command("list")
def list_(
    kind: str | None = typer.Option(None, "--kind", "-k", autocompletion=complete.kinds, help="question, follow_up, concept_check, red_flag, strong_signal, live_coding"),
    level: str | None = typer.Option(None, "--level", "-l", autocompletion=complete.levels, help="junior, middle, senior, staff"),
    tag: str | None = typer.Option(None, "--tag", "-t", autocompletion=complete.tags, help="Only cards with this tag."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list instead of a table."),
) -> None:
    """List cards, optionally filtered by kind, level and tag."""
    from trainer.bank import KINDS, LEVELS, load_bank

    kind = check_choice("kind", kind, list(KINDS))
    level = check_choice("level", level, list(LEVELS))
    bank = load_bank()
    tag = check_choice("tag", tag, bank.tags())
    cards = bank.select(kinds=[kind] if kind else None, levels=[level] if level else None,
                        tags=[tag] if tag else None)
    if as_json:
        typer.echo(json.dumps([
            {"id": c.id, "kind": c.kind, "level": c.level, "tags": list(c.tags), "prompt": c.prompt,
             "parent": c.parent, "kata": c.kata, "pack": c.pack}
            for c in cards
        ], indent=2, ensure_ascii=False))
        return
    from rich.table import Table

    from trainer.ui.console import console

    out = console()
    id_width = max((len(c.id) for c in cards), default=2)
    widths = (id_width, 13, 6)
    room = max(10, out.width - sum(widths) - 2 * len(widths))
    table = Table(box=None, pad_edge=False, show_edge=False)
    for name, width in zip(("id", "kind", "level"), widths):
        table.add_column(name, width=width, no_wrap=True, style="bold" if name == "id" else None)
    table.add_column("prompt", width=room, no_wrap=True)
    for c in cards:
        prompt = " ".join(c.prompt.split())
        if len(prompt) > room:
            prompt = prompt[: room - 1] + "…"
        table.add_row(c.id, c.kind, c.level or "-", prompt)
    out.print(table)
    out.print(f"{len(cards)} card{'s' if len(cards) != 1 else ''}", style="dim")


@app.command()
def show(card_id: str = typer.Argument(..., metavar="ID", autocompletion=complete.card_ids, help="A card id (see `trainer content list`).")) -> None:
    """Show one card: prompt, model answer, detail with highlighted Go, key points."""
    from trainer.bank import load_bank
    from trainer.ui.cards import card_panel
    from trainer.ui.console import console

    bank = load_bank()
    card = bank.get(card_id)
    if card is None:
        import difflib

        close = difflib.get_close_matches(card_id, list(bank.cards), n=3, cutoff=0.5)
        hint = f" (did you mean {', '.join(close)}?)" if close else f" (see `{program()} content list`)"
        raise TrainerError(f"no card with id {card_id!r}{hint}")
    console().print(card_panel(card, bank))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the pack format (point your editor's YAML plugin at it)."""
    from trainer.bank.json_schema import pack_schema

    typer.echo(json.dumps(pack_schema(), indent=2))
