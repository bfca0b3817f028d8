"""What the installed hidden suites must be: file hashes and test ids recorded at build time.

`katas/MANIFEST.json` (committed, shipped in the wheel with the katas) holds the sha-256
of every file the suites load and, per kata, the ids of the tests its suite collects.
A check starts by comparing the installed files with it (a suite edited or a hook added
to its `conftest.py` is refused: "the hidden suites were modified: reinstall the
trainer"), and ends by comparing the tests that ran with the recorded ids (a missing,
extra or renamed test is an error, never a pass).

Regenerate after editing a suite: `python -m trainer.kata_runner.manifest --write`
(a test fails while the committed file is stale).
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

NAME = "MANIFEST.json"
MODIFIED = "the hidden suites were modified: reinstall the trainer"


@dataclass(frozen=True)
class Expected:
    """The recorded state of one kata's suite."""

    tests: tuple[str, ...]


def suite_files(katas: Path) -> list[Path]:
    """Every file a hidden suite loads (Python sources, any depth), sorted."""
    files = [katas / "_suite_support.py"] if (katas / "_suite_support.py").exists() else []
    for kata in sorted(p for p in katas.iterdir() if (p / "suite").is_dir()):
        for root, dirs, names in os.walk(kata / "suite"):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            files += [Path(root) / n for n in sorted(names) if not n.endswith(".pyc")]
    return files


def hashes(katas: Path) -> dict[str, str]:
    return {p.relative_to(katas).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in suite_files(katas)}


def load(katas: Path) -> dict[str, object] | None:
    try:
        data = json.loads((katas / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def check(suite_dir: Path, slug: str) -> tuple[Expected | None, str | None]:
    """(what the suite must collect, or None if it is not a bundled one; a refusal or None)."""
    katas = suite_dir.resolve().parent.parent
    if not (katas / NAME).exists() or suite_dir.resolve() != (katas / slug / "suite").resolve():
        return None, None  # a suite that is not one of the bundled katas (tests' toy suites)
    data = load(katas)
    if data is None:
        return None, MODIFIED
    try:
        actual = hashes(katas)
    except OSError:
        return None, MODIFIED
    if data.get("files") != actual:
        return None, MODIFIED
    tests = data.get("tests")
    if not isinstance(tests, dict) or not isinstance(tests.get(slug), list):
        return None, MODIFIED
    return Expected(tuple(str(t) for t in tests[slug])), None


def collect_ids(katas: Path, slug: str, module: str) -> list[str]:
    """The test ids the suite collects (pytest --collect-only, with the reference)."""
    env = {**os.environ, "KATA_SOLUTION": str(katas / slug / "reference" / f"{module}.py")}
    env.pop("KATA_JUDGE", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         "--rootdir", str(katas / slug / "suite"), "-c", os.devnull, str(katas / slug / "suite")],
        capture_output=True, text=True, env=env, cwd=str(katas / slug / "suite"), check=False)
    ids = [ln.strip() for ln in done.stdout.splitlines() if "::" in ln]
    return sorted(ids)


def build(katas: Path) -> dict[str, object]:
    from trainer.kata_runner.catalog import _read

    kata_list = [_read(p) for p in sorted(katas.iterdir()) if (p / "kata.yaml").is_file()]
    tests = {k.slug: collect_ids(katas, k.slug, k.module_name) for k in kata_list}
    return {"files": hashes(katas), "tests": tests}


def main(argv: list[str]) -> int:
    katas = Path(__file__).resolve().parents[2] / "katas"
    data = build(katas)
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    if "--write" in argv:
        (katas / NAME).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
