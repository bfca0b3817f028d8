"""The learner's workspace for a kata: the starter file and the README, never the tests.

Rule: nothing the learner wrote is lost. `start` never overwrites a file that
differs from what we would write unless forced, and even then it first copies
the old file to `.backups/` next to it; `reset` always does. The hidden suite
stays in the trainer's data and is never copied here.

The default workspace is `<home>/katas/<slug>/` (the trainer's progress home);
the CLI may point elsewhere with `--dir` and remembers that choice.
"""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from trainer.errors import TrainerError
from trainer.invocation import program
from trainer.kata_runner.catalog import Kata

BACKUP_DIR = ".backups"


def default_dir(slug: str) -> Path:
    from trainer.paths import home_dir

    return home_dir() / "katas" / slug


def solution_path(kata: Kata, directory: Path) -> Path:
    return directory / kata.module


@dataclass
class StartResult:
    """What `start` did, for the CLI to say."""

    directory: Path
    solution: Path
    task: Path                                          # where the task (the kata's README) is
    written: list[Path] = field(default_factory=list)   # created or replaced
    kept: list[Path] = field(default_factory=list)      # left as the learner had them
    backups: list[Path] = field(default_factory=list)


def _check_dir(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise TrainerError(f"{directory} is a file, not a directory")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise TrainerError(f"{directory} is not a directory (a parent is a file?)") from None
    except OSError as exc:
        raise TrainerError(f"cannot create {directory}: {exc.strerror or exc}") from None
    if not os.access(directory, os.W_OK):
        raise TrainerError(f"cannot write to {directory}")


def backup(path: Path) -> Path:
    """Copy `path` to `<dir>/.backups/<stem>-<timestamp><suffix>`; return the copy."""
    folder = path.parent / BACKUP_DIR
    try:
        folder.mkdir(exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = folder / f"{path.stem}-{stamp}{path.suffix}"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{path.stem}-{stamp}-{n}{path.suffix}"
        shutil.copy2(path, target)
    except OSError as exc:
        raise TrainerError(f"cannot back up {path}: {exc.strerror or exc}; nothing was changed") from None
    return target


def _place(source: Path, target: Path, force: bool, result: StartResult) -> None:
    try:
        content = source.read_bytes()
    except OSError as exc:
        raise TrainerError(f"the kata is incomplete: cannot read {source} ({exc.strerror})") from None
    if target.is_dir():
        raise TrainerError(f"{target} is a directory; move it away first")
    if target.exists():
        if target.read_bytes() == content:
            result.kept.append(target)
            return
        if not force:
            result.kept.append(target)
            return
        result.backups.append(backup(target))
    try:
        target.write_bytes(content)
    except OSError as exc:
        raise TrainerError(f"cannot write {target}: {exc.strerror or exc}") from None
    result.written.append(target)


TASK_NAMES = ("README.md", "KATA.md")


def task_path(kata: Kata, directory: Path) -> Path:
    """README.md, unless the directory has a README of its own: then KATA.md beside it."""
    readme = directory / TASK_NAMES[0]
    if not readme.exists():
        return readme
    try:
        ours = readme.read_bytes() == kata.readme.read_bytes()
    except OSError:
        ours = False
    return readme if ours else directory / TASK_NAMES[1]


def start(kata: Kata, directory: Path, force: bool = False) -> StartResult:
    """Write the starter and the task into `directory`, keeping the learner's files.

    Without `force`, a file that already exists is left untouched (the CLI says so);
    with it, the old file is backed up first, then replaced. A README.md that is
    the learner's own (a project's) is never replaced, even with `force`: the task
    goes to KATA.md instead.
    """
    return place_starter(directory, solution_path(kata, directory), task_path(kata, directory),
                         kata.starter, kata.readme, force=force)


def place_starter(directory: Path, solution: Path, task: Path, starter: Path, readme: Path,
                  extra: tuple[tuple[Path, Path], ...] = (), force: bool = False) -> StartResult:
    """Both tracks' `start`: the starter, any `extra` (source, target) files, the task."""
    _check_dir(directory)
    result = StartResult(directory, solution, task)
    _place(starter, solution, force, result)
    for source, target in extra:
        _place(source, target, force, result)
    if readme.is_file():
        _place(readme, task, force, result)
    return result


def reset(kata: Kata, directory: Path) -> Path:
    """Back up the learner's file, then put the starter back. Returns the backup."""
    return restore_starter(kata.starter, solution_path(kata, directory),
                           f"{program()} kata start {kata.slug}")


def restore_starter(starter: Path, target: Path, start_hint: str) -> Path:
    """Any track's reset: back up `target`, copy `starter` over it; the backup's path.

    Nothing is lost: with no file there is nothing to reset (an error naming
    `start_hint`), and a failed copy names the backup the learner's file is in.
    """
    if not target.is_file():
        raise TrainerError(f"nothing to reset: {target} does not exist (run `{start_hint}`)")
    saved = backup(target)
    try:
        shutil.copyfile(starter, target)
    except OSError as exc:
        raise TrainerError(f"cannot write {target}: {exc.strerror or exc} "
                           f"(your file is safe in {saved})") from None
    return saved
