"""Review histories generated from known FSRS parameters (tests and benchmarks share them).

A simulated learner whose memory follows `TRUE_PARAMETERS` is scheduled with
the default parameters (as a new trainer user is), so a good fit moves
toward the true ones: on held-out reviews its log loss approaches the log
loss of the true parameters.
"""
from __future__ import annotations

import random

from trainer.optimizer import Answer

TRUE_PARAMETERS = (0.1, 0.5, 1.0, 3.0, 6.4133, 0.8334, 3.0194, 0.001, 1.2, 0.3, 1.2, 2.0,
                   0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542)
_NAMES = ("again", "hard", "good", "easy")


def generate(n_reviews: int, seed: int = 1, start_day: int = 740_000,
             parameters: tuple[float, ...] = TRUE_PARAMETERS) -> list[Answer]:
    """About `n_reviews` answers (card by card, oldest first) of a learner with `parameters`."""
    from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS

    truth, scheduler = FSRS(list(parameters)), FSRS(list(DEFAULT_PARAMETERS))
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    rng = random.Random(seed)
    out: list[Answer] = []
    card = 0
    while len(out) < n_reviews:
        card += 1
        day = start_day + rng.randint(0, 60)
        rating = rng.choices((1, 2, 3, 4), (0.2, 0.1, 0.6, 0.1))[0]
        memory = getattr(truth.next_states(None, 0.9, 0), _NAMES[rating - 1]).memory
        sched = getattr(scheduler.next_states(None, 0.9, 0), _NAMES[rating - 1]).memory
        out.append(Answer(f"c{card:05d}", day, rating, rng.randint(3_000, 40_000)))
        while len(out) < n_reviews and day < start_day + 400:
            ivl = max(1, round(scheduler.next_interval(sched.stability, 0.9, 3)
                               * rng.uniform(0.8, 1.3)))
            day += ivl
            recall = (1 + factor * ivl / memory.stability) ** decay
            rating = 1 if rng.random() > recall else rng.choices((2, 3, 4), (0.1, 0.8, 0.1))[0]
            memory = getattr(truth.next_states(memory, 0.9, ivl), _NAMES[rating - 1]).memory
            sched = getattr(scheduler.next_states(sched, 0.9, ivl), _NAMES[rating - 1]).memory
            out.append(Answer(f"c{card:05d}", day, rating, rng.randint(3_000, 40_000)))
    return out
