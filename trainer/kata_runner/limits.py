"""How much one kata check may use, shared by both tracks.

A separate module because three sides need it without the rest of the runner: the CLI
(parsing `--time-limit` and friends), the Python supervisor and the Go check.
"""
from __future__ import annotations

from dataclasses import dataclass

MIN_MEMORY = 48 << 20  # below this the worker's interpreter cannot start


@dataclass(frozen=True)
class Limits:
    """How much a check may use. Seconds are wall-clock; memory is address space."""

    run_seconds: float = 20.0
    test_seconds: float = 5.0
    memory_bytes: int = 1 << 30
    output_chars: int = 64 * 1024
    file_bytes: int = 64 << 20
    processes: int = 256  # threads count too (RLIMIT_NPROC counts tasks)

    def describe_memory(self) -> str:
        mib = self.memory_bytes >> 20
        return f"{mib >> 10} GiB" if mib % 1024 == 0 else f"{mib} MiB"


def fmt_seconds(s: float) -> str:
    return f"{s:g} s"
