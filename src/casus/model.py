"""Typed records that flow between the pipeline stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
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


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as it appears in one article: the actor plus the text span that named it."""

    actor: Actor
    text: str
    start: int
    end: int
    from_memory: bool = False

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

    def to_dict(self) -> dict[str, Any]:
        return {"trigger": self.trigger, "start": self.start, "end": self.end, "rule": self.rule}


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
    place: dict[str, Any] | None = None
    date: str | None = None
    date_detail: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> str:
        return self.cameo[:2]

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
            "place": self.place,
            "date": self.date,
            "date_detail": self.date_detail,
            "evidence": self.evidence.to_dict(),
            "confidence": self.confidence,
            "group": self.group,
        }
