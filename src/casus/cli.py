"""The casus command line: a thin layer over the library."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from casus.commands.options import (
    ActorFilter,
    CountryFilter,
    Db,
    MinConfidenceFilter,
    Modalities,
    Out,
    Quads,
    Roots,
    Since,
    Source,
    Target,
    Until,
    database_problem,
    event_filter,
    fail,
    open_db,
    parse_day,
)
from casus.extract import InputError, RawDoc, article_id, extract, read_file
from casus.model import Article, Event, event_ids

if TYPE_CHECKING:
    from casus.ingest import IngestSummary
    from casus.ingest import Progress as IngestProgress
    from casus.store import LogEntry

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Political event data from news text.",
    rich_markup_mode=None,
)
out = Console(emoji=False)  # names like "dump.jsonl:100:" are not emoji codes


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("casus")
        except PackageNotFoundError:  # run from a source tree that was never installed
            number = "unknown"
        typer.echo(f"casus {number}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Political event data from news text."""


# Seconds one document may take (kept in step with casus.pipeline.DEFAULT_TIME_BUDGET, which
# is not imported here so that `casus --help` need not load spaCy).
DEFAULT_TIME_BUDGET = 60.0
TimeBudget = Annotated[
    float,
    typer.Option(
        min=0,
        help="Seconds one document may take; over it, it fails and the rest go on (0: none).",
    ),
]


class OutputFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


def _jsonl_records(path: str) -> Iterator[RawDoc | tuple[str, str]]:
    """RawDocs from a JSON Lines file; a bad record yields (`path:LINE`, reason) instead.

    The readers of `casus ingest` read it: line by line as bytes, so one bad byte, line or
    field fails its own record and the others are coded.
    """
    from casus.readers import ReadFailure, read_sources

    for item in read_sources([path], fmt="jsonl"):
        if isinstance(item, ReadFailure):
            yield item.name, item.reason
        else:
            yield item


def _raw_docs(
    inputs: list[str], *, jsonl: bool, date: dt.date | None
) -> Iterator[RawDoc | tuple[str, str]]:
    for name in inputs or ["-"]:
        if jsonl:
            if name != "-" and not Path(name).is_file():
                yield name, "no such file"
                continue
            yield from _jsonl_records(name)
            continue
        try:
            raw = RawDoc("-", sys.stdin.buffer.read()) if name == "-" else read_file(Path(name))
        except InputError as exc:
            yield name, str(exc)
            continue
        yield RawDoc(raw.name, raw.content, date=date, id=name)


class _Failures:
    """One line per bad input or record, at most `MAX_ISSUES_PER_INPUT` per input file;
    the rest of a file's are counted, and said in one line at the end."""

    def __init__(self) -> None:
        from collections import Counter

        self.count = 0
        self.listed: Counter[str] = Counter()
        self.unlisted: Counter[str] = Counter()

    def __call__(self, name: str, reason: str) -> None:
        from casus.ingest import MAX_ISSUES_PER_INPUT
        from casus.readers import input_of

        self.count += 1
        source = input_of(name)
        if self.listed[source] >= MAX_ISSUES_PER_INPUT:
            self.unlisted[source] += 1
            return
        self.listed[source] += 1
        fail(name, reason)

    def close(self) -> None:
        from casus.ingest import unlisted_reason

        for source, n in self.unlisted.items():
            fail(source, unlisted_reason(n, "failed"))
        self.unlisted.clear()


def _articles(
    inputs: list[str],
    *,
    jsonl: bool,
    date: dt.date | None,
    failures: _Failures,
    budget: float | None = None,
) -> Iterator[Article]:
    from casus.pipeline import DocumentTimeout, time_budget

    for item in _raw_docs(inputs, jsonl=jsonl, date=date):
        if isinstance(item, tuple):
            failures(*item)
            continue
        unit = "bytes" if isinstance(item.content, bytes) else "characters"
        try:
            with time_budget(budget, len(item.content), unit):
                article = extract(item)
        except InputError as exc:
            failures(item.name, str(exc))
            continue
        except DocumentTimeout as exc:
            failures(item.name, f"extraction {exc}")
            continue
        yield article


def _actor_cell(ref: Any) -> str:
    if ref is None:
        return "-"
    return f"{ref.actor.code or '?'} [dim]{escape(ref.text)}[/dim]"


def _print_events(doc_id: str, title: str | None, events: list[Event]) -> None:
    """One table per article, wide enough to read on any terminal or in a log."""
    console = Console(width=max(out.width, 150), emoji=False) if not out.is_terminal else out
    heading = f"{doc_id}" + (f" — {title}" if title else "")
    table = Table(title=escape(heading), title_justify="left", header_style="bold", expand=False)
    for col in ("sent", "source", "event", "target", "modality", "attribution", "trigger"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(
            str(e.sentence_index),
            _actor_cell(e.source),
            f"{e.cameo} {escape(e.cameo_name)}",
            _actor_cell(e.target),
            e.modality,
            escape(e.attribution.text) if e.attribution else "",
            escape(e.evidence.trigger),
        )
    if not events:
        table.add_row("", "", "(no events)", "", "", "", "")
    console.print(table)


MinConfidence = Annotated[
    float, typer.Option(min=0.0, max=1.0, help="Drop events below this confidence (0-1).")
]
Conventions = Annotated[
    str, typer.Option(help="Coding conventions profile: casus (default) or phoenix.")
]
Ner = Annotated[
    bool,
    typer.Option(
        "--ner/--no-ner", help="Run the model's NER to tell unknown organisations from people."
    ),
]


@app.command("code")
def code_command(
    inputs: Annotated[
        list[str] | None, typer.Argument(help="Files (text or HTML) or - for stdin.")
    ] = None,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help='Inputs are JSON Lines {"id","text","date"?,...}.')
    ] = False,
    output: Annotated[
        OutputFormat | None,
        typer.Option("--format", help="table (default on a terminal) or jsonl."),
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) of plain inputs.")
    ] = None,
    dictionary: Annotated[
        list[Path] | None,
        typer.Option("--dictionary", help="Extra actor dictionary (YAML); repeatable."),
    ] = None,
    require_source: Annotated[
        bool,
        typer.Option(
            "--require-source/--allow-unknown-source",
            help="Drop events whose source names no known actor (kept by default, low confidence).",
        ),
    ] = False,
    events_dictionary: Annotated[
        list[Path] | None,
        typer.Option("--events", help="Extra event-pattern file (YAML); repeatable."),
    ] = None,
    time_budget: TimeBudget = DEFAULT_TIME_BUDGET,
    min_confidence: MinConfidence = 0.0,
    conventions: Conventions = "casus",
    ner: Ner = False,
) -> None:
    """Code news articles into events."""
    from casus.events.coder import CodingOptions
    from casus.pipeline import Coder

    published = None
    if date:
        try:
            published = dt.date.fromisoformat(date)
        except ValueError:
            raise typer.BadParameter(
                f"{date!r} is not a date (YYYY-MM-DD)", param_hint="--date"
            ) from None
    fmt = output or (OutputFormat.table if sys.stdout.isatty() else OutputFormat.jsonl)
    from casus.events.steps import UnknownConventionError

    try:
        coder = Coder(
            actor_dictionaries=dictionary or (),
            event_dictionaries=events_dictionary or (),
            options=CodingOptions(
                require_source=require_source,
                min_confidence=min_confidence,
                conventions=conventions,
            ),
            ner=ner,
        )
    except UnknownConventionError as exc:
        raise typer.BadParameter(str(exc), param_hint="--conventions") from None
    failures = _Failures()
    budget = time_budget or None
    articles = _articles(
        inputs or [], jsonl=jsonl, date=published, failures=failures, budget=budget
    )
    for article, events in coder.code_results(articles, time_budget=budget):
        if isinstance(events, Exception):
            failures(article.source_name or article.id, _coding_failure(events))
            continue
        named = [_with_doc_id(e, article) for e in events]
        if fmt is OutputFormat.jsonl:
            # the same stable ids as the store's (keyed by the text, not the file name)
            ids = event_ids(article_id(article.text), named)
            for e, event_id in zip(named, ids, strict=True):
                record = {"event_id": event_id, **e.to_dict()}
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            _print_events(article.source_name or article.id, article.title, named)
    failures.close()
    if failures.count:
        raise typer.Exit(1)


def _coding_failure(exc: Exception) -> str:
    """One line for a document the coder could not finish."""
    from casus.pipeline import DocumentTimeout

    if isinstance(exc, DocumentTimeout):
        return str(exc)
    detail = " ".join(str(exc).split())[:200]
    return f"cannot code this text ({type(exc).__name__}{': ' + detail if detail else ''})"


def _with_doc_id(event: Event, article: Article) -> Event:
    from dataclasses import replace

    doc_id = article.doc_id or article.source_name or article.id
    return event if event.doc_id == doc_id else replace(event, doc_id=doc_id)


@app.command("evaluate")
def evaluate_command(
    gold: Annotated[Path, typer.Argument(help="Gold JSON Lines file (see shared gold README).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    errors: Annotated[
        int, typer.Option(help="Also list up to N sentences whose roots differ.")
    ] = 0,
) -> None:
    """Precision, recall and F1 of roots, codes and triples against gold sentences."""
    from casus.evaluate import GoldFormatError, evaluate, format_report, read_gold
    from casus.pipeline import Coder

    if not gold.is_file():
        fail(str(gold), "no such file")
        raise typer.Exit(2)
    try:
        sentences = list(read_gold(gold))
    except GoldFormatError as exc:
        fail(str(gold), str(exc))
        raise typer.Exit(2) from None
    report = evaluate(Coder(), sentences, keep_errors=errors)
    data = report.as_dict()
    if as_json:
        out.print_json(json.dumps(data))
    else:
        out.print(format_report(data), markup=False, highlight=False)
    for item in report.errors:
        out.print(json.dumps(item, ensure_ascii=False), markup=False, highlight=False)


class InputFormat(StrEnum):
    auto = "auto"
    html = "html"
    text = "text"
    jsonl = "jsonl"
    csv = "csv"
    warc = "warc"
    feed = "feed"


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


class ExportLayout(StrEnum):
    casus = "casus"
    phoenix = "phoenix"


@app.command("ingest")
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
    ] = InputFormat.auto,
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
        fmt=None if input_format is InputFormat.auto else input_format.value,
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
        out.print_json(json.dumps(summary.as_dict()))
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
        out.print(f"{label:<{width}}  {value}", markup=False, highlight=False)


@app.command("export")
def export_command(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="Output format.")],
    db: Annotated[
        str | None, typer.Option(help="SQLite file or postgresql:// URL (or give --parquet).")
    ] = None,
    output: Out = "-",
    layout: Annotated[
        ExportLayout, typer.Option(help="casus: the event schema; phoenix: Phoenix/ICEWS columns.")
    ] = ExportLayout.casus,
    since: Since = None,
    until: Until = None,
    actor: ActorFilter = None,
    source: Source = None,
    target: Target = None,
    country: CountryFilter = None,
    root: Roots = None,
    quad: Quads = None,
    modality: Modalities = None,
    min_confidence: MinConfidenceFilter = 0.0,
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
    from casus.export import export_events

    filters = event_filter(
        since=since,
        until=until,
        actor=actor,
        country=country,
        source=source,
        target=target,
        root=root,
        quad=quad,
        modality=modality,
        min_confidence=min_confidence,
    )
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
            if fmt is ExportFormat.parquet and sys.stdout.isatty():
                fail("-", "will not write Parquet to a terminal; use --out FILE")
                raise typer.Exit(2)
            stream: Any = sys.stdout.buffer if fmt is ExportFormat.parquet else sys.stdout
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


@app.command("stats")
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
    from casus.stats import corpus_stats, dataset_stats

    if parquet is not None:
        from casus.dataset import ParquetEvents

        try:
            stats = dataset_stats(ParquetEvents(parquet), top=top)
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
        out.print_json(json.dumps(stats.to_dict()))
        return
    span = f"{stats.first_date or '?'} to {stats.last_date or '?'}"
    if stats.historical_events:  # background references are not news of their period
        span += (
            f" (and {stats.historical_events:,} historical references, "
            f"{stats.historical_first_date} to {stats.historical_last_date})"
        )
    out.print(
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
        out.print(table)


@app.command("info")
def info_command() -> None:
    """Sizes of the ontology and dictionaries in use."""
    from casus.actors.dictionary import load_actor_dictionary
    from casus.events.patterns import load_event_dictionary
    from casus.ontology import default_ontology

    ontology = default_ontology()
    actors = load_actor_dictionary()
    events = load_event_dictionary(known_codes=ontology.event_types)
    kinds: dict[str, int] = {}
    for entries in actors.phrases.values():
        for entry in entries:
            kinds[entry.kind] = kinds.get(entry.kind, 0) + 1
    out.print(f"CAMEO event codes: {len(ontology.event_types)}")
    by_kind = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    out.print(f"actor phrases: {len(actors.phrases)} ({by_kind})")
    out.print(f"sector nouns: {len(actors.sector_nouns)}, role nouns: {len(actors.role_nouns)}")
    triggers = f"{len(events.verbs)} verb and {len(events.nouns)} noun triggers"
    out.print(f"event patterns: {events.size} ({triggers})")


def _register_commands() -> None:
    """Commands that live in their own modules (casus.commands.*)."""
    from casus.commands import actors, analysis, serve

    analysis.register(app)
    serve.register(app)
    actors.register(app)


_register_commands()


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
