"""startup: how fast `trainer --help` answers, relative to importing typer alone."""
from __future__ import annotations

import sys

from _timing import interleaved_medians, trainer_command


def _compile_trainer() -> None:
    """Byte-compile the trainer first, as `pip install` does for a real install.

    An editable checkout run with PYTHONDONTWRITEBYTECODE=1 would otherwise recompile
    every trainer module on every start while typer's own modules come precompiled,
    which measures the environment, not the trainer.
    """
    import compileall
    from pathlib import Path

    import trainer

    compileall.compile_dir(str(Path(trainer.__file__).parent), quiet=1)


def run() -> list[tuple[str, float, str]]:
    _compile_trainer()
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
