"""`casus actors unknown`: the names in actor slots that no dictionary resolved, and the
people no dictionary lists whom only their title coded.

A thin layer over `casus.store.unknown` (which the web app's `/actors/unknown` reads too):
a table, CSV, JSON, or a user actor dictionary (`--format yaml`) to edit and load with
`casus code --dictionary` / `casus ingest --dictionary`.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

from casus.cli.options import Db, Out, open_db, with_filters

if TYPE_CHECKING:
    from casus.store import EventFilter
    from casus.store.unknown import UnknownActor


class UnknownFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    yaml = "yaml"


CSV_COLUMNS = (
    "name",
    "events",
    "source",
    "target",
    "attribution",
    "code",
    "country",
    "sector",
    "spellings",
    "example",
    "article_id",
    "event_id",
    "org",
    "kind",
)


def unknown_command(
    db: Db,
    limit: Annotated[int, typer.Option(min=1, help="How many names to list.")] = 50,
    min_count: Annotated[
        int, typer.Option("--min-count", min=1, help="Only names with at least N events.")
    ] = 1,
    *,
    filters: EventFilter,
    fmt: Annotated[
        UnknownFormat,
        typer.Option(
            "--format", help="table, csv, json, or yaml (a user dictionary for --dictionary)."
        ),
    ] = UnknownFormat.table,
    output: Out = "-",
) -> None:
    """The most frequent names in actor slots that no dictionary resolved, and people no
    dictionary lists whom only their title coded ("Foreign Minister Jane Roe" → Jane Roe),
    with counts, an example sentence and a suggested code (for a name: a country, IGO or
    region it names, else the articles' country, and a sector from the name; for a titled
    person: the code the title gave)."""
    from casus.store.unknown import unknown_actors

    with open_db(db, create=False) as store:
        found = unknown_actors(store, filters, limit=limit, min_count=min_count)
    if output == "-":
        _write(found, fmt, sys.stdout, db)
    else:
        with Path(output).open("w", encoding="utf-8", newline="") as fh:
            _write(found, fmt, fh, db)
    typer.echo(f"casus: {len(found):,} unknown names", err=True)


def _write(found: list[UnknownActor], fmt: UnknownFormat, fh: IO[str], db: str) -> None:
    if fmt is UnknownFormat.json:
        fh.write(json.dumps([a.to_dict() for a in found], ensure_ascii=False, indent=2) + "\n")
    elif fmt is UnknownFormat.yaml:
        from casus.store.unknown import dictionary_yaml

        fh.write(dictionary_yaml(found, source=_db_name(db)))
    elif fmt is UnknownFormat.csv:
        _write_csv(found, fh)
    else:
        _print_table(found, fh)


def _db_name(db: str) -> str:
    """The database as the comment names it (a URL without its password)."""
    try:
        from casus.store import database_url

        return database_url(db).render_as_string(hide_password=True)
    except Exception:  # a name for a comment only: never fail over it
        return "database"


def _write_csv(found: list[UnknownActor], fh: IO[str]) -> None:
    from casus.analysis.export import CsvWriter, csv_cell

    writer = CsvWriter(fh)
    writer.writerow(list(CSV_COLUMNS))
    for a in found:
        record = a.to_dict()
        record.update({slot: a.slots.get(slot, 0) for slot in ("source", "target", "attribution")})
        record["spellings"] = " | ".join(a.spellings)
        writer.writerow([csv_cell(record[c]) for c in CSV_COLUMNS])


def _print_table(found: list[UnknownActor], fh: IO[str]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(file=fh, emoji=False, width=None if fh.isatty() else 160)
    if not found:
        console.print("no unknown names", markup=False, highlight=False)
        return
    table = Table(title="unknown actors", title_justify="left", header_style="bold")
    for col in ("name", "kind", "events", "slots", "suggested", "example"):
        table.add_column(col, justify="right" if col == "events" else "left", overflow="fold")
    for a in found:
        slots = ", ".join(f"{slot} {n}" for slot, n in a.slots.items())
        example = " ".join(a.example.split())
        table.add_row(escape(a.name), a.kind, f"{a.events:,}", slots, a.code, escape(example))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the `actors` group (`casus actors unknown`) to the casus CLI."""
    group = typer.Typer(no_args_is_help=True, help="Actors in the store: names left unresolved.")
    group.command("unknown")(with_filters(unknown_command, options=("since", "until", "country")))
    app.add_typer(group, name="actors")
