"""Test-wide guard: no test may touch the real user data dir.

Every test runs with TRAINER_HOME pointing at its own temporary directory, and
the `--home` override is cleared between tests.
"""
from __future__ import annotations

import os
import tempfile

import pytest

GO_TEST_CACHE = os.path.join(tempfile.gettempdir(), f"trainer-tests-go-cache-{os.getuid()}")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TRAINER_HOME", str(home))
    monkeypatch.delenv("TRAINER_CONTENT", raising=False)
    # The Go build cache is a cache, not progress: one per machine for the whole test
    # run (and the next), so only the first Go test pays for compiling the standard library.
    monkeypatch.setenv("TRAINER_GO_CACHE", os.environ.get("TRAINER_GO_CACHE") or GO_TEST_CACHE)
    from trainer import paths

    paths.set_home_override(None)
    paths.set_extra_content(None)
    yield home
    paths.set_home_override(None)
    paths.set_extra_content(None)


@pytest.fixture
def home(_isolated_home):
    """The isolated progress home of this test."""
    return _isolated_home


@pytest.fixture
def cli():
    """`cli("stats", "--json", stdin=..., env=..., tty=...)`: `trainer ARGS` in-process through
    `trainer.cli.main`, as a `Result(exit_code, stdout, stderr)` (see tests/helpers/cli.py)."""
    from tests.helpers.cli import run_cli

    return run_cli


@pytest.fixture
def store(home):
    """An open store in the test's home (tests/store, tests/cli, scheduling and stats use it)."""
    from trainer.store import Store

    s = Store.open(home / "progress.sqlite3")
    yield s
    s.close()


@pytest.fixture
def sched():
    """A scheduler without fuzz on the pinned zone of tests.helpers.progress."""
    from tests.helpers.progress import scheduler

    return scheduler()


_KATA_DIRS = ("katas", "kata_runner")


def pytest_collection_modifyitems(config, items):
    """Tests that run learner code or hidden suites in a subprocess are the slow part:
    mark them `katas`, so `pytest -m "not katas"` is the fast loop."""
    for item in items:
        parts = item.path.parts
        if "tests" in parts and parts[parts.index("tests") + 1] in _KATA_DIRS:
            item.add_marker(pytest.mark.katas)
