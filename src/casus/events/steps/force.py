"""Steps about force and private people: whether a force word means force, and whether an
act between private people is a political event at all.

An ambiguous force verb ("attacked", "fired", "battled") needs evidence of force: an armed
doer, or a weapon, troops or wounds in its clause. A private person or gang using force is
unconventional violence (18), not military force (19); one private person against another,
or an officer questioning or ordering one, is crime or street news, not an event.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from casus.events.steps.base import _WORDS, StepInput, _mark, _ref_span, acts_on
from casus.events.steps.senses import object_kinds
from casus.model import ActorRef, Event
from casus.spans import children_of, subtree_of


@acts_on("18", "19", "20")
def force_needs_force(event: Event, step: StepInput) -> Event | None:
    """'the opposition attacked the minister': a force verb used of politics is criticism.

    An ambiguous force verb (attack, hit, strike, fight, slam …) codes force (18–20) only with
    evidence of force: an armed doer, or a weapon, troops or wounds in its clause. Said of
    a political actor without such evidence it is criticism (111).
    """
    trigger = step.trigger
    if event.root not in {"18", "19", "20"}:
        return event
    if trigger.pos_ == "NOUN" and any(
        c.dep_ in {"compound", "amod"} and c.lemma_.lower() in _WORDS.illness_words
        for c in children_of(trigger)
    ):
        return None  # "a heart attack", "a panic attack": an illness, no force
    if trigger.lemma_.lower() in _WORDS.dismissal_verbs and _dismissed(trigger, step):
        return None  # "fired 300 workers": people as the object are dismissed, not shot
    if trigger.pos_ == "NOUN" and _verbal_attack_noun(event, step):
        # "the ruling party's attacks on the judiciary": a politician's attack on a body of
        # politics, with no weapon or wound in the sentence, is criticism.
        return _mark(step.recode(event, "111"), "force-needs-force")
    if trigger.pos_ != "VERB" or trigger.lemma_.lower() not in _WORDS.ambiguous_force_verbs:
        return event  # "the attack" as a noun is an act of force
    source = event.source
    if source is not None and (
        source.actor.sector in _WORDS.armed_sectors or source.actor.organisation
    ):
        return event
    clause = trigger.head if trigger.dep_ in {"xcomp", "conj"} else trigger
    # Whom the act is aimed at being armed ("engaged the army") shows no force was used.
    aimed_at = {
        t.i
        for c in children_of(trigger)
        if c.dep_ in {"dobj", "nsubjpass"}
        for t in subtree_of(c)
        if t.lemma_.lower() in _WORDS.armed_people_nouns
    }
    if any(
        t.lemma_.lower() in _WORDS.force_words
        for t in subtree_of(clause)
        if t.i != trigger.i and t.i not in aimed_at
    ):
        return event
    if not any(c.dep_ == "dobj" for c in children_of(trigger)) and any(
        c.dep_ == "xcomp" and c.tag_ == "VB" for c in children_of(trigger)
    ):
        return None  # "battling to win the election": striving for something, no one fought
    if source is None:
        if any(c.dep_ == "nsubj" for c in children_of(trigger)):
            return None  # "health experts battle with the ministry": named, and no force
        return event
    if source.actor.sector in _WORDS.political_sectors or not source.actor.code:
        if trigger.lemma_.lower() not in _WORDS.verbal_attack_verbs:
            return None  # "engaged the army in talks": no force, and no criticism either
        return _mark(step.recode(event, "111"), "force-needs-force")
    return event


def _verbal_attack_noun(event: Event, step: StepInput) -> bool:
    """An attack noun by a political actor on a political one or on no one named, with no
    evidence of force."""
    source, target, trigger = event.source, event.target, step.trigger
    if source is None or trigger.lemma_.lower() not in _WORDS.verbal_attack_verbs:
        return False
    political = _WORDS.political_sectors
    if source.actor.sector not in political or source.actor.organisation:
        return False
    if target is not None and target.actor.sector not in political:
        return False  # (with no one named, "Republican attacks" on his loyalty are words)
    return not any(t.lemma_.lower() in _WORDS.force_words for t in trigger.sent if t.i != trigger.i)


def _dismissed(trigger: Token, step: StepInput) -> bool:
    """Whether the direct object is a person or people rather than a weapon or a round; for
    a noun ("the firing of its coach"), whether its "of" phrase is."""
    weapons = _WORDS.equipment_nouns | _WORDS.force_words | _WORDS.ammunition_nouns
    if trigger.pos_ == "NOUN":
        # "the firing of its coach"; "the firing of rockets" fires a weapon
        return any(
            not any(t.lemma_.lower() in weapons for t in subtree_of(obj))
            for prep in children_of(trigger)
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for obj in children_of(prep)
            if obj.dep_ == "pobj"
        )
    for obj in children_of(trigger):
        if obj.dep_ != "dobj":
            continue
        if obj.pos_ == "PRON":
            return obj.lower_ in _WORDS.person_pronouns
        if any(t.lemma_.lower() in weapons for t in subtree_of(obj)):
            return False  # "fired dozens of rockets"
        return "person" in object_kinds(obj, step)
    return False


def _private_victim(event: Event, doc: Doc) -> bool:
    """The target is one or a few plain people ("a man", "two men", "him"), of no sector an
    actor has but the civilian one."""
    target = event.target
    if target is None or target.actor.sector not in {"", "CVL"} or target.actor.organisation:
        return False
    span = _ref_span(target, doc)
    if span is None:
        return False
    head = span.root
    if head.pos_ == "PRON":
        return head.lower_ in _WORDS.person_pronouns
    if head.lemma_.lower() not in _WORDS.plain_people_nouns and head.lower_ not in (
        _WORDS.plain_people_nouns
    ):
        return False
    # "two men" are a crime's victims; "people" or "more than 100 people" a massacre's.
    counts = [c for c in children_of(head) if c.dep_ == "nummod"]
    if not counts:
        return head.tag_ not in {"NNS", "NNPS"}
    return all(_small_number(c) for c in counts)


def _small_number(tok: Token) -> bool:
    if any(c.dep_ in {"quantmod", "advmod"} for c in children_of(tok)):
        return False  # "more than two", "at least three"
    words = {"one": 1, "two": 2, "three": 3, "a": 1, "an": 1}
    value = words.get(tok.lower_)
    if value is None and tok.text.isdigit():
        value = int(tok.text)
    return value is not None and value <= 3


def _one_of(ref: ActorRef, doc: Doc) -> bool:
    """'one of the men': one person named by the group they belong to."""
    span = _ref_span(ref, doc)
    if span is None:
        return False
    head = span.root
    return (
        head.dep_ == "pobj"
        and head.head.lower_ == "of"
        and head.head.head.lower_ in {"one", "another"}
    )


def _one_person(ref: ActorRef, doc: Doc) -> bool:
    span = _ref_span(ref, doc)
    return span is not None and span.root.tag_ in {"NN", "NNP"}


def street_encounter(event: Event, step: StepInput) -> Event | None:
    """What an officer asks or orders of one private person in an encounter ("asked him for
    identification", "ordered the driver to step out") is no appeal (02) or demand (10).

    Police or investigators talking to or meeting private people ("eager to talk to the
    men", "met the victim's family") question witnesses; that is no diplomacy (03, 04).
    """
    if (
        event.root in {"03", "04"}
        and event.source is not None
        and event.source.actor.sector in _WORDS.policing_sectors
        and (event.target is None or event.target.actor.sector in _WORDS.private_sectors)
    ):
        return None
    if event.root not in {"02", "10"} or event.source is None:
        return event
    target = event.target
    if target is not None and not (
        target.actor.sector in {"CRM", "CVL"}
        and (target.text.lower() in _WORDS.person_pronouns or _one_person(target, step.trigger.doc))
    ):
        return event  # a suspect or a driver named as the one asked is still one private person
    if event.source.actor.sector not in _WORDS.armed_sectors:
        return event
    addressees = [c for c in children_of(step.trigger) if c.dep_ in {"dobj", "dative"}]
    if addressees and all(_one_private_person(a) for a in addressees):
        return None
    return event


def _one_private_person(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "PRON":
        return tok.lower_ in _WORDS.person_pronouns
    return tok.tag_ == "NN" and lemma in _WORDS.private_person_nouns


@acts_on("145")
def forces_do_not_riot(event: Event, step: StepInput) -> Event | None:
    """Smashing and burning by police or soldiers is damage they do to property (1712), not
    a riot: only people outside the state's forces protest violently (police who march over
    their pay still protest)."""
    if (
        not event.cameo.startswith("145")
        or event.source is None
        or event.source.actor.sector not in _STATE_FORCES
    ):
        return event
    return _mark(step.recode(event, "1712"), "forces-do-not-riot")


_STATE_FORCES = frozenset({"COP", "MIL", "SPY"})


@acts_on("18", "19")
def private_violence(event: Event, step: StepInput) -> Event | None:
    """Force on people by a private person or gang (criminals, traders: `private_sectors`) is
    unconventional violence (18), not military force (19): a killing is 1823, the rest 180.

    Force on one or a few private people ("a man", "two men", "him") by no one named, and
    force by a criminal or one private person on no one else or on such people, is crime
    news, not a political event.

    Civilians count only as one person: "Albanians", "the Israelis" name a people, which may
    fight as one.
    """
    source, doc = event.source, step.trigger.doc
    if event.root in {"18", "19"} and source is None and _private_victim(event, doc):
        return None  # "a man was shot dead outside a bar": no political actor on either side
    if (
        event.root in {"18", "19"}
        and source is not None
        and not source.actor.organisation
        and (
            source.actor.sector == "CRM"
            or (
                source.actor.sector in _WORDS.populace_sectors
                and (_one_person(source, doc) or _one_of(source, doc))
            )
        )
        and (
            event.target is None
            or _private_victim(event, doc)
            or (event.target.actor.sector == "CVL" and _one_person(event.target, doc))
        )
    ):
        # "one of the robbers shot at him", "the striker fired a shot past the goalkeeper":
        # crime or sports news, one private person against another.
        return None
    if (
        event.root in {"18", "19"}
        and source is not None
        and source.actor.sector == "BUS"
        and step.trigger.lemma_.lower() not in _WORDS.killing_verbs
        and (event.target is None or event.target.actor.sector in _WORDS.private_sectors)
    ):
        # "the carmaker is battling its rivals": firms compete, they do not fight (a killing
        # by businessmen is still a killing).
        return None
    if event.cameo not in {"190", "193"} or event.source is None:
        return event
    sector = event.source.actor.sector
    if sector not in _WORDS.private_sectors:
        return event
    if sector in _WORDS.populace_sectors and not _one_person(event.source, step.trigger.doc):
        return event
    killed = step.trigger.lemma_.lower() in _WORDS.killing_verbs
    return _mark(step.recode(event, "1823" if killed else "180"), "private-violence")
