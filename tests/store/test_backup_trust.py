"""Case 4: backups trust neither the clock nor an unchecked copy; killed writers' temp
files are cleaned at the next start."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest

from tests.helpers.proc import ROOT, one_line_error, trainer
from tests.helpers.progress import T0, corrupt, sessions_store
from trainer.store import Store, StoreRefused, backups, tempfiles


def days_of_use(path, start, days):
    for day in range(days):
        with Store.open(path, now=start + timedelta(days=day)) as s:
            s.set_meta("opened", (start + timedelta(days=day)).isoformat())


@pytest.mark.katas     # seventeen days of opens and backups: the slow part
def test_a_week_with_the_clock_a_year_ahead_does_not_prune_new_backups(home):
    path = home / "progress.sqlite3"
    Store.open(path, now=T0).close()
    days_of_use(path, T0 + timedelta(days=365), 7)       # the clock was wrong for a week
    days_of_use(path, T0 + timedelta(days=1), 3)         # fixed: three more days of study
    daily = [b for b in backups.list_backups(path) if b.reason == "daily"]
    assert len(daily) == 7
    # The three newest by content are the three made after the clock was fixed ...
    assert [b.taken_at.year for b in daily[:3]] == [T0.year] * 3
    # ... and restore takes the last of them, not a stale one with a future name.
    chosen, skipped = backups.newest_sound(path)
    assert chosen == daily[0] and skipped == []
    with Store.open(chosen.path, backup=False) as copy:
        assert copy.get_meta("opened") == (T0 + timedelta(days=2)).isoformat()


def test_backup_refuses_to_copy_a_damaged_store(home):
    path = sessions_store(home / "progress.sqlite3")
    Store.open(path).close()                  # today's check and backup are done
    before = sorted(os.listdir(home / "backups"))
    corrupt(path)
    with Store.open(path, backup=False) as s, pytest.raises(StoreRefused) as err:
        backups.make_backup(s, "manual")
    assert "refusing to back up a damaged store" in err.value.message
    assert sorted(os.listdir(home / "backups")) == before


@pytest.mark.katas
def test_restore_takes_the_newest_sound_backup_and_names_the_skipped_one(home):
    path = sessions_store(home / "progress.sqlite3")
    with Store.open(path) as s:
        older = backups.make_backup(s, "manual")
        s.set_meta("later", 1)
        newer = backups.make_backup(s, "manual")
    corrupt(newer)
    r = trainer("restore", "--yes")
    assert r.returncode == 0, r.stderr
    assert f"Restored your progress from {older}" in r.stdout
    assert f"skipped the damaged backup {newer.name}" in r.stderr
    r = trainer("restore", str(newer), "--yes")      # naming it: refused, and told which is
    assert r.returncode == 3
    line = one_line_error(r.stderr, "damaged backup", "newest sound backup is")
    assert "trainer restore" not in line


@pytest.mark.katas
def test_temp_files_of_killed_writers_are_cleaned_at_the_next_start(home):
    """A real child makes its temporary files, then is killed with SIGKILL."""
    path = home / "progress.sqlite3"
    Store.open(path).close()
    elsewhere = home.parent / f"{home.name}-exports"
    elsewhere.mkdir()
    child = subprocess.Popen([sys.executable, "-c", f"""
import sys, time
from pathlib import Path
from trainer.store import tempfiles
for target in (Path({str(home / 'backups' / 'progress.sqlite3')!r}),
               Path({str(path)!r})):
    target.parent.mkdir(exist_ok=True)
    tempfiles.temp_path(target).write_bytes(b"x" * 100000)
export = tempfiles.temp_path(Path({str(elsewhere / 'p.json')!r}))
tempfiles.register(Path({str(home)!r}), export)
export.write_bytes(b"{{")
print("written", flush=True)
time.sleep(600)
"""], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "written"
    mine = tempfiles.temp_path(path)              # a live writer's file: never touched
    mine.write_bytes(b"in progress")
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)

    def temps():
        return sorted(n for d in (home, home / "backups", elsewhere) for n in os.listdir(d)
                      if tempfiles.is_temp_name(n))

    assert len(temps()) == 4
    Store.open(path).close()
    assert temps() == [mine.name]
    assert os.listdir(home / tempfiles.PENDING_DIR) == []


# --- case 9: own goals ------------------------------------------------------------------
@pytest.mark.parametrize("target", ["store", "wal", "shm", "backup", "link", "symlink",
                                    "in-backups"])
def test_export_refuses_the_store_its_journals_and_backups(home, target):
    from trainer.store import transfer

    path = home / "progress.sqlite3"
    with Store.open(path) as s:
        s.set_meta("k", 1)
        backup = backups.make_backup(s, "manual")
        dest = {"store": path, "wal": home / "progress.sqlite3-wal",
                "shm": home / "progress.sqlite3-shm", "backup": backup,
                "link": home / "hard.json", "symlink": home / "soft.json",
                "in-backups": home / "backups" / "new.json"}[target]
        if target == "link":
            os.link(path, dest)
        if target == "symlink":
            dest.symlink_to(path)
        before = {p: p.read_bytes() for p in (path, backup)}
        with pytest.raises(transfer.TrainerError) as err:
            transfer.export_file(s, dest)
        assert "export to another file" in err.value.message
        assert {p: p.read_bytes() for p in (path, backup)} == before
        assert s.get_meta("k") == 1


@pytest.mark.katas
def test_export_over_the_store_with_force_is_refused_by_the_cli(home):
    path = home / "progress.sqlite3"
    Store.open(path).close()
    before = path.read_bytes()
    r = trainer("export", str(path), "--force")
    assert r.returncode == 2
    one_line_error(r.stderr, "is your progress store")
    assert path.read_bytes() == before
