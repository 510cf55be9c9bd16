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
from urllib.parse import urlsplit

import pycountry

from casus.lexicon import lexicon
from casus.model import UNKNOWN_COUNTRY, Actor, ActorRef, Event, Place, is_state

_PLAIN_PEOPLE = lexicon().plain_people_nouns
_BRAND_DOMAINS = lexicon().brand_country_domains
# Coercion (CAMEO root 17) but not force against a crowd (175), whose victims are civilians.
_COERCION_ROOT, _CROWD_CODE = "17", "175"

# How the place was found → the evidence name of the rule that implied the country.
_SOURCES = (
    ("sentence", "implied-country:sentence-place"),
    ("dateline", "implied-country:dateline"),
    ("article-context", "implied-country:article-places"),
    ("actor-country", "implied-country:article-actors"),
)


def _rule(place: Place | None) -> tuple[str, str] | None:
    """The country of an event's place and the rule naming where it came from."""
    if place is None:
        return None
    country = place.country
    if country is None or not is_state(country):
        return None
    for prefix, rule in _SOURCES:
        if place.method.startswith(prefix):
            return country, rule
    return None


def _imply(ref: ActorRef | None, country: str, names: dict[str, str]) -> ActorRef | None:
    if ref is None or ref.actor.country != UNKNOWN_COUNTRY:
        return ref
    old = ref.actor
    name = f"{names.get(country, country)} {old.name}".strip()
    return dataclasses.replace(ref, actor=Actor(country, old.sector, old.organisation, name))


def outlet_country(url: str | None) -> str | None:
    """The country of an outlet's country-code domain ("….co.ke" → KEN), if it has one.

    Generic domains (.com, .org) and country codes sold as brands (.tv, .io, …: lexicon
    ``brand_country_domains``) say nothing.
    """
    if not url:
        return None
    host = (urlsplit(url).hostname or "").rstrip(".")
    tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(tld) != 2 or tld in _BRAND_DOMAINS:
        return None
    found = pycountry.countries.get(alpha_2="GB" if tld == "uk" else tld.upper())
    return found.alpha_3 if found is not None else None


def imply_countries(
    events: Sequence[Event], *, country_names: dict[str, str], outlet: str | None = None
) -> list[Event]:
    """Events whose sector-only agents (``---COP``) take the country of the event's place,
    else, as a last resort, the country of the outlet (``outlet``, an ISO alpha-3 code)."""
    out: list[Event] = []
    for event in events:
        found = _rule(event.place)
        if found is None and outlet is not None and is_state(outlet):
            found = outlet, "implied-country:outlet"
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


def _private_target(event: Event, adjectives: frozenset[str]) -> bool:
    """Whether the target of a coercive act is an ordinary private person or a criminal:
    "arrested nine men", "detained two suspected thieves" (not "two Afghan men")."""
    target = event.target
    if target is None or event.root != _COERCION_ROOT or event.cameo.startswith(_CROWD_CODE):
        return False
    if target.actor.organisation:
        return False
    if target.actor.sector == "CRM":
        return True
    if target.actor.sector != "CVL":
        return False
    words = [w.lower().strip(".,'") for w in target.text.split()]
    if not words or any(w in adjectives for w in words):
        return False
    last = words[-1]
    return last in _PLAIN_PEOPLE or last.removesuffix("s") in _PLAIN_PEOPLE


def drop_private_targets(events: Sequence[Event], *, adjectives: frozenset[str]) -> list[Event]:
    """Events whose target is an unnamed private person or a criminal suspect lose that
    target: such people are no actors (`adjectives`: the nationality words, lower case)."""
    return [
        dataclasses.replace(event, target=None) if _private_target(event, adjectives) else event
        for event in events
    ]
