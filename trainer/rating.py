"""The rating vocabulary: FSRS's four answers, one enum for the whole trainer."""
from __future__ import annotations

from enum import IntEnum


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


RATING_NAMES: dict[int, str] = {int(r): r.label for r in Rating}
