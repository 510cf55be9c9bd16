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

logger = logging.getLogger(__name__)

FORMATS = ("csv", "jsonl", "parquet")

Row = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # "str" | "int" | "float" | "date"
    get: Callable[[Row], Any]


def _field(key: str, kind: str = "str", name: str | None = None) -> Column:
    return Column(name or key, kind, lambda row: row[key])


def _place(key: str, kind: str = "str") -> Column:
    def get(row: Row) -> Any:
        place = row["place"]
        return place.get(key) if isinstance(place, dict) else None

    return Column(f"place_{key}", kind, get)


def _event_id(row: Row) -> str | None:
    value: str | None = row["event_id"]
    return value


def _actor_columns(side: str) -> list[Column]:
    return [
        _field(f"{side}_code"),
        _field(f"{side}_name"),
        _field(f"{side}_text"),
        _field(f"{side}_start", "int"),
        _field(f"{side}_end", "int"),
        _field(f"{side}_country"),
        _field(f"{side}_sector"),
        _field(f"{side}_org"),
    ]


CASUS_COLUMNS: tuple[Column, ...] = (
    Column("event_id", "str", _event_id),
    _field("article_id"),
    _field("position", "int"),
    _field("article_doc_id"),
    _field("article_url"),
    _field("article_title"),
    _field("article_published", "date"),
    _field("article_outlet"),
    _field("article_genre"),
    _field("doc_id"),
    _field("sentence_index", "int"),
    _field("sentence"),
    *_actor_columns("source"),
    *_actor_columns("target"),
    _field("cameo"),
    _field("root"),
    _field("cameo_name"),
    _field("goldstein", "float"),
    _field("quad_class", "int"),
    _field("plover_event"),
    _field("plover_mode"),
    _field("modality"),
    _field("attribution_code"),
    _field("attribution_name"),
    _field("attribution_text"),
    _place("text"),
    _place("start", "int"),
    _place("end", "int"),
    _place("country"),
    _place("method"),
    _field("place_name"),
    _field("place_kind"),
    _place("admin1"),
    _field("place_lat", "float"),
    _field("place_lon", "float"),
    _field("date"),
    _field("date_precision"),
    Column("date_historical", "int", lambda row: _flag(row["date_historical"])),
    _field("day", "date"),
    _field("evidence_trigger"),
    _field("evidence_start", "int"),
    _field("evidence_end", "int"),
    _field("evidence_rule"),
    Column("evidence_conventions", "str", lambda row: _joined(row["evidence_conventions"])),
    _field("confidence", "float"),
    _field("group_id", "int", name="group"),
)


DEDUP_COLUMNS: tuple[Column, ...] = (
    _field("dedup_n_events", "int", name="n_events"),
    _field("dedup_n_articles", "int", name="n_articles"),
    _field("dedup_n_outlets", "int", name="n_outlets"),
    _field("dedup_n_stories", "int", name="n_stories"),
    _field("dedup_first_day", "date", name="first_day"),
    _field("dedup_last_day", "date", name="last_day"),
)


def _day_part(part: str) -> Callable[[Row], Any]:
    def get(row: Row) -> Any:
        day: dt.date | None = row["day"]
        if day is None:
            return None
        if part == "date":
            return day.strftime("%Y%m%d")
        return getattr(day, part)

    return get


def _empty(_row: Row) -> None:
    return None


def _joined(values: Any) -> str | None:
    return ";".join(str(v) for v in values) if values else None


def _flag(value: Any) -> int | None:
    return None if value is None else int(bool(value))


def _location_name(row: Row) -> Any:
    if row["place_name"]:
        return row["place_name"]
    place = row["place"]
    return place.get("text") if isinstance(place, dict) else None


def _state_name(row: Row) -> Any:
    place = row["place"]
    if not isinstance(place, dict) or place.get("kind") not in ("city", "admin1"):
        return None
    return place.get("admin1")


PHOENIX_COLUMNS: tuple[Column, ...] = (
    Column("EventID", "str", _event_id),
    Column("Date", "str", _day_part("date")),
    Column("Year", "int", _day_part("year")),
    Column("Month", "int", _day_part("month")),
    Column("Day", "int", _day_part("day")),
    _field("source_code", name="SourceActorFull"),
    _field("source_country", name="SourceActorEntity"),
    _field("source_sector", name="SourceActorRole"),
    _field("source_org", name="SourceActorAttribute"),
    _field("target_code", name="TargetActorFull"),
    _field("target_country", name="TargetActorEntity"),
    _field("target_sector", name="TargetActorRole"),
    _field("target_org", name="TargetActorAttribute"),
    _field("cameo", name="EventCode"),
    _field("root", name="EventRootCode"),
    _field("quad_class", "int", name="QuadClass"),
    _field("goldstein", "float", name="GoldsteinScore"),
    Column("Issues", "str", _empty),
    _field("place_lat", "float", name="Lat"),
    _field("place_lon", "float", name="Lon"),
    Column("LocationName", "str", _location_name),
    Column("StateName", "str", _state_name),
    _field("place_country", name="CountryCode"),
    Column("SentenceID", "str", lambda row: f"{row['article_id']}_{row['sentence_index']}"),
    _field("article_url", name="URLs"),
    _field("article_outlet", name="NewsSources"),
)


def _casus_record(row: Row, dedup: bool) -> dict[str, Any]:
    """The JSON event schema object of a row, with its "dedup" counts when `dedup`."""
    from casus.store.canonical import dedup_dict
    from casus.store.rows import StoredEvent

    record = StoredEvent.from_row(row).to_dict()
    if dedup:
        record["dedup"] = dedup_dict(row)
    return record


@dataclass(frozen=True, slots=True)
class Layout:
    """An export layout: its columns (CSV, Parquet) and its JSON Lines records."""

    name: str
    help: str  # what `casus export --layout` says of it
    columns: tuple[Column, ...]
    dedup_columns: tuple[Column, ...] = ()  # appended to `columns` for canonical events
    # A JSON Lines record of (row, dedup); None: an object of the columns.
    record: Callable[[Row, bool], Mapping[str, Any]] | None = None


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
    rows = store.iter_rows(filters, chunk=min(chunk, 5000), dedup=dedup)
    if fmt == "parquet":
        return _write_parquet(rows, out, columns, chunk=max(1, chunk))
    with _text_output(out) as fh:
        if fmt == "csv":
            return _write_csv(rows, fh, columns, raw=raw_cells)
        record = chosen.record
        if record is not None:
            return _write_jsonl((record(row, dedup) for row in rows), fh)
        return _write_jsonl(({c.name: c.get(row) for c in columns} for row in rows), fh)


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
    rows: Iterable[Row], fh: IO[str], columns: tuple[Column, ...], *, raw: bool = False
) -> int:
    writer = CsvWriter(fh)
    writer.writerow([c.name for c in columns])
    n = 0
    for row in rows:
        writer.writerow([csv_cell(c.get(row), raw=raw) for c in columns])
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
    rows: Iterable[Row], out: Path | str | IO[Any], columns: tuple[Column, ...], *, chunk: int
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
        for row in rows:
            for values, column in zip(buffer, columns, strict=True):
                values.append(column.get(row))
            n += 1
            if len(buffer[0]) >= chunk:
                writer.write_table(_table(buffer, columns, schema))
                buffer = [[] for _ in columns]
        if buffer[0] or n == 0:
            writer.write_table(_table(buffer, columns, schema))
    return n
