"""Implied country: domestic agents the text names without a country take the story's country.

"police arrested ...", "the state government said ..." in a story datelined "baroda:" or set
"in Ahmedabad" are India's police and government. The resolver codes such agents by sector
alone (``---COP``); once the context stage has placed each event (its sentence's place, the
dateline, the places of the article, else its actors' countries), this step gives those
agents the country of that place and records how in the event's evidence.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from casus.model import UNKNOWN_COUNTRY, Actor, ActorRef, Event, is_state

# How the place was found → the evidence name of the rule that implied the country.
_SOURCES = (
    ("sentence", "implied-country:sentence-place"),
    ("dateline", "implied-country:dateline"),
    ("article-context", "implied-country:article-places"),
    ("actor-country", "implied-country:article-actors"),
)


def _rule(place: dict[str, object] | None) -> tuple[str, str] | None:
    """The country of an event's place and the rule naming where it came from."""
    if not place:
        return None
    country = place.get("country")
    method = str(place.get("method") or "")
    if not isinstance(country, str) or not is_state(country):
        return None
    for prefix, rule in _SOURCES:
        if method.startswith(prefix):
            return country, rule
    return None


def _imply(ref: ActorRef | None, country: str, names: dict[str, str]) -> ActorRef | None:
    if ref is None or ref.actor.country != UNKNOWN_COUNTRY:
        return ref
    old = ref.actor
    name = f"{names.get(country, country)} {old.name}".strip()
    return dataclasses.replace(ref, actor=Actor(country, old.sector, old.organisation, name))


def imply_countries(events: Sequence[Event], *, country_names: dict[str, str]) -> list[Event]:
    """Events whose sector-only agents (``---COP``) take the country of the event's place."""
    out: list[Event] = []
    for event in events:
        found = _rule(event.place)
        unknown = [
            r for r in (event.source, event.target) if r and r.actor.country == UNKNOWN_COUNTRY
        ]
        if found is None or not unknown:
            out.append(event)
            continue
        country, rule = found
        source = _imply(event.source, country, country_names)
        target = _imply(event.target, country, country_names)
        if source is not None and target is not None and source.actor.code == target.actor.code:
            out.append(event)  # "police ... police": never an actor acting on itself
            continue
        evidence = dataclasses.replace(
            event.evidence, conventions=(*event.evidence.conventions, rule)
        )
        out.append(dataclasses.replace(event, source=source, target=target, evidence=evidence))
    return out
