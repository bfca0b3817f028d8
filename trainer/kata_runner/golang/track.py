"""The Go track of one kata: `katas/<slug>/go/` and its `track.yaml`.

Layout: `track.yaml` (package, file, three hints), `README.md`, `debrief.md`,
`go.mod`, `starter/<file>`, `reference/<file>` and the hidden `suite/` of
`*_test.go` files. The suites share `katas/_go_support/support_test.go`, written
with `package kata_test` and given each suite's own package clause at build time.
Only this module knows that layout.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trainer.errors import TrainerError
from trainer.kata_runner.catalog import Kata, TrackLayout

LANGS = ("python", "go")


@dataclass(frozen=True)
class GoTrack(TrackLayout):
    """Where a kata's Go files are, and the package the learner writes."""

    slug: str
    title: str
    package: str
    file: str
    hints: tuple[str, ...]
    root: Path

    @property
    def solution_file(self) -> str:
        return self.file

    @property
    def go_mod(self) -> Path:
        return self.root / "go.mod"

    @property
    def support(self) -> Path:
        return self.root.parent.parent / "_go_support" / "support_test.go"


def has_go(kata: Kata) -> bool:
    return (kata.root / "go" / "track.yaml").is_file()


def go_track(kata: Kata) -> GoTrack:
    """The kata's Go track, or a one-line error when it has none."""
    import yaml

    path = kata.root / "go" / "track.yaml"
    if not path.is_file():
        raise TrainerError(f"{kata.slug} has no Go track")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TrainerError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or not data.get("package") or not data.get("file"):
        raise TrainerError(f"{path} must give package and file")
    hints = data.get("hints") or []
    return GoTrack(slug=kata.slug, title=kata.title, package=str(data["package"]),
                   file=str(data["file"]), root=path.parent,
                   hints=tuple(str(h).strip() for h in hints if str(h).strip()))
