"""Conversions between pipeline records and database rows (both directions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from casus.model import ActorRef, Article, Event, event_ids
from casus.store.schema import articles, events
from casus.store.search import search_words

if TYPE_CHECKING:
    from casus.store.store import LogEntry


def as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _resolution_row(side: str, ref: ActorRef | None) -> dict[str, Any]:
    if ref is None:
        return {f"{side}_method": None, f"{side}_person": None}
    return {f"{side}_method": ref.method, f"{side}_person": ref.person or None}


def _actor_row(side: str, ref: ActorRef | None) -> dict[str, Any]:
    if ref is None:
        return (
            {
                f"{side}_{k}": None
                for k in ("code", "name", "text", "start", "end", "country", "sector", "org")
            }
            | {f"{side}_from_memory": None}
            | _resolution_row(side, None)
        )
    return {
        f"{side}_code": ref.actor.code,
        f"{side}_name": ref.actor.name,
        f"{side}_text": ref.text,
        f"{side}_start": ref.start,
        f"{side}_end": ref.end,
        f"{side}_country": ref.actor.country,
        f"{side}_sector": ref.actor.sector,
        f"{side}_org": ref.actor.organisation,
        f"{side}_from_memory": ref.from_memory,
        **_resolution_row(side, ref),
    }


def _event_day(ev: Event, article: Article) -> dt.date | None:
    if ev.date:
        try:
            return dt.date.fromisoformat(ev.date[:10])
        except ValueError:
            pass
    return as_date(article.published) if article.published is not None else None


def event_row(article: Article, position: int, ev: Event, event_id: str) -> dict[str, Any]:
    """The `events` row of an article's event; `event_id` from `casus.model.event_ids`."""
    d = ev.to_dict()
    attribution = d["attribution"]
    place = ev.place
    detail = ev.date_detail
    return {
        "article_id": article.id,
        "position": position,
        "doc_id": ev.doc_id,
        "sentence_index": ev.sentence_index,
        "sentence": ev.sentence,
        **_actor_row("source", ev.source),
        **_actor_row("target", ev.target),
        "cameo": ev.cameo,
        "root": ev.root,
        "cameo_name": ev.cameo_name,
        "goldstein": ev.goldstein,
        "quad_class": ev.quad_class,
        "plover_event": ev.plover_event,
        "plover_mode": ev.plover_mode,
        "modality": ev.modality,
        "attribution_code": attribution["code"] if attribution else None,
        "attribution_name": attribution["name"] if attribution else None,
        "attribution_text": attribution["text"] if attribution else None,
        **_resolution_row("attribution", ev.attribution),
        "place": d["place"],
        "place_country": place.country if place is not None else None,
        "place_name": place.name if place is not None else None,
        "place_kind": place.kind if place is not None else None,
        "place_lat": place.lat if place is not None else None,
        "place_lon": place.lon if place is not None else None,
        "date": ev.date,
        "day": _event_day(ev, article),
        "date_precision": detail.precision if detail is not None else None,
        "date_historical": detail.historical if detail is not None else None,
        "date_detail": d["date_detail"],
        "evidence_trigger": ev.evidence.trigger,
        "evidence_start": ev.evidence.start,
        "evidence_end": ev.evidence.end,
        "evidence_rule": ev.evidence.rule,
        "evidence_conventions": list(ev.evidence.conventions),
        "confidence": ev.confidence,
        "group_id": ev.group,
        "event_id": event_id,
        "search_text": search_words(ev.sentence),
    }


def article_outlet(article: Article) -> str | None:
    """The article's outlet, else the host of its URL without "www."."""
    if article.outlet:
        return article.outlet
    if article.url:
        host = urlsplit(article.url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def article_row(
    article: Article, raw_key: str, n_events: int, run_id: int, now: dt.datetime
) -> dict[str, Any]:
    return {
        "id": article.id,
        "doc_id": article.doc_id or article.source_name,
        "raw_key": raw_key,
        "name": article.source_name,
        "url": article.url,
        "outlet": article_outlet(article),
        "title": article.title,
        "published": as_date(article.published) if article.published is not None else None,
        "genre": article.genre,
        "language": article.language,
        "text": article.text,
        "n_chars": len(article.text),
        "n_events": n_events,
        "run_id": run_id,
        "stored_at": now,
    }


# Columns of the rows an ingest worker builds: the `articles` ones but the run's (filled in
# by the process that saves), the `events` ones but the database's autoincrement id.
RUN_COLUMNS = ("run_id", "stored_at")
ARTICLE_COLUMNS = tuple(c.name for c in articles.c if c.name not in RUN_COLUMNS)
EVENT_COLUMNS = tuple(c.name for c in events.c if c.name != "id")


class ArticleRows(NamedTuple):
    """A coded article as the values of its `articles` row (`ARTICLE_COLUMNS`) and of its
    events' rows (`EVENT_COLUMNS`).

    Built where the article was coded: plain tuples cost the saving process far less to
    receive (unpickle) and insert than the `Article` and `Event` records they come from.
    """

    id: str
    article: tuple[Any, ...]
    events: list[tuple[Any, ...]]

    def article_row(self, run_id: int, now: dt.datetime) -> dict[str, Any]:
        return dict(zip(ARTICLE_COLUMNS, self.article, strict=True), run_id=run_id, stored_at=now)

    def event_rows(self) -> list[dict[str, Any]]:
        return [dict(zip(EVENT_COLUMNS, values, strict=True)) for values in self.events]


def article_rows(article: Article, raw_key: str, evs: Sequence[Event]) -> ArticleRows:
    """The rows of a coded article (`article.id` is its store id) and of its events."""
    row = article_row(article, raw_key, len(evs), 0, _EPOCH)
    values = _values(row, ARTICLE_COLUMNS)
    rows = [
        event_row(article, position, ev, event_id)
        for position, (ev, event_id) in enumerate(zip(evs, event_ids(article.id, evs), strict=True))
    ]
    return ArticleRows(article.id, values, [_values(row, EVENT_COLUMNS) for row in rows])


def _values(row: dict[str, Any], columns: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(row[name] for name in columns)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def log_row(entry: LogEntry, run_id: int, now: dt.datetime) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "name": entry.name,
        "status": entry.status,
        "kind": entry.kind,
        "reason": entry.reason,
        "article_id": entry.article_id,
        "raw_key": entry.raw_key,
        "at": now,
    }


@dataclass(frozen=True, slots=True)
class StoredActor:
    """An actor slot of a stored event: what the event schema shows of it (`to_dict`), and
    the parts of its actor code that the flat export layouts add (country, sector,
    organisation)."""

    code: str
    name: str
    text: str
    start: int
    end: int
    country: str | None = None
    sector: str | None = None
    org: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any], side: str) -> StoredActor | None:
        # `event_row` fills a slot's columns together, all of them or none
        if row[f"{side}_text"] is None:
            return None
        return cls(
            row[f"{side}_code"],
            row[f"{side}_name"],
            row[f"{side}_text"],
            row[f"{side}_start"],
            row[f"{side}_end"],
            row[f"{side}_country"],
            row[f"{side}_sector"],
            row[f"{side}_org"],
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class StoredAttribution:
    """Who a reported event is attributed to."""

    code: str
    name: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "text": self.text}


@dataclass(frozen=True, slots=True)
class StoredEvidence:
    """`model.Evidence` as stored: its rule may be NULL in a store, so it is a record of its
    own rather than an `Evidence` with a rule it does not have."""

    trigger: str
    start: int
    end: int
    rule: str | None
    conventions: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "trigger": self.trigger,
            "start": self.start,
            "end": self.end,
            "rule": self.rule,
            "conventions": list(self.conventions),
        }


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """The article a stored event comes from, as far as its event record names it."""

    id: str
    doc_id: str | None
    url: str | None
    title: str | None
    published: dt.date | None
    outlet: str | None
    genre: str | None

    def to_dict(self) -> dict[str, Any]:
        published = self.published
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "url": self.url,
            "title": self.title,
            "published": published.isoformat() if published is not None else None,
            "outlet": self.outlet,
            "genre": self.genre,
        }


@dataclass(frozen=True, slots=True)
class StoredPlace:
    """Where a stored event happened, as the gazetteer resolved it: the `place_*` columns
    beside the place's JSON (which holds the text it was read from and its span)."""

    country: str | None
    name: str | None
    kind: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class StoredDay:
    """The day an event is counted on (its own date, else the article's publication date),
    how precise its own date is, and whether it is a historical reference."""

    day: dt.date | None
    precision: str | None
    historical: bool | None


@dataclass(frozen=True, slots=True)
class CanonicalCounts:
    """What a canonical event stands for (`casus dedup`): its reports' counts and days.

    The values are kept as the database hands them back (SQLite may give a coalesced day
    as text): the exports write them so, and `to_dict` normalises them for JSON.
    """

    n_events: int
    n_articles: int
    n_outlets: int
    n_stories: int
    first_day: dt.date | str | None
    last_day: dt.date | str | None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> CanonicalCounts | None:
        """The `dedup_*` columns of a row read with them (`canonical_only(with_counts=True)`)."""
        if "dedup_n_events" not in row:
            return None
        return cls(*(row[f"dedup_{name}"] for name in DEDUP_FIELDS))

    def to_dict(self) -> dict[str, Any]:
        """The "dedup" object of a canonical event: integer counts, ISO days."""
        out: dict[str, Any] = {}
        for name in DEDUP_FIELDS:
            value = getattr(self, name)
            out[name] = _iso_day(value) if name.endswith("_day") else int(value)
        return out


DEDUP_FIELDS = ("n_events", "n_articles", "n_outlets", "n_stories", "first_day", "last_day")


def _iso_day(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:10]  # SQLite may hand a coalesced DATE back as text


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """A stored event as its readers see it: the one record `Store.iter_events`, every
    export layout and format and the web app build from a flat row (of `Store.iter_rows`,
    or of a Parquet dataset, which has the same columns).

    `to_dict` is the JSON event schema (as `casus code` writes it), starting with
    "event_id", the event's stable id, and ending with "article" (then "dedup" for a
    canonical event read with its counts). `place` and `date_detail` are the JSON stored
    for them (`casus.model.Place`, `casus.model.DateDetail`). The fields after `article`
    are what the flat layouts and the web add to the schema: the event's index in its
    article, its resolved place, its day, its database row id (None in a Parquet dataset)
    and its canonical counts.
    """

    event_id: str
    doc_id: str | None
    sentence_index: int
    sentence: str
    source: StoredActor | None
    target: StoredActor | None
    cameo: str
    root: str
    cameo_name: str
    goldstein: float
    quad_class: int
    plover_event: str | None
    plover_mode: str | None
    modality: str
    attribution: StoredAttribution | None
    place: dict[str, Any] | None
    date: str | None
    date_detail: dict[str, Any] | None
    evidence: StoredEvidence
    confidence: float
    group: int | None
    article: StoredArticle
    position: int
    located: StoredPlace
    dated: StoredDay
    row_id: int | None = None
    canonical: CanonicalCounts | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> StoredEvent:
        attribution = None
        if row["attribution_text"] is not None:
            attribution = StoredAttribution(
                row["attribution_code"], row["attribution_name"], row["attribution_text"]
            )
        return cls(
            event_id=row["event_id"],
            doc_id=row["doc_id"],
            sentence_index=row["sentence_index"],
            sentence=row["sentence"],
            source=StoredActor.from_row(row, "source"),
            target=StoredActor.from_row(row, "target"),
            cameo=row["cameo"],
            root=row["root"],
            cameo_name=row["cameo_name"],
            goldstein=row["goldstein"],
            quad_class=row["quad_class"],
            plover_event=row["plover_event"],
            plover_mode=row["plover_mode"],
            modality=row["modality"],
            attribution=attribution,
            place=row["place"],
            date=row["date"],
            date_detail=row["date_detail"],
            evidence=StoredEvidence(
                row["evidence_trigger"],
                row["evidence_start"],
                row["evidence_end"],
                row["evidence_rule"],
                tuple(row["evidence_conventions"] or ()),
            ),
            confidence=row["confidence"],
            group=row["group_id"],
            article=StoredArticle(
                row["article_id"],
                row["article_doc_id"],
                row["article_url"],
                row["article_title"],
                row["article_published"],
                row["article_outlet"],
                row["article_genre"],
            ),
            position=row["position"],
            located=StoredPlace(
                row["place_country"],
                row["place_name"],
                row["place_kind"],
                row["place_lat"],
                row["place_lon"],
            ),
            dated=StoredDay(row["day"], row["date_precision"], row["date_historical"]),
            row_id=row.get("id"),
            canonical=CanonicalCounts.from_row(row),
        )

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "source": self.source.to_dict() if self.source is not None else None,
            "target": self.target.to_dict() if self.target is not None else None,
            "cameo": self.cameo,
            "root": self.root,
            "cameo_name": self.cameo_name,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "plover": {"event": self.plover_event, "mode": self.plover_mode},
            "modality": self.modality,
            "attribution": self.attribution.to_dict() if self.attribution is not None else None,
            "place": self.place,
            "date": self.date,
            "date_detail": self.date_detail,
            "evidence": self.evidence.to_dict(),
            "confidence": self.confidence,
            "group": self.group,
            "article": self.article.to_dict(),
        }
        if self.canonical is not None:
            record["dedup"] = self.canonical.to_dict()
        return record
