"""`casus dedup`: wire copies (story clusters) and canonical events of a store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from casus.cli.options import fail, open_db

Db = Annotated[str, typer.Option(help="SQLite file or postgresql:// URL (made by ingest).")]


def dedup_command(
    db: Db,
    window: Annotated[
        int, typer.Option(min=0, help="Days after a canonical event's first day it spans.")
    ] = 1,
    containment: Annotated[
        float, typer.Option(min=0.05, max=1.0, help="Shingle overlap that makes wire copies.")
    ] = 0.6,
    threshold: Annotated[
        float, typer.Option(min=0.05, max=0.95, help="LSH Jaccard threshold for candidates.")
    ] = 0.3,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Also copy the canonical events into this Parquet dataset (`casus ingest "
            "--out`), for `--dedup --parquet`.",
        ),
    ] = None,
) -> None:
    """Find wire copies (story clusters) and canonical events; recomputes from scratch."""
    from casus.analysis.dedup import DedupOptions, deduplicate

    options = DedupOptions(window_days=window, containment=containment, threshold=threshold)
    if out_dir is not None:  # checked first: a dedup of a big database takes a while
        from casus.dataset import ParquetEvents

        try:
            ParquetEvents(out_dir)
        except FileNotFoundError:
            fail(str(out_dir), "not a Parquet dataset (a folder written by `casus ingest --out`)")
            raise typer.Exit(2) from None
    with open_db(db, create=False) as store:
        summary = deduplicate(store, options=options)
        if out_dir is not None:
            from casus.dataset import write_canonical

            linked = write_canonical(store, out_dir)
            typer.echo(f"casus: {linked:,} event links written to {out_dir}", err=True)
    typer.echo(
        f"casus: {summary.articles:,} articles in {summary.stories:,} stories "
        f"({summary.articles_in_shared_stories:,} in stories with copies); "
        f"{summary.events:,} events -> {summary.canonical_events:,} canonical events",
        err=True,
    )


def register(app: typer.Typer) -> None:
    """Add `dedup` to the casus CLI."""
    app.command("dedup")(dedup_command)
