"""Shell completion values: card ids, kata slugs, levels, kinds, tags, backups, sessions.

Typer calls these only while the shell completes a word (`_TRAINER_COMPLETE` set),
never for `trainer --help`, so each imports what it needs inside. A completion must
never print an error into the learner's command line: any failure completes nothing.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable


def _matching(values: Iterable[str], incomplete: str) -> list[str]:
    return [v for v in values if v.startswith(incomplete)]


def _safe(source: Callable[[], Iterable[str]]) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        try:
            return _matching(source(), incomplete)
        except Exception:  # a broken pack or store must not break the shell
            return []

    complete.__name__ = source.__name__
    return complete


def _card_ids() -> list[str]:
    from trainer.bank import load_bank

    return list(load_bank().cards)


def _kata_slugs() -> list[str]:
    from trainer.kata_runner.catalog import slugs

    return list(slugs())


def _levels() -> list[str]:
    from trainer.bank import LEVELS

    return list(LEVELS)


def _kinds() -> list[str]:
    from trainer.bank import KINDS

    return list(KINDS)


def _tags() -> list[str]:
    from trainer.bank import load_bank

    return load_bank().tags()


def _backup_names() -> list[str]:
    from trainer.store import backups
    from trainer.store.core import default_path

    return [b.path.name for b in backups.list_backups(default_path())]


def _session_ids() -> list[str]:
    from trainer.cli.store_access import open_store
    from trainer.sessions.paused import unfinished

    with open_store() as store:
        return [s.id for s in unfinished(store)]


card_ids = _safe(_card_ids)
kata_slugs = _safe(_kata_slugs)
levels = _safe(_levels)
kinds = _safe(_kinds)
tags = _safe(_tags)
backup_names = _safe(_backup_names)
session_ids = _safe(_session_ids)
