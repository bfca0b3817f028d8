#!/usr/bin/env python3
"""Print the project's figures, one line each: `name: value [unit]`.

Usage: python benchmarks/run.py [GROUP...]   (default: every group)

Each group is a module `benchmarks/<group>.py` with `run() -> [(name, value, unit)]`.
Figures that are ratios compare two things measured in the same run, because
the machines are shared and noisy.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
GROUPS = ["startup", "content", "srs", "kata", "optimize", "export", "grading"]


def load(group: str):
    path = HERE / f"{group}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{group}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    groups = argv or [g for g in GROUPS if (HERE / f"{g}.py").exists()]
    unknown = [g for g in groups if not (HERE / f"{g}.py").exists()]
    if unknown:
        print(f"error: unknown benchmark group(s): {', '.join(unknown)} "
              f"(known: {', '.join(g for g in GROUPS if (HERE / f'{g}.py').exists())})",
              file=sys.stderr)
        return 2
    sys.path.insert(0, str(HERE))
    from _timing import compile_trainer

    compile_trainer()
    for group in groups:
        for name, value, unit in load(group).run():
            text = f"{value:.3f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
            print(f"{name}: {text} {unit}".rstrip(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
