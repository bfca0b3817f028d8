"""A JSON Schema of the pack format, so editors can validate packs while authoring.

It is built from the constants the card checker enforces (`pack_format`), so
the two cannot drift apart. Checks a schema cannot express (unique ids,
parents, kata slugs, regex validity) stay in the loader; `trainer content
check` runs them all.
"""
from __future__ import annotations

from typing import Any

from trainer.bank.model import KINDS, LEVELS, Kind
from trainer.bank.pack_format import (
    ID_RE,
    KEY_POINTS,
    MAX_PATTERN,
    MAX_RUBRIC,
    MISCONCEPTION_ID_RE,
    PACK_RE,
    TAG_RE,
)

SCHEMA_ID = "https://trainer.invalid/schema/pack.json"


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "description": description}


def _strings(description: str, max_length: int) -> dict[str, Any]:
    """A non-empty list of non-empty strings of at most `max_length` characters."""
    return {
        "type": "array",
        "minItems": 1,
        "items": {"type": "string", "minLength": 1, "maxLength": max_length},
        "description": description,
    }


RUBRIC_HELP = ("Rubric expressions (any one matching counts): `a & b` all in any order, `a | b` "
               "either, `two words` in order, \"quoted\" adjacent, `word*` prefix, `@concept` "
               "from content/lexicon.yaml, `(a & b)~N` within N words, `!a` not asserted, "
               "`~a` said under a negation. Words match by stem, with light typo tolerance; "
               "words under a negation (not, never, instead of...) do not count.")


def _kind_rule(kind: str, required: list[str], forbidden: list[str]) -> dict[str, Any]:
    lo, hi = KEY_POINTS[kind]
    then: dict[str, Any] = {
        "required": required,
        "properties": {"key_points": {"minItems": lo, "maxItems": hi}},
    }
    if forbidden:
        then["not"] = {"anyOf": [{"required": [f]} for f in forbidden]}
    return {"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]}, "then": then}


def pack_schema() -> dict[str, Any]:
    card = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "kind", "prompt", "answer", "key_points"],
        "properties": {
            "id": {"type": "string", "pattern": ID_RE.pattern,
                   "description": "Stable, readable, unique id (progress keys on it)."},
            "kind": {"enum": list(KINDS)},
            "level": {"enum": list(LEVELS)},
            "number": {"type": "integer", "minimum": 1,
                       "description": "A question's position in the interview order."},
            "parent": {"type": "string", "pattern": ID_RE.pattern,
                       "description": "follow_up only: the id of its question."},
            "kata": {"type": "string", "description": "live_coding only: the kata slug."},
            "title": _text("A short name for the card (shown in scorecards and lists)."),
            "tags": {"type": "array", "items": {"type": "string", "pattern": TAG_RE.pattern}},
            "prompt": _text("The question as asked (markdown)."),
            "answer": _text("What you would say in the room: 2-5 sentences (markdown)."),
            "detail": _text("Longer material such as code (markdown, ```go fences)."),
            "key_points": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["point"],
                    "anyOf": [{"required": ["match"]}, {"required": ["rubric"]}],
                    "properties": {
                        "point": _text("One point a good answer makes."),
                        "match": _strings(
                            "Regexes searched in the lower-cased answer (whitespace, '-' and '_' "
                            "read as one space); any match covers the point.", MAX_PATTERN),
                        "rubric": _strings(RUBRIC_HELP, MAX_RUBRIC),
                        "probe": _text("The follow-up question an interviewer asks when this "
                                       "point is missing."),
                    },
                },
            },
            "misconceptions": {
                "type": "array",
                "description": "Common wrong claims for this card; an answer asserting one is "
                               "corrected and rated at most Hard.",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "claim", "correction"],
                    "anyOf": [{"required": ["match"]}, {"required": ["rubric"]}],
                    "properties": {
                        "id": {"type": "string", "pattern": MISCONCEPTION_ID_RE.pattern},
                        "claim": _text("The wrong belief, in a few words."),
                        "match": _strings("Regexes that recognise an answer asserting it.", MAX_PATTERN),
                        "rubric": _strings(RUBRIC_HELP, MAX_RUBRIC),
                        "correction": _text("What is true instead (shown as ✘ Misconception)."),
                        "challenge": _text("What an interviewer would ask back."),
                    },
                },
            },
            "looks_like": _text("red_flag / strong_signal: how it shows in an answer."),
            "detect": {
                "description": "red_flag / strong_signal: what reveals it in an answer: a list "
                               "of regexes, or a mapping with `match` (regexes) and/or `rubric`.",
                "oneOf": [
                    _strings("Regexes that reveal it in an answer.", MAX_PATTERN),
                    {"type": "object", "additionalProperties": False, "minProperties": 1,
                     "properties": {"match": _strings("Regexes.", MAX_PATTERN),
                                    "rubric": _strings(RUBRIC_HELP, MAX_RUBRIC)}},
                ],
            },
            "replaces": {"type": "array", "items": {"type": "string", "pattern": ID_RE.pattern},
                         "description": "Earlier ids of this card; their history carries over."},
        },
        "allOf": [
            _kind_rule("question", ["level"], ["parent", "kata", "looks_like", "detect"]),
            _kind_rule(Kind.FOLLOW_UP, ["parent"], ["kata", "looks_like", "detect"]),
            _kind_rule(Kind.CONCEPT_CHECK, [], ["parent", "kata", "looks_like", "detect"]),
            _kind_rule(Kind.RED_FLAG, ["looks_like", "detect"], ["parent", "kata"]),
            _kind_rule(Kind.STRONG_SIGNAL, ["looks_like", "detect"], ["parent", "kata"]),
            _kind_rule(Kind.LIVE_CODING, ["kata"], ["parent", "looks_like", "detect"]),
        ],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "trainer question pack",
        "type": "object",
        "additionalProperties": False,
        "required": ["pack", "cards"],
        "properties": {
            "pack": {"type": "string", "pattern": PACK_RE.pattern},
            "cards": {"type": "array", "minItems": 1, "items": card},
        },
    }
