"""The rich Console every screen prints on: colour policy (NO_COLOR, --plain) in one place.

It sits in `ui` so both the command layer and the session UIs use it without the UI
importing from `cli` (imports point down: cli -> ui).
"""
from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def no_color() -> bool:
    """True when colour must be off (NO_COLOR set to anything, per no-color.org)."""
    return "NO_COLOR" in os.environ


def console(stderr: bool = False, plain: bool = False) -> Console:
    """A rich Console honouring NO_COLOR and --plain (rich is imported here, not at start-up)."""
    from rich.console import Console

    if plain:
        return Console(file=sys.stderr if stderr else sys.stdout, no_color=True,
                       highlight=False, emoji=False, color_system=None, soft_wrap=True)
    # rich itself honours NO_COLOR; say so explicitly for readers of this code.
    return Console(stderr=stderr, no_color=no_color(), highlight=False)
