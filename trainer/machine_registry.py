"""The registry of machines the trainer is built on (for `trainer fsm`).

Entries name a module attribute instead of importing it, so listing machines
costs nothing at start-up.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

from trainer.fsm import Definition

MACHINES: dict[str, tuple[str, str]] = {
    "session": ("trainer.sessions.session_machine:SESSION_MACHINE",
                "a session's life (quiz, review, mock and drill all run on it)"),
    "interview": ("trainer.sessions.interview_machine:INTERVIEW_MACHINE",
                  "an interview: questions with probes, live coding, scorecard on one clock"),
    "order": ("trainer.order_example:DEFINITION", "the order lifecycle used in the bank's examples"),
    "kata-check": ("trainer.kata_runner.check_machine:DEFINITION",
                   "one attempt of `kata check`: the judge's events, phase by phase"),
}


# The session kinds that run on the session machine, accepted as its name too
# (`trainer fsm show quiz` draws the machine a quiz runs on).
ALIASES: dict[str, str] = {kind: "session" for kind in ("quiz", "review", "mock", "drill")}


def canonical_name(name: str) -> str | None:
    """The registry key for `name` (a machine name or a session kind), or None."""
    name = ALIASES.get(name, name)
    return name if name in MACHINES else None


def load_definition(name: str) -> Definition[Any, Any]:
    """The definition registered under `name` (or a session kind), imported now."""
    target, _ = MACHINES[ALIASES.get(name, name)]
    module, attr = target.split(":")
    definition = getattr(import_module(module), attr)
    if not isinstance(definition, Definition):
        raise TypeError(f"{target} is not a machine definition")
    return definition
