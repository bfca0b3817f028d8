"""The events the judge sends the supervising parent: one table both sides use.

The judge (`judge.py`) writes one JSON object per line, `{"ev": KIND, ...fields}`; it
builds them with `event()`, which checks them against `KINDS`. The parent reads them
with `parse()`, which checks them again (kinds, field types, sizes) and turns each into a
typed message (one frozen record per kind: `Started`, `Ended`, `SuiteCollected`...), so
the supervisor reads fields, never a dict by key; anything else is a protocol violation,
reported as an error result, never a crash. Standard library only (the judge imports it
before pytest).
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from trainer.kata_runner.report import Frame
from trainer.kata_status import Verdict

MAX_LINE = 4 << 20
MAX_TEXT = 256 << 10
MAX_TESTS = 5000


class Kind(StrEnum):
    IMPORTING = "importing"    # the worker is importing the learner's module
    IMPORTED = "imported"      # it imported; `output` is what it printed
    IMPORT_ERROR = "error"     # it did not; `message`, `frames`, `output`
    COLLECTED = "collected"    # the suite was collected: `tests`, `errors`
    START = "start"            # test `id` starts
    RESULT = "result"          # test `id` ended: status, message, output, frames, duration
    FINISHED = "finished"      # pytest ended normally
    LOST = "lost"              # the worker died or broke the RPC protocol: `why`
    CRASHED = "crashed"        # the judge could not run the suite: `message`


_STR, _INT, _NUM, _LIST = (str,), (int,), (int, float), (list,)
_OPT_STR = (str, type(None))

# kind -> {field: allowed types}; every field is required.
KINDS: dict[Kind, dict[str, tuple[type, ...]]] = {
    Kind.IMPORTING: {},
    Kind.IMPORTED: {"output": _OPT_STR},
    Kind.IMPORT_ERROR: {"message": _STR, "frames": _LIST, "output": _OPT_STR},
    Kind.COLLECTED: {"tests": _LIST, "errors": _LIST},
    Kind.START: {"id": _STR},
    Kind.RESULT: {"id": _STR, "status": _STR, "message": _OPT_STR, "output": _OPT_STR,
                  "frames": _LIST, "duration": _NUM},
    Kind.FINISHED: {"exitstatus": _INT, "calls": _INT},
    Kind.LOST: {"why": _STR},
    Kind.CRASHED: {"message": _STR},
}
STATUSES = tuple(v.value for v in Verdict)


class ProtocolViolation(ValueError):
    """A line from the judge that is not an event of `KINDS`."""


# --- the messages, as the parent reads them -------------------------------------------


@dataclass(frozen=True)
class Importing:
    kind: ClassVar[Kind] = Kind.IMPORTING


@dataclass(frozen=True)
class Imported:
    kind: ClassVar[Kind] = Kind.IMPORTED
    output: str | None


@dataclass(frozen=True)
class ImportFailed:
    kind: ClassVar[Kind] = Kind.IMPORT_ERROR
    message: str
    frames: list[Frame]
    output: str | None


@dataclass(frozen=True)
class SuiteTest:
    id: str
    name: str
    task_id: int | None


@dataclass(frozen=True)
class CollectError:
    where: str
    message: str
    frames: list[Frame]


@dataclass(frozen=True)
class SuiteCollected:
    kind: ClassVar[Kind] = Kind.COLLECTED
    tests: list[SuiteTest]
    errors: list[CollectError]


@dataclass(frozen=True)
class Started:
    kind: ClassVar[Kind] = Kind.START
    id: str


@dataclass(frozen=True)
class Ended:
    kind: ClassVar[Kind] = Kind.RESULT
    id: str
    status: Verdict
    message: str | None
    output: str | None
    frames: list[Frame]
    duration: float


@dataclass(frozen=True)
class RunEnded:
    kind: ClassVar[Kind] = Kind.FINISHED
    exitstatus: int
    calls: int


@dataclass(frozen=True)
class Lost:
    kind: ClassVar[Kind] = Kind.LOST
    why: str


@dataclass(frozen=True)
class Crashed:
    kind: ClassVar[Kind] = Kind.CRASHED
    message: str


Message = (Importing | Imported | ImportFailed | SuiteCollected | Started | Ended | RunEnded
           | Lost | Crashed)


def _frames(items: list[Any]) -> list[Frame]:
    return [Frame.from_event(f) for f in items]


# kind -> the record of a validated event's fields.
_BUILD: dict[Kind, Callable[[dict[str, Any]], Message]] = {
    Kind.IMPORTING: lambda f: Importing(),
    Kind.IMPORTED: lambda f: Imported(f["output"]),
    Kind.IMPORT_ERROR: lambda f: ImportFailed(f["message"], _frames(f["frames"]), f["output"]),
    Kind.COLLECTED: lambda f: SuiteCollected(
        [SuiteTest(t["id"], t["name"], t.get("task_id")) for t in f["tests"]],
        [CollectError(e["where"], e["message"], _frames(e["frames"])) for e in f["errors"]]),
    Kind.START: lambda f: Started(f["id"]),
    Kind.RESULT: lambda f: Ended(f["id"], Verdict(f["status"]), f["message"], f["output"],
                                 _frames(f["frames"]), float(f["duration"])),
    Kind.FINISHED: lambda f: RunEnded(f["exitstatus"], f["calls"]),
    Kind.LOST: lambda f: Lost(f["why"]),
    Kind.CRASHED: lambda f: Crashed(f["message"]),
}


def _check_frames(frames: list[Any]) -> None:
    if len(frames) > 32:
        raise ProtocolViolation("too many frames")
    for f in frames:
        if (not isinstance(f, dict) or type(f.get("line")) is not int
                or not isinstance(f.get("code"), str) or type(f.get("repeat", 1)) is not int):
            raise ProtocolViolation("a malformed frame")


def validate(kind: Kind, fields: dict[str, Any]) -> None:
    spec = KINDS[kind]
    if set(fields) != set(spec):
        raise ProtocolViolation(f"{kind.value}: fields {sorted(fields)}, expected {sorted(spec)}")
    for name, types in spec.items():
        value = fields[name]
        if type(value) is bool or not isinstance(value, types):
            raise ProtocolViolation(f"{kind.value}: {name} is a {type(value).__name__}")
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise ProtocolViolation(f"{kind.value}: {name} is too long")
    if "frames" in fields:
        _check_frames(fields["frames"])
    if kind is Kind.RESULT and fields["status"] not in STATUSES:
        raise ProtocolViolation(f"result: unknown status {fields['status']!r}")
    if kind is Kind.COLLECTED:
        tests = fields["tests"]
        if len(tests) > MAX_TESTS:
            raise ProtocolViolation("too many tests")
        for t in tests:
            if (not isinstance(t, dict) or not isinstance(t.get("id"), str)
                    or not isinstance(t.get("name"), str)
                    or not (t.get("task_id") is None or type(t.get("task_id")) is int)):
                raise ProtocolViolation("a malformed test entry")
        for e in fields["errors"]:
            if (not isinstance(e, dict) or not isinstance(e.get("where"), str)
                    or not isinstance(e.get("message"), str)
                    or not isinstance(e.get("frames"), list)):
                raise ProtocolViolation("a malformed collection error")
            _check_frames(e["frames"])


def event(kind: Kind, **fields: Any) -> bytes:
    """One checked event line, ready to write."""
    validate(kind, fields)
    return (json.dumps({"ev": kind.value, **fields}, ensure_ascii=False) + "\n").encode(
        "utf-8", "replace")


def parse(line: bytes) -> Message:
    """One line from the judge as its typed message, or `ProtocolViolation`."""
    if len(line) > MAX_LINE:
        raise ProtocolViolation("an event line too long")
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):
        raise ProtocolViolation("a line that is not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("ev"), str):
        raise ProtocolViolation("an event without a kind")
    try:
        kind = Kind(data.pop("ev"))
    except ValueError:
        raise ProtocolViolation("an unknown event kind") from None
    validate(kind, data)
    return _BUILD[kind](data)
