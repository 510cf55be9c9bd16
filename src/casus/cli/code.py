"""`casus code`: code files or JSON Lines records and print the events (a table or JSON Lines);
nothing is stored."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from casus.cli.options import (
    DEFAULT_TIME_BUDGET,
    Conventions,
    MinConfidence,
    Ner,
    TimeBudget,
    fail,
    stdout,
)
from casus.extract import InputError, article_id, extract, read_file
from casus.model import Article, Event, RawDoc, event_ids


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
        if name == "-":
            yield RawDoc("-", sys.stdin.buffer.read(), date=date, id=name)
            continue
        if Path(name).is_dir() or _holds_records(name):
            yield from _read_sources(name, date=date)
            continue
        try:
            raw = read_file(Path(name))
        except InputError as exc:
            yield name, str(exc)
            continue
        yield RawDoc(raw.name, raw.content, date=date, id=name)


def _holds_records(name: str) -> bool:
    """Whether a file is a dump of records (JSON Lines, CSV, WARC, a feed), by suffix or
    first bytes: each record is an article of its own, not one page."""
    from casus.readers.formats import format_from_name, sniff

    fmt = format_from_name(name)
    if fmt is None:
        try:
            with open(name, "rb") as handle:
                fmt = sniff(handle.read(4096))
        except OSError:
            return False  # read_file says why, in the usual words
    return fmt not in {"html", "text"}


def _read_sources(name: str, *, date: dt.date | None) -> Iterator[RawDoc | tuple[str, str]]:
    """A directory's files or a dump's records, read as `casus ingest` reads them."""
    from casus.readers import ReadFailure, read_sources

    for item in read_sources([name], date=date):
        if isinstance(item, ReadFailure):
            yield item.name, item.reason
        else:
            yield item if item.id is not None else dataclasses.replace(item, id=item.name)


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
    console = (
        Console(width=max(stdout.width, 150), emoji=False) if not stdout.is_terminal else stdout
    )
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


def code_command(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files or directories, or - for stdin. Text and HTML files are articles; "
            "JSON Lines, CSV, WARC and feeds (by suffix or content) hold one per record."
        ),
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
    negated: Annotated[
        bool,
        typer.Option(
            "--negated/--no-negated",
            help="Also output acts the text says did not happen (modality negated).",
        ),
    ] = False,
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
                if e.modality == "negated" and not negated:
                    continue
                record = {"event_id": event_id, **e.to_dict()}
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            shown = [e for e in named if negated or e.modality != "negated"]
            _print_events(article.source_name or article.id, article.title, shown)
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


def register(app: typer.Typer) -> None:
    """Add `code` to the casus CLI."""
    app.command("code")(code_command)
