"""Grading a typed answer: coverage, misconceptions, red flags and strong signals.

`grade(card, answer, bank) -> Grade` is the one grading function: sessions
(feedback), the mock scorecard and `trainer grade` all call it. The rubric
language lives in `rubric`, the answer analysis (stems, negation) in `text`,
the lexicon in `lexicon`, and the refusal of catastrophic regexes in
`regex_safety`. Nothing here touches the terminal or the store.
"""
from trainer.grading.grade import (
    Detection,
    Grade,
    MisconceptionHit,
    PointResult,
    grade,
    grade_many,
)

__all__ = ["Detection", "Grade", "MisconceptionHit", "PointResult", "grade", "grade_many"]
