"""The question bank: every item of the guide as validated cards.

`load_bank()` is the one way in; `Bank` and `Card` are the model; `matching`
checks typed answers against key points. Loading is split by job: `loader`
runs `pack_reader` (files, YAML via `yaml_reader`, raw cards), `card_checker`
(one card against `pack_format`, patterns per `pattern_policy`) and
`cross_refs` (links across packs, interview order); `problems` holds the
`BankError` they all report through.
"""
from trainer.bank.loader import BankError, load_bank, load_files
from trainer.bank.model import KINDS, LEVELS, Bank, Card, KeyPoint

__all__ = ["KINDS", "LEVELS", "Bank", "BankError", "Card", "KeyPoint", "load_bank", "load_files"]
