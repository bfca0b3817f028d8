"""`trainer kata`: coding katas checked by hidden test suites.

Parsing and rendering only; the work is in `trainer.kata_runner` (catalog,
workspace, runner, report, watcher). Heavy modules (rich, yaml, the store,
watchfiles) are imported inside the commands.

`check` is the hot path: while the test process runs, it imports rich and
opens the store in a background thread, so the trainer adds little to the
time of a plain pytest run.
"""
from __future__ import annotations

import json
import os
import sys
import threading
from datetime import UTC
from pathlib import Path

import typer

from trainer.cli import complete
from trainer.cli.ask import confirm
from trainer.cli.options import bounded
from trainer.cli.output import echo
from trainer.cli.store_access import open_store
from trainer.errors import TrainerError
from trainer.invocation import program

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})

SLUG_HELP = "The kata, e.g. vending or order-workflow (see `trainer kata list`)."
LANG_OPTION = typer.Option(None, "--lang", metavar="LANG",
                           help="python or go (default: python, or what your workspace holds).")
STORE_STATUS = {"pass": "passed", "fail": "failed", "error": "error"}


# --- helpers -------------------------------------------------------------------------------


def _kata(slug: str):
    from trainer.kata_runner.catalog import get_kata

    return get_kata(slug)


def _dir_key(slug: str) -> str:
    return f"kata.dir.{slug}"


def _hints_key(slug: str) -> str:
    return f"kata.hints.{slug}"


def _workspace_dir(kata, store) -> Path:
    """Where the learner's file lives: the remembered `--dir`, else the default."""
    from trainer.kata_runner.workspace import default_dir

    remembered = store.get_meta(_dir_key(kata.slug)) if store is not None else None
    return Path(remembered) if remembered else default_dir(kata.slug)


def _display(path: Path) -> str:
    """A path as the learner would type it: relative when under the cwd, ~ for home."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        pass
    home = str(Path.home())
    text = str(path)
    return "~" + text[len(home):] if home != "/" and text.startswith(home + os.sep) else text


class _Background:
    """Imports rich and opens the store in a thread while the tests run.

    The check's wall time is mostly the child process; overlapping the parent's own
    imports with it keeps `trainer kata check` close to a plain pytest run.
    """

    def __init__(self) -> None:
        self.store = None
        self.store_error: str | None = None
        self._thread = threading.Thread(target=self._work, daemon=True)
        self._thread.start()

    def _work(self) -> None:
        try:
            import rich.console
            import rich.markdown
            import rich.table  # noqa: F401
        except ImportError:
            pass
        try:
            self.store = open_store()
        except TrainerError as exc:
            self.store_error = exc.message
        except Exception as exc:
            self.store_error = f"{type(exc).__name__}: {exc}"

    def join(self):
        self._thread.join()
        return self.store


# --- list ------------------------------------------------------------------------------------


def _ago(at) -> str:
    from datetime import datetime

    seconds = (datetime.now(UTC) - at).total_seconds()
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{int(seconds // size)} {unit} ago"
    return "just now"


def _run_text(run) -> str:
    word = {"passed": "pass", "failed": "fail"}.get(run.status, run.status)
    return f"{word} {run.passed}/{run.total}"


@app.command("list")
def list_(
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
) -> None:
    """Each kata with its status, last and best result."""
    from trainer.kata_runner.catalog import load_catalog
    from trainer.kata_runner.workspace import solution_path

    katas = load_catalog()
    store = open_store()
    try:
        summary = store.kata_summary()
        from trainer.cli import kata_go

        go_rows = kata_go.list_rows(katas, store)
        rows = []
        for k in katas:
            s = summary.get(k.slug)
            started = solution_path(k, _workspace_dir(k, store)).is_file()
            status = s.status if s is not None else ("in progress" if started else "not started")
            rows.append((k, status, s))
    finally:
        store.close()
    if as_json:
        def run(r):
            return None if r is None else {"at": r.at.isoformat(), "status": r.status,
                                           "passed": r.passed, "total": r.total,
                                           "duration_ms": r.duration_ms}
        typer.echo(json.dumps([
            {"slug": k.slug, "title": k.title, "level": k.level or None, "status": status,
             "runs": s.runs if s else 0, "last": run(s.last if s else None),
             "best": run(s.best if s else None),
             "go": None if k.slug not in go_rows else {
                 "status": go_rows[k.slug][0],
                 "runs": go_rows[k.slug][1].runs if go_rows[k.slug][1] else 0,
                 "last": run(go_rows[k.slug][1].last if go_rows[k.slug][1] else None),
                 "best": run(go_rows[k.slug][1].best if go_rows[k.slug][1] else None)}}
            for k, status, s in rows], indent=2))
        return
    from rich.table import Table

    from trainer.ui.console import console as make_console

    console = make_console()
    if not rows:
        console.print("No katas are installed.")
        return
    table = Table(box=None, pad_edge=False, show_edge=False)
    for column in ("kata", "level", "status", "last", "best"):
        table.add_column(column, no_wrap=True)
    cells = []
    for k, status, s in rows:
        tracks = [("python", status, s)]
        if k.slug in go_rows:
            tracks.append(("go", *go_rows[k.slug]))
        for lang, status, s in tracks:
            style = {"passed": "green", "in progress": "yellow"}.get(status, "dim")
            last = f"{_run_text(s.last)}, {_ago(s.last.at)}" if s else "-"
            best = _run_text(s.best) if s else "-"
            name = k.slug if lang == "python" else f"{k.slug}/go"
            cells.append((name, (k.level or "-") if lang == "python" else "",
                          f"[{style}]{status}[/]", last, best,
                          k.title if lang == "python" else ""))
    # The title gets what is left of the line; the other columns are never squeezed.
    widths = [max([len(c[i]) if i != 2 else 11 for c in cells] + [len(h)])
              for i, h in enumerate(("kata", "level", "status", "last", "best"))]
    used = sum(widths) + 2 * 5  # one space either side between columns
    room = console.width - used - 1
    if room >= 12:
        table.add_column("title", no_wrap=True, max_width=room, overflow="ellipsis")
    for c in cells:
        table.add_row(*(c if room >= 12 else c[:5]))
    console.print(table)
    console.print(f"Start one with `{program()} kata start SLUG` (in Go: add --lang go).",
                  style="dim")


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
                  else _workspace_dir(kata, store))
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
        directory = _workspace_dir(kata, store)
    finally:
        store.close()
    target = solution_path(kata, directory)
    if not target.is_file():
        raise TrainerError(f"nothing to reset: {_display(target)} does not exist "
                           f"(run `{program()} kata start {kata.slug}`)")
    confirm(f"Replace {_display(target)} with the starter? (a backup is kept)", yes,
             f"kata reset {kata.slug}")
    saved = reset_workspace(kata, directory)
    typer.echo(f"Backed up your file to {_display(saved)}")
    typer.echo(f"{_display(target)} is the starter again.")


# --- hint / solution -------------------------------------------------------------------


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
    from trainer.cli.store_access import next_hint
    from trainer.ui.console import console as make_console

    number = next_hint(_hints_key(kata.slug), len(kata.hints))

    console = make_console()
    console.print(f"Hint {number} of {len(kata.hints)} for {kata.slug}", style="bold")
    console.print(kata.hints[number - 1], markup=False, highlight=False)
    if number == len(kata.hints):
        store = open_store()
        try:
            record = store.kata_summary().get(kata.slug)
        finally:
            store.close()
        if record is not None and record.status == "passed":
            console.print(f"That was the last hint. You have passed already: `{program()} kata "
                          f"solution {kata.slug}` shows the reference.", style="dim", markup=False)
        else:
            console.print(f"That was the last hint. After a pass, `{program()} kata solution "
                          f"{kata.slug}` shows the reference.", style="dim", markup=False)


@app.command()
def solution(
    slug: str = typer.Argument(..., autocompletion=complete.kata_slugs, help=SLUG_HELP),
    force: bool = typer.Option(False, "--force", help="Show it even before you have passed."),
    lang: str | None = LANG_OPTION,
) -> None:
    """Print the reference solution (after a pass, or with --force)."""
    kata = _kata(slug)
    if _lang(lang, kata) == "go":
        from trainer.cli import kata_go

        return kata_go.solution(kata, force)
    if not force:
        store = open_store()
        try:
            s = store.kata_summary().get(kata.slug)
        finally:
            store.close()
        if s is None or s.status != "passed":
            from trainer.kata_runner.workspace import solution_path

            store = open_store()
            try:
                started = solution_path(kata, _workspace_dir(kata, store)).is_file()
            finally:
                store.close()
            first = (f"`{program()} kata check {kata.slug}`" if started or s is not None
                     else f"`{program()} kata start {kata.slug}`, then `kata check`")
            raise TrainerError(f"pass the kata first ({first}), "
                               "or use --force to see the reference now", exit_code=1)
    try:
        code = kata.reference.read_text(encoding="utf-8")
    except OSError as exc:
        raise TrainerError(f"cannot read the reference: {exc.strerror or exc}") from None
    sys.stderr.write(f"# reference solution of {kata.slug} ({kata.module})\n")
    sys.stdout.write(code if code.endswith("\n") else code + "\n")


# --- check -----------------------------------------------------------------------------


def _limits(command: str, time_limit: float, test_time_limit: float, memory_mb: int):
    from trainer.kata_runner.runner import Limits

    bounded(command, "--time-limit", time_limit)
    bounded(command, "--test-time-limit", test_time_limit)
    if memory_mb <= 0:
        raise TrainerError("--memory-limit must be a positive number of MiB")
    return Limits(run_seconds=time_limit, test_seconds=test_time_limit,
                  memory_bytes=memory_mb << 20)


class _Progress:
    """One transient line on stderr while the tests run (only on a terminal)."""

    def __init__(self, label: str) -> None:
        self.on = sys.stderr.isatty()
        self.label = label
        self.shown = False

    def show(self, text: str) -> None:
        if not self.on:
            return
        import shutil

        width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
        line = f"{self.label} {text}"
        if len(line) > width:
            line = line[: width - 1] + "…"
        sys.stderr.write("\r\x1b[K" + line)
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.shown = False


def _run(run, progress: _Progress | None):
    """Supervise a started check, feeding the progress line; return the report."""
    from trainer.kata_runner.runner import Collected, Finished, Restarted, TestFinished, TestStarted

    report = None
    events = run.events()
    done: list = []
    total = 0
    try:
        if progress:
            progress.show("starting…")
        for event in events:
            if isinstance(event, Collected):
                total = event.total
            if isinstance(event, TestFinished):
                done.append(event.result)
            if isinstance(event, Finished):
                report = event.report
            elif progress is None:
                continue
            elif isinstance(event, Collected):
                progress.show(f"0/{event.total}")
            elif isinstance(event, TestStarted):
                progress.show(f"{event.done}/{event.total}  {event.name}")
            elif isinstance(event, TestFinished):
                progress.show(f"{event.done}/{event.total}")
            elif isinstance(event, Restarted):
                progress.show(f"restarting after: {event.reason}")
    except KeyboardInterrupt:
        raise _Interrupted(done, total) from None
    finally:
        events.close()
        run.cancel()
        if progress:
            progress.clear()
    return report


class _Interrupted(Exception):
    """Ctrl-C during a check: the results so far."""

    def __init__(self, done: list, total: int) -> None:
        super().__init__("interrupted")
        self.done = done
        self.total = total


def _interrupted(stop: _Interrupted) -> None:
    """Print the tests that finished, then one line; exit 130 (the shell's Ctrl-C code)."""
    for t in stop.done:
        word = {"pass": "PASS ", "fail": "FAIL "}.get(t.status, "ERROR")
        sys.stdout.write(f"{word} {t.name}\n")
    passed = sum(1 for t in stop.done if t.passed)
    sys.stderr.write(f"interrupted: {len(stop.done)} of {stop.total or '?'} tests ran, "
                     f"{passed} passed (nothing recorded)\n")
    raise typer.Exit(130)


def _timings(console, report) -> None:
    """--verbose: each test's time, slowest first."""
    from rich.text import Text

    for t in sorted(report.tests, key=lambda t: -t.duration):
        console.print(Text(f"{t.duration * 1000:9.1f} ms  {t.name}", style="dim"))


def _sandbox_line(console, report) -> None:
    """One honest line when the learner's code ran without a sandbox."""
    if report.sandbox == "none" and report.tests:
        from rich.text import Text

        from trainer.kata_runner.sandbox import SandboxMode, describe

        console.print(Text(describe(SandboxMode.NONE), style="dim"))


def _progress(label: str) -> _Progress:
    return _Progress(label)


def _lang(lang: str | None, kata, path: Path | None = None) -> str:
    from trainer.cli.kata_go import resolve_lang

    return resolve_lang(lang, kata, path)


def _record(store, report, store_error: str | None, lang: str = "python") -> str | None:
    """Save the run; a warning (not a failure) when progress cannot be saved."""
    if store is None:
        return store_error
    from datetime import datetime

    try:
        store.record_kata_run(report.slug, datetime.now(UTC),
                              STORE_STATUS.get(report.status, report.status),
                              report.passed, report.total, int(report.duration * 1000),
                              lang=lang)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _failure_panel(detail, shown: str):
    """The first failing test: its input, what was expected and what came instead."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    t = detail.test
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    grid.add_row("test", Text((f"rule {t.task_id} · " if t.task_id is not None else "") + t.name))
    if detail.input:
        grid.add_row("input", Text(detail.input))
    if detail.expected is not None:
        grid.add_row("expected", Text(detail.expected, style="green"))
        grid.add_row("actual", Text(detail.actual or "", style="red"))
    grid.add_row("problem", Text(detail.problem))
    for i, frame in enumerate(detail.frames):
        grid.add_row("your code" if i == 0 else "", Text(frame.render(shown), style="cyan"))
    if t.output:
        grid.add_row("output", Text(_head(t.output), style="dim"))
    return Panel(grid, title=Text("First failure", style="bold red"), title_align="left",
                 border_style="red", expand=False)


def _render(console, kata, report, solution: Path, *, passes: bool = True) -> None:
    from rich.table import Table
    from rich.text import Text

    from trainer.kata_runner.report import ERROR, PASS

    shown = os.path.basename(str(solution))
    if report.status == ERROR and not report.tests:
        console.print(Text.assemble(("ERROR", "bold red"), f" {shown} could not be checked"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, width=5)
        grid.add_column(overflow="fold")
        grid.add_row("", Text(report.message or "no test could run"))
        for frame in report.frames:
            grid.add_row("", Text(frame.render(shown), style="cyan"))
        if report.output:
            grid.add_row("", Text("output: " + _head(report.output), style="dim"))
        console.print(grid)
        return
    from trainer.kata_runner.digest import first_failure, groups

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, min_width=5)
    grid.add_column(overflow="fold")
    # Identical failures (the starter fails 48 tests with one NotImplementedError) are
    # one line; any other failure is one line of its own. Passes are listed unless asked not.
    capped = {t.id: g for g in groups(report.tests) if g.capped for t in g.tests}
    said: set = set()
    # By rule (the README's numbering), then in the suite's order.
    ordered = sorted(report.tests, key=lambda t: (t.task_id is None, t.task_id or 0))
    for t in ordered:
        if t.status == PASS and not passes:
            continue
        word, style = {"pass": ("PASS ", "green"), "fail": ("FAIL ", "red")}.get(
            t.status, ("ERROR", "bold red"))
        group = capped.get(t.id)
        if group is not None:
            if id(group) not in said:
                said.add(id(group))
                grid.add_row(Text(word, style=style), Text(group.line()))
            continue
        name = Text(t.name)
        if t.task_id is not None:
            name = Text.assemble((f"rule {t.task_id} · ", "dim"), t.name)
        if t.status != PASS and t.message:
            name.append(" - " + t.message.strip().splitlines()[0], style="dim")
        name.no_wrap, name.overflow = True, "ellipsis"  # one line per test
        grid.add_row(Text(word, style=style), name)
    console.print(grid)
    detail = first_failure(ordered)
    if detail is not None:
        console.print(_failure_panel(detail, shown))
    if report.status == ERROR and report.message:
        console.print(Text(report.message, style="red"))
    failed = report.total - report.passed
    seconds = f"{report.duration:.1f} s"
    summary = f"{kata.slug}: {report.passed}/{report.total} passed"
    if report.status == PASS:
        console.print(Text(f"{summary} in {seconds}. Well done!", style="bold green"))
    else:
        console.print(Text(f"{summary}, {failed} failed, in {seconds}.", style="bold"))
    if report.restarts:
        times = "once" if report.restarts == 1 else f"{report.restarts} times"
        console.print(Text(f"(a test hung or crashed: the test process was restarted {times})",
                           style="dim"))


def _head(text: str, lines: int = 3) -> str:
    parts = text.rstrip("\n").splitlines()
    if len(parts) <= lines:
        return "\n".join(parts)
    return "\n".join(parts[:lines]) + f"\n… {len(parts) - lines} more lines (--json shows them)"


def _debrief(console, kata) -> None:
    _debrief_file(console, kata.debrief)


def _debrief_file(console, path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return
    from rich.markdown import Markdown

    console.print()
    console.print(Markdown(text))


def _is_workspace_file(kata, solution: Path, store) -> bool:
    """Only runs of the workspace file count as the kata's own (a scratch file does not)."""
    from trainer.kata_runner.workspace import solution_path

    own = solution_path(kata, _workspace_dir(kata, store))
    try:
        return solution.resolve() == own.resolve()
    except OSError:
        return False


def _not_recorded(kata, solution: Path) -> str:
    return (f"Not recorded in your progress: {_display(solution)} is not your workspace file "
            f"(runs of `{program()} kata check {kata.slug}` without --path are).")


def _solution_for(kata, path: Path | None, background: _Background) -> Path:
    if path is not None:
        return path.expanduser()
    from trainer.kata_runner.workspace import solution_path

    store = background.join()
    return solution_path(kata, _workspace_dir(kata, store))


def _missing(solution: Path, kata) -> str | None:
    if not solution.exists():
        return (f"no solution file at {_display(solution)} "
                f"(run `{program()} kata start {kata.slug}`, or pass --path FILE)")
    if solution.is_dir():
        return f"{_display(solution)} is a directory; --path wants your {kata.module} file"
    return None


@app.command()
def check(
    slug: str = typer.Argument(..., autocompletion=complete.kata_slugs, help=SLUG_HELP),
    path: Path | None = typer.Option(
        None, "--path", metavar="FILE", help="The file to check (default: your workspace's)."),
    as_json: bool = typer.Option(False, "--json",
                                 help="Print one JSON object (Exercism test-runner v3 style)."),
    time_limit: float = typer.Option(20.0, "--time-limit", metavar="SECONDS",
                                     help="Wall-clock limit for the whole run."),
    test_time_limit: float = typer.Option(5.0, "--test-time-limit", metavar="SECONDS",
                                          help="Wall-clock limit for each test."),
    memory_mb: int = typer.Option(1024, "--memory-limit", metavar="MIB",
                                  help="Memory limit of the test process (address space; data for Go)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also show each test's time."),
    lang: str | None = LANG_OPTION,
) -> None:
    """Run the hidden tests against your file. Exit 0 pass, 1 fail, 2 error, 130 Ctrl-C."""
    from trainer.kata_runner.catalog import SolutionKind
    from trainer.kata_runner.runner import CheckRun

    kata = _kata(slug)
    limits = _limits("kata check", time_limit, test_time_limit, memory_mb)
    if _lang(lang, kata, path) == "go":
        from trainer.cli import kata_go

        return kata_go.check(kata, path, as_json, limits)
    background = _Background()
    solution = _solution_for(kata, path, background)
    problem = _missing(solution, kata)
    if problem and not as_json:
        raise TrainerError(problem, exit_code=2)
    run = CheckRun(kata.suite, kata.module_name, solution, slug=kata.slug, limits=limits,
                   solution_is_tests=kata.solution_kind is SolutionKind.TESTS)
    try:
        report = _run(run, None if as_json else _Progress(f"checking {kata.slug}"))
    except _Interrupted as stop:
        _interrupted(stop)
    store = background.join()
    recorded = not problem and _is_workspace_file(kata, solution, store)
    warning = _record(store, report, background.store_error) if recorded else None
    if store is not None:
        store.close()
    if as_json:
        sys.stdout.write(json.dumps(report.to_exercism(), indent=2, ensure_ascii=False) + "\n")
    else:
        from trainer.ui.console import console as make_console

        console = make_console()
        _render(console, kata, report, solution)
        if verbose:
            _timings(console, report)
        _sandbox_line(console, report)
        if report.status == "pass":
            _debrief(console, kata)
        if not recorded and not problem:
            console.print(_not_recorded(kata, solution), style="dim", markup=False)
    if warning:
        sys.stderr.write(f"warning: this run was not saved to your progress: {warning}\n")
    raise typer.Exit(report.exit_code)


# --- watch ---------------------------------------------------------------------------------


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
    from trainer.kata_runner.watcher import Changed, WatchMode, watch_file
    from trainer.ui.console import console as make_console

    kata = _kata(slug)
    limits = _limits("kata watch", time_limit, test_time_limit, memory_mb)
    if _lang(lang, kata, path) == "go":
        from trainer.cli import kata_go

        return kata_go.watch(kata, path, poll, limits)
    background = _Background()
    solution = _solution_for(kata, path, background)
    store = background.join()
    if not solution.parent.is_dir():
        raise TrainerError(f"{_display(solution.parent)} does not exist "
                           f"(run `{program()} kata start {kata.slug}`)")
    console = make_console()
    mode_line = ""
    try:
        watcher = watch_file(solution, force_poll=poll)
        first = next(watcher)
        if isinstance(first, WatchMode):
            mode_line = _mode_text(first)

        screen = WatchScreen(console, kata, solution)
        recorded = _is_workspace_file(kata, solution, store)

        def once() -> None:
            problem = _missing(solution, kata)
            if problem:
                screen.separator()
                console.print(f"waiting for {_display(solution)}: {problem}", markup=False)
            else:
                from trainer.kata_runner.catalog import SolutionKind
                from trainer.kata_runner.runner import CheckRun

                run = CheckRun(kata.suite, kata.module_name, solution, slug=kata.slug,
                               limits=limits,
                               solution_is_tests=kata.solution_kind is SolutionKind.TESTS)
                report = _run(run, _Progress(f"checking {kata.slug}"))
                warning = (_record(store, report, background.store_error) if recorded
                           else None)
                screen.show(report)
                if not recorded:
                    console.print(_not_recorded(kata, solution), style="dim", markup=False)
                if warning:
                    console.print(f"warning: not saved to your progress: {warning}",
                                  markup=False, style="yellow")
            console.print(f"\nWatching {_display(solution)} {mode_line}. Ctrl-C to stop.",
                          style="dim", markup=False)

        once()
        for event in watcher:
            if isinstance(event, WatchMode):
                mode_line = _mode_text(event)
                console.print(f"Switched: {mode_line}.", style="yellow", markup=False)
            elif isinstance(event, Changed):
                once()
    except KeyboardInterrupt:
        console.print("\nStopped watching.", markup=False)
    finally:
        if store is not None:
            store.close()


class WatchScreen:
    """What `kata watch` prints per run: a timestamped separator, then the news.

    The first run shows every test; later runs show the failures and what changed
    since the previous run (newly passing, newly failing). The debrief is shown
    once, on the first pass; the screen is never cleared, so earlier runs stay in
    the scrollback.
    """

    def __init__(self, console, kata, solution: Path, clock=None) -> None:
        import time

        self.console, self.kata, self.solution = console, kata, solution
        self.clock = clock or time.localtime
        self.runs = 0
        self.before: dict[str, bool] | None = None
        self.debriefed = False

    def separator(self) -> None:
        import time

        from rich.rule import Rule

        self.runs += 1
        stamp = time.strftime("%H:%M:%S", self.clock())
        self.console.print(Rule(f"run {self.runs} · {stamp}", align="left", style="dim",
                                characters="-" if not _utf8(self.console) else "─"))

    def show(self, report) -> None:
        from trainer.kata_runner.digest import changes, outcomes

        self.separator()
        _render(self.console, self.kata, report, self.solution, passes=self.before is None)
        if self.before is not None:
            self.console.print(changes(self.before, report.tests).line(), markup=False)
        self.before = outcomes(report.tests)
        if report.status == "pass":
            if not self.debriefed:
                _debrief(self.console, self.kata)
                self.debriefed = True
            else:
                self.console.print("(the debrief is above, after your first pass)",
                                   style="dim", markup=False)


def _utf8(console) -> bool:
    return (console.encoding or "").lower().replace("-", "").startswith("utf")


def _mode_text(mode) -> str:
    if not mode.polling:
        return "(file events)"
    return f"(polling every {mode.interval:g} s: {mode.reason})"


@app.command()
def warm(lang: str = typer.Option("go", "--lang", metavar="LANG",
                                  help="The track to prepare (only go needs it).")) -> None:
    """Compile the Go standard library into the trainer's cache ahead of the first check."""
    if lang.strip().lower() != "go":
        raise TrainerError("only the Go track needs warming (--lang go)")
    from trainer.cli import kata_go

    kata_go.warm()


_ORDER = ["list", "start", "check", "watch", "hint", "solution", "reset", "warm"]
app.registered_commands.sort(key=lambda c: _ORDER.index(c.name or c.callback.__name__))
