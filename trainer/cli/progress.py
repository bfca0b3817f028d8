"""Progress commands: stats, backup, restore, export, import, reset, unsuspend.

Parsing and rendering only: the work is in `trainer.store`, `trainer.stats`
and `trainer.scheduling`, imported inside each command so `trainer --help`
stays light. Destructive commands ask first and always back up first; with
no terminal to ask on they refuse unless given --yes, rather than hang.
"""
from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from trainer.cli import complete
from trainer.cli.ask import confirm
from trainer.cli.store_access import open_store
from trainer.errors import TrainerError
from trainer.invocation import program

if TYPE_CHECKING:
    from trainer.bank import Bank

YES_HELP = "Do not ask for confirmation."


def _load_bank_or_none() -> tuple[Bank | None, str | None]:
    """The bank and no problem, or None and why it could not be loaded (progress stays viewable)."""
    try:
        from trainer.bank import load_bank

        return load_bank(), None
    except TrainerError as exc:
        return None, exc.message.splitlines()[0] if exc.message else "bank not loaded"


def _size(size: int) -> str:
    n = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def _check_target(file: Path, force: bool) -> None:
    if file.exists() and not force:
        raise TrainerError(f"{file} already exists; choose another name or pass --force",
                           exit_code=2)
    if not file.parent.is_dir():
        raise TrainerError(f"no such directory: {file.parent}", exit_code=2)


def _export_anki(file: Path, level: list[str] | None, kind: list[str] | None,
                 tag: list[str] | None, with_progress: bool, force: bool) -> None:
    from trainer.bank import KINDS, LEVELS, load_bank
    from trainer.cli.options import check_choice

    level = check_choice("level", level, list(LEVELS))
    kind = check_choice("kind", kind, list(KINDS))
    if file.suffix.lower() != ".apkg":
        raise TrainerError(f"{file}: an Anki package must end in .apkg", exit_code=2)
    _check_target(file, force)
    bank = load_bank()
    tag = check_choice("tag", tag, bank.tags())
    cards = bank.select(kinds=kind, levels=level, tags=tag)
    if not cards:
        raise TrainerError("no cards match that selection", exit_code=1)
    progress = None
    if with_progress:
        from trainer.scheduling import sync_renames

        with open_store() as store:
            sync_renames(store, bank.renames)
            progress = {row.card_id: row for row in store.all_cards()}
    from trainer.exports import anki

    summary = anki.write_package(anki.build_notes(cards, progress), file)
    typer.echo(f"Wrote {summary.notes} notes in {len(summary.decks)} decks to {file}")
    typer.echo("Import it in Anki (File > Import); importing a later export updates these notes "
               "and overwrites edits made to them in Anki.")
    if with_progress:
        typer.echo("Progress is exported as progress::<state> tags only: no due dates "
                   "(Anki schedules the cards afresh).")


def _workload(as_json: bool) -> None:
    from trainer import fsrs_params
    from trainer import workload as wl
    from trainer.scheduling import sync_renames
    from trainer.settings import load_settings
    from trainer.store.timefmt import now_utc

    settings = load_settings()
    bank, _problem = _load_bank_or_none()
    with open_store() as store:
        if bank is not None:
            sync_renames(store, bank.renames)
        rows = store.all_cards()
        params = fsrs_params.describe(store)
        in_use = fsrs_params.in_use(store)
    bank_ids = set(bank.cards) if bank is not None else None
    data = wl.report(rows, bank_ids, now_utc(), settings, params, in_use)
    if as_json:
        import json

        sys.stdout.write(json.dumps(data.to_json(), indent=2) + "\n")
        return
    from trainer.cli import stats_view
    from trainer.ui.console import console

    stats_view.render_workload(console(), data)


def _backup_named(file: Path, store_path: Path) -> Path:
    """A path, or a name as `backup --list` prints it; an export is pointed at `import`."""
    from trainer.store import backups

    if not file.exists() and len(file.parts) == 1:
        candidate = backups.backups_dir(store_path) / file.name
        if candidate.exists():
            file = candidate
    if not file.exists():
        raise TrainerError(f"no such backup file: {file} (`{program()} backup --list` "
                           "lists the names)", exit_code=2)
    if file.is_file():
        try:
            with file.open("rb") as fh:
                head = fh.read(64).lstrip()
        except OSError:
            head = b""
        if head.startswith(b"{"):
            raise TrainerError(f"{file} is an export, not a backup: use "
                               f"`{program()} import {file}`", exit_code=2)
    return file


def register(app: typer.Typer) -> None:
    @app.command(help="Your progress: cards by state, retention, forecast, calendar, streak.")
    def stats(
        as_json: bool = typer.Option(False, "--json", help="Print every figure as JSON."),
        workload: bool = typer.Option(False, "--workload", help="Expected reviews per day over 30 days at retention 0.80-0.95."),
    ) -> None:
        if workload:
            _workload(as_json)
            return
        from trainer import stats as stats_mod
        from trainer.scheduling import Scheduler, sync_renames

        bank, bank_problem = _load_bank_or_none()
        scheduler = Scheduler()
        with open_store() as store:
            if bank is not None:
                sync_renames(store, bank.renames)
            data = stats_mod.compute(store, bank, scheduler)
        if bank_problem:
            data = replace(data, bank_error=bank_problem)
        if as_json:
            import json

            sys.stdout.write(json.dumps(data.to_json(), indent=2, ensure_ascii=False) + "\n")
            return
        from trainer.cli import stats_view
        from trainer.ui.console import console

        stats_view.render(console(), data)

    @app.command(help="Back up your progress now (or list the backups with --list).")
    def backup(
        list_: bool = typer.Option(False, "--list", help="List existing backups, newest first."),
        as_json: bool = typer.Option(False, "--json", help="With --list: print the list as JSON."),
    ) -> None:
        from trainer.store import backups

        if as_json and not list_:
            raise TrainerError("--json goes with --list (`backup --list --json`)", exit_code=2)
        with open_store() as store:
            if not list_:
                path = backups.make_backup(store, "manual")
                typer.echo(f"Backed up to {path}")
                return
            found = backups.list_backups(store.path)
        if as_json:
            import json

            typer.echo(json.dumps([{"name": b.path.name, "path": str(b.path),
                                    "taken_at": b.taken_at.isoformat(), "reason": b.reason,
                                    "size": b.size} for b in found], indent=2))
            return
        if not found:
            typer.echo(f"No backups yet in {backups.backups_dir(store.path)}")
            return
        # Newest first by the sequence number each copy records, not by its name.
        typer.echo(f"Backups in {backups.backups_dir(store.path)} (newest first):")
        width = max(len(b.path.name) for b in found)
        for b in found:
            flag = "" if b.readable else "  unreadable"
            typer.echo(f"  {b.path.name:<{width}}  {_size(b.size):>9}{flag}")
        typer.echo(f"Put one back with `{program()} restore NAME`.")

    @app.command(help="Replace your progress with a backup (the newest one if FILE is omitted).")
    def restore(
        file: Path | None = typer.Argument(None, autocompletion=complete.backup_names, help="A backup file (see `trainer backup --list`)."),
        yes: bool = typer.Option(False, "--yes", "-y", help=YES_HELP),
    ) -> None:
        from trainer.store import StoreRefused, backups, default_path

        store_path = default_path()
        folder = backups.backups_dir(store_path)
        if file is None:
            chosen, skipped = backups.newest_sound(store_path)
            if chosen is None and not skipped:
                raise TrainerError(f"no backups in {folder}; name a backup file to restore",
                                   exit_code=2)
            if chosen is None:
                raise TrainerError(f"none of the {len(skipped)} backups in {folder} is sound "
                                   f"(newest: {skipped[0][0].path.name}); nothing was changed",
                                   exit_code=3)
            for b, _why in skipped:
                typer.echo(f"note: skipped the damaged backup {b.path.name}", err=True)
            file = chosen.path
        file = _backup_named(file.expanduser(), store_path)
        try:
            backups.check_backup(file)
        except StoreRefused as exc:
            if not file.exists():
                raise
            chosen, _ = backups.newest_sound(store_path)
            hint = (f"; the newest sound backup is {chosen.path}" if chosen
                    else f"; no backup in {folder} is sound")
            raise StoreRefused(exc.message + hint, exit_code=exc.exit_code) from None
        confirm(f"Replace your progress in {store_path} with {file}? "
                 "(your current progress is backed up first)", yes, "restore")
        safety, aside = backups.restore(file, store_path)
        typer.echo(f"Restored your progress from {file}")
        if safety:
            typer.echo(f"Your previous progress was backed up to {safety}")
        if aside:
            typer.echo(f"The unusable file was kept as {aside}")

    @app.command(name="export",
                 help="Write all your progress to a JSON file, or the bank as an Anki deck (--anki).")
    def export_(
        file: Path | None = typer.Argument(None, help="Where to write the JSON, e.g. progress.json."),
        anki: Path | None = typer.Option(None, "--anki", metavar="FILE.apkg",
                                         help="Write the bank (bundled and your packs) as an Anki package instead."),
        level: list[str] | None = typer.Option(None, "--level", "-l", metavar="LEVEL", help="With --anki: only this level (repeatable)."),
        kind: list[str] | None = typer.Option(None, "--kind", "-k", metavar="KIND", help="With --anki: only this kind (repeatable)."),
        tag: list[str] | None = typer.Option(None, "--tag", "-t", metavar="TAG", help="With --anki: only cards with this tag (repeatable)."),
        with_progress: bool = typer.Option(False, "--with-progress", help="With --anki: tag each note with its state here (no due dates)."),
        force: bool = typer.Option(False, "--force", help="Overwrite the file if it exists."),
    ) -> None:
        if anki is not None:
            if file is not None:
                raise TrainerError("give either FILE (a JSON export) or --anki FILE.apkg, not both",
                                   exit_code=2)
            from trainer.store import default_path, transfer

            transfer.check_destination(default_path(), anki.expanduser())
            _export_anki(anki.expanduser(), level, kind, tag, with_progress, force)
            return
        if file is None:
            raise TrainerError("name the file to write: `trainer export FILE.json` "
                               "or `trainer export --anki FILE.apkg`", exit_code=2)
        if level or kind or tag or with_progress:
            raise TrainerError("--level, --kind, --tag and --with-progress go with --anki",
                               exit_code=2)
        from trainer.store import default_path, transfer

        file = file.expanduser()
        transfer.check_destination(default_path(), file)
        _check_target(file, force)
        with open_store() as store:
            counts = transfer.export_file(store, file)
        typer.echo(f"Exported {counts['reviews']} reviews of {counts['cards']} cards, "
                   f"{counts['sessions']} sessions and {counts['kata_runs']} kata runs to {file}")

    @app.command(name="import", help="Replace your progress with a JSON export.")
    def import_(
        file: Path = typer.Argument(..., help="A file written by `trainer export`."),
        yes: bool = typer.Option(False, "--yes", "-y", help=YES_HELP),
    ) -> None:
        from trainer.store import backups, transfer

        file = file.expanduser()
        data = transfer.read_export(file)
        with open_store() as store:
            prepared = transfer.prepare_import(store, data, source=str(file))
            n = {t: len(v) for t, _, v in prepared}
            confirm(f"Replace your progress in {store.path} with {file} "
                     f"({n['reviews']} reviews of {n['cards']} cards)? "
                     "(your current progress is backed up first)", yes, "import")
            safety = backups.make_backup(store, "before-import")
            transfer.apply_import(store, prepared, source=str(file))
        typer.echo(f"Imported {n['reviews']} reviews of {n['cards']} cards from {file}")
        typer.echo(f"Your previous progress was backed up to {safety}")

    @app.command(help="Wipe all progress (a backup is made first).")
    def reset(
        yes: bool = typer.Option(False, "--yes", "-y", help=YES_HELP),
    ) -> None:
        from trainer.store import backups, transfer

        with open_store() as store:
            reviews, cards = store.reviews_total(), len(store.seen_ids())
            confirm(f"Delete all progress in {store.path} ({reviews} reviews of {cards} "
                     "cards, sessions, kata runs)? (a backup is made first)", yes, "reset")
            safety = backups.make_backup(store, "before-reset")
            transfer.reset(store)
        typer.echo("All progress was wiped.")
        typer.echo(f"It was backed up to {safety} (`{program()} restore` brings it back)")

    @app.command(help="Let a suspended card (a leech) be reviewed again.")
    def unsuspend(card_id: str = typer.Argument(..., metavar="ID", autocompletion=complete.card_ids, help="The card's id.")) -> None:
        from trainer.scheduling import is_leech_threshold
        from trainer.settings import load_settings

        settings = load_settings()
        with open_store() as store:
            if store.unsuspend(card_id):
                row = store.card(card_id)
                assert row is not None      # it was just unsuspended
                more = next(n for n in range(1, 10_000)
                            if is_leech_threshold(row.lapses + n, settings.leech_lapses))
                from trainer.ui.session_text import plural

                typer.echo(f"{card_id} will be scheduled again ({plural(row.lapses, 'lapse')} so far; "
                           f"it is suspended again after {more} more)")
                return
            if store.card(card_id) is not None:
                raise TrainerError(f"card {card_id!r} is not suspended", exit_code=2)
        raise TrainerError(f"unknown card id {card_id!r}: it has no progress yet", exit_code=2)
