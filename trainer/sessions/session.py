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
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from trainer.bank import Bank, Card
from trainer.errors import TrainerError
from trainer.fsm import Machine, TransitionRecord, UnknownState
from trainer.sessions.session_machine import SESSION_MACHINE, SessionEvent, SessionState
from trainer.sessions.views import (
    Feedback,
    Header,
    PointCheck,
    Prompt,
    Reply,
    SessionUI,
    Summary,
)

log = logging.getLogger("trainer.session")
PAYLOAD_VERSION = 1
E, S = SessionEvent, SessionState


def _utcnow() -> datetime:
    return datetime.now(UTC)


class StaleSession(TrainerError):
    """A stored session this version cannot continue (unknown state name, bad payload)."""

    def __init__(self, message: str, session_id: str) -> None:
        super().__init__(message, exit_code=2)
        self.session_id = session_id


class SessionBusy(TrainerError):
    """The session is open in another window (a live process holds its lease)."""

    def __init__(self, message: str, session_id: str) -> None:
        super().__init__(message, exit_code=1)
        self.session_id = session_id


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
    """

    def __init__(
        self,
        store,
        bank: Bank,
        scheduler,
        *,
        session_id: str,
        kind: str,
        payload: dict[str, Any],
        state: SessionState = S.READY,
        sequence: int = 0,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.store = store
        self.bank = bank
        self.scheduler = scheduler
        self.id = session_id
        self.kind = kind
        self.payload = payload
        self.clock = clock
        self.last_grade = None  # the scheduler's CardStatus of the latest graded answer
        from trainer.store import owners

        self.owner = owners.me()
        self.machine: Machine = Machine(
            SESSION_MACHINE, state, listener=self._on_transition, context=self,
            machine_id=session_id, sequence=sequence,
        )

    # --- creating and resuming ----------------------------------------------------------
    @classmethod
    def new(cls, store, bank: Bank, scheduler, kind: str, queue: list[str], *,
            title: str, time_limit: float | None = None, options: dict | None = None,
            clock: Callable[[], datetime] = _utcnow) -> Session:
        payload = {
            "version": PAYLOAD_VERSION,
            "title": title,
            "queue": list(queue),
            "position": 0,
            "answers": [None] * len(queue),
            "time_limit": time_limit,
            "options": options or {},
            "started_at": clock().isoformat(),
        }
        session = cls(store, bank, scheduler, session_id=uuid.uuid4().hex[:12], kind=kind,
                      payload=payload, clock=clock)
        with store.transaction():
            store.save_session(session.id, kind, S.READY.value, payload)
            store.acquire_lease(session.id, session.owner)
        return session

    @classmethod
    def resume(cls, store, bank: Bank, scheduler, kind: str, *, take_over: bool = False,
               clock: Callable[[], datetime] = _utcnow) -> Session | None:
        """The latest unfinished session of `kind`, rehydrated and leased; None if there is none.

        Raises `SessionBusy` when a live process (another window) holds it,
        unless `take_over`.
        """
        row = store.latest_unfinished_session(kind)
        if row is None:
            return None
        try:
            state = SESSION_MACHINE.state_named(row.state)
        except UnknownState:
            raise StaleSession(
                f"the paused {kind} session {row.id} is in state {row.state!r}, which this "
                f"version of trainer does not know", row.id) from None
        payload = row.payload
        if (not isinstance(payload, dict) or payload.get("version") != PAYLOAD_VERSION
                or not isinstance(payload.get("queue"), list)
                or len(payload.get("answers", [])) != len(payload["queue"])):
            raise StaleSession(f"the paused {kind} session {row.id} was saved in a format this "
                               f"version of trainer cannot read", row.id)
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
        return len(self.payload["queue"])

    @property
    def position(self) -> int:
        return self.payload["position"]

    @property
    def current_id(self) -> str:
        return self.payload["queue"][self.position]

    @property
    def current_card(self) -> Card | None:
        """The card at the current position (None if it left the bank since)."""
        return self.bank.get(self.current_id)

    @property
    def time_limit(self) -> float | None:
        return self.payload.get("time_limit")

    @property
    def answers(self) -> list[dict | None]:
        return self.payload["answers"]

    def answer_awaits_rating(self) -> bool:
        """The current card was answered and the answer saved, but not rated or skipped."""
        entry = self.answers[self.position] if self.position < self.total else None
        return bool(entry) and entry.get("rating") is None and not entry.get("skipped")

    # --- the one way to move, and the one listener ------------------------------------------
    def send(self, event: SessionEvent, **data: Any) -> SessionState:
        """Fire an event; the action, the audit row and the saved session commit together.

        An answer is graded here, before the transaction opens: grading never
        runs while the store's write lock is held.
        """
        if event in (E.SUBMIT, E.TIMEOUT) and "grade" not in data:
            data["grade"] = self.grade_answer(str(data.get("answer", "")))
        with self.store.transaction():
            if not self.store.holds_lease(self.id, self.owner):
                raise SessionTakenOver(
                    f"this {self.kind} was taken over in another window; your answers so far "
                    "are saved there")
            return self.machine.send(event, **data)

    def _on_transition(self, record: TransitionRecord) -> None:
        """The single audit point: log, append the audit row, save the session."""
        source = SESSION_MACHINE.state_name(record.source)
        target = SESSION_MACHINE.state_name(record.target)
        log.info("session %s #%d: %s --%s--> %s", self.id, record.sequence, source,
                 record.event.value, target)
        self.store.append_audit(self.id, record.sequence, source, record.event.value, target,
                                record.at)
        self.store.save_session(self.id, self.kind, target, self.payload,
                                finished=record.target is S.FINISHED)

    # --- actions (called by the machine, inside its transaction) -------------------------------
    def grade_answer(self, answer: str) -> dict[str, Any] | None:
        """The grade of `answer` to the current card, as stored in the session (JSON)."""
        from trainer.grading import grade

        card = self.current_card
        return grade(card, answer, self.bank).to_json() if card is not None else None

    def stored_grade(self, entry: dict[str, Any]):
        """The grade computed at answer time (older sessions: computed now)."""
        from trainer.grading import Grade, grade

        card = self.bank.get(entry.get("card", ""))
        data = entry.get("grade")
        if isinstance(data, dict):
            try:
                return Grade.from_json(data, self.bank)
            except (KeyError, TypeError, ValueError):
                pass
        if card is None:
            return None
        return grade(card, entry.get("answer", ""), self.bank)

    # --- actions (called by the machine, inside its transaction) -------------------------------
    def record_answer(self, answer: str = "", seconds: float = 0.0,
                      timed_out: bool = False, grade: dict[str, Any] | None = None) -> None:
        points = grade["points"] if grade else []
        self.answers[self.position] = {
            "card": self.current_id,
            "answer": answer,
            "seconds": round(float(seconds), 1),
            "timed_out": timed_out,
            "covered": [bool(p["covered"]) for p in points],
            "suggested": grade["suggested_rating"] if grade else 1,
            "grade": grade,
            "rating": None,
            "skipped": False,
        }

    def graded_elsewhere(self) -> bool:
        """A review card another window graded since this session began (never graded twice)."""
        if self.kind != "review":
            return False
        try:
            since = datetime.fromisoformat(self.payload["started_at"])
        except (KeyError, TypeError, ValueError):
            return False
        return self.store.graded_by_others_since(self.current_id, since, self.id)

    def record_grade(self, rating: int) -> None:
        entry = self.answers[self.position]
        if self.graded_elsewhere():       # checked inside this step's write transaction
            if entry is not None:
                entry["skipped"] = True
                entry["graded_elsewhere"] = True
            return
        seconds = entry["seconds"] if entry else 0
        self.last_grade = self.scheduler.grade(self.store, self.current_id, rating, self.clock(),
                                               session_id=self.id,
                                               duration_ms=int(seconds * 1000))
        if entry is not None:
            entry["rating"] = rating

    def record_skip(self) -> None:
        entry = self.answers[self.position] or {"card": self.current_id, "answer": "",
                                                "seconds": 0, "timed_out": False, "covered": [],
                                                "suggested": None, "rating": None}
        entry["skipped"] = True
        self.answers[self.position] = entry

    def advance(self) -> None:
        self.payload["position"] += 1

    def conclude(self) -> None:
        self.payload["finished_at"] = self.clock().isoformat()
        if self.kind == "mock":
            from trainer.sessions.scorecard import build_scorecard

            card = build_scorecard(self.bank, self.answers, self.payload)
            self.payload["scorecard"] = card
            self.store.save_scorecard(self.id, self.clock(), card)

    # --- views ------------------------------------------------------------------------------------
    def header(self) -> Header:
        resumed = self.position + 1 if self.state is not S.READY else None
        return Header(self.kind, self.payload.get("title", self.kind), self.total, resumed)

    def prompt(self) -> Prompt:
        held = self.payload.get("held", {}).get(str(self.position), {})
        return Prompt(self.current_card, self.position + 1, self.total, self.kind, self.time_limit,
                      time_used=float(held.get("seconds", 0.0)), draft=str(held.get("draft", "")))

    def _hold(self, reply: Reply) -> None:
        """A pause mid-answer keeps the time used and the text typed (saved with the pause)."""
        held = self.payload.setdefault("held", {})
        before = held.get(str(self.position), {})
        held[str(self.position)] = {
            "seconds": round(float(before.get("seconds", 0.0)) + max(0.0, reply.seconds), 1),
            "draft": reply.text,
        }

    def _spent(self, reply: Reply) -> float:
        """Seconds on this card in all: before any pause, and since."""
        held = self.payload.get("held", {}).pop(str(self.position), None) or {}
        return float(held.get("seconds", 0.0)) + reply.seconds

    def feedback(self) -> Feedback:
        card = self.current_card
        entry = self.answers[self.position] or {}
        answer = entry.get("answer", "")
        graded = self.stored_grade({**entry, "card": card.id}) if entry else None
        points = tuple(PointCheck(p.point, p.covered, p.probe) for p in graded.points) if graded else \
            tuple(PointCheck(kp.text, False, kp.probe) for kp in card.key_points)
        flags: tuple[Card, ...] = ()
        signals: tuple[Card, ...] = ()
        if self.kind == "mock" and graded is not None:
            flags = tuple(c for c in (self.bank.get(d.card_id) for d in graded.red_flags) if c)
            signals = tuple(c for c in (self.bank.get(d.card_id) for d in graded.strong_signals) if c)
        return Feedback(
            card=card, number=self.position + 1, total=self.total, kind=self.kind,
            answer=answer, points=points, suggested=entry.get("suggested") or 1,
            intervals=self.scheduler.preview(self.store, card.id, self.clock()),
            timed_out=bool(entry.get("timed_out")), seconds=float(entry.get("seconds", 0)),
            flags=flags, signals=signals,
            misconceptions=graded.misconceptions if graded else (),
        )

    def summary(self) -> Summary:
        done = [a for a in self.answers if a]
        answered = [a for a in done if not a.get("skipped")]
        ratings: dict[int, int] = {}
        for a in answered:
            if a.get("rating"):
                ratings[a["rating"]] = ratings.get(a["rating"], 0) + 1
        shares = [sum(a["covered"]) / len(a["covered"]) for a in answered if a.get("covered")]
        return Summary(
            kind=self.kind, session_id=self.id, total=self.total,
            answered=len(answered), skipped=sum(1 for a in done if a.get("skipped")),
            timed_out=sum(1 for a in answered if a.get("timed_out")), ratings=ratings,
            coverage=sum(shares) / len(shares) if shares else 0.0,
            paused=self.state is S.PAUSED, position=min(self.position + 1, self.total),
            scorecard=self.payload.get("scorecard"),
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
                if self.current_card is None:  # retired from the bank since the session began
                    ui.notice(f"card {self.current_id} is no longer in the bank: skipped")
                    self.send(E.SKIP)
                    continue
                if self.graded_elsewhere():
                    ui.notice(f"card {self.current_id} was reviewed in another window: skipped")
                    self.send(E.SKIP)
                    continue
                reply = ui.ask(self.prompt())
                if not self._apply_reply(reply):
                    break
            elif state is S.REVEALED:
                if self.current_card is None:
                    self.send(E.SKIP)
                    continue
                rating = ui.reveal(self.feedback())
                if rating.action == "pause":
                    self.send(E.PAUSE)
                    break
                if rating.action == "skip":
                    self.send(E.SKIP)
                else:
                    self.send(E.GRADE, rating=rating.value)
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
        if status is not None and getattr(status, "became_leech", False):
            from trainer.invocation import program

            lapses = f"{status.lapses} lapse{'s' if status.lapses != 1 else ''}"
            ui.notice(f"{status.card_id} was set aside as a leech ({lapses}): "
                      f"reviews skip it now; `{program()} unsuspend {status.card_id}` brings it back")

    def _apply_reply(self, reply: Reply) -> bool:
        """Send the event a reply stands for; False when the learner paused."""
        if reply.action == "pause":
            self._hold(reply)
            self.send(E.PAUSE)
            return False
        seconds = self._spent(reply)
        if reply.action == "skip":
            self.send(E.SKIP)
            return True
        over_time = self.time_limit is not None and seconds > self.time_limit
        event = E.TIMEOUT if reply.action == "timeout" or over_time else E.SUBMIT
        self.send(event, answer=reply.text, seconds=seconds,
                  timed_out=event is E.TIMEOUT)
        return True


def pause_quietly(session: Session) -> bool:
    """Pause a session after an interruption (Ctrl-C, closed terminal), if it can be."""
    if SESSION_MACHINE.is_legal(session.state, E.PAUSE):
        session.send(E.PAUSE)
        return True
    return False
