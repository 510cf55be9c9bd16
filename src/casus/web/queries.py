"""The web app's reads: filtered, sorted, paginated events and the article/actor listings.

Built on the store's tables and `filter_conditions`, adding what only the web needs (outlet,
full-text search in sentences through the store's text index, offset paging, sorting by a
column). Every value is a bound parameter; sort keys come from a fixed table, never from the
request text.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select, union_all

from casus.store import EventFilter, LogEntry, Store
from casus.store.rows import StoredEvent
from casus.store.schema import articles, events, ingest_log
from casus.store.store import filter_conditions

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 500
MAX_TEXT_QUERY = 200

_ARTICLE_FIELDS = ("doc_id", "url", "title", "published", "outlet", "genre")

SORTS: dict[str, Any] = {
    "day": events.c.day,
    "source": events.c.source_code,
    "target": events.c.target_code,
    "cameo": events.c.cameo,
    "goldstein": events.c.goldstein,
    "quad_class": events.c.quad_class,
    "modality": events.c.modality,
    "confidence": events.c.confidence,
    "outlet": articles.c.outlet,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class EventQuery:
    """The events table's state: the store filter plus outlet, text, sort and page.

    Acts the text says did not happen (modality "negated") are left out unless `negated`
    or the filter names modalities, as `casus code` leaves them out without --negated.
    """

    filters: EventFilter = field(default_factory=EventFilter)
    outlet: str | None = None
    text: str | None = None
    article_id: str | None = None
    negated: bool = False
    sort: str = "day"
    descending: bool = False
    page: int = 1
    page_size: int = 100

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"unknown sort {self.sort!r}: use one of {', '.join(SORTS)}")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be 1..{MAX_PAGE_SIZE}")
        if self.page < 1:
            raise ValueError("page must be >= 1")
        if self.text is not None and len(self.text) > MAX_TEXT_QUERY:
            raise ValueError(f"text query longer than {MAX_TEXT_QUERY} characters")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True, slots=True)
class EventPage:
    """One page of events (JSON event schema + "article" + "id") and the total count."""

    events: list[dict[str, Any]]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _conditions(store: Store, query: EventQuery) -> list[ColumnElement[bool]]:
    conditions = filter_conditions(query.filters)
    if not query.negated and not query.filters.modalities:
        conditions.append(events.c.modality != "negated")
    if query.outlet:
        conditions.append(articles.c.outlet == query.outlet)
    if query.text:
        conditions.append(store.text_condition(query.text))
    if query.article_id:
        conditions.append(events.c.article_id == query.article_id)
    return conditions


def _needs_articles(query: EventQuery) -> bool:
    return bool(query.outlet) or query.sort == "outlet"


def _base(store: Store, query: EventQuery, *columns: Any, join: bool = True) -> Select[Any]:
    if join:
        stmt = select(*columns).join_from(events, articles, events.c.article_id == articles.c.id)
    else:
        stmt = select(*columns).select_from(events)
    conditions = _conditions(store, query)
    return stmt.where(and_(*conditions)) if conditions else stmt


def _ordered(query: EventQuery, stmt: Select[Any]) -> Select[Any]:
    key = SORTS[query.sort]
    ordered = key.desc().nulls_last() if query.descending else key.asc().nulls_last()
    tiebreak = events.c.id.desc() if query.descending else events.c.id.asc()
    return stmt.order_by(ordered, tiebreak)


def _full_columns() -> list[Any]:
    return [
        *events.c,
        *(articles.c[name].label(f"article_{name}") for name in _ARTICLE_FIELDS),
    ]


def _rows_stmt(store: Store, query: EventQuery) -> Select[Any]:
    return _ordered(query, _base(store, query, *_full_columns()))


def _page_rows(store: Store, conn: Any, query: EventQuery) -> list[dict[str, Any]]:
    # Sort and page on the narrow id list first, then fetch the 100 wide rows: sorting
    # whole rows (sentences included) is what made large filtered pages slow.
    ids_stmt = _ordered(query, _base(store, query, events.c.id, join=_needs_articles(query)))
    ids = [int(r[0]) for r in conn.execute(ids_stmt.limit(query.page_size).offset(query.offset))]
    if not ids:
        return []
    stmt = (
        select(*_full_columns())
        .join_from(events, articles, events.c.article_id == articles.c.id)
        .where(events.c.id.in_(ids))
    )
    by_id = {int(r["id"]): dict(r) for r in conn.execute(stmt).mappings()}
    return [by_id[i] for i in ids if i in by_id]


def _with_id(row: dict[str, Any]) -> dict[str, Any]:
    """The web's event object: the JSON event schema, plus the row id the pages link by,
    the position in the article and the day the event is counted on."""
    event = StoredEvent.from_row(row)
    record = event.to_dict()
    record["id"] = int(row["id"])
    record["position"] = int(event.position)
    day = event.dated.day
    record["day"] = day.isoformat() if isinstance(day, dt.date) else day
    return record


class CountCache:
    """Totals of recent filters: paging through one result set counts it once.

    Entries expire after `ttl` seconds so rows added by a concurrent `casus ingest` show up;
    the app clears the cache itself when it stores an article.
    """

    def __init__(self, *, size: int = 512, ttl: float = 30.0) -> None:
        self.size = size
        self.ttl = ttl
        self._entries: OrderedDict[Hashable, tuple[float, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> int | None:
        with self._lock:
            hit = self._entries.get(key)
            if hit is None or time.monotonic() - hit[0] > self.ttl:
                return None
            self._entries.move_to_end(key)
            return hit[1]

    def put(self, key: Hashable, value: int) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def event_page(store: Store, query: EventQuery, *, counts: CountCache | None = None) -> EventPage:
    """The events of one page, in the requested order, and how many match in all."""
    key = (store.url, query.filters, query.outlet, query.text, query.article_id, query.negated)
    total = counts.get(key) if counts is not None else None
    with store.engine.connect() as conn:
        if total is None:
            count = _base(store, query, func.count(), join=_needs_articles(query))
            total = int(conn.execute(count).scalar_one())
            if counts is not None:
                counts.put(key, total)
        rows = [_with_id(r) for r in _page_rows(store, conn, query)]
    return EventPage(events=rows, total=total, page=query.page, page_size=query.page_size)


def stored_events(store: Store, query: EventQuery) -> list[StoredEvent]:
    """The stored events of one page (what the CSV download writes)."""
    with store.engine.connect() as conn:
        return [StoredEvent.from_row(row) for row in _page_rows(store, conn, query)]


def events_by_ids(store: Store, ids: list[int]) -> list[dict[str, Any]]:
    """Events by their row ids (the network's edge lists), in id order."""
    if not ids:
        return []
    # the ids were chosen under the request's own filters: none is dropped here
    stmt = _rows_stmt(store, EventQuery(negated=True)).where(events.c.id.in_(ids[:MAX_PAGE_SIZE]))
    with store.engine.connect() as conn:
        return [_with_id(dict(r)) for r in conn.execute(stmt).mappings()]


def list_articles(
    store: Store, *, page: int = 1, page_size: int = 50, outlet: str | None = None
) -> tuple[list[dict[str, Any]], int]:
    """Articles (without text), newest first, and how many there are."""
    if not 1 <= page_size <= MAX_PAGE_SIZE or page < 1:
        raise ValueError("bad page or page_size")
    cols = [articles.c[n] for n in ("id", "doc_id", "title", "url", "published", "outlet")]
    stmt = select(*cols, articles.c.genre, articles.c.n_events, articles.c.n_chars)
    count = select(func.count()).select_from(articles)
    if outlet:
        stmt = stmt.where(articles.c.outlet == outlet)
        count = count.where(articles.c.outlet == outlet)
    stmt = stmt.order_by(articles.c.published.desc().nulls_last(), articles.c.id)
    stmt = stmt.limit(page_size).offset((page - 1) * page_size)
    with store.engine.connect() as conn:
        total = int(conn.execute(count).scalar_one())
        rows = [_article_json(dict(r)) for r in conn.execute(stmt).mappings()]
    return rows, total


def _article_json(row: dict[str, Any]) -> dict[str, Any]:
    published = row.get("published")
    if isinstance(published, dt.date):
        row["published"] = published.isoformat()
    return row


def get_article(store: Store, article_id: str) -> dict[str, Any] | None:
    """One article with its text, or None."""
    cols = [
        articles.c[n]
        for n in ("id", "doc_id", "title", "url", "published", "outlet", "genre", "text")
    ]
    stmt = select(*cols, articles.c.n_events).where(articles.c.id == article_id)
    with store.engine.connect() as conn:
        row = conn.execute(stmt).mappings().first()
    return _article_json(dict(row)) if row is not None else None


def article_events(store: Store, article_id: str) -> list[dict[str, Any]]:
    """An article's events in text order, negated ones included (the page marks them)."""
    query = EventQuery(article_id=article_id, page_size=MAX_PAGE_SIZE, negated=True)
    stmt = _rows_stmt(store, query).order_by(None).order_by(events.c.position)
    with store.engine.connect() as conn:
        return [_with_id(dict(r)) for r in conn.execute(stmt).mappings()]


def failures(store: Store, *, limit: int = 100) -> list[LogEntry]:
    """The most recent failed inputs of the ingest log (newest first)."""
    stmt = (
        select(ingest_log)
        .where(ingest_log.c.status == "failed")
        .order_by(ingest_log.c.id.desc())
        .limit(limit)
    )
    with store.engine.connect() as conn:
        return [LogEntry.from_row(r) for r in conn.execute(stmt).mappings()]


def outlets(store: Store, *, limit: int = 200) -> list[str]:
    """Outlet names for the filter's drop-down, most articles first."""
    n = func.count().label("n")
    stmt = (
        select(articles.c.outlet, n)
        .where(articles.c.outlet.is_not(None))
        .group_by(articles.c.outlet)
        .order_by(n.desc(), articles.c.outlet)
        .limit(limit)
    )
    with store.engine.connect() as conn:
        return [str(r[0]) for r in conn.execute(stmt)]


def actor_counts(store: Store, query: EventQuery, *, limit: int = 100) -> list[dict[str, Any]]:
    """Actors with how many events name them as source or target (once per side)."""
    conditions = _conditions(store, query)
    joined = events.join(articles, events.c.article_id == articles.c.id)
    where = and_(*conditions) if conditions else None

    def side(code: Any, name: Any) -> Select[Any]:
        stmt = select(code.label("code"), name.label("name")).select_from(joined)
        stmt = stmt.where(code.is_not(None), code != "")
        return stmt.where(where) if where is not None else stmt

    sides = union_all(
        side(events.c.source_code, events.c.source_name),
        side(events.c.target_code, events.c.target_name),
    ).subquery()
    n = func.count().label("n")
    stmt = (
        select(sides.c.code, func.max(sides.c.name), n)
        .group_by(sides.c.code)
        .order_by(n.desc(), sides.c.code)
        .limit(limit)
    )
    with store.engine.connect() as conn:
        return [{"code": c, "name": nm, "events": int(k)} for c, nm, k in conn.execute(stmt)]


def dyad_counts(store: Store, query: EventQuery, *, limit: int = 100) -> list[dict[str, Any]]:
    """(source, target) pairs with their event count and mean Goldstein."""
    src, tgt = events.c.source_code, events.c.target_code
    n = func.count().label("n")
    stmt = (
        _base(store, query, src, tgt, n, func.avg(events.c.goldstein))
        .where(src.is_not(None), tgt.is_not(None), src != "", tgt != "")
        .group_by(src, tgt)
        .order_by(n.desc(), src, tgt)
        .limit(limit)
    )
    with store.engine.connect() as conn:
        return [
            {
                "source": s,
                "target": t,
                "events": int(k),
                "goldstein_mean": round(float(g), 3) if g is not None else None,
            }
            for s, t, k, g in conn.execute(stmt)
        ]


def edge_event_ids(
    store: Store,
    query: EventQuery,
    source: str,
    target: str,
    *,
    level: str = "actor",
    limit: int = 200,
) -> list[int]:
    """Row ids of the events of one dyad under the current filters (network clicks)."""
    src, tgt = (
        (events.c.source_country, events.c.target_country)
        if level == "country"
        else (events.c.source_code, events.c.target_code)
    )
    stmt = (
        _base(store, query, events.c.id)
        .where(src == source, tgt == target)
        .order_by(events.c.id)
        .limit(limit)
    )
    with store.engine.connect() as conn:
        return [int(r[0]) for r in conn.execute(stmt)]
