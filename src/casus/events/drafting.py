"""The draft of one trigger's act and the tests the coder drafts it with.

`EventCoder` reads who acts on whom, refines the code and pairs the actors; these are the
pieces of that which need none of its dictionaries or rules: whose an act noun or a place
is, when shooting is told as deadly or is police repression, an event's CAMEO fields and
its confidence score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span, Token

from casus.actors.resolve import PhraseResolver
from casus.events.match import PatternMatch
from casus.events.roles import place_actor, subjects_of
from casus.lexicon import lexicon
from casus.model import UNKNOWN_COUNTRY, Actor, ActorRef, Modality
from casus.ontology import EventType
from casus.spans import children_of, subtree_of

_WORDS = lexicon()
_PLACE_PREPS = _WORDS.place_prepositions


@dataclass
class Draft:
    """One trigger's act before it is split into actor pairs."""

    code: str
    modality: Modality
    attribution: ActorRef | None
    sources: list[ActorRef]
    targets: list[ActorRef]


def own_means(target: ActorRef, sources: list[ActorRef], code: str) -> bool:
    """Whether a would-be target is really the source's own means.

    "Russia massed troops", "FARC demobilised its fighters": one's own forces are what
    one acts with, not what one acts upon.
    """
    if not any([s.actor.country == target.actor.country for s in sources]):
        return False
    return code[:2] == "15" or target.text.split()[0].lower() in {"its", "their", "his", "her"}


def act_owners(noun: Token | None, refs: list[ActorRef]) -> bool:
    """Whether refs are the modifiers of a noun that names a protest (its doers)."""
    if noun is None or noun.pos_ != "NOUN" or noun.lemma_.lower() not in _WORDS.protest_nouns:
        return False
    return all(r.end <= noun.idx for r in refs)


def dictionary_country(tok: Token, phrases: PhraseResolver) -> str:
    """The country (or IGO/NGO/IMG part) of the dictionary name covering a token, else ""."""
    mention = phrases.mentions.get(tok.i)
    if mention is None:
        return ""
    entry = mention.entries[0]
    if entry.kind in {"region", "ambiguous"}:
        return ""
    if entry.kind == "metonym" and tok.dep_ == "pobj" and tok.head.lower_ in _PLACE_PREPS:
        return ""  # "achieved in Paris": a capital named as a place, not its government
    return entry.actor.country or entry.actor.organisation or "?"


def type_fields(kind: EventType) -> dict[str, Any]:
    """The fields an event takes from its CAMEO type."""
    return {
        "cameo": kind.code,
        "cameo_name": kind.name,
        "goldstein": kind.goldstein,
        "quad_class": kind.quad_class,
        "plover_event": kind.plover_event,
        "plover_mode": kind.plover_mode,
    }


def same_code(a: ActorRef | None, b: ActorRef | None) -> bool:
    return a is not None and b is not None and a.actor.code == b.actor.code


def same_actor(refs: list[ActorRef], others: list[ActorRef]) -> bool:
    codes = {r.actor.code for r in refs}
    return any(o.actor.code in codes for o in others)


def deadly(trigger: Token) -> bool:
    """Whether a shooting is told as deadly: "shot dead", "fatally", "died in police firing"."""
    if any(t.lemma_.lower() in _WORDS.deadly_words for t in subtree_of(trigger)):
        return True
    node = trigger
    for _ in range(3):  # "died in police firing": the deaths are told above the shooting
        if node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in _WORDS.victim_verbs | _WORDS.killing_verbs:
            return True
    return False


def home_police(sources: list[ActorRef], targets: list[ActorRef]) -> bool:
    """Police of one country acting on no one named or on plain people of no other country."""
    if not sources or any(s.actor.sector != "COP" for s in sources):
        return False
    countries = {s.actor.country for s in sources}
    return len(countries) == 1 and all(
        t.actor.sector in _WORDS.populace_sectors
        and t.actor.country in countries | {UNKNOWN_COUNTRY, ""}
        for t in targets
    )


def weapon_named(noun: Token) -> bool:
    """'rocket fire', 'artillery fire': a weapon named on the noun makes it force."""
    return any(
        c.dep_ in {"compound", "amod"} and c.lemma_.lower() in _WORDS.force_words
        for c in children_of(noun)
    )


def struck_place(match: PatternMatch, phrases: PhraseResolver) -> list[ActorRef]:
    """The country of the place a force verb's object names ("the outskirts of Kharkiv")."""
    token = match.slot_token if match.slot_token is not None else match.object_token
    if token is None:
        return []
    for tok in (
        token,
        *(o for p in children_of(token) if p.lower_ == "of" for o in children_of(p)),
    ):
        ref = place_actor(tok, phrases)
        if ref is not None:
            return [ref]
    return []


def died_in(trigger: Token, phrases: PhraseResolver) -> list[ActorRef]:
    """Who died or was hurt "in" an act named by a noun ("two protesters died in police
    firing"): the subject of the verb of suffering the act noun hangs on (`victim_verbs`),
    also where the parser hung the act as a participle on its doer ("police" + "firing")."""
    noun = trigger.head if trigger.dep_ == "acl" and trigger.tag_ == "VBG" else trigger
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in {"in", "during"} or prep.head.i == prep.i:
        return []
    verb = prep.head
    if verb.lemma_.lower() not in _WORDS.victim_verbs:
        return []
    return [r for s in subjects_of(verb) for r in phrases.resolve(s)]


def unresolved(span: Span) -> ActorRef:
    return ActorRef(Actor(""), span.text, span.start_char, span.end_char)


def confidence(
    match: PatternMatch, source: ActorRef | None, target: ActorRef | None, pairs: int
) -> float:
    """A transparent score: pattern specificity, how directly the actors were found."""
    score = 0.55 + min(0.2, 0.04 * match.pattern.specificity)
    if target is not None:
        score += 0.15
    elif match.pattern.slot:
        score -= 0.15
    if source is None:
        score -= 0.25  # no known actor did it
    for ref in (source, target):
        if ref is not None and ref.from_memory:
            score -= 0.15
    if pairs > 4:
        score -= 0.1
    return round(min(0.99, max(0.05, score)), 2)


def venue_country(match: PatternMatch, phrases: PhraseResolver) -> str | None:
    """The country an "in X" phrase on the trigger's clause names: the venue of a meeting.

    Only the third-location rule needs it; the event's `place` is the context stage's.
    """
    nodes = [*match.chain, *([match.slot_token] if match.slot_token is not None else [])]
    for node in nodes:
        for child in children_of(node):
            if child.dep_ == "prep" and child.lower_ in _PLACE_PREPS:
                for obj in children_of(child):
                    found = phrases.place_country(obj) if obj.dep_ == "pobj" else None
                    if found is not None:
                        return found[0]
    return None
