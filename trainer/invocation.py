"""The program's name as the learner invoked it, for the commands our messages suggest.

A learner who typed `.venv/bin/trainer` gets told `.venv/bin/trainer quiz --resume`,
not a `trainer` their shell cannot find. `main()` records `sys.argv[0]` once; code
that suggests a command calls `program()`. Without a record (tests, embedding) it
is plain `trainer`.
"""
from __future__ import annotations

import os
import shutil

_program: str | None = None


def set_program(argv0: str | None) -> None:
    """Remember how this process was started (`sys.argv[0]`); None forgets it."""
    global _program
    _program = _name_for(argv0) if argv0 else None


def program() -> str:
    """The command to type to run the trainer again, as it was typed this time."""
    return _program or "trainer"


def _name_for(argv0: str) -> str:
    base = os.path.basename(argv0)
    if base in ("__main__.py", "-m", "-c"):  # python -m trainer
        return "python -m trainer"
    if os.sep not in argv0 and (os.altsep is None or os.altsep not in argv0):
        return argv0  # found on PATH
    found = shutil.which(base)
    if found and os.path.realpath(found) == os.path.realpath(argv0):
        return base  # typed with a path, but PATH finds the same program
    return argv0
