"""The kata vocabulary: one enum for a check's verdict, one for a kata's standing.

A check ends `pass`, `fail` or `error` (`Verdict`: the report, the judge's protocol,
the Exercism JSON). A kata, over all its recorded runs, is `not started`, `in progress`
or `passed` (`Standing`: `kata list`, home, stats). The store keeps a run's verdict in
past-tense words ("passed", "failed", "error": the rows written before this enum, and
the JSON of `kata list` and `trainer stats`, which pin them); `Verdict.recorded` and
`Verdict.from_recorded` are the only translation, used at those edges. Standard library only: the judge imports it before pytest.
"""
from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    PASS = "pass"    # every test passed
    FAIL = "fail"    # at least one test did not
    ERROR = "error"  # no test could run (or the run broke: never a pass)

    @property
    def recorded(self) -> str:
        """The word a recorded run carries (the store's rows, the progress JSON)."""
        return _RECORDED[self]

    @classmethod
    def from_recorded(cls, word: str) -> Verdict:
        """A recorded word back as a verdict (ValueError for anything else)."""
        for verdict, recorded in _RECORDED.items():
            if recorded == word:
                return verdict
        raise ValueError(f"unknown kata run status {word!r}")

    @property
    def exit_code(self) -> int:
        """The CLI's exit status: 0 pass, 1 fail, 2 error."""
        return {Verdict.PASS: 0, Verdict.FAIL: 1}.get(self, 2)


_RECORDED = {Verdict.PASS: "passed", Verdict.FAIL: "failed", Verdict.ERROR: "error"}


class Standing(StrEnum):
    NOT_STARTED = "not started"  # no workspace file and no recorded run
    IN_PROGRESS = "in progress"  # started or run, never passed
    PASSED = "passed"            # at least one recorded pass
