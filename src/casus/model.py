"""Typed records that flow between the pipeline stages."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Literal

Modality = Literal[
    "asserted", "reported", "negated", "hypothetical", "future", "recommended", "question"
]
MODALITIES: tuple[str, ...] = (
    "asserted",
    "reported",
    "negated",
    "hypothetical",
    "future",
    "recommended",
    "question",
)
# What the text says happened (its own account or one it reports): the default of every
# count, export filter, aggregate and duplicate search.
FACTUAL_MODALITIES: tuple[str, ...] = ("asserted", "reported")


# The country part of an agent whose country neither the text nor its context says
# ("police" in a story that never names its country): coded by sector alone, "---COP",
# as Phoenix data does.
UNKNOWN_COUNTRY = "---"
# Country parts that are not states: international, non-governmental, militant, unknown.
NON_STATE_COUNTRIES = frozenset({"IGO", "NGO", "IMG", UNKNOWN_COUNTRY})


def is_state(country: str) -> bool:
    """Whether an actor's country part names a state (ISO alpha-3)."""
    return len(country) == 3 and country not in NON_STATE_COUNTRIES


@dataclass(frozen=True, slots=True)
class Actor:
    """A CAMEO-style actor: country part + sector + optional organisation part."""

    country: str
    sector: str = ""
    organisation: str = ""
    name: str = ""

    @property
    def code(self) -> str:
        return f"{self.country}{self.sector}{self.organisation}"


# How an actor's code was found: "name", the phrase names a dictionary entry (a country,
# organisation, group or person the dictionaries list); "title", a person the dictionaries
# do not list, coded from the title or role before the name ("Foreign Minister Jane Roe"),
# or a later mention of that person by name ("Roe"); "" for everything else (sector and role
# nouns, pronouns, context). `casus actors unknown` lists the "title" people.
Resolution = Literal["", "name", "title"]
RESOLUTIONS: tuple[str, ...] = ("", "name", "title")


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as it appears in one article: the actor plus the text span that named it."""

    actor: Actor
    text: str
    start: int
    end: int
    from_memory: bool = False
    method: Resolution = ""
    # with method "title": the person's name without the title ("Jane Roe"), else ""
    person: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.actor.code,
            "name": self.actor.name,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why an event was coded: the trigger span and the dictionary rule that fired."""

    trigger: str
    start: int
    end: int
    rule: str
    # The named coding conventions (casus/events/steps/) that changed or kept the event.
    conventions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "trigger": self.trigger,
            "start": self.start,
            "end": self.end,
            "rule": self.rule,
            "conventions": list(self.conventions),
        }


# The most bytes one input document may have: larger ones are refused unread.
MAX_BYTES = 20_000_000


@dataclass(frozen=True, slots=True)
class RawDoc:
    """Bytes or text as read, before extraction, with what the caller told us about it."""

    name: str
    content: bytes | str
    date: dt.date | None = None
    title: str | None = None
    url: str | None = None
    id: str | None = None
    charset: str | None = None  # from the transport (HTTP header), a hint for decode()
    fetched: dt.date | None = None  # crawl date: used only when the page gives no date
    outlet: str | None = None
    # A record (JSON Lines, CSV, feed entry) is text someone chose, not a scraped page: its
    # plain text is coded as given, with no page-chrome removal.
    record: bool = False


@dataclass(frozen=True, slots=True)
class Article:
    """An article ready for coding: clean text plus metadata."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    genre: Literal["news", "opinion", "other"] = "news"
    language: str = "en"
    source_name: str | None = None
    outlet: str | None = None
    doc_id: str | None = None  # the user's name for it: a record's id, else the file name


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened: the place named (or implied) and how it was found.

    `text`/`start`/`end` are the words naming it (None when the place comes from the
    article, not the sentence); `lat`/`lon` are rounded to 5 decimals when it is built.
    """

    text: str | None
    start: int | None
    end: int | None
    name: str
    kind: str
    country: str | None
    countries: tuple[str, ...]
    admin1: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    method: str

    def to_dict(self) -> dict[str, Any]:
        """The event schema's `place` object (see README), keys in field order."""
        out = _record(self)
        out["countries"] = list(self.countries)
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Place:
        """The place of a `place` object as `to_dict` writes it (a stored or exported event)."""
        return cls(**{**_fields_of(cls, d), "countries": tuple(d["countries"])})


@dataclass(frozen=True, slots=True)
class DateDetail:
    """How an event's date was found: the date expression, its precision, and whether it
    is a historical reference rather than news of the article's day.

    `text`/`start`/`end` are None when the date is the article's; `precision` is None when
    the act has no date of its own (an act recalled as background).
    """

    text: str | None
    start: int | None
    end: int | None
    precision: str | None
    historical: bool
    method: str

    def to_dict(self) -> dict[str, Any]:
        """The event schema's `date_detail` object (see README), keys in field order."""
        return _record(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> DateDetail:
        """The detail of a `date_detail` object as `to_dict` writes it."""
        return cls(**_fields_of(cls, d))


def _record(obj: Place | DateDetail) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def _fields_of(cls: type[Place] | type[DateDetail], d: Mapping[str, Any]) -> dict[str, Any]:
    """The record's fields read from an object (a missing key is an error, as it should be)."""
    return {f.name: d[f.name] for f in fields(cls)}


@dataclass(frozen=True, slots=True)
class Event:
    """One coded interaction: who did what to whom, with its provenance."""

    doc_id: str
    sentence_index: int
    sentence: str
    source: ActorRef | None
    target: ActorRef | None
    cameo: str
    cameo_name: str
    goldstein: float
    quad_class: int
    plover_event: str
    plover_mode: str | None
    modality: Modality
    attribution: ActorRef | None
    evidence: Evidence
    confidence: float
    group: int = 0
    place: Place | None = None
    date: str | None = None
    date_detail: DateDetail | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> str:
        return self.cameo[:2]

    def with_context(
        self, place: Place | None, date: str | None, date_detail: DateDetail | None
    ) -> Event:
        """The event with its place and date: `dataclasses.replace(self, place=..., date=...,
        date_detail=...)`, built field by field (`replace` looks the fields up on every call,
        and the context stage makes one per event)."""
        return Event(
            self.doc_id,
            self.sentence_index,
            self.sentence,
            self.source,
            self.target,
            self.cameo,
            self.cameo_name,
            self.goldstein,
            self.quad_class,
            self.plover_event,
            self.plover_mode,
            self.modality,
            self.attribution,
            self.evidence,
            self.confidence,
            self.group,
            place,
            date,
            date_detail,
            self.extra,
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON event schema (a contract: see README)."""
        attribution = None
        if self.attribution is not None:
            attribution = {
                "code": self.attribution.actor.code or None,
                "name": self.attribution.actor.name or None,
                "text": self.attribution.text,
            }
        return {
            "doc_id": self.doc_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "root": self.root,
            "cameo_name": self.cameo_name,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "plover": {"event": self.plover_event, "mode": self.plover_mode},
            "modality": self.modality,
            "attribution": attribution,
            "place": self.place.to_dict() if self.place is not None else None,
            "date": self.date,
            "date_detail": self.date_detail.to_dict() if self.date_detail is not None else None,
            "evidence": self.evidence.to_dict(),
            "confidence": self.confidence,
            "group": self.group,
        }


def event_ids(article_key: str, events: Sequence[Event]) -> list[str]:
    """The stable identity of each of an article's events, in the order given.

    `article_key` is the article's store id: the sha256 of its normalised text
    (`casus.extract.article_id`), so the same article gets the same ids in `casus code`,
    in the store and in every export, whatever file or record it was read from. An id is
    the first 32 hex digits of the sha256 of the article key, the sentence index, the
    trigger's offsets, the CAMEO code and each actor's code and offsets: it does not
    depend on the other events of the article, on their order or on coding options that
    drop events. Events that agree on all of these (one trigger coded twice with another
    modality) are told apart by their order: the second gets "|2" in its key, and so on.
    """
    keys = [
        event_key(
            ev.sentence_index,
            ev.evidence.start,
            ev.evidence.end,
            ev.cameo,
            _actor_key(ev.source),
            _actor_key(ev.target),
        )
        for ev in events
    ]
    return ids_of_keys(article_key, keys)


ActorKey = tuple[str, int, int] | None  # (code, start, end) of an actor span, or no actor


def event_key(
    sentence_index: int,
    trigger_start: int,
    trigger_end: int,
    cameo: str,
    source: ActorKey,
    target: ActorKey,
) -> str:
    """What an event's id is made of (see `event_ids`), apart from its article."""

    def actor(ref: ActorKey) -> str:
        return "-" if ref is None else f"{ref[0]}:{ref[1]}:{ref[2]}"

    parts = (sentence_index, trigger_start, trigger_end, cameo, actor(source), actor(target))
    return "|".join(str(p) for p in parts)


def ids_of_keys(article_key: str, keys: Sequence[str]) -> list[str]:
    """Event ids from `event_key`s of one article, in order (repeated keys numbered)."""
    seen: dict[str, int] = {}
    ids: list[str] = []
    for key in keys:
        n = seen.get(key, 0) + 1
        seen[key] = n
        full = f"{article_key}|{key}" + (f"|{n}" if n > 1 else "")
        ids.append(hashlib.sha256(full.encode("utf-8")).hexdigest()[:32])
    return ids


def _actor_key(ref: ActorRef | None) -> ActorKey:
    return None if ref is None else (ref.actor.code, ref.start, ref.end)
