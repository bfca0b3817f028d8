"""optimize: fitting FSRS parameters to a review log.

`optimize.fit_s`: `trainer.optimizer.fit` (items, time-ordered split, fit, both
  evaluations) on 20,000 synthetic reviews of a learner whose memory follows
  known parameters (tests/helpers/synthetic_reviews.py). Goal < 10 s.
`optimize.logloss_default` / `optimize.logloss_fitted` / `optimize.logloss_true`: the
  held-out log loss of the defaults, the fit and the generating parameters;
  the fit must move from the defaults toward the truth.
`optimize.workload_s`: `stats --workload`'s simulation (four retentions, 30 days) on
  the 20,000-review learner's cards plus 500 new ones.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.helpers.synthetic_reviews import TRUE_PARAMETERS, generate
from trainer import optimizer, workload


def run() -> list[tuple[str, float, str]]:
    answers = generate(20_000, seed=1)
    start = time.perf_counter()
    outcome = optimizer.fit(answers, None)
    fit_s = time.perf_counter() - start
    items = optimizer.build_items(answers)
    held_out = [item for _, item in items[int(len(items) * optimizer.TRAIN_SHARE):]]
    truth = optimizer.evaluate(TRUE_PARAMETERS, held_out)
    assert outcome.fitted is not None and outcome.current is not None
    toward = abs(outcome.fitted.log_loss - truth.log_loss) < abs(
        outcome.current.log_loss - truth.log_loss)
    cards = [workload.SimCard(3.0 + i % 11, 5.0, i % 30, -2) for i in range(
        len({a.card_id for a in answers}))]
    start = time.perf_counter()
    workload.simulate(cards, 500, outcome.parameters, new_per_day=10, reviews_per_day=200)
    sim_s = time.perf_counter() - start
    return [
        ("optimize.fit_s", fit_s, "s"),
        ("optimize.reviews", len(answers), "reviews"),
        ("optimize.logloss_default", outcome.current.log_loss, ""),
        ("optimize.logloss_fitted", outcome.fitted.log_loss, ""),
        ("optimize.logloss_true", truth.log_loss, ""),
        ("optimize.fit_moves_toward_truth", int(toward), "(1 = yes)"),
        ("optimize.workload_s", sim_s, "s"),
    ]
