"""The one way tests drive the `trainer` command in-process.

`run_cli("stats", "--json")` goes through `trainer.cli.main`, the console entry point, so
usage errors, `TrainerError`s and crashes are turned into the one-line messages and exit
codes a user sees (a typer `CliRunner` on `trainer.cli.app` would skip that layer). Stdout
and stderr are captured separately. Tests that need a real process (signals, a tty, an
installed package, a crash mid-write) use `tests.helpers.proc.trainer` instead.
"""
from __future__ import annotations

import io
import os
import sys
from collections.abc import Mapping
from typing import NamedTuple
from unittest import mock


class Result(NamedTuple):
    """What one run printed and how it ended; unpacks as `code, out, err`."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Both streams, stdout first (for checks that do not care where a line went)."""
        return self.stdout + self.stderr


class _Capture(io.TextIOWrapper):
    """A text stream like the terminal's (utf-8, not a tty) that keeps what was written."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", newline="", write_through=True)

    def getvalue(self) -> str:
        self.flush()
        buffer = self.buffer
        assert isinstance(buffer, io.BytesIO)
        return buffer.getvalue().decode("utf-8")


def _exit_code(exc: SystemExit) -> int:
    """The status the shell would see for `sys.exit(code)`."""
    if exc.code is None:
        return 0
    return exc.code if isinstance(exc.code, int) else 1


def run_cli(*args: str, stdin: str | None = None, env: Mapping[str, str] | None = None,
            tty: bool = False, argv0: str | None = None) -> Result:
    """Run `trainer ARGS` through `trainer.cli.main` and return its exit code and output.

    `stdin` is what the user types (nothing by default); `env` adds or replaces
    environment variables for this run only (COLUMNS is 80 unless given, so rich wraps as
    it does in CI); `tty` says whether the CLI believes a person is at the keyboard (its
    confirmation prompts); `argv0` runs `main()` as the console script does, reading the
    program name and arguments from `sys.argv`.
    """
    from trainer.cli import ask, main

    out, err = _Capture(), _Capture()
    environ = {"COLUMNS": "80", **(env or {})}
    argv = [argv0, *args] if argv0 is not None else sys.argv
    with mock.patch.dict(os.environ, environ), \
            mock.patch.object(ask, "stdin_is_terminal", lambda: tty), \
            mock.patch.object(sys, "stdin", io.StringIO(stdin or "")), \
            mock.patch.object(sys, "stdout", out), mock.patch.object(sys, "stderr", err), \
            mock.patch.object(sys, "argv", argv):
        try:
            if argv0 is not None:
                main()
            else:
                main(list(args))
            code = 0
        except SystemExit as exc:
            code = _exit_code(exc)
    return Result(code, out.getvalue(), err.getvalue())
