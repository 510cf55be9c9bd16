"""Export stored events as CSV, JSON Lines or Parquet, in casus's layout or Phoenix's.

Rows stream from the store and are written in chunks, so an export never holds the whole
corpus in memory. Parquet files get the explicit schemas below.

Event identity: `event_id` (casus layout) and `EventID` (Phoenix layout) are the event's
stable id, the same `"event_id"` that `casus code` and the REST API write (see
`casus.model.event_ids`: a hash of the article's text id, the sentence, the trigger, the
code and the actors' spans).

`casus` layout
    jsonl: one JSON event schema object a line (see the README), starting with its
    "event_id", with its "article" object (id, doc_id, url, title, published, outlet, genre).
    csv/parquet: the flat columns of `CASUS_COLUMNS`: `event_id`, `article_id`, `position`
    (the event's index within its article), the article's fields as `article_*`, then
    every field of the event schema flattened (`source_code` … `source_end` plus the actor
    code's `source_country/sector/org`, the same for `target_`, `plover_event/mode`,
    `attribution_code/name/text`, the place as `place_text/start/end/country/method` and
    the resolved `place_name/kind/admin1/lat/lon`, `evidence_trigger/start/end/rule` and
    `evidence_conventions` (names joined by ";")), `date` (the coder's event date, usually
    empty) with its `date_precision` and `date_historical`, and `day` (event date, else
    publication date).

`phoenix` layout (csv, jsonl or parquet), the flat column set of the Phoenix / ICEWS-style
event files, so existing analysis scripts keep working. Every column casus knows is filled:
    EventID (the stable event id), Date (YYYYMMDD of the event's day: its own date, else
    the article's publication date), Year, Month, Day, SourceActorFull / TargetActorFull
    (the full CAMEO actor code), SourceActorEntity / TargetActorEntity (the code's country
    or IGO part), SourceActorRole / TargetActorRole (the sector part, e.g. GOV, MIL),
    SourceActorAttribute / TargetActorAttribute (the organisation part, e.g. TAL),
    EventCode, EventRootCode, QuadClass (1–4), GoldsteinScore, Lat and Lon (the
    coordinates of the event's place from casus's offline gazetteer, when it has them),
    LocationName (the resolved place name, else the text it came
    from), StateName (the place's first-level subdivision, for a city or province),
    CountryCode (the place's country), SentenceID (article id + "_" + sentence index), URLs
    (the article URL: the caller's, else the page's canonical link or og:url), NewsSources
    (the outlet: the caller's, else the page's og:site_name, else the URL's host).
    Left empty: Issues (casus does no issue coding), the place columns of an event with no
    place, URLs and NewsSources of plain text given without them, and the date columns of
    an undated event in an undated article.

The layouts are the rows of `EXPORT_LAYOUTS` (the choices of `casus export --layout`): a
new layout is a new row.

`dedup=True` writes canonical events only (see `casus.analysis.dedup`): one row per reported event.
The casus csv/parquet layout then ends with `n_events`, `n_articles`, `n_outlets`,
`n_stories`, `first_day`, `last_day`, and each jsonl object gets a "dedup" object with them.

Spreadsheet safety: CSV cells that a spreadsheet would run as a formula (text starting with
`=`, `+`, `-`, `@`, a tab or a carriage return, e.g. `=HYPERLINK(...)` in a quoted
sentence) get a leading `'` (`spreadsheet_safe`; numbers such as `-2.5` are left alone).
The web app's CSV download does the same. `raw_cells=True` (`casus export --raw-cells`)
writes the values unchanged for programs that read CSV as data. JSON Lines and Parquet
always hold the values unchanged.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

# pyarrow and the store load when an export runs, not when the CLI reads the layouts.
if TYPE_CHECKING:
    import pyarrow as pa

    from casus.dataset import ParquetEvents
    from casus.store import EventFilter, Store
    from casus.store.rows import StoredEvent

logger = logging.getLogger(__name__)

FORMATS = ("csv", "jsonl", "parquet")


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a flat layout: its name, its type and its value in a stored event."""

    name: str
    type: str  # "str" | "int" | "float" | "date"
    get: Callable[[StoredEvent], Any]


def _actor_part(side: str, part: str, kind: str = "str", name: str | None = None) -> Column:
    """A field of one actor slot (`StoredActor`), named `{side}_{part}` unless `name`."""

    def get(ev: StoredEvent) -> Any:
        actor = ev.source if side == "source" else ev.target
        return getattr(actor, part) if actor is not None else None

    return Column(name or f"{side}_{part}", kind, get)


def _actor_columns(side: str) -> list[Column]:
    return [
        _actor_part(side, "code"),
        _actor_part(side, "name"),
        _actor_part(side, "text"),
        _actor_part(side, "start", "int"),
        _actor_part(side, "end", "int"),
        _actor_part(side, "country"),
        _actor_part(side, "sector"),
        _actor_part(side, "org"),
    ]


def _attribution(part: str) -> Column:
    def get(ev: StoredEvent) -> Any:
        who = ev.attribution
        return getattr(who, part) if who is not None else None

    return Column(f"attribution_{part}", "str", get)


def _place(key: str, kind: str = "str") -> Column:
    """A field of the place's JSON (what it was read from, and its first subdivision)."""

    def get(ev: StoredEvent) -> Any:
        place = ev.place
        return place.get(key) if isinstance(place, dict) else None

    return Column(f"place_{key}", kind, get)


def _event_id(ev: StoredEvent) -> str:
    return ev.event_id


def _canonical(name: str, kind: str) -> Column:
    def get(ev: StoredEvent) -> Any:
        return getattr(ev.canonical, name) if ev.canonical is not None else None

    return Column(name, kind, get)


CASUS_COLUMNS: tuple[Column, ...] = (
    Column("event_id", "str", _event_id),
    Column("article_id", "str", lambda ev: ev.article.id),
    Column("position", "int", lambda ev: ev.position),
    Column("article_doc_id", "str", lambda ev: ev.article.doc_id),
    Column("article_url", "str", lambda ev: ev.article.url),
    Column("article_title", "str", lambda ev: ev.article.title),
    Column("article_published", "date", lambda ev: ev.article.published),
    Column("article_outlet", "str", lambda ev: ev.article.outlet),
    Column("article_genre", "str", lambda ev: ev.article.genre),
    Column("doc_id", "str", lambda ev: ev.doc_id),
    Column("sentence_index", "int", lambda ev: ev.sentence_index),
    Column("sentence", "str", lambda ev: ev.sentence),
    *_actor_columns("source"),
    *_actor_columns("target"),
    Column("cameo", "str", lambda ev: ev.cameo),
    Column("root", "str", lambda ev: ev.root),
    Column("cameo_name", "str", lambda ev: ev.cameo_name),
    Column("goldstein", "float", lambda ev: ev.goldstein),
    Column("quad_class", "int", lambda ev: ev.quad_class),
    Column("plover_event", "str", lambda ev: ev.plover_event),
    Column("plover_mode", "str", lambda ev: ev.plover_mode),
    Column("modality", "str", lambda ev: ev.modality),
    _attribution("code"),
    _attribution("name"),
    _attribution("text"),
    _place("text"),
    _place("start", "int"),
    _place("end", "int"),
    _place("country"),
    _place("method"),
    Column("place_name", "str", lambda ev: ev.located.name),
    Column("place_kind", "str", lambda ev: ev.located.kind),
    _place("admin1"),
    Column("place_lat", "float", lambda ev: ev.located.lat),
    Column("place_lon", "float", lambda ev: ev.located.lon),
    Column("date", "str", lambda ev: ev.date),
    Column("date_precision", "str", lambda ev: ev.dated.precision),
    Column("date_historical", "int", lambda ev: _flag(ev.dated.historical)),
    Column("day", "date", lambda ev: ev.dated.day),
    Column("evidence_trigger", "str", lambda ev: ev.evidence.trigger),
    Column("evidence_start", "int", lambda ev: ev.evidence.start),
    Column("evidence_end", "int", lambda ev: ev.evidence.end),
    Column("evidence_rule", "str", lambda ev: ev.evidence.rule),
    Column("evidence_conventions", "str", lambda ev: _joined(ev.evidence.conventions)),
    Column("confidence", "float", lambda ev: ev.confidence),
    Column("group", "int", lambda ev: ev.group),
)


DEDUP_COLUMNS: tuple[Column, ...] = (
    _canonical("n_events", "int"),
    _canonical("n_articles", "int"),
    _canonical("n_outlets", "int"),
    _canonical("n_stories", "int"),
    _canonical("first_day", "date"),
    _canonical("last_day", "date"),
)


def _day_part(part: str) -> Callable[[StoredEvent], Any]:
    def get(ev: StoredEvent) -> Any:
        day = ev.dated.day
        if day is None:
            return None
        if part == "date":
            return day.strftime("%Y%m%d")
        return getattr(day, part)

    return get


def _empty(_ev: StoredEvent) -> None:
    return None


def _joined(values: Iterable[Any]) -> str | None:
    return ";".join(str(v) for v in values) if values else None


def _flag(value: Any) -> int | None:
    return None if value is None else int(bool(value))


def _location_name(ev: StoredEvent) -> Any:
    if ev.located.name:
        return ev.located.name
    place = ev.place
    return place.get("text") if isinstance(place, dict) else None


def _state_name(ev: StoredEvent) -> Any:
    place = ev.place
    if not isinstance(place, dict) or place.get("kind") not in ("city", "admin1"):
        return None
    return place.get("admin1")


def _phoenix_actor(side: str) -> list[Column]:
    """SourceActorFull … TargetActorAttribute: the actor code and its parts."""
    prefix = f"{side.capitalize()}Actor"
    return [
        _actor_part(side, "code", name=f"{prefix}Full"),
        _actor_part(side, "country", name=f"{prefix}Entity"),
        _actor_part(side, "sector", name=f"{prefix}Role"),
        _actor_part(side, "org", name=f"{prefix}Attribute"),
    ]


PHOENIX_COLUMNS: tuple[Column, ...] = (
    Column("EventID", "str", _event_id),
    Column("Date", "str", _day_part("date")),
    Column("Year", "int", _day_part("year")),
    Column("Month", "int", _day_part("month")),
    Column("Day", "int", _day_part("day")),
    *_phoenix_actor("source"),
    *_phoenix_actor("target"),
    Column("EventCode", "str", lambda ev: ev.cameo),
    Column("EventRootCode", "str", lambda ev: ev.root),
    Column("QuadClass", "int", lambda ev: ev.quad_class),
    Column("GoldsteinScore", "float", lambda ev: ev.goldstein),
    Column("Issues", "str", _empty),
    Column("Lat", "float", lambda ev: ev.located.lat),
    Column("Lon", "float", lambda ev: ev.located.lon),
    Column("LocationName", "str", _location_name),
    Column("StateName", "str", _state_name),
    Column("CountryCode", "str", lambda ev: ev.located.country),
    Column("SentenceID", "str", lambda ev: f"{ev.article.id}_{ev.sentence_index}"),
    Column("URLs", "str", lambda ev: ev.article.url),
    Column("NewsSources", "str", lambda ev: ev.article.outlet),
)


def _casus_record(ev: StoredEvent) -> dict[str, Any]:
    """The JSON event schema object of an event, with its "dedup" counts when it has them."""
    return ev.to_dict()


@dataclass(frozen=True, slots=True)
class Layout:
    """An export layout: its columns (CSV, Parquet) and its JSON Lines records."""

    name: str
    help: str  # what `casus export --layout` says of it
    columns: tuple[Column, ...]
    dedup_columns: tuple[Column, ...] = ()  # appended to `columns` for canonical events
    # A JSON Lines record of an event; None: an object of the columns.
    record: Callable[[StoredEvent], Mapping[str, Any]] | None = None


EXPORT_LAYOUTS: tuple[Layout, ...] = (
    Layout("casus", "the event schema", CASUS_COLUMNS, DEDUP_COLUMNS, _casus_record),
    Layout("phoenix", "Phoenix/ICEWS columns", PHOENIX_COLUMNS),
)
LAYOUTS = tuple(layout.name for layout in EXPORT_LAYOUTS)


def arrow_schema(columns: Iterable[Column]) -> pa.Schema:
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.date32()}
    return pa.schema([pa.field(c.name, types[c.type]) for c in columns])


def export_events(
    store: Store | ParquetEvents,
    out: Path | str | IO[Any],
    *,
    fmt: str,
    filters: EventFilter | None = None,
    layout: str = "casus",
    chunk: int = 10_000,
    dedup: bool = False,
    raw_cells: bool = False,
) -> int:
    """Write the events matching `filters` to a path or open file; return the rows written.

    A text file object suits csv/jsonl, a binary one any format. `dedup`: canonical events.
    CSV cells that would be spreadsheet formulas get a leading `'` unless `raw_cells`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    chosen = next((lay for lay in EXPORT_LAYOUTS if lay.name == layout), None)
    if chosen is None:
        raise ValueError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    columns = (*chosen.columns, *chosen.dedup_columns) if dedup else chosen.columns
    if filters is None:
        from casus.store import EventFilter

        filters = EventFilter()
    from casus.store.rows import StoredEvent

    rows = store.iter_rows(filters, chunk=min(chunk, 5000), dedup=dedup)
    events = map(StoredEvent.from_row, rows)
    if fmt == "parquet":
        return _write_parquet(events, out, columns, chunk=max(1, chunk))
    with _text_output(out) as fh:
        if fmt == "csv":
            return _write_csv(events, fh, columns, raw=raw_cells)
        record = chosen.record
        if record is not None:
            return _write_jsonl(map(record, events), fh)
        return _write_jsonl(({c.name: c.get(ev) for c in columns} for ev in events), fh)


@contextlib.contextmanager
def _text_output(out: Path | str | IO[Any]) -> Iterator[IO[str]]:
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            yield fh
    elif isinstance(out, io.TextIOBase) or hasattr(out, "encoding"):
        yield out
    else:
        wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")
        try:
            yield wrapper
        finally:
            wrapper.flush()
            wrapper.detach()  # the caller owns the binary file


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading `'` when it would be a formula.

    Cells starting with `=`, `+`, `-`, `@`, a tab or a carriage return are formulas (or
    become them) in Excel, LibreOffice and Google Sheets; numbers ("-2.5") are left alone.
    """
    if text.startswith(_FORMULA_STARTS) and not _numeric(text):
        return "'" + text
    return text


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_cell(value: Any, *, raw: bool = False) -> str:
    """A value as CSV text: "" for None, ISO dates, and `spreadsheet_safe` unless `raw`."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return text if raw else spreadsheet_safe(text)


class CsvWriter:
    """csv.writer with "\n" line ends that also quotes fields holding a carriage return.

    (Python's writer quotes only the line terminator's characters, so a lone "\r" in a
    title would otherwise end the row for every reader.)
    """

    def __init__(self, fh: IO[str]) -> None:
        self._plain = csv.writer(fh, lineterminator="\n")
        self._quoted = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, cells: list[str]) -> None:
        if any("\r" in cell for cell in cells):
            self._quoted.writerow(cells)
        else:
            self._plain.writerow(cells)


def _write_csv(
    events: Iterable[StoredEvent], fh: IO[str], columns: tuple[Column, ...], *, raw: bool = False
) -> int:
    writer = CsvWriter(fh)
    writer.writerow([c.name for c in columns])
    n = 0
    for ev in events:
        writer.writerow([csv_cell(c.get(ev), raw=raw) for c in columns])
        n += 1
    return n


def _json_default(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _write_jsonl(records: Iterable[Mapping[str, Any]], fh: IO[str]) -> int:
    n = 0
    for record in records:
        fh.write(json.dumps(record, ensure_ascii=False, default=_json_default))
        fh.write("\n")
        n += 1
    return n


def _table(buffer: list[list[Any]], columns: tuple[Column, ...], schema: pa.Schema) -> pa.Table:
    import pyarrow as pa

    return pa.Table.from_pydict(
        {c.name: values for c, values in zip(columns, buffer, strict=True)}, schema=schema
    )


def _write_parquet(
    events: Iterable[StoredEvent],
    out: Path | str | IO[Any],
    columns: tuple[Column, ...],
    *,
    chunk: int,
) -> int:
    if not isinstance(out, str | Path) and (
        isinstance(out, io.TextIOBase) or hasattr(out, "encoding")
    ):
        raise ValueError("parquet output needs a path or a binary file, not a text stream")
    import pyarrow.parquet as pq

    schema = arrow_schema(columns)
    sink = str(out) if isinstance(out, str | Path) else out
    n = 0
    with pq.ParquetWriter(sink, schema) as writer:
        buffer: list[list[Any]] = [[] for _ in columns]
        for ev in events:
            for values, column in zip(buffer, columns, strict=True):
                values.append(column.get(ev))
            n += 1
            if len(buffer[0]) >= chunk:
                writer.write_table(_table(buffer, columns, schema))
                buffer = [[] for _ in columns]
        if buffer[0] or n == 0:
            writer.write_table(_table(buffer, columns, schema))
    return n
