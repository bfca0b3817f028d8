"""A running interview: questions with probes, live coding and a scorecard, on one clock.

The session is the context of `INTERVIEW_MACHINE`: guards read its payload,
actions record answers, probes, checks and hints. Its one listener writes the
audit row and the whole payload to the store after every transition, in the
same transaction, so an interview killed at any moment resumes where it was
(the `sessions` table, kind "interview", like every other session). The payload
is a frozen `InterviewPayload` (trainer.sessions.interview_payload): actions replace
it, and it becomes JSON only where the row is written (`to_json`) or read (`from_json`).
A kata check is saved by `trainer.kata_runner.progress.record`, as `kata check` saves its own.

The clock counts active time only. It is folded into the payload at every
transition and, in the coding phase, at every heartbeat (`checkpoint`), and it
stops while paused: a pause, a closed terminal or a `kill -9` loses at most the
time since the last save. Grading and kata checks run before an event is
sent, never inside the store's write transaction.
"""
from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.bank import Bank, Card
from trainer.bank.model import Level
from trainer.fsm import Machine, TransitionRecord, UnknownState
from trainer.kata_runner.catalog import Kata
from trainer.kata_runner.progress import record as record_run
from trainer.kata_status import Verdict
from trainer.sessions import interview_kata as kata_link
from trainer.sessions.interview_machine import (
    INTERVIEW_MACHINE,
    InterviewEvent,
    InterviewState,
)
from trainer.sessions.interview_payload import (
    PAYLOAD_VERSION,
    Asked,
    CheckRecord,
    Coding,
    CodingEnd,
    InterviewPayload,
    ProbeAnswer,
)
from trainer.sessions.interview_views import (
    Ask,
    Budget,
    CheckView,
    Clock,
    CodingAction,
    CodingMove,
    CodingView,
    InterviewHeader,
    InterviewUI,
    Phase,
)
from trainer.sessions.probing import (
    MAX_PROBES,
    Probe,
    grade_answer,
    load_grade,
    next_probe,
    recovered,
)
from trainer.sessions.session import SessionRowError
from trainer.sessions.views import ReplyAction

if TYPE_CHECKING:
    from trainer.grading import Grade

log = logging.getLogger("trainer.interview")
KIND = "interview"
DEFAULT_MINUTES = 45.0
QUESTIONS_SHARE = 0.45      # of the clock; the live coding gets the rest
LEVEL_QUESTIONS: dict[str, int] = {Level.JUNIOR: 3, Level.MIDDLE: 4, Level.SENIOR: 4, Level.STAFF: 5}
ALL_LEVELS_QUESTIONS = 5
HEARTBEAT = 10.0            # seconds between clock saves in the coding phase
E, S = InterviewEvent, InterviewState


def _utcnow() -> datetime:
    return datetime.now(UTC)


class StaleInterview(SessionRowError):
    """A stored interview this version cannot continue."""

    exit_code = 2


def interview_questions(bank: Bank, level: str | None, offset: int = 0) -> list[str]:
    """3-5 main questions in interview order: a level's own, or spread junior to staff.

    `offset` (the number of past interviews) rotates the choice so consecutive
    interviews ask different questions.
    """
    pool: list[Card] = bank.select(kinds=["question"], levels=[level] if level else None)
    n = LEVEL_QUESTIONS.get(level or "", ALL_LEVELS_QUESTIONS)
    if len(pool) <= n:
        return [c.id for c in pool]
    if level:
        start = (offset * n) % len(pool)
        picked = sorted({(start + i) % len(pool) for i in range(n)})
    else:
        step = len(pool) / n
        shift = offset % max(1, int(step))
        picked = sorted({min(len(pool) - 1, int(i * step) + shift) for i in range(n)})
    return [pool[i].id for i in picked]


class InterviewSession:
    """One interview: its payload, its machine and the loop that drives a UI."""

    def __init__(self, store: Any, bank: Bank, scheduler: Any, *, session_id: str,
                 payload: InterviewPayload, state: InterviewState = S.READY, sequence: int = 0,
                 now: Callable[[], datetime] = _utcnow,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.bank = bank
        self.scheduler = scheduler
        self.id = session_id
        self.payload = payload
        self.now = now
        self.monotonic = monotonic
        self._since: float | None = None      # when the clock last started running
        self._last_save = monotonic()
        self.machine: Machine[InterviewState, InterviewEvent] = Machine(
            INTERVIEW_MACHINE, state, listener=self._on_transition, context=self,
            machine_id=session_id, sequence=sequence)

    # --- creating and resuming -------------------------------------------------------------
    @classmethod
    def new(cls, store: Any, bank: Bank, scheduler: Any, *, queue: list[str], kata: Kata,
            level: str | None, minutes: float, lang: str,
            now: Callable[[], datetime] = _utcnow,
            monotonic: Callable[[], float] = time.monotonic) -> InterviewSession:
        total = minutes * 60
        questions = round(total * QUESTIONS_SHARE)
        payload = InterviewPayload(
            title=f"Interview ({level or 'all levels'}, {lang})", level=level, lang=lang,
            minutes=minutes, questions_budget=questions, coding_budget=total - questions,
            queue=tuple(queue), items=tuple(Asked(cid) for cid in queue),
            kata_slug=kata.slug, kata_title=kata.title, started_at=now().isoformat())
        session = cls(store, bank, scheduler, session_id=uuid.uuid4().hex[:12], payload=payload,
                      now=now, monotonic=monotonic)
        with store.transaction():
            store.save_session(session.id, KIND, S.READY.value, payload.to_json())
        return session

    @classmethod
    def resume(cls, store: Any, bank: Bank, scheduler: Any, *,
               now: Callable[[], datetime] = _utcnow,
               monotonic: Callable[[], float] = time.monotonic) -> InterviewSession | None:
        """The latest unfinished interview, rehydrated; None if there is none."""
        row = store.latest_unfinished_session(KIND)
        if row is None:
            return None
        try:
            state = INTERVIEW_MACHINE.state_named(row.state)
        except UnknownState:
            raise StaleInterview(f"the paused interview {row.id} is in state {row.state!r}, "
                                 f"which this version of trainer does not know", row.id) from None
        stale = StaleInterview(f"the paused interview {row.id} was saved in a format this "
                               f"version of trainer cannot read", row.id)
        data = row.payload
        if (not isinstance(data, dict) or data.get("version") != PAYLOAD_VERSION
                or not isinstance(data.get("items"), list)):
            raise stale
        try:
            payload = InterviewPayload.from_json(data)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise stale from None
        return cls(store, bank, scheduler, session_id=row.id, payload=payload, state=state,
                   sequence=len(store.audit(row.id)), now=now, monotonic=monotonic)

    # --- what guards and views read ------------------------------------------------------------
    @property
    def state(self) -> InterviewState:
        return self.machine.state

    @property
    def position(self) -> int:
        return self.payload.position

    @property
    def total(self) -> int:
        return len(self.payload.queue)

    @property
    def item(self) -> Asked:
        return self.payload.item

    @property
    def card(self) -> Card | None:
        return self.bank.get(self.payload.queue[self.position])

    @property
    def coding(self) -> Coding:
        """The coding phase's record (only once it has begun)."""
        coding = self.payload.coding
        assert coding is not None, "the coding phase has not begun"
        return coding

    def kata(self) -> Kata:
        from trainer.kata_runner.catalog import get_kata

        return get_kata(self.payload.kata_slug)

    # --- the clock ---------------------------------------------------------------------------------
    def elapsed(self) -> float:
        """Active seconds so far (paused time does not count)."""
        base = self.payload.elapsed
        if self._since is not None:
            base += max(0.0, self.monotonic() - self._since)
        return base

    def _fold(self) -> None:
        """Move the running stretch into the payload (before every save)."""
        if self._since is not None:
            now = self.monotonic()
            self.payload = replace(self.payload, elapsed=round(
                self.payload.elapsed + max(0.0, now - self._since), 3))
            self._since = now

    def _run_clock(self) -> None:
        if self._since is None:
            self._since = self.monotonic()

    def _stop_clock(self) -> None:
        self._fold()
        self._since = None

    @property
    def total_seconds(self) -> float:
        return self.payload.minutes * 60

    def questions_left(self) -> float:
        return self.payload.questions_budget - self.elapsed()

    def time_left(self) -> float:
        return self.total_seconds - self.elapsed()

    def clock(self) -> Clock:
        if self.state in (S.CODING, S.SCORING, S.FINISHED) or self.payload.coding:
            return Clock(self.time_left(), self.time_left(), Phase.CODING)
        return Clock(self.time_left(), max(0.0, self.questions_left()), Phase.QUESTIONS)

    def checkpoint(self) -> None:
        """A heartbeat: save the clock now and then while nothing else is saved."""
        if self.monotonic() - self._last_save < HEARTBEAT:
            return
        self._fold()
        with self.store.transaction():
            self.store.save_session(self.id, KIND, self.machine.state_name,
                                    self.payload.to_json())
        self._last_save = self.monotonic()

    # --- the one way to move, and the one listener ------------------------------------------
    def send(self, event: InterviewEvent, **data: Any) -> InterviewState:
        with self.store.transaction():
            return self.machine.send(event, **data)

    def _on_transition(self, record: TransitionRecord) -> None:
        source, target = str(record.source.value), str(record.target.value)
        log.info("interview %s #%d: %s --%s--> %s", self.id, record.sequence, source,
                 record.event.value, target)
        self._fold()
        self.store.append_audit(self.id, record.sequence, source, record.event.value, target,
                                record.at)
        self.store.save_session(self.id, KIND, target, self.payload.to_json(),
                                finished=record.target is S.FINISHED)
        self._last_save = self.monotonic()

    # --- guards ------------------------------------------------------------------------------
    def has_questions(self) -> bool:
        return self.total > 0

    def probe_pending(self, probe: Probe | None = None) -> bool:
        return (probe is not None and len(self.item.probes) < MAX_PROBES
                and self.questions_left() > 0)

    def more_questions(self) -> bool:
        return self.position + 1 < self.total and self.questions_left() > 0

    def paused_in(self) -> str | None:
        return self.payload.paused_in

    def paused_in_question(self) -> bool:
        return self.paused_in() == S.QUESTION.value

    def paused_in_probe(self) -> bool:
        return self.paused_in() == S.PROBE.value

    def paused_in_coding(self) -> bool:
        return self.paused_in() == S.CODING.value

    # --- actions (inside the transition's transaction) -------------------------------------------
    def record_answer(self, answer: str = "", seconds: float = 0.0,
                      grade: Grade | None = None, timed_out: bool = False) -> None:
        self.payload = self.payload.with_item(replace(
            self.item, answer=answer, seconds=round(float(seconds), 1), timed_out=timed_out,
            grade=grade.to_json() if grade else {}))
        if grade and self.card is not None:  # the answer counts in the schedule, like any other
            rating = int(grade.suggested)
            self.scheduler.grade(self.store, self.card.id, rating, self.now(),
                                 session_id=self.id, duration_ms=int(float(seconds) * 1000))

    def record_probe_answer(self, answer: str = "", seconds: float = 0.0,
                            grade: Grade | None = None, timed_out: bool = False,
                            question_grade: Grade | None = None) -> None:
        item = self.item
        probe = item.current_probe
        if probe is None:
            return
        stored = grade.to_json() if grade else {}
        # judged on the stored grade, as the next probe is chosen (here and after a resume)
        went_well = recovered(probe, answer, load_grade(stored, self.bank)) if grade else False
        done = ProbeAnswer(probe, answer, round(float(seconds), 1), timed_out, stored, went_well,
                           question_grade.to_json() if question_grade else None)
        self.payload = self.payload.with_item(replace(item, probes=(*item.probes, done),
                                                      current_probe=None))

    def open_probe(self, probe: Probe | None = None) -> None:
        self.payload = self.payload.with_item(replace(self.item, current_probe=probe))

    def next_question(self) -> None:
        self.payload = replace(self.payload, position=self.position + 1)

    def open_coding(self) -> None:
        from trainer.paths import home_dir

        kata = self.kata()
        directory = home_dir() / "interviews" / self.id / kata.slug
        workspace, solution = kata_link.prepare(kata, directory, self.payload.lang)
        self.payload = replace(
            self.payload, questions_end=round(self.elapsed(), 1),
            coding=Coding(str(workspace), str(solution), round(self.elapsed(), 1)))

    def record_check(self, check: kata_link.KataCheck | None = None,
                     signature: list[int] | None = None) -> None:
        if check is None:
            return
        coding = self.coding
        at = round(self.elapsed() - coding.started, 1)
        signed = tuple(signature) if signature is not None else None
        done = CheckRecord(check.status, check.passed, check.total, at, check.failures,
                           check.message, check.duration_ms, signed)
        first_green = coding.first_green
        if check.status is Verdict.PASS and first_green is None:
            first_green = at
        self.payload = replace(self.payload, coding=replace(
            coding, checks=(*coding.checks, done), checked_signature=signed,
            first_green=first_green))
        problem = record_run(self.store, check.report, self.payload.lang, at=self.now())
        if problem is not None:
            log.warning("interview %s: the kata check could not be saved: %s", self.id, problem)

    def record_hint(self) -> None:
        coding = self.coding
        self.payload = replace(self.payload, coding=replace(coding, hints=coding.hints + 1))

    def close_coding(self) -> None:
        self._close_coding(CodingEnd.DONE)

    def close_coding_on_time(self) -> None:
        self._close_coding(CodingEnd.TIME)

    def _close_coding(self, reason: CodingEnd) -> None:
        coding = self.coding
        self.payload = replace(self.payload, coding=replace(
            coding, ended=reason, seconds=round(self.elapsed() - coding.started, 1)))

    def note_pause(self) -> None:
        self.payload = replace(self.payload, paused_in=self.machine.state_name)
        self._stop_clock()

    def conclude(self) -> None:
        from trainer.sessions.interview_scorecard import build_scorecard
        from trainer.sessions.practice_next import remember

        self.payload = replace(self.payload, finished_at=self.now().isoformat())
        card = build_scorecard(self.bank, self.payload)
        self.payload = replace(self.payload, scorecard=card)
        self.store.save_scorecard(self.id, self.now(), card)
        remember(self.store, [c["id"] for c in card["practise"]["cards"]])

    # --- views ------------------------------------------------------------------------------------
    def header(self) -> InterviewHeader:
        payload = self.payload
        resumed = None
        if self.state is not S.READY:
            resumed = "coding" if payload.coding else "questions"
        return InterviewHeader(
            title=payload.title, minutes=payload.minutes,
            budgets=(Budget(Phase.QUESTIONS, payload.questions_budget),
                     Budget(Phase.CODING, payload.coding_budget)),
            questions=self.total, kata=payload.kata_title, lang=payload.lang, resumed_in=resumed)

    def _ask(self) -> Ask:
        card = self.card
        assert card is not None
        clock = self.clock()
        probe = self.item.current_probe
        number = self.position + 1
        if probe:
            label = {"point": "Probe", "misconception": "Challenge",
                     "follow_up": "Follow-up"}.get(probe.kind, "Probe")
            return Ask(number, self.total, f"{label} on question {number}", probe.text,
                       probe.kind, len(self.item.probes) + 1, clock, clock.phase_left)
        heading = f"Question {number} of {self.total}" + (f" · {card.level}" if card.level else "")
        return Ask(number, self.total, heading, card.prompt.strip(), None, 0, clock,
                   clock.phase_left)

    def coding_view(self, hint: str | None = None) -> CodingView:
        coding, payload = self.coding, self.payload
        latest = None
        if coding.checks:
            c = coding.checks[-1]
            latest = CheckView(c.status, c.passed, c.total, c.at, c.failures, c.message)
        hints_total = len(kata_link.hints(self.kata(), payload.lang))
        return CodingView(kata=payload.kata_title, slug=payload.kata_slug, lang=payload.lang,
                          workspace=coding.workspace, solution=coding.solution,
                          clock=self.clock(), checks=len(coding.checks),
                          hints_used=coding.hints, hints_total=hints_total,
                          latest=latest, hint=hint)

    # --- the loop ---------------------------------------------------------------------------------
    def run(self, ui: InterviewUI) -> dict[str, Any] | None:
        """Drive the interview through `ui` to its scorecard or a pause; the scorecard or None."""
        ui.begin(self.header())
        self._run_clock()
        hint: str | None = None
        while True:
            state = self.state
            if state is S.READY:
                self.send(E.START)
            elif state is S.PAUSED:
                self.send(E.RESUME)
                self._run_clock()
            elif state in (S.QUESTION, S.PROBE):
                if not self._answer(ui):
                    break
            elif state is S.ANSWERED:
                self._after_answer()
            elif state is S.CODING:
                if not self._code(ui, hint):
                    break
                hint = self._last_hint
            elif state is S.SCORING:
                self.send(E.FINISH)
            elif state is S.FINISHED:
                break
        paused = self.state is S.PAUSED
        scorecard = None if paused else self.payload.scorecard
        ui.finish(scorecard, paused, "trainer interview --resume")
        return scorecard

    def _answer(self, ui: InterviewUI) -> bool:
        """Ask the current question or probe; grade and record the reply. False on pause."""
        card = self.card
        if card is None:  # left the bank since the interview began: an empty answer
            ui.notice(f"card {self.payload.queue[self.position]} is no longer in the bank")
            self.send(E.ANSWER, answer="", seconds=0.0, grade=None, timed_out=False)
            return True
        ask = self._ask()
        if ask.time_limit <= 0:
            ui.notice("the time for questions is up: on to the live coding")
            self.send(E.ANSWER, answer="", seconds=0.0, grade=None, timed_out=True)
            return True
        reply = ui.ask(ask)
        if reply.action is ReplyAction.PAUSE:
            self.send(E.PAUSE)
            return False
        text = "" if reply.action is ReplyAction.SKIP else reply.text
        timed_out = reply.action is ReplyAction.TIMEOUT or reply.seconds > ask.time_limit
        probe = self.item.current_probe
        target = self.bank.get(probe.card_id) if probe else card
        graded = grade_answer(target or card, text, self.bank)
        data: dict[str, Any] = {}
        if target is not None and target.id != card.id:  # a follow-up card: may also make up
            data["question_grade"] = grade_answer(card, text, self.bank)  # the question's points
        self.send(E.ANSWER, answer=text, seconds=reply.seconds, grade=graded, timed_out=timed_out,
                  **data)
        return True

    def _after_answer(self) -> None:
        """Probe, next question, or on to the coding (grading happens here, outside a write)."""
        card = self.card
        probe = None
        if card is not None and self.questions_left() > 0:
            item = self.item
            grades = []
            answers = []
            if item.grade:
                grades.append(load_grade(item.grade, self.bank))
                answers.append(item.answer or "")
            for p in item.probes:
                for g in (p.grade, p.question_grade):
                    if g:
                        grades.append(load_grade(g, self.bank))
                answers.append(p.answer)
            asked = [p.probe for p in item.probes]
            probe = next_probe(card, grades, answers, asked, self.bank)
        self.send(E.NEXT, probe=probe)

    _last_hint: str | None = None

    def _check(self, ui: InterviewUI) -> None:
        kata = self.kata()
        solution = Path(self.coding.solution)
        ui.checking(self.coding_view())
        result = kata_link.check(kata, solution, self.payload.lang)
        self.send(E.CHECK, check=result, signature=kata_link.signature(solution))

    def _checked_current_file(self) -> bool:
        coding = self.coding
        now = kata_link.signature(Path(coding.solution))
        return bool(coding.checks) and coding.checked_signature == (
            tuple(now) if now is not None else None)

    def _code(self, ui: InterviewUI, hint: str | None) -> bool:
        """One move of the live-coding phase. False on pause."""
        self._last_hint = None
        if self.time_left() <= 0:
            if not self._checked_current_file():
                self._check(ui)
            self.send(E.TIME_UP)
            return True
        move: CodingMove = ui.coding(self.coding_view(hint), self.checkpoint)
        self.checkpoint()
        if move.action is CodingAction.PAUSE:
            self.send(E.PAUSE)
            return False
        if move.action is CodingAction.CHECK:
            self._check(ui)
        elif move.action is CodingAction.HINT:
            number = self.coding.hints + 1
            known = kata_link.hints(self.kata(), self.payload.lang)
            text = known[number - 1] if number <= len(known) else None
            if text is None:
                ui.notice("that was the last hint")
            else:
                self.send(E.HINT)
                self._last_hint = f"Hint {number}: {text}"
        elif move.action in (CodingAction.DONE, CodingAction.TIMEOUT):
            if not self._checked_current_file():
                self._check(ui)
            self.send(E.DONE if move.action is CodingAction.DONE else E.TIME_UP)
        return True


def pause_quietly(session: InterviewSession) -> bool:
    """Pause after an interruption (Ctrl-C, closed terminal), if the state allows it."""
    if INTERVIEW_MACHINE.is_legal(session.state, E.PAUSE):
        session.send(E.PAUSE)
        return True
    return False
