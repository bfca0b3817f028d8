"""The Go track of `trainer kata`: what the commands do when the language is Go.

`trainer.cli.kata` parses the options and hands over here when `--lang go` is
given or the workspace is a Go one. `check` and `watch` describe the Go check as a
`kata_check.Target` and share every step with the Python track (progress, Ctrl-C,
recording with lang="go", rendering); the Go modules themselves are
`trainer.kata_runner.golang` (`GoCheckRun`, the workspace, the toolchain).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from trainer.cli import store_access
from trainer.errors import TrainerError

if TYPE_CHECKING:
    from trainer.cli.kata_check import Target
    from trainer.kata_runner.catalog import Kata
    from trainer.kata_runner.golang.check import GoCheckRun
    from trainer.kata_runner.golang.toolchain import Toolchain
    from trainer.kata_runner.golang.track import GoTrack
    from trainer.kata_runner.limits import Limits
    from trainer.store.progress_file import Store

LANG_HELP = "python or go (default: python, or what your workspace holds)."
COLD_NOTE = ("The first Go check compiles the Go standard library into the trainer's cache "
             "(20-40 s on two cores); later checks take about a second. "
             "`trainer kata warm --lang go` does it ahead of time.")


def _open_store() -> Store:
    return store_access.open_store()


def dir_key(slug: str) -> str:
    return f"kata.dir.{slug}.go"


def hints_key(slug: str) -> str:
    return f"kata.hints.{slug}.go"


def track_of(kata: Kata) -> GoTrack:
    from trainer.kata_runner.golang.track import go_track

    return go_track(kata)


def workspace_dir(kata: Kata, store: Store | None) -> Path:
    from trainer.kata_runner.golang.workspace import default_dir

    remembered = store.get_meta(dir_key(kata.slug)) if store is not None else None
    return Path(remembered) if remembered else default_dir(kata.slug)


def started(kata: Kata, store: Store | None) -> bool:
    from trainer.kata_runner.golang.track import has_go

    if not has_go(kata):
        return False
    return bool((workspace_dir(kata, store) / track_of(kata).file).is_file())


def resolve_lang(lang: str | None, kata: Kata, path: Path | None = None) -> str:
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
    from trainer.cli import kata as python_track

    store = _open_store()
    try:
        if python_track.started(kata, store):
            return "python"
        return "go" if started(kata, store) else "python"
    finally:
        store.close()


def toolchain() -> Toolchain:
    from trainer.kata_runner.golang.toolchain import find_toolchain

    return find_toolchain()


# --- commands --------------------------------------------------------------------------


def start(kata: Kata, directory: Path | None, force: bool) -> None:
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


def reset(kata: Kata, yes: bool) -> None:
    from trainer.cli.kata import reset_file
    from trainer.kata_runner.golang.workspace import reset as reset_workspace

    track = track_of(kata)
    store = _open_store()
    try:
        directory = workspace_dir(kata, store)
    finally:
        store.close()
    reset_file(directory / track.file, lambda: reset_workspace(track, directory), yes,
               start_hint=f"trainer kata start {kata.slug} --lang go",
               command=f"kata reset {kata.slug} --lang go")


def hint(kata: Kata) -> None:
    from trainer.cli.kata import show_hint

    track = track_of(kata)
    if not track.hints:
        raise TrainerError(f"{kata.slug} has no Go hints")
    show_hint(track.hints, hints_key(kata.slug), f"for {kata.slug} (Go)",
              lambda: ("That was the last hint. After a pass, `trainer kata solution "
                       f"{kata.slug} --lang go` shows the reference."))


def solution(kata: Kata, force: bool) -> None:
    track = track_of(kata)
    from trainer.cli.kata import _passed

    if not force and not _passed(kata, "go"):
        raise TrainerError(f"pass the Go kata first (`trainer kata check {kata.slug} "
                           "--lang go`), or use --force to see the reference now",
                           exit_code=1)
    from trainer.cli.kata import print_reference

    print_reference(track.reference, f"// reference solution of {kata.slug} in Go ({track.file})")


def _source(kata: Kata, path: Path | None, store: Store | None) -> Path:
    track = track_of(kata)
    if path is not None:
        return path.expanduser()
    return Path(workspace_dir(kata, store) / track.file)


def _missing(source: Path, kata: Kata) -> str | None:
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


def _target(kata: Kata, source: Path, chain: Toolchain, limits: Limits, *, shown: Path) -> Target:
    """The Go track's check: `go test` of the workspace (or --path) by `GoCheckRun`.

    Every Go run counts in the progress (the Go track has no scratch-file rule)."""
    from trainer.cli.kata_check import Target
    from trainer.kata_runner.golang.check import GoCheckRun

    track = track_of(kata)

    def start() -> GoCheckRun:
        return GoCheckRun(track, chain, source, limits=limits)

    return Target(kata, "go", shown, track.debrief, f"checking {kata.slug} (Go)", start,
                  missing=lambda: _missing(source, kata), counts=lambda store: True,
                  start_hint=f"trainer kata start {kata.slug} --lang go",
                  sandbox_note=True, before_run=_cold_note)


def check(kata: Kata, path: Path | None, limits: Limits, *, as_json: bool,
          verbose: bool) -> None:
    from trainer.cli import kata_check

    chain = toolchain()  # no toolchain: one line saying what to install, exit 2
    run = None
    if path is not None and _missing(path.expanduser(), kata) is None:
        # Start compiling at once; rich and the store load meanwhile (as in the Python track).
        from trainer.kata_runner.golang.check import GoCheckRun

        if not as_json:
            _cold_note()
        run = GoCheckRun(track_of(kata), chain, path.expanduser(), limits=limits)
        run.start()
    background = kata_check.Background()
    source = _source(kata, path, background.join())
    shown = source if source.is_file() else source / track_of(kata).file
    kata_check.check(_target(kata, source, chain, limits, shown=shown), background,
                     as_json=as_json, verbose=verbose, run=run)


def watch(kata: Kata, path: Path | None, limits: Limits, *, poll: bool) -> None:
    from trainer.cli import kata_check

    chain = toolchain()
    background = kata_check.Background()
    source = _source(kata, path, background.join())
    target = source if source.suffix == ".go" else source / track_of(kata).file
    kata_check.watch(_target(kata, target, chain, limits, shown=target), background, poll=poll)


def warm() -> None:
    """Compile what the Go checks need into the cache, by checking each reference."""
    import time

    from trainer.kata_runner.catalog import load_catalog
    from trainer.kata_runner.events import Finished
    from trainer.kata_runner.golang.check import GoCheckRun
    from trainer.kata_runner.golang.track import go_track, has_go

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
