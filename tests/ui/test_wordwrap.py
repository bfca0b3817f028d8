"""The answer box wraps at spaces: what is drawn is padded, what is typed is not."""
from __future__ import annotations

import pytest

from trainer.ui.wordwrap import wrap_chars

TEXT = "the context holds the current state and delegates every call to it"


def rows(text: str, room: int) -> list[str]:
    out, _ = wrap_chars([("", ch) for ch in text], room)
    drawn = "".join(t for _, t in out)
    return [drawn[i:i + room] for i in range(0, len(drawn), room)]


@pytest.mark.parametrize("room", [10, 17, 30, 58])
def test_no_word_is_cut_across_rows(room):
    lines = rows(TEXT, room)
    words = set(TEXT.split())
    for line in lines:
        for word in line.split():
            assert word in words, (room, line)
    assert " ".join(" ".join(lines).split()) == TEXT


def test_a_word_longer_than_a_row_still_wraps_by_characters():
    lines = rows("a " + "x" * 25, 10)
    assert "".join(lines).replace(" ", "") == "a" + "x" * 25


def test_cursor_positions_map_through_the_padding():
    chars = [("", ch) for ch in TEXT]
    out, positions = wrap_chars(chars, 17)
    drawn = "".join(t for _, t in out)
    assert all(drawn[positions[i]] == ch for i, (_, ch) in enumerate(chars))
    assert positions == sorted(positions)
