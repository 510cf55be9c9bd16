"""Steps about who did it: unknown, generic, attributed and missing doers."""

from __future__ import annotations

import dataclasses

from spacy.tokens import Token

from casus.events.roles import runs_into_explosive
from casus.events.steps.base import (
    _WORDS,
    StepInput,
    _mark,
    acts_on,
)
from casus.model import FACTUAL_MODALITIES, UNKNOWN_COUNTRY, Actor, ActorRef, Event
from casus.spans import children_of, subtree_of


def unknown_actor(event: Event, step: StepInput) -> Event | None:
    """A doer named but not in the dictionaries: kept with less confidence, said so.

    An organisation's name ("the Farmers' Federation") counts as a doer; a person nobody can
    place counts only when acting on a known actor, and never for statements or consultations.
    """
    source = event.source
    if source is None or source.actor.code:
        return event
    words = {w.strip(".,'’").lower() for w in source.text.split()}
    organisation = step.entity_type(source) in {"ORG", "NORP", "GPE"} or bool(
        words & _WORDS.organisation_heads
    )
    if not organisation and (event.root in {"01", "04"} or not event.target):
        # A person the dictionaries cannot place acts on someone known, or is not coded.
        return None
    return _mark(event, "unknown-actor", confidence=-0.15)


def generic_agent(event: Event, step: StepInput) -> Event | None:
    """An agent of no known country ("---COP") is kept, with less confidence."""
    source, target = event.source, event.target  # (no generator per event)
    if (source is not None and source.actor.country == UNKNOWN_COUNTRY) or (
        target is not None and target.actor.country == UNKNOWN_COUNTRY
    ):
        return _mark(event, "generic-agent", confidence=-0.1)
    return event


# Roots whose acts stand on their target alone ("five soldiers were killed", "the raid on
# the village", "the trial of the opposition leader"); other acts need someone who did them.
_DOERLESS_ROOTS = frozenset({"17", "18", "19", "20"})


_COERCIVE_SECTORS = _WORDS.coercive_sectors


@acts_on("17")
def attributed_doer(event: Event, step: StepInput) -> Event | None:
    """'300 people have been arrested, police said': who reports an arrest made by no one
    named is the state agency that made it, when the reporter is one (police, army, court)."""
    source, speaker = event.source, event.attribution
    if source is not None or speaker is None or event.root != "17":
        return event
    if speaker.actor.sector not in _COERCIVE_SECTORS:
        return event
    return _mark(dataclasses.replace(event, source=speaker), "attributed-doer", confidence=-0.1)


@acts_on("173")
def implied_police(event: Event, step: StepInput) -> Event | None:
    """'Two activists were arrested in Kampala': an arrest with no doer named, and no one
    to attribute it to, was made by the police of the place (its country comes from the
    place, as for any agent the text names by sector alone)."""
    trigger = step.trigger
    if (
        event.source is not None
        or not event.cameo.startswith("173")
        or event.modality not in FACTUAL_MODALITIES
        or trigger.lemma_.lower() not in _WORDS.custody_verbs
    ):
        return event
    police = ActorRef(Actor(UNKNOWN_COUNTRY, "COP", name="police"), "", trigger.idx, trigger.idx)
    return _mark(dataclasses.replace(event, source=police), "implied-police", confidence=-0.1)


def _non_finite(trigger: Token) -> bool:
    """An act noun ("the offer"), a gerund or an infinitive: forms whose doer is left unsaid."""
    return trigger.pos_ == "NOUN" or (
        trigger.pos_ in {"VERB", "AUX"} and trigger.tag_ in {"VBG", "VB"}
    )


def _present_passive(verb: Token) -> bool:
    return verb.tag_ == "VBN" and any(
        c.dep_ == "auxpass" and c.lower_ in {"is", "are", "am", "'s", "'re"}
        for c in children_of(verb)
    )


def _aim_of_a_thing(trigger: Token, event: Event) -> bool:
    """'a campaign to seize the capital': a future aim the sentence ties to no doer; "in
    order to fight", "in a bid to" are the aim of the main verb's subject instead."""
    noun = trigger.head
    return event.modality == "future" and not (
        trigger.dep_ == "acl" and noun.dep_ == "pobj" and noun.head.lower_ == "in"
    )


def no_named_doer(event: Event, step: StepInput) -> Event | None:
    """'Five soldiers were killed': a coercive or violent act stands on its target alone.

    A noun stands without a doer only when it names an attack itself (`act_nouns`).
    Other acts stand without a doer only as a finite passive ("aid was sent to the camps"):
    an act noun, gerund or infinitive whose doer the parse does not give is usually a
    mention of an act someone else did, or one that has not happened, not a report of it.
    """
    if event.source is not None:
        return event
    # "could be expelled", "might be invited": an unrealised act needs someone who would do
    # it; with nobody named it is a scenario, not a report.
    if (
        event.root not in _DOERLESS_ROOTS
        and event.modality not in FACTUAL_MODALITIES
        and not any(c.dep_ in {"nsubj", "csubj"} for c in children_of(step.trigger))
    ):
        return None
    if event.root not in _DOERLESS_ROOTS and _non_finite(step.trigger):
        return None
    trigger = step.trigger
    if event.root not in _DOERLESS_ROOTS and _present_passive(trigger):
        # "Canada is closely aligned with Washington", "Namibia is often praised": a present
        # passive with no doer tells a state or a habit, not an act that took place.
        return None
    if (
        trigger.tag_ == "VB"
        and (event.modality in FACTUAL_MODALITIES or _aim_of_a_thing(trigger, event))
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in children_of(trigger))
        and trigger.head.lemma_.lower() not in _WORDS.attempt_words
    ):
        # "funds to fight the rebels", "a plan to arrest the mayor": an infinitive whose doer
        # the sentence leaves unsaid, and that nothing marks as an aim, is still an aim or a
        # plan, not an act that took place. An attempt at an act is one (CAMEO codes it).
        return None
    if (
        step.trigger.tag_ == "VBG"
        and event.target is not None
        and event.target.actor.sector in _WORDS.political_sectors
    ):
        # "nothing but attacking the president": a gerund of force with no doer, aimed at
        # a politician, is the language of politics, not a report of force.
        return None
    if (
        trigger.pos_ == "NOUN"
        and trigger.lemma_.lower() not in _WORDS.act_nouns
        and not (trigger.dep_ == "dobj" and runs_into_explosive(trigger.head))
    ):
        # "the struggle against ...", "the killing of ...": without a doer, a noun that names
        # no attack itself is a topic or history, not a report of force.
        return None
    subjects = [c for c in children_of(step.trigger) if c.dep_ in {"nsubj", "csubj"}]
    if (
        event.root not in _DOERLESS_ROOTS
        and subjects
        and not any(t.pos_ == "PROPN" for s in subjects for t in subtree_of(s))
    ):
        # "plans sought to reinforce ties", "we have to root it out": the sentence says who
        # acted, and it is no actor. A name the dictionaries lack is still someone, and a
        # passive or an act noun leaves the doer implicit.
        return None
    return _mark(event, "no-named-doer")


@acts_on("18", "19", "20")
def place_attacked(event: Event, step: StepInput) -> Event | None:
    """'Shelled Kherson', 'Kherson was shelled': a place struck by another country's forces
    stands for its country, the target (CAMEO codes the attacked side)."""
    if event.target is not None or event.source is None:
        return event
    struck = [c for c in children_of(step.trigger) if c.dep_ in {"dobj", "nsubjpass"}]
    # "shelled the town of Kherson": the place is named in the object's "of" phrase
    struck += [
        o
        for noun in struck
        for p in children_of(noun)
        if p.dep_ == "prep" and p.lower_ == "of"
        for o in children_of(p)
        if o.dep_ == "pobj"
    ]
    for noun in struck:
        place = step.place_actor(noun)
        if place is not None and place.actor.country != event.source.actor.country:
            return _mark(dataclasses.replace(event, target=place), "place-attacked")
    return event


def place_as_target(event: Event, step: StepInput) -> Event | None:
    """Phoenix: with no target named, the country an act happens "in" is its target."""
    if event.target is not None or event.source is None:
        return event
    for prep in children_of(step.trigger):
        if prep.dep_ == "prep" and prep.lower_ in _WORDS.containment_prepositions:
            for noun in children_of(prep):
                place = step.place_actor(noun) if noun.dep_ == "pobj" else None
                if place is not None and place.actor.country != event.source.actor.country:
                    return _mark(dataclasses.replace(event, target=place), "place-as-target")
    return event
