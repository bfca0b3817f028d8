"""A kata check in the learner's progress: recording a run, reading a kata's standing.

Sessions save themselves in the core; so do kata checks: the CLI (both tracks, `kata
check` and `kata watch`) hands the finished `Report` here, and this is the one place
that turns it into a store row. Nothing here touches the terminal: a run that cannot
be saved comes back as a warning for the caller to show, never as a failure of the check.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from trainer.kata_runner.report import Report
from trainer.kata_status import Standing

if TYPE_CHECKING:
    from trainer.store.progress_file import Store
    from trainer.store.rows import KataSummary


def record(store: Store, report: Report, lang: str = "python",
           at: datetime | None = None) -> str | None:
    """Save one check of one track; None, or why it could not be saved."""
    try:
        store.record_kata_run(report.slug, at or datetime.now(UTC), report.status,
                              report.passed, report.total, int(report.duration * 1000),
                              lang=lang)
    except Exception as exc:  # the check's verdict stands; only saving it failed
        return f"{type(exc).__name__}: {exc}"
    return None


def standing(summary: KataSummary | None, started: bool) -> Standing:
    """A kata's standing in one track: its record's, else whether a workspace file exists."""
    if summary is not None:
        return summary.status
    return Standing.IN_PROGRESS if started else Standing.NOT_STARTED
