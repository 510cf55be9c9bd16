"""The casus command line: a thin layer over the library."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from casus.extract import InputError, RawDoc, extract, read_file
from casus.model import Article, Event

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Political event data from news text."
)
out = Console()


class OutputFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


def _fail(name: str, reason: str) -> None:
    typer.echo(f"casus: {name}: {reason}", err=True)


def _jsonl_records(path: str) -> Iterator[RawDoc | tuple[str, str]]:
    """Yield RawDocs from a JSON Lines file; a bad line yields (name, reason) instead."""
    handle = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="strict")  # noqa: SIM115
    try:
        for n, line in enumerate(handle, 1):
            name = f"{path}:{n}"
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield name, f"broken JSON ({exc.msg} at column {exc.colno})"
                continue
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                yield name, 'expected an object with a "text" string'
                continue
            date = None
            if obj.get("date"):
                try:
                    date = dt.date.fromisoformat(str(obj["date"])[:10])
                except ValueError:
                    yield name, f"bad date {obj['date']!r} (expected YYYY-MM-DD)"
                    continue
            yield RawDoc(
                name=str(obj.get("id") or name),
                content=obj["text"],
                date=date,
                title=obj.get("title"),
                url=obj.get("url"),
                id=str(obj["id"]) if obj.get("id") is not None else None,
            )
    except UnicodeDecodeError as exc:
        yield path, f"not valid UTF-8 (byte {exc.start})"
    except OSError as exc:
        yield path, f"cannot read: {exc.strerror}"
    finally:
        if handle is not sys.stdin:
            handle.close()


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


def _articles(
    inputs: list[str], *, jsonl: bool, date: dt.date | None, failures: list[str]
) -> Iterator[Article]:
    for item in _raw_docs(inputs, jsonl=jsonl, date=date):
        if isinstance(item, tuple):
            _fail(*item)
            failures.append(item[0])
            continue
        try:
            yield extract(item)
        except InputError as exc:
            _fail(item.name, str(exc))
            failures.append(item.name)


def _actor_cell(ref: Any) -> str:
    if ref is None:
        return "-"
    return f"{ref.actor.code or '?'} [dim]{escape(ref.text)}[/dim]"


def _print_events(doc_id: str, title: str | None, events: list[Event]) -> None:
    """One table per article, wide enough to read on any terminal or in a log."""
    console = Console(width=max(out.width, 150)) if not out.is_terminal else out
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
    coder = Coder(
        actor_dictionaries=dictionary or (),
        event_dictionaries=events_dictionary or (),
        options=CodingOptions(require_source=require_source),
    )
    failures: list[str] = []
    articles = _articles(inputs or [], jsonl=jsonl, date=published, failures=failures)
    for article, events in coder.code_many(articles):
        named = [_with_doc_id(e, article) for e in events]
        if fmt is OutputFormat.jsonl:
            for e in named:
                sys.stdout.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
        else:
            _print_events(article.source_name or article.id, article.title, named)
    if failures:
        raise typer.Exit(1)


def _with_doc_id(event: Event, article: Article) -> Event:
    from dataclasses import replace

    doc_id = article.source_name or article.id
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
        _fail(str(gold), "no such file")
        raise typer.Exit(2)
    try:
        sentences = list(read_gold(gold))
    except GoldFormatError as exc:
        _fail(str(gold), str(exc))
        raise typer.Exit(2) from None
    report = evaluate(Coder(), sentences, keep_errors=errors)
    data = report.as_dict()
    if as_json:
        out.print_json(json.dumps(data))
    else:
        out.print(format_report(data), markup=False, highlight=False)
    for item in report.errors:
        out.print(json.dumps(item, ensure_ascii=False), markup=False, highlight=False)


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


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
