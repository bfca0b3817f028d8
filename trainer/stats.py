"""The figures behind `trainer stats`, as plain data (the CLI renders them).

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
from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo
from typing import Any

from trainer import fsrs_params
from trainer.scheduling import REVIEW, STATE_NAMES, Scheduler, day_start_local, local_wall_to_utc
from trainer.store.timefmt import to_db, utc

MATURE_DAYS = 21
FORECAST_DAYS = 30
CALENDAR_WEEKS = 13


def _day_starts(first_local: datetime, count: int, tz: tzinfo | None) -> list[datetime]:
    """UTC instants of `count + 1` consecutive local day starts from `first_local`."""
    return [local_wall_to_utc(first_local + timedelta(days=i), tz) for i in range(count + 1)]


def _counts_per_day(store, table_sql: str, bounds: list[datetime]) -> list[int]:
    """Rows per [bounds[i], bounds[i+1]) using one indexed count per day."""
    if len(bounds) < 2:
        return []
    values = ", ".join("(?, ?, ?)" for _ in bounds[:-1])
    params: list[Any] = []
    for i in range(len(bounds) - 1):
        params += [i, to_db(bounds[i]), to_db(bounds[i + 1])]
    rows = store._query(
        f"WITH d(i, s, e) AS (VALUES {values}) SELECT i, ({table_sql}) FROM d ORDER BY i",
        params)
    return [r[1] for r in rows]


def compute(store, bank=None, scheduler: Scheduler | None = None,
            now: datetime | None = None, tz: tzinfo | None = None,
            katas: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    """Every figure `trainer stats` shows, JSON-ready.

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
    bank_cards: Mapping[str, Any] | None = getattr(bank, "cards", None)

    rows = store._query(
        "SELECT card_id, state, due, last_review, lapses, leech, suspended FROM cards")
    cards = _card_counts(rows, bank_cards)

    # Today's figures: the one definition of "due" and of "answered today" that the
    # home screen, `stats` and its forecast all show.
    bank_ids = list(bank_cards) if bank_cards is not None else [r[0] for r in rows]
    plan = scheduler.plan(store, bank_ids, now)
    later = _due_later_today(rows, bank_cards, now, plan.day_end)
    answered = _counts_per_day(
        store, "SELECT count(*) FROM reviews WHERE at >= s AND at < e",
        [plan.day_start, plan.day_end])[0]
    today = {"date": today_local.date().isoformat(),
             "due": len(plan.due) + later, "due_now": len(plan.due), "due_later": later,
             "new_available": len(plan.new), "new_done": plan.new_done,
             "reviews_done": plan.reviews_done, "answered": answered}

    # Calendar: whole weeks (Monday first) ending with the week holding today.
    first = today_local - timedelta(days=today_local.weekday() + 7 * (CALENDAR_WEEKS - 1))
    n_days = (today_local - first).days + 1
    cal_bounds = _day_starts(first, n_days, tz)
    per_day = _counts_per_day(
        store, "SELECT count(*) FROM reviews WHERE at >= s AND at < e", cal_bounds)
    calendar = [{"date": (first + timedelta(days=i)).date().isoformat(), "reviews": n}
                for i, n in enumerate(per_day)]

    return {
        "store": str(store.path),
        "generated_at": to_db(now),
        "day_starts_at_hour": hour,
        "reviews_total": store.reviews_total(),
        "cards": cards,
        "today": today,
        "retention": _retention(store, today_local, (7, 30), tz),
        "desired_retention": settings.desired_retention,
        "forecast": _forecast(rows, bank_cards, today_local, now, tz, today["due"]),
        "calendar": calendar,
        "streak": _streak(store, per_day, today_local, first, tz),
        "mastery": _mastery(rows, bank_cards, _kata_tags(bank_cards, katas, store)),
        "leeches": sorted(({"id": r[0], "lapses": r[4], "suspended": bool(r[6]),
                            "in_bank": bank_cards is None or r[0] in bank_cards}
                           for r in rows if r[5]), key=lambda x: (-x["lapses"], x["id"])),
        "katas": _katas(store),
        "parameters": fsrs_params.describe(store),
    }


def _card_counts(rows, bank_cards) -> dict[str, int]:
    counts = {"new": 0, "learning": 0, "review": 0, "relearning": 0, "suspended": 0,
              "retired": 0}
    seen = set()
    for card_id, state, _due, _last, _lapses, _leech, suspended in rows:
        seen.add(card_id)
        if bank_cards is not None and card_id not in bank_cards:
            counts["retired"] += 1
        elif suspended:
            counts["suspended"] += 1
        else:
            counts[STATE_NAMES[state]] += 1
    if bank_cards is not None:
        counts["new"] = sum(1 for c in bank_cards if c not in seen)
    return counts


def _retention(store, today_local: datetime, windows: tuple[int, ...], tz) -> dict[str, Any]:
    """True retention over each window of days ending today (one query for all windows).

    SQLite picks each card's first answer of each day (`min(id)` with a bare
    column returns that row's rating) so only per-day totals cross into Python.
    """
    longest = max(windows)
    bounds = _day_starts(today_local - timedelta(days=longest - 1), longest, tz)
    values = ", ".join("(?, ?, ?)" for _ in bounds[:-1])
    params: list[Any] = []
    for i in range(longest):
        params += [i, to_db(bounds[i]), to_db(bounds[i + 1])]
    rows = store._query(
        f"WITH d(i, s, e) AS (VALUES {values}),"
        " firsts AS (SELECT d.i AS i, r.rating AS rating, min(r.id)"
        "   FROM d JOIN reviews r ON r.at >= d.s AND r.at < d.e AND r.state_before = ?"
        "   GROUP BY d.i, r.card_id)"
        " SELECT i, count(*), sum(rating != 1) FROM firsts GROUP BY i",
        [*params, REVIEW])
    out = {}
    for days in windows:
        picked = [(n, p) for i, n, p in rows if i >= longest - days]
        total = sum(n for n, _ in picked)
        passed = sum(p for _, p in picked)
        out[f"{days}d"] = {"reviews": total, "passed": passed,
                           "rate": round(passed / total, 4) if total else None}
    return out


def _due_later_today(rows, bank_cards, now: datetime, day_end: datetime) -> int:
    """Cards not due yet that come due before the trainer day ends (learning steps, mostly)."""
    start, end = to_db(now), to_db(day_end)
    return sum(1 for card_id, _state, due, _last, _lapses, _leech, suspended in rows
               if not suspended and (bank_cards is None or card_id in bank_cards)
               and start < due < end)


def _forecast(rows, bank_cards, today_local: datetime, now: datetime, tz,
              due_today: int) -> list[dict]:
    """Cards due per day; today's bar is `due_today`, the same figure as everywhere else."""
    bounds = _day_starts(today_local, FORECAST_DAYS, tz)
    marks = [to_db(b) for b in bounds[1:]]
    counts = [0] * FORECAST_DAYS
    for card_id, _state, due, _last, _lapses, _leech, suspended in rows:
        if suspended or (bank_cards is not None and card_id not in bank_cards):
            continue
        i = bisect_right(marks, due)  # overdue cards land on today
        if i < FORECAST_DAYS:
            counts[i] += 1
    counts[0] = due_today
    return [{"date": (today_local + timedelta(days=i)).date().isoformat(), "due": n}
            for i, n in enumerate(counts)]


def _streak(store, per_day: list[int], today_local: datetime, first: datetime, tz) -> int:
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
        days = _counts_per_day(store, "SELECT count(*) FROM reviews WHERE at >= s AND at < e",
                               _day_starts(older, 365, tz))
        start = older
        if not any(days):
            return streak


def _kata_tags(bank_cards, katas, store) -> dict[str, list[int]]:
    """tag -> [katas that practise it, of which passed]."""
    if bank_cards is None:
        return {}
    if katas is None:
        try:
            from trainer.kata_runner.catalog import load_catalog

            katas = {k.slug: k.cards for k in load_catalog()}
        except Exception:  # a damaged catalog must not break stats
            katas = {}
    passed = {slug for slug, s in store.kata_summary().items() if s.status == "passed"}
    out: dict[str, list[int]] = {}
    for slug, cards in katas.items():
        tags = {t for c in cards if c in bank_cards for t in (bank_cards[c].tags or ())}
        for tag in tags:
            entry = out.setdefault(tag, [0, 0])
            entry[0] += 1
            entry[1] += slug in passed
    return out


def _mastery(rows, bank_cards, kata_tags=None) -> dict[str, dict[str, dict[str, Any]]]:
    if bank_cards is None:
        return {"level": {}, "tag": {}}
    state = {r[0]: r for r in rows}
    levels: dict[str, list[int]] = {}
    tags: dict[str, list[int]] = {}
    for card_id, card in bank_cards.items():
        r = state.get(card_id)
        seen = r is not None
        mature = bool(r and r[1] == REVIEW and r[3] and _days_between(r[3], r[2]) >= MATURE_DAYS)
        groups = [levels.setdefault(card.level or "none", [0, 0, 0])]
        groups += [tags.setdefault(t, [0, 0, 0]) for t in (card.tags or ())]
        for g in groups:
            g[0] += 1
            g[1] += seen
            g[2] += mature

    def fmt(d):
        return {k: {"cards": v[0], "seen": v[1], "mature": v[2],
                    "mastery": round(v[2] / v[0], 4) if v[0] else 0.0}
                for k, v in sorted(d.items())}

    tag_view = fmt(tags)
    for tag, (count, passed) in (kata_tags or {}).items():
        g = tag_view.get(tag)
        if g is None:
            continue
        g["katas"], g["katas_passed"] = count, passed
        g["mastery"] = round((g["mature"] + passed) / (g["cards"] + count), 4)
    return {"level": fmt(levels), "tag": tag_view}


def _days_between(start_text: str, end_text: str) -> float:
    from trainer.store.timefmt import from_db

    return (from_db(end_text) - from_db(start_text)).total_seconds() / 86400


def _katas(store, lang: str = "python") -> dict[str, Any]:
    """The katas of one track; the Python track also carries the Go track under "go"."""
    summary = store.kata_summary(lang)

    def run(r):
        return {"at": to_db(r.at), "status": r.status.recorded, "passed": r.passed, "total": r.total,
                "duration_ms": r.duration_ms}

    katas = [{"slug": s.slug, "status": s.status, "runs": s.runs, "last": run(s.last),
              "best": run(s.best)} for s in sorted(summary.values(), key=lambda s: s.slug)]
    out: dict[str, Any] = {"passed": sum(1 for k in katas if k["status"] == "passed"),
                           "katas": katas}
    if lang == "python":
        out["go"] = _katas(store, "go")
    return out
