"""`trainer kata`: coding katas checked by hidden test suites (the commands).

Parsing, and the Python track's side of each command; the Go track's side is
`kata_go.py`. The shared steps live by job: `kata_check.py` (check and watch, both
tracks), `kata_render.py` (the report on a Console), `kata_list.py` (the list); the
work itself is in `trainer.kata_runner`. Heavy modules (rich, yaml, the store,
watchfiles) are imported inside the commands, so `trainer --help` stays fast.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from trainer.cli import complete
from trainer.cli.ask import confirm
from trainer.cli.options import bounded
from trainer.cli.output import echo
from trainer.cli.store_access import open_store
from trainer.errors import TrainerError
from trainer.invocation import program

if TYPE_CHECKING:
    from trainer.cli.kata_check import Background, Target
    from trainer.kata_runner.catalog import Kata
    from trainer.kata_runner.limits import Limits
    from trainer.store.progress_file import Store

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})

SLUG_HELP = "The kata, e.g. vending or order-workflow (see `trainer kata list`)."
LANG_OPTION = typer.Option(None, "--lang", metavar="LANG",
                           help="python or go (default: python, or what your workspace holds).")
TIME_HELP = "Wall-clock limit for the whole run."
TEST_TIME_HELP = "Wall-clock limit for each test."
MEMORY_HELP = "Memory limit of the test process (address space; data for Go)."


# --- the Python track's workspace ------------------------------------------------------


def _kata(slug: str) -> Kata:
    from trainer.kata_runner.catalog import get_kata

    return get_kata(slug)


def _dir_key(slug: str) -> str:
    return f"kata.dir.{slug}"


def _hints_key(slug: str) -> str:
    return f"kata.hints.{slug}"


def workspace_dir(kata: Kata, store: Store | None) -> Path:
    """Where the learner's file lives: the remembered `--dir`, else the default."""
    from trainer.kata_runner.workspace import default_dir

    remembered = store.get_meta(_dir_key(kata.slug)) if store is not None else None
    return Path(remembered) if remembered else default_dir(kata.slug)


def started(kata: Kata, store: Store | None) -> bool:
    """Has the learner a Python workspace file for this kata?"""
    from trainer.kata_runner.workspace import solution_path

    return solution_path(kata, workspace_dir(kata, store)).is_file()


def _display(path: Path) -> str:
    from trainer.cli.kata_check import display

    return display(path)


def _lang(lang: str | None, kata: Kata, path: Path | None = None) -> str:
    from trainer.cli.kata_go import resolve_lang

    return resolve_lang(lang, kata, path)


def _passed(kata: Kata, lang: str = "python") -> bool:
    from trainer.kata_status import Standing

    store = open_store()
    try:
        record = store.kata_summary(lang).get(kata.slug)
    finally:
        store.close()
    return record is not None and record.status is Standing.PASSED


# --- list ------------------------------------------------------------------------------


@app.command("list")
def list_(
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
) -> None:
    """Each kata with its status, last and best result."""
    import json

    from trainer.cli import kata_list
    from trainer.kata_runner.catalog import load_catalog

    store = open_store()
    try:
        listed = kata_list.rows(load_catalog(), store)
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(kata_list.as_json(listed), indent=2))
        return
    from trainer.ui.console import console as make_console

    kata_list.draw(make_console(), listed)


# --- start / reset ---------------------------------------------------------------------


@app.command()
def start(
    slug: str = typer.Argument(..., autocompletion=complete.kata_slugs, help=SLUG_HELP),
    directory: str | None = typer.Option(
        None, "--dir", metavar="DIR",
        help="Where to put the starter file and the task (default: under the trainer's home)."),
    force: bool = typer.Option(False, "--force",
                               help="Replace your existing file with the starter (a backup is kept)."),
    lang: str | None = LANG_OPTION,
) -> None:
    """Write the starter file and the task (README.md, or KATA.md beside your own README)."""
    from trainer.kata_runner.workspace import start as start_workspace

    kata = _kata(slug)
    if directory is not None and not directory.strip():
        raise TrainerError("--dir needs a directory, not an empty string", exit_code=2)
    if lang is not None and _lang(lang, kata) == "go":
        from trainer.cli import kata_go

        return kata_go.start(kata, Path(directory) if directory is not None else None, force)
    store = open_store()
    try:
        target = (Path(directory).expanduser() if directory is not None
                  else workspace_dir(kata, store))
        result = start_workspace(kata, target, force=force)
        store.set_meta(_dir_key(kata.slug), str(result.directory.resolve()))
    finally:
        store.close()
    sol = _display(result.solution)
    for saved in result.backups:
        echo(f"Backed up your old file to {_display(saved)}")
    if result.solution in result.kept:
        echo(f"{kata.title}: already started.\nYour file {sol} was left as it is\n"
             "(--force replaces it with the starter, keeping a backup).")
    else:
        echo(f"{kata.title}: wrote the starter to {sol}")
    task = _display(result.task)
    if result.task.name != "README.md":
        echo(f"The task is in {task} (your README.md there was left alone)")
    elif result.task in result.written:
        echo(f"The task is in {task}")
    elif result.task in result.kept:
        echo(f"The task is in {task} (kept as it was)")
    echo(f"Check it:       {program()} kata check {kata.slug}\n"
         f"On every save:  {program()} kata watch {kata.slug}")


@app.command()
def reset(
    slug: str = typer.Argument(..., autocompletion=complete.kata_slugs, help=SLUG_HELP),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    lang: str | None = LANG_OPTION,
) -> None:
    """Put the starter back in place of your file (keeps a backup)."""
    from trainer.kata_runner.workspace import reset as reset_workspace
    from trainer.kata_runner.workspace import solution_path

    kata = _kata(slug)
    if _lang(lang, kata) == "go":
        from trainer.cli import kata_go

        return kata_go.reset(kata, yes)
    store = open_store()
    try:
        directory = workspace_dir(kata, store)
    finally:
        store.close()
    reset_file(solution_path(kata, directory), lambda: reset_workspace(kata, directory), yes,
               start_hint=f"{program()} kata start {kata.slug}", command=f"kata reset {kata.slug}")


def reset_file(target: Path, restore: Callable[[], Path], yes: bool, *, start_hint: str,
               command: str) -> None:
    """Both tracks' reset: confirm, put the starter back (`restore` keeps a backup), say so."""
    if not target.is_file():
        raise TrainerError(f"nothing to reset: {_display(target)} does not exist "
                           f"(run `{start_hint}`)")
    confirm(f"Replace {_display(target)} with the starter? (a backup is kept)", yes, command)
    saved = restore()
    typer.echo(f"Backed up your file to {_display(saved)}")
    typer.echo(f"{_display(target)} is the starter again.")


@app.command()
def hint(slug: str = typer.Argument(..., autocompletion=complete.kata_slugs, help=SLUG_HELP),
         lang: str | None = LANG_OPTION) -> None:
    """Show the next hint (three per kata, each more direct)."""
    kata = _kata(slug)
    if _lang(lang, kata) == "go":
        from trainer.cli import kata_go

        return kata_go.hint(kata)
    if not kata.hints:
        raise TrainerError(f"{kata.slug} has no hints")

    def last() -> str:  # the store is read only after the last hint
        if _passed(kata):
            return (f"That was the last hint. You have passed already: `{program()} kata "
                    f"solution {kata.slug}` shows the reference.")
        return (f"That was the last hint. After a pass, `{program()} kata solution "
                f"{kata.slug}` shows the reference.")

    show_hint(kata.hints, _hints_key(kata.slug), f"for {kata.slug}", last)


def show_hint(hints: tuple[str, ...], key: str, title: str, last: Callable[[], str]) -> None:
    """Both tracks' hint: advance the counter under `key`, print that hint, and after
    the last one the line `last()` says."""
    from trainer.cli.store_access import next_hint
    from trainer.ui.console import console as make_console

    number = next_hint(key, len(hints))
    console = make_console()
    console.print(f"Hint {number} of {len(hints)} {title}", style="bold")
    console.print(hints[number - 1], markup=False, highlight=False)
    if number == len(hints):
        console.print(last(), style="dim", markup=False)


@app.command()
def solution(
    slug: str = typer.Argument(..., autocompletion=complete.kata_slugs, help=SLUG_HELP),
    force: bool = typer.Option(False, "--force", help="Show it even before you have passed."),
    lang: str | None = LANG_OPTION,
) -> None:
    """Print the reference solution (after a pass, or with --force)."""
    from trainer.kata_status import Standing

    kata = _kata(slug)
    if _lang(lang, kata) == "go":
        from trainer.cli import kata_go

        return kata_go.solution(kata, force)
    if not force:
        store = open_store()
        try:
            record = store.kata_summary().get(kata.slug)
            begun = record is not None or started(kata, store)
        finally:
            store.close()
        if record is None or record.status is not Standing.PASSED:
            first = (f"`{program()} kata check {kata.slug}`" if begun
                     else f"`{program()} kata start {kata.slug}`, then `kata check`")
            raise TrainerError(f"pass the kata first ({first}), "
                               "or use --force to see the reference now", exit_code=1)
    print_reference(kata.reference, f"# reference solution of {kata.slug} ({kata.module})")


def print_reference(path: Path, heading: str) -> None:
    """The reference on stdout (pipe it to a file), its heading on stderr."""
    try:
        code = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TrainerError(f"cannot read the reference: {exc.strerror or exc}") from None
    sys.stderr.write(heading + "\n")
    sys.stdout.write(code if code.endswith("\n") else code + "\n")


# --- check / watch -----------------------------------------------------------------


def limits(command: str, time_limit: float, test_time_limit: float, memory_mb: int) -> Limits:
    """The limits a check or watch was given (a clear usage error when out of bounds)."""
    from trainer.kata_runner.limits import Limits

    bounded(command, "--time-limit", time_limit)
    bounded(command, "--test-time-limit", test_time_limit)
    if memory_mb <= 0:
        raise TrainerError("--memory-limit must be a positive number of MiB")
    return Limits(run_seconds=time_limit, test_seconds=test_time_limit,
                  memory_bytes=memory_mb << 20)


def _is_workspace_file(kata: Kata, solution: Path, store: Store | None) -> bool:
    """Only runs of the workspace file count as the kata's own (a scratch file does not)."""
    from trainer.kata_runner.workspace import solution_path

    own = solution_path(kata, workspace_dir(kata, store))
    try:
        return solution.resolve() == own.resolve()
    except OSError:
        return False


def _missing(solution: Path, kata: Kata) -> str | None:
    if not solution.exists():
        return (f"no solution file at {_display(solution)} "
                f"(run `{program()} kata start {kata.slug}`, or pass --path FILE)")
    if solution.is_dir():
        return f"{_display(solution)} is a directory; --path wants your {kata.module} file"
    return None


def _target(kata: Kata, path: Path | None, limits: Limits, background: Background) -> Target:
    """The Python track's check: the workspace file (or --path), run by `CheckRun`."""
    from trainer.cli.kata_check import Target
    from trainer.kata_runner.catalog import SolutionKind
    from trainer.kata_runner.runner import CheckRun
    from trainer.kata_runner.workspace import solution_path

    solution = (path.expanduser() if path is not None
                else solution_path(kata, workspace_dir(kata, background.join())))

    def start() -> CheckRun:
        return CheckRun(kata.suite, kata.module_name, solution, slug=kata.slug, limits=limits,
                        solution_is_tests=kata.solution_kind is SolutionKind.TESTS)

    return Target(kata, "python", solution, kata.debrief, f"checking {kata.slug}", start,
                  missing=lambda: _missing(solution, kata),
                  counts=lambda store: _is_workspace_file(kata, solution, store),
                  start_hint=f"{program()} kata start {kata.slug}")


@app.command()
def check(
    slug: str = typer.Argument(..., autocompletion=complete.kata_slugs, help=SLUG_HELP),
    path: Path | None = typer.Option(
        None, "--path", metavar="FILE", help="The file to check (default: your workspace's)."),
    as_json: bool = typer.Option(False, "--json",
                                 help="Print one JSON object (Exercism test-runner v3 style)."),
    time_limit: float = typer.Option(20.0, "--time-limit", metavar="SECONDS", help=TIME_HELP),
    test_time_limit: float = typer.Option(5.0, "--test-time-limit", metavar="SECONDS",
                                          help=TEST_TIME_HELP),
    memory_mb: int = typer.Option(1024, "--memory-limit", metavar="MIB", help=MEMORY_HELP),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also show each test's time."),
    lang: str | None = LANG_OPTION,
) -> None:
    """Run the hidden tests against your file. Exit 0 pass, 1 fail, 2 error, 130 Ctrl-C."""
    from trainer.cli import kata_check

    kata = _kata(slug)
    given = limits("kata check", time_limit, test_time_limit, memory_mb)
    if _lang(lang, kata, path) == "go":
        from trainer.cli import kata_go

        kata_go.check(kata, path, given, as_json=as_json, verbose=verbose)
        return
    background = kata_check.Background()
    kata_check.check(_target(kata, path, given, background), background, as_json=as_json,
                     verbose=verbose)


@app.command()
def watch(
    slug: str = typer.Argument(..., autocompletion=complete.kata_slugs, help=SLUG_HELP),
    path: Path | None = typer.Option(
        None, "--path", metavar="FILE", help="The file to watch (default: your workspace's)."),
    poll: bool = typer.Option(False, "--poll", help="Poll the file instead of using file events."),
    time_limit: float = typer.Option(20.0, "--time-limit", metavar="SECONDS"),
    test_time_limit: float = typer.Option(5.0, "--test-time-limit", metavar="SECONDS"),
    memory_mb: int = typer.Option(1024, "--memory-limit", metavar="MIB"),
    lang: str | None = LANG_OPTION,
) -> None:
    """Check your file again on every save (Ctrl-C to stop)."""
    from trainer.cli import kata_check

    kata = _kata(slug)
    given = limits("kata watch", time_limit, test_time_limit, memory_mb)
    if _lang(lang, kata, path) == "go":
        from trainer.cli import kata_go

        kata_go.watch(kata, path, given, poll=poll)
        return
    background = kata_check.Background()
    kata_check.watch(_target(kata, path, given, background), background, poll=poll)


@app.command()
def warm(lang: str = typer.Option("go", "--lang", metavar="LANG",
                                  help="The track to prepare (only go needs it).")) -> None:
    """Compile the Go standard library into the trainer's cache ahead of the first check."""
    if lang.strip().lower() != "go":
        raise TrainerError("only the Go track needs warming (--lang go)")
    from trainer.cli import kata_go

    kata_go.warm()


_ORDER = ["list", "start", "check", "watch", "hint", "solution", "reset", "warm"]
app.registered_commands.sort(
    key=lambda c: _ORDER.index(str(c.name or getattr(c.callback, "__name__", ""))))
