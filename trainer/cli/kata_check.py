"""`kata check` and `kata watch`, for both tracks: one path, watch = check on every save.

A track (`cli/kata.py` for Python, `cli/kata_go.py` for Go) describes what to check as
a `Target`: the file, how to start a run, whether the run counts in the learner's
progress. From there both tracks share every step: the progress line while the tests
run, Ctrl-C (the tests so far, exit 130), recording (`kata_runner.progress`), the JSON
or the rendered report, the debrief, and for `watch` the loop over the file's saves.

`check` is the hot path: while the test process runs, `Background` imports rich and
opens the store in a thread, so the trainer adds little to a plain pytest run.
"""
from __future__ import annotations

import json
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Protocol

import typer

from trainer.cli.store_access import open_store
from trainer.errors import TrainerError
from trainer.kata_runner import events as ev
from trainer.kata_runner.catalog import Kata
from trainer.kata_runner.report import Report, TestResult
from trainer.kata_status import Verdict

if TYPE_CHECKING:

    from trainer.store.progress_file import Store


class CheckLike(Protocol):
    """A started check of either track (`runner.CheckRun`, `golang.check.GoCheckRun`)."""

    def events(self) -> Iterator[ev.Event]: ...

    def cancel(self) -> None: ...


@dataclass(frozen=True)
class Target:
    """What one check runs on, as its track describes it."""

    kata: Kata
    lang: str                                  # "python" | "go": the store's track
    solution: Path                             # the file shown and watched
    debrief: Path                              # shown after a pass
    label: str                                 # the progress line's "checking ..."
    start: Callable[[], CheckLike]             # start a run now
    missing: Callable[[], str | None]          # why there is nothing to check, or None
    counts: Callable[[Store | None], bool]     # does a run count in the progress?
    start_hint: str                            # the command that makes the workspace
    sandbox_note: bool = True                  # say so when the code ran unsandboxed
    before_run: Callable[[], None] | None = None  # a note to print before each run


class Background:
    """Imports rich and opens the store in a thread while the tests run.

    The check's wall time is mostly the child process; overlapping the parent's own
    imports with it keeps `trainer kata check` close to a plain pytest run.
    """

    def __init__(self) -> None:
        self.store: Store | None = None
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

    def join(self) -> Store | None:
        self._thread.join()
        return self.store


class Progress:
    """One transient line on stderr while the tests run (only on a terminal)."""

    def __init__(self, label: str) -> None:
        self.on = sys.stderr.isatty()
        self.label = label
        self.shown = False

    def show(self, text: str) -> None:
        if not self.on:
            return
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


class Interrupted(Exception):
    """Ctrl-C during a check: the results so far."""

    def __init__(self, done: list[TestResult], total: int) -> None:
        super().__init__("interrupted")
        self.done = done
        self.total = total


def supervise(run: CheckLike, progress: Progress | None) -> Report:
    """Drive a started check, feeding the progress line; return the report."""
    report: Report | None = None
    events = run.events()
    done: list[TestResult] = []
    total = 0
    try:
        if progress:
            progress.show("starting…")
        for event in events:
            if isinstance(event, ev.Collected):
                total = event.total
            if isinstance(event, ev.TestFinished):
                done.append(event.result)
            if isinstance(event, ev.Finished):
                report = event.report
            elif progress is None:
                continue
            elif isinstance(event, ev.Collected):
                progress.show(f"0/{event.total}")
            elif isinstance(event, ev.TestStarted):
                progress.show(f"{event.done}/{event.total}  {event.name}")
            elif isinstance(event, ev.TestFinished):
                progress.show(f"{event.done}/{event.total}")
            elif isinstance(event, ev.Restarted):
                progress.show(f"restarting after: {event.reason}")
    except KeyboardInterrupt:
        raise Interrupted(done, total) from None
    finally:
        close = getattr(events, "close", None)  # a generator: stop it (kills its process)
        if close is not None:
            close()
        run.cancel()
        if progress:
            progress.clear()
    assert report is not None  # a check always ends with Finished
    return report


def exit_interrupted(stop: Interrupted) -> NoReturn:
    """Print the tests that finished, then one line; exit 130 (the shell's Ctrl-C code)."""
    for t in stop.done:
        word = {Verdict.PASS: "PASS ", Verdict.FAIL: "FAIL "}.get(t.status, "ERROR")
        sys.stdout.write(f"{word} {t.name}\n")
    passed = sum(1 for t in stop.done if t.passed)
    sys.stderr.write(f"interrupted: {len(stop.done)} of {stop.total or '?'} tests ran, "
                     f"{passed} passed (nothing recorded)\n")
    raise typer.Exit(130)


def _save(target: Target, store: Store | None, store_error: str | None,
          report: Report) -> tuple[bool, str | None]:
    """(counted, warning): record the run when it counts; a warning if it could not be."""
    from trainer.kata_runner.progress import record

    if not target.counts(store):
        return False, None
    if store is None:
        return True, store_error
    return True, record(store, report, target.lang)


def check(target: Target, background: Background, *, as_json: bool, verbose: bool,
          run: CheckLike | None = None) -> NoReturn:
    """`kata check`: run once, record, print the report; exit 0 pass, 1 fail, 2 error.

    `run` is a check the track started early (while the store opened); else it starts
    here. With `--json` a missing file is an error report, not an error line.
    """
    problem = target.missing()
    try:
        if problem and not as_json:
            raise TrainerError(problem, exit_code=2)
        if run is None:
            if target.before_run is not None and not as_json:
                target.before_run()
            run = target.start()
        report = supervise(run, None if as_json else Progress(target.label))
        counted, warning = ((False, None) if problem else
                            _save(target, background.join(), background.store_error, report))
    except Interrupted as stop:
        exit_interrupted(stop)
    finally:
        if run is not None:
            run.cancel()
        store = background.join()
        if store is not None:
            store.close()
    if as_json:
        sys.stdout.write(json.dumps(report.to_exercism(), indent=2, ensure_ascii=False) + "\n")
    else:
        from trainer.cli import kata_render
        from trainer.ui.console import console as make_console

        console = make_console()
        kata_render.render_report(console, target.kata, report, target.solution)
        if verbose:
            kata_render.timings(console, report)
        if target.sandbox_note:
            kata_render.sandbox_line(console, report)
        if report.status is Verdict.PASS:
            kata_render.debrief(console, target.debrief)
        if not counted and problem is None:
            console.print(not_recorded(target), style="dim", markup=False)
    if warning:
        sys.stderr.write(f"warning: this run was not saved to your progress: {warning}\n")
    raise typer.Exit(report.exit_code)


def watch(target: Target, background: Background, *, poll: bool) -> None:
    """`kata watch`: the same check on every save, each run on the watch screen."""
    from trainer.cli.kata_render import WatchScreen, mode_text
    from trainer.kata_runner.watcher import Changed, WatchMode, watch_file
    from trainer.ui.console import console as make_console

    store = background.join()
    if not target.solution.parent.is_dir():
        if store is not None:
            store.close()
        raise TrainerError(f"{display(target.solution.parent)} does not exist "
                           f"(run `{target.start_hint}`)")
    console = make_console()
    shown = display(target.solution)
    mode_line = ""
    try:
        watcher = watch_file(target.solution, force_poll=poll)
        first = next(watcher)
        if isinstance(first, WatchMode):
            mode_line = mode_text(first)
        screen = WatchScreen(console, target.kata, target.solution, debrief=target.debrief)

        def once() -> None:
            problem = target.missing()
            if problem:
                screen.separator()
                console.print(f"waiting for {shown}: {problem}", markup=False)
            else:
                if target.before_run is not None:
                    target.before_run()
                report = supervise(target.start(), Progress(target.label))
                counted, warning = _save(target, store, background.store_error, report)
                screen.show(report)
                if not counted:
                    console.print(not_recorded(target), style="dim", markup=False)
                if warning:
                    console.print(f"warning: not saved to your progress: {warning}",
                                  markup=False, style="yellow")
            console.print(f"\nWatching {shown} {mode_line}. Ctrl-C to stop.",
                          style="dim", markup=False)

        once()
        for event in watcher:
            if isinstance(event, WatchMode):
                mode_line = mode_text(event)
                console.print(f"Switched: {mode_line}.", style="yellow", markup=False)
            elif isinstance(event, Changed):
                once()
    except (KeyboardInterrupt, Interrupted):
        console.print("\nStopped watching.", markup=False)
    finally:
        if store is not None:
            store.close()


def not_recorded(target: Target) -> str:
    from trainer.invocation import program

    return (f"Not recorded in your progress: {display(target.solution)} is not your workspace "
            f"file (runs of `{program()} kata check {target.kata.slug}` without --path are).")


def display(path: Path) -> str:
    """A path as the learner would type it: relative when under the cwd, ~ for home."""
    import os

    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        pass
    home = str(Path.home())
    text = str(path)
    return "~" + text[len(home):] if home != "/" and text.startswith(home + os.sep) else text
