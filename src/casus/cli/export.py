"""`casus export`: write stored events as CSV, JSON Lines or Parquet."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from casus.analysis.export import EXPORT_LAYOUTS, FORMATS, LAYOUTS, export_events
from casus.cli.options import Out, fail, open_db, with_filters

if TYPE_CHECKING:
    from casus.store import EventFilter

# The choices of --format and --layout: the formats and the layouts table of casus.analysis.export.
# (mypy cannot see the members of an enum built from a table.)
ExportFormat = StrEnum("ExportFormat", [(f, f) for f in FORMATS])  # type: ignore[misc]
ExportLayout = StrEnum("ExportLayout", [(n, n) for n in LAYOUTS])  # type: ignore[misc]
DEFAULT_LAYOUT = ExportLayout("casus")
LAYOUTS_HELP = "; ".join(f"{lay.name}: {lay.help}" for lay in EXPORT_LAYOUTS) + "."


def export_command(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="Output format.")],
    db: Annotated[
        str | None, typer.Option(help="SQLite file or postgresql:// URL (or give --parquet).")
    ] = None,
    output: Out = "-",
    layout: Annotated[ExportLayout, typer.Option(help=LAYOUTS_HELP)] = DEFAULT_LAYOUT,
    *,
    filters: EventFilter,
    dedup: Annotated[
        bool,
        typer.Option(
            "--dedup/--raw", help="Canonical events (after `casus dedup`) or every raw event."
        ),
    ] = False,
    raw_cells: Annotated[
        bool,
        typer.Option(
            "--raw-cells",
            help="CSV: keep cells that start with = + - @ as they are (by default they get "
            "a leading ' so spreadsheets do not run them as formulas).",
        ),
    ] = False,
    parquet: Annotated[
        Path | None,
        typer.Option(
            "--parquet",
            help="Read the events from a Parquet dataset (`casus ingest --out`) instead of --db.",
        ),
    ] = None,
) -> None:
    """Write stored events as CSV, JSON Lines or Parquet, optionally filtered."""
    import contextlib

    from casus.dataset import NO_CANONICAL, ParquetEvents

    reader: contextlib.AbstractContextManager[Any]
    if parquet is not None:
        try:
            dataset = ParquetEvents(parquet)
        except FileNotFoundError as exc:
            fail(str(parquet), str(exc))
            raise typer.Exit(2) from None
        if dedup and not dataset.has_dedup:
            fail(str(parquet), NO_CANONICAL)
            raise typer.Exit(2)
        reader = contextlib.nullcontext(dataset)
    elif db is None:
        fail("export", "give --db DATABASE or --parquet DATASET")
        raise typer.Exit(2)
    else:
        reader = open_db(db, create=False)
    with reader as store:
        if output == "-":
            if fmt == "parquet" and sys.stdout.isatty():
                fail("-", "will not write Parquet to a terminal; use --out FILE")
                raise typer.Exit(2)
            stream: Any = sys.stdout.buffer if fmt == "parquet" else sys.stdout
            rows = export_events(
                store,
                stream,
                fmt=fmt.value,
                filters=filters,
                layout=layout.value,
                dedup=dedup,
                raw_cells=raw_cells,
            )
            sys.stdout.flush()
        else:
            rows = export_events(
                store,
                Path(output),
                fmt=fmt.value,
                filters=filters,
                layout=layout.value,
                dedup=dedup,
                raw_cells=raw_cells,
            )
    typer.echo(f"casus: {rows:,} events written", err=True)


def register(app: typer.Typer) -> None:
    """Add `export` to the casus CLI."""
    app.command("export")(with_filters(export_command))
