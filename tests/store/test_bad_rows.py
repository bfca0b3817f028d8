"""Case 6: a bad row inside the store is skipped and named once, never fatal."""
from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import pytest

from tests.helpers.proc import trainer
from tests.helpers.progress import scheduler
from trainer.store import Store, problems, transfer


@pytest.fixture
def spoiled(home):
    """Real progress plus one unreadable row of each kind, written behind the trainer's back."""
    path = home / "progress.sqlite3"
    now = datetime.now(UTC)
    with Store.open(path) as s:
        scheduler().grade(s, "good-card", 3, now)
        s.save_session("goodsession1", "quiz", "asking", {
            "version": 1, "title": "Quiz", "queue": ["retired-card"], "position": 0,
            "answers": [None], "time_limit": None, "options": {}, "started_at": now.isoformat()})
        s.record_kata_run("vending", now, "passed", 3, 3, 10)
    con = sqlite3.connect(path)
    with con:
        con.execute("INSERT INTO sessions VALUES ('badsession01', 'quiz', 'asking', 'not json{',"
                    " '2099-01-01T00:00:00.000000Z', '2099-01-01T00:00:00.000000Z', 0)")
        con.execute("INSERT INTO kata_runs (slug, at, status, passed, total, duration_ms)"
                    " VALUES ('tcp', 'yesterday-ish', 'passed', 1, 1, 5)")
        con.execute("INSERT INTO cards (card_id, state, due) VALUES ('bad-card', 2, 'soon')")
        con.execute("INSERT INTO meta VALUES ('broken', '{{{')")
    con.close()
    problems.clear()
    return path


def test_readers_skip_and_name_each_bad_row_once(spoiled):
    with Store.open(spoiled) as s:
        for _ in range(3):
            assert s.latest_unfinished_session("quiz").id == "goodsession1"
            assert set(s.kata_summary()) == {"vending"}
            assert [c.card_id for c in s.all_cards()] == ["good-card"]
            assert s.card("bad-card") is None          # counts as new; grading rewrites it
            assert s.get_meta("broken", "default") == "default"
        scheduler().grade(s, "bad-card", 3, datetime.now(UTC))
        assert s.card("bad-card") is not None
    assert set(problems.skipped()) == {("sessions", "badsession01"), ("cards", "bad-card"),
                                       ("kata_runs", "tcp at 'yesterday-ish'"),
                                       ("meta", "broken")}


def test_export_skips_bad_rows_and_what_it_writes_imports(spoiled, home):
    out = home / "out.json"
    with Store.open(spoiled) as s:
        counts = transfer.export_file(s, out)
        assert counts["sessions"] == 1 and counts["kata_runs"] == 1 and counts["cards"] == 1
        transfer.import_data(s, transfer.read_export(out))
        assert s.reviews_total() == 1


@pytest.mark.katas
def test_commands_keep_working_on_a_store_with_bad_rows(spoiled, home):
    out = home / "out.json"
    for args in (("export", str(out)), (), ("kata", "list"), ("stats", "--json"), ("sessions",),
                 ("quiz", "--resume", "--plain")):
        r = trainer(*args, stdin="")
        assert r.returncode == 0, (args, r.stderr)
        assert "internal error" not in r.stderr and "Traceback" not in r.stderr
        assert r.stderr.count("badsession01") <= 1      # named once per run
    assert json.loads(out.read_text())["tables"]["sessions"][0]["id"] == "goodsession1"
