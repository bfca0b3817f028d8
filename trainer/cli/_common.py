"""Small helpers shared by the command modules (kept import-light on purpose)."""
from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import typer

from trainer.errors import TrainerError
from trainer.invocation import program

if TYPE_CHECKING:
    from trainer.store import Store


def fit(text: str, stream, indent: str = "") -> str:
    """`text` wrapped at spaces to the terminal's width when `stream` is a terminal.

    A terminal folds a long line wherever the column ends, mid-word ("kat / as/vending");
    a pipe gets the lines as they are (scripts and tests read one line per message).
    """
    try:
        if not stream.isatty():
            return text
    except (AttributeError, ValueError):
        return text
    import shutil
    import textwrap

    width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
    return "\n".join(
        textwrap.fill(line, width, subsequent_indent=indent, break_long_words=False,
                      break_on_hyphens=False) if len(line) > width else line
        for line in text.split("\n"))


def echo(text: str, err: bool = False) -> None:
    """typer.echo, wrapped at spaces on a terminal (see `fit`)."""
    typer.echo(fit(text, sys.stderr if err else sys.stdout, "  "), err=err)


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


def check_choice(option: str, values, valid: list[str]):
    """Canonical value(s) for an option, matched in any case (`--level Junior` is junior).

    An unknown value is a one-line error (exit 2) listing the valid values.
    Returns what it was given (None, one string or a list) with each value
    replaced by its canonical spelling.
    """
    if values is None:
        return None
    by_fold = {v.casefold(): v for v in valid}
    out = []
    for value in [values] if isinstance(values, str) else values:
        canonical = by_fold.get(value.casefold())
        if canonical is None:
            raise TrainerError(f"unknown {option} {value!r} (valid: {', '.join(valid)})")
        out.append(canonical)
    return out[0] if isinstance(values, str) else out


# Every float option, with its inclusive range: (command, option) -> (low, high, unit).
# A float option takes only a finite value in its range (inf, nan and 1e9 are refused
# in one line): an endless timer is a loop, not a setting.
FLOAT_BOUNDS: dict[tuple[str, str], tuple[float, float, str]] = {
    ("mock", "--minutes"): (0.1, 120.0, "minutes"),
    ("drill", "--seconds"): (1.0, 3600.0, "seconds"),
    ("kata check", "--time-limit"): (1.0, 3600.0, "seconds"),
    ("kata check", "--test-time-limit"): (0.1, 600.0, "seconds"),
    ("kata watch", "--time-limit"): (1.0, 3600.0, "seconds"),
    ("kata watch", "--test-time-limit"): (0.1, 600.0, "seconds"),
}


def bounded(command: str, option: str, value: float) -> float:
    """`value` if it is finite and inside FLOAT_BOUNDS; else a one-line error (exit 2)."""
    import math

    low, high, unit = FLOAT_BOUNDS[(command, option)]
    if not math.isfinite(value) or not low <= value <= high:
        raise TrainerError(f"{option} must be a number of {unit} from {low:g} to {high:g}, "
                           f"not {value:g}", exit_code=2)
    return value


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


def next_hint(key: str, total: int) -> int:
    """Advance the hint counter stored under `key` and return the hint to show (1-based).

    The counter only grows, so asking again after the last hint shows the last one.
    """
    store = open_store()
    try:
        shown = int(store.get_meta(key, 0) or 0)
        number = min(shown + 1, total)
        store.set_meta(key, max(shown, number))
    finally:
        store.close()
    return number


def open_store() -> Store:
    """The progress store for this home (sqlite work is imported here, not at start-up)."""
    from trainer.store import Store

    return Store.open()
