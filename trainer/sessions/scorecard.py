"""The mock interview's scorecard: what an interviewer would write down.

Per question: the key points the answer covered and the time it took. Across
the interview: the red flags and strong signals the answers showed, each with
the sentence that showed it, then a verdict on the usual hire scale.

The score is built from the grade each answer got when it was given (the same
`trainer.grading.grade` the feedback showed): every answer earns the credit
of its suggested rating (`RATING_CREDIT`; an answer asserting a misconception
is at most Hard), follow-ups weigh half, then red flags cost and strong
signals add a little. A correct, concise answer is suggested Good, so a set of
them scores 0.75, a Hire; raw key-point coverage is not used, because
a concise correct answer often covers three points of five. The rule is
printed with the card, so a learner can see why the verdict came out as it did.

The scorecard is a frozen `Scorecard` record; `to_json`/`from_json` are its one
JSON form, the one the store keeps (older stored scorecards lack some fields:
`from_json` gives them defaults). `Headline` reads the few fields every stored
scorecard has, the interview's too, for lists and the home screen.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trainer.bank import Bank
from trainer.bank.model import Kind
from trainer.rating import Rating
from trainer.sessions.payload import Answer, SessionPayload

Json = Any

FOLLOW_UP_WEIGHT = 0.5      # a follow-up counts half a question
# What an answer earns, by its suggested rating; unanswered earns 0.
RATING_CREDIT = {Rating.AGAIN: 0.1, Rating.HARD: 0.45, Rating.GOOD: 0.75, Rating.EASY: 1.0}
FLAG_PENALTY = 0.08         # per distinct red flag shown
SIGNAL_BONUS = 0.04         # per distinct strong signal shown
SIGNAL_BONUS_CAP = 0.12

# (lowest score, verdict), best first
VERDICTS = [
    (0.80, "Strong hire"),
    (0.65, "Hire"),
    (0.50, "Lean hire"),
    (0.35, "Lean no hire"),
    (0.0, "No hire"),
]

RULES = ("score = mean answer credit by suggested rating ("
         + ", ".join(f"{r.label} {credit}" for r, credit in RATING_CREDIT.items())
         + f"; unanswered 0; follow-ups weigh {FOLLOW_UP_WEIGHT}) "
         f"- {FLAG_PENALTY:.2f} per red flag + {SIGNAL_BONUS:.2f} per strong signal "
         f"(at most {SIGNAL_BONUS_CAP:.2f})")


def verdict_for(score: float) -> str:
    for floor, name in VERDICTS:
        if score >= floor:
            return name
    return VERDICTS[-1][1]


@dataclass(frozen=True)
class Evidence:
    """The sentence of answer `answer` that showed a flag or signal."""

    answer: int
    text: str


@dataclass(frozen=True)
class Finding:
    """A red flag or strong signal the interview showed, with the answers that showed it."""

    id: str
    title: str
    looks_like: str | None = None
    answers: tuple[int, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    def to_json(self) -> dict[str, Json]:
        return {"id": self.id, "title": self.title, "looks_like": self.looks_like,
                "answers": list(self.answers),
                "evidence": [{"answer": e.answer, "text": e.text} for e in self.evidence]}

    @classmethod
    def from_json(cls, data: Json) -> Finding:
        evidence = data.get("evidence") or []
        return cls(str(data.get("id", "")), str(data.get("title") or data.get("id") or ""),
                   data.get("looks_like"), tuple(int(a) for a in data.get("answers") or []),
                   tuple(Evidence(int(e.get("answer", 0)), str(e.get("text") or ""))
                         for e in evidence if isinstance(e, dict)))


@dataclass(frozen=True)
class QuestionRow:
    """One asked card: key points covered (of `points`), the time, what was missed."""

    number: int
    id: str
    kind: str                 # the card's kind ("unknown" when it left the bank)
    prompt: str
    covered: int
    points: int
    missed: tuple[str, ...]
    seconds: float
    timed_out: bool
    skipped: bool
    suggested: Rating | None = None
    misconceptions: tuple[str, ...] = ()   # the corrections of wrong claims it made

    @property
    def share(self) -> float:
        return self.covered / self.points if self.points else 0.0

    def to_json(self) -> dict[str, Json]:
        return {"number": self.number, "id": self.id, "kind": self.kind, "prompt": self.prompt,
                "covered": self.covered, "points": self.points, "missed": list(self.missed),
                "seconds": self.seconds, "timed_out": self.timed_out, "skipped": self.skipped,
                "suggested": None if self.suggested is None else int(self.suggested),
                "misconceptions": list(self.misconceptions)}

    @classmethod
    def from_json(cls, data: Json) -> QuestionRow:
        return cls(int(data.get("number", 0)), str(data.get("id", "")),
                   str(data.get("kind") or ""), str(data.get("prompt") or data.get("id") or ""),
                   int(data.get("covered") or 0), int(data.get("points") or 0),
                   tuple(str(m) for m in data.get("missed") or []),
                   float(data.get("seconds") or 0), bool(data.get("timed_out")),
                   bool(data.get("skipped")), Rating.from_json(data.get("suggested")),
                   tuple(str(m) for m in data.get("misconceptions") or []))


@dataclass(frozen=True)
class Scorecard:
    """A finished mock interview's scorecard (`score` out of 100)."""

    title: str
    questions: tuple[QuestionRow, ...]
    coverage: float
    credit: float
    red_flags: tuple[Finding, ...]
    strong_signals: tuple[Finding, ...]
    score: int
    verdict: str
    time_limit: float | None
    rules: str

    def to_json(self) -> dict[str, Json]:
        return {"title": self.title, "questions": [q.to_json() for q in self.questions],
                "coverage": self.coverage, "credit": self.credit,
                "red_flags": [f.to_json() for f in self.red_flags],
                "strong_signals": [f.to_json() for f in self.strong_signals],
                "score": self.score, "verdict": self.verdict, "time_limit": self.time_limit,
                "rules": self.rules}

    @classmethod
    def from_json(cls, data: Json) -> Scorecard:
        return cls(
            title=str(data.get("title") or "Mock interview"),
            questions=tuple(QuestionRow.from_json(q) for q in data.get("questions") or []),
            coverage=float(data.get("coverage") or 0.0),
            credit=float(data.get("credit") or 0.0),
            red_flags=tuple(Finding.from_json(f) for f in data.get("red_flags") or []),
            strong_signals=tuple(Finding.from_json(f) for f in data.get("strong_signals") or []),
            score=int(data.get("score") or 0),
            verdict=str(data.get("verdict") or "?"),
            time_limit=data.get("time_limit"),
            rules=str(data.get("rules") or ""),
        )


@dataclass(frozen=True)
class Headline:
    """What every stored scorecard (a mock's or an interview's) says at a glance."""

    title: str
    verdict: str
    score: int | None
    questions: int
    red_flags: int
    strong_signals: int

    @property
    def score_text(self) -> str:
        return "?" if self.score is None else str(self.score)

    @classmethod
    def from_json(cls, data: Json) -> Headline:
        def count(key: str) -> int:
            value = data.get(key)
            return len(value) if isinstance(value, list) else 0

        score = data.get("score")
        return cls(str(data.get("title") or ""), str(data.get("verdict") or "?"),
                   score if isinstance(score, int) and not isinstance(score, bool) else None,
                   count("questions"), count("red_flags"), count("strong_signals"))


class _Findings:
    """Red flags or strong signals as they are found, answer by answer (first seen first)."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.found: dict[str, Finding] = {}

    def add(self, number: int, card_id: str, title: str, evidence: str | None) -> None:
        before = self.found.get(card_id)
        if before is None:
            card = self.bank.get(card_id)
            before = Finding(card_id, title, card.looks_like if card is not None else None)
        self.found[card_id] = Finding(before.id, before.title, before.looks_like,
                                      before.answers + (number,),
                                      before.evidence + (Evidence(number, evidence or ""),))

    def all(self) -> tuple[Finding, ...]:
        return tuple(self.found.values())


def _row(bank: Bank, number: int, card_id: str, answer: Answer | None) -> QuestionRow:
    card = bank.get(card_id)
    entry = answer or Answer(card_id)
    covered = entry.covered
    text = "" if entry.skipped else entry.text
    graded = entry.grade if text.strip() else None
    missed: tuple[str, ...] = ()
    if card is not None and covered:
        missed = tuple(kp.text for kp, hit in zip(card.key_points, covered) if not hit)
    return QuestionRow(
        number=number, id=card_id, kind=card.kind if card else "unknown",
        prompt=card.prompt if card else card_id,
        covered=sum(covered) if text.strip() else 0,
        points=len(covered) if covered else (len(card.key_points) if card else 0),
        missed=missed, seconds=entry.seconds, timed_out=entry.timed_out,
        skipped=entry.skipped or answer is None,
        suggested=_suggested(entry) if text.strip() else None,
        misconceptions=tuple(m.correction for m in graded.misconceptions) if graded else (),
    )


def _suggested(answer: Answer) -> Rating | None:
    """The rating suggested when the answer was given (older answers: as they were saved)."""
    return answer.grade.suggested if answer.grade is not None else answer.suggested


def build_scorecard(bank: Bank, payload: SessionPayload) -> Scorecard:
    """Score the answers of `payload`, reading each one's grade as it was stored."""
    rows: list[QuestionRow] = []
    flags, signals = _Findings(bank), _Findings(bank)
    weighted = weights = 0.0
    for number, (card_id, answer) in enumerate(zip(payload.queue, payload.answers), 1):
        row = _row(bank, number, card_id, answer)
        rows.append(row)
        weight = FOLLOW_UP_WEIGHT if row.kind == Kind.FOLLOW_UP else 1.0
        weighted += (RATING_CREDIT[row.suggested] if row.suggested is not None else 0.0) * weight
        weights += weight
        answered_now = answer is not None and not answer.skipped and answer.text.strip()
        graded = answer.grade if answer is not None and answered_now else None
        if graded is not None:
            for d in graded.red_flags:
                flags.add(number, d.card_id, d.title, d.evidence)
            for d in graded.strong_signals:
                signals.add(number, d.card_id, d.title, d.evidence)
    credit = weighted / weights if weights else 0.0
    answered = [r for r in rows if not r.skipped and r.points]
    coverage = sum(r.share for r in answered) / len(answered) if answered else 0.0
    red_flags, strong_signals = flags.all(), signals.all()
    bonus = min(SIGNAL_BONUS * len(strong_signals), SIGNAL_BONUS_CAP)
    score = max(0.0, min(1.0, credit - FLAG_PENALTY * len(red_flags) + bonus))
    return Scorecard(
        title=payload.title or "Mock interview", questions=tuple(rows),
        coverage=round(coverage, 3), credit=round(credit, 3), red_flags=red_flags,
        strong_signals=strong_signals, score=round(score * 100), verdict=verdict_for(score),
        time_limit=payload.time_limit, rules=RULES,
    )
