"""The project lexicon: concept name -> the words and phrases people use for it.

`content/lexicon.yaml` maps a concept (`delegate`) to its wordings
(`delegate`, `forward`, `pass on`, ...). Rubric expressions refer to a concept
as `@delegate`, so an author writes an idea once and every card benefits when
a new wording is added. Each wording is itself a rubric expression (usually a
word or a phrase; it may refer to other concepts).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_FILE = "lexicon.yaml"
NAME_RE = re.compile(r"^[a-z0-9_]{1,40}$")


class LexiconError(ValueError):
    """The lexicon file is malformed (the message names the file and line)."""


@dataclass(frozen=True)
class Lexicon:
    concepts: dict[str, tuple[str, ...]]
    source: Path | None = None


def lexicon_path() -> Path:
    from trainer.paths import content_dir

    return content_dir() / LEXICON_FILE


def parse_lexicon(text: str, source: Path | None = None) -> Lexicon:
    """Read a lexicon from YAML text; every problem is reported, one per line."""
    import yaml

    where = str(source or LEXICON_FILE)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{where}: invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{where}:1: the lexicon must be a mapping of concept -> list of wordings")
    problems: list[str] = []
    concepts: dict[str, tuple[str, ...]] = {}
    for name, entries in data.items():
        if not isinstance(name, str) or not NAME_RE.match(name):
            problems.append(f"{where}: {name!r}: a concept name is lower case letters, digits, '_'")
            continue
        if (not isinstance(entries, list) or not entries
                or not all(isinstance(e, str) and e.strip() for e in entries)):
            problems.append(f"{where}: {name}: must be a non-empty list of wordings (text)")
            continue
        concepts[name] = tuple(e.strip() for e in entries)
    if not problems:
        from trainer.grading.rubric import check

        for name, entries in concepts.items():
            for entry in entries:
                why = check(entry, concepts)
                if why:
                    problems.append(f"{where}: {name}: {entry!r}: {why}")
    if problems:
        raise LexiconError("\n".join(problems))
    return Lexicon(concepts, source)


@lru_cache(maxsize=1)
def bundled_lexicon() -> Lexicon:
    path = lexicon_path()
    if not path.exists():
        return Lexicon({}, None)
    return parse_lexicon(path.read_text(encoding="utf-8"), path)
