"""The question bank: every item of the guide as validated cards.

`load_bank()` is the one way in; `Bank` and `Card` are the model; `matching`
checks typed answers against key points. Loading is split by job: `loader`
runs `pack_reader` (files, YAML via `yaml_reader`, raw cards), `card_checker`
(one card against `pack_format`, patterns per `pattern_policy`) and
`cross_refs` (links across packs, interview order); `problems` holds the
`BankError` they all report through.

Names are resolved lazily (PEP 562): a module that needs only the model's
vocabulary (`trainer.bank.model.Level`, the kata catalog) does not import the
loader, its YAML reader and the grading checks with it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from trainer.lazy_names import resolver

if TYPE_CHECKING:  # explicit re-exports (`X as X`) for the type checker
    from trainer.bank.loader import BankError as BankError
    from trainer.bank.loader import load_bank as load_bank
    from trainer.bank.loader import load_files as load_files
    from trainer.bank.model import KINDS as KINDS
    from trainer.bank.model import LEVELS as LEVELS
    from trainer.bank.model import Bank as Bank
    from trainer.bank.model import Card as Card
    from trainer.bank.model import KeyPoint as KeyPoint

_LAZY = {
    "BankError": "trainer.bank.loader",
    "load_bank": "trainer.bank.loader",
    "load_files": "trainer.bank.loader",
    "KINDS": "trainer.bank.model",
    "LEVELS": "trainer.bank.model",
    "Bank": "trainer.bank.model",
    "Card": "trainer.bank.model",
    "KeyPoint": "trainer.bank.model",
}

__all__ = sorted(_LAZY)


__getattr__ = resolver(__name__, _LAZY, globals())
