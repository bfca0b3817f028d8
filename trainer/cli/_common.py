"""Small helpers shared by the command modules (kept import-light on purpose)."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

import typer

from trainer.errors import TrainerError

if TYPE_CHECKING:
    from trainer.store import Store


def no_color() -> bool:
    """True when colour must be off (NO_COLOR set to anything, per no-color.org)."""
    return "NO_COLOR" in os.environ


def console(stderr: bool = False, plain: bool = False):
    """A rich Console honouring NO_COLOR and --plain (rich is imported here, not at start-up)."""
    from rich.console import Console

    if plain:
        return Console(file=sys.stderr if stderr else sys.stdout, no_color=True,
                       highlight=False, emoji=False, color_system=None, soft_wrap=True)
    # rich itself honours NO_COLOR; say so explicitly for readers of this code.
    return Console(stderr=stderr, no_color=no_color(), highlight=False)


def check_choice(option: str, values: str | Iterable[str] | None, valid: list[str]) -> None:
    """One-line error (exit 2) listing the valid values, for an unknown option value."""
    if values is None:
        return
    for value in [values] if isinstance(values, str) else values:
        if value not in valid:
            raise TrainerError(f"unknown {option} {value!r} (valid: {', '.join(valid)})")


def stdin_is_terminal() -> bool:
    """Whether there is a person to ask (tests replace this)."""
    return sys.stdin.isatty()


def confirm(question: str, yes: bool, command: str) -> None:
    """Ask on the terminal; without one, refuse (exit 2) unless --yes, rather than hang."""
    if yes:
        return
    if not stdin_is_terminal():
        raise TrainerError(f"`trainer {command}` needs confirmation: run it in a terminal, "
                           "or pass --yes", exit_code=2)
    if not typer.confirm(question, default=False):
        raise TrainerError("cancelled; nothing was changed", exit_code=1)


def open_store() -> Store:
    """The progress store for this home (sqlite work is imported here, not at start-up)."""
    from trainer.store import Store

    return Store.open()
