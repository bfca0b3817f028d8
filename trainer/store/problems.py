"""Rows of the store that cannot be read, skipped and named once.

One bad row (a session payload that is not JSON, a kata run with a broken
timestamp) must not take the home screen, `export` or `--resume` down with
it: readers skip it and report it here. Each row is named once per process.
The store never writes to the terminal; the command line sets a sink that
prints one `warning:` line per row (tests read `skipped()`).
"""
from __future__ import annotations

from collections.abc import Callable

_seen: dict[tuple[str, str], str] = {}
_sink: Callable[[str], None] | None = None


def set_sink(sink: Callable[[str], None] | None) -> None:
    """Where the one line per skipped row goes (None: collected only)."""
    global _sink
    _sink = sink


def report(table: str, key: object, why: str) -> None:
    """Note that row `key` of `table` was skipped because of `why` (once per row)."""
    ident = (table, str(key))
    if ident in _seen:
        return
    _seen[ident] = why
    if _sink is not None:
        _sink(f"skipped unreadable row {key} of {table} in your progress ({why})")


def skipped() -> dict[tuple[str, str], str]:
    """(table, key) -> why, for every row skipped so far in this process."""
    return dict(_seen)


def clear() -> None:
    _seen.clear()
