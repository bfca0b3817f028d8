"""The Go track of `trainer kata`: what the commands do when the language is Go.

`trainer.cli.kata` parses the options and hands over here when `--lang go` is
given or the workspace is a Go one; rendering and recording reuse its helpers,
so both tracks look and are stored alike (runs are stored with lang="go").
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from trainer.cli import store_access
from trainer.errors import TrainerError

LANG_HELP = "python or go (default: python, or what your workspace holds)."
COLD_NOTE = ("The first Go check compiles the Go standard library into the trainer's cache "
             "(20-40 s on two cores); later checks take about a second. "
             "`trainer kata warm --lang go` does it ahead of time.")


def _open_store() -> Any:
    return store_access.open_store()


def dir_key(slug: str) -> str:
    return f"kata.dir.{slug}.go"


def hints_key(slug: str) -> str:
    return f"kata.hints.{slug}.go"


def track_of(kata: Any) -> Any:
    from trainer.kata_runner.golang.track import go_track

    return go_track(kata)


def workspace_dir(kata: Any, store: Any) -> Path:
    from trainer.kata_runner.golang.workspace import default_dir

    remembered = store.get_meta(dir_key(kata.slug)) if store is not None else None
    return Path(remembered) if remembered else default_dir(kata.slug)


def started(kata: Any, store: Any) -> bool:
    from trainer.kata_runner.golang.track import has_go

    if not has_go(kata):
        return False
    return bool((workspace_dir(kata, store) / track_of(kata).file).is_file())


def resolve_lang(lang: str | None, kata: Any, path: Path | None = None) -> str:
    """The track a command works on: `--lang`, else what the path or the workspace holds."""
    if lang is not None:
        value = lang.strip().lower()
        if value not in ("python", "go"):
            raise TrainerError(f"unknown language {lang!r} (python or go)")
        return value
    if path is not None:
        p = path.expanduser()
        if p.suffix == ".go" or (p.is_dir() and any(p.glob("*.go"))):
            return "go"
        return "python"
    from trainer.kata_runner.workspace import default_dir, solution_path

    store = _open_store()
    try:
        remembered = store.get_meta(f"kata.dir.{kata.slug}")
        py_dir = Path(remembered) if remembered else default_dir(kata.slug)
        if solution_path(kata, py_dir).is_file():
            return "python"
        return "go" if started(kata, store) else "python"
    finally:
        store.close()


def toolchain() -> Any:
    from trainer.kata_runner.golang.toolchain import find_toolchain

    return find_toolchain()


# --- commands --------------------------------------------------------------------------


def start(kata: Any, directory: Path | None, force: bool) -> None:
    from trainer.cli.kata import _display
    from trainer.kata_runner.golang.workspace import start as start_workspace

    track = track_of(kata)
    store = _open_store()
    try:
        target = directory.expanduser() if directory is not None else workspace_dir(kata, store)
        result = start_workspace(track, target, force=force)
        store.set_meta(dir_key(kata.slug), str(result.directory.resolve()))
    finally:
        store.close()
    for saved in result.backups:
        typer.echo(f"Backed up your old file to {_display(saved)}")
    sol = _display(result.solution)
    if result.solution in result.kept:
        typer.echo(f"{kata.title} (Go): already started.\nYour file {sol} was left as it is\n"
                   "(--force replaces it with the starter, keeping a backup).")
    else:
        typer.echo(f"{kata.title} (Go): wrote the starter to {sol} (package {track.package}, "
                   "with a go.mod)")
    readme = result.directory / "README.md"
    if readme in result.written or readme in result.kept:
        typer.echo(f"The task is in {_display(readme)}")
    typer.echo(f"Check it:       trainer kata check {kata.slug} --lang go\n"
               f"On every save:  trainer kata watch {kata.slug} --lang go")


def reset(kata: Any, yes: bool) -> None:
    from trainer.cli.ask import confirm
    from trainer.cli.kata import _display
    from trainer.kata_runner.golang.workspace import reset as reset_workspace

    track = track_of(kata)
    store = _open_store()
    try:
        directory = workspace_dir(kata, store)
    finally:
        store.close()
    target = directory / track.file
    if not target.is_file():
        raise TrainerError(f"nothing to reset: {_display(target)} does not exist "
                           f"(run `trainer kata start {kata.slug} --lang go`)")
    confirm(f"Replace {_display(target)} with the starter? (a backup is kept)", yes,
            f"kata reset {kata.slug} --lang go")
    saved = reset_workspace(track, directory)
    typer.echo(f"Backed up your file to {_display(saved)}")
    typer.echo(f"{_display(target)} is the starter again.")


def hint(kata: Any) -> None:
    track = track_of(kata)
    if not track.hints:
        raise TrainerError(f"{kata.slug} has no Go hints")
    number = store_access.next_hint(hints_key(kata.slug), len(track.hints))
    from trainer.ui.console import console as make_console

    console = make_console()
    console.print(f"Hint {number} of {len(track.hints)} for {kata.slug} (Go)", style="bold")
    console.print(track.hints[number - 1], markup=False, highlight=False)
    if number == len(track.hints):
        console.print("That was the last hint. After a pass, `trainer kata solution "
                      f"{kata.slug} --lang go` shows the reference.", style="dim")


def solution(kata: Any, force: bool) -> None:
    track = track_of(kata)
    if not force:
        store = _open_store()
        try:
            s = store.kata_summary("go").get(kata.slug)
        finally:
            store.close()
        if s is None or s.status != "passed":
            raise TrainerError(f"pass the Go kata first (`trainer kata check {kata.slug} "
                               "--lang go`), or use --force to see the reference now",
                               exit_code=1)
    try:
        code = track.reference.read_text(encoding="utf-8")
    except OSError as exc:
        raise TrainerError(f"cannot read the reference: {exc.strerror or exc}") from None
    sys.stderr.write(f"// reference solution of {kata.slug} in Go ({track.file})\n")
    sys.stdout.write(code if code.endswith("\n") else code + "\n")


def _source(kata: Any, path: Path | None, store: Any) -> Path:
    track = track_of(kata)
    if path is not None:
        return path.expanduser()
    return Path(workspace_dir(kata, store) / track.file)


def _missing(source: Path, kata: Any) -> str | None:
    from trainer.cli.kata import _display

    directory = source if source.is_dir() else source.parent
    if not directory.is_dir() or (not source.is_dir() and not source.exists()):
        return (f"no Go solution at {_display(source)} (run `trainer kata start {kata.slug} "
                "--lang go`, or pass --path FILE_OR_DIR)")
    return None


def _cold_note() -> None:
    from trainer.kata_runner.golang.check import is_warm

    if not is_warm():
        sys.stderr.write(COLD_NOTE + "\n")


def _one_check(kata: Any, source: Path, limits: Any, store: Any, store_error: str | None,
               as_json: bool, console: Any, run: Any = None) -> int:
    import json

    from trainer.cli.kata import _debrief_file, _progress, _record, _render, _run
    from trainer.kata_runner.golang.check import GoCheckRun

    track = track_of(kata)
    if run is None:
        run = GoCheckRun(track, toolchain(), source, limits=limits)
    report = _run(run, None if as_json else _progress(f"checking {kata.slug} (Go)"))
    warning = _record(store, report, store_error, lang="go")
    if as_json:
        sys.stdout.write(json.dumps(report.to_exercism(), indent=2, ensure_ascii=False) + "\n")
    else:
        _render(console, kata, report, Path(report.solution))
        if report.status == "pass":
            _debrief_file(console, track.debrief)
    if warning:
        sys.stderr.write(f"warning: this run was not saved to your progress: {warning}\n")
    return int(report.exit_code)


def check(kata: Any, path: Path | None, as_json: bool, limits: Any) -> None:
    from trainer.cli.kata import _Background

    chain = toolchain()  # no toolchain: one line saying what to install, exit 2
    run = None
    if path is not None and _missing(path.expanduser(), kata) is None:
        # Start compiling at once; rich and the store load meanwhile (as in the Python track).
        from trainer.kata_runner.golang.check import GoCheckRun

        if not as_json:
            _cold_note()
        run = GoCheckRun(track_of(kata), chain, path.expanduser(), limits=limits)
        run.start()
    background = _Background()
    store = background.join()  # type: ignore[no-untyped-call]
    try:
        source = _source(kata, path, store)
        problem = _missing(source, kata)
        if problem and not as_json:
            raise TrainerError(problem, exit_code=2)
        if not as_json and run is None:
            _cold_note()
        from trainer.ui.console import console as make_console

        code = _one_check(kata, source, limits, store if not problem else None,
                          background.store_error, as_json, make_console(), run)
    finally:
        if run is not None:
            run.cancel()
        if store is not None:
            store.close()
    raise typer.Exit(code)


def watch(kata: Any, path: Path | None, poll: bool, limits: Any) -> None:
    from trainer.cli.kata import _display, _mode_text
    from trainer.kata_runner.watcher import Changed, WatchMode, watch_file
    from trainer.ui.console import console as make_console

    toolchain()
    store = _open_store()
    source = _source(kata, path, store)
    target = source if source.suffix == ".go" else source / track_of(kata).file
    if not target.parent.is_dir():
        store.close()
        raise TrainerError(f"{_display(target.parent)} does not exist "
                           f"(run `trainer kata start {kata.slug} --lang go`)")
    console = make_console()
    mode_line = ""
    try:
        watcher = watch_file(target, force_poll=poll)
        first = next(watcher)
        if isinstance(first, WatchMode):
            mode_line = _mode_text(first)

        def once() -> None:
            if console.is_terminal:
                console.clear()
            problem = _missing(target, kata)
            if problem:
                console.print(f"waiting for {_display(target)}: {problem}", markup=False)
            else:
                _cold_note()
                _one_check(kata, target, limits, store, None, False, console)
            console.print(f"\nWatching {_display(target)} {mode_line}. Ctrl-C to stop.",
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
        store.close()


def warm() -> None:
    """Compile what the Go checks need into the cache, by checking each reference."""
    import time

    from trainer.kata_runner.catalog import load_catalog
    from trainer.kata_runner.golang.check import GoCheckRun
    from trainer.kata_runner.golang.track import go_track, has_go
    from trainer.kata_runner.runner import Finished

    chain = toolchain()
    typer.echo(f"Warming the Go build cache with {chain.version_text} "
               "(20-40 s the first time on two cores)…")
    t0 = time.monotonic()
    for kata in load_catalog():
        if not has_go(kata):
            continue
        track = go_track(kata)
        report = None
        for event in GoCheckRun(track, chain, track.reference).events():
            if isinstance(event, Finished):
                report = event.report
        if report is None or report.status != "pass":
            message = report.message if report is not None else "no report"
            raise TrainerError(f"warming with the {kata.slug} reference failed: {message}")
        typer.echo(f"  {kata.slug}: ready ({time.monotonic() - t0:.1f} s so far)")
    typer.echo("Done: Go checks now take about a second.")


def list_rows(katas: list[Any], store: Any) -> dict[str, tuple[str, Any]]:
    """slug -> (status, summary) of the Go track, for `kata list`."""
    from trainer.kata_runner.golang.track import has_go

    summary = store.kata_summary("go")
    out: dict[str, tuple[str, Any]] = {}
    for k in katas:
        if not has_go(k):
            continue
        s = summary.get(k.slug)
        status = s.status if s is not None else ("in progress" if started(k, store)
                                                 else "not started")
        out[k.slug] = (status, s)
    return out
