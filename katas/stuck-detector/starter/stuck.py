"""Stuck-entity detector kata: your solution goes here.

Read the kata's README for the full rules. The names and signatures below are
the contract the hidden tests use; keep them. Recovery, Health and StateRule
are given.

Check your work with:  trainer kata check stuck-detector
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


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
    state: str          # the state it is over budget in
    health: Health
    overdue: float      # seconds past the state's max_duration
    action: Recovery | None  # what recovery ran during this check, if any


class Detector:
    def __init__(self, table: Mapping[str, StateRule], heartbeat_interval: float,
                 clock: Callable[[], float], retry: Callable[[str, str, str], Any],
                 move: Callable[[str, str, str], Any]) -> None:
        """Validate the table (ValueError) and keep what you need.

        retry(entity_id, state, key) and move(entity_id, from_state, to_state) are the
        workflow's recovery operations.
        """
        raise NotImplementedError("Detector.__init__")

    def enter(self, entity_id: str, state: str) -> None:
        """The entity is in `state` since clock(); entering counts as a heartbeat."""
        raise NotImplementedError("Detector.enter")

    def heartbeat(self, entity_id: str) -> None:
        """The entity's worker is alive at clock()."""
        raise NotImplementedError("Detector.heartbeat")

    def state_of(self, entity_id: str) -> str:
        """The entity's current state as the detector knows it."""
        raise NotImplementedError("Detector.state_of")

    def check(self) -> list[Finding]:
        """Findings for every over-budget entity, in order; recover the stuck ones."""
        raise NotImplementedError("Detector.check")
