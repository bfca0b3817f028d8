"""Rich renderings of bank cards, shared by `content show` and the session screens."""
from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.text import Text

from trainer.bank import Bank, Card
from trainer.invocation import program
from trainer.ui.session_text import card_heading


def card_header(card: Card) -> Text:
    header = Text(card_heading(card), style="bold cyan")
    if card.tags:
        header.append("   " + " ".join(f"#{t}" for t in card.tags), style="dim")
    return header


def markdown(text: str) -> Markdown:
    return Markdown(text, code_theme="monokai", inline_code_lexer="go")


def card_panel(card: Card, bank: Bank | None = None) -> Panel:
    """The whole card, as `trainer content show` prints it."""
    parts: list[RenderableType] = [card_header(card), Text(""), markdown(f"**{card.prompt}**"), Text("")]
    parts += [Text("Answer", style="bold green"), markdown(card.answer)]
    if card.looks_like:
        parts += [Text(""), Text("What it looks like", style="bold yellow"), markdown(card.looks_like)]
    if card.detail:
        parts += [Text(""), Text("Detail", style="bold green"), markdown(card.detail)]
    if card.key_points:
        parts += [Text(""), Text("Key points", style="bold green")]
        parts += [Text(f"  • {kp.text}") for kp in card.key_points]
    if card.kata:
        parts += [Text(""), Text(f"Practise it: {program()} kata start {card.kata}", style="bold")]
    if bank is not None:
        if card.parent and card.parent in bank:
            parts += [Text(""), Text(f"Follow-up to {card.parent}", style="dim")]
        follow = bank.follow_ups(card.id)
        if follow:
            parts += [Text(""), Text("Follow-ups: " + ", ".join(f.id for f in follow), style="dim")]
    return Panel(Group(*parts), title=card.id, title_align="left", expand=True)
