"""The kata files other than the suites: kata.yaml, README, starter, reference.

The starter and the reference must both expose every name of the contract
with the contract's signatures; the starter must import cleanly (its bodies
raise NotImplementedError, which the suite runs in test_suites.py check).
"""

from __future__ import annotations

import enum
import importlib.util
import inspect
import sys
import time
import typing
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
KATAS = REPO / "katas"
MODULES = {"vending": "vending.py", "tcp": "tcp.py", "generic-fsm": "fsm.py",
           "order-workflow": "orders.py", "lexer": "lexer.py",
           "stuck-detector": "stuck.py", "table-tests": "test_ticket.py"}

ENUMS = {
    "vending": {
        "State": {"IDLE": "idle", "HAS_COIN": "has_coin", "DISPENSING": "dispensing"},
        "Event": {"INSERT_COIN": "insert_coin", "SELECT_ITEM": "select_item",
                  "DISPENSE": "dispense", "REFUND": "refund"},
    },
    "tcp": {
        "State": {n: n for n in ("CLOSED", "LISTEN", "SYN_RECV", "ESTABLISHED", "CLOSE_WAIT")},
        "Event": {n: n for n in ("LISTEN", "SYN", "ACK", "FIN", "CLOSE")},
    },
    "generic-fsm": {},
    "order-workflow": {
        "State": {"PENDING": "pending", "PAID": "paid", "SHIPPED": "shipped",
                  "CANCELLED": "cancelled", "FAILED": "failed"},
        "Event": {"PAY": "pay", "SHIP": "ship", "CANCEL": "cancel"},
    },
    "lexer": {"ItemType": {n: n.lower() for n in (
        "TEXT", "LEFT_DELIM", "RIGHT_DELIM", "IDENTIFIER", "FIELD", "STRING", "NUMBER", "ERROR",
        "EOF")}},
    "stuck-detector": {"Recovery": {"RETRY": "retry", "FAIL": "fail", "SKIP": "skip"},
                       "Health": {"STUCK": "stuck", "SLOW": "slow"}},
    "table-tests": {},
}
EXCEPTIONS = {
    "vending": {"InvalidTransition": Exception, "OutOfStock": Exception},
    "tcp": {"InvalidTransition": ValueError},
    "generic-fsm": {"InvalidTransition": Exception, "DuplicateTransition": Exception},
    "order-workflow": {name: Exception for name in (
        "WorkflowError", "InvalidTransition", "GuardFailed", "StaleVersion", "UnknownState",
        "OrderNotFound", "RetryLater")},
    "lexer": {},
    "stuck-detector": {},
    "table-tests": {},
}
# class -> {method: [(parameter, default or inspect.Parameter.empty), ...]}
E_ = inspect.Parameter.empty
CLASSES = {
    "vending": {"VendingMachine": {
        "__init__": [("self", E_), ("stock", E_), ("logger", None)],
        "stock_of": [("self", E_), ("item", E_)],
        "set_stock": [("self", E_), ("item", E_), ("count", E_)],
        "send": [("self", E_), ("event", E_), ("item", None)],
    }},
    "tcp": {"Connection": {
        "__init__": [("self", E_), ("logger", None)],
        "send": [("self", E_), ("event", E_)],
    }},
    "generic-fsm": {"Machine": {
        "__init__": [("self", E_), ("initial", E_)],
        "allow": [("self", E_), ("src", E_), ("event", E_), ("dst", E_), ("action", None)],
        "send": [("self", E_), ("event", E_)],
    }},
    "order-workflow": {"Workflow": {
        "__init__": [("self", E_), ("db_path", E_), ("gateway", E_), ("clock", time.time)],
        "create": [("self", E_), ("order_id", E_), ("amount", E_)],
        "load": [("self", E_), ("order_id", E_)],
        "send": [("self", E_), ("order_id", E_), ("event", E_), ("expected_version", E_)],
    }},
    "stuck-detector": {"Detector": {
        "__init__": [("self", E_), ("table", E_), ("heartbeat_interval", E_), ("clock", E_),
                     ("retry", E_), ("move", E_)],
        "enter": [("self", E_), ("entity_id", E_), ("state", E_)],
        "heartbeat": [("self", E_), ("entity_id", E_)],
        "state_of": [("self", E_), ("entity_id", E_)],
        "check": [("self", E_)],
    }},
}
PROPERTIES = {
    "vending": {"VendingMachine": ["state", "selected"]},
    "tcp": {"Connection": ["state"]},
    "generic-fsm": {"Machine": ["state"]},
}
FUNCTIONS = {"tcp": {"is_legal": [("state", E_), ("event", E_)]},
             "lexer": {"lex": [("source", E_)]}}


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and friends look their module up here
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


def params(func) -> list[tuple[str, object]]:
    return [(p.name, p.default) for p in inspect.signature(func).parameters.values()]


@pytest.mark.parametrize("kind", ["starter", "reference"])
@pytest.mark.parametrize("kata", list(MODULES))
def test_module_exposes_the_contract(kata, kind):
    path = KATAS / kata / kind / MODULES[kata]
    mod = load(path, f"_kata_{kind}_{kata.replace('-', '_')}")
    for enum_name, members in ENUMS[kata].items():
        cls = getattr(mod, enum_name)
        assert issubclass(cls, enum.StrEnum), f"{path}: {enum_name} must be a StrEnum"
        assert {m.name: m.value for m in cls} == members, f"{path}: {enum_name} members"
    for exc_name, base in EXCEPTIONS[kata].items():
        cls = getattr(mod, exc_name)
        assert issubclass(cls, base), f"{path}: {exc_name} must subclass {base.__name__}"
    for cls_name, methods in CLASSES.get(kata, {}).items():
        cls = getattr(mod, cls_name)
        for method, expected in methods.items():
            assert params(getattr(cls, method)) == expected, f"{path}: {cls_name}.{method}"
        for prop in PROPERTIES.get(kata, {}).get(cls_name, []):
            attr = inspect.getattr_static(cls, prop)
            assert isinstance(attr, property) and attr.fset is None, (
                f"{path}: {cls_name}.{prop} must be a read-only property"
            )
    for func_name, expected in FUNCTIONS.get(kata, {}).items():
        assert params(getattr(mod, func_name)) == expected, f"{path}: {func_name}"
    if kata == "tcp":
        assert isinstance(mod.TRANSITIONS, typing.Sequence), f"{path}: TRANSITIONS"
    if kata == "order-workflow":
        assert set(mod.SCHEMA.split()) >= {"orders", "audit", "outbox"}, f"{path}: SCHEMA"
    if kata == "generic-fsm":
        assert typing.Generic in mod.Machine.__mro__, f"{path}: Machine must be Generic"
        assert len(mod.Machine.__parameters__) == 2, f"{path}: Machine[S, E]"


@pytest.mark.parametrize("kata", list(MODULES))
def test_kata_yaml(kata):
    data = yaml.safe_load((KATAS / kata / "kata.yaml").read_text(encoding="utf-8"))
    assert data["slug"] == kata
    assert data["module"] == MODULES[kata]
    assert data["title"].strip()
    assert data["summary"].strip() and "\n" not in data["summary"].strip()
    hints = data["hints"]
    assert isinstance(hints, list) and len(hints) == 3
    assert all(isinstance(h, str) and h.strip() for h in hints)


@pytest.mark.parametrize("kata", list(MODULES))
def test_kata_directory_layout_and_readme(kata):
    root = KATAS / kata
    for rel in ("README.md", "debrief.md", "suite/conftest.py",
                f"starter/{MODULES[kata]}", f"reference/{MODULES[kata]}"):
        assert (root / rel).is_file(), f"{kata}: {rel} is missing"
    assert list((root / "suite").glob("test_*.py")), f"{kata}: the suite has no tests"
    readme = (root / "README.md").read_text(encoding="utf-8")
    for command in ("check", "watch", "hint"):
        assert f"trainer kata {command} {kata}" in readme, f"{kata}: README lacks {command}"


def test_nothing_refers_outside_the_repository():
    needles = ["/work/" + "shared", "../" + "shared"]
    offenders = [
        str(path.relative_to(REPO))
        for base in (KATAS, REPO / "tests" / "katas")
        for path in base.rglob("*")
        if path.is_file() and path.suffix in {".py", ".md", ".yaml"}
        and any(n in path.read_text(encoding="utf-8") for n in needles)
    ]
    assert not offenders, f"these files point outside the repository: {offenders}"


def test_every_kata_has_a_level_and_cards_that_exist_in_the_bank():
    from trainer.bank import load_bank
    from trainer.bank.model import LEVELS
    from trainer.kata_runner.catalog import load_catalog

    bank = load_bank(bundled=True)
    katas = load_catalog()
    assert {k.slug for k in katas} >= set(MODULES)
    for kata in katas:
        assert kata.level in LEVELS, f"{kata.slug}: level {kata.level!r}"
        assert kata.cards, f"{kata.slug}: name the bank cards it practises"
        unknown = [c for c in kata.cards if c not in bank.cards]
        assert not unknown, f"{kata.slug}: cards not in the bank: {unknown}"
        debrief = kata.debrief.read_text(encoding="utf-8")
        main_cards = [c for c in kata.cards if c.startswith("q") and "." not in c]
        missing = [c for c in main_cards if c not in debrief]
        assert not missing or kata.slug in ("vending", "tcp", "generic-fsm"), (
            f"{kata.slug}: the debrief must name the question cards it practises: {missing}")


def test_the_table_tests_readme_shows_the_machine_the_suite_uses():
    readme = (KATAS / "table-tests" / "README.md").read_text(encoding="utf-8")
    machine = (KATAS / "table-tests" / "suite" / "ticket_machine.py").read_text(encoding="utf-8")
    assert f"```python\n{machine}```" in readme, (
        "the README must show the machine module exactly as the suite runs it")
