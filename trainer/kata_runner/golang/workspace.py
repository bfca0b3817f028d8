"""The learner's Go workspace: the starter, a go.mod and the Go README, never the tests.

The default is `<home>/katas/<slug>-go/`, beside the Python track's `<slug>/`, so
the two tracks of a kata never share a file. The same rules as the Python
workspace: `start` keeps what the learner wrote unless forced (and then backs it
up first); `reset` always backs up.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from trainer.errors import TrainerError
from trainer.kata_runner.golang.track import GoTrack
from trainer.kata_runner.workspace import StartResult, _check_dir, _place, backup


def default_dir(slug: str) -> Path:
    from trainer.paths import home_dir

    return home_dir() / "katas" / f"{slug}-go"


def solution_path(track: GoTrack, directory: Path) -> Path:
    return directory / track.file


def start(track: GoTrack, directory: Path, force: bool = False) -> StartResult:
    """Write the starter, go.mod and README.md into `directory`, keeping the learner's files."""
    _check_dir(directory)
    result = StartResult(directory, solution_path(track, directory), directory / "README.md")
    _place(track.starter, result.solution, force, result)
    _place(track.go_mod, directory / "go.mod", force, result)
    if track.readme.is_file():
        _place(track.readme, result.task, force, result)
    return result


def reset(track: GoTrack, directory: Path) -> Path:
    """Back up the learner's file, then put the starter back. Returns the backup."""
    target = solution_path(track, directory)
    if not target.is_file():
        raise TrainerError(f"nothing to reset: {target} does not exist "
                           f"(run `trainer kata start {track.slug} --lang go`)")
    saved = backup(target)
    try:
        shutil.copyfile(track.starter, target)
    except OSError as exc:
        raise TrainerError(f"cannot write {target}: {exc.strerror or exc} "
                           f"(your file is safe in {saved})") from None
    return saved
