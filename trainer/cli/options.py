"""Checking option values: canonical choices and bounded numbers, one-line errors (exit 2)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import overload

from trainer.errors import TrainerError


@overload
def check_choice(option: str, values: None, valid: Sequence[str]) -> None: ...
@overload
def check_choice(option: str, values: str, valid: Sequence[str]) -> str: ...
@overload
def check_choice(option: str, values: list[str], valid: Sequence[str]) -> list[str]: ...


def check_choice(option: str, values: str | list[str] | None,
                 valid: Sequence[str]) -> str | list[str] | None:
    """Canonical value(s) for an option, matched in any case (`--level Junior` is junior).

    An unknown value is a one-line error (exit 2) listing the valid values.
    Returns what it was given (None, one string or a list) with each value
    replaced by its canonical spelling.
    """
    if values is None:
        return None
    by_fold = {v.casefold(): v for v in valid}
    out: list[str] = []
    for value in [values] if isinstance(values, str) else values:
        canonical = by_fold.get(value.casefold())
        if canonical is None:
            raise TrainerError(f"unknown {option} {value!r} (valid: {', '.join(valid)})")
        out.append(canonical)
    return out[0] if isinstance(values, str) else out


# Every float option, with its inclusive range: (command, option) -> (low, high, unit).
# A float option takes only a finite value in its range (inf, nan and 1e9 are refused
# in one line): an endless timer is a loop, not a setting.
FLOAT_BOUNDS: dict[tuple[str, str], tuple[float, float, str]] = {
    ("mock", "--minutes"): (0.1, 120.0, "minutes"),
    ("drill", "--seconds"): (1.0, 3600.0, "seconds"),
    ("kata check", "--time-limit"): (1.0, 3600.0, "seconds"),
    ("kata check", "--test-time-limit"): (0.1, 600.0, "seconds"),
    ("kata watch", "--time-limit"): (1.0, 3600.0, "seconds"),
    ("kata watch", "--test-time-limit"): (0.1, 600.0, "seconds"),
}


def bounded(command: str, option: str, value: float) -> float:
    """`value` if it is finite and inside FLOAT_BOUNDS; else a one-line error (exit 2)."""
    import math

    low, high, unit = FLOAT_BOUNDS[(command, option)]
    if not math.isfinite(value) or not low <= value <= high:
        raise TrainerError(f"{option} must be a number of {unit} from {low:g} to {high:g}, "
                           f"not {value:g}", exit_code=2)
    return value
