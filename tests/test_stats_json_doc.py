"""Every field `trainer stats --json` prints is documented in the README, and nothing more."""
from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from trainer import stats
from trainer.bank import load_bank
from trainer.store import Store

README = Path(__file__).resolve().parent.parent / "README.md"
DYNAMIC = {"mastery.level": "LEVEL", "mastery.tag": "TAG"}  # keys that are data, not fields


def paths(value, prefix=""):
    if isinstance(value, dict):
        placeholder = DYNAMIC.get(prefix)
        for key, sub in value.items():
            path = f"{prefix}.{placeholder or key}" if prefix else key
            yield path
            yield from paths(sub, path)
    elif isinstance(value, list):
        for item in value:
            yield from paths(item, f"{prefix}[]")


def documented() -> set[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("#### `trainer stats --json` fields", 1)[1].split("\n\n`trainer stats --workload`", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([^`]+)`", row.split(" | ")[0])}


def test_every_stats_field_is_in_the_readme_table():
    with Store.open() as store:
        store.record_kata_run("vending", datetime(2026, 1, 1, tzinfo=UTC), "passed", 9, 9, 1200)
        store._execute("INSERT INTO cards (card_id, state, due, lapses, leech, suspended)"
                       " VALUES ('q01-what-is-state', 2, '2026-01-02T00:00:00.000000Z', 8, 1, 1)")
        data = stats.compute(store, load_bank()).to_json()
    data["bank_error"] = "example"
    found = set(paths(data))
    docs = documented()
    assert found - docs == set(), "undocumented stats fields"
    assert docs - found == set(), "documented fields stats does not print"
