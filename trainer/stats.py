"""The figures behind `trainer stats`, as frozen records (the CLI renders them).

`compute` returns a `Stats`; views read its attributes, and `Stats.to_json()`
is the one conversion to the dict `trainer stats --json` prints (its keys and
their order are pinned by tests and documented in the README).

Days are *trainer days* (starting at `day_starts_at_hour` local time), the
same days the daily limits use, so "reviewed today" means the same thing
everywhere. Day boundaries are computed in Python (DST-correct) and handed
to SQLite as UTC ranges, so counting stays inside indexed range scans even
with hundreds of thousands of reviews.

Definitions, chosen to match what Anki users expect:

* due today: due now (what `trainer review` would ask, limits applied) plus
  due later today (before the trainer day ends); the home screen, `stats`
  and the forecast's first bar all show this one figure.
* answered today: every answer given since the trainer day began (learning
  steps included), the same count the calendar shows for today.

* cards by state: bank cards only; `new` = never answered, `suspended` is
  counted instead of the card's FSRS state; `retired` = cards with history
  that are no longer in the bank (kept, never scheduled).
* true retention: per card and day, only the first answer to a card that was
  in the Review state counts; Again is a fail, anything else a pass.
* mature: a review-state card whose current interval is >= 21 days;
  mastery of a level = mature cards / its cards in the bank. A tag also counts
  the katas that practise it (a kata practises the tags of the bank cards its
  kata.yaml names): mastery of a tag = (mature cards + passed katas) / (cards +
  katas), so passing a kata moves the tags it trains.
* streak: consecutive days with at least one answer, ending today (or
  yesterday, when today has none yet: the streak is not lost until the day is).
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Protocol

from trainer import fsrs_params
from trainer.bank.model import Level
from trainer.kata_status import Standing
from trainer.scheduling import Scheduler, day_start_local, local_wall_to_utc
from trainer.store.rows import CardOverview, CardState, KataRun, KataSummary
from trainer.store.timefmt import from_db, to_db, utc

if TYPE_CHECKING:
    from trainer.store import Store

MATURE_DAYS = 21
FORECAST_DAYS = 30
CALENDAR_WEEKS = 13
RETENTION_WINDOWS = (7, 30)


class _BankCard(Protocol):
    @property
    def level(self) -> str | None: ...
    @property
    def tags(self) -> Sequence[str]: ...


class _Bank(Protocol):
    @property
    def cards(self) -> Mapping[str, _BankCard]: ...


# --- the records ------------------------------------------------------------------------
@dataclass(frozen=True)
class CardCounts:
    """Bank cards by state (`suspended` instead of their FSRS state), and retired ones."""

    new: int = 0
    learning: int = 0
    review: int = 0
    relearning: int = 0
    suspended: int = 0
    retired: int = 0

    def to_json(self) -> dict[str, int]:
        return {"new": self.new, "learning": self.learning, "review": self.review,
                "relearning": self.relearning, "suspended": self.suspended,
                "retired": self.retired}


@dataclass(frozen=True)
class Today:
    """Today's figures: the one "due" and "answered today" every view shows."""

    date: date
    due: int                # due_now + due_later
    due_now: int            # what `trainer review` would ask now (limits applied)
    due_later: int          # coming due before the trainer day ends
    new_available: int
    new_done: int
    reviews_done: int
    answered: int           # every answer since the trainer day began

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "due": self.due, "due_now": self.due_now,
                "due_later": self.due_later, "new_available": self.new_available,
                "new_done": self.new_done, "reviews_done": self.reviews_done,
                "answered": self.answered}


@dataclass(frozen=True)
class Retention:
    """True retention over the last `days` days."""

    days: int
    reviews: int
    passed: int

    @property
    def rate(self) -> float | None:
        return round(self.passed / self.reviews, 4) if self.reviews else None

    def to_json(self) -> dict[str, Any]:
        return {"reviews": self.reviews, "passed": self.passed, "rate": self.rate}


@dataclass(frozen=True)
class DayCount:
    """A number for one day: cards due (forecast) or answers given (calendar)."""

    date: date
    count: int


@dataclass(frozen=True)
class Mastery:
    """One level or tag: its cards, how many seen and mature; katas for tags."""

    name: str
    cards: int
    seen: int
    mature: int
    mastery: float
    katas: int | None = None            # tags only: katas that practise it
    katas_passed: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"cards": self.cards, "seen": self.seen, "mature": self.mature,
                               "mastery": self.mastery}
        if self.katas is not None:
            out["katas"], out["katas_passed"] = self.katas, self.katas_passed
        return out


@dataclass(frozen=True)
class Leech:
    id: str
    lapses: int
    suspended: bool
    in_bank: bool

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "lapses": self.lapses, "suspended": self.suspended,
                "in_bank": self.in_bank}


@dataclass(frozen=True)
class KataTrack:
    """The katas of one track (`python` or `go`), by slug."""

    lang: str
    katas: tuple[KataSummary, ...]

    @property
    def passed(self) -> int:
        return sum(1 for k in self.katas if k.status == Standing.PASSED)

    def to_json(self) -> dict[str, Any]:
        return {"passed": self.passed, "katas": [
            {"slug": k.slug, "status": k.status, "runs": k.runs, "last": _run_json(k.last),
             "best": _run_json(k.best)} for k in self.katas]}


def _run_json(r: KataRun) -> dict[str, Any]:
    return {"at": to_db(r.at), "status": r.status.recorded, "passed": r.passed, "total": r.total,
            "duration_ms": r.duration_ms}


@dataclass(frozen=True)
class Stats:
    """Every figure `trainer stats` shows (see the module docstring for definitions)."""

    store: str
    generated_at: datetime
    day_starts_at_hour: int
    reviews_total: int
    cards: CardCounts
    today: Today
    retention: Mapping[int, Retention]          # window in days -> retention
    desired_retention: float
    forecast: tuple[DayCount, ...]              # cards due per day, today first
    calendar: tuple[DayCount, ...]              # answers per day, whole weeks, Monday first
    streak: int
    levels: tuple[Mastery, ...]                 # by name; empty without a bank
    tags: tuple[Mastery, ...]
    leeches: tuple[Leech, ...]                  # most lapses first
    katas: KataTrack
    katas_go: KataTrack
    parameters: fsrs_params.InUse
    bank_error: str | None = field(default=None)   # set by the CLI when the bank did not load

    def to_json(self) -> dict[str, Any]:
        """The `trainer stats --json` document."""
        katas = self.katas.to_json()
        katas["go"] = self.katas_go.to_json()
        out: dict[str, Any] = {
            "store": self.store,
            "generated_at": to_db(self.generated_at),
            "day_starts_at_hour": self.day_starts_at_hour,
            "reviews_total": self.reviews_total,
            "cards": self.cards.to_json(),
            "today": self.today.to_json(),
            "retention": {f"{days}d": r.to_json() for days, r in self.retention.items()},
            "desired_retention": self.desired_retention,
            "forecast": [{"date": d.date.isoformat(), "due": d.count} for d in self.forecast],
            "calendar": [{"date": d.date.isoformat(), "reviews": d.count}
                         for d in self.calendar],
            "streak": self.streak,
            "mastery": {"level": {m.name: m.to_json() for m in self.levels},
                        "tag": {m.name: m.to_json() for m in self.tags}},
            "leeches": [leech.to_json() for leech in self.leeches],
            "katas": katas,
            "parameters": self.parameters.to_json(),
        }
        if self.bank_error:
            out["bank_error"] = self.bank_error
        return out


# --- computing them ----------------------------------------------------------------------
def _day_starts(first_local: datetime, count: int, tz: tzinfo | None) -> list[datetime]:
    """UTC instants of `count + 1` consecutive local day starts from `first_local`."""
    return [local_wall_to_utc(first_local + timedelta(days=i), tz) for i in range(count + 1)]


def compute(store: Store, bank: _Bank | None = None, scheduler: Scheduler | None = None,
            now: datetime | None = None, tz: tzinfo | None = None,
            katas: Mapping[str, tuple[str, ...]] | None = None) -> Stats:
    """Every figure `trainer stats` shows.

    `katas` maps a kata's slug to the bank cards it practises (default: the
    bundled catalog).
    """
    from trainer.store.timefmt import now_utc

    scheduler = scheduler or Scheduler(tz=tz)
    tz = tz if tz is not None else scheduler.tz
    settings = scheduler.settings
    now = utc(now or now_utc())
    hour = settings.day_starts_at_hour
    today_local = day_start_local(now, hour, tz)
    bank_cards = bank.cards if bank is not None else None

    rows = store.card_overview()
    in_bank = [r for r in rows if bank_cards is None or r.card_id in bank_cards]

    # Today's figures: the one definition of "due" and of "answered today" that the
    # home screen, `stats` and its forecast all show.
    bank_ids = list(bank_cards) if bank_cards is not None else [r.card_id for r in rows]
    plan = scheduler.plan(store, bank_ids, now)
    start, end = to_db(now), to_db(plan.day_end)      # stored text compares as instants
    later = sum(1 for r in in_bank if not r.suspended and start < r.due < end)
    answered = store.answers_per_day([plan.day_start, plan.day_end])[0]
    today = Today(today_local.date(), len(plan.due) + later, len(plan.due), later,
                  len(plan.new), plan.new_done, plan.reviews_done, answered)

    # Calendar: whole weeks (Monday first) ending with the week holding today.
    first = today_local - timedelta(days=today_local.weekday() + 7 * (CALENDAR_WEEKS - 1))
    n_days = (today_local - first).days + 1
    per_day = store.answers_per_day(_day_starts(first, n_days, tz))
    calendar = tuple(DayCount((first + timedelta(days=i)).date(), n)
                     for i, n in enumerate(per_day))

    levels, tags = _mastery(rows, bank_cards, _kata_tags(bank_cards, katas, store))
    return Stats(
        store=str(store.path),
        generated_at=now,
        day_starts_at_hour=hour,
        reviews_total=store.reviews_total(),
        cards=_card_counts(rows, bank_cards),
        today=today,
        retention=_retention(store, today_local, RETENTION_WINDOWS, tz),
        desired_retention=settings.desired_retention,
        forecast=_forecast(in_bank, today_local, tz, today.due),
        calendar=calendar,
        streak=_streak(store, per_day, first, tz),
        levels=levels,
        tags=tags,
        leeches=tuple(sorted((Leech(r.card_id, r.lapses, r.suspended,
                                    bank_cards is None or r.card_id in bank_cards)
                              for r in rows if r.leech), key=lambda x: (-x.lapses, x.id))),
        katas=_katas(store, "python"),
        katas_go=_katas(store, "go"),
        parameters=fsrs_params.describe(store),
    )


def _card_counts(rows: Sequence[CardOverview],
                 bank_cards: Mapping[str, _BankCard] | None) -> CardCounts:
    counts = {"learning": 0, "review": 0, "relearning": 0}
    suspended = retired = 0
    seen = set()
    for r in rows:
        seen.add(r.card_id)
        if bank_cards is not None and r.card_id not in bank_cards:
            retired += 1
        elif r.suspended:
            suspended += 1
        else:
            counts[CardState(r.state).label] += 1
    new = sum(1 for c in bank_cards if c not in seen) if bank_cards is not None else 0
    return CardCounts(new, counts["learning"], counts["review"], counts["relearning"],
                      suspended, retired)


def _retention(store: Store, today_local: datetime, windows: tuple[int, ...],
               tz: tzinfo | None) -> dict[int, Retention]:
    """True retention over each window of days ending today (one query for all windows)."""
    longest = max(windows)
    days = store.first_review_answers_per_day(
        _day_starts(today_local - timedelta(days=longest - 1), longest, tz))
    out = {}
    for window in windows:
        picked = [d for d in days if d.day >= longest - window]
        out[window] = Retention(window, sum(d.reviews for d in picked),
                                sum(d.passed for d in picked))
    return out


def _forecast(rows: Sequence[CardOverview], today_local: datetime, tz: tzinfo | None,
              due_today: int) -> tuple[DayCount, ...]:
    """Cards due per day; today's bar is `due_today`, the same figure as everywhere else."""
    marks = [to_db(b) for b in _day_starts(today_local, FORECAST_DAYS, tz)[1:]]
    counts = [0] * FORECAST_DAYS
    for r in rows:
        if r.suspended:
            continue
        i = bisect_right(marks, r.due)  # overdue cards land on today
        if i < FORECAST_DAYS:
            counts[i] += 1
    counts[0] = due_today
    return tuple(DayCount((today_local + timedelta(days=i)).date(), n)
                 for i, n in enumerate(counts))


def _streak(store: Store, per_day: list[int], first: datetime, tz: tzinfo | None) -> int:
    days = list(per_day)  # oldest -> today
    start = first
    if days and days[-1] == 0:
        days.pop()  # today is not over: a streak is alive until it ends without answers
    streak = 0
    while True:
        for n in reversed(days):
            if n == 0:
                return streak
            streak += 1
        # Every day in the window had answers: look further back, a year at a time.
        older = start - timedelta(days=365)
        days = store.answers_per_day(_day_starts(older, 365, tz))
        start = older
        if not any(days):
            return streak


def _kata_tags(bank_cards: Mapping[str, _BankCard] | None,
               katas: Mapping[str, tuple[str, ...]] | None,
               store: Store) -> dict[str, tuple[int, int]]:
    """tag -> (katas that practise it, of which passed)."""
    if bank_cards is None:
        return {}
    if katas is None:
        try:
            from trainer.kata_runner.catalog import load_catalog

            katas = {k.slug: k.cards for k in load_catalog()}
        except Exception:  # a damaged catalog must not break stats
            katas = {}
    passed = {slug for slug, s in store.kata_summary().items() if s.status == Standing.PASSED}
    out: dict[str, tuple[int, int]] = {}
    for slug, cards in katas.items():
        tags = {t for c in cards if c in bank_cards for t in (bank_cards[c].tags or ())}
        for tag in tags:
            count, done = out.get(tag, (0, 0))
            out[tag] = (count + 1, done + (slug in passed))
    return out


def _mastery(rows: Sequence[CardOverview], bank_cards: Mapping[str, _BankCard] | None,
             kata_tags: Mapping[str, tuple[int, int]]
             ) -> tuple[tuple[Mastery, ...], tuple[Mastery, ...]]:
    """(levels, tags), each sorted by name; tags also count the katas that practise them."""
    if bank_cards is None:
        return (), ()
    state = {r.card_id: r for r in rows}
    levels: dict[str, list[int]] = {}
    tags: dict[str, list[int]] = {}
    for card_id, card in bank_cards.items():
        r = state.get(card_id)
        mature = bool(r and r.state == CardState.REVIEW and r.last_review
                      and _days_between(r.last_review, r.due) >= MATURE_DAYS)
        groups = [levels.setdefault(card.level or "none", [0, 0, 0])]
        groups += [tags.setdefault(t, [0, 0, 0]) for t in (card.tags or ())]
        for g in groups:
            g[0] += 1
            g[1] += r is not None
            g[2] += mature

    def group(name: str, v: list[int], katas: tuple[int, int] | None = None) -> Mastery:
        cards, seen, mature = v
        if katas is None:
            return Mastery(name, cards, seen, mature, round(mature / cards, 4) if cards else 0.0)
        count, passed = katas
        return Mastery(name, cards, seen, mature,
                       round((mature + passed) / (cards + count), 4), count, passed)

    return (tuple(group(k, v) for k, v in sorted(levels.items())),
            tuple(group(k, v, kata_tags.get(k)) for k, v in sorted(tags.items())))


def _days_between(start_text: str, end_text: str) -> float:
    return (from_db(end_text) - from_db(start_text)).total_seconds() / 86400


def level_order(groups: Sequence[Mastery]) -> list[Mastery]:
    """Levels in the interview's order (junior first), anything else after, by name."""
    order = {level.value: i for i, level in enumerate(Level)}
    return sorted(groups, key=lambda g: (order.get(g.name, len(order)), g.name))


def _katas(store: Store, lang: str) -> KataTrack:
    summary = store.kata_summary(lang)
    return KataTrack(lang, tuple(sorted(summary.values(), key=lambda s: s.slug)))
