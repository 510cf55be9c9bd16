"""Export stored events as CSV, JSON Lines or Parquet, in casus's layout or Phoenix's.

Rows stream from the store and are written in chunks, so an export never holds the whole
corpus in memory. Parquet files get the explicit schemas below.

`casus` layout
    jsonl: one JSON event schema object a line (see the README) with its "article" object
    (id, doc_id, url, title, published, outlet, genre).
    csv/parquet: the flat columns of `CASUS_COLUMNS`: `event_id` (article id + "-" +
    position), `article_id`, `position` (the event's index within its article), the
    article's fields as `article_*`, then every field of the event schema flattened
    (`source_code` … `source_end` plus the actor code's `source_country/sector/org`, the same
    for `target_`, `plover_event/mode`, `attribution_code/name/text`,
    `place_text/start/end/country/method`, `evidence_trigger/start/end/rule`), `date` (the
    coder's event date, usually empty) and `day` (event date, else publication date).

`phoenix` layout (csv, jsonl or parquet), the flat column set of the Phoenix / ICEWS-style
event files, so existing analysis scripts keep working:
    filled: EventID (article id + "-" + position), Date (YYYYMMDD of the event's day: its
    own date, else the article's publication date), Year, Month, Day, SourceActorFull /
    TargetActorFull (the full CAMEO actor code), SourceActorEntity / TargetActorEntity (the
    code's country or IGO part), SourceActorRole / TargetActorRole (the sector part, e.g.
    GOV, MIL), SourceActorAttribute / TargetActorAttribute (the organisation part, e.g.
    TAL), EventCode, EventRootCode, QuadClass (1–4), GoldsteinScore, LocationName and
    CountryCode (the place named in the sentence, when there is one), SentenceID (article id
    + "_" + sentence index), URLs (the article URL), NewsSources (the outlet: the record's
    outlet, else the URL's host).
    empty: Issues, Lat, Lon and StateName (casus does no issue coding or geocoding yet), and
    the date columns of an undated event in an undated article.

`dedup=True` writes canonical events only (see `casus.dedup`): one row per reported event.
The casus csv/parquet layout then ends with `n_events`, `n_articles`, `n_outlets`,
`n_stories`, `first_day`, `last_day`, and each jsonl object gets a "dedup" object with them.
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
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from casus.store import EventFilter, Store
from casus.store.canonical import dedup_dict
from casus.store.rows import event_dict

logger = logging.getLogger(__name__)

FORMATS = ("csv", "jsonl", "parquet")
LAYOUTS = ("casus", "phoenix")

Row = Mapping[str, Any]

_ARROW_TYPES = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.date32()}


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


def _event_id(row: Row) -> str:
    return f"{row['article_id']}-{row['position']}"


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
    _field("date"),
    _field("day", "date"),
    _field("evidence_trigger"),
    _field("evidence_start", "int"),
    _field("evidence_end", "int"),
    _field("evidence_rule"),
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
    Column("Lat", "float", _empty),
    Column("Lon", "float", _empty),
    Column("LocationName", "str", _place("text").get),
    Column("StateName", "str", _empty),
    Column("CountryCode", "str", _place("country").get),
    Column("SentenceID", "str", lambda row: f"{row['article_id']}_{row['sentence_index']}"),
    _field("article_url", name="URLs"),
    _field("article_outlet", name="NewsSources"),
)


def arrow_schema(columns: Iterable[Column]) -> pa.Schema:
    return pa.schema([pa.field(c.name, _ARROW_TYPES[c.type]) for c in columns])


def export_events(
    store: Store,
    out: Path | str | IO[Any],
    *,
    fmt: str,
    filters: EventFilter | None = None,
    layout: str = "casus",
    chunk: int = 10_000,
    dedup: bool = False,
) -> int:
    """Write the events matching `filters` to a path or open file; return the rows written.

    A text file object suits csv/jsonl, a binary one any format. `dedup`: canonical events.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    columns = CASUS_COLUMNS if layout == "casus" else PHOENIX_COLUMNS
    if dedup and layout == "casus":
        columns = (*columns, *DEDUP_COLUMNS)
    rows = store.iter_rows(filters or EventFilter(), chunk=min(chunk, 5000), dedup=dedup)
    if fmt == "parquet":
        return _write_parquet(rows, out, columns, chunk=max(1, chunk))
    with _text_output(out) as fh:
        if fmt == "csv":
            return _write_csv(rows, fh, columns)
        if layout == "casus" and dedup:
            return _write_jsonl(({**event_dict(r), "dedup": dedup_dict(r)} for r in rows), fh)
        if layout == "casus":
            return _write_jsonl((event_dict(row) for row in rows), fh)
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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _write_csv(rows: Iterable[Row], fh: IO[str], columns: tuple[Column, ...]) -> int:
    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    n = 0
    for row in rows:
        writer.writerow([_text(c.get(row)) for c in columns])
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
