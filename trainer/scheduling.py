"""When each card comes back: FSRS, daily limits, day roll-over and leeches.

The maths is the `fsrs` package's (v6). This module adds what a study tool
needs around it and fsrs leaves out:

* A card with no row in the store is *new*; fsrs has no "new" state (a fresh
  `fsrs.Card` is already in Learning), so "new" is defined by absence.
* Lapses: fsrs keeps no count, so `grade()` counts one each time a card in
  the Review state is answered Again. At `leech_lapses` lapses (default 8) a
  card becomes a leech and is suspended; after `trainer unsuspend` it is
  suspended again every `leech_lapses // 2` further lapses (as Anki does),
  so one forgotten card cannot eat a learner's days.
* Limits per *trainer day*, which starts at `day_starts_at_hour` local time
  (default 4 AM, so a session past midnight still counts as the evening):
  at most `new_per_day` new cards, and at most `reviews_per_day` answers to
  new and review-state cards together. Cards in (re)learning steps are never
  held back by the limit: dropping them mid-step would undo the step.
* Every graded answer is one store transaction: the card's state, its review
  row, lapse count and leech flag commit together or not at all (and join
  the caller's transaction, so a session's state commits with them).

All datetimes are timezone-aware and converted to UTC (fsrs refuses others).
fsrs is imported on the first preview or grade, never at module import.
"""
from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING

from trainer.rating import Rating
from trainer.settings import Settings, load_settings
from trainer.store.rows import CardRow, CardState
from trainer.store.timefmt import utc

if TYPE_CHECKING:
    import fsrs

    from trainer.store import Store

# Derived from the one declaration of each vocabulary (`CardState`, `Rating`).
STATE_NAMES: dict[int, str] = {int(s): s.label for s in CardState}
LEARNING, REVIEW, RELEARNING = CardState.LEARNING, CardState.REVIEW, CardState.RELEARNING
AGAIN, HARD, GOOD, EASY = Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY


@dataclass(frozen=True)
class CardStatus:
    """The outcome of one graded answer."""

    card_id: str
    rating: int
    state: str              # "learning", "review" or "relearning"
    due: datetime
    interval: timedelta     # due - the time of the answer
    reps: int
    lapses: int
    lapsed: bool            # this answer was a lapse (Again on a review card)
    leech: bool
    became_leech: bool      # this answer made it a leech (and suspended it)
    suspended: bool


@dataclass(frozen=True)
class DayPlan:
    """What today's limits allow right now (see `Scheduler.plan`)."""

    due: list[str]
    new: list[str]
    day_start: datetime
    day_end: datetime
    new_done: int
    reviews_done: int


# --- the trainer day ---------------------------------------------------------------------
def local_zone() -> tzinfo:
    """The system's time zone as a `ZoneInfo` (from TZ, else /etc/localtime).

    Day bounds are computed in local *wall* time through zoneinfo, whose
    rules for a wall time that does not exist (the spring-forward hour) or
    exists twice (the autumn one) are defined (PEP 495), unlike the C
    library's mktime. A fixed offset is the last resort.
    """
    return _local_zone(os.environ.get("TZ", ""))


@lru_cache(maxsize=4)
def _local_zone(tz_env: str) -> tzinfo:
    from zoneinfo import ZoneInfo

    name = tz_env.lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ValueError, OSError, KeyError):
            pass
    try:
        with open("/etc/localtime", "rb") as fh:
            return ZoneInfo.from_file(fh, key="localtime")
    except (OSError, ValueError):
        zone = datetime.now().astimezone().tzinfo
        return zone if zone is not None else UTC


def day_bounds(now: datetime, hour: int, tz: tzinfo | None = None) -> tuple[datetime, datetime]:
    """[start, end) in UTC of the trainer day holding `now` (day starts at `hour` local).

    `tz` None means the system's zone (`local_zone`); tests pass a ZoneInfo
    to pin it. A start hour that the clocks skip (02:00 on a spring-forward
    night) begins the day at the transition; the result always holds `now`.
    """
    zone = tz if tz is not None else local_zone()
    now = utc(now)
    start = day_start_local(now, hour, zone)
    for _ in range(3):
        lo, hi = _to_utc(start, zone), _to_utc(start + timedelta(days=1), zone)
        if now < lo:
            start -= timedelta(days=1)
        elif now >= hi:
            start += timedelta(days=1)
        else:
            break
    return lo, hi


def day_start_local(now: datetime, hour: int, tz: tzinfo | None = None) -> datetime:
    """The local wall-clock start (naive) of the trainer day holding `now`."""
    local = _local_naive(utc(now), tz)
    start = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    return start


def local_wall_to_utc(naive: datetime, tz: tzinfo | None = None) -> datetime:
    """A local wall-clock time (naive) as an aware UTC datetime."""
    return _to_utc(naive, tz)


def _local_naive(now: datetime, tz: tzinfo | None) -> datetime:
    return now.astimezone(tz if tz is not None else local_zone()).replace(tzinfo=None)


def _to_utc(naive: datetime, tz: tzinfo | None) -> datetime:
    # fold=0: a skipped wall time maps to the transition, a repeated one to its first pass.
    zone = tz if tz is not None else local_zone()
    return naive.replace(tzinfo=zone, fold=0).astimezone(UTC)


# --- content renames -----------------------------------------------------------------------
def resolve_renames(bank_replaces: Mapping[str, str]) -> dict[str, str]:
    """old id -> the id that finally replaces it, following chains (a->b, b->c gives a->c).

    Entries caught in a cycle are dropped rather than raised: a content
    mistake must not stop anyone from studying (the bank linter reports it).
    """
    out: dict[str, str] = {}
    for old in bank_replaces:
        seen = {old}
        cur = bank_replaces[old]
        while cur in bank_replaces and cur not in seen:
            seen.add(cur)
            cur = bank_replaces[cur]
        if cur in seen:
            continue
        out[old] = cur
    return out


def sync_renames(store: Store, renames: Mapping[str, str]) -> int:
    """Move renamed cards' history to their new ids (call after loading the bank)."""
    resolved = resolve_renames(renames)
    return store.apply_renames(resolved) if resolved else 0


# --- the scheduler -----------------------------------------------------------------------------
class Scheduler:
    """FSRS plus limits, built from settings. `fuzz=False` makes intervals exact (tests)."""

    def __init__(self, settings: Settings | None = None, *, fuzz: bool = True,
                 tz: tzinfo | None = None, parameters: Sequence[float] | None = None) -> None:
        self.settings = settings if settings is not None else load_settings()
        self.fuzz = fuzz
        # None: fsrs's defaults; else the learner's fit (see trainer.fsrs_params).
        self.parameters = tuple(parameters) if parameters is not None else None
        self.tz = tz
        self._fsrs_pair: tuple[fsrs.Scheduler, fsrs.Scheduler] | None = None

    def _schedulers(self) -> tuple[fsrs.Scheduler, fsrs.Scheduler]:
        """(the grading fsrs scheduler, an unfuzzed one for previews), built on first use.

        Lazy so that commands that only count (stats, the home screen) never
        import fsrs. Previews show the unfuzzed interval, as Anki's buttons
        do: fuzz is noise, not news.
        """
        if self._fsrs_pair is None:
            import fsrs

            retention = self.settings.desired_retention

            def build(fuzz: bool) -> fsrs.Scheduler:
                if self.parameters is None:
                    return fsrs.Scheduler(desired_retention=retention, enable_fuzzing=fuzz)
                return fsrs.Scheduler(parameters=self.parameters, desired_retention=retention,
                                      enable_fuzzing=fuzz)

            self._fsrs_pair = (build(self.fuzz), build(False))
        return self._fsrs_pair

    # --- one answer ---------------------------------------------------------------------
    def preview(self, store: Store, card_id: str, now: datetime) -> dict[int, timedelta]:
        """rating 1..4 -> the interval that answer would give (nothing is written)."""
        from fsrs import Rating

        now = utc(now)
        card = _to_fsrs(store.card(card_id), now)
        exact = self._schedulers()[1]
        return {int(r): exact.review_card(card, r, now)[0].due - now for r in Rating}

    def grade(self, store: Store, card_id: str, rating: int, now: datetime, *,
              session_id: str | None = None, duration_ms: int | None = None) -> CardStatus:
        """Record ONE answer: new card state, review row, lapse count and leech flag, atomically."""
        from fsrs import Rating

        if isinstance(rating, bool) or rating not in (AGAIN, HARD, GOOD, EASY):
            raise ValueError(f"rating must be 1..4, not {rating!r}")
        now = utc(now)
        with store.transaction():
            row = store.card(card_id)
            new, _log = self._schedulers()[0].review_card(_to_fsrs(row, now), Rating(rating),
                                                          now, duration_ms)
            state_before = row.state if row else None
            lapsed = state_before == REVIEW and rating == AGAIN
            lapses = (row.lapses if row else 0) + int(lapsed)
            became_leech = lapsed and is_leech_threshold(lapses, self.settings.leech_lapses)
            leech = bool(row and row.leech) or became_leech
            suspended = bool(row and row.suspended) or became_leech
            out = CardRow(card_id, int(new.state), new.step, new.stability, new.difficulty,
                          new.due, new.last_review, (row.reps if row else 0) + 1, lapses,
                          leech, suspended)
            store.record_review(out, at=now, rating=rating, state_before=state_before,
                                duration_ms=duration_ms, session_id=session_id)
        return CardStatus(card_id, rating, STATE_NAMES[out.state], out.due, out.due - now,
                          out.reps, lapses, lapsed, leech, became_leech, suspended)

    # --- what to ask next -----------------------------------------------------------------
    def day_bounds(self, now: datetime) -> tuple[datetime, datetime]:
        return day_bounds(now, self.settings.day_starts_at_hour, self.tz)

    def plan(self, store: Store, bank_ids: Sequence[str], now: datetime) -> DayPlan:
        """Due cards (oldest first) and new cards (bank order) that today's limits allow."""
        now = utc(now)
        s = self.settings
        start, end = self.day_bounds(now)
        new_done, reviews_done = store.answered_between(start, end)
        review_left = max(0, s.reviews_per_day - new_done - reviews_done)
        in_bank = bank_ids if isinstance(bank_ids, (set, frozenset, dict)) else set(bank_ids)
        due = []
        for card_id, state in store.due_cards(now):
            if card_id not in in_bank:
                continue  # retired from the bank: history kept, never scheduled
            if state == REVIEW:
                if review_left <= 0:
                    continue
                review_left -= 1
            due.append(card_id)
        new_left = min(max(0, s.new_per_day - new_done), review_left)
        new: list[str] = []
        if new_left > 0:
            seen = store.seen_ids()
            for card_id in bank_ids:
                if card_id not in seen:
                    seen.add(card_id)  # also skips duplicates in bank_ids
                    new.append(card_id)
                    if len(new) >= new_left:
                        break
        return DayPlan(due, new, start, end, new_done, reviews_done)

    def review_queue(self, store: Store, bank_ids: Sequence[str], now: datetime,
                     limit: int | None = None) -> list[str]:
        """Card ids to ask now: due ones first, then new ones, within today's limits."""
        plan = self.plan(store, bank_ids, now)
        queue = plan.due + plan.new
        return queue if limit is None else queue[:limit]

    def due_count(self, store: Store, bank_ids: Sequence[str], now: datetime) -> int:
        """Due cards a review session would show now (limits applied)."""
        return len(self.plan(store, bank_ids, now).due)

    def new_available(self, store: Store, bank_ids: Sequence[str], now: datetime) -> int:
        """New cards still allowed today."""
        return len(self.plan(store, bank_ids, now).new)


def is_leech_threshold(lapses: int, leech_lapses: int) -> bool:
    """Does reaching `lapses` (re)flag a leech? At the threshold, then every half of it."""
    if lapses < leech_lapses:
        return False
    return (lapses - leech_lapses) % max(1, leech_lapses // 2) == 0


def _to_fsrs(row: CardRow | None, now: datetime) -> fsrs.Card:
    from fsrs import Card, State

    if row is None:
        return Card(card_id=0, state=State.Learning, step=0, due=now)
    return Card(card_id=0, state=State(row.state), step=row.step, stability=row.stability,
                difficulty=row.difficulty, due=row.due, last_review=row.last_review)
