"""Corpus statistics computed in the database with GROUP BY, never by loading all rows."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Select, and_, func, select, union_all

from casus.store import Store

if TYPE_CHECKING:
    from casus.dataset import ParquetEvents
from casus.store.schema import events, ingest_log

logger = logging.getLogger(__name__)


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


def corpus_stats(store: Store, *, top: int = 10) -> CorpusStats:
    """Counts by root, quad class and modality, top actors and dyads, date span, failures."""
    if top < 0:
        raise ValueError("top must be >= 0")
    counts = store.count()
    historical = events.c.date_historical.is_(True)
    day = events.c.day
    with store.engine.connect() as conn:
        first, last = conn.execute(
            select(func.min(day), func.max(day)).where(events.c.date_historical.is_not(True))
        ).one()
        n_old, old_first, old_last = conn.execute(
            select(func.count(), func.min(day), func.max(day)).where(historical)
        ).one()
        return CorpusStats(
            articles=counts["articles"],
            events=counts["events"],
            runs=counts["runs"],
            first_date=_date(first),
            last_date=_date(last),
            by_root=_grouped(conn, events.c.root),
            by_quad_class=_grouped(conn, events.c.quad_class),
            by_modality=_grouped(conn, events.c.modality),
            top_actors=_top_actors(conn, top),
            top_dyads=_top_dyads(conn, top),
            skipped_by_kind=_log_kinds(conn, "skipped"),
            failed_by_kind=_log_kinds(conn, "failed"),
            historical_events=int(n_old),
            historical_first_date=_date(old_first),
            historical_last_date=_date(old_last),
        )


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    # SQLite hands MIN/MAX of a DATE column back as text
    return dt.date.fromisoformat(str(value))


def _counted(conn: Connection, stmt: Select[Any]) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in conn.execute(stmt)]


def _grouped(conn: Connection, column: Any) -> dict[Any, int]:
    n = func.count().label("n")
    stmt = select(column, n).where(column.is_not(None)).group_by(column).order_by(n.desc(), column)
    return {key: int(count) for key, count in _counted(conn, stmt)}


def _top_actors(conn: Connection, top: int) -> list[tuple[str, int]]:
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
    return [(str(code), int(count)) for code, count in _counted(conn, stmt)]


def _top_dyads(conn: Connection, top: int) -> list[tuple[str, str, int]]:
    n = func.count().label("n")
    source, target = events.c.source_code, events.c.target_code
    stmt = (
        select(source, target, n)
        .where(and_(source.is_not(None), source != "", target.is_not(None), target != ""))
        .group_by(source, target)
        .order_by(n.desc(), source, target)
        .limit(top)
    )
    return [(str(s), str(t), int(c)) for s, t, c in _counted(conn, stmt)]


def _log_kinds(conn: Connection, status: str) -> dict[str, int]:
    n = func.count().label("n")
    stmt = (
        select(ingest_log.c.kind, n)
        .where(ingest_log.c.status == status)
        .group_by(ingest_log.c.kind)
    )
    kinds: dict[str, int] = {}
    for kind, count in _counted(conn, stmt):
        key = kind or "unknown"
        kinds[key] = kinds.get(key, 0) + int(count)
    return dict(sorted(kinds.items(), key=lambda item: (-item[1], item[0])))


def dataset_stats(dataset: ParquetEvents, *, top: int = 10) -> CorpusStats:
    """`corpus_stats` of a Parquet event dataset (`casus ingest --out`), in DuckDB.

    A dataset holds events only: articles are those with at least one event, and there are
    no ingest runs or logged inputs to count.
    """
    if top < 0:
        raise ValueError("top must be >= 0")
    q = dataset.query
    ((articles, n_events),) = q("SELECT count(DISTINCT article_id), count(*) FROM events")
    ((first, last),) = q("SELECT min(day), max(day) FROM events WHERE date_historical IS NOT TRUE")
    ((n_old, old_first, old_last),) = q(
        "SELECT count(*), min(day), max(day) FROM events WHERE date_historical IS TRUE"
    )

    def grouped(column: str) -> dict[Any, int]:
        rows = q(
            f"SELECT {column}, count(*) AS n FROM events WHERE {column} IS NOT NULL "
            f"GROUP BY {column} ORDER BY n DESC, {column}"
        )
        return {key: int(n) for key, n in rows}

    actors = q(
        "SELECT code, count(*) AS n FROM (SELECT source_code AS code FROM events "
        "WHERE source_code <> '' UNION ALL SELECT target_code FROM events "
        "WHERE target_code <> '') WHERE code IS NOT NULL GROUP BY code ORDER BY n DESC, code "
        f"LIMIT {int(top)}"
    )
    dyads = q(
        "SELECT source_code, target_code, count(*) AS n FROM events WHERE source_code <> '' "
        "AND target_code <> '' GROUP BY source_code, target_code "
        f"ORDER BY n DESC, source_code, target_code LIMIT {int(top)}"
    )
    return CorpusStats(
        articles=int(articles),
        events=int(n_events),
        runs=0,
        first_date=_date(first),
        last_date=_date(last),
        by_root=grouped("root"),
        by_quad_class=grouped("quad_class"),
        by_modality=grouped("modality"),
        top_actors=[(str(c), int(n)) for c, n in actors],
        top_dyads=[(str(s), str(t), int(n)) for s, t, n in dyads],
        skipped_by_kind={},
        failed_by_kind={},
        historical_events=int(n_old),
        historical_first_date=_date(old_first),
        historical_last_date=_date(old_last),
    )
