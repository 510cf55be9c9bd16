"""Aggregates analysts use: dyadic time series, per-country and per-actor series, networks.

Everything is counted in the database with SQL GROUP BY through SQLAlchemy Core (bound
parameters only), with dialect-aware date buckets, so SQLite and PostgreSQL give the same
numbers and no aggregate loads the event rows into Python.

Conventions
- `modalities` (default asserted and reported) selects events unless `filters.modalities`
  is set, which then wins. An empty tuple means every modality.
- `dedup=True` counts canonical events (see `casus.analysis.dedup`): one per reported event,
  however many articles carried it; events stored after the last `casus dedup` count as
  their own canonical event.
- `per_phrase=True` counts a coordinated phrase once: the events expanded from one phrase
  (same article and `group`) that fall in the same bucket/key/edge are one count, with the
  phrase's Goldstein score once.
- Events without a day (undated event in an undated article) are left out of series, and so
  are events dated as historical references ("troops were deployed ... till 2005" in a 2016
  article): they are background, not news of their period, and would stretch every series
  back decades. Networks and place counts keep both.
- Periods are the ISO date of the bucket start: the day, the Monday of the ISO week, or the
  first of the month. With `fill` a series has every period from its first to its last one,
  empty periods as zero counts: the default for the total (or dyad) series, a line to plot;
  per-country and per-actor series leave empty periods out by default (filled, every key
  would get every period of the corpus: mostly rows of zeros).
- A dyad series names its dyad in `key` ("USA-IRN"); the total series has no key.
- Sources: a `Store`, or a Parquet event dataset (`casus.dataset.ParquetEvents`, DuckDB),
  which runs the same statements and so gives the same numbers; `dedup=True` on a dataset
  needs the canonical links that `casus dedup --out` copies into it from its database.
- Actor sides: per-country and per-actor series and network node counts count an event once
  for each distinct key on either side (RUSGOV → RUSMIL is one event for RUS).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import networkx as nx
from sqlalchemy import ColumnElement, Date, Select, and_, case, cast, func, or_, select, union_all

from casus.model import FACTUAL_MODALITIES
from casus.store import EventFilter
from casus.store.canonical import canonical_only
from casus.store.schema import events
from casus.store.store import filter_conditions

logger = logging.getLogger(__name__)

Interval = Literal["day", "week", "month"]
INTERVALS: tuple[str, ...] = ("day", "week", "month")
SIDES: tuple[str, ...] = ("either", "source", "target")
DEFAULT_MODALITIES: tuple[str, ...] = FACTUAL_MODALITIES
QUADS = (1, 2, 3, 4)
ALL_EVENTS = EventFilter()


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One bucket of a series; `key` names the country or actor of a keyed series."""

    period: str
    count: int
    goldstein_sum: float
    goldstein_mean: float | None
    quad: dict[int, int] = field(default_factory=lambda: dict.fromkeys(QUADS, 0))
    key: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "key": self.key,
            "count": self.count,
            "goldstein_sum": self.goldstein_sum,
            "goldstein_mean": self.goldstein_mean,
            **{f"q{q}": self.quad.get(q, 0) for q in QUADS},
        }


@dataclass(frozen=True, slots=True)
class PlaceCount:
    """Events at one resolved place (regions have no coordinates)."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    count: int
    goldstein_mean: float | None
    kind: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class EventSource(Protocol):
    """What the aggregates read: a `Store`, or a `casus.dataset.ParquetEvents`."""

    @property
    def dialect(self) -> str: ...

    @property
    def engine(self) -> Any: ...  # `.connect()`: a context manager whose `.execute` runs a select


# -- shared query pieces --------------------------------------------------------------


def _effective(filters: EventFilter, modalities: Sequence[str]) -> EventFilter:
    if filters.modalities or not modalities:
        return filters
    return dataclasses.replace(filters, modalities=tuple(modalities))


def _bucket(store: EventSource, interval: str) -> ColumnElement[Any]:
    if interval not in INTERVALS:
        raise ValueError(f"unknown interval {interval!r}: use one of {', '.join(INTERVALS)}")
    day = events.c.day
    if interval == "day":
        return day
    if store.dialect == "sqlite":
        if interval == "week":
            # back six days, then forward to the next Monday: the Monday on or before
            return func.date(day, "-6 days", "weekday 1")
        return func.strftime("%Y-%m-01", day)
    return cast(func.date_trunc(interval, day), Date)


@dataclass(frozen=True, slots=True)
class _Scope:
    """Which events an aggregate counts."""

    filters: EventFilter
    modalities: Sequence[str]
    dedup: bool


def _scope(
    store: EventSource, filters: EventFilter, modalities: Sequence[str], dedup: bool
) -> _Scope:
    # the canonical links are made by `casus dedup` in a database; a dataset has them only
    # once copied there, and counting raw events as canonical ones would be a silent lie
    if dedup and store.dialect == "duckdb" and not getattr(store, "has_dedup", False):
        from casus.dataset import NO_CANONICAL

        raise ValueError(NO_CANONICAL)
    return _Scope(filters, modalities, dedup)


def _rows(
    columns: Mapping[str, ColumnElement[Any]],
    *,
    scope: _Scope,
    where: Iterable[ColumnElement[bool]] = (),
) -> Select[Any]:
    c = events.c
    stmt = select(
        *(expr.label(name) for name, expr in columns.items()),
        c.goldstein.label("goldstein"),
        c.quad_class.label("quad_class"),
        c.article_id.label("article_id"),
        c.group_id.label("group_id"),
    ).select_from(events)
    if scope.dedup:
        stmt = canonical_only(stmt)
    conditions = [*filter_conditions(_effective(scope.filters, scope.modalities)), *where]
    if conditions:
        stmt = stmt.where(and_(*conditions))
    return stmt


def _summed(parts: Sequence[Select[Any]], keys: Sequence[str], *, per_phrase: bool) -> Select[Any]:
    src = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery("src")
    if per_phrase:
        src = (
            select(
                *(src.c[k] for k in keys),
                func.max(src.c.goldstein).label("goldstein"),
                func.min(src.c.quad_class).label("quad_class"),
            )
            .group_by(*(src.c[k] for k in keys), src.c.article_id, src.c.group_id)
            .subquery("phrases")
        )
    cols = [src.c[k] for k in keys]
    return (
        select(
            *cols,
            func.count().label("n"),
            func.sum(src.c.goldstein).label("gsum"),
            func.avg(src.c.goldstein).label("gmean"),
            *(func.sum(case((src.c.quad_class == q, 1), else_=0)).label(f"q{q}") for q in QUADS),
        )
        .group_by(*cols)
        .order_by(*cols)
    )


def _present(column: ColumnElement[Any]) -> ColumnElement[bool]:
    return and_(column.is_not(None), column != "")


def _either_side(
    source: ColumnElement[Any],
    target: ColumnElement[Any],
    extra: Mapping[str, ColumnElement[Any]],
    *,
    side: str,
    scope: _Scope,
    where: Sequence[ColumnElement[bool]] = (),
) -> list[Select[Any]]:
    """Row selects keyed by the source, the target, or both (once per distinct key)."""
    if side not in SIDES:
        raise ValueError(f"unknown side {side!r}: use one of {', '.join(SIDES)}")
    parts = []
    if side in ("either", "source"):
        parts.append(_rows({**extra, "key": source}, where=[*where, _present(source)], scope=scope))
    if side in ("either", "target"):
        cond = [*where, _present(target)]
        if side == "either":
            cond.append(or_(source.is_(None), source != target))
        parts.append(_rows({**extra, "key": target}, where=cond, scope=scope))
    return parts


def _dated() -> list[ColumnElement[bool]]:
    return [events.c.day.is_not(None), events.c.date_historical.is_not(True)]


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _next(day: dt.date, interval: str) -> dt.date:
    if interval == "day":
        return day + dt.timedelta(days=1)
    if interval == "week":
        return day + dt.timedelta(days=7)
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _point(row: Any, period: dt.date, key: str | None) -> SeriesPoint:
    return SeriesPoint(
        period=period.isoformat(),
        count=int(row.n),
        goldstein_sum=float(row.gsum or 0.0),
        goldstein_mean=float(row.gmean) if row.gmean is not None else None,
        quad={q: int(getattr(row, f"q{q}") or 0) for q in QUADS},
        key=key,
    )


def _series(
    store: EventSource,
    parts: Sequence[Select[Any]],
    *,
    interval: str,
    keyed: bool,
    per_phrase: bool,
    fill: bool,
    keys: Sequence[str] = (),
    top: int | None = None,
) -> list[SeriesPoint]:
    names = ["period", "key"] if keyed else ["period"]
    with store.engine.connect() as conn:
        found = [
            _point(row, _date(row.period), str(row.key) if keyed else None)
            for row in conn.execute(_summed(parts, names, per_phrase=per_phrase))
        ]
    if keyed and (keys or top is not None):
        wanted = {k.upper() for k in keys}
        if top is not None:
            totals: dict[str, int] = {}
            for p in found:
                if not wanted or p.key in wanted:
                    totals[p.key or ""] = totals.get(p.key or "", 0) + p.count
            wanted = {k for k, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top]}
        found = [p for p in found if p.key in wanted]
    if fill and found:
        found = _filled(found, interval)
    return sorted(found, key=lambda p: (p.key or "", p.period))


def _filled(points: list[SeriesPoint], interval: str) -> list[SeriesPoint]:
    first = min(dt.date.fromisoformat(p.period) for p in points)
    last = max(dt.date.fromisoformat(p.period) for p in points)
    periods = []
    day = first
    while day <= last:
        periods.append(day.isoformat())
        day = _next(day, interval)
    have = {(p.key, p.period) for p in points}
    out = list(points)
    for key in {p.key for p in points}:
        for period in periods:
            if (key, period) not in have:
                out.append(SeriesPoint(period, 0, 0.0, None, dict.fromkeys(QUADS, 0), key))
    return out


# -- series ---------------------------------------------------------------------------


def time_series(
    store: EventSource,
    *,
    interval: Interval = "month",
    filters: EventFilter = ALL_EVENTS,
    dyad: tuple[str, str] | None = None,
    dedup: bool = False,
    modalities: tuple[str, ...] = DEFAULT_MODALITIES,
    per_phrase: bool = False,
    fill: bool = True,
) -> list[SeriesPoint]:
    """Events per period; `dyad` = (source prefix, target prefix), directed, named in `key`."""
    if dyad is not None:
        filters = dataclasses.replace(filters, source=dyad[0], target=dyad[1])
    part = _rows(
        {"period": _bucket(store, interval)},
        scope=_scope(store, filters, modalities, dedup),
        where=_dated(),
    )
    points = _series(
        store, [part], interval=interval, keyed=False, per_phrase=per_phrase, fill=fill
    )
    if dyad is None:
        return points
    key = f"{dyad[0].strip().upper()}-{dyad[1].strip().upper()}"
    return [dataclasses.replace(p, key=key) for p in points]


def country_series(
    store: EventSource,
    *,
    interval: Interval = "month",
    filters: EventFilter = ALL_EVENTS,
    dedup: bool = False,
    modalities: tuple[str, ...] = DEFAULT_MODALITIES,
    side: str = "either",
    countries: tuple[str, ...] = (),
    top: int | None = None,
    per_phrase: bool = False,
    fill: bool = False,
) -> list[SeriesPoint]:
    """One series per actor country (the country part of the actor codes), as `key`.

    Only periods with events are listed unless `fill`."""
    return _keyed_series(
        store,
        events.c.source_country,
        events.c.target_country,
        interval=interval,
        filters=filters,
        dedup=dedup,
        modalities=modalities,
        side=side,
        keys=countries,
        top=top,
        per_phrase=per_phrase,
        fill=fill,
    )


def actor_series(
    store: EventSource,
    *,
    interval: Interval = "month",
    filters: EventFilter = ALL_EVENTS,
    dedup: bool = False,
    modalities: tuple[str, ...] = DEFAULT_MODALITIES,
    side: str = "either",
    actors: tuple[str, ...] = (),
    top: int | None = None,
    per_phrase: bool = False,
    fill: bool = False,
) -> list[SeriesPoint]:
    """One series per full actor code (e.g. RUSGOV), as `key`.

    Only periods with events are listed unless `fill`."""
    return _keyed_series(
        store,
        events.c.source_code,
        events.c.target_code,
        interval=interval,
        filters=filters,
        dedup=dedup,
        modalities=modalities,
        side=side,
        keys=actors,
        top=top,
        per_phrase=per_phrase,
        fill=fill,
    )


def _keyed_series(
    store: EventSource,
    source: ColumnElement[Any],
    target: ColumnElement[Any],
    *,
    interval: str,
    filters: EventFilter,
    dedup: bool,
    modalities: Sequence[str],
    side: str,
    keys: Sequence[str],
    top: int | None,
    per_phrase: bool,
    fill: bool,
) -> list[SeriesPoint]:
    if top is not None and top < 1:
        raise ValueError("top must be >= 1")
    parts = _either_side(
        source,
        target,
        {"period": _bucket(store, interval)},
        side=side,
        scope=_scope(store, filters, modalities, dedup),
        where=_dated(),
    )
    return _series(
        store,
        parts,
        interval=interval,
        keyed=True,
        per_phrase=per_phrase,
        fill=fill,
        keys=keys,
        top=top,
    )


# -- networks -------------------------------------------------------------------------


def actor_network(
    store: EventSource,
    *,
    filters: EventFilter = ALL_EVENTS,
    level: Literal["actor", "country"] = "actor",
    dedup: bool = False,
    modalities: tuple[str, ...] = DEFAULT_MODALITIES,
    min_count: int = 1,
    per_phrase: bool = False,
) -> nx.DiGraph:
    """A directed graph of who acted on whom, from events with both a source and a target.

    Nodes: `label` (the most frequent name seen for the code) and `count` (events with the
    node on either side). Edges: `count`, `goldstein_mean` (None without scores),
    `goldstein_sum` and `q1`..`q4`. Edges under `min_count` are dropped, then nodes left
    without edges. Self-loops (RUSGOV → RUSMIL at country level) are kept.
    """
    if level not in ("actor", "country"):
        raise ValueError(f"unknown level {level!r}: use actor or country")
    if min_count < 1:
        raise ValueError("min_count must be >= 1")
    suffix = "code" if level == "actor" else "country"
    source, target = events.c[f"source_{suffix}"], events.c[f"target_{suffix}"]
    scope = _scope(store, filters, modalities, dedup)
    both = [_present(source), _present(target)]
    edge_rows = _rows({"tail": source, "head": target}, where=both, scope=scope)
    node_parts = _either_side(source, target, {}, side="either", scope=scope, where=both)
    graph = nx.DiGraph()
    with store.engine.connect() as conn:
        edges = list(conn.execute(_summed([edge_rows], ["tail", "head"], per_phrase=per_phrase)))
        nodes = {
            str(r.key): int(r.n)
            for r in conn.execute(_summed(node_parts, ["key"], per_phrase=per_phrase))
        }
        labels = _labels(conn, level, scope)
    for row in edges:
        if int(row.n) < min_count:
            continue
        for node in (str(row.tail), str(row.head)):
            if node not in graph:
                graph.add_node(node, label=labels.get(node, node), count=nodes.get(node, 0))
        graph.add_edge(
            str(row.tail),
            str(row.head),
            count=int(row.n),
            goldstein_mean=float(row.gmean) if row.gmean is not None else None,
            goldstein_sum=float(row.gsum or 0.0),
            **{f"q{q}": int(getattr(row, f"q{q}") or 0) for q in QUADS},
        )
    return graph


def _labels(conn: Any, level: str, scope: _Scope) -> dict[str, str]:
    """The most frequent name per node (ties: alphabetical); country nodes: bare codes."""
    parts = []
    for side in ("source", "target"):
        code, name = events.c[f"{side}_code"], events.c[f"{side}_name"]
        where = [_present(code), _present(name)]
        if level == "country":
            where.append(code == events.c[f"{side}_country"])  # "SYR", not "SYRGOV"
        parts.append(_rows({"code": code, "name": name}, where=where, scope=scope))
    src = union_all(*parts).subquery()
    n = func.count().label("n")
    stmt = select(src.c.code, src.c.name, n).group_by(src.c.code, src.c.name)
    best: dict[str, tuple[int, str]] = {}
    for code, name, count in conn.execute(stmt):
        current = best.get(code)
        if current is None or (-int(count), str(name)) < (-current[0], current[1]):
            best[str(code)] = (int(count), str(name))
    return {code: name for code, (_, name) in best.items()}


def network_to_json(graph: nx.DiGraph) -> dict[str, Any]:
    """The graph as {"nodes": [{id, label, count}], "edges": [{source, target, count, ...}]}.

    Edge keys: source, target, count, goldstein_mean, q1, q2, q3, q4.
    """
    return {
        "nodes": [
            {"id": n, "label": d.get("label", n), "count": d.get("count", 0)}
            for n, d in sorted(graph.nodes(data=True))
        ],
        "edges": [
            {
                "source": s,
                "target": t,
                "count": d["count"],
                "goldstein_mean": d.get("goldstein_mean"),
                **{f"q{q}": d.get(f"q{q}", 0) for q in QUADS},
            }
            for s, t, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1]))
        ],
    }


# -- places ---------------------------------------------------------------------------


def place_counts(
    store: EventSource,
    *,
    filters: EventFilter = ALL_EVENTS,
    dedup: bool = False,
    modalities: tuple[str, ...] = DEFAULT_MODALITIES,
    per_phrase: bool = False,
) -> list[PlaceCount]:
    """Events per resolved place (name, country, coordinates), most events first."""
    c = events.c
    cols = {
        "name": c["place_name"],
        "country": c.place_country,
        "lat": c["place_lat"],
        "lon": c["place_lon"],
        "kind": c["place_kind"],
    }
    part = _rows(
        cols, scope=_scope(store, filters, modalities, dedup), where=[_present(c["place_name"])]
    )
    with store.engine.connect() as conn:
        rows = list(conn.execute(_summed([part], list(cols), per_phrase=per_phrase)))
    out = [
        PlaceCount(
            name=str(r.name),
            country=r.country,
            lat=float(r.lat) if r.lat is not None else None,
            lon=float(r.lon) if r.lon is not None else None,
            count=int(r.n),
            goldstein_mean=float(r.gmean) if r.gmean is not None else None,
            kind=r.kind,
        )
        for r in rows
    ]
    return sorted(out, key=lambda p: (-p.count, p.name, p.country or ""))
