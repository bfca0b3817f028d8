"""stuck-detector, another correct design: one object per entity that knows
how to judge itself, and the recovery policy as a match statement."""

from __future__ import annotations

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


class Finding:
    def __init__(self, entity_id, state, health, overdue, action):
        self.entity_id, self.state, self.health = entity_id, state, health
        self.overdue, self.action = overdue, action


class Entity:
    def __init__(self, eid, state, now):
        self.eid, self.state, self.entered, self.beat = eid, state, now, now
        self.retried = 0
        self.handled = False

    def judge(self, rule, now, silent_after):
        if rule.max_duration is None:
            return None
        over = (now - self.entered) - rule.max_duration
        if over <= 0 and not (now - self.entered > rule.max_duration):
            return None
        return (Health.STUCK if now - self.beat > silent_after else Health.SLOW), over


class Detector:
    def __init__(self, table, heartbeat_interval, clock, retry, move):
        table = dict(table)
        if not heartbeat_interval > 0:
            raise ValueError("heartbeat_interval")
        for name, rule in table.items():
            match rule.recovery:
                case None:
                    bad = rule.target is not None or rule.max_retries != 0
                case Recovery.RETRY:
                    bad = rule.max_retries < 1
                case _:
                    bad = rule.max_retries != 0
            bad = bad or (rule.max_duration is not None and rule.max_duration < 0)
            if rule.recovery is not None:
                bad = bad or rule.max_duration is None or rule.target not in table \
                    or rule.target == name
            if bad:
                raise ValueError(f"invalid rule for state {name}")
        self.table, self.silent_after = table, 2 * heartbeat_interval
        self.clock, self.retry, self.move = clock, retry, move
        self.entities = {}

    def enter(self, entity_id, state):
        if state not in self.table:
            raise ValueError(f"no state {state}")
        self.entities[entity_id] = Entity(entity_id, state, self.clock())

    def heartbeat(self, entity_id):
        if entity_id not in self.entities:
            raise KeyError(entity_id)
        e = self.entities[entity_id]
        e.beat, e.handled = self.clock(), False

    def state_of(self, entity_id):
        return self.entities[entity_id].state

    def check(self):
        now = self.clock()
        judged = []
        for e in list(self.entities.values()):
            verdict = e.judge(self.table[e.state], now, self.silent_after)
            if verdict:
                judged.append((e, *verdict))
        judged.sort(key=lambda j: j[0].eid)
        judged.sort(key=lambda j: j[2], reverse=True)
        judged.sort(key=lambda j: j[1] != Health.STUCK)
        findings = []
        for e, health, over in judged:
            state = e.state
            action = None
            if health == Health.STUCK and not e.handled:
                e.handled = True
                action = self.recover(e)
            findings.append(Finding(e.eid, state, health, over, action))
        return findings

    def recover(self, e):
        rule = self.table[e.state]
        match rule.recovery:
            case Recovery.RETRY if e.retried < rule.max_retries:
                e.retried += 1
                self.retry(e.eid, e.state, f"{e.eid}:{e.state}:{e.retried}")
                return Recovery.RETRY
            case None:
                return None
            case kind:
                self.move(e.eid, e.state, rule.target)
                self.enter(e.eid, rule.target)
                return Recovery.SKIP if kind == Recovery.SKIP else Recovery.FAIL
