"""The pack format as data: field names, id shapes, key-point counts and size limits.

The card checker enforces these and `json_schema` publishes them to editors; both
read them from here, so the two cannot drift apart.
"""
from __future__ import annotations

import re

from trainer.bank.model import Kind

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_PATTERN = 300
MAX_RUBRIC = 400

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
TAG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
PACK_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
MISCONCEPTION_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")

# Key point counts per kind (min, max), as the bank's authors agreed.
KEY_POINTS: dict[str, tuple[int, int]] = {
    "question": (3, 6),
    Kind.FOLLOW_UP: (2, 4),
    Kind.CONCEPT_CHECK: (1, 3),
    Kind.RED_FLAG: (2, 4),
    Kind.STRONG_SIGNAL: (2, 4),
    Kind.LIVE_CODING: (3, 6),
}
KEY_POINTS_OTHERWISE = (1, 8)
"""The key-point count allowed for a card whose kind is not known (it is reported anyway)."""

TOP_FIELDS = frozenset({"pack", "cards"})
FIELDS = frozenset({
    "id", "kind", "level", "number", "parent", "kata", "title", "tags", "prompt", "answer",
    "detail", "key_points", "looks_like", "detect", "replaces", "misconceptions",
})
KEY_POINT_FIELDS = ("point", "match", "rubric", "probe")
MISCONCEPTION_FIELDS = ("id", "claim", "match", "rubric", "correction", "challenge")
DETECT_FIELDS = ("match", "rubric")

# A directory of packs may hold the lexicon beside them; it is not a pack.
NOT_A_PACK = frozenset({"lexicon.yaml"})
