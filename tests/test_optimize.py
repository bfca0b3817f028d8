"""`trainer optimize`: fits on synthetic histories with a known answer, refuses when it should."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.helpers.progress import scheduler
from tests.helpers.synthetic_reviews import TRUE_PARAMETERS, generate
from trainer import fsrs_params, optimizer
from trainer.fsrs_params import MIN_REVIEWS, Evaluation, FittedParameters
from trainer.store import Store


def test_a_fit_moves_log_loss_toward_the_generating_parameters():
    answers = generate(5000, seed=1)
    outcome = optimizer.fit(answers, None)
    assert outcome.adopted and outcome.parameters is not None
    assert len(outcome.parameters) == 21
    items = optimizer.build_items(answers)
    held_out = [item for _, item in items[int(len(items) * optimizer.TRAIN_SHARE):]]
    truth = optimizer.evaluate(TRUE_PARAMETERS, held_out)
    assert outcome.current is not None and outcome.fitted is not None
    assert outcome.fitted.log_loss < outcome.current.log_loss
    # closer to the truth's log loss than the defaults were
    assert abs(outcome.fitted.log_loss - truth.log_loss) < abs(outcome.current.log_loss - truth.log_loss)


def test_parameters_that_already_are_the_truth_are_kept():
    outcome = optimizer.fit(generate(3000, seed=1), TRUE_PARAMETERS)
    assert outcome.parameters is not None and not outcome.adopted
    assert "kept the current ones" in outcome.reason


def test_too_few_reviews_says_how_many_more():
    outcome = optimizer.fit(generate(MIN_REVIEWS - 150), None)
    assert outcome.parameters is None and not outcome.adopted
    assert outcome.needed == 150 and "150 more" in outcome.reason


def test_reviews_all_on_one_day_are_not_enough():
    answers = [optimizer.Answer(f"c{i % 50}", 740_000, 3, 1000) for i in range(MIN_REVIEWS)]
    outcome = optimizer.fit(answers, None)
    assert outcome.parameters is None and "later day" in outcome.reason


def test_items_use_days_since_the_previous_review():
    answers = [optimizer.Answer("a", 10, 3, None), optimizer.Answer("a", 10, 1, None),
               optimizer.Answer("a", 13, 3, None), optimizer.Answer("b", 11, 3, None),
               optimizer.Answer("b", 12, 2, None)]
    items = optimizer.build_items(answers)
    assert [day for day, _ in items] == [12, 13]
    assert repr(items[1][1]) == ("FSRSItem { reviews: [FSRSReview { rating: 3, delta_t: 0 }, "
                                 "FSRSReview { rating: 1, delta_t: 0 }, "
                                 "FSRSReview { rating: 3, delta_t: 3 }] }")


class Meta(dict):
    def get_meta(self, key, default=None):
        return self.get(key, default)

    def set_meta(self, key, value):
        self[key] = json.loads(json.dumps(value))


def test_refit_is_suggested_once_reviews_doubled():
    meta = Meta()
    assert fsrs_params.refit_suggestion(meta, MIN_REVIEWS - 1) is None
    assert "trainer optimize" in fsrs_params.refit_suggestion(meta, MIN_REVIEWS)
    fit = FittedParameters(TRUE_PARAMETERS, datetime(2026, 1, 2, tzinfo=UTC), 1000,
                           Evaluation(0.3, 0.02), Evaluation(0.35, 0.04))
    fsrs_params.save(meta, fit)
    assert fsrs_params.load(meta) == fit
    assert fsrs_params.refit_suggestion(meta, 1999) is None
    assert "doubled" in fsrs_params.refit_suggestion(meta, 2000)
    fsrs_params.record_attempt(meta, 2000, datetime(2026, 2, 1, tzinfo=UTC))  # refused, tried
    assert fsrs_params.refit_suggestion(meta, 3999) is None
    meta[fsrs_params.META_KEY] = {"parameters": "garbage"}
    assert fsrs_params.load(meta) is None and fsrs_params.in_use(meta) is None


def fill_store(answers) -> None:
    """Write synthetic answers straight into the progress file (one transaction)."""
    with Store.open() as store, store.transaction():
        for card in sorted({a.card_id for a in answers}):
            store._execute("INSERT INTO cards (card_id, state, due) VALUES (?, 2, ?)",
                           (card, "2030-01-01T00:00:00.000000Z"))
        for a in answers:
            at = datetime.combine(date.fromordinal(a.day), datetime.min.time(), UTC) + timedelta(hours=12)
            store._execute(
                "INSERT INTO reviews (card_id, at, rating, state_before, state_after, due_after,"
                " duration_ms) VALUES (?, ?, ?, 2, 2, ?, ?)",
                (a.card_id, at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), a.rating,
                 "2030-01-01T00:00:00.000000Z", a.duration_ms))


@pytest.mark.katas  # over ~0.3 s: the slow part
def test_the_command_dry_runs_adopts_and_the_scheduler_uses_the_fit(cli):
    code, out, _ = cli("optimize")
    assert code == 0 and f"{MIN_REVIEWS} more" in out and "keeps the defaults" in out
    fill_store(generate(3000, seed=1))
    code, out, _ = cli("optimize", "--dry-run")
    assert code == 0 and "would be adopted" in out and "Nothing was changed" in out
    with Store.open() as store:
        assert fsrs_params.load(store) is None
    code, out, _ = cli("optimize")
    assert code == 0 and "Adopted" in out
    with Store.open() as store:
        fit = fsrs_params.load(store)
        assert fit is not None and fit.reviews == 3000
    code, out, _ = cli("stats", "--json")
    params = json.loads(out)["parameters"]
    assert params["source"] == "fitted" and params["reviews"] == 3000
    assert params["values"] == [round(x, 4) for x in fit.parameters]
    code, out, _ = cli("optimize", "--reset")
    assert code == 0 and "default parameters again" in out
    with Store.open() as store:
        assert fsrs_params.in_use(store) is None
        fsrs_params.save(store, fit)
    from trainer.cli.practice import _context

    bank, store, scheduler = _context()
    try:
        assert scheduler.parameters == fit.parameters
        assert tuple(scheduler._schedulers()[0].parameters) == pytest.approx(fit.parameters)
    finally:
        store.close()


def test_revlog_has_the_optimizers_columns_and_durations(cli, tmp_path):

    sched = scheduler()
    t0 = datetime(2026, 3, 1, 12, tzinfo=UTC)
    with Store.open() as store:
        sched.grade(store, "q01-what-is-state", 3, t0, duration_ms=4200)
        sched.grade(store, "q01-what-is-state", 1, t0 + timedelta(days=2), duration_ms=9100)
        sched.grade(store, "q02-state-vs-switch", 4, t0 + timedelta(hours=1))
    out = tmp_path / "revlog.csv"
    code, stdout, _ = cli("optimize", "--revlog", str(out))
    assert code == 0 and "Wrote 3 reviews" in stdout
    ms = int(t0.timestamp() * 1000)
    assert out.read_text().splitlines() == [
        "card_id,review_time,review_rating,review_state,review_duration",
        f"1,{ms},3,0,4200",
        f"2,{ms + 3_600_000},4,0,0",
        f"1,{ms + 2 * 86_400_000},1,1,9100",
    ]
    code, _, err = cli("optimize", "--revlog", str(out))
    assert code == 2 and "already exists" in err


@pytest.mark.katas  # over ~0.3 s: the slow part
def test_home_screen_suggests_a_first_fit_once_there_are_enough_reviews():
    from trainer.cli import home

    assert not any(line.startswith("Scheduler:") for line in home.lines(home.gather()))
    fill_store(generate(MIN_REVIEWS, seed=3))
    shown = [line for line in home.lines(home.gather()) if line.startswith("Scheduler:")]
    assert len(shown) == 1 and "trainer optimize" in shown[0]


def test_stats_says_which_parameters_are_in_use(cli):
    code, out, _ = cli("stats")
    assert code == 0 and "Scheduler  FSRS default parameters" in out
    with Store.open() as store:
        fsrs_params.save(store, FittedParameters(
            TRUE_PARAMETERS, datetime(2026, 4, 5, 9, tzinfo=UTC), 1234,
            Evaluation(0.41234, 0.02), Evaluation(0.4321, 0.04)))
    code, out, _ = cli("stats")
    line = next(x for x in out.splitlines() if x.startswith("Scheduler"))
    assert line == "Scheduler  FSRS fitted 2026-04-05 on 1234 reviews, log loss 0.412 (was 0.432)"
