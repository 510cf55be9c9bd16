"""`casus stats`: counts of a store or a Parquet dataset."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from casus.cli.options import fail, open_db, stdout


def stats_command(
    db: Annotated[
        str | None, typer.Option(help="SQLite file or postgresql:// URL (or give --parquet).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the statistics as JSON.")] = False,
    top: Annotated[int, typer.Option(min=1, help="How many actors and dyads to list.")] = 10,
    parquet: Annotated[
        Path | None,
        typer.Option(
            "--parquet",
            help="Count a Parquet event dataset (`casus ingest --out`) instead of --db.",
        ),
    ] = None,
) -> None:
    """Counts by root, quad class and modality, top actors and dyads, date span."""
    from casus.analysis.stats import corpus_stats

    if parquet is not None:
        from casus.dataset import ParquetEvents

        try:
            stats = corpus_stats(ParquetEvents(parquet), top=top)
        except FileNotFoundError as exc:
            fail(str(parquet), str(exc))
            raise typer.Exit(2) from None
    elif db is None:
        fail("stats", "give --db DATABASE or --parquet DATASET")
        raise typer.Exit(2)
    else:
        with open_db(db, create=False) as store:
            stats = corpus_stats(store, top=top)
    if as_json:
        stdout.print_json(json.dumps(stats.to_dict()))
        return
    span = f"{stats.first_date or '?'} to {stats.last_date or '?'}"
    if stats.historical_events:  # background references are not news of their period
        span += (
            f" (and {stats.historical_events:,} historical references, "
            f"{stats.historical_first_date} to {stats.historical_last_date})"
        )
    stdout.print(
        f"{stats.articles:,} articles and {stats.events:,} events from {stats.runs:,} "
        f"ingest run(s); event dates {span}",
        markup=False,
        highlight=False,
    )
    ontology = _ontology()
    roots = [(r, ontology.get(r, ""), n) for r, n in stats.by_root.items()]
    _stats_table("events by root", ("root", "name", "events"), roots)
    _stats_table("events by quad class", ("quad class", "events"), stats.by_quad_class.items())
    _stats_table("events by modality", ("modality", "events"), stats.by_modality.items())
    _stats_table(f"top {top} actors", ("actor", "events"), stats.top_actors)
    _stats_table(f"top {top} dyads", ("source", "target", "events"), stats.top_dyads)
    _stats_table("skipped inputs", ("reason", "inputs"), stats.skipped_by_kind.items())
    _stats_table("failed inputs", ("reason", "inputs"), stats.failed_by_kind.items())


def _ontology() -> dict[str, str]:
    from casus.ontology import default_ontology

    return {code: t.name for code, t in default_ontology().event_types.items() if len(code) == 2}


def _stats_table(title: str, columns: tuple[str, ...], rows: Iterable[Sequence[Any]]) -> None:
    table = Table(title=title, title_justify="left", header_style="bold")
    for i, col in enumerate(columns):
        table.add_column(col, justify="right" if i == len(columns) - 1 else "left")
    for row in rows:
        cells = [f"{v:,}" if isinstance(v, int) else str(v or "-") for v in row]
        table.add_row(*(escape(c) for c in cells))
    if table.row_count:
        stdout.print(table)


def register(app: typer.Typer) -> None:
    """Add `stats` to the casus CLI."""
    app.command("stats")(stats_command)
