"""Key-point matching against answers in a candidate's own words.

tests/bank/paraphrases.yaml holds, per card, answers a good candidate might
type (each listing the key points it makes) and plausible-but-wrong answers.
A good answer must be credited with every point it lists; a weak one must not
collect more than a point or so. Every card of the answer-checked kinds needs
an entry, so a new card arrives with its paraphrases.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from trainer.bank import load_bank
from trainer.bank.matching import covered_points, normalise

BANK = load_bank(bundled=True)
DATA = yaml.safe_load((Path(__file__).with_name("paraphrases.yaml")).read_text(encoding="utf-8"))

GOOD_KINDS = ("question", "follow_up", "concept_check", "live_coding")
MIN_GOOD = 2
MIN_WEAK = 1


def _card(card_id):
    card = BANK.cards.get(card_id)
    assert card is not None, f"paraphrases.yaml: unknown card {card_id!r}"
    return card


def _hits(card, text) -> list[int]:
    return [i for i, (_, hit) in enumerate(covered_points(card, text), 1) if hit]


GOOD = [(cid, n, item) for cid, entry in DATA.items() for n, item in enumerate(entry.get("good") or [], 1)]
WEAK = [(cid, n, item) for cid, entry in DATA.items() for n, item in enumerate(entry.get("weak") or [], 1)]


def test_every_answer_checked_card_has_good_and_weak_paraphrases():
    missing = []
    for card in BANK:
        entry = DATA.get(card.id) or {}
        if card.kind in GOOD_KINDS and len(entry.get("good") or []) < MIN_GOOD:
            missing.append(f"{card.id}: needs {MIN_GOOD} good paraphrases")
        if card.key_points and len(entry.get("weak") or []) < MIN_WEAK:
            missing.append(f"{card.id}: needs {MIN_WEAK} weak answer")
    assert not missing, "\n".join(missing)


def test_entries_are_well_formed():
    problems = []
    for cid, entry in DATA.items():
        card = _card(cid)
        if set(entry) - {"good", "weak"}:
            problems.append(f"{cid}: unknown fields {sorted(set(entry) - {'good', 'weak'})}")
        for item in entry.get("good") or []:
            covers = item.get("covers")
            if not isinstance(item.get("text"), str) or not item["text"].strip():
                problems.append(f"{cid}: a good paraphrase without text")
            if not covers or any(not isinstance(i, int) or not 1 <= i <= len(card.key_points) for i in covers):
                problems.append(f"{cid}: covers {covers!r} must be indices 1..{len(card.key_points)}")
            if normalise(item.get("text") or "") == normalise(card.answer):
                problems.append(f"{cid}: a good paraphrase repeats the model answer")
        for item in entry.get("weak") or []:
            if not isinstance(item.get("text"), str) or not item["text"].strip():
                problems.append(f"{cid}: a weak answer without text")
            if not isinstance(item.get("max_covered"), int) or item["max_covered"] < 0:
                problems.append(f"{cid}: max_covered must be a number >= 0")
            elif item["max_covered"] > 1:
                problems.append(f"{cid}: a weak answer may cover at most one point")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("card_id,n,item", GOOD, ids=[f"{c}-good{n}" for c, n, _ in GOOD])
def test_a_good_paraphrase_covers_its_points(card_id, n, item):
    card = _card(card_id)
    hits = _hits(card, item["text"])
    missed = [f"{i}. {card.key_points[i - 1].text}" for i in item["covers"] if i not in hits]
    assert not missed, f"{card_id} good #{n} misses: {missed}"


@pytest.mark.parametrize("card_id,n,item", WEAK, ids=[f"{c}-weak{n}" for c, n, _ in WEAK])
def test_a_weak_answer_covers_at_most_its_limit(card_id, n, item):
    card = _card(card_id)
    hits = _hits(card, item["text"])
    assert len(hits) <= item["max_covered"], (
        f"{card_id} weak #{n} covers {[card.key_points[i - 1].text for i in hits]}")
