"""The `trainer` command line: parse, call the core, render. Nothing else.

One module per command group (typer's recommended layout). Every module here
imports only typer and light stdlib at import time; rich, prompt_toolkit, fsrs
and sqlite work are imported inside the commands that use them, so
`trainer --help` starts fast.
"""
from __future__ import annotations

import os
import sys

import typer

from trainer import __version__
from trainer.errors import TrainerError

app = typer.Typer(
    name="trainer",
    help="Practise State-pattern and FSM interview questions in the terminal.",
    no_args_is_help=False,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"trainer {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool | None = typer.Option(
        None, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    home: str | None = typer.Option(
        None, "--home", metavar="DIR",
        help="Where progress lives (overrides TRAINER_HOME and the default data dir).",
    ),
    content: list[str] | None = typer.Option(
        None, "--content", metavar="PATH",
        help="A user pack (file or directory) added to the bundled bank; repeatable. "
             "TRAINER_CONTENT adds more (a path list).",
    ),
) -> None:
    """Practise State-pattern and FSM interview questions in the terminal."""
    from trainer.cli import streams
    from trainer.paths import set_extra_content, set_home_override
    from trainer.store import problems

    # Here, not in main(): `trainer --help` never gets this far and stays light.
    streams.harden()
    problems.set_sink(_print_warning)

    if home is not None:
        _check_home(home)
    set_home_override(home)
    set_extra_content(content)
    if ctx.invoked_subcommand is None:
        from trainer.cli.home import show_home

        show_home()


def _check_home(home: str) -> None:
    """`--home ""` must not mean "the default", and a file is not a home."""
    from pathlib import Path

    if not home.strip():
        raise TrainerError("--home needs a directory, not an empty string", exit_code=2)
    path = Path(home).expanduser()
    if path.exists() and not path.is_dir():
        raise TrainerError(f"--home {home}: not a directory", exit_code=2)


# Options of the `trainer` group itself, accepted after the command too
# (`trainer stats --home X` means `trainer --home X stats`).
GLOBAL_OPTIONS = ("--home", "--content")


def hoist_global_options(argv: list[str]) -> list[str]:
    """Move global options found after the command to the front, values and all."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            if "=" in arg:
                front.append(arg)
                i += 1
                continue
            front += argv[i:i + 2]
            i += 2
            continue
        rest.append(arg)
        i += 1
    return front + rest


def _register() -> None:
    from trainer.cli import (
        content,
        diagrams,
        grade,
        interview,
        kata,
        optimize,
        practice,
        progress,
        unfinished,
    )

    practice.register(app)
    interview.register(app)
    app.add_typer(unfinished.app, name="sessions", help="List or drop unfinished sessions.")
    app.add_typer(kata.app, name="kata", help="Coding katas checked by hidden test suites.")
    progress.register(app)
    optimize.register(app)
    app.add_typer(content.app, name="content", help="Inspect and validate the question bank.")
    app.add_typer(diagrams.app, name="fsm", help="Show the trainer's own state machines.")
    grade.register(app)


_register()


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: turn user-facing errors into one line and an exit code."""
    from trainer.invocation import set_program

    if argv is None:
        set_program(sys.argv[0])
        argv = sys.argv[1:]
    try:
        # prog_name stays "trainer": it names the completion variable (_TRAINER_COMPLETE).
        app(args=hoist_global_options(list(argv)), prog_name="trainer")
    except TrainerError as exc:
        _print_error(exc.message)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _print_error("interrupted")
        sys.exit(130)
    except BrokenPipeError:  # `trainer ... | head`: the reader left; nothing to report
        sys.stdout = open(os.devnull, "w")
        sys.exit(0)
    except Exception as exc:  # last resort: never greet a user with a traceback
        if os.environ.get("TRAINER_DEBUG"):
            raise
        _print_error(f"internal error: {type(exc).__name__}: {exc} (set TRAINER_DEBUG=1 for details)")
        sys.exit(70)


def _print_warning(message: str) -> None:
    sys.stderr.write(f"warning: {message}\n")


def _print_error(message: str) -> None:
    from trainer.cli.output import fit

    for line in message.splitlines() or [""]:
        sys.stderr.write(fit(f"error: {line}", sys.stderr, "       ") + "\n")
