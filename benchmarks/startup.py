"""startup: how fast `trainer --help` answers, relative to importing typer alone."""
from __future__ import annotations

import sys

from _timing import compile_trainer, interleaved_medians, trainer_command


def run() -> list[tuple[str, float, str]]:
    compile_trainer()
    medians = interleaved_medians(
        {
            "help": [*trainer_command(), "--help"],
            "version": [*trainer_command(), "--version"],
            "typer": [sys.executable, "-c", "import typer"],
        },
        rounds=25,
    )
    return [
        ("startup.help_ms", medians["help"] * 1000, "ms"),
        ("startup.version_ms", medians["version"] * 1000, "ms"),
        ("startup.typer_import_ms", medians["typer"] * 1000, "ms"),
        ("startup.help_ratio", medians["help"] / medians["typer"], ""),
    ]
