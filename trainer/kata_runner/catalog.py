"""The bundled katas: one directory per slug under `katas/`, described by `kata.yaml`.

A kata directory holds `kata.yaml` (slug, title, module, summary, three hints, the
interview `level` it belongs to and the bank `cards` it practises),
the learner's `README.md`, `starter/<module>`, `reference/<module>`, `debrief.md`
and the hidden `suite/`. Only this module knows that layout; the rest of the
trainer asks for a `Kata` and its paths.

yaml is imported inside the loader, not at module import (start-up stays fast),
with the C loader when the platform has it.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from trainer.bank.model import LEVELS  # the bank's level words: one vocabulary
from trainer.errors import TrainerError
from trainer.paths import kata_slugs


class SolutionKind(StrEnum):
    """What the learner writes: the module the suite tests, or the tests themselves.

    A `tests` solution is never imported by the runner: the hidden suite runs it
    (contained) against a correct module and its mutants (`mutants.py`).
    """

    MODULE = "module"
    TESTS = "tests"


class TrackLayout:
    """Where a kata track's files are: the same layout for the Python and the Go track.

    A track is a directory with `README.md`, `debrief.md`, `starter/<file>`,
    `reference/<file>` and the hidden `suite/`; subclasses name the `root` and the file.
    """

    root: Path

    @property
    def solution_file(self) -> str:
        raise NotImplementedError

    @property
    def starter(self) -> Path:
        return self.root / "starter" / self.solution_file

    @property
    def reference(self) -> Path:
        return self.root / "reference" / self.solution_file

    @property
    def readme(self) -> Path:
        return self.root / "README.md"

    @property
    def debrief(self) -> Path:
        return self.root / "debrief.md"

    @property
    def suite(self) -> Path:
        return self.root / "suite"


@dataclass(frozen=True)
class Kata(TrackLayout):
    """One kata: its description and where its files are.

    `module` is the solution's file name (`vending.py`); `module_name` the name
    it is imported under (`vending`).
    """

    slug: str
    title: str
    module: str
    summary: str
    hints: tuple[str, ...]
    root: Path
    order: int = 100
    level: str = ""
    cards: tuple[str, ...] = ()
    solution_kind: SolutionKind = SolutionKind.MODULE

    @property
    def module_name(self) -> str:
        return self.module[:-3] if self.module.endswith(".py") else self.module

    @property
    def solution_file(self) -> str:
        return self.module


def _load_yaml(path: Path) -> object:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)


def _read(root: Path) -> Kata:
    meta_path = root / "kata.yaml"
    try:
        data = _load_yaml(meta_path)
    except OSError as exc:
        raise TrainerError(f"cannot read {meta_path}: {exc.strerror or exc}") from None
    except Exception as exc:  # a yaml error: say where, in one line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise TrainerError(f"{meta_path} is not valid YAML: {first}") from None
    if not isinstance(data, dict):
        raise TrainerError(f"{meta_path} must be a mapping")
    missing = [k for k in ("slug", "title", "module") if not data.get(k)]
    if missing:
        raise TrainerError(f"{meta_path} lacks {', '.join(missing)}")
    if str(data["slug"]) != root.name:
        raise TrainerError(f"{meta_path}: slug {data['slug']!r} does not match its directory")
    hints = data.get("hints") or []
    if not isinstance(hints, list):
        raise TrainerError(f"{meta_path}: hints must be a list")
    order = data.get("order", 100)
    level = data.get("level") or ""
    if level and level not in LEVELS:
        raise TrainerError(f"{meta_path}: level {level!r} is not one of {', '.join(LEVELS)}")
    cards = data.get("cards") or []
    if not isinstance(cards, list) or not all(isinstance(c, str) and c for c in cards):
        raise TrainerError(f"{meta_path}: cards must be a list of card ids")
    module = str(data["module"])
    if not module.endswith(".py"):
        module += ".py"
    if not module[:-3].isidentifier():
        raise TrainerError(f"{meta_path}: module {module!r} is not a Python module name")
    try:
        kind = SolutionKind(str(data.get("solution") or SolutionKind.MODULE.value))
    except ValueError:
        raise TrainerError(f"{meta_path}: solution {data.get('solution')!r} is not one of "
                           f"{', '.join(k.value for k in SolutionKind)}") from None
    return Kata(
        slug=str(data["slug"]), title=str(data["title"]), module=module,
        summary=str(data.get("summary") or "").strip(),
        hints=tuple(str(h).strip() for h in hints), root=root,
        order=order if isinstance(order, int) else 100,
        level=str(level), cards=tuple(cards), solution_kind=kind,
    )


def katas_root() -> Path:
    from trainer.paths import katas_dir

    return katas_dir()


def slugs() -> list[str]:
    """Slugs of the katas on disk (directories with a kata.yaml), sorted."""
    return kata_slugs(katas_root())


def load_catalog() -> list[Kata]:
    """Every kata, easiest first (the `order` key, then the slug)."""
    katas = [_read(katas_root() / slug) for slug in slugs()]
    return sorted(katas, key=lambda k: (k.order, k.slug))


def get_kata(slug: str) -> Kata:
    """The kata named `slug`, or a one-line error listing the known ones."""
    root = katas_root() / slug
    if not slug or "/" in slug or slug.startswith(".") or not (root / "kata.yaml").is_file():
        known = ", ".join(slugs()) or "none installed"
        raise TrainerError(f"unknown kata {slug!r} (known: {known})")
    return _read(root)
