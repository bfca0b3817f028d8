"""Fixtures for session tests: a ready (bank, store, scheduler) context and a frozen clock.

The scripted UI itself is `tests.helpers.scripted_ui.ScriptedUI`."""
from __future__ import annotations

import pytest

from tests.helpers.scripted_ui import Clock


@pytest.fixture
def ctx(home):
    from trainer.bank import load_bank
    from trainer.scheduling import Scheduler
    from trainer.store import Store

    store = Store.open()
    yield load_bank(), store, Scheduler(fuzz=False)
    store.close()


@pytest.fixture
def clock():
    return Clock()
