"""The store's modules import one way, and nothing reaches into a store's private parts."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import trainer

PACKAGE = Path(trainer.__file__).resolve().parent
STORE = PACKAGE / "store"


def store_imports(path: Path) -> set[str]:
    """`trainer.store` submodules a module imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "trainer.store":
                found |= {a.name for a in node.names}
            elif node.module.startswith("trainer.store."):
                found.add(node.module.removeprefix("trainer.store.").split(".")[0])
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("trainer.store.").split(".")[0] for a in node.names
                      if a.name.startswith("trainer.store.")}
    modules = {p.stem for p in STORE.glob("*.py")}
    return found & modules


def graph() -> dict[str, set[str]]:
    return {p.stem: store_imports(p) - {p.stem}
            for p in STORE.glob("*.py") if p.stem != "__init__"}


def test_the_store_modules_import_without_a_cycle():
    edges = graph()
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, "import cycle: " + " -> ".join((*path, name))
        if name in done:
            return
        for dep in edges.get(name, ()):
            visit(dep, (*path, name))
        done.add(name)

    for name in edges:
        visit(name, ())


def test_the_connection_core_knows_nothing_above_it():
    above = {"backups", "progress_file", "records", "scheduling_rows", "review_counts",
             "transfer"}
    assert graph()["core"] & above == set()
    assert "progress_file" not in graph()["backups"]


PRIVATE = re.compile(r"\b(?!self\b)[a-z_]\w*\._(conn|lock|query|execute|guard|depth|now)\b")


def test_only_the_store_core_touches_the_connection_and_its_lock():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path == STORE / "core.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PRIVATE.search(line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []
