"""Test-wide guard: no test may touch the real user data dir.

Every test runs with TRAINER_HOME pointing at its own temporary directory, and
the `--home` override is cleared between tests.
"""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TRAINER_HOME", str(home))
    monkeypatch.delenv("TRAINER_CONTENT", raising=False)
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


_KATA_DIRS = ("katas", "kata_runner")


def pytest_collection_modifyitems(config, items):
    """Tests that run learner code or hidden suites in a subprocess are the slow part:
    mark them `katas`, so `pytest -m "not katas"` is the fast loop."""
    for item in items:
        parts = item.path.parts
        if "tests" in parts and parts[parts.index("tests") + 1] in _KATA_DIRS:
            item.add_marker(pytest.mark.katas)
