"""The bank as an Anki package (.apkg), made with genanki.

Identity is what makes a later export *update* a deck instead of duplicating
it, so every id here is stable:

* the note type (`MODEL_ID`) and its fields are frozen: changing a field
  name or order would make Anki treat the notes as a different type;
* every deck id is a constant (the top deck, one sub-deck per level);
* a note's GUID comes from the card id, or, for a renamed card, from the
  first id in its `replaces` list, so the note Anki already has is updated.

`--with-progress` adds a `progress::<state>` tag per note but no due dates:
the trainer's day boundaries, learning steps and fuzz differ from the
learner's Anki settings, so imported due dates would be wrong, not portable.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.bank.model import LEVELS, Card, Level
from trainer.exports import markup
from trainer.scheduling import REVIEW, STATE_NAMES
from trainer.store.rows import CardRow

MODEL_ID = 1_607_392_315
MODEL_NAME = "trainer: State pattern & FSM card"
FIELDS = ("Prompt", "Answer", "Key points", "Code", "Level", "Card id")
DECK_NAME = "State pattern & FSM interviews"
DECK_ID = 2_059_400_110
LEVEL_DECK_IDS: Mapping[str, int] = {
    Level.JUNIOR: 2_059_400_111, Level.MIDDLE: 2_059_400_112,
    Level.SENIOR: 2_059_400_113, Level.STAFF: 2_059_400_114,
}
GUID_NAMESPACE = "trainer-card"
MATURE_DAYS = 21

FRONT = """<div class="meta">{{Level}}</div>
<div class="prompt">{{Prompt}}</div>"""

BACK = """{{FrontSide}}
<hr id="answer">
<div class="answer">{{Answer}}</div>
{{#Key points}}<div class="points"><div class="label">Key points</div>{{Key points}}</div>{{/Key points}}
{{#Code}}<div class="detail">{{Code}}</div>{{/Code}}
<div class="meta id">{{Card id}}</div>"""

BASE_CSS = """.card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left;
  color: #222; background: #fff; max-width: 46em; margin: 0 auto; }
.nightMode.card, .nightMode .card { color: #eee; background: #222; }
.meta { font-size: 12px; color: #888; text-transform: uppercase; letter-spacing: .05em; }
.meta.id { text-transform: none; margin-top: 1.5em; }
.label { font-weight: bold; margin-top: 1em; }
ul.checklist { list-style: none; padding-left: .2em; }
ul.checklist li::before { content: "\\2610  "; }
table { border-collapse: collapse; } td, th { border: 1px solid #aaa; padding: 2px 6px; }
pre.code { padding: .6em; overflow-x: auto; font-size: 14px; border-radius: 4px; }
"""


@dataclass(frozen=True)
class AnkiNote:
    """One note as it goes into the package."""

    guid: str
    card_id: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str


@dataclass(frozen=True)
class ExportSummary:
    notes: int
    decks: tuple[str, ...]
    path: Path


def note_guid(card: Card) -> str:
    """Stable across exports; a renamed card keeps the GUID of its first old id."""
    import genanki

    origin = card.replaces[0] if card.replaces else card.id
    return str(genanki.guid_for(GUID_NAMESPACE, origin))


def deck_name(level: str | None) -> str:
    return f"{DECK_NAME}::{level}" if level in LEVEL_DECK_IDS else DECK_NAME


def _tag(text: str) -> str:
    """Anki tags cannot hold spaces."""
    return "_".join(text.split())


def progress_tag(row: CardRow | None) -> str:
    """`progress::new|learning|review|relearning|mature`, plus nothing about due dates."""
    if row is None:
        return "progress::new"
    if row.suspended:
        return "progress::suspended"
    if row.state == REVIEW and row.last_review is not None and (
            row.due - row.last_review).total_seconds() >= MATURE_DAYS * 86400:
        return "progress::mature"
    return "progress::" + STATE_NAMES.get(row.state, "learning")


def build_notes(cards: Iterable[Card],
                progress: Mapping[str, CardRow] | None = None) -> list[AnkiNote]:
    """Fields, tags and deck of each card (`progress` given: add a progress tag)."""
    notes = []
    for card in cards:
        tags = [_tag(t) for t in card.tags]
        tags += [t for t in (card.level, card.kind) if t]
        if progress is not None:
            tags.append(progress_tag(progress.get(card.id)))
            row = progress.get(card.id)
            if row is not None and row.leech:
                tags.append("progress::leech")
        fields = (
            markup.to_html(card.prompt),
            markup.to_html(card.answer),
            markup.checklist([kp.text for kp in card.key_points]),
            markup.to_html(card.detail),
            card.level or "",
            card.id,
        )
        notes.append(AnkiNote(note_guid(card), card.id, fields, tuple(dict.fromkeys(tags)),
                              deck_name(card.level)))
    return notes


def _model() -> Any:
    import genanki

    return genanki.Model(
        MODEL_ID, MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Prompt → answer", "qfmt": FRONT, "afmt": BACK}],
        css=BASE_CSS + markup.code_css(),
    )


def write_package(notes: list[AnkiNote], path: Path) -> ExportSummary:
    """Write `notes` as one .apkg at `path` (atomically: a failure leaves no half file)."""
    import genanki

    model = _model()
    decks = {DECK_NAME: genanki.Deck(DECK_ID, DECK_NAME)}
    for level in LEVELS:
        decks[deck_name(level)] = genanki.Deck(LEVEL_DECK_IDS[level], deck_name(level))
    for n in notes:
        decks[n.deck].add_note(genanki.Note(model=model, fields=list(n.fields),
                                            tags=list(n.tags), guid=n.guid))
    used = [d for d in decks.values() if d.notes or d.deck_id == DECK_ID]
    # A temporary name beside the target (created by genanki, so with the usual permissions).
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        genanki.Package(used).write_to_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return ExportSummary(len(notes), tuple(d.name for d in used), path)
