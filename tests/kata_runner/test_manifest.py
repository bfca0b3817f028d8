"""The recorded hidden suites: the committed manifest is current, and a check refuses
suites that do not match it (files edited, tests missing or added)."""
from __future__ import annotations

import json
import shutil

from tests.helpers.kata_toys import KATAS
from trainer.kata_runner import manifest
from trainer.kata_runner.report import ERROR
from trainer.kata_runner.runner import run_check


def test_the_committed_hashes_are_current():
    data = manifest.load(KATAS)
    assert data is not None, "katas/MANIFEST.json is missing"
    assert data["files"] == manifest.hashes(KATAS), (
        "a suite changed: run `python -m trainer.kata_runner.manifest --write`")


def test_the_committed_test_ids_are_current():
    data = manifest.load(KATAS)
    for slug, module in (("vending", "vending"), ("tcp", "tcp"), ("generic-fsm", "fsm")):
        assert data["tests"][slug] == manifest.collect_ids(KATAS, slug, module), slug


def _copy(tmp_path):
    katas = tmp_path / "katas"
    shutil.copytree(KATAS, katas, ignore=shutil.ignore_patterns("__pycache__"))
    return katas


def test_a_hook_appended_to_an_installed_conftest_is_refused(tmp_path):
    katas = _copy(tmp_path)
    with open(katas / "vending" / "suite" / "conftest.py", "a") as fh:
        fh.write("\ndef pytest_runtest_call(item):\n    pass\n")
    report = run_check(katas / "vending" / "suite", "vending",
                       katas / "vending" / "reference" / "vending.py", slug="vending")
    assert report.status == ERROR and report.message == manifest.MODIFIED
    assert report.tests == []


def test_a_test_missing_from_the_run_is_an_error_never_a_pass(tmp_path):
    katas = _copy(tmp_path)
    data = json.loads((katas / manifest.NAME).read_text())
    data["tests"]["tcp"].append("test_tcp_table.py::test_that_was_renamed")
    (katas / manifest.NAME).write_text(json.dumps(data))
    report = run_check(katas / "tcp" / "suite", "tcp", katas / "tcp" / "reference" / "tcp.py",
                       slug="tcp")
    assert report.status == ERROR and report.exit_code == 2
    assert "not the hidden suite's" in report.message and "test_that_was_renamed" in report.message
