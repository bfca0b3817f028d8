"""Standard streams the trainer can always use, whatever it was started with.

A closed stdin or stdout (`<&-`, `>&-`) leaves Python with `None` for the
stream; an output encoding that is not UTF-8 (`PYTHONIOENCODING=ascii`, a
legacy terminal) cannot print a tick or a box line; a byte typed or piped
that is not UTF-8 cannot be decoded. None of these may end a session: a
closed stream becomes the null device (end of input pauses a session
cleanly), output falls back to plain ASCII look-alikes, and undecodable
input bytes become U+FFFD.
"""
from __future__ import annotations

import codecs
import io
import os
import sys

ERRORS = "trainer-ascii"

# What the trainer prints beyond ASCII, and a plain look-alike for each.
_LOOKALIKES = {
    "✔": "[x]", "✘": "[ ]", "→": "->", "←": "<-", "·": "-", "…": "...", "—": "--", "–": "-",
    "“": '"', "”": '"', "‘": "'", "’": "'", "•": "*", "▶": ">", "█": "#", "░": ".",
    "▁": "_", "▂": "_", "▃": "-", "▄": "-", "▅": "=", "▆": "=", "▇": "#", "≥": ">=", "≤": "<=",
}


def _ascii_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    import unicodedata  # only once something cannot be encoded

    out = []
    for ch in exc.object[exc.start:exc.end]:
        if ch in _LOOKALIKES:
            out.append(_LOOKALIKES[ch])
        elif "\u2500" <= ch <= "\u257f":            # box drawing: corners, rules, bars
            name = unicodedata.name(ch, "")
            out.append("|" if "VERTICAL" in name and "HORIZONTAL" not in name
                       else "-" if "HORIZONTAL" in name and "VERTICAL" not in name else "+")
        else:
            plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append(plain or "?")
    return "".join(out), exc.end


codecs.register_error(ERRORS, _ascii_fallback)


def _is_utf(encoding: str | None) -> bool:
    return (encoding or "").lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig")


def harden() -> None:
    """Make stdin, stdout and stderr safe to use for the rest of the process."""
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")
    elif isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="replace")
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
        elif isinstance(stream, io.TextIOWrapper) and not _is_utf(stream.encoding):
            stream.reconfigure(errors=ERRORS)


def output_is_ascii() -> bool:
    """Whether stdout falls back to ASCII (renderers may choose plainer output)."""
    return not _is_utf(getattr(sys.stdout, "encoding", None))
