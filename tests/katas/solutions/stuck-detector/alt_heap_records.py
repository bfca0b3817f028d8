"""stuck-detector, another correct design: plain dict records, a heap for the
order, retry counts keyed by (entity, time entered), and an episode known by
the heartbeat time at which recovery ran (a new heartbeat is a new episode)."""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum


class Recovery(StrEnum):
    RETRY = "retry"
    FAIL = "fail"
    SKIP = "skip"


class Health(StrEnum):
    STUCK = "stuck"
    SLOW = "slow"


@dataclass(frozen=True)
class StateRule:
    max_duration: float | None
    recovery: Recovery | None = None
    target: str | None = None
    max_retries: int = 0


@dataclass(frozen=True)
class Finding:
    entity_id: str
    state: str
    health: Health
    overdue: float
    action: Recovery | None


class Detector:
    def __init__(self, table, heartbeat_interval, clock, retry, move):
        if heartbeat_interval <= 0:
            raise ValueError("interval")
        self.rules = {k: v for k, v in table.items()}
        for name, r in self.rules.items():
            ok = r.max_duration is None or r.max_duration >= 0
            if r.recovery is None:
                ok = ok and r.target is None and r.max_retries == 0
            else:
                ok = ok and r.max_duration is not None and r.target in self.rules \
                    and r.target != name
                ok = ok and ((r.recovery == Recovery.RETRY) == (r.max_retries >= 1))
            if not ok:
                raise ValueError(f"bad rule for {name}")
        self.limit = 2 * heartbeat_interval
        self.clock, self.retry, self.move = clock, retry, move
        self.records = {}
        self.retries = Counter()
        self.recovered_at = {}

    def enter(self, entity_id, state):
        if state not in self.rules:
            raise ValueError(state)
        t = self.clock()
        self.records[entity_id] = {"state": state, "since": t, "beat": t}
        self.recovered_at.pop(entity_id, None)

    def heartbeat(self, entity_id):
        self.records[entity_id]["beat"] = self.clock()

    def state_of(self, entity_id):
        return self.records[entity_id]["state"]

    def check(self):
        now = self.clock()
        heap = []
        for eid, rec in self.records.items():
            limit = self.rules[rec["state"]].max_duration
            if limit is not None and now - rec["since"] > limit:
                over = now - rec["since"] - limit
                stuck = now - rec["beat"] > self.limit
                heapq.heappush(heap, (not stuck, -over, eid))
        out = []
        while heap:
            slow, minus_over, eid = heapq.heappop(heap)
            rec = self.records[eid]
            state, action = rec["state"], None
            if not slow and self.recovered_at.get(eid) != rec["beat"]:
                self.recovered_at[eid] = rec["beat"]
                action = self._recover(eid, rec)
            out.append(Finding(eid, state, Health.SLOW if slow else Health.STUCK, -minus_over,
                               action))
        return out

    def _recover(self, eid, rec):
        rule = self.rules[rec["state"]]
        if rule.recovery is None:
            return None
        visit = (eid, rec["since"], rec["state"])
        if rule.recovery == Recovery.RETRY and self.retries[visit] < rule.max_retries:
            self.retries[visit] += 1
            self.retry(eid, rec["state"], f"{eid}:{rec['state']}:{self.retries[visit]}")
            return Recovery.RETRY
        self.move(eid, rec["state"], rule.target)
        self.enter(eid, rule.target)
        return Recovery.SKIP if rule.recovery == Recovery.SKIP else Recovery.FAIL
