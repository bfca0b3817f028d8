"""The registry of machines the trainer is built on (for `trainer fsm`).

Entries name a module attribute instead of importing it, so listing machines
costs nothing at start-up.
"""
from __future__ import annotations

from importlib import import_module

from trainer.fsm import Definition

MACHINES: dict[str, tuple[str, str]] = {
    "quiz": ("trainer.sessions.machine:SESSION_MACHINE",
             "a session's life (quiz, review, mock and drill all run on it)"),
    "interview": ("trainer.sessions.interview_machine:INTERVIEW_MACHINE",
                  "an interview: questions with probes, live coding, scorecard on one clock"),
    "order": ("trainer.order_example:DEFINITION", "the order lifecycle used in the bank's examples"),
    "kata-check": ("trainer.kata_runner.supervisor:DEFINITION",
                   "one attempt of `kata check`: the judge's events, phase by phase"),
}


def load_definition(name: str) -> Definition:
    target, _ = MACHINES[name]
    module, attr = target.split(":")
    return getattr(import_module(module), attr)
