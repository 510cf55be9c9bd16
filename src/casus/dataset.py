"""Events as a Hive-partitioned Parquet dataset: `casus ingest … --out events/`.

Every coded chunk becomes one file per (year, month) of its events' days,
`events/year=2024/month=03/part-<run>-<n>.parquet` (undated events: year=0/month=0),
written to a temporary name and renamed into place, so a reader never sees half a file.
A row holds the same fields as a row of `Store.iter_rows` (the `events` columns plus the
article's as `article_<field>`), so `casus export --parquet events/` writes the same
records as `casus export --db`. The dataset is read with DuckDB: one SQL query over every
file, in the store's default order, streamed in batches.

Aggregates (`casus aggregate … --parquet`) run the very SQLAlchemy statements that
`casus.analysis.aggregate` runs on a database: `ParquetEvents.engine` compiles them with
SQLAlchemy's PostgreSQL dialect (whose SQL DuckDB speaks: `date_trunc`, `::` casts, `$n`
parameters) and executes them in DuckDB over a view named `events`, so both paths count with
one query text and cannot drift apart.

Canonical events (`--dedup`): story clusters need the articles' texts, which the dataset does
not hold, so they are made where the texts are: `casus dedup --db corpus.db --out events/`
deduplicates the database, then copies its links into `events/_dedup/canonical.parquet`
(one row per linked event: its stable `event_id`, its canonical event's, and the canonical
event's counts on the representative's row). Reading with `dedup` joins that file as the
database joins `event_links` and `canonical_events` (`casus.store.canonical`): an event with
no link (coded after that `casus dedup`) counts as its own canonical event. The aggregates
see the file as the views `event_links` and `canonical_events`, and the events view gets
`id` = `event_id`, so `canonical_only` runs unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import namedtuple
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from casus.store.rows import ARTICLE_COLUMNS, ArticleRows

if TYPE_CHECKING:
    from casus.store.stats import CorpusStats

_ARTICLE_FIELDS = ("doc_id", "url", "title", "published", "outlet", "genre")
_JSON_COLUMNS = ("place", "date_detail", "evidence_conventions")
# event files only: the canonical links (`_dedup/`) are no partition of the events
_EVENT_FILES = "year=*/month=*/*.parquet"
DEDUP_FILE = Path("_dedup") / "canonical.parquet"
NO_CANONICAL = (
    "no canonical events in this dataset: run `casus dedup --db DATABASE --out DATASET` "
    "(the database it was ingested with)"
)


def flat_rows(coded: ArticleRows) -> list[dict[str, Any]]:
    """An article's events as flat rows (the shape of `Store.iter_rows`)."""
    art = dict(zip(ARTICLE_COLUMNS, coded.article, strict=True))
    extra = {f"article_{name}": art[name] for name in _ARTICLE_FIELDS}
    rows = []
    for row in coded.event_rows():
        for column in _JSON_COLUMNS:
            row[column] = json.dumps(row[column]) if row[column] is not None else None
        rows.append({**row, **extra})
    return rows


class DatasetWriter:
    """Writes each batch of coded articles as one file per year and month."""

    def __init__(self, root: Path, run_id: int) -> None:
        self.root = root
        self.run_id = run_id
        self.files = 0
        root.mkdir(parents=True, exist_ok=True)

    def write(self, coded: Iterable[ArticleRows]) -> int:
        parts: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for item in coded:
            for row in flat_rows(item):
                day = row["day"]
                parts.setdefault((day.year, day.month) if day else (0, 0), []).append(row)
        for (year, month), rows in sorted(parts.items()):
            folder = self.root / f"year={year}" / f"month={month:02}"
            folder.mkdir(parents=True, exist_ok=True)
            name = f"part-{self.run_id}-{self.files:06}.parquet"
            tmp = folder / f".{name}.tmp"
            pq.write_table(pa.Table.from_pylist(rows), tmp)
            os.replace(tmp, folder / name)
            self.files += 1
        return sum(len(rows) for rows in parts.values())


class ParquetEvents:
    """A Parquet event dataset read with DuckDB; `iter_rows` as `Store.iter_rows`, and
    `dialect`/`engine` as a `Store`'s for the aggregates of `casus.analysis.aggregate`."""

    dialect = "duckdb"

    def __init__(self, root: Path) -> None:
        if not any(root.glob(_EVENT_FILES)):
            raise FileNotFoundError(f"{root}: no Parquet files")
        self.root = root

    @property
    def has_dedup(self) -> bool:
        """Whether `casus dedup --out` has written canonical events into the dataset."""
        return (self.root / DEDUP_FILE).is_file()

    @property
    def engine(self) -> _DuckEngine:
        return _DuckEngine(self)

    def _relation(self) -> str:
        pattern = _quoted(self.root / _EVENT_FILES)
        return f"read_parquet({pattern}, hive_partitioning = true, union_by_name = true)"

    def _views(self, con: Any) -> None:
        """`events` (with `id`: the links name events by `event_id`), and the canonical
        links as the database's `event_links` and `canonical_events` when there are some."""
        con.execute(f"CREATE VIEW events AS SELECT *, event_id AS id FROM {self._relation()}")
        if not self.has_dedup:
            return
        links = f"read_parquet({_quoted(self.root / DEDUP_FILE)})"
        con.execute(f"CREATE VIEW event_links AS SELECT event_id, canonical_id FROM {links}")
        counts = ", ".join(_COUNTS)
        con.execute(
            f"CREATE VIEW canonical_events AS SELECT event_id, {counts} FROM {links} "
            "WHERE event_id = canonical_id"
        )

    def iter_rows(
        self, filters: Any = None, *, chunk: int = 1000, dedup: bool = False, **_: Any
    ) -> Iterator[dict[str, Any]]:
        from sqlalchemy import and_

        from casus.store.store import filter_conditions

        if dedup and not self.has_dedup:
            raise ValueError(NO_CANONICAL)
        import duckdb

        # the store's own WHERE conditions, so a filter selects the same events here
        conditions = filter_conditions(filters) if filters is not None else []
        where, params = _compiled(and_(*conditions)) if conditions else ("TRUE", [])
        columns, joins = "", ""
        if dedup:  # as `canonical_only(…, with_counts=True)` reads the database
            where = (
                "(event_links.event_id IS NULL OR event_links.canonical_id = events.id) "
                f"AND {where}"
            )
            joins = (
                "LEFT JOIN event_links ON event_links.event_id = events.id "
                "LEFT JOIN canonical_events ON canonical_events.event_id = events.id"
            )
            columns = "".join(
                f", coalesce(canonical_events.{name}, {_ALONE[name]}) AS dedup_{name}"
                for name in _COUNTS
            )
        con = duckdb.connect()
        try:
            self._views(con)
            cur = con.execute(
                f"SELECT events.* EXCLUDE (year, month, id){columns} FROM events {joins} "
                f"WHERE {where} "
                "ORDER BY article_published ASC NULLS LAST, events.article_id, position",
                params,
            )
            names = [d[0] for d in cur.description]
            while batch := cur.fetchmany(chunk):
                for values in batch:
                    row = dict(zip(names, values, strict=True))
                    for column in _JSON_COLUMNS:
                        if row.get(column) is not None:
                            row[column] = json.loads(row[column])
                    yield row
        finally:
            con.close()

    def corpus_stats(self, *, top: int = 10) -> CorpusStats:
        """The store's statistics (`casus.store.stats`) of the dataset's events; its
        articles are those with at least one event, and it has no ingest runs or log."""
        from casus.store.stats import event_stats, event_totals

        with self.engine.connect() as conn:
            articles, n_events = event_totals(conn)
            return event_stats(conn, articles=articles, events_total=n_events, top=top)


class _DuckConnection:
    """Runs SQLAlchemy Core selects over the dataset's `events` view in DuckDB."""

    def __init__(self, con: Any) -> None:
        self.con = con

    def execute(self, stmt: Any) -> list[Any]:
        sql, params = _compiled(stmt)
        cur = self.con.execute(sql, params)
        # rows read by name (row.n) and unpacked, as SQLAlchemy's rows are
        row = namedtuple("row", [d[0] for d in cur.description], rename=True)  # type: ignore[misc]
        return [row(*values) for values in cur.fetchall()]


def _compiled(clause: Any) -> tuple[str, list[Any]]:
    """SQL text and parameters of a SQLAlchemy statement or condition, for DuckDB."""
    from sqlalchemy.dialects import postgresql

    # numeric_dollar: DuckDB's $1, $2 … parameters; render_postcompile: IN lists as one
    # parameter per value, as they are bound on a database
    compiled = clause.compile(
        dialect=postgresql.dialect(paramstyle="numeric_dollar"),  # type: ignore[no-untyped-call]
        compile_kwargs={"render_postcompile": True},
    )
    return compiled.string, [compiled.params[name] for name in compiled.positiontup or ()]


class _DuckEngine:
    """`engine.connect()` of a Parquet dataset: a DuckDB connection with the view `events`."""

    def __init__(self, dataset: ParquetEvents) -> None:
        self.dataset = dataset

    @contextmanager
    def connect(self) -> Iterator[_DuckConnection]:
        import duckdb

        con = duckdb.connect()
        try:
            self.dataset._views(con)
            yield _DuckConnection(con)
        finally:
            con.close()


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


_COUNTS = ("n_events", "n_articles", "n_outlets", "n_stories", "first_day", "last_day")
# what an event with no link counts (`canonical_only`): itself
_ALONE = {name: "events.day" if name.endswith("_day") else "1" for name in _COUNTS}
_DEDUP_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("canonical_id", pa.string()),
        *((name, pa.int64()) for name in _COUNTS[:4]),
        ("first_day", pa.date32()),
        ("last_day", pa.date32()),
    ]
)


def write_canonical(store: Any, root: Path, *, batch: int = 50_000) -> int:
    """Copy the canonical links of `store` (made by `casus.analysis.dedup.deduplicate`) into the
    dataset at `root`, replacing those there; return the number of linked events."""
    from sqlalchemy import select

    from casus.store.schema import canonical_events, event_links, events

    member, canon = events.alias("member"), events.alias("canon")
    counts = canonical_events.c
    stmt = (
        select(
            member.c.event_id,
            canon.c.event_id.label("canonical_id"),
            *(counts[name] for name in _COUNTS),
        )
        .select_from(event_links)
        .join(member, member.c.id == event_links.c.event_id)
        .join(canon, canon.c.id == event_links.c.canonical_id)
        .outerjoin(canonical_events, canonical_events.c.event_id == event_links.c.event_id)
        .where(member.c.event_id.is_not(None), canon.c.event_id.is_not(None))
        .order_by(member.c.event_id)
    )
    target = root / DEDUP_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    written = 0
    # written whole under a temporary name, then renamed: a reader sees the old links or
    # the new ones, never a mix
    with store.engine.connect() as conn, pq.ParquetWriter(tmp, _DEDUP_SCHEMA) as writer:
        result = conn.execution_options(yield_per=batch).execute(stmt)
        for rows in result.partitions(batch):
            records = [dict(row._mapping) for row in rows]
            for record in records:
                for name in ("first_day", "last_day"):
                    if record[name] is not None:
                        record[name] = _as_day(record[name])
            writer.write_table(pa.Table.from_pylist(records, schema=_DEDUP_SCHEMA))
            written += len(records)
    os.replace(tmp, target)
    return written


def _as_day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])  # SQLite hands dates back as text
