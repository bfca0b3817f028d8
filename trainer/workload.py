"""Expected reviews per day at several desired retentions: a small simulator on FSRS.

A learner choosing a retention wants to know what it costs. fsrs-rs-python's
own `simulate` starts from an empty collection, so it cannot say what *this*
learner's next month looks like; this simulator starts from the learner's
cards as they are (stability, difficulty, due day) and steps day by day with
fsrs-rs-python's FSRS model and the parameters in use:

* each day, due cards are answered (oldest due first) up to `reviews_per_day`,
  then new cards up to `new_per_day` (and what is left of the review limit),
  as a review session does;
* an answer is recalled with the forgetting curve's probability at that
  elapsed time (recalled: Hard/Good/Easy in the proportions FSRS's simulator
  uses by default; forgotten: Again), and the card comes back after the
  interval FSRS gives for that rating at the retention being simulated
  (at least one day: same-day learning steps are not counted);
* several seeded runs are averaged, so the figures are stable from one call
  to the next.
"""
from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from trainer.fsrs_params import InUse
from trainer.scheduling import day_start_local
from trainer.settings import Settings
from trainer.store.rows import CardRow

RETENTIONS = (0.80, 0.85, 0.90, 0.95)
DAYS = 30
MAX_RUNS = 8
WORK_PER_CALL = 40_000      # cards x runs per retention, to bound the time on big collections
FIRST_RATING = (0.24, 0.094, 0.495, 0.171)      # Again, Hard, Good, Easy of a new card
RECALL_RATING = (0.224, 0.631, 0.145)           # Hard, Good, Easy when recalled
_NAMES = ("again", "hard", "good", "easy")


@dataclass(frozen=True)
class SimCard:
    """One card as the simulator starts it (`stability` None: never answered)."""

    stability: float
    difficulty: float
    due_day: int             # days from today (<= 0: due today)
    last_day: int            # days from today of the last answer (<= 0)


@dataclass(frozen=True)
class Workload:
    retention: float
    reviews: tuple[float, ...]     # expected reviews of seen cards on each day
    new: tuple[float, ...]         # new cards introduced each day

    @property
    def average(self) -> float:
        return sum(self.reviews) / len(self.reviews) if self.reviews else 0.0


def start_cards(rows: Iterable[CardRow], bank_ids: set[str] | None, now: datetime, hour: int,
                tz: tzinfo | None = None) -> list[SimCard]:
    """The learner's scheduled cards (not suspended, still in the bank) as simulator cards."""
    today = day_start_local(now, hour, tz).date().toordinal()
    out = []
    for r in rows:
        if r.suspended or r.stability is None or r.difficulty is None:
            continue
        if bank_ids is not None and r.card_id not in bank_ids:
            continue
        due = day_start_local(r.due, hour, tz).date().toordinal() - today
        last = (day_start_local(r.last_review, hour, tz).date().toordinal() - today
                if r.last_review else min(0, due))
        out.append(SimCard(r.stability, r.difficulty, max(0, due), min(0, last)))
    return out


def simulate(cards: Sequence[SimCard], unseen: int, parameters: Sequence[float] | None, *,
             new_per_day: int, reviews_per_day: int, retentions: Sequence[float] = RETENTIONS,
             days: int = DAYS, seed: int = 7, max_runs: int = MAX_RUNS) -> list[Workload]:
    """Expected daily reviews and new cards for each retention over `days` days."""
    from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS, MemoryState

    w = list(parameters) if parameters is not None else list(DEFAULT_PARAMETERS)
    model = FSRS(w)
    decay = -w[20]
    factor = 0.9 ** (1 / decay) - 1
    size = max(1, len(cards) + min(unseen, new_per_day * days))
    runs = max(1, min(max_runs, WORK_PER_CALL // size))
    out = []
    for retention in retentions:
        reviews = [0.0] * days
        new = [0.0] * days
        for run in range(runs):
            rng = random.Random(seed * 1000 + run)
            # [due_day, last_day, memory]; a list kept sorted by due day each day
            deck: list[list[Any]] = [[c.due_day, c.last_day, MemoryState(c.stability, c.difficulty)]
                                     for c in cards]
            left = unseen
            for day in range(days):
                due = sorted((c for c in deck if c[0] <= day), key=lambda c: c[0])
                answered = 0
                for c in due[:reviews_per_day]:
                    elapsed = day - c[1]
                    recall = (1 + factor * elapsed / c[2].stability) ** decay
                    if rng.random() < recall:
                        rating = rng.choices((2, 3, 4), RECALL_RATING)[0]
                    else:
                        rating = 1
                    state = getattr(model.next_states(c[2], retention, elapsed), _NAMES[rating - 1])
                    c[0], c[1], c[2] = day + max(1, round(state.interval)), day, state.memory
                    answered += 1
                reviews[day] += answered
                fresh = min(new_per_day, left, max(0, reviews_per_day - answered))
                for _ in range(fresh):
                    rating = rng.choices((1, 2, 3, 4), FIRST_RATING)[0]
                    state = getattr(model.next_states(None, retention, 0), _NAMES[rating - 1])
                    deck.append([day + max(1, round(state.interval)), day, state.memory])
                left -= fresh
                new[day] += fresh
        out.append(Workload(retention, tuple(round(x / runs, 2) for x in reviews),
                            tuple(round(x / runs, 2) for x in new)))
    return out


@dataclass(frozen=True)
class WorkloadReport:
    """What `trainer stats --workload` shows; `to_json()` is its `--json` document."""

    days: int
    cards: int                     # scheduled cards the simulation starts from
    unseen: int                    # bank cards never answered, introduced as new ones
    new_per_day: int
    reviews_per_day: int
    desired_retention: float
    parameters: InUse
    workload: tuple[Workload, ...]     # one per retention, lowest first

    def to_json(self) -> dict[str, Any]:
        return {"days": self.days, "cards": self.cards, "unseen": self.unseen,
                "new_per_day": self.new_per_day, "reviews_per_day": self.reviews_per_day,
                "desired_retention": self.desired_retention,
                "parameters": self.parameters.to_json(),
                "workload": [{"retention": w.retention, "average": round(w.average, 2),
                              "reviews": list(w.reviews), "new": list(w.new)}
                             for w in self.workload]}


def report(rows: Sequence[CardRow], bank_ids: set[str] | None, now: datetime,
           settings: Settings, parameters: InUse,
           in_use: Sequence[float] | None) -> WorkloadReport:
    """Simulate the learner's next `DAYS` days at each of `RETENTIONS` from their cards now."""
    cards = start_cards(rows, bank_ids, now, settings.day_starts_at_hour)
    seen = {r.card_id for r in rows}
    unseen = sum(1 for c in bank_ids if c not in seen) if bank_ids is not None else 0
    result = simulate(cards, unseen, in_use, new_per_day=settings.new_per_day,
                      reviews_per_day=settings.reviews_per_day)
    return WorkloadReport(DAYS, len(cards), unseen, settings.new_per_day,
                          settings.reviews_per_day, settings.desired_retention, parameters,
                          tuple(result))
