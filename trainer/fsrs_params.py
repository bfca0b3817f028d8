"""Which FSRS parameters the scheduler uses: the defaults, or ones fitted to this learner.

A fit (`trainer optimize`) is kept in the progress file's `meta` table, so it
travels with backups, exports and imports, and a fresh home starts from the
defaults. The record says when it was fitted, on how many reviews, and how
it scored against the parameters it replaced, so `stats` can tell the
learner what is in use. The last attempt is kept too (adopted or not), so
the home screen suggests a re-fit only once the review count has doubled.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from trainer.store.timefmt import from_db, to_db

META_KEY = "fsrs_parameters"
ATTEMPT_KEY = "fsrs_fit_attempt"
MIN_REVIEWS = 400          # below this a fit is mostly noise (Anki's FSRS asks for as many)
REFIT_FACTOR = 2           # suggest a re-fit when the review count has doubled


class MetaStore(Protocol):
    def get_meta(self, key: str, default: Any = None) -> Any: ...
    def set_meta(self, key: str, value: Any) -> None: ...


@dataclass(frozen=True)
class Evaluation:
    """How well parameters predict recall on held-out reviews (lower is better)."""

    log_loss: float
    rmse_bins: float


@dataclass(frozen=True)
class FittedParameters:
    parameters: tuple[float, ...]
    fitted_at: datetime
    reviews: int                  # reviews in the log when fitted
    fitted: Evaluation            # these parameters on the held-out part
    previous: Evaluation          # the parameters they replaced, on the same part


def load(store: MetaStore) -> FittedParameters | None:
    """The adopted fit, or None (the defaults are in use). A damaged record counts as none."""
    raw = store.get_meta(META_KEY)
    if not isinstance(raw, dict):
        return None
    try:
        params = tuple(float(x) for x in raw["parameters"])
        return FittedParameters(
            params, from_db(raw["fitted_at"]), int(raw["reviews"]),
            Evaluation(float(raw["fitted"]["log_loss"]), float(raw["fitted"]["rmse_bins"])),
            Evaluation(float(raw["previous"]["log_loss"]), float(raw["previous"]["rmse_bins"])))
    except (KeyError, TypeError, ValueError):
        return None


def in_use(store: MetaStore) -> tuple[float, ...] | None:
    """The parameters to schedule with (None: fsrs's defaults)."""
    fit = load(store)
    return fit.parameters if fit else None


def save(store: MetaStore, fit: FittedParameters) -> None:
    store.set_meta(META_KEY, {
        "parameters": list(fit.parameters),
        "fitted_at": to_db(fit.fitted_at),
        "reviews": fit.reviews,
        "fitted": {"log_loss": fit.fitted.log_loss, "rmse_bins": fit.fitted.rmse_bins},
        "previous": {"log_loss": fit.previous.log_loss, "rmse_bins": fit.previous.rmse_bins},
    })


def clear(store: MetaStore) -> None:
    """Back to the defaults (the attempt record stays, so no re-fit is suggested at once)."""
    store.set_meta(META_KEY, None)


def record_attempt(store: MetaStore, reviews: int, at: datetime) -> None:
    store.set_meta(ATTEMPT_KEY, {"reviews": reviews, "at": to_db(at)})


def refit_suggestion(store: MetaStore, reviews_total: int) -> str | None:
    """One line for the home screen, or None: a first fit, or a re-fit once reviews doubled."""
    fit = load(store)
    attempt = store.get_meta(ATTEMPT_KEY)
    last = max(fit.reviews if fit else 0,
               int(attempt.get("reviews", 0)) if isinstance(attempt, dict) else 0)
    if last == 0:
        if reviews_total >= MIN_REVIEWS:
            return (f"{reviews_total} reviews: `trainer optimize` can fit the scheduler "
                    "to your memory")
        return None
    if reviews_total >= REFIT_FACTOR * last:
        return (f"Your reviews have doubled since the last fit ({last} → {reviews_total}): "
                "run `trainer optimize`")
    return None


@dataclass(frozen=True)
class InUse:
    """Which parameters schedule now: what `stats` shows (`stats --json`: `parameters`)."""

    source: str                                 # "default" or "fitted"
    fitted_at: datetime | None = None
    reviews: int | None = None
    values: tuple[float, ...] | None = None     # rounded to 4 places
    log_loss: float | None = None               # rounded to 4 places
    previous_log_loss: float | None = None

    @property
    def fitted(self) -> bool:
        return self.source == "fitted"

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source,
                "fitted_at": to_db(self.fitted_at) if self.fitted_at else None,
                "reviews": self.reviews,
                "values": list(self.values) if self.values is not None else None,
                "log_loss": self.log_loss, "previous_log_loss": self.previous_log_loss}


def describe(store: MetaStore) -> InUse:
    """The parameters in use, as `stats` and `stats --workload` show them."""
    fit = load(store)
    if fit is None:
        return InUse("default")
    return InUse("fitted", fit.fitted_at, fit.reviews,
                 tuple(round(x, 4) for x in fit.parameters),
                 round(fit.fitted.log_loss, 4), round(fit.previous.log_loss, 4))
