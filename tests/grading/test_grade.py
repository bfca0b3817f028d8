"""grade(): the bank's own answers, misconceptions, caps, safety limits, and the CLI."""
from __future__ import annotations

import json
import time

import pytest

from trainer.bank import load_bank, load_files
from trainer.bank.loader import BankError
from trainer.grading import grade
from trainer.grading.lexicon import bundled_lexicon
from trainer.grading.rubric import parse
from trainer.rating import Rating

BANK = load_bank()
CARDS = list(BANK)


def _own_text(card):
    return card.answer + "\n" + (card.detail or "")


@pytest.mark.parametrize("card", [c for c in CARDS if c.key_points], ids=lambda c: c.id)
def test_a_model_answer_covers_its_points_and_asserts_none_of_its_misconceptions(card):
    g = grade(card, _own_text(card), BANK)
    assert [p.point for p in g.points if not p.covered] == []
    assert [m.id for m in g.misconceptions] == []


def test_every_rubric_of_the_bundled_bank_parses_against_the_lexicon():
    assert bundled_lexicon().concepts
    sources = [r for c in CARDS for kp in c.key_points for r in kp.rubric]
    sources += [r for c in CARDS for m in c.misconceptions for r in m.rubric]
    sources += [r for c in CARDS for r in c.detect_rubric]
    assert len(sources) > 100
    for src in sources:
        parse(src)


def test_questions_and_concept_checks_mostly_carry_misconceptions():
    asked = [c for c in CARDS if c.kind in ("question", "concept_check")]
    with_mc = [c for c in asked if c.misconceptions]
    assert len(with_mc) >= 0.8 * len(asked)
    for c in with_mc:
        for m in c.misconceptions:
            assert m.correction and m.claim and (m.rubric or m.patterns)


def test_an_asserted_misconception_is_named_and_caps_the_rating_at_hard():
    card = BANK.get("q14-concurrency")
    answer = ("Use an atomic.Pointer for the state: it makes the read and the write atomic, so two "
              "goroutines can never both move from pending to paid. That keeps the machine "
              "simple, and callers never wait on a lock.")
    g = grade(card, answer, BANK)
    assert [m.id for m in g.misconceptions] == ["atomic-makes-it-safe"]
    assert g.misconceptions[0].evidence and "atomic" in g.misconceptions[0].evidence
    assert g.suggested <= Rating.HARD


def test_the_same_words_under_negation_are_no_misconception():
    card = BANK.get("q14-concurrency")
    answer = ("An atomic pointer is not enough: it never makes the read-decide-write safe. Hold one "
              "mutex across the whole transition, or let a single goroutine own the machine.")
    assert grade(card, answer, BANK).misconceptions == ()


def test_issue_examples_in_other_words_are_credited():
    q01 = grade(BANK.get("q01-state-pattern"), "behavior changes with the internal state, each state "
                "its own class, context delegates to the current state", BANK)
    assert sum(q01.covered) >= 3 and q01.suggested >= Rating.GOOD
    cc09 = grade(BANK.get("cc09-guard"), "A guard is checked before the transition fires.", BANK)
    assert all(cc09.covered)
    q02 = grade(BANK.get("q02-state-vs-switch"), "Switch on status field duplicated across every method", BANK)
    assert q02.points[1].covered


def test_an_empty_answer_is_again():
    g = grade(BANK.get("q01-state-pattern"), "  ", BANK)
    assert g.suggested is Rating.AGAIN and not any(g.covered)


@pytest.mark.parametrize("card_id", ["q14-concurrency", "q23-temporal-lite", "rf06-mutex-across-io"])
def test_a_5_mb_answer_cannot_hang_grading(card_id):
    huge = ("the context forwards (a+)+ calls to the current state, never the lock " * 80_000)[:5_000_000]
    grade(BANK.get(card_id), "warm up", BANK)
    start = time.perf_counter()
    grade(BANK.get(card_id), huge, BANK)
    assert time.perf_counter() - start < 1.0, "the answer is capped before matching"


@pytest.mark.parametrize("pattern", ["(a+)+", "(.|.)*x", "(a|a)*$", "(\\\\w*)*", ".*.*x"])
def test_catastrophic_patterns_are_refused_with_file_and_line(tmp_path, pattern):
    pack = tmp_path / "p.yaml"
    pack.write_text(
        "pack: mine\ncards:\n  - id: my-card\n    kind: concept_check\n    prompt: p?\n"
        "    answer: a.\n    key_points:\n      - point: x\n"
        f"        match: ['{pattern}']\n", encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_files([pack], kata_slugs=[])
    assert f"{pack}:8:" in info.value.message and "hang" in info.value.message


def test_user_pack_rubrics_and_misconceptions_are_validated(tmp_path):
    pack = tmp_path / "p.yaml"
    pack.write_text(
        "pack: mine\ncards:\n  - id: my-card\n    kind: concept_check\n    prompt: p?\n"
        "    answer: a.\n    key_points:\n      - point: x\n        rubric: ['@nope & (a']\n"
        "    misconceptions:\n      - id: m1\n        claim: c\n        correction: k\n", encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_files([pack], kata_slugs=[])
    text = info.value.message
    assert "rubric" in text and "needs `rubric` and/or `match`" in text


def test_a_user_pack_with_rubrics_grades(tmp_path):
    pack = tmp_path / "p.yaml"
    pack.write_text(
        "pack: mine\ncards:\n  - id: my-card\n    kind: concept_check\n    prompt: p?\n"
        "    answer: The guard is checked first.\n    key_points:\n      - point: guard first\n"
        "        rubric: ['guard & @before']\n        probe: When is it checked?\n"
        "    misconceptions:\n      - id: after\n        claim: guard after\n"
        "        rubric: ['guard (run* | check*) after']\n        correction: It is checked before.\n",
        encoding="utf-8")
    bank = load_files([pack], kata_slugs=[])
    card = bank.get("my-card")
    assert grade(card, "the guard is checked before anything", bank).covered == (True,)
    g = grade(card, "the guard runs after the move", bank)
    assert g.covered == (False,) and g.points[0].probe == "When is it checked?"
    assert [m.correction for m in g.misconceptions] == ["It is checked before."]


def test_grade_round_trips_through_json():
    from trainer.grading import Grade

    g = grade(BANK.get("q12-persistence"), "I would serialize the state struct to JSON in a column.", BANK)
    back = Grade.from_json(json.loads(json.dumps(g.to_json())), BANK)
    assert back.to_json() == g.to_json()
    assert "rf03-state-object-in-db" in g.to_json()["red_flags"]
