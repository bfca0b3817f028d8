"""The one exception type the command line turns into a one-line message.

Core modules raise `TrainerError` (or a subclass) for anything a user can cause:
bad input, a missing file, a store that is not ours. The CLI catches it at the top,
prints `error: <message>` on one line and exits with `exit_code`. Nothing else
should need to know how errors reach the terminal.
"""
from __future__ import annotations


class TrainerError(Exception):
    """A user-facing failure: one line of text and an exit status."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__
