"""Small helpers shared by the command modules (kept import-light on purpose)."""
from __future__ import annotations

import os
import sys

from trainer.errors import TrainerError


def not_built(command: str) -> None:
    """Stand-in for a command whose feature has not landed yet."""
    raise TrainerError(f"`trainer {command}` is not built yet in this version", exit_code=2)


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
