"""The live-coding phase's link to the katas: choose one, lay out a workspace, check a file.

This is the one module of the interview that knows the kata runner's entry
points (`catalog.get_kata`/`load_catalog`, `workspace.start`,
`runner.run_check`), so a change of the judge's "check a file" API is one
edit here. A check returns the JSON-edge dict the interview stores and the
`CheckView` is rebuilt from.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from trainer.errors import TrainerError
from trainer.kata_runner.catalog import Kata, get_kata, load_catalog

LANGS = ("python", "go")
LEVEL_KATA = {"junior": 0, "middle": 1, "senior": 2, "staff": 2}
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


def check_lang(kata: Kata, lang: str) -> None:
    """A one-line error (exit 2) when `kata` has no track in `lang`."""
    if lang not in LANGS:
        raise TrainerError(f"unknown language {lang!r} (known: {', '.join(LANGS)})", exit_code=2)
    if lang == "go":
        # The Go track (issue #14) adds Go starters and suites to the katas; until a kata
        # ships them, say so instead of starting an interview that cannot be checked.
        if not (kata.root / "go").is_dir():
            raise TrainerError(f"the {kata.slug} kata has no Go track in this version of "
                               f"trainer; use --lang python", exit_code=2)


def prepare(kata: Kata, directory: Path) -> tuple[Path, Path]:
    """A fresh workspace with the kata's README and starter; (directory, solution file)."""
    from trainer.kata_runner.workspace import start

    result = start(kata, directory)
    return result.directory, result.solution


def signature(path: Path) -> list[int] | None:
    """What changes when the file is saved (to skip re-checking an unchanged file)."""
    from trainer.kata_runner.watcher import signature as sig

    found = sig(path)
    return list(found) if found is not None else None


def check(kata: Kata, solution: Path) -> dict[str, Any]:
    """Run the hidden suite on `solution`: status, counts and the first failures, in words."""
    from trainer.kata_runner.runner import run_check

    if not solution.is_file():
        return {"status": "error", "passed": 0, "total": 0, "failures": [],
                "message": f"{solution.name} is missing from the workspace"}
    report = run_check(kata.suite, kata.module_name, solution, slug=kata.slug)
    failures = []
    for t in report.tests:
        if t.passed:
            continue
        rule = f"rule {t.task_id}: " if t.task_id is not None else ""
        why = (t.message or "").strip().splitlines()
        failures.append(f"{rule}{t.name}" + (f" ({why[0][:100]})" if why else ""))
        if len(failures) >= FAILURES_SHOWN:
            break
    message = report.full_message() if report.status == "error" else None
    return {"status": report.status, "passed": report.passed, "total": report.total,
            "failures": failures, "message": message,
            "duration_ms": int(report.duration * 1000)}


def hint(kata: Kata, number: int) -> str | None:
    """The kata's `number`-th hint (1-based), or None when it has no more."""
    return kata.hints[number - 1] if 0 < number <= len(kata.hints) else None
