"""Corpus statistics: the one set of queries that a store and a Parquet dataset answer.

The statements are SQLAlchemy Core over the `events` table, counted with GROUP BY in the
database, never by loading rows. A `Store` runs them on its engine; a
`casus.dataset.ParquetEvents` compiles the same statements for DuckDB over its `events`
view (as it does the aggregates'), so `casus stats` and `casus stats --parquet` count
with one query text. The ingest log's counts are the store's alone: a dataset holds events
only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Executable, and_, func, select, union_all

from casus.store.schema import events, ingest_log


class StatsConnection(Protocol):
    """A connection that runs a select and hands back its rows as tuples: SQLAlchemy's, or
    the DuckDB connection of a Parquet dataset."""

    def execute(self, statement: Any, /) -> Iterable[Any]: ...


@dataclass(frozen=True, slots=True)
class CorpusStats:
    """Counts are ordered by count (descending), then key."""

    articles: int
    events: int
    runs: int
    # span of the events' days (event date, else published), historical references apart
    first_date: dt.date | None
    last_date: dt.date | None
    by_root: dict[str, int]
    by_quad_class: dict[int, int]
    by_modality: dict[str, int]
    top_actors: list[tuple[str, int]]  # an actor counts once per side it appears on
    top_dyads: list[tuple[str, str, int]]  # (source code, target code, events)
    skipped_by_kind: dict[str, int]
    failed_by_kind: dict[str, int]
    # events dated as background ("deployed ... till 2005" in a 2016 article): counted in
    # `events` and the tables, but not in the span above, which they would stretch by decades
    historical_events: int = 0
    historical_first_date: dt.date | None = None
    historical_last_date: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings, quad classes as string keys)."""
        return {
            "articles": self.articles,
            "events": self.events,
            "runs": self.runs,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "historical_events": self.historical_events,
            "historical_first_date": _iso(self.historical_first_date),
            "historical_last_date": _iso(self.historical_last_date),
            "by_root": self.by_root,
            "by_quad_class": {str(k): v for k, v in self.by_quad_class.items()},
            "by_modality": self.by_modality,
            "top_actors": [{"code": c, "events": n} for c, n in self.top_actors],
            "top_dyads": [{"source": s, "target": t, "events": n} for s, t, n in self.top_dyads],
            "skipped_by_kind": self.skipped_by_kind,
            "failed_by_kind": self.failed_by_kind,
        }


def event_stats(
    conn: StatsConnection,
    *,
    articles: int,
    events_total: int,
    top: int,
    runs: int = 0,
    skipped_by_kind: dict[str, int] | None = None,
    failed_by_kind: dict[str, int] | None = None,
) -> CorpusStats:
    """The statistics of the `events` table on `conn`, with the totals its backend knows."""
    if top < 0:
        raise ValueError("top must be >= 0")
    historical = events.c.date_historical.is_(True)
    day = events.c.day
    ((first, last),) = _rows(
        conn, select(func.min(day), func.max(day)).where(events.c.date_historical.is_not(True))
    )
    ((n_old, old_first, old_last),) = _rows(
        conn, select(func.count(), func.min(day), func.max(day)).where(historical)
    )
    return CorpusStats(
        articles=articles,
        events=events_total,
        runs=runs,
        first_date=_date(first),
        last_date=_date(last),
        by_root=_grouped(conn, events.c.root),
        by_quad_class=_grouped(conn, events.c.quad_class),
        by_modality=_grouped(conn, events.c.modality),
        top_actors=_top_actors(conn, top),
        top_dyads=_top_dyads(conn, top),
        skipped_by_kind=skipped_by_kind or {},
        failed_by_kind=failed_by_kind or {},
        historical_events=int(n_old),
        historical_first_date=_date(old_first),
        historical_last_date=_date(old_last),
    )


def event_totals(conn: StatsConnection) -> tuple[int, int]:
    """Articles with at least one event, and events: all a dataset knows of its articles."""
    ((articles, n_events),) = _rows(
        conn, select(func.count(func.distinct(events.c.article_id)), func.count())
    )
    return int(articles), int(n_events)


def log_kinds(conn: StatsConnection, status: str) -> dict[str, int]:
    """Inputs of the ingest log with `status`, by kind (no kind: "unknown")."""
    n = func.count().label("n")
    stmt = (
        select(ingest_log.c.kind, n)
        .where(ingest_log.c.status == status)
        .group_by(ingest_log.c.kind)
    )
    kinds: dict[str, int] = {}
    for kind, count in _rows(conn, stmt):
        key = kind or "unknown"
        kinds[key] = kinds.get(key, 0) + int(count)
    return dict(sorted(kinds.items(), key=lambda item: (-item[1], item[0])))


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    # SQLite hands MIN/MAX of a DATE column back as text
    return dt.date.fromisoformat(str(value))


def _rows(conn: StatsConnection, stmt: Executable) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in conn.execute(stmt)]


def _grouped(conn: StatsConnection, column: Any) -> dict[Any, int]:
    n = func.count().label("n")
    stmt = select(column, n).where(column.is_not(None)).group_by(column).order_by(n.desc(), column)
    return {key: int(count) for key, count in _rows(conn, stmt)}


def _top_actors(conn: StatsConnection, top: int) -> list[tuple[str, int]]:
    sides = union_all(
        select(events.c.source_code.label("code")).where(events.c.source_code != ""),
        select(events.c.target_code.label("code")).where(events.c.target_code != ""),
    ).subquery()
    n = func.count().label("n")
    stmt = (
        select(sides.c.code, n)
        .where(sides.c.code.is_not(None))
        .group_by(sides.c.code)
        .order_by(n.desc(), sides.c.code)
        .limit(top)
    )
    return [(str(code), int(count)) for code, count in _rows(conn, stmt)]


def _top_dyads(conn: StatsConnection, top: int) -> list[tuple[str, str, int]]:
    n = func.count().label("n")
    source, target = events.c.source_code, events.c.target_code
    stmt = (
        select(source, target, n)
        .where(and_(source.is_not(None), source != "", target.is_not(None), target != ""))
        .group_by(source, target)
        .order_by(n.desc(), source, target)
        .limit(top)
    )
    return [(str(s), str(t), int(c)) for s, t, c in _rows(conn, stmt)]
