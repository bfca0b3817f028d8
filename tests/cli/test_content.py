"""`trainer content list/show/schema` as a user calls them."""
from __future__ import annotations

import json

import pytest

from tests.helpers.cli import run_cli
from trainer.bank import KINDS, LEVELS, load_bank

BANK = load_bank()


def test_list_json_has_the_documented_fields_for_every_card():
    r = run_cli("content", "list", "--json")
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert [row["id"] for row in rows] == list(BANK.cards)
    for row in rows:
        assert {"id", "kind", "level", "tags", "prompt"} <= set(row)
        assert row["kind"] in KINDS and (row["level"] in LEVELS or row["level"] is None)


@pytest.mark.parametrize("option,value", [("--kind", k) for k in KINDS] + [("--level", lv) for lv in LEVELS])
def test_list_filters(option, value):
    rows = json.loads(run_cli("content", "list", option, value, "--json").stdout)
    field = option.lstrip("-")
    assert rows and all(row[field] == value for row in rows)


def test_list_by_tag():
    tag = BANK.tags()[0]
    rows = json.loads(run_cli("content", "list", "--tag", tag, "--json").stdout)
    assert rows and all(tag in row["tags"] for row in rows)


@pytest.mark.parametrize("option,value,valid", [
    ("--kind", "essay", "question, follow_up"),
    ("--level", "expert", "junior, middle, senior, staff"),
    ("--tag", "no-such-tag", "basics"),
])
def test_list_refuses_unknown_filter_values(option, value, valid):
    assert run_cli("content", "list", option, value).exit_code == 2


def test_show_renders_markdown_and_go_code():
    card = next(c for c in BANK if c.detail and "```go" in c.detail)
    r = run_cli("content", "show", card.id)
    assert r.exit_code == 0
    assert card.id in r.stdout and "Key points" in r.stdout
    assert "```" not in r.stdout  # fences are rendered, not printed


def test_show_unknown_id_suggests_close_ids():
    r = run_cli("content", "show", "q05-contxt")
    assert r.exit_code == 2
    err = r.stderr
    assert err.startswith("error: no card with id 'q05-contxt' (did you mean q05-context")


def test_schema_is_json_and_validates_every_bundled_pack():
    import yaml
    from jsonschema import Draft202012Validator

    schema = json.loads(run_cli("content", "schema").stdout)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    for path in BANK.sources:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text())))
        assert not errors, f"{path}: {errors[0].message}"


def test_schema_rejects_what_the_loader_rejects():
    from jsonschema import Draft202012Validator

    from trainer.bank.json_schema import pack_schema

    v = Draft202012Validator(pack_schema())
    bad = {"pack": "x", "cards": [{"id": "a", "kind": "question", "prompt": "p", "answer": "a",
                                   "key_points": [{"point": "p", "match": ["x"]}]}]}
    messages = " ".join(e.message for e in v.iter_errors(bad))
    assert "'level' is a required property" in messages
