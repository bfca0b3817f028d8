"""Case 5: import checks every field's type and range, all or nothing, in one line."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.helpers.progress import T0, fill
from trainer.store import transfer

BIG = 2 ** 63


def _set(table, field, value):
    return lambda t: t[table][0].update({field: value})


# (what is wrong, how to make it, the field the one-line error names, what it says)
CASES = [
    ("a due date that is no date", _set("cards", "due", "2026-13-45T99:99:99.000000Z"),
     "cards[0]: field 'due'", "not a real date and time"),
    ("a time in another format", _set("reviews", "at", "2026-01-01 10:00"),
     "reviews[0]: field 'at'", "not a time like"),
    ("a negative stability", _set("cards", "stability", -3.5),
     "cards[0]: field 'stability'", "must be between"),
    ("a difficulty off fsrs's scale", _set("cards", "difficulty", 42.0),
     "cards[0]: field 'difficulty'", "must be between"),
    ("an id beyond 2^63", _set("reviews", "id", BIG),
     "reviews[0]: field 'id'", "must be between 1 and"),
    ("a negative id", _set("kata_runs", "id", -1), "kata_runs[0]: field 'id'", "must be between"),
    ("a boolean for an integer", _set("cards", "reps", True),
     "cards[0]: field 'reps'", "must be an integer"),
    ("a flag that is not 0 or 1", _set("cards", "suspended", 2),
     "cards[0]: field 'suspended'", "between 0 and 1"),
    ("a state fsrs does not have", _set("cards", "state", 0),
     "cards[0]: field 'state'", "between 1 and 3"),
    ("a negative lapse count", _set("cards", "lapses", -1),
     "cards[0]: field 'lapses'", "between 0"),
    ("a payload that is not an object", _set("sessions", "payload", [1, 2]),
     "sessions[0]: field 'payload'", "must be a JSON object"),
    ("a payload nested too deep", _set("sessions", "payload", json.loads("{\"a\":" * 100 + "1"
                                                                       + "}" * 100)),
     "sessions[0]: field 'payload'", "nested deeper than"),
    ("a lone surrogate in text", _set("kata_runs", "slug", "\ud800"),
     "kata_runs[0]: field 'slug'", "not valid Unicode"),
    ("an integer beyond 64 bits inside JSON", _set("meta", "value", {"n": BIG}),
     "meta[0]: field 'value'", "beyond 64 bits"),
]


@pytest.mark.parametrize("what,mutate,field,says", CASES, ids=[c[0] for c in CASES])
def test_a_bad_field_imports_nothing_and_is_named(store, sched, home, what, mutate, field, says):
    fill(store, sched)
    data = transfer.export_data(store)
    mutate(data["tables"])
    path = home / "in.json"
    path.write_text(json.dumps(data))
    sched.grade(store, "keep-me", 3, T0 + timedelta(hours=5))
    before = transfer.export_data(store)
    with pytest.raises(transfer.BadImport) as err:
        transfer.import_data(store, transfer.read_export(path), source=str(path))
    msg = err.value.message
    assert field in msg and says in msg and "nothing was imported" in msg and "\n" not in msg
    after = transfer.export_data(store)
    before.pop("exported_at"), after.pop("exported_at")
    assert after == before


ENVELOPES = [
    ('"schema_version": true', "field 'schema_version' must be a positive integer"),
    ('"schema_version": 0', "field 'schema_version' must be a positive integer"),
    ('"schema_version": "3"', "field 'schema_version' must be a positive integer"),
]


@pytest.mark.parametrize("field,says", ENVELOPES)
def test_a_bad_envelope_is_refused(home, field, says):
    path = home / "in.json"
    path.write_text('{"format": "trainer-progress", "format_version": 1, ' + field
                    + ', "tables": {}}')
    with pytest.raises(transfer.BadImport, match=says):
        transfer.read_export(path)


@pytest.mark.parametrize("text,says", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"format": "trainer-progress", "n": NaN}', "NaN is not a number"),
    ('{"format": "trainer-progress", "format_version": true, "schema_version": 1, "tables": {}}',
     "export format True"),
])
def test_hostile_json_is_one_line(home, text, says):
    path = home / "in.json"
    path.write_text(text)
    with pytest.raises(transfer.BadImport, match=says):
        transfer.read_export(path)


def test_every_value_export_writes_passes_its_own_checks(store, sched, home):
    fill(store, sched)
    data = transfer.export_data(store)
    path = home / "out.json"
    path.write_text(json.dumps(data))
    transfer.import_data(store, transfer.read_export(path))
    assert store.reviews_total() == 2
