"""The rating vocabulary: FSRS's four answers, one enum for the whole trainer.

Every place that names, keys, stores or grades a rating uses `Rating`: its
value is what the scheduler and the store keep (1-4), `label` is what a
learner reads (Again, Hard, Good, Easy) and `key` is what they type to give it.
"""
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

    @property
    def key(self) -> str:
        """The key that gives this rating at the reveal (the plain UI reads it as a line)."""
        return str(self.value)

    @classmethod
    def from_key(cls, key: str) -> Rating | None:
        """The rating a typed key stands for, or None when it is not one."""
        return next((r for r in cls if r.key == key), None)

    @classmethod
    def from_json(cls, value: object) -> Rating | None:
        """A stored rating (an int 1-4), or None when absent or not a rating."""
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
            return cls(value)
        return None
