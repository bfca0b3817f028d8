"""The wheel carries the bank and the katas: an installed trainer, run from
another directory, finds them without the source tree."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Real subprocesses: the slow part of the suite.
pytestmark = pytest.mark.katas


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert r.returncode == 0, r.stderr
    (whl,) = out.glob("trainer-*.whl")
    return whl


def test_wheel_contains_every_pack_and_kata_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    packs = sorted(p.name for p in (ROOT / "content").glob("*.yaml"))
    assert packs
    for name in packs:
        assert f"trainer/_data/content/{name}" in names
    for kata in ("vending", "tcp", "generic-fsm"):
        assert f"trainer/_data/katas/{kata}/kata.yaml" in names
    assert not any("__pycache__" in n for n in names)


def test_installed_wheel_finds_its_data_from_another_directory(wheel, tmp_path):
    site = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "TRAINER_HOME": str(tmp_path / "home")}
    code = ("import trainer, trainer.paths as p; print(trainer.__file__); "
            "print(p.content_dir()); print(p.katas_dir())")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=elsewhere, env=env, timeout=60)
    module, content, katas = r.stdout.split()
    assert module.startswith(str(site)), "the installed copy must be the one imported"
    assert content == str(site / "trainer" / "_data" / "content")
    assert katas == str(site / "trainer" / "_data" / "katas")
    r = subprocess.run([sys.executable, "-m", "trainer", "content", "check"], capture_output=True, text=True,
                       cwd=elsewhere, env=env, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("ok: "), r.stdout + r.stderr
