"""Fit FSRS parameters to one learner's review log, and adopt them only if they predict better.

The optimizer is fsrs-rs-python (the Rust FSRS optimizer; no deep-learning
stack). It learns from *items*: a card's reviews up to one answered on a
later day than the one before, each review as (rating, days since the
previous review). Days are trainer days (`day_starts_at_hour`), the same
days the scheduler and the stats count, so a session after midnight is still
the evening's.

Fitting on everything and scoring on the same reviews would always look
better, so the check is a time-ordered split: items sorted by the day of
their last review, the oldest `TRAIN_SHARE` fit the parameters, the newest
score both the fitted and the current parameters (log loss, and RMSE over
bins of predicted recall, as the FSRS benchmark reports them). The fitted
ones are adopted only when both figures are no worse and log loss is lower.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from trainer.fsrs_params import MIN_REVIEWS, Evaluation
from trainer.scheduling import day_start_local
from trainer.store.rows import LoggedAnswer

TRAIN_SHARE = 0.8
MIN_ITEMS = 64             # long-term reviews (answered on a later day) the split needs


@dataclass(frozen=True)
class Answer:
    """One answer as the optimizer reads it."""

    card_id: str
    day: int                  # trainer day (proleptic ordinal)
    rating: int
    duration_ms: int | None


@dataclass(frozen=True)
class FitOutcome:
    """What `trainer optimize` reports. `parameters` is None when no fit was made."""

    reviews: int
    items: int
    needed: int                          # more reviews needed before a fit (0: enough)
    reason: str                          # one line: why adopted, refused or not tried
    parameters: tuple[float, ...] | None
    fitted: Evaluation | None
    current: Evaluation | None
    adopted: bool


def answers_from_log(log: Iterable[LoggedAnswer],
                     hour: int, tz: tzinfo | None = None) -> list[Answer]:
    """The store's review log as trainer-day answers (card by card, oldest first)."""
    return [Answer(card_id, day_start_local(at, hour, tz).date().toordinal(), rating, duration)
            for card_id, at, rating, _state_before, duration in log]


REVLOG_COLUMNS = ("card_id", "review_time", "review_rating", "review_state", "review_duration")


def revlog_rows(log: Iterable[LoggedAnswer]
                ) -> list[tuple[int, int, int, int, int]]:
    """The review log in the FSRS optimizers' revlog.csv form (`REVLOG_COLUMNS`).

    Card ids become integers (in order of first appearance), instants Unix
    milliseconds, the state *before* the answer 0 new, 1 learning, 2 review,
    3 relearning, and the time spent answering milliseconds (0 when unknown).
    """
    numbers: dict[str, int] = {}
    rows = []
    for card_id, at, rating, state_before, duration in log:
        number = numbers.setdefault(card_id, len(numbers) + 1)
        rows.append((number, int(at.timestamp() * 1000), rating,
                     state_before if state_before is not None else 0, int(duration or 0)))
    rows.sort(key=lambda r: (r[1], r[0]))
    return rows


def build_items(answers: Sequence[Answer]) -> list[tuple[int, Any]]:
    """(day of the last review, FSRSItem) for every long-term review, oldest day first."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    out: list[tuple[int, Any]] = []
    reviews: list[Any] = []
    card = None
    last_day = 0
    for a in answers:
        if a.card_id != card:
            card, reviews, last_day = a.card_id, [], a.day
        delta = a.day - last_day
        reviews.append(FSRSReview(a.rating, delta))
        last_day = a.day
        if delta > 0:
            item = FSRSItem(reviews)
            if item.long_term_review_cnt() > 0:
                out.append((a.day, item))
    out.sort(key=lambda pair: pair[0])
    return out


def evaluate(parameters: Sequence[float], items: Sequence[Any]) -> Evaluation:
    from fsrs_rs_python import FSRS

    result = FSRS(list(parameters)).evaluate(list(items))
    return Evaluation(float(result.log_loss), float(result.rmse_bins))


def fit(answers: Sequence[Answer], current: Sequence[float] | None,
        min_reviews: int = MIN_REVIEWS) -> FitOutcome:
    """Fit on the older items, score against `current` on the newer ones, decide."""
    from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS

    current = tuple(current) if current is not None else tuple(DEFAULT_PARAMETERS)
    reviews = len(answers)
    if reviews < min_reviews:
        return FitOutcome(reviews, 0, min_reviews - reviews,
                          f"{reviews} reviews so far; a fit needs at least {min_reviews} "
                          f"({min_reviews - reviews} more)", None, None, None, False)
    items = build_items(answers)
    if len(items) < MIN_ITEMS:
        return FitOutcome(reviews, len(items), 0,
                          f"only {len(items)} of your reviews came back on a later day; a fit "
                          f"needs {MIN_ITEMS} (keep reviewing on more days)",
                          None, None, None, False)
    split = int(len(items) * TRAIN_SHARE)
    train = [item for _, item in items[:split]]
    test = [item for _, item in items[split:]]
    try:
        fitted = tuple(float(x) for x in FSRS(list(current)).compute_parameters(train))
    except Exception as exc:  # the optimizer refuses data it cannot use (it says why)
        return FitOutcome(reviews, len(items), 0, f"the optimizer could not fit: {exc}",
                          None, None, None, False)
    new_eval, old_eval = evaluate(fitted, test), evaluate(current, test)
    better = (new_eval.log_loss < old_eval.log_loss
              and new_eval.rmse_bins <= old_eval.rmse_bins)
    reason = ("the fitted parameters predict your recent reviews better" if better else
              "the fitted parameters do not predict your recent reviews better; kept the current ones")
    return FitOutcome(reviews, len(items), 0, reason, fitted, new_eval, old_eval, better)
