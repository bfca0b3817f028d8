"""The catalog, the workspace rules (nothing of the learner's is lost) and the watcher."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from trainer.errors import TrainerError
from trainer.kata_runner import catalog, watcher, workspace


def test_every_bundled_kata_loads_with_its_files():
    katas = catalog.load_catalog()
    assert {"vending", "tcp"} <= {k.slug for k in katas}
    for k in katas:
        assert k.module.endswith(".py") and k.module_name.isidentifier()
        assert k.starter.is_file() and k.reference.is_file() and k.suite.is_dir(), k.slug
        assert len(k.hints) == 3, k.slug


def test_unknown_or_sneaky_slugs_are_user_errors():
    for slug in ["nope", "../vending", "", ".hidden"]:
        with pytest.raises(TrainerError, match="unknown kata"):
            catalog.get_kata(slug)


def test_a_broken_kata_yaml_is_one_line_not_a_traceback(tmp_path, monkeypatch):
    root = tmp_path / "katas" / "bad"
    root.mkdir(parents=True)
    (root / "kata.yaml").write_text("slug: bad\ntitle: [unclosed\n")
    monkeypatch.setattr(catalog, "katas_root", lambda: tmp_path / "katas")
    with pytest.raises(TrainerError, match="not valid YAML") as err:
        catalog.get_kata("bad")
    assert "\n" not in err.value.message


def test_start_keeps_an_edited_file_unless_forced_and_backs_it_up_then(tmp_path):
    kata = catalog.get_kata("vending")
    first = workspace.start(kata, tmp_path / "ws")
    assert first.solution in first.written and not first.backups
    first.solution.write_text("# mine\n")
    second = workspace.start(kata, tmp_path / "ws")
    assert first.solution in second.kept and first.solution.read_text() == "# mine\n"
    third = workspace.start(kata, tmp_path / "ws", force=True)
    assert [b.read_text() for b in third.backups] == ["# mine\n"]
    assert not (tmp_path / "ws" / "suite").exists()


def test_backups_never_overwrite_each_other(tmp_path):
    f = tmp_path / "vending.py"
    copies = []
    for n in range(3):
        f.write_text(f"v{n}")
        copies.append(workspace.backup(f))
    assert len(set(copies)) == 3 and [c.read_text() for c in copies] == ["v0", "v1", "v2"]


def test_reset_without_a_file_is_a_user_error(tmp_path):
    with pytest.raises(TrainerError, match="nothing to reset"):
        workspace.reset(catalog.get_kata("vending"), tmp_path)


def _next_within(gen, seconds: float):
    """next(gen) in a thread, so a watcher that never fires fails the test instead of hanging."""
    box: list = []
    t = threading.Thread(target=lambda: box.append(next(gen)), daemon=True)
    t.start()
    t.join(seconds)
    assert box, f"no event within {seconds} s"
    return box[0]


def _save_later(path: Path, text: str, delay: float = 0.3) -> None:
    def save():
        time.sleep(delay)
        path.write_text(text)
    threading.Thread(target=save, daemon=True).start()


@pytest.mark.parametrize("force_poll", [False, True])
def test_a_save_is_seen(tmp_path, force_poll):
    target = tmp_path / "vending.py"
    target.write_text("v1")
    gen = watcher.watch_file(target, force_poll=force_poll, interval=0.1)
    mode = _next_within(gen, 5)
    assert isinstance(mode, watcher.WatchMode) and mode.polling == force_poll
    _save_later(target, "v2 is longer")
    assert isinstance(_next_within(gen, 5), watcher.Changed)


def test_other_files_in_the_directory_do_not_trigger(tmp_path):
    target = tmp_path / "vending.py"
    target.write_text("v1")
    gen = watcher.watch_file(target, force_poll=True, interval=0.1)
    _next_within(gen, 5)
    (tmp_path / "notes.txt").write_text("x")
    _save_later(target, "v2 is longer", delay=0.5)
    started = time.monotonic()
    assert isinstance(_next_within(gen, 5), watcher.Changed)
    assert time.monotonic() - started >= 0.45


def test_silent_file_events_switch_to_polling_and_say_so(tmp_path, monkeypatch):
    """A file system where events never arrive: the change is still seen, by polling."""
    import watchfiles

    def deaf(*args, **kwargs):
        while True:
            time.sleep(0.05)
            yield set()
    monkeypatch.setattr(watchfiles, "watch", deaf)
    monkeypatch.delenv("WATCHFILES_FORCE_POLLING", raising=False)
    target = tmp_path / "vending.py"
    target.write_text("v1")
    gen = watcher.watch_file(target, interval=0.1)
    first = _next_within(gen, 5)
    assert first == watcher.WatchMode(False)
    os.utime(target, None)
    target.write_text("v2 changed")
    switched = _next_within(gen, 5)
    assert isinstance(switched, watcher.WatchMode) and switched.polling
    assert "did not arrive" in switched.reason
    assert isinstance(_next_within(gen, 5), watcher.Changed)


def test_watcher_that_cannot_start_falls_back_to_polling(tmp_path, monkeypatch):
    import watchfiles

    def broken(*args, **kwargs):
        raise OSError("OS file watch limit reached")
        yield  # pragma: no cover - makes this a generator like the real one
    monkeypatch.setattr(watchfiles, "watch", broken)
    monkeypatch.delenv("WATCHFILES_FORCE_POLLING", raising=False)
    target = tmp_path / "vending.py"
    target.write_text("v1")
    mode = _next_within(watcher.watch_file(target, interval=0.1), 5)
    assert mode.polling and "watch limit" in mode.reason
