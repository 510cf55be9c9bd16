"""`casus ingest`: code a corpus into a database (resumable), optionally on Dask and into a
Parquet dataset."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from casus.cli.options import (
    DEFAULT_TIME_BUDGET,
    Conventions,
    Db,
    MinConfidence,
    Ner,
    TimeBudget,
    database_problem,
    fail,
    open_db,
    parse_day,
    stdout,
)
from casus.readers.formats import FORMATS

if TYPE_CHECKING:
    from casus.ingest import IngestSummary
    from casus.ingest import Progress as IngestProgress
    from casus.store import LogEntry

# The choices of --format: the formats of the readers' table. (mypy cannot see the members
# of an enum built from a table.)
InputFormat = StrEnum("InputFormat", [(f, f) for f in ("auto", *FORMATS)])  # type: ignore[misc]
AUTO = InputFormat("auto")


def ingest_command(
    sources: Annotated[
        list[str],
        typer.Argument(help="Files, directories (recursive), globs, or - for stdin."),
    ],
    db: Db,
    workers: Annotated[
        int | None,
        typer.Option(min=0, help="Coding processes (default: one per core; 0: in this process)."),
    ] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Articles per database transaction.")
    ] = 256,
    chunk_size: Annotated[
        int, typer.Option(min=1, help="Documents per worker task (and nlp.pipe batch).")
    ] = 48,
    input_format: Annotated[
        InputFormat, typer.Option("--format", help="Force an input format.")
    ] = AUTO,
    text_field: Annotated[str, typer.Option(help="JSON/CSV field with the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSON/CSV field with the id.")] = "id",
    date_field: Annotated[str, typer.Option(help="JSON/CSV field with the date.")] = "date",
    url_field: Annotated[str, typer.Option(help="JSON/CSV field with the URL.")] = "url",
    title_field: Annotated[str, typer.Option(help="JSON/CSV field with the title.")] = "title",
    date: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) of undated inputs.")
    ] = None,
    dictionary: Annotated[
        list[Path] | None,
        typer.Option("--dictionary", help="Extra actor dictionary (YAML); repeatable."),
    ] = None,
    events_dictionary: Annotated[
        list[Path] | None,
        typer.Option("--events", help="Extra event-pattern file (YAML); repeatable."),
    ] = None,
    require_source: Annotated[
        bool,
        typer.Option(
            "--require-source/--allow-unknown-source",
            help="Drop events whose source names no known actor.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    time_budget: TimeBudget = DEFAULT_TIME_BUDGET,
    min_confidence: MinConfidence = 0.0,
    conventions: Conventions = "casus",
    ner: Ner = False,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="Code on a Dask cluster: local:N (N worker processes here) or "
            "tcp://host:8786 (a running scheduler; workers must see the input paths).",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Also write the events as a Parquet dataset (year=/month= partitions).",
        ),
    ] = None,
    split_mb: Annotated[
        float,
        typer.Option(
            "--split-mb",
            min=0.001,
            help="With --dask: code a JSON Lines, CSV or WARC file bigger than this as byte "
            "ranges of about this size, one task each.",
        ),
    ] = 4,
) -> None:
    """Code a corpus into a database; run it again to resume or to add new files.

    Exit status 0: all coded or skipped; 1: an input failed; 2: the database is unusable.
    """
    import sqlite3
    from concurrent.futures.process import BrokenProcessPool

    from sqlalchemy.exc import SQLAlchemyError

    from casus.ingest import IngestOptions, ingest
    from casus.readers import FieldMap

    options = IngestOptions(
        workers=workers,
        batch_size=batch_size,
        chunk_size=chunk_size,
        fmt=None if input_format is AUTO else input_format.value,
        fields=FieldMap(
            text=text_field, id=id_field, date=date_field, url=url_field, title=title_field
        ),
        date=parse_day(date, "--date"),
        actor_dictionaries=tuple(dictionary or ()),
        event_dictionaries=tuple(events_dictionary or ()),
        require_source=require_source,
        time_budget=time_budget or None,
        conventions=conventions,
        min_confidence=min_confidence,
        ner=ner,
        dask=dask,
        out=out_dir,
        split_bytes=int(split_mb * (1 << 20)),
    )
    with open_db(db, create=True) as store, _IngestProgress() as progress:
        try:
            summary = ingest(
                sources,
                store=store,
                options=options,
                on_progress=progress.update,
                on_issue=progress.issue,
                on_dashboard=progress.dashboard,
            )
        except KeyboardInterrupt:
            fail(db, "interrupted; saved batches are kept, run the same command to resume")
            raise typer.Exit(130) from None
        except BrokenProcessPool as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            fail(db, f"ingest stopped ({reason}); run the same command to resume")
            raise typer.Exit(2) from None
        except (SQLAlchemyError, sqlite3.Error) as exc:
            fail(db, f"ingest stopped: {database_problem(exc, resumable=True)}")
            raise typer.Exit(2) from None
        except (ValueError, OSError) as exc:
            if dask is None:
                raise
            fail(db, f"ingest on Dask stopped ({exc}); run the same command to resume")
            raise typer.Exit(2) from None
    if as_json:
        stdout.print_json(json.dumps(summary.as_dict()))
    else:
        _print_summary(summary)
    if not summary.ok:
        raise typer.Exit(1)


class _IngestProgress:
    """A progress line on stderr (only on a terminal) and one line per failed input."""

    def __init__(self) -> None:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True, emoji=False)
        self.bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
            disable=not self.console.is_terminal,
        )
        self.task = self.bar.add_task("starting: reading sources, loading the model")

    def __enter__(self) -> _IngestProgress:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def update(self, p: IngestProgress) -> None:
        rate = p.coded / p.elapsed if p.elapsed > 0 else 0.0
        text = (
            f"read {p.read:,} · coded {p.coded:,} ({rate:,.1f} articles/s) · "
            f"events {p.events:,} · skipped {p.skipped:,} · failed {p.failed:,}"
        )
        self.bar.update(self.task, description=text)

    def dashboard(self, link: str) -> None:
        self.console.print(f"casus: Dask dashboard at {link}", markup=False, highlight=False)

    def issue(self, entry: LogEntry) -> None:
        if entry.status == "failed":
            self.console.print(
                f"casus: {entry.name}: {entry.reason}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )


def _print_summary(summary: IngestSummary) -> None:
    def by_reason(counts: dict[str, int]) -> str:
        detail = ", ".join(f"{kind} {n:,}" for kind, n in counts.items())
        return f"{sum(counts.values()):,}" + (f" ({detail})" if detail else "")

    rate = summary.coded / summary.seconds if summary.seconds else 0.0
    rows = [
        ("inputs read", f"{summary.read:,}"),
        ("articles coded", f"{summary.coded:,}"),
        ("events stored", f"{summary.events:,}"),
        ("skipped", by_reason(summary.skipped)),
        ("failed", by_reason(summary.failed)),
        ("time", f"{summary.seconds:,.1f} s, {rate:,.1f} articles/s, {summary.workers} workers"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        stdout.print(f"{label:<{width}}  {value}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add `ingest` to the casus CLI."""
    app.command("ingest")(ingest_command)
