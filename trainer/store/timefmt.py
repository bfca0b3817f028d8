"""How instants are written to and read from the store.

One fixed-width UTC text format, so that comparing the text compares the
instants (indexes and `BETWEEN` work) and a person reading the file with
`sqlite3` sees real dates. Naive datetimes are refused: they are the classic
source of off-by-hours bugs around day roll-over and DST.
"""
from __future__ import annotations

from datetime import UTC, datetime

FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def to_db(dt: datetime) -> str:
    """A timezone-aware datetime as stored text (always UTC)."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"naive datetime {dt!r}: the store only takes timezone-aware datetimes")
    return dt.astimezone(UTC).strftime(FORMAT)


def from_db(text: str) -> datetime:
    """Stored text back to an aware UTC datetime (tzinfo is exactly `timezone.utc`).

    Only `FORMAT` is accepted (ValueError otherwise; TypeError for non-text):
    its separators are checked in place and `fromisoformat` (which reads the
    trailing Z as UTC) checks the digits, about twenty times faster than
    `strptime`, which matters because `stats` reads every card's times.
    """
    if not isinstance(text, str):
        raise TypeError(f"stored time must be text, not {type(text).__name__}")
    if (len(text) != 27 or text[4] != "-" or text[7] != "-" or text[10] != "T"
            or text[13] != ":" or text[16] != ":" or text[19] != "." or text[26] != "Z"
            or not text.isascii() or not text[20:26].isdigit()):
        raise ValueError(f"time data {text!r} does not match format {FORMAT!r}")
    return datetime.fromisoformat(text)


def utc(dt: datetime) -> datetime:
    """`dt` converted to UTC, refusing naive datetimes (fsrs requires `timezone.utc`)."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"naive datetime {dt!r}: pass a timezone-aware (UTC) datetime")
    return dt.astimezone(UTC)


def now_utc() -> datetime:
    return datetime.now(UTC)
