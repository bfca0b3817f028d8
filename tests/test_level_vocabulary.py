"""The interview levels are declared once (`bank.model.Level`); every per-level table uses them."""
from __future__ import annotations

import json

import pytest

from trainer.bank.json_schema import pack_schema
from trainer.bank.model import LEVELS, Level
from trainer.exports.anki import LEVEL_DECK_IDS
from trainer.sessions.interview import LEVEL_QUESTIONS
from trainer.sessions.interview_kata import LEVEL_KATA
from trainer.stats import Mastery, level_order
from trainer.ui.session_screens import LEVEL_STYLE


def test_levels_are_the_enum_in_interview_order_as_plain_words():
    assert LEVELS == ("junior", "middle", "senior", "staff")
    assert LEVELS == tuple(level.value for level in Level)
    assert all(type(word) is str for word in LEVELS)      # safe to dump as YAML or JSON


@pytest.mark.parametrize("table", [LEVEL_DECK_IDS, LEVEL_QUESTIONS, LEVEL_KATA, LEVEL_STYLE],
                         ids=["anki decks", "interview questions", "interview kata", "styles"])
def test_every_per_level_table_covers_exactly_the_levels(table):
    assert list(table) == list(Level)
    assert all(table[word] == table[Level(word)] for word in LEVELS)   # plain words look up


def level_enums(node: object) -> list[list[str]]:
    """Every `"level": {"enum": [...]}` in a JSON Schema."""
    found: list[list[str]] = []
    if isinstance(node, dict):
        level = node.get("level")
        if isinstance(level, dict) and "enum" in level:
            found.append(level["enum"])
        for value in node.values():
            found += level_enums(value)
    elif isinstance(node, list):
        for value in node:
            found += level_enums(value)
    return found


def test_the_card_schema_offers_the_same_levels():
    enums = level_enums(json.loads(json.dumps(pack_schema())))
    assert enums and all(e == list(LEVELS) for e in enums)


def test_stats_order_levels_junior_first_and_unknown_ones_last():
    groups = [Mastery(name, 1, 0, 0, 0.0) for name in ("staff", "none", "junior", "middle")]
    assert [g.name for g in level_order(groups)] == ["junior", "middle", "staff", "none"]
