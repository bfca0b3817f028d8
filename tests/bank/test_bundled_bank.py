"""The bundled bank: every item of the guide, complete and self-consistent."""
from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from rich.console import Console

from trainer.bank import load_bank
from trainer.bank.matching import covered_points, detected, normalise

BANK = load_bank(bundled=True)

# What the guide holds, per kind and level: the bank must hold exactly this.
EXPECTED_KINDS = {
    "question": 25,
    "follow_up": 17,
    "concept_check": 15,
    "red_flag": 10,
    "strong_signal": 10,
    "live_coding": 3,
}
EXPECTED_QUESTION_LEVELS = {"junior": 7, "middle": 8, "senior": 7, "staff": 3}
LEVEL_OF_NUMBER = {n: ("junior" if n <= 7 else "middle" if n <= 15 else "senior" if n <= 22 else "staff")
                   for n in range(1, 26)}

UNRELATED = [
    "Knead the dough for ten minutes, let it rise in a warm place until doubled, then shape "
    "the loaf, score the top and bake at 230 degrees until the crust is deep brown.",
    "Set Cache-Control: max-age=3600 on static assets and use an ETag so the browser can "
    "revalidate with If-None-Match; a 304 Not Modified response saves the body transfer.",
    "My favourite holiday was a week of hiking in the mountains with friends and a dog.",
]

CARDS = list(BANK)


def test_counts_per_kind():
    assert Counter(c.kind for c in CARDS) == EXPECTED_KINDS


def test_question_counts_per_level():
    questions = [c for c in CARDS if c.kind == "question"]
    assert Counter(c.level for c in questions) == EXPECTED_QUESTION_LEVELS


def test_questions_are_numbered_1_to_25_at_the_guides_levels():
    questions = {c.number: c for c in CARDS if c.kind == "question"}
    assert sorted(questions) == list(range(1, 26))
    for n, card in questions.items():
        assert card.level == LEVEL_OF_NUMBER[n], card.id


def test_follow_ups_link_to_questions_and_share_their_level():
    for c in CARDS:
        if c.kind == "follow_up":
            parent = BANK.cards[c.parent]
            assert parent.kind == "question" and c.level == parent.level, c.id


def test_live_coding_prompts_name_the_three_katas():
    assert sorted(c.kata for c in CARDS if c.kind == "live_coding") == ["generic-fsm", "tcp", "vending"]


def test_interview_order_is_by_level_then_number_with_follow_ups_after_their_question():
    seen = []
    for c in CARDS:
        if c.kind == "question":
            seen.append(c.number)
        elif c.kind == "follow_up":
            assert seen and BANK.cards[c.parent].number == seen[-1], c.id
    assert seen == list(range(1, 26))


@pytest.mark.parametrize("card", CARDS, ids=lambda c: c.id)
def test_model_answer_covers_every_key_point(card):
    text = card.answer + "\n" + (card.detail or "") + "\n" + (card.looks_like or "")
    missed = [kp.text for kp, hit in covered_points(card, text) if not hit]
    assert not missed, f"{card.id}: its own answer misses {missed}"


@pytest.mark.parametrize("card", CARDS, ids=lambda c: c.id)
def test_unrelated_answers_cover_no_key_point(card):
    for text in UNRELATED:
        hits = [kp.text for kp, hit in covered_points(card, text) if hit]
        assert not hits, f"{card.id}: unrelated text covers {hits}"


def test_unrelated_answers_trigger_no_flag_or_signal():
    flagged = [c for c in CARDS if c.detect]
    assert len(flagged) == 20
    for text in UNRELATED:
        assert detected(flagged, text) == []


@pytest.mark.parametrize("card", [c for c in CARDS if c.kind == "red_flag"], ids=lambda c: c.id)
def test_a_red_flags_good_answer_does_not_raise_the_flag(card):
    assert card not in detected([card], card.answer)


@pytest.mark.parametrize("card", [c for c in CARDS if c.kind == "strong_signal"], ids=lambda c: c.id)
def test_a_strong_signals_answer_shows_the_signal(card):
    assert detected([card], card.answer + "\n" + (card.looks_like or "")) == [card]


@pytest.mark.parametrize("card", CARDS, ids=lambda c: c.id)
def test_every_card_renders_at_80_columns(card):
    from trainer.ui.cards import card_panel

    out = StringIO()
    Console(file=out, width=80, color_system=None).print(card_panel(card, BANK))
    text = out.getvalue()
    assert card.id in text
    assert all(len(line) <= 80 for line in text.splitlines())
    first_words = " ".join(normalise(card.answer).split()[:3])
    assert first_words in normalise(" ".join(text.replace("│", " ").split()))


def test_go_code_in_details_is_fenced_as_go():
    with_code = [c for c in CARDS if c.detail and "```" in c.detail]
    assert len(with_code) >= 8
    for c in with_code:
        fences = [line.strip() for line in c.detail.splitlines() if line.strip().startswith("```")]
        openers = fences[0::2]
        assert all(f in ("```go", "```sql", "```text", "```") for f in openers), c.id
        assert len(fences) % 2 == 0, f"{c.id}: unclosed code fence"
