"""Stuck-entity detector kata: reference solution.

Every state of the workflow declares its time budget and what to do when an
entity overstays it. A scan (`check`) compares each entity's time in its
state with the budget; for the ones over budget, the heartbeat decides:
a worker that reported recently is slow but alive (report it, do nothing),
one that has been silent for more than two intervals is presumed dead (stuck:
recover). Recovery runs at most once per stuck episode, so a scan every
minute does not retry the same dead job sixty times an hour.

The detector is generic over the table: nothing here knows the workflow.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["Detector", "Finding", "Health", "Recovery", "StateRule"]


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


@dataclass
class _Entity:
    state: str
    entered_at: float
    last_beat: float
    retries: int = 0  # retries during this stay in the state
    in_episode: bool = False  # found stuck, and no heartbeat since


def _validate(table: Mapping[str, StateRule]) -> None:
    for name, rule in table.items():
        if rule.max_duration is not None and rule.max_duration < 0:
            raise ValueError(f"{name}: max_duration must not be negative")
        if rule.recovery is None:
            if rule.target is not None or rule.max_retries:
                raise ValueError(f"{name}: a target or retries need a recovery")
            continue
        if rule.max_duration is None:
            raise ValueError(f"{name}: a recovery needs a max_duration")
        if rule.target is None or rule.target not in table:
            raise ValueError(f"{name}: {rule.recovery} needs a target state of the table")
        if rule.target == name:
            raise ValueError(f"{name}: the target must be another state")
        if (rule.recovery is Recovery.RETRY) != (rule.max_retries >= 1):
            raise ValueError(f"{name}: max_retries >= 1 goes with RETRY, and only with it")


@dataclass
class Detector:
    table: Mapping[str, StateRule]
    heartbeat_interval: float
    clock: Callable[[], float]
    retry: Callable[[str, str, str], Any]  # (entity_id, state, key)
    move: Callable[[str, str, str], Any]  # (entity_id, from_state, to_state)
    _entities: dict[str, _Entity] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.heartbeat_interval > 0:
            raise ValueError("heartbeat_interval must be positive")
        self.table = dict(self.table)
        _validate(self.table)

    def enter(self, entity_id: str, state: str) -> None:
        if state not in self.table:
            raise ValueError(f"unknown state {state!r}")
        now = self.clock()
        self._entities[entity_id] = _Entity(state, now, now)

    def heartbeat(self, entity_id: str) -> None:
        entity = self._entities.get(entity_id)
        if entity is None:
            raise KeyError(entity_id)
        entity.last_beat = self.clock()
        entity.in_episode = False

    def state_of(self, entity_id: str) -> str:
        return self._entities[entity_id].state

    def check(self) -> list[Finding]:
        now = self.clock()
        found: list[tuple[_Entity, str, float, Health]] = []
        for entity_id, entity in self._entities.items():
            budget = self.table[entity.state].max_duration
            if budget is None or now - entity.entered_at <= budget:
                continue
            silent = now - entity.last_beat > 2 * self.heartbeat_interval
            found.append((entity, entity_id, now - entity.entered_at - budget,
                          Health.STUCK if silent else Health.SLOW))
        found.sort(key=lambda f: (f[3] is not Health.STUCK, -f[2], f[1]))
        findings = []
        for entity, entity_id, overdue, health in found:
            state = entity.state
            action = self._recover(entity_id, entity) if health is Health.STUCK else None
            findings.append(Finding(entity_id, state, health, overdue, action))
        return findings

    def _recover(self, entity_id: str, entity: _Entity) -> Recovery | None:
        if entity.in_episode:
            return None  # recovered already in this episode
        entity.in_episode = True
        rule = self.table[entity.state]
        if rule.recovery is None:
            return None
        assert rule.target is not None
        if rule.recovery is Recovery.RETRY and entity.retries < rule.max_retries:
            entity.retries += 1
            self.retry(entity_id, entity.state, f"{entity_id}:{entity.state}:{entity.retries}")
            return Recovery.RETRY
        source = entity.state
        self.move(entity_id, source, rule.target)
        self.enter(entity_id, rule.target)
        return Recovery.SKIP if rule.recovery is Recovery.SKIP else Recovery.FAIL
