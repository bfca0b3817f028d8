"""Asking the person at the terminal, and refusing (exit 2) when there is nobody to ask."""
from __future__ import annotations

import sys

import typer

from trainer.errors import TrainerError
from trainer.invocation import program


def stdin_is_terminal() -> bool:
    """Whether there is a person to ask (tests replace this)."""
    return sys.stdin.isatty()


def confirm(question: str, yes: bool, command: str) -> None:
    """Ask on the terminal; without one, refuse (exit 2) unless --yes, rather than hang."""
    if yes:
        return
    if not stdin_is_terminal():
        raise TrainerError(f"`{program()} {command}` needs confirmation: run it in a terminal, "
                           "or pass --yes", exit_code=2)
    if not typer.confirm(question, default=False):
        raise TrainerError("cancelled; nothing was changed", exit_code=1)
