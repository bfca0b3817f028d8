"""The learner's Go workspace: the starter, a go.mod and the Go README, never the tests.

The default is `<home>/katas/<slug>-go/`, beside the Python track's `<slug>/`, so
the two tracks of a kata never share a file. The same rules as the Python
workspace: `start` keeps what the learner wrote unless forced (and then backs it
up first); `reset` always backs up.
"""
from __future__ import annotations

from pathlib import Path

from trainer.kata_runner.golang.track import GoTrack
from trainer.kata_runner.workspace import StartResult, place_starter, restore_starter


def default_dir(slug: str) -> Path:
    from trainer.paths import home_dir

    return home_dir() / "katas" / f"{slug}-go"


def solution_path(track: GoTrack, directory: Path) -> Path:
    return directory / track.file


def start(track: GoTrack, directory: Path, force: bool = False) -> StartResult:
    """Write the starter, go.mod and README.md into `directory`, keeping the learner's files."""
    return place_starter(directory, solution_path(track, directory), directory / "README.md",
                         track.starter, track.readme, extra=((track.go_mod, directory / "go.mod"),),
                         force=force)


def reset(track: GoTrack, directory: Path) -> Path:
    """Back up the learner's file, then put the starter back. Returns the backup."""
    return restore_starter(track.starter, solution_path(track, directory),
                           f"trainer kata start {track.slug} --lang go")
