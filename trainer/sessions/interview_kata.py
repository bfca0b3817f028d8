"""The live-coding phase's link to the katas: choose one, lay out a workspace, check a file.

This is the one module of the interview that knows the kata runner's entry
points (`catalog.get_kata`/`load_catalog`, `workspace.start`,
`runner.run_check`, and for Go the track's `golang.track/workspace/check/
toolchain` modules, used when the build has them), so a change of the judge's
"check a file" API is one edit here. A check returns a `KataCheck`: the judge's `Report`
(which `trainer.kata_runner.progress.record` saves, as for `kata check`) and the first
failures in plain words (what the interview stores and shows).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.bank.model import Level
from trainer.errors import TrainerError
from trainer.kata_runner.catalog import Kata, get_kata, load_catalog
from trainer.kata_runner.report import Report
from trainer.kata_status import Verdict

LANGS = ("python", "go")
LEVEL_KATA: dict[str, int] = {Level.JUNIOR: 0, Level.MIDDLE: 1, Level.SENIOR: 2, Level.STAFF: 2}
"""Which kata (by catalog order, easiest first) a level's interview codes."""
FAILURES_SHOWN = 3


def pick_kata(level: str | None, slug: str | None, offset: int = 0) -> Kata:
    """`--kata SLUG`, else the kata for the level, else one in turn over the catalog."""
    if slug:
        return get_kata(slug)
    catalog = load_catalog()
    if not catalog:
        raise TrainerError("no katas are installed: the interview needs one for its coding phase")
    index = LEVEL_KATA[level] if level in LEVEL_KATA else offset
    return catalog[min(index, len(catalog) - 1) if level else index % len(catalog)]


def _golang(part: str) -> Any:
    """A module of the Go track (`trainer.kata_runner.golang.*`), or None in a build without it."""
    from importlib import import_module

    try:
        return import_module(f"trainer.kata_runner.golang.{part}")
    except ImportError:
        return None


def check_lang(kata: Kata, lang: str) -> None:
    """A one-line error (exit 2) when `kata` cannot be coded and checked in `lang`."""
    if lang not in LANGS:
        raise TrainerError(f"unknown language {lang!r} (known: {', '.join(LANGS)})", exit_code=2)
    if lang == "go":
        track = _golang("track")
        if track is None or not track.has_go(kata):
            raise TrainerError(f"the {kata.slug} kata has no Go track in this version of "
                               f"trainer; use --lang python", exit_code=2)
        _golang("toolchain").find_toolchain()  # no usable Go: its own one-line error


def prepare(kata: Kata, directory: Path, lang: str = "python") -> tuple[Path, Path]:
    """A fresh workspace with the kata's README and starter; (directory, solution file)."""
    if lang == "go":
        result = _golang("workspace").start(_golang("track").go_track(kata), directory)
    else:
        from trainer.kata_runner.workspace import start

        result = start(kata, directory)
    return Path(result.directory), Path(result.solution)


def signature(path: Path) -> list[int] | None:
    """What changes when the file is saved (to skip re-checking an unchanged file)."""
    from trainer.kata_runner.watcher import signature as sig

    found = sig(path)
    return list(found) if found is not None else None


@dataclass(frozen=True)
class KataCheck:
    """One check of the interview's file: the judge's report and its first failures in words."""

    report: Report
    failures: tuple[str, ...] = ()

    @property
    def status(self) -> Verdict:
        return self.report.status

    @property
    def passed(self) -> int:
        return self.report.passed

    @property
    def total(self) -> int:
        return self.report.total

    @property
    def message(self) -> str | None:
        """Why nothing could run (status error), else None."""
        return self.report.full_message() if self.report.status is Verdict.ERROR else None

    @property
    def duration_ms(self) -> int:
        return int(self.report.duration * 1000)


def _error(kata: Kata, solution: Path, message: str) -> KataCheck:
    return KataCheck(Report(kata.slug, str(solution), Verdict.ERROR, message))


def _report(kata: Kata, solution: Path, lang: str) -> Report | None:
    if lang == "go":
        track = _golang("track").go_track(kata)
        toolchain = _golang("toolchain").find_toolchain()
        report: Report | None = None
        for event in _golang("check").GoCheckRun(track, toolchain, solution).events():
            report = getattr(event, "report", report)
        return report
    from trainer.kata_runner.runner import run_check

    return run_check(kata.suite, kata.module_name, solution, slug=kata.slug,
                     solution_is_tests=kata.solution_kind == "tests")


def check(kata: Kata, solution: Path, lang: str = "python") -> KataCheck:
    """Run the hidden suite on `solution`: its report and the first failures, in words."""
    if not solution.is_file():
        return _error(kata, solution, f"{solution.name} is missing from the workspace")
    try:
        report = _report(kata, solution, lang)
    except TrainerError as exc:  # e.g. the Go toolchain went missing since the start
        return _error(kata, solution, exc.message)
    if report is None:
        return _error(kata, solution, "the check ended without a report")
    failures: list[str] = []
    for t in report.tests:
        if t.passed:
            continue
        rule = f"rule {t.task_id}: " if t.task_id is not None else ""
        why = (t.message or "").strip().splitlines()
        failures.append(f"{rule}{t.name}" + (f" ({why[0][:100]})" if why else ""))
        if len(failures) >= FAILURES_SHOWN:
            break
    return KataCheck(report, tuple(failures))


def hints(kata: Kata, lang: str = "python") -> tuple[str, ...]:
    """The kata's hints for `lang`, most gentle first."""
    if lang == "go":
        return tuple(_golang("track").go_track(kata).hints)
    return kata.hints
