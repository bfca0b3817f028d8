"""Soft word wrap for prompt_toolkit's answer box: lines break at spaces, not mid-word.

prompt_toolkit wraps a long line at the last column, cutting a word in two. This
processor pads the space before a word that would not fit with blanks, so the word
starts on the next screen row instead. Only what is drawn changes: the text the
learner typed (and submits) is untouched, and the cursor maps through the padding.
"""
from __future__ import annotations

from bisect import bisect_right

from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput


class WordWrapProcessor(Processor):
    """Pad lines so prompt_toolkit's character wrap falls between words.

    `prefix` is the width of the prompt/continuation drawn before every row (it
    narrows the room the text has).
    """

    def __init__(self, prefix: int = 2) -> None:
        self.prefix = prefix

    def apply_transformation(self, ti: TransformationInput) -> Transformation:
        room = ti.width - self.prefix
        chars = [(style, ch) for style, text, *_ in ti.fragments for ch in text]
        if room < 8 or len(chars) <= room:
            return Transformation(ti.fragments)
        out, positions = wrap_chars(chars, room)

        def to_display(i: int) -> int:
            return positions[i] if i < len(positions) else len(out) + i - len(positions)

        def to_source(j: int) -> int:
            return max(0, bisect_right(positions, j) - 1) if j < len(out) else len(positions) + j - len(out)

        return Transformation(out, source_to_display=to_display, display_to_source=to_source)


def wrap_chars(chars: list[tuple[str, str]], room: int) -> tuple[StyleAndTextTuples, list[int]]:
    """(padded fragments, output index of every input char) for rows `room` wide."""
    out: StyleAndTextTuples = []
    positions: list[int] = []
    col = size = 0  # the current row's column, and the output's length so far
    n = len(chars)
    for i, (style, ch) in enumerate(chars):
        starts_word = ch != " " and (i == 0 or chars[i - 1][1] == " ")
        if starts_word and col:
            end = i
            while end < n and chars[end][1] != " ":
                end += 1
            length = end - i
            if col + length > room and length <= room:
                out.append(("", " " * (room - col)))
                size += room - col
                col = 0
        positions.append(size)
        out.append((style, ch))
        size += 1
        col += 1
        if col == room:
            col = 0
    return out, positions
