"""`StoreBase.open_file` runs the caller's opening policy at the documented points."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from trainer.store import migrations
from trainer.store.core import StoreBase


@dataclass
class Recording:
    """An opening policy that writes down what it was asked, and when."""

    due: bool = False
    calls: list[tuple[str, object]] = field(default_factory=list)

    def before_open(self, path: Path) -> None:
        self.calls.append(("before_open", path.exists()))

    def check_due(self, path: Path) -> bool:
        self.calls.append(("check_due", None))
        return self.due

    def before_migrate(self, store: StoreBase, version: int) -> None:
        self.calls.append(("before_migrate", (version, store.in_transaction)))


def test_a_new_file_is_not_backed_up_and_an_existing_one_is(tmp_path):
    path = tmp_path / "progress.sqlite3"
    first = Recording()
    StoreBase.open_file(path, policy=first).close()
    assert first.calls == [("before_open", True)]          # made here: nothing to guard yet
    again = Recording()
    StoreBase.open_file(path, policy=again).close()
    assert again.calls == [("before_open", True), ("check_due", None),
                           ("before_migrate", (migrations.SCHEMA_VERSION, False))]


def test_no_policy_means_no_side_effects_beyond_the_file(tmp_path):
    path = tmp_path / "progress.sqlite3"
    StoreBase.open_file(path).close()
    with StoreBase.open_file(path, check=True) as store:
        assert store.schema_version == migrations.SCHEMA_VERSION
    names = {p.name for p in tmp_path.iterdir()}
    assert "progress.sqlite3" in names
    assert names <= {"progress.sqlite3", "progress.sqlite3-wal", "progress.sqlite3-shm"}


def test_a_forced_check_does_not_ask_the_policy(tmp_path):
    path = tmp_path / "progress.sqlite3"
    StoreBase.open_file(path).close()
    policy = Recording(due=True)
    StoreBase.open_file(path, check=False, policy=policy).close()
    assert ("check_due", None) not in policy.calls
