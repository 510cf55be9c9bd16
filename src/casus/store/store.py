"""The event store: articles, events and the ingest log in SQLite or PostgreSQL.

Every statement is a SQLAlchemy Core expression with bound parameters; article text and
filter values never become SQL text.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    and_,
    create_engine,
    event,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from casus.model import Article, Event
from casus.store.canonical import canonical_only
from casus.store.migrate import UpgradeError, upgrade
from casus.store.rows import ArticleRows, StoredEvent, article_rows, as_date, log_row
from casus.store.schema import SCHEMA_VERSION, articles, events, ingest_log, ingest_runs, metadata
from casus.store.search import text_condition
from casus.store.stats import CorpusStats, event_stats, log_kinds

logger = logging.getLogger(__name__)

STATUSES = ("coded", "skipped", "failed")
_STORED_BEFORE = "same text as an article already stored"
ORDERS = ("default", "date", "stored")
_CHUNK = 500  # keys per IN (...) list: well under every backend's parameter limit


class StoreError(RuntimeError):
    """The database cannot be opened or used (bad URL, missing file, wrong schema)."""


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One ingest-log row: what happened to one input document or record."""

    name: str
    status: str
    kind: str | None
    reason: str | None
    article_id: str | None = None
    raw_key: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> LogEntry:
        """The entry of an `ingest_log` row."""
        return cls(
            name=row["name"],
            status=row["status"],
            kind=row["kind"],
            reason=row["reason"],
            article_id=row["article_id"],
            raw_key=row["raw_key"],
        )


@dataclass(frozen=True, slots=True)
class SaveResult:
    articles_added: int
    articles_duplicate: int
    events_added: int


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to read. Code filters are prefixes ("RUS" matches "RUSGOV")."""

    since: dt.date | None = None
    until: dt.date | None = None
    actor: str | None = None
    source: str | None = None
    target: str | None = None
    country: str | None = None
    roots: tuple[str, ...] = ()
    quad_classes: tuple[int, ...] = ()
    modalities: tuple[str, ...] = ()
    min_confidence: float | None = None  # events at least this confident (0-1)

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, dt.date):
                raise TypeError(f"EventFilter.{name} must be a date, not {type(value).__name__}")
        for name in ("actor", "source", "target", "country"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise TypeError(f"EventFilter.{name} must be a string")
        if not all(isinstance(q, int) and not isinstance(q, bool) for q in self.quad_classes):
            raise TypeError("EventFilter.quad_classes must be integers")
        if not all(isinstance(v, str) for v in (*self.roots, *self.modalities)):
            raise TypeError("EventFilter.roots and modalities must be strings")


def database_url(target: str | Path) -> URL:
    """The SQLAlchemy URL for a file path, a sqlite:/// URL or a postgresql:// URL."""
    text = str(target)
    if "://" not in text:
        return URL.create("sqlite", database=str(Path(text)))
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise StoreError(f"{text!r} is not a database URL") from exc
    backend = url.get_backend_name()
    if backend == "sqlite":
        return url.set(drivername="sqlite")
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    raise StoreError(
        f"unsupported database {url.render_as_string(hide_password=True)}: "
        "use a file path, sqlite:///PATH or postgresql://..."
    )


def open_store(target: str | Path, *, create: bool = True) -> Store:
    """Open (and with `create`, make) the event store at a path or database URL."""
    url = database_url(target)
    serializer = _json_dumps
    if url.get_backend_name() == "sqlite":
        memory = url.database in (None, "", ":memory:")
        if not memory:
            path = Path(url.database or "")
            if not path.exists():
                if not create:
                    raise StoreError(f"{path}: no such database file")
                path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            json_serializer=serializer,
            poolclass=StaticPool if memory else None,
            connect_args={"timeout": 60, "check_same_thread": False},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, json_serializer=serializer, pool_pre_ping=True)
    store = Store(engine)
    try:
        store._prepare(create=create)
    except Exception:
        engine.dispose()
        raise
    return store


def _json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # WAL + NORMAL stays consistent after a crash; only the last commit may be lost
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Store:
    """Articles, their events and the ingest log; one transaction per saved batch."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect: str = engine.dialect.name
        self.url: str = engine.url.render_as_string(hide_password=True)
        # how text search runs here: "fts5", "tsvector" or "like" (see casus.store.search)
        self.search: str = "like"

    def _prepare(self, *, create: bool) -> None:
        if create:
            metadata.create_all(self.engine, checkfirst=True)
        else:
            with self.engine.connect() as conn:
                names = set(self.engine.dialect.get_table_names(conn))
            missing = sorted({t.name for t in metadata.sorted_tables} - names)
            if missing:
                raise StoreError(f"{self.url}: not a casus database (missing {', '.join(missing)})")
        try:
            self.search = upgrade(self.engine)
        except UpgradeError as exc:
            raise StoreError(f"{self.url}: {exc}") from None

    def text_condition(self, text: str) -> ColumnElement[bool]:
        """The WHERE condition of a full-text search in event sentences (see
        `casus.store.search`: words in order, the last one a prefix, case ignored)."""
        return text_condition(self.search, text)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # -- ingest runs -------------------------------------------------------------------

    def begin_run(self, *, sources: Sequence[str], options: Mapping[str, Any]) -> int:
        """Record the start of an ingest run and return its id."""
        from casus import __version__

        with self.engine.begin() as conn:
            run_id = conn.execute(
                insert(ingest_runs).returning(ingest_runs.c.id),
                {
                    "started_at": _now(),
                    "sources": list(sources),
                    "options": dict(options),
                    "casus_version": __version__,
                    "schema_version": SCHEMA_VERSION,
                },
            ).scalar_one()
        return int(run_id)

    def end_run(self, run_id: int, *, summary: Mapping[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(ingest_runs)
                .where(ingest_runs.c.id == run_id)
                .values(finished_at=_now(), summary=dict(summary))
            )
        # Fresh statistics let the query planner pick the filter indexes the web app and
        # exports rely on; PostgreSQL's autovacuum does this by itself.
        if self.dialect == "sqlite":
            with self.engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA analysis_limit=1000")  # sampled: fast on any size
                conn.exec_driver_sql("ANALYZE")

    # -- writing -----------------------------------------------------------------------

    def known_raw_keys(self, keys: Iterable[str]) -> set[str]:
        """The keys already stored as an article or logged (coded, skipped, failed) before."""
        wanted = list(dict.fromkeys(keys))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), _CHUNK):
                chunk = wanted[i : i + _CHUNK]
                stmt = (
                    select(articles.c.raw_key)
                    .where(articles.c.raw_key.in_(chunk))
                    .union(select(ingest_log.c.raw_key).where(ingest_log.c.raw_key.in_(chunk)))
                )
                found.update(row[0] for row in conn.execute(stmt))
        return found

    def save_batch(
        self,
        run_id: int,
        coded: Sequence[tuple[Article, str, Sequence[Event]]],
        log: Sequence[LogEntry] = (),
    ) -> SaveResult:
        """Store articles with their events and log rows in ONE transaction.

        An article whose id is already stored (by any run, batch or concurrent writer) is
        skipped with its events and counted as a duplicate.
        """
        rows = [article_rows(article, raw_key, evs) for article, raw_key, evs in coded]
        return self.save_rows(run_id, rows, log)

    def save_rows(
        self, run_id: int, coded: Sequence[ArticleRows], log: Sequence[LogEntry] = ()
    ) -> SaveResult:
        """`save_batch` for articles already made rows (`casus.store.rows.article_rows`)."""
        for entry in log:
            if entry.status not in STATUSES:
                raise ValueError(f"log entry {entry.name!r}: unknown status {entry.status!r}")
        now = _now()
        unique: dict[str, ArticleRows] = {}
        for item in coded:
            unique.setdefault(item.id, item)
        with self.engine.begin() as conn:
            added: set[str] = set()
            if unique:
                # ON CONFLICT DO NOTHING: a concurrent writer's row wins, ours is a duplicate
                stmt = self._insert_ignoring(articles, "id").returning(articles.c.id)
                rows = [item.article_row(run_id, now) for item in unique.values()]
                added = {r[0] for r in conn.execute(stmt, rows)}
            event_rows = [
                row
                for article_id, item in unique.items()
                if article_id in added
                for row in item.event_rows()
            ]
            if event_rows:
                conn.execute(insert(events), event_rows)
            if log:
                # A "coded" row whose article another run or writer stored first is a
                # duplicate: the log says what this transaction did (issue 11, defect 8).
                truthful = [
                    e
                    if e.status != "coded" or e.article_id is None or e.article_id in added
                    else replace(e, status="skipped", kind="duplicate", reason=_STORED_BEFORE)
                    for e in log
                ]
                conn.execute(insert(ingest_log), [log_row(e, run_id, now) for e in truthful])
        return SaveResult(
            articles_added=len(added),
            articles_duplicate=len(coded) - len(added),
            events_added=len(event_rows),
        )

    def _insert_ignoring(self, table: Any, key: str) -> Any:
        if self.dialect == "postgresql":
            return postgresql.insert(table).on_conflict_do_nothing(index_elements=[key])
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=[key])

    # -- reading -----------------------------------------------------------------------

    def count(self) -> dict[str, int]:
        """Row counts: articles, events, runs and failed inputs."""
        with self.engine.connect() as conn:
            return {
                "articles": _scalar(conn, select(func.count()).select_from(articles)),
                "events": _scalar(conn, select(func.count()).select_from(events)),
                "runs": _scalar(conn, select(func.count()).select_from(ingest_runs)),
                "failures": _scalar(
                    conn,
                    select(func.count())
                    .select_from(ingest_log)
                    .where(ingest_log.c.status == "failed"),
                ),
            }

    def corpus_stats(self, *, top: int = 10) -> CorpusStats:
        """Counts by root, quad class and modality, top actors and dyads, date span, and the
        ingest log's skipped and failed inputs (see `casus.store.stats`)."""
        counts = self.count()
        with self.engine.connect() as conn:
            return event_stats(
                conn,
                articles=counts["articles"],
                events_total=counts["events"],
                runs=counts["runs"],
                top=top,
                skipped_by_kind=log_kinds(conn, "skipped"),
                failed_by_kind=log_kinds(conn, "failed"),
            )

    def iter_rows(
        self,
        filters: EventFilter = EventFilter(),
        *,
        order: str = "default",
        limit: int | None = None,
        chunk: int = 1000,
        dedup: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """Flat rows: every `events` column plus the article's as `article_<column>`.

        (`article_id` is the events column; the article's other fields are prefixed.)
        With `dedup`, only canonical events, plus their `dedup_*` counts (see
        `casus.store.canonical`).

        Streams with a server-side cursor on PostgreSQL, `chunk` rows at a time.
        """
        stmt = _event_query(filters, order=order, limit=limit, dedup=dedup)
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=chunk).execute(stmt)
            for row in result.mappings():
                yield dict(row)

    def iter_events(
        self,
        filters: EventFilter = EventFilter(),
        *,
        order: str = "default",
        limit: int | None = None,
        dedup: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """Events in the JSON event schema, each with an "article" object.

        Default order: article published date (undated last), article id, position.
        With `dedup`, canonical events only, each with a "dedup" object of counts.
        """
        for row in self.iter_rows(filters, order=order, limit=limit, dedup=dedup):
            yield StoredEvent.from_row(row).to_dict()


# -- rows <-> records ------------------------------------------------------------------

_ARTICLE_FIELDS = ("doc_id", "url", "title", "published", "outlet", "genre")


def _event_query(
    filters: EventFilter, *, order: str, limit: int | None, dedup: bool = False
) -> Select[Any]:
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}: use one of {', '.join(ORDERS)}")
    if limit is not None and limit < 0:
        raise ValueError("limit must be >= 0")
    columns = [
        *events.c,
        *(articles.c[name].label(f"article_{name}") for name in _ARTICLE_FIELDS),
    ]
    stmt = select(*columns).join_from(events, articles, events.c.article_id == articles.c.id)
    if dedup:
        stmt = canonical_only(stmt, with_counts=True)
    conditions = filter_conditions(filters)
    if conditions:
        stmt = stmt.where(and_(*conditions))
    if order == "default":
        stmt = stmt.order_by(
            articles.c.published.asc().nulls_last(), articles.c.id, events.c.position
        )
    elif order == "date":
        stmt = stmt.order_by(events.c.day.asc().nulls_last(), articles.c.id, events.c.position)
    else:
        stmt = stmt.order_by(events.c.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return stmt


def filter_conditions(filters: EventFilter) -> list[ColumnElement[bool]]:
    """WHERE conditions for a filter; every value is a bound parameter."""
    f = filters
    c = events.c
    conditions: list[ColumnElement[bool]] = []
    if f.since is not None:
        conditions.append(c.day >= as_date(f.since))
    if f.until is not None:
        conditions.append(c.day <= as_date(f.until))
    if f.actor:
        code = f.actor.upper()
        conditions.append(or_(_prefix(c.source_code, code), _prefix(c.target_code, code)))
    if f.source:
        conditions.append(_prefix(c.source_code, f.source.upper()))
    if f.target:
        conditions.append(_prefix(c.target_code, f.target.upper()))
    if f.country:
        country = f.country.upper()
        conditions.append(or_(c.source_country == country, c.target_country == country))
    if f.roots:
        conditions.append(c.root.in_([r.zfill(2) for r in f.roots]))
    if f.quad_classes:
        conditions.append(c.quad_class.in_(list(f.quad_classes)))
    if f.modalities:
        conditions.append(c.modality.in_(list(f.modalities)))
    if f.min_confidence:
        conditions.append(c.confidence >= f.min_confidence)
    return conditions


def _prefix(column: Any, prefix: str) -> ColumnElement[bool]:
    # LIKE is case-insensitive on SQLite; the substr test makes both backends agree
    return and_(
        column.startswith(prefix, autoescape=True),
        func.substr(column, 1, len(prefix)) == prefix,
    )


def _scalar(conn: Any, stmt: Any) -> int:
    return int(conn.execute(stmt).scalar_one())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
