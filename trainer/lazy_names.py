"""PEP 562 lazy names for a package's `__init__`: import a submodule on first use.

`trainer.store` and `trainer.bank` re-export their records and entry points, but importing
the package must not import sqlite3, the YAML reader or the grading checks: a command that
needs one small record pays for that record only.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def resolver(package: str, table: Mapping[str, str],
             namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A module `__getattr__` that finds `name` in the submodule `table[name]` and caches it
    in the package's `namespace` (so each name is imported once)."""
    def __getattr__(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    return __getattr__
