"""How the bank reports what is wrong with a pack: one line per problem, one error.

Every stage of a load (reading files, checking cards, cross-references) appends
`file:line: field: message` lines to one list instead of raising at the first,
so an author sees every problem of a pack in one run; the load then fails once,
with a `BankError` (exit 2 at the CLI). This module holds that error and the
words the lines use, so the stages word problems alike.
"""
from __future__ import annotations

from collections.abc import Sequence

from trainer.errors import TrainerError

MAX_ERRORS = 50
"""Problems shown in the error's message (the rest are counted)."""

_TYPE_NAMES: dict[type, str] = {
    list: "a list", dict: "a mapping", str: "a string", int: "a number",
    float: "a number", bool: "true/false", type(None): "nothing",
}


class BankError(TrainerError):
    """The bank could not be loaded; `problems` holds one line per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = self.problems[:MAX_ERRORS]
        more = len(self.problems) - len(shown)
        text = "\n".join(shown) + (f"\n... and {more} more" if more > 0 else "")
        super().__init__(text, exit_code=2)


def type_name(value: object) -> str:
    """What a YAML value is, in a pack author's words ("a list", "true/false")."""
    return _TYPE_NAMES.get(type(value), type(value).__name__)
