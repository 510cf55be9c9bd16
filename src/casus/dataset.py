"""Events as a Hive-partitioned Parquet dataset: `casus ingest … --out events/`.

Every coded chunk becomes one file per (year, month) of its events' days,
`events/year=2024/month=03/part-<run>-<n>.parquet` (undated events: year=0/month=0),
written to a temporary name and renamed into place, so a reader never sees half a file.
A row holds the same fields as a row of `Store.iter_rows` (the `events` columns plus the
article's as `article_<field>`), so `casus export --parquet events/` writes the same
records as `casus export --db`. The dataset is read with DuckDB: one SQL query over every
file, in the store's default order, streamed in batches.

Aggregates (`casus aggregate … --parquet`) run the very SQLAlchemy statements that
`casus.aggregate` runs on a database: `ParquetEvents.engine` compiles them with SQLAlchemy's
PostgreSQL dialect (whose SQL DuckDB speaks: `date_trunc`, `::` casts, `$n` parameters) and
executes them in DuckDB over a view named `events`, so both paths count with one query text
and cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import namedtuple
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from casus.model import Article, Event, event_ids
from casus.store.rows import article_row, event_row

_ARTICLE_FIELDS = ("doc_id", "url", "title", "published", "outlet", "genre")
_JSON_COLUMNS = ("place", "date_detail", "evidence_conventions")


def flat_rows(article: Article, events: Sequence[Event]) -> list[dict[str, Any]]:
    """An article's events as flat rows (the shape of `Store.iter_rows`)."""
    art = article_row(article, "", len(events), 0, _EPOCH)
    extra = {f"article_{name}": art[name] for name in _ARTICLE_FIELDS}
    rows = []
    for position, (ev, eid) in enumerate(zip(events, event_ids(article.id, events), strict=True)):
        row = event_row(article, position, ev, eid)
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

    def write(self, coded: Iterable[tuple[Article, Sequence[Event]]]) -> int:
        parts: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for article, events in coded:
            for row in flat_rows(article, events):
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
    `dialect`/`engine` as a `Store`'s for the aggregates of `casus.aggregate`."""

    dialect = "duckdb"

    def __init__(self, root: Path) -> None:
        if not any(root.glob("**/*.parquet")):
            raise FileNotFoundError(f"{root}: no Parquet files")
        self.root = root

    @property
    def engine(self) -> _DuckEngine:
        return _DuckEngine(self)

    def _relation(self) -> str:
        pattern = str(self.root / "**" / "*.parquet").replace("'", "''")
        return f"read_parquet('{pattern}', hive_partitioning = true, union_by_name = true)"

    def iter_rows(
        self, filters: Any = None, *, chunk: int = 1000, dedup: bool = False, **_: Any
    ) -> Iterator[dict[str, Any]]:
        from sqlalchemy import and_

        from casus.store.store import filter_conditions

        if dedup:
            raise ValueError("--dedup needs --db: a Parquet dataset has no canonical events")
        import duckdb

        # the store's own WHERE conditions, so a filter selects the same events here
        conditions = filter_conditions(filters) if filters is not None else []
        where, params = _compiled(and_(*conditions)) if conditions else ("TRUE", [])
        con = duckdb.connect()
        try:
            cur = con.execute(
                f"SELECT * EXCLUDE (year, month) FROM {self._relation()} AS events "
                f"WHERE {where} "
                "ORDER BY article_published ASC NULLS LAST, article_id, position",
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

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Run `sql` with the table `events` bound to the dataset."""
        import duckdb

        con = duckdb.connect()
        try:
            con.execute(f"CREATE VIEW events AS SELECT * FROM {self._relation()}")
            return [tuple(r) for r in con.execute(sql).fetchall()]
        finally:
            con.close()


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
            con.execute(f"CREATE VIEW events AS SELECT * FROM {self.dataset._relation()}")
            yield _DuckConnection(con)
        finally:
            con.close()


_EPOCH = dt.datetime(1970, 1, 1)
