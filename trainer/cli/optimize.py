"""`trainer optimize`: fit the scheduler to the learner's own reviews (parse, call, render)."""
from __future__ import annotations

from pathlib import Path

import typer

from trainer.cli.store_access import open_store
from trainer.errors import TrainerError


def _write_revlog(path: Path) -> None:
    import csv

    from trainer import optimizer

    if path.exists():
        raise TrainerError(f"{path} already exists; choose another name", exit_code=2)
    if not path.parent.is_dir():
        raise TrainerError(f"no such directory: {path.parent}", exit_code=2)
    with open_store() as store:
        rows = optimizer.revlog_rows(store.review_log())
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(optimizer.REVLOG_COLUMNS)
        writer.writerows(rows)
    typer.echo(f"Wrote {len(rows)} reviews to {path}")


def register(app: typer.Typer) -> None:
    @app.command(help="Fit the scheduler's FSRS parameters to your own reviews (kept only if better).")
    def optimize(
        dry_run: bool = typer.Option(False, "--dry-run", help="Fit and compare, but change nothing."),
        revlog: Path | None = typer.Option(None, "--revlog", metavar="FILE.csv",
                                           help="Only write your review log as the FSRS optimizers' revlog.csv, durations included."),
        reset: bool = typer.Option(False, "--reset", help="Go back to the default parameters."),
    ) -> None:
        from trainer import fsrs_params, optimizer

        if reset:
            with open_store() as store:
                had = fsrs_params.load(store) is not None
                fsrs_params.clear(store)
            typer.echo("The scheduler uses the default parameters again." if had
                       else "The scheduler already uses the default parameters.")
            return
        if revlog is not None:
            _write_revlog(revlog.expanduser())
            return
        from trainer.settings import load_settings
        from trainer.store.timefmt import now_utc

        settings = load_settings()
        with open_store() as store:
            current = fsrs_params.load(store)
            answers = optimizer.answers_from_log(store.review_log(), settings.day_starts_at_hour)
            outcome = optimizer.fit(answers, current.parameters if current else None)
            in_use = "your fit of " + current.fitted_at.date().isoformat() if current else "the defaults"
            if outcome.parameters is None:
                typer.echo(f"Not fitted: {outcome.reason}. The scheduler keeps {in_use}.")
                return
            typer.echo(f"Fitted on {outcome.items} long-term reviews out of {outcome.reviews} "
                       f"answers; scored on the newest {100 - round(optimizer.TRAIN_SHARE * 100)}%.")
            assert outcome.fitted is not None and outcome.current is not None
            typer.echo(f"  {'':<10}{'log loss':>10}{'RMSE (bins)':>13}")
            typer.echo(f"  {'current':<10}{outcome.current.log_loss:>10.4f}"
                       f"{outcome.current.rmse_bins:>13.4f}   ({in_use})")
            typer.echo(f"  {'fitted':<10}{outcome.fitted.log_loss:>10.4f}"
                       f"{outcome.fitted.rmse_bins:>13.4f}")
            now = now_utc()
            if dry_run:
                verdict = "would be adopted" if outcome.adopted else "would not be adopted"
                typer.echo(f"Dry run: {outcome.reason}; they {verdict}. Nothing was changed.")
                return
            fsrs_params.record_attempt(store, outcome.reviews, now)
            if outcome.adopted:
                fsrs_params.save(store, fsrs_params.FittedParameters(
                    outcome.parameters, now, outcome.reviews, outcome.fitted, outcome.current))
                typer.echo(f"Adopted: {outcome.reason}. Your next reviews are scheduled with them.")
            else:
                typer.echo(f"Not adopted: {outcome.reason}.")
