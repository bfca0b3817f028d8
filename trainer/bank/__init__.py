"""The question bank: every item of the guide as validated cards.

`load_bank()` is the one way in; `Bank` and `Card` are the model; `matching`
checks typed answers against key points.
"""
from trainer.bank.loader import BankError, load_bank, load_files
from trainer.bank.model import KINDS, LEVELS, Bank, Card, KeyPoint

__all__ = ["KINDS", "LEVELS", "Bank", "BankError", "Card", "KeyPoint", "load_bank", "load_files"]
