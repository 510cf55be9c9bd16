"""Cut an article's text into segments marked with the actor mentions and triggers they hold.

The template renders each segment as escaped text inside a <span> whose classes and
data attributes say which events it belongs to; nothing here produces HTML, so the article
text can never become markup.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A marked range of the text: an actor mention or an event's trigger."""

    start: int
    end: int
    kind: str  # "actor" | "trigger"
    event: int  # the event's row id (or index in a coded-not-stored result)


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text with the same marks; `events` are the ids whose spans cover it."""

    text: str
    kinds: tuple[str, ...] = ()
    events: tuple[int, ...] = field(default=())

    @property
    def css(self) -> str:
        return " ".join(f"hl-{k}" for k in self.kinds)

    @property
    def data_events(self) -> str:
        return " ".join(str(e) for e in self.events)


def event_spans(record: Mapping[str, Any], event_key: int) -> list[Span]:
    """The actor and trigger spans of one event record (JSON event schema)."""
    spans = []
    for side in ("source", "target"):
        actor = record.get(side)
        if isinstance(actor, Mapping) and _valid(actor.get("start"), actor.get("end")):
            spans.append(Span(int(actor["start"]), int(actor["end"]), "actor", event_key))
    evidence = record.get("evidence")
    if isinstance(evidence, Mapping) and _valid(evidence.get("start"), evidence.get("end")):
        spans.append(Span(int(evidence["start"]), int(evidence["end"]), "trigger", event_key))
    return spans


def _valid(start: Any, end: Any) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """Split `text` at every span boundary; overlapping spans simply share a segment."""
    usable = [s for s in spans if s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in usable), *(s.end for s in usable)})
    out: list[Segment] = []
    for start, end in itertools.pairwise(cuts):
        covering = [s for s in usable if s.start <= start and end <= s.end]
        kinds = tuple(sorted({s.kind for s in covering}))
        ids = tuple(sorted({s.event for s in covering}))
        out.append(Segment(text[start:end], kinds, ids))
    return out
