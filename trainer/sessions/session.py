"""A running session: its data, its machine, and the loop that drives a UI.

The session is the machine's context: guards read its queue and position,
actions record answers and grades. Its one listener writes the audit row and
the whole session (state name, queue, position, answers) to the store after
every transition, in the same transaction as any review the transition
graded. So a session killed at any moment resumes at the card it stopped on,
and a graded answer is never recorded without the session knowing it.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from trainer.bank import Bank, Card
from trainer.errors import TrainerError
from trainer.fsm import Machine, TransitionRecord, UnknownState
from trainer.rating import Rating
from trainer.sessions.payload import Answer, PayloadError, SessionKind, SessionPayload
from trainer.sessions.session_machine import SESSION_MACHINE, SessionEvent, SessionState
from trainer.sessions.views import (
    Feedback,
    Header,
    PointCheck,
    Prompt,
    Reply,
    ReplyAction,
    RevealAction,
    SessionUI,
    Summary,
)

if TYPE_CHECKING:
    from trainer.grading import Grade
    from trainer.scheduling import CardStatus, Scheduler
    from trainer.store.progress_file import Store

log = logging.getLogger("trainer.session")
E, S = SessionEvent, SessionState


def _utcnow() -> datetime:
    return datetime.now(UTC)


class SessionRowError(TrainerError):
    """A stored session that cannot be continued here; `session_id` names it for the way out."""

    def __init__(self, message: str, session_id: str) -> None:
        super().__init__(message)
        self.session_id = session_id


class StaleSession(SessionRowError):
    """A stored session this version cannot continue (unknown state name, bad payload)."""

    exit_code = 2


class SessionBusy(SessionRowError):
    """The session is open in another window (a live process holds its lease)."""

    exit_code = 1


class SessionTakenOver(TrainerError):
    """Another window took this session over; this one stops without writing."""

    exit_code = 1


class Session:
    """One quiz, review, mock interview or drill.

    A live session is owned by its process through a lease in the store (pid,
    host, process start time): `new` and `resume` take it, `release` gives it
    back, and every step checks it inside its transaction, so a window whose
    session was taken over stops instead of writing over the other's answers.
    A lease whose process is gone is broken by the next `resume`.

    Its data is one frozen `SessionPayload`: each action replaces it with the
    next one, and the listener writes it to the store as JSON (the only place
    it is converted; `resume` is the only place it is read back).
    """

    def __init__(
        self,
        store: Store,
        bank: Bank,
        scheduler: Scheduler,
        *,
        session_id: str,
        kind: SessionKind,
        payload: SessionPayload,
        state: SessionState = S.READY,
        sequence: int = 0,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.store = store
        self.bank = bank
        self.scheduler = scheduler
        self.id = session_id
        self.kind = SessionKind(kind)
        self.payload = payload
        self.clock = clock
        self.last_grade: CardStatus | None = None  # the scheduler's outcome of the latest rating
        from trainer.store import owners

        self.owner = owners.me()
        self.machine: Machine[SessionState, SessionEvent] = Machine(
            SESSION_MACHINE, state, listener=self._on_transition, context=self,
            machine_id=session_id, sequence=sequence,
        )

    # --- creating and resuming ----------------------------------------------------------
    @classmethod
    def new(cls, store: Store, bank: Bank, scheduler: Scheduler, kind: SessionKind,
            queue: list[str], *, title: str, time_limit: float | None = None,
            options: Mapping[str, Any] | None = None,
            clock: Callable[[], datetime] = _utcnow) -> Session:
        payload = SessionPayload.start(title, queue, time_limit=time_limit, options=options,
                                       started_at=clock())
        session = cls(store, bank, scheduler, session_id=uuid.uuid4().hex[:12], kind=kind,
                      payload=payload, clock=clock)
        with store.transaction():
            session._save(S.READY)
            store.acquire_lease(session.id, session.owner)
        return session

    @classmethod
    def resume(cls, store: Store, bank: Bank, scheduler: Scheduler, kind: SessionKind, *,
               take_over: bool = False, clock: Callable[[], datetime] = _utcnow) -> Session | None:
        """The latest unfinished session of `kind`, rehydrated and leased; None if there is none.

        Raises `SessionBusy` when a live process (another window) holds it,
        unless `take_over`.
        """
        kind = SessionKind(kind)
        row = store.latest_unfinished_session(kind.value)
        if row is None:
            return None
        try:
            state = SESSION_MACHINE.state_named(row.state)
        except UnknownState:
            raise StaleSession(
                f"the paused {kind} session {row.id} is in state {row.state!r}, which this "
                f"version of trainer does not know", row.id) from None
        try:
            payload = SessionPayload.from_json(row.payload, bank)
        except PayloadError:
            raise StaleSession(f"the paused {kind} session {row.id} was saved in a format this "
                               f"version of trainer cannot read", row.id) from None
        sequence = len(store.audit(row.id))
        session = cls(store, bank, scheduler, session_id=row.id, kind=kind, payload=payload,
                      state=state, sequence=sequence, clock=clock)
        holder = store.acquire_lease(row.id, session.owner, take_over=take_over)
        if holder is not None:
            where = "" if holder.host == session.owner.host else f" on {holder.host}"
            raise SessionBusy(f"that {kind} is open in another window (process {holder.pid}"
                              f"{where}); continue it there, or take it over", row.id)
        return session

    def release(self) -> None:
        """Give the session's lease back (at exit; a killed process's lease is broken later)."""
        self.store.release_lease(self.id, self.owner)

    # --- what the guards and views read ---------------------------------------------------
    @property
    def state(self) -> SessionState:
        return self.machine.state

    @property
    def total(self) -> int:
        return self.payload.total

    @property
    def position(self) -> int:
        return self.payload.position

    @property
    def current_id(self) -> str:
        return self.payload.queue[self.position]

    @property
    def current_card(self) -> Card | None:
        """The card at the current position (None if it left the bank since)."""
        return self.bank.get(self.current_id)

    def answer_awaits_rating(self) -> bool:
        """The current card was answered and the answer saved, but not rated or skipped."""
        entry = self.payload.current
        return entry is not None and entry.awaits_rating

    # --- the one way to move, and the one listener ------------------------------------------
    def send(self, event: SessionEvent, **data: Any) -> SessionState:
        """Fire an event; the action, the audit row and the saved session commit together.

        When the step fails, the payload in memory goes back to the one saved, as
        the store's transaction does (the records are frozen: the old one is intact).
        """
        before = self.payload
        try:
            with self.store.transaction():
                if not self.store.holds_lease(self.id, self.owner):
                    raise SessionTakenOver(
                        f"this {self.kind} was taken over in another window; your answers so "
                        "far are saved there")
                return self.machine.send(event, **data)
        except BaseException:
            self.payload = before
            raise

    def submit(self, text: str, seconds: float, *, timed_out: bool = False) -> SessionState:
        """Answer the current card (TIMEOUT when `timed_out`), graded once, here.

        Grading runs before the transaction opens, never while the store's write
        lock is held; the grade is stored with the answer and read back from there.
        """
        grade = self.grade_answer(text)
        return self.send(E.TIMEOUT if timed_out else E.SUBMIT, answer=text, seconds=seconds,
                         timed_out=timed_out, grade=grade)

    def _on_transition(self, record: TransitionRecord) -> None:
        """The single audit point: log, append the audit row, save the session."""
        source = SESSION_MACHINE.state_name(SessionState(record.source.value))
        target = SessionState(record.target.value)
        log.info("session %s #%d: %s --%s--> %s", self.id, record.sequence, source,
                 record.event.value, target.value)
        self.store.append_audit(self.id, record.sequence, source, record.event.value,
                                target.value, record.at)
        self._save(target)

    def _save(self, state: SessionState) -> None:
        """The store boundary: the payload goes to the store as JSON here, and only here."""
        self.store.save_session(self.id, self.kind.value, state.value, self.payload.to_json(),
                                finished=state is S.FINISHED)

    def grade_answer(self, answer: str) -> Grade | None:
        """The grade of `answer` to the current card (None when the card left the bank)."""
        from trainer.grading import grade

        card = self.current_card
        return grade(card, answer, self.bank) if card is not None else None

    # --- actions (called by the machine, inside its transaction) -------------------------------
    def record_answer(self, answer: str = "", seconds: float = 0.0,
                      timed_out: bool = False, grade: Grade | None = None) -> None:
        self.payload = self.payload.answered(
            Answer.graded(self.current_id, answer, seconds, timed_out, grade))

    def graded_elsewhere(self) -> bool:
        """A review card another window graded since this session began (never graded twice)."""
        since = self.payload.started_at
        if self.kind is not SessionKind.REVIEW or since is None:
            return False
        return bool(self.store.graded_by_others_since(self.current_id, since, self.id))

    def record_grade(self, rating: Rating) -> None:
        entry = self.payload.current
        if self.graded_elsewhere():       # checked inside this step's write transaction
            if entry is not None:
                self.payload = self.payload.answered(
                    replace(entry, skipped=True, graded_elsewhere=True))
            return
        seconds = entry.seconds if entry else 0
        self.last_grade = self.scheduler.grade(self.store, self.current_id, rating, self.clock(),
                                               session_id=self.id,
                                               duration_ms=int(seconds * 1000))
        if entry is not None:
            self.payload = self.payload.answered(replace(entry, rating=Rating(rating)))

    def record_skip(self) -> None:
        entry = self.payload.current or Answer(self.current_id)
        self.payload = self.payload.answered(replace(entry, skipped=True))

    def advance(self) -> None:
        self.payload = self.payload.advanced()

    def conclude(self) -> None:
        self.payload = replace(self.payload, finished_at=self.clock())
        if self.kind is SessionKind.MOCK:
            from trainer.sessions.scorecard import build_scorecard

            card = build_scorecard(self.bank, self.payload)
            self.payload = replace(self.payload, scorecard=card)
            self.store.save_scorecard(self.id, self.clock(), card.to_json())

    # --- views ------------------------------------------------------------------------------------
    def header(self) -> Header:
        resumed = self.position + 1 if self.state is not S.READY else None
        return Header(self.kind, self.payload.title or self.kind.value, self.total, resumed)

    def prompt(self, card: Card) -> Prompt:
        held = self.payload.held_here
        return Prompt(card, self.position + 1, self.total, self.kind, self.payload.time_limit,
                      time_used=held.seconds if held else 0.0, draft=held.draft if held else "")

    def feedback(self, card: Card) -> Feedback:
        """The reveal of the current card, from the answer as it was saved (never regraded)."""
        entry = self.payload.current
        graded = entry.grade if entry is not None else None
        covered = entry.covered if entry is not None else ()
        if graded is not None:
            points = tuple(PointCheck(p.point, hit, p.probe)
                           for p, hit in zip(graded.points, covered))
        else:  # skipped unanswered, or saved by a version that did not store grades
            points = tuple(PointCheck(kp.text, i < len(covered) and covered[i], kp.probe)
                           for i, kp in enumerate(card.key_points))
        flags: tuple[Card, ...] = ()
        signals: tuple[Card, ...] = ()
        if self.kind is SessionKind.MOCK and graded is not None:
            flags = self._cards(d.card_id for d in graded.red_flags)
            signals = self._cards(d.card_id for d in graded.strong_signals)
        return Feedback(
            card=card, number=self.position + 1, total=self.total, kind=self.kind,
            answer=entry.text if entry else "", points=points,
            suggested=(entry.suggested if entry else None) or Rating.AGAIN,
            intervals={Rating(r): when for r, when in
                       self.scheduler.preview(self.store, card.id, self.clock()).items()},
            timed_out=bool(entry and entry.timed_out),
            seconds=entry.seconds if entry else 0.0,
            flags=flags, signals=signals,
            misconceptions=graded.misconceptions if graded else (),
        )

    def _cards(self, ids: Iterable[str]) -> tuple[Card, ...]:
        """The cards of `ids` still in the bank."""
        return tuple(c for c in map(self.bank.get, ids) if c is not None)

    def summary(self) -> Summary:
        done = [a for a in self.payload.answers if a is not None]
        answered = [a for a in done if not a.skipped]
        ratings: dict[Rating, int] = {}
        for a in answered:
            if a.rating is not None:
                ratings[a.rating] = ratings.get(a.rating, 0) + 1
        shares = [share for a in answered if (share := a.share) is not None]
        return Summary(
            kind=self.kind, session_id=self.id, total=self.total,
            answered=len(answered), skipped=sum(1 for a in done if a.skipped),
            timed_out=sum(1 for a in answered if a.timed_out), ratings=ratings,
            coverage=sum(shares) / len(shares) if shares else 0.0,
            paused=self.state is S.PAUSED, position=min(self.position + 1, self.total),
            scorecard=self.payload.scorecard,
        )

    # --- the loop ---------------------------------------------------------------------------------
    def run(self, ui: SessionUI) -> Summary:
        """Drive the session through `ui` until it finishes or the learner pauses."""
        ui.begin(self.header())
        while True:
            state = self.state
            if state is S.READY:
                self.send(E.START)
            elif state is S.PAUSED:
                self.send(E.RESUME_RATING if self.answer_awaits_rating() else E.RESUME)
            elif state is S.ASKING:
                card = self.current_card
                if card is None:  # retired from the bank since the session began
                    ui.notice(f"card {self.current_id} is no longer in the bank: skipped")
                    self.send(E.SKIP)
                    continue
                if self.graded_elsewhere():
                    ui.notice(f"card {self.current_id} was reviewed in another window: skipped")
                    self.send(E.SKIP)
                    continue
                if not self._apply_reply(ui.ask(self.prompt(card))):
                    break
            elif state is S.REVEALED:
                card = self.current_card
                if card is None:
                    self.send(E.SKIP)
                    continue
                choice = ui.reveal(self.feedback(card))
                if choice.action is RevealAction.PAUSE:
                    self.send(E.PAUSE)
                    break
                if choice.action is RevealAction.SKIP:
                    self.send(E.SKIP)
                else:
                    self.send(E.GRADE, rating=choice.rating)
                    self._tell_leech(ui)
            elif state is S.GRADED:
                self.send(E.NEXT)
            elif state is S.FINISHED:
                break
        summary = self.summary()
        ui.finish(summary)
        return summary

    def _tell_leech(self, ui: SessionUI) -> None:
        """A card suspended as a leech by this answer: say so now, not only in `stats`."""
        status = self.last_grade
        if status is not None and status.became_leech:
            from trainer.invocation import program

            lapses = f"{status.lapses} lapse{'s' if status.lapses != 1 else ''}"
            ui.notice(f"{status.card_id} was set aside as a leech ({lapses}): "
                      f"reviews skip it now; `{program()} unsuspend {status.card_id}` brings it back")

    def _apply_reply(self, reply: Reply) -> bool:
        """Send the event a reply stands for; False when the learner paused.

        A pause mid-answer keeps the time used and the text typed (saved with the
        pause); any other reply spends the time held before the pause too.
        """
        if reply.action is ReplyAction.PAUSE:
            self.payload = self.payload.holding(reply.seconds, reply.text)
            self.send(E.PAUSE)
            return False
        self.payload, held = self.payload.unheld()
        seconds = (held.seconds if held else 0.0) + reply.seconds
        if reply.action is ReplyAction.SKIP:
            self.send(E.SKIP)
            return True
        limit = self.payload.time_limit
        over_time = limit is not None and seconds > limit
        self.submit(reply.text, seconds, timed_out=reply.action is ReplyAction.TIMEOUT or over_time)
        return True


def pause_quietly(session: Session) -> bool:
    """Pause a session after an interruption (Ctrl-C, closed terminal), if it can be."""
    if SESSION_MACHINE.is_legal(session.state, E.PAUSE):
        session.send(E.PAUSE)
        return True
    return False
