"""The layers point down: read every module of `trainer/` with `ast` and check its imports.

The rules are a table, (package, packages it must not import), so adding a layer or a
rule is one row. Every import counts, at module level or inside a function (a lazy
import still couples the layers); only the terminal libraries are checked at module
level alone, because the core may not pay for them at import time.
"""
from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

import trainer

ROOT = Path(trainer.__file__).resolve().parent

# (package of trainer, packages of trainer it must never import)
FORBIDDEN: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("bank", ("cli", "ui", "sessions", "kata_runner")),
    ("grading", ("cli", "ui", "sessions", "kata_runner")),
    ("fsm", ("cli", "ui", "sessions", "kata_runner")),
    ("store", ("cli", "ui", "sessions", "kata_runner", "grading", "scheduling", "stats")),
    ("kata_runner", ("cli", "ui", "sessions")),
    ("scheduling", ("cli", "ui", "sessions", "kata_runner")),
    ("stats", ("cli", "ui", "sessions")),
    ("sessions", ("cli", "ui")),
    ("ui", ("cli",)),
)

# The terminal libraries: only the cli and the ui may import them at module level.
TERMINAL_LIBRARIES = ("rich", "prompt_toolkit")
TERMINAL_LAYERS = ("cli", "ui")

# Violations someone is removing right now: (importing module, imported module).
# Empty: the last one (bank -> kata_runner, through the kata slugs) is gone.
KNOWN: frozenset[tuple[str, str]] = frozenset()


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runs_at_import(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of a body that run when the module is imported (through if/try/with)."""
    out: list[ast.stmt] = []
    for node in body:
        out.append(node)
        if isinstance(node, (ast.If, ast.Try, ast.With)):
            inner = [*node.body, *getattr(node, "orelse", []), *getattr(node, "finalbody", [])]
            for handler in getattr(node, "handlers", []):
                inner.extend(handler.body)
            out.extend(_runs_at_import(inner))
    return out


def _imports_of(source: str, module: str, is_package: bool) -> list[tuple[str, bool]]:
    """(absolute module name, imported at module level) for every import in `source`."""
    package = module if is_package else module.rpartition(".")[0]
    tree = ast.parse(source)
    top_level = {id(node) for node in _runs_at_import(tree.body)}
    found: list[tuple[str, bool]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, id(node) in top_level) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((name, id(node) in top_level))
    return found


@functools.cache
def _imports(path: Path) -> list[tuple[str, bool]]:
    return _imports_of(path.read_text(encoding="utf-8"), _module_name(path), path.name == "__init__.py")


MODULES = {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _layer(module: str) -> str:
    """`trainer.bank.loader` -> `bank`; `trainer.fsm` -> `fsm`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _violations(layer: str, forbidden: tuple[str, ...]) -> list[tuple[str, str]]:
    out = []
    for module, path in MODULES.items():
        if _layer(module) != layer:
            continue
        for name, _top in _imports(path):
            if name.startswith("trainer.") and _layer(name) in forbidden:
                out.append((module, name))
    return out


def test_the_walk_sees_the_package():
    assert {"trainer.bank.loader", "trainer.fsm", "trainer.cli", "trainer.ui.console"} <= set(MODULES)
    assert len(MODULES) > 50
    layers = {_layer(m) for m in MODULES}
    for layer, forbidden in FORBIDDEN:
        assert layer in layers, f"no package {layer!r}: the table names a layer that is gone"
        assert set(forbidden) <= layers


def test_the_walk_finds_imports_of_every_kind():
    # The checker itself must see lazy, guarded and relative imports, or the rules prove nothing.
    source = (
        "import rich.console\n"
        "try:\n    from prompt_toolkit import prompt\nexcept ImportError:\n    prompt = None\n"
        "from . import model\n"
        "from ..cli import output\n"
        "def later():\n    from trainer.kata_runner import catalog\n"
    )
    found = dict(_imports_of(source, "trainer.bank.loader", is_package=False))
    assert found == {
        "rich.console": True,
        "prompt_toolkit": True,
        "trainer.bank": True,
        "trainer.cli": True,
        "trainer.kata_runner": False,
    }
    assert dict(_imports(ROOT / "cli" / "content.py")).get("trainer.bank") is False


@pytest.mark.parametrize("layer,forbidden", FORBIDDEN, ids=[row[0] for row in FORBIDDEN])
def test_a_layer_imports_nothing_above_it(layer, forbidden):
    found = [v for v in _violations(layer, forbidden) if v not in KNOWN]
    assert not found, "\n".join(f"{src} imports {dst}" for src, dst in found)


def test_known_exceptions_are_still_real():
    # A fixed violation must leave KNOWN, so the list never hides a new one.
    everything = {v for layer, forbidden in FORBIDDEN for v in _violations(layer, forbidden)}
    assert KNOWN <= everything, sorted(KNOWN - everything)


def test_the_core_never_imports_terminal_libraries_at_module_level():
    found = []
    for module, path in MODULES.items():
        if _layer(module) in TERMINAL_LAYERS:
            continue
        for name, top in _imports(path):
            if top and name.split(".")[0] in TERMINAL_LIBRARIES:
                found.append(f"{module} imports {name}")
    assert not found, "\n".join(found)
