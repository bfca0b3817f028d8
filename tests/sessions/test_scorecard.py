"""The mock scorecard is calibrated on the labelled set: correct concise answers are a Hire."""
from __future__ import annotations

from pathlib import Path

from trainer.bank import load_bank
from trainer.grading import grade
from trainer.grading.evaluation import load_set
from trainer.sessions.payload import Answer, SessionPayload
from trainer.sessions.scorecard import VERDICTS, build_scorecard

BANK = load_bank()
DATA = load_set(Path(__file__).parents[1] / "grading" / "eval_set.yaml")
RANK = {name: i for i, (_, name) in enumerate(VERDICTS)}   # 0 = Strong hire


def _payload(title: str, answers: list[Answer]) -> SessionPayload:
    return SessionPayload(title, tuple(a.card for a in answers), tuple(answers))


def _card(label: str):
    items = [a for a in DATA["answers"] if a["label"] == label]
    answers = [Answer.graded(a["card"], a["text"], 60, False,
                             grade(BANK.get(a["card"]), a["text"], BANK)) for a in items]
    return build_scorecard(BANK, _payload("calibration", answers))


def test_correct_concise_answers_are_at_least_a_hire():
    card = _card("correct")
    assert RANK[card.verdict] <= RANK["Hire"], (card.verdict, card.score)


def test_fluent_wrong_answers_are_no_better_than_lean_no_hire():
    card = _card("wrong")
    assert RANK[card.verdict] >= RANK["Lean no hire"], (card.verdict, card.score)


def test_flags_and_signals_come_with_the_answer_that_showed_them():
    text = "I would store the state object serialized in the database. I'd also write the event to an outbox table."
    graded = grade(BANK.get("q12-persistence"), text, BANK)
    card = build_scorecard(BANK, _payload("", [Answer.graded("q12-persistence", text, 30, False,
                                                             graded)]))
    flag = next(f for f in card.red_flags if f.id == "rf03-state-object-in-db")
    assert flag.answers == (1,) and "serialized" in flag.evidence[0].text
    assert any(s.id == "ss07-brings-up-outbox" for s in card.strong_signals)
    assert "Hard" in card.rules or "credit" in card.rules
