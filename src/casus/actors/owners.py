"""Whose an agent is: the country or group a sector noun or role belongs to.

"Russia's army", "Afghan police", "his men", "the head of the opposition", "police in
Nairobi", "the Nigerien army and Fulani militias": the owner comes from the phrase's
modifiers, an "of" or "from" phrase, a place on it, the parties named with it or an
apposition. With none of these, the context says: the person the article last called by
that role, a place the agent itself names, where the sentence puts things, the article's
country, a nationality the sentence gives someone else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from casus.lexicon import lexicon
from casus.model import UNKNOWN_COUNTRY, Actor, ActorRef, is_state
from casus.spans import children_of, conjuncts_of, lefts_of, sentence_of, sentence_tokens

if TYPE_CHECKING:
    from casus.actors.resolve import PhraseResolver

# the dependencies that attach a noun's modifiers (which may name its owner)
MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod", "nummod"})
_WORDS = lexicon()
_POSSESSIVE_PRONOUNS = _WORDS.possessive_pronouns
_DELEGATE_NOUNS = _WORDS.delegate_nouns
_ARMED_SECTORS = _WORDS.armed_sectors  # "his men" of an armed commander are his
_FOLLOWER_NOUNS = _WORDS.follower_nouns


def modifier_actors(r: PhraseResolver, head: Token) -> tuple[list[Actor], list[Token]]:
    """Countries, groups or people named in a phrase's modifiers ("Russia's", "Afghan")."""
    actors: list[Actor] = []
    tokens: list[Token] = []
    candidates: list[Token] = []
    children = children_of(head)
    if not children and head.i - 1 not in r.mentions:
        return actors, tokens  # (most heads: nothing before them that could name an owner)
    for child in children:
        if child.dep_ in MODIFIER_DEPS:
            candidates.extend((child, *conjuncts_of(child)))
            if child.dep_ == "compound":
                # "French President Emmanuel Macron": "French" hangs on "President".
                candidates.extend([c for c in children_of(child) if c.dep_ in MODIFIER_DEPS])
        elif child.dep_ == "prep" and child.lower_ == "of":
            candidates.extend([c for c in children_of(child) if c.dep_ == "pobj"])
    # (whether a mention ends just before is asked first: nearly never, and the cheapest)
    if head.i - 1 in r.mentions and head.i > sentence_of(head).start:
        before = head.doc[head.i - 1]
        if before.dep_ in {"aux", "auxpass"}:
            # "IS fighters attacked": the parser reads the group's initials as the verb "is".
            candidates.append(before)
    mentions = r.mentions
    for cand in candidates:
        found = r._mention_actor(cand) if cand.i in mentions else None
        if found is not None and _names_the_kind(r, cand, head):
            continue  # "the Republican Guard" is no Republicans' guard
        if found is not None:
            _, entry, actor = found
            if entry.kind == "person":
                actor = Actor(
                    actor.country,
                    name=r.dictionary.country_names.get(actor.country, actor.country),
                )
            actors.append(actor)
            tokens.append(cand)
        elif cand.lower_ in _POSSESSIVE_PRONOUNS:
            if any(c.dep_ == "amod" and c.i in r.mentions for c in children_of(head)):
                continue  # "his Greek counterpart" is Greek, whoever "his" is
            country = pronoun_country(r, cand)
            if country:
                actors.append(Actor(country, name=r.dictionary.country_names.get(country, country)))
                tokens.append(cand)
        elif cand.dep_ == "poss" and cand.pos_ in {"NOUN", "PROPN"}:
            for ref in r.resolve(cand):
                actors.append(ref.actor)
                tokens.append(cand)
    return actors, tokens


def party_standing(r: PhraseResolver, head: Token, start: int, actor: Actor) -> Actor:
    """A party named with its standing takes the standing's sector, as the sector nouns
    give it ("opposition party" OPP, "ruling party" GOV): "the opposition Umma Party" is
    Sudan's opposition, "the ruling BJP" India's government."""
    for child in lefts_of(head):
        if child.i < start and child.dep_ in {"amod", "compound"}:
            for word in (child.lower_, child.lemma_.lower()):
                sector = r.dictionary.sector_of(f"{word} party")
                if sector and sector != actor.sector:
                    return Actor(actor.country, sector, name=actor.name)
    return actor


def _names_the_kind(r: PhraseResolver, modifier: Token, head: Token) -> bool:
    """Whether a name before a sector noun is a word of a longer sector noun ("Republican
    Guard" MIL, whatever the US party's name): then it names no owner."""
    return (
        modifier.dep_ in {"compound", "amod"}
        and modifier.head.i == head.i
        and r.dictionary.sector_of(f"{modifier.lower_} {head.lemma_.lower()}") is not None
    )


def pronoun_country(r: PhraseResolver, pronoun: Token) -> str | None:
    """'his country' is the country of the last person; 'its', 'their' of the last actor."""
    if pronoun.lower_ in {"his", "her"}:
        person = r.memory.last("person")
        if person is not None and len(person.country) == 3:
            return person.country
    return r.memory.last_country()


def commander(r: PhraseResolver, head: Token, lemma: str) -> Actor | None:
    """The armed person whose men "his men", "her officers" are (his country and sector)."""
    if lemma not in _FOLLOWER_NOUNS and head.lower_ not in _FOLLOWER_NOUNS:
        return None
    if not any(c.dep_ == "poss" and c.lower_ in {"his", "her"} for c in children_of(head)):
        return None
    person = r.memory.last("person")
    if person is None or person.sector not in _ARMED_SECTORS:
        return None
    return person


def heads_private_body(r: PhraseResolver, head: Token) -> bool:
    """'the president of the Football Federation', 'a fellow of the Brookings
    Institution': an office in a body that is no state's and no actor the dictionaries
    know; its holder is not the state's official."""
    for prep in children_of(head):
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for body in children_of(prep):
            if (
                body.dep_ == "pobj"
                and body.lemma_.lower() in _WORDS.private_body_heads
                and not any(ref.actor.organisation for ref in r.resolve(body))
            ):
                return True
    return False


def owner_by_of(r: PhraseResolver, head: Token, lemma: str, sector: str) -> list[ActorRef]:
    """ "the head of the opposition", "envoys from Chad and Niger"; "the special task force
    of the police": a unit is of its body's sector."""
    unit = lemma in _WORDS.unit_nouns
    if lemma not in _DELEGATE_NOUNS and not unit:
        return []
    for prep in children_of(head):
        if prep.dep_ == "prep" and prep.lower_ in ({"of"} if unit else {"of", "from"}):
            for obj in children_of(prep):
                if obj.dep_ == "pobj":
                    refs = r.resolve(obj)
                    if refs and (refs[0].actor.sector or refs[0].actor.organisation):
                        return refs
                    if refs:
                        span = r._phrase_span(head)
                        return [
                            r._ref(Actor(ref.actor.country, sector, name=ref.actor.name), span)
                            for ref in refs
                        ]
    return []


def place_owner(r: PhraseResolver, head: Token, *, depth: int = 2) -> list[Actor]:
    """Whose they are from where they are: "police in Nairobi", "rebels in eastern Ukraine";
    also at the end of a chain of "of" phrases ("the Ministry of Foreign Affairs of Peru")."""
    for prep in children_of(head):
        if prep.dep_ == "prep" and prep.lower_ in {"in", "from", "of"}:
            for obj in children_of(prep):
                if obj.dep_ == "pobj":
                    # "the governor of Kunduz", "the mayor of Istanbul": office in a place.
                    found = r.place_country(obj)
                    if found is not None:
                        country = found[0]
                        return [
                            Actor(
                                country,
                                name=r.dictionary.country_names.get(country, country),
                            )
                        ]
                    if prep.lower_ == "of" and depth > 1 and obj.pos_ in {"NOUN", "PROPN"}:
                        nested = place_owner(r, obj, depth=depth - 1)
                        if nested:
                            return nested
    return []


def conjunct_country(r: PhraseResolver, head: Token) -> list[Actor]:
    """ "the Nigerien army and Fulani militias": parties named together share a country
    unless one says otherwise."""
    for other in conjuncts_of(head):
        actors, _ = modifier_actors(r, other)
        for actor in actors:
            if is_state(actor.country):
                name = r.dictionary.country_names.get(actor.country, actor.country)
                return [Actor(actor.country, name=name)]
    return []


def appos_person_country(r: PhraseResolver, head: Token) -> list[Actor]:
    """ "the president, Jane Roe": the country of a known actor in apposition."""
    for child in children_of(head):
        if child.dep_ == "appos":
            found = r._mention_actor(child)
            if found is not None:
                return [Actor(found[2].country, name=found[2].name)]
    return []


def from_context(
    r: PhraseResolver, head: Token, span: Span, sector: str, kind: str
) -> list[ActorRef]:
    """An agent no phrase gives an owner ("the minister", "police"): the same role or person
    named before, else the country the context gives, else the sector alone."""
    has_det = any([c.dep_ == "det" for c in children_of(head)])
    if kind == "person" and has_det:
        # "the minister": whoever the article last called so; else the last person of
        # that sector ("the diplomat").
        actor = _same_role(r, head.lemma_.lower()) or r.memory.last("person", sector=sector)
        if actor is not None:
            return [r._ref(actor, span, from_memory=True)]
    # Where the sentence puts things is closer evidence than what the article is about.
    country = context_country(r, head)
    if country is None:
        # An agent of no stated country is still an agent: coded by its sector alone.
        actor = Actor(UNKNOWN_COUNTRY, sector, name=head.lemma_.lower())
        r.memory.remember(actor, kind=kind, role=head.lemma_.lower())
        return [r._ref(actor, span)]
    name = r.dictionary.country_names.get(country, country)
    return [
        r._ref(Actor(country, sector, name=f"{name} {head.lemma_.lower()}"), span, from_memory=True)
    ]


def _same_role(r: PhraseResolver, role: str) -> Actor | None:
    """Who the article last called by this role, or by another name of it ("the envoy"
    after "the ambassador")."""
    found = r.memory.roles.get(role)
    if found is not None or role not in lexicon().envoy_nouns:
        return found
    named = [r.memory.roles[n] for n in lexicon().envoy_nouns if n in r.memory.roles]
    # the one named last
    return next((a for a, _, _ in reversed(r.memory.recent) if a in named), None)


def context_country(r: PhraseResolver, head: Token) -> str | None:
    """A place on the agent itself, else where the sentence puts things, else the article's
    country, else a demonym nearby."""
    return (
        _own_place(r, head)
        or sentence_place(r, head)
        or r.memory.dominant_country()
        or sentence_country(r, head)
    )


def _own_place(r: PhraseResolver, head: Token) -> str | None:
    """'the Texas governor', 'the New York police': a place naming the agent itself."""
    for mod in lefts_of(head):
        if mod.dep_ in {"compound", "nmod", "poss"} and mod.pos_ == "PROPN":
            found = r.place_country(mod)
            if found is not None:
                return found[0]
    return None


def sentence_country(r: PhraseResolver, head: Token) -> str | None:
    """The first nationality the sentence gives another agent ("... by Belarusian police").

    Only a demonym qualifying someone counts: a country named as a party ("a deal with
    Iran") says nothing about whose senator or police the sentence means.
    """
    sent = sentence_of(head)
    found = r._demonyms.get(sent.start)
    if found is None:
        # the sentence's demonyms of states, in order (what the mentions say is fixed)
        found = r._demonyms[sent.start] = [
            (tok.i, actor.country)
            for tok in sentence_tokens(sent)
            if tok.i in r.mentions
            and (named := r._mention_actor(tok)) is not None
            and named[1].kind == "adjective"
            and is_state((actor := named[2]).country)
        ]
    return next((country for i, country in found if i != head.i), None)


def sentence_place(r: PhraseResolver, head: Token) -> str | None:
    """The country where the sentence says things happen (a place after "in", "at", "near");
    the same for every head of the sentence, so found once per sentence."""
    sent = sentence_of(head)
    if sent.start in r._places:
        return r._places[sent.start]
    country = None
    for tok in sentence_tokens(sent):
        if tok.dep_ == "pobj" and tok.head.lower_ in _WORDS.place_prepositions:
            found = r.place_country(tok)
            if found is not None:
                country = found[0]
                break
    r._places[sent.start] = country
    return country
