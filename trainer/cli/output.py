"""Writing messages: lines wrapped at spaces on a terminal, kept whole in a pipe."""
from __future__ import annotations

import sys
from typing import TextIO

import typer


def fit(text: str, stream: TextIO, indent: str = "") -> str:
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
