"""Coding conventions as named steps over the events of one trigger.

A step reads the trigger's clause and the drafted events and keeps, drops or marks them; each
step that changes an event records its name in the event's evidence, so a user sees which
convention fired, not only which pattern. Which steps run is a profile of ``coding.yml``
(``conventions:``), chosen with ``CodingOptions.conventions`` (``--conventions`` on the CLI).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from casus.events.conventions import OBJECT_KINDS, ObjectRule
from casus.events.patterns import word_classes
from casus.events.roles import subjects_of
from casus.lexicon import lexicon
from casus.model import FACTUAL_MODALITIES, UNKNOWN_COUNTRY, ActorRef, Event
from casus.spans import children_of

_WORDS = lexicon()


@dataclass(frozen=True)
class StepInput:
    """What a step may read: the trigger and whether the framing statement named an actor."""

    trigger: Token
    mentions_actor: Callable[[Token], bool]
    recode: Callable[[Event, str], Event]  # the event under another CAMEO code
    frame: Callable[[str, str], str | None]  # the code of an act framed by a root (12 + 08x)
    act_code: Callable[[Token], str | None] = lambda tok: None  # a pattern's code at a token
    place_actor: Callable[[Token], ActorRef | None] = lambda tok: None  # "in Syria" → SYR
    entity_type: Callable[[ActorRef], str] = lambda ref: ""  # NER label of a span, if run
    named_actor: Callable[[Token], str] = lambda tok: ""  # country of a dictionary name there
    object_rule: Callable[[str], ObjectRule | None] = lambda code: None  # coding.yml objects
    threatens: Callable[[Token], bool] = lambda clause: True  # a coercive act in the clause
    tone: Callable[[Token], str] = lambda verb: "010"  # a statement's tone code (010-014)


Step = Callable[[Event, StepInput], Event | None]


def _mark(event: Event, name: str, *, confidence: float = 0.0, **extra: object) -> Event:
    evidence = dataclasses.replace(event.evidence, conventions=(*event.evidence.conventions, name))
    return dataclasses.replace(
        event,
        evidence=evidence,
        confidence=round(max(0.05, event.confidence + confidence), 2),
        extra={**event.extra, **extra} if extra else event.extra,
    )


def _private(ref: ActorRef | None) -> bool:
    return (
        ref is not None
        and ref.actor.sector in _WORDS.private_sectors
        and not ref.actor.organisation
    )


def private_speech(event: Event, step: StepInput) -> Event | None:
    """What a resident, witness or reporter says, or whom they contact, is no political event;
    nor is their help or cooperation given to no one named (03-08 without a target)."""
    if not _private(event.source):
        return event
    if event.root in {"01", "04"}:
        return None
    if "03" <= event.root <= "08" and event.target is None:
        return None
    return event


# Claims on others and violence are events whoever makes them: a crowd's demand, a strike,
# a refusal to leave, a killing by unnamed gunmen.
_CLAIM_OR_FORCE_ROOTS = frozenset({"02", "10", "12", "13", "14", "17", "18", "19", "20"})


def _outside_politics(ref: ActorRef | None) -> bool:
    """No actor, or one whose sector lies outside politics and the state's force.

    An actor named but not in the dictionaries (no code) may be anyone, so it counts.
    """
    if ref is None:
        return True
    actor = ref.actor
    return actor.sector in _WORDS.nonpolitical_sectors and not actor.organisation


def political_actor_needed(event: Event, step: StepInput) -> Event | None:
    """An act with no political actor on either side (a company's count, pupils praising a
    teacher, patients thanking a clinic) is no political event.

    Private actors of two countries are still international relations (firms of two
    countries building a plant together, an aid group's delivery abroad).
    """
    if event.root in _CLAIM_OR_FORCE_ROOTS:
        return event
    # A statement's speaker may still stand only as its attribution here.
    source, target = event.source or event.attribution, event.target
    if (
        source is not None
        and target is not None
        and source.actor.country
        and target.actor.country
        and source.actor.country != target.actor.country
    ):
        return event
    if _outside_politics(source) and _outside_politics(target):
        return None
    return event


# States of affairs and of mind ("had no basis", "hoped"): a position, not a happening.
_STATES = _WORDS.stative_verbs | _WORDS.mental_verbs
_WEAPONS = _WORDS.melee_weapons | _WORDS.ammunition_nouns | _WORDS.equipment_nouns
_SPANS_OF_TIME_OR_COUNT = _WORDS.time_nouns | _WORDS.quantity_nouns
# Possessives that make an act the speaker's own ("its error", "our decision").
_OWN = _WORDS.possessive_pronouns | {"our", "my"}
_POLICIES = _WORDS.policy_nouns | _WORDS.decision_nouns | _WORDS.talks_nouns
_PAST_AUXILIARIES = frozenset({"have", "has", "had", "was", "were", "been", "be", "being"})
_PRONOUNS = _WORDS.person_pronouns | _WORDS.thing_pronouns | {"i", "we", "you"}
_SAID = frozenset({"ccomp", "parataxis", "xcomp", "dobj", "prep", "advcl", "npadvmod"})
_QUOTES = frozenset({'"', "“", "”", "‘", "’", "'"})


def voiced_fear(event: Event, step: StepInput) -> Event | None:
    """'investigators worried that ...': a state of mind is a comment (012) only when a
    political actor (a state, government, party, court, official) has it."""
    if event.root != "01" or step.trigger.lemma_.lower() not in _WORDS.mental_verbs:
        return event
    source = event.source
    sector = source.actor.sector if source is not None else ""
    if source is None or (sector and sector not in _WORDS.political_sectors):
        return None
    return event


def speaker_needed(event: Event, step: StepInput) -> Event | None:
    """A statement, comment or denial (root 01) needs a named speaker.

    A known actor, or a name or noun phrase the dictionaries lack ("the agency"); an unnamed
    "I", "we" or a quotation with no speaker in the sentence is no political statement, nor
    is a thing that shows (`showing_nouns`), whatever actor modifies it.
    """
    if event.root != "01":
        return event
    if event.source is not None:
        subjects = subjects_of(step.trigger)
        if subjects and subjects[0].lemma_.lower() in _WORDS.showing_nouns:
            return None  # "the Kenyan election results suggest": a thing shows, says nothing
        return event
    node = step.trigger
    for _ in range(3):
        subjects = subjects_of(node)
        if any(_private_person(t) for t in subjects):
            return None  # "a witness, Jane Doe, told the jury": testimony, not politics
        if any(t.pos_ in {"PROPN", "NOUN"} for t in subjects):
            return event
        if subjects and subjects[0].lower_ not in _WORDS.thing_pronouns:
            return None  # "I", "we", "she": a quoted person the sentence does not name
        if node.dep_ not in {"ccomp", "xcomp", "conj", "acomp"} or node.head is node:
            return None
        node = node.head  # "the agency said it was sceptical": "it" is the agency
    return None


def _private_person(subject: Token) -> bool:
    """A subject named as a private person ("the driver"), also with a name in apposition."""
    return any(
        t.lemma_.lower() in _WORDS.private_person_nouns
        for t in (subject, *(c for c in children_of(subject) if c.dep_ == "appos"))
    ) or (subject.dep_ == "appos" and subject.head.lemma_.lower() in _WORDS.private_person_nouns)


# Verbal acts (statements, appeals, disapproval, rejection, threats) that can be held as an
# opinion: told in the present of "many" or "most" people, they are a poll, not an event.
_OPINION_ROOTS = frozenset({"01", "02", "05", "10", "11", "12", "13"})


def _share_of_the_public(subject: Token) -> bool:
    """'most voters', 'many Kenyans', 'sixty percent of Kenyans', 'a majority of Israelis'."""
    return subject.lemma_.lower() in _WORDS.share_nouns or any(
        c.dep_ in {"amod", "det"} and c.lower_ in _WORDS.opinion_quantifiers
        for c in children_of(subject)
    )


def _polled(trigger: Token) -> bool:
    """Whether the act is what a share of the public says or thinks should or will happen
    ("sixty percent say the president should resign"): a poll's finding."""
    node = trigger
    for _ in range(4):
        if node.dep_ not in {"ccomp", "xcomp", "conj", "parataxis"} or node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in _WORDS.opinion_verbs and any(
            _share_of_the_public(s) for s in subjects_of(node)
        ):
            return True
    return False


def opinion(event: Event, step: StepInput) -> Event | None:
    """'Most voters blame the government': what many people hold is opinion, not an act;
    so is what a poll's share of the public says should happen."""
    trigger = step.trigger
    if event.modality not in FACTUAL_MODALITIES and _polled(trigger):
        return None
    if event.root not in _OPINION_ROOTS or trigger.tag_ not in {"VBP", "VBZ"}:
        return event
    if any(c.dep_ in {"aux", "auxpass"} for c in children_of(trigger)):
        return event
    if any(_share_of_the_public(s) for s in subjects_of(trigger)):
        return None
    return event


def _quoted(clause: Token) -> bool:
    """Whether a reported clause is a direct quotation (opens or closes on a quote mark)."""
    doc = clause.doc
    left, right = clause.left_edge.i, clause.right_edge.i
    around = [doc[i] for i in (left, left - 1, right, right + 1) if 0 <= i < len(doc)]
    return any(t.text in _QUOTES for t in around)


def _about_time(phrase: Token) -> bool:
    """'for twenty minutes', 'on Tuesday', 'last week': when or how long, not what was said."""
    return any(t.lemma_.lower() in _WORDS.time_nouns for t in phrase.subtree)


def _happened(verb: Token) -> bool:
    """A past, non-modal act that is no state of affairs or of mind."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() in _STATES:
        return False  # "said the claim had no basis", "said they hoped ...": a position
    aux = {c.lower_ for c in children_of(verb) if c.dep_ in {"aux", "auxpass"}}
    if aux - _PAST_AUXILIARIES:
        return False  # "will", "must", "should", "can": a position, not a report
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and bool(aux))


def _reports_happening(clause: Token) -> bool:
    """Whether a reported clause only tells that something happened ("two soldiers died",
    "40 people had registered"); "... and would continue" adds a position."""
    if clause.dep_ not in {"ccomp", "parataxis"}:
        return False
    return all(_happened(verb) for verb in (clause, *clause.conjuncts))


def _names_other(clause: Token, own: str, step: StepInput) -> bool:
    """Whether the subject of a reported clause is an actor of another country than the
    speaker's: a state or body, not people counted or described ("300 Bolivian nationals",
    "two soldiers")."""
    people = word_classes()["people_nouns"] | _WORDS.quantity_nouns
    for subject in (c for c in children_of(clause) if c.dep_ in {"nsubj", "nsubjpass"}):
        lemma = subject.lemma_.lower()
        if lemma in people or any(c.dep_ == "nummod" for c in children_of(subject)):
            continue
        if any(step.named_actor(t) not in {"", own} for t in subject.subtree):
            return True
    return False


def bare_statement(event: Event, step: StepInput) -> Event | None:
    """A statement counts only when it says something about an actor.

    Nothing said ("she spoke", "he tweeted"), or a reported clause that names no actor: a
    plain statement (010) reports nothing between actors. A toned statement (012-014) keeps
    its evidence of tone, unless that tone comes from a direct quotation naming no actor.
    """
    if not event.extra.get("statement"):
        return event
    if event.cameo == "010" and event.modality == "negated":
        return None  # "has not commented", "did not respond": no statement was made
    if event.cameo == "010" and event.source is not None and event.source.actor.sector == "ELI":
        # A former official's or a notable's plain remark is commentary, quoted in features
        # and interviews; what they do (accuse, urge, meet) is still coded.
        return None
    if event.target is not None and event.target.actor.sector == "MED":
        # "told reporters", "said in an interview with the agency": the press is how a
        # statement is made, not whom it is about.
        event = dataclasses.replace(event, target=None)
    if event.target is not None:
        return event
    if step.trigger.pos_ == "NOUN":
        return None  # "in a speech", "his remarks": the means of saying; the verb says what
    said = [
        c
        for c in children_of(step.trigger)
        if c.dep_ in _SAID and not (c.dep_ in {"prep", "npadvmod"} and _about_time(c))
    ]
    source = event.source
    if source is not None and source.from_memory and source.text.lower() in _PRONOUNS:
        # "..., he said": a speaker named sentences earlier is quoted at length in features
        # and interviews; on real pages these quotes were almost never statements to code.
        return None
    # Whatever is said (a clause, an object, a topic) must name a dictionary actor: tone
    # alone ("the currency suffered badly") or generic people ("investigators found no
    # cell") say nothing between actors.
    if not any(step.named_actor(t) for c in said for t in c.subtree):
        return None
    own = source.actor.country if source is not None else ""
    if (
        event.cameo == "010"
        and own
        and not any(step.named_actor(t) not in {"", own} for c in said for t in c.subtree)
        and not any(t.lemma_.lower() in _WORDS.policy_nouns for c in said for t in c.subtree)
    ):
        # "the minister said the country had needed the capability": a plain remark that
        # names no other actor and no policy is no event between actors.
        return None
    if event.cameo == "010" and any(
        _reports_happening(c) and not _names_other(c, own, step) for c in said
    ):
        # "two soldiers died in a crash, the army said": the speaker is the source of a
        # report of something that casus codes nothing for, not a party to an event. What
        # another actor did ("said Nigeria had broken its promises") is a charge, kept.
        return None
    quotes = [c for c in said if c.dep_ in {"ccomp", "parataxis"} and _quoted(c)]
    # A direct quotation is an interview unless it names a state, group or organisation other
    # than the speaker's.
    if quotes and not any(step.named_actor(t) not in {"", own} for c in quotes for t in c.subtree):
        return None
    return event


def _refuses(clause: Token) -> bool:
    """'will not end the strike', 'will no longer tolerate': a refusal announced as a warning
    is a threat (future auxiliary and negation on the clause's verb)."""
    words = {c.lower_ for c in children_of(clause) if c.dep_ in {"aux", "neg", "advmod"}}
    negated = bool(words & _WORDS.negators) or any(
        c.lower_ == "longer" and any(g.lower_ == "no" for g in children_of(c))
        for c in children_of(clause)
    )
    return negated and bool(words & _WORDS.will_auxiliaries)


def warning_is_forecast(event: Event, step: StepInput) -> Event | None:
    """'warned that the debt crisis would deepen': a grim forecast, not a threat; 'warned
    against a bad deal': disapproval (110).

    A warning addressed to no one ("warned X") whose clause holds no coercive act is a
    statement in its tone; whoever the clause is about is its topic, not its target.
    "warned that police would arrest ..." stays a threat.
    """
    trigger = step.trigger
    if event.cameo != "130" or trigger.lemma_.lower() not in _WORDS.warning_verbs:
        return event
    if any(c.dep_ in {"dobj", "dative"} for c in children_of(trigger)):
        return event
    clause = next((c for c in children_of(trigger) if c.dep_ == "ccomp"), None)
    if clause is None:
        # "warned against a rushed deal": what is warned against, when no coercive act, is
        # disapproved of (110), not threatened.
        against = next(
            (c for c in children_of(trigger) if c.dep_ == "prep" and c.lower_ == "against"),
            None,
        )
        if against is None or step.threatens(against):
            return event
        return _mark(step.recode(event, "110"), "warning-is-forecast")
    elif step.threatens(clause) or _refuses(clause):
        return event
    # A warning foresees harm: its tone is never optimistic, whatever words it also holds.
    tone = step.tone(trigger)
    statement = dataclasses.replace(
        step.recode(event, "012" if tone in {"010", "013"} else tone), target=None
    )
    return _mark(statement, "warning-is-forecast")


def background_clause(trigger: Token, *, reported: bool = False) -> bool:
    """Whether a trigger recalls an earlier act rather than reporting this one.

    Temporal clauses ("weeks after rebels kidnapped ...", "when the army ousted ..."), past
    relative clauses about a named person or body, and past perfect ("had seized") recall;
    the main clause, its complements and conjuncts report. In reported speech the past
    perfect is only the tense shifted back ("said X had closed").
    """
    if (
        not reported
        and trigger.tag_ == "VBN"
        and any(c.dep_ == "aux" and c.lower_ == "had" for c in children_of(trigger))
    ):
        return True
    node = trigger
    if trigger.pos_ == "NOUN" and trigger.dep_ in {"dobj", "nsubjpass", "attr"}:
        node = trigger.head  # "who led the coup": the act noun's verb says when
    for _ in range(3):
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _WORDS.background_subordinators
            for c in children_of(node)
        ):
            return _past(node)
        if node.dep_ == "pcomp" and node.head.lower_ in _WORDS.background_subordinators:
            return _past(node)
        if (
            node.dep_ == "relcl"
            and (
                node.head.pos_ == "PROPN"
                or any(c.lower_ in _WORDS.person_relatives for c in children_of(node))
            )
            and _past(node)
        ):
            # "Mr X, who led the 2014 coup, ...", "a former minister who ordered ...": a past
            # act told to say who someone is is biography, not this story's news.
            return True
        if (
            node.dep_ == "relcl"
            and (node.head.lemma_.lower() in _WORDS.time_nouns or node.head.like_num)
            and any(c.lower_ == "when" for c in children_of(node))
            and _past(node)
        ):
            # "an earlier era, when police attacked ...", "in 1998, when ...": a time recalled.
            return True
        if node.dep_ not in {"conj", "xcomp"} or node.head is node:
            return False
        node = node.head
    return False


def _past(verb: Token) -> bool:
    """Simple past or past perfect, active or passive ("kidnapped", "was ousted", "had fled")."""
    auxiliaries = {c.lower_ for c in children_of(verb) if c.dep_ in {"aux", "auxpass"}}
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and bool(auxiliaries & {"was", "were", "had"})


def background(event: Event, step: StepInput) -> Event | None:
    """An act recalled as background is kept, flagged historical, and not dated to the article."""
    if event.modality in FACTUAL_MODALITIES and background_clause(
        step.trigger, reported=event.modality == "reported"
    ):
        return _mark(event, "background", confidence=-0.1, background=True)
    return event


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
    if any(
        r is not None and r.actor.country == UNKNOWN_COUNTRY for r in (event.source, event.target)
    ):
        return _mark(event, "generic-agent", confidence=-0.1)
    return event


# Roots whose acts stand on their target alone ("five soldiers were killed", "the raid on
# the village", "the trial of the opposition leader"); other acts need someone who did them.
_DOERLESS_ROOTS = frozenset({"17", "18", "19", "20"})


_COERCIVE_SECTORS = _WORDS.coercive_sectors


def attributed_doer(event: Event, step: StepInput) -> Event | None:
    """'300 people have been arrested, police said': who reports an arrest made by no one
    named is the state agency that made it, when the reporter is one (police, army, court)."""
    source, speaker = event.source, event.attribution
    if source is not None or speaker is None or event.root != "17":
        return event
    if speaker.actor.sector not in _COERCIVE_SECTORS:
        return event
    return _mark(dataclasses.replace(event, source=speaker), "attributed-doer", confidence=-0.1)


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
    if trigger.pos_ == "NOUN" and trigger.lemma_.lower() not in _WORDS.act_nouns:
        # "the struggle against ...", "the killing of ...": without a doer, a noun that names
        # no attack itself is a topic or history, not a report of force.
        return None
    subjects = [c for c in children_of(step.trigger) if c.dep_ in {"nsubj", "csubj"}]
    if (
        event.root not in _DOERLESS_ROOTS
        and subjects
        and not any(t.pos_ == "PROPN" for s in subjects for t in s.subtree)
    ):
        # "plans sought to reinforce ties", "we have to root it out": the sentence says who
        # acted, and it is no actor. A name the dictionaries lack is still someone, and a
        # passive or an act noun leaves the doer implicit.
        return None
    return _mark(event, "no-named-doer")


def refusal(event: Event, step: StepInput) -> Event | None:
    """'will not ease the embargo', 'would not send help': a refusal (12x), asserted.

    CAMEO codes a stated unwillingness to cooperate as rejection of that act.
    """
    if event.modality != "negated" or not "03" <= event.root <= "08":
        return event
    node = step.trigger
    words = {c.lower_ for c in children_of(node) if c.dep_ in {"aux", "neg"}}
    if not (words & _WORDS.will_auxiliaries and words & _WORDS.negators):
        return event
    code = step.frame("12", event.cameo)
    if code is None:
        return event
    return _mark(dataclasses.replace(step.recode(event, code), modality="asserted"), "refusal")


def visit_needs_destination(event: Event, step: StepInput) -> Event | None:
    """A visit (042-044) needs a host or a place: "came to power", "returned home" are none;
    and a visitor: a plane that lands or a tanker that docks carries someone or something."""
    if event.cameo[:3] not in {"042", "043", "044"}:
        return event
    if event.target is None:
        return None
    subjects = [c for c in children_of(step.trigger) if c.dep_ in {"nsubj", "nsubjpass"}]
    if any(s.lemma_.lower() in _WORDS.vehicle_nouns for s in subjects):
        return None
    return event


def halted_talks(event: Event, step: StepInput) -> Event | None:
    """A halt said of a process ('the talks collapsed', 'the truce broke down') needs talks
    or a deal as its subject: a government, a coalition or a currency halts no talks."""
    trigger = step.trigger
    if event.cameo != "164" or trigger.lemma_.lower() not in _WORDS.process_verbs:
        return event
    if any(c.dep_ == "dobj" for c in children_of(trigger)):
        return event  # "broke off the talks": someone halted something
    subjects = [c for c in children_of(trigger) if c.dep_ in {"nsubj", "nsubjpass"}]
    if trigger.dep_ == "conj" and not subjects:
        subjects = [c for c in children_of(trigger.head) if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects or any(s.lemma_.lower() in _WORDS.talks_nouns for s in subjects):
        return event
    return None


def weapon_means_force(event: Event, step: StepInput) -> Event | None:
    """'charged the protesters with batons': a legal step (172-174) done "with" a weapon is
    the other sense of the verb, force used on people (175)."""
    if event.cameo[:3] not in {"172", "173", "174"}:
        return event
    for prep in children_of(step.trigger):
        if prep.dep_ == "prep" and prep.lower_ == "with":
            objects = [c for c in children_of(prep) if c.dep_ == "pobj"]
            objects += [j for o in objects for j in o.conjuncts]
            if any(o.lemma_.lower() in _WEAPONS for o in objects):
                return _mark(step.recode(event, "175"), "weapon-means-force")
    return event


def transitive_motion(event: Event, step: StepInput) -> Event | None:
    """'returned the artefacts to Egypt': a motion verb with an object moves a thing; no visit.

    Handing something back to someone is returning property (0842).
    """
    lemma = step.trigger.lemma_.lower()
    if event.cameo not in {"042", "043"} or lemma not in _WORDS.motion_verbs:
        return event
    moved = [c for c in children_of(step.trigger) if c.dep_ in {"dobj", "nsubjpass"}]
    if not moved or any(step.mentions_actor(t) for t in moved):
        return event  # nothing moved, or people who travelled ("were flown to Doha")
    if lemma == "return" and event.target is not None:
        return _mark(step.recode(event, "0842"), "transitive-motion")
    return None


def agreement_to_act(event: Event, step: StepInput) -> Event | None:
    """'agreed to accept refugees', 'agreed to a ceasefire': agreeing to act is intent (03x);
    'agreed a trade deal' concludes an agreement (057). Only agreeing *with* views is 019."""
    trigger = step.trigger
    if event.cameo != "019" or trigger.lemma_.lower() not in _WORDS.agreeing_verbs:
        return event  # "echoed the treaty": agreeing with its words, concluding nothing
    for child in children_of(trigger):
        if child.dep_ == "xcomp":
            act = step.act_code(child)
            intent = step.frame("03", act) if act else None
            return _mark(step.recode(event, intent or "030"), "agreement-to-act")
        if child.dep_ == "dobj" and child.lemma_.lower() in word_classes()["agreement_nouns"]:
            return _mark(step.recode(event, "057"), "agreement-to-act")
        if child.dep_ == "prep" and child.lower_ == "to":
            return _mark(step.recode(event, "030"), "agreement-to-act")
    return event


def force_needs_force(event: Event, step: StepInput) -> Event | None:
    """'the opposition attacked the minister': a force verb used of politics is criticism.

    An ambiguous force verb (attack, hit, strike, fight, slam …) codes force (18–20) only with
    evidence of force: an armed doer, or a weapon, troops or wounds in its clause. Said of
    a political actor without such evidence it is criticism (111).
    """
    trigger = step.trigger
    if event.root not in {"18", "19", "20"}:
        return event
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
        for t in c.subtree
        if t.lemma_.lower() in _WORDS.armed_people_nouns
    }
    if any(
        t.lemma_.lower() in _WORDS.force_words
        for t in clause.subtree
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


def _one_person(ref: ActorRef, doc: Doc) -> bool:
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    return span is not None and span.root.tag_ in {"NN", "NNP"}


def private_violence(event: Event, step: StepInput) -> Event | None:
    """Force on people by a private person or gang (criminals, traders: `private_sectors`) is
    unconventional violence (18), not military force (19): a killing is 1823, the rest 180.

    Civilians count only as one person: "Albanians", "the Israelis" name a people, which may
    fight as one.
    """
    if event.cameo not in {"190", "193"} or event.source is None:
        return event
    sector = event.source.actor.sector
    if sector not in _WORDS.private_sectors:
        return event
    if sector in _WORDS.populace_sectors and not _one_person(event.source, step.trigger.doc):
        return event
    killed = step.trigger.lemma_.lower() in _WORDS.killing_verbs
    return _mark(step.recode(event, "1823" if killed else "180"), "private-violence")


def _through_control(objects: list[Token]) -> list[Token]:
    """'seized control of the town': what control is taken of is what is taken."""
    return objects + [
        o
        for t in objects
        if t.lemma_.lower() in _WORDS.control_nouns
        for p in children_of(t)
        if p.dep_ == "prep" and p.lower_ in {"of", "over"}
        for o in children_of(p)
        if o.dep_ == "pobj"
    ]


def _stance(noun: Token) -> bool:
    """'a hard line', 'a firm position': a noun qualified by a stance adjective."""
    return any(c.dep_ == "amod" and c.lower_ in _WORDS.stance_adjectives for c in children_of(noun))


def territory_needed(event: Event, step: StepInput) -> Event | None:
    """'seized weapons', 'antiquities seized in raids': taking a thing is confiscation (1711),
    not occupying territory (192), which needs a place or an actor taken."""
    taken = [c for c in children_of(step.trigger) if c.dep_ in {"dobj", "nsubjpass"}]
    if (step.act_code(step.trigger) or event.cameo) == "192" and any(_stance(t) for t in taken):
        return None  # "took a hard line with Moscow": a stance taken, not ground (nor a threat)
    if event.cameo != "192":
        return event
    if not taken and any(
        c.dep_ == "prep" and c.lower_ in {"on", "upon"} for c in children_of(step.trigger)
    ):
        return None  # "seized on the scandal": took up as a pretext, took nothing
    if event.target is not None:
        return event
    if step.trigger.dep_ in {"acl", "relcl"}:
        taken.append(step.trigger.head)
    taken = _through_control(taken)
    territory = word_classes()["territory_nouns"] | _WORDS.country_nouns
    if not taken or any(
        t.lemma_.lower() in territory or step.mentions_actor(t) or step.place_actor(t) is not None
        for t in taken
    ):
        return event
    return _mark(step.recode(event, "1711"), "territory-needed")


def _object_kinds(noun: Token, step: StepInput) -> set[str]:
    """What a noun can be as an act's object: person, place, facility, weapon, act."""
    if noun.pos_ != "NOUN":
        return set(OBJECT_KINDS)  # a name, a pronoun, a number: anything
    classes = word_classes()
    lemma = noun.lemma_.lower()
    kinds: set[str] = set()
    if (
        step.mentions_actor(noun)
        or lemma in classes["people_nouns"]
        or lemma in (_WORDS.group_nouns | _WORDS.quantity_nouns)
    ):
        kinds.add("person")
    if (
        step.place_actor(noun) is not None
        or lemma in classes["territory_nouns"]
        or lemma in _WORDS.country_nouns
    ):
        kinds.add("place")
    if lemma in classes["facility_nouns"]:
        kinds.add("facility")
    if lemma in _WORDS.equipment_nouns | _WORDS.force_words | _WORDS.ammunition_nouns:
        kinds.add("weapon")  # "fired rounds", "lobbed shells"
    if lemma in _WORDS.act_nouns:
        kinds.add("act")  # "launched an attack": a light verb and its act
    if lemma in _POLICIES:
        kinds.add("policy")  # "protested the decision", "rallied against the bill"
    return kinds


def _target_modifies_object(trigger: Token, target: ActorRef) -> bool:
    """'damaged the relationship with Washington': the actor named is only a modifier of a
    common-noun object, so the object, not the actor, is what the act was done to."""
    for obj in children_of(trigger):
        if obj.dep_ != "dobj" or obj.pos_ != "NOUN":
            continue
        inside = obj.left_edge.idx <= target.start < obj.right_edge.idx + len(obj.right_edge)
        if inside and not obj.idx <= target.start < obj.idx + len(obj):
            return any(
                c.dep_ == "prep" and c.idx <= target.start for c in children_of(obj) if c.i > obj.i
            )
    return False


def _finite_clause(verb: Token) -> bool:
    """A complement clause with a subordinator or an auxiliary ("that the army had erred").

    A bare "X headed for Y" after a verb is as often a reduced relative the parser read as a
    clause, and its subject the verb's object.
    """
    return any(
        c.dep_ == "ccomp" and any(g.dep_ in {"mark", "aux", "auxpass"} for g in children_of(c))
        for c in children_of(verb)
    )


def object_fits(event: Event, step: StepInput) -> Event | None:
    """An act's object must be of a kind the act can take (``objects:`` in coding.yml).

    "Sank the talks", "released the figures", "kept trying": the verb is used in another
    sense, and nothing is coded.
    """
    trigger = step.trigger
    # The act's own code: a frame ("vowed to keep trying") takes its object from the act.
    rule = step.object_rule(step.act_code(trigger) or event.cameo)
    if rule is None or trigger.pos_ not in {"VERB", "AUX"}:
        return event
    objects = [c for c in children_of(trigger) if c.dep_ in {"dobj", "nsubjpass"}]
    if trigger.dep_ in {"acl", "relcl"}:
        objects.append(trigger.head)  # "the convoy they ambushed", "prisoners freed"
    objects = _through_control(objects)
    if not objects:
        # A passive has its object as subject; the parser also hangs objects as other
        # nominal dependents ("detained four youths" read as npadvmod, "rounded up" with its
        # object under the particle). An act that needs an object and has only a clause
        # ("recognized that the army erred") is another sense, whatever actor the clause names.
        deps = {c.dep_ for c in children_of(trigger)}
        nominal = bool(deps & {"auxpass", "npadvmod", "dative", "attr", "oprd"})
        if rule.required and not nominal and (event.target is None or _finite_clause(trigger)):
            return None
        if event.target is None:
            return event
    if event.target is not None and (
        "person" in rule.kinds or not _target_modifies_object(trigger, event.target)
    ):
        # An act on people takes an actor named anywhere in its object ("the deputy chief
        # of Israel's militia"); one on things does not ("the relationship with Washington").
        return event
    if "any" in rule.kinds or any(_object_kinds(o, step) & rule.kinds for o in objects):
        return event
    return None


_QUESTION_MARKS = frozenset({"whether", "if"})


def inquiry(event: Event, step: StepInput) -> Event | None:
    """'asked whether the army had fired': a question about an act, not an appeal or demand."""
    if event.root not in {"02", "10"}:
        return event
    for clause in children_of(step.trigger):
        # "if" is a question only as the object clause; on an adverbial clause it is a
        # condition ("urged Kenya to act if talks fail").
        marks = _QUESTION_MARKS if clause.dep_ == "ccomp" else {"whether"}
        if clause.dep_ in {"ccomp", "advcl"} and any(
            c.dep_ == "mark" and c.lower_ in marks for c in children_of(clause)
        ):
            return None
    return event


def considering(event: Event, step: StepInput) -> Event | None:
    """'is considering sending aid': weighing an act is a policy consideration (014)."""
    if event.modality not in {"hypothetical", "question"}:
        return event
    # Weighing is itself asserted; asking whether someone weighs it stays a question.
    mood = "asserted" if event.modality == "hypothetical" else event.modality
    node = step.trigger
    for _ in range(3):
        if node.lemma_.lower() in _WORDS.considering_verbs and node is not step.trigger:
            recoded = dataclasses.replace(step.recode(event, "014"), modality=mood)
            return _mark(recoded, "considering")
        if node.dep_ not in {"xcomp", "ccomp", "pcomp", "dobj"} or node.head is node:
            return event
        node = node.head
    return event


def regret_of_others(event: Event, step: StepInput) -> Event | None:
    """An apology is for one's own act: regretting another's decision is disapproval (110).

    "Regretted its error" stays 055; a decision or move that is not the speaker's own (no
    own possessive, or another actor named as whose it is) is disapproved of.
    """
    trigger = step.trigger
    if event.cameo != "055" or trigger.lemma_.lower() not in _WORDS.regret_verbs:
        return event
    regretted = next((c for c in children_of(trigger) if c.dep_ == "dobj"), None)
    if regretted is None or regretted.lemma_.lower() not in _WORDS.decision_nouns:
        return event
    if any(c.dep_ == "poss" and c.lower_ in _OWN for c in children_of(regretted)):
        return event
    return _mark(step.recode(event, "110"), "regret-of-others")


def undone(event: Event, step: StepInput) -> Event | None:
    """'removed sanctions', 'rolled back tariffs', 'suspended aid deliveries': an act named as
    the object of its own reversal is not coded as that act; stopped cooperation is 16x."""
    trigger = step.trigger
    named = trigger
    if (
        trigger.dep_ == "pobj"
        and trigger.head.lower_ == "of"
        and trigger.head.head.lemma_.lower() in _SPANS_OF_TIME_OR_COUNT
    ):
        named = trigger.head.head  # "ended decades of hostility": the span of the act ends
    if trigger.pos_ != "NOUN" or named.dep_ not in {"dobj", "nsubjpass"}:
        return event
    if named.head.lemma_.lower() not in _WORDS.reversal_verbs:
        return event
    # Stopping cooperation reduces relations: aid halted is 162 (by kind), talks broken off
    # 164, mediation ended 165; undoing a hostile act is the reversal's own pattern (08x).
    for prefix, code in (("07", "162"), ("046", "164"), ("04", "164"), ("0311", "165")):
        if event.cameo.startswith(prefix) and event.modality in FACTUAL_MODALITIES:
            kind = {"071": "1621", "072": "1622", "073": "1623"}.get(event.cameo[:3], code)
            return _mark(step.recode(event, kind), "undone")
    return None


def description(event: Event, step: StepInput) -> Event | None:
    """'the commission, which regulates campaign finance': a role described, not an act.

    A relative clause in the simple present says what its head habitually does; a passive
    participle of support qualifies its head.
    """
    trigger = step.trigger
    if (
        trigger.dep_ == "relcl"
        and trigger.tag_ in {"VBZ", "VBP"}
        and not any(c.dep_ in {"aux", "auxpass"} for c in children_of(trigger))
    ):
        return None
    if trigger.dep_ == "acl" and trigger.tag_ == "VBN" and "03" <= event.root <= "08":
        # "forces backed by Russian jets", "a militia trained by Iran": who stands behind
        # an actor, said in passing about it, is no act of the sentence's own.
        return None
    return event


def aimed_at_policy(event: Event, step: StepInput) -> Event | None:
    """'attacked the plan', 'a fight against corruption': force aimed at an idea is no force.

    A verbal attack on a policy is criticism (111); other force verbs aimed at a policy or an
    abstract noun code nothing.
    """
    if event.root not in {"18", "19", "20"}:
        return event
    trigger = step.trigger
    aimed = [
        o
        for c in children_of(trigger)
        for o in ([c] if c.dep_ == "dobj" else [g for g in children_of(c) if g.dep_ == "pobj"])
        if c.dep_ in {"dobj", "prep"}
    ]
    if not any(o.lemma_.lower() in _WORDS.policy_nouns for o in aimed):
        return event
    if trigger.lemma_.lower() in _WORDS.verbal_attack_verbs:
        return _mark(step.recode(event, "111"), "aimed-at-policy")
    return None


def claim_is_accusation(event: Event, step: StepInput) -> Event | None:
    """Phoenix: 'X claimed Y attacked Z' is X accusing Y (112), not Y's attack, reported."""
    if event.modality != "reported" or event.root not in {"18", "19", "20"}:
        return event
    speaker, accused = event.attribution, event.source
    if speaker is None or not speaker.actor.code or accused is None:
        return event
    node = step.trigger
    for _ in range(4):
        if node.head is node:
            return event
        node = node.head
        if node.lemma_.lower() in _WORDS.claim_verbs:
            recoded = step.recode(event, "112")
            return _mark(
                dataclasses.replace(
                    recoded, source=speaker, target=accused, modality="asserted", attribution=None
                ),
                "claim-is-accusation",
            )
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


STEPS: Mapping[str, Step] = {
    "private-speech": private_speech,
    "opinion": opinion,
    "regret-of-others": regret_of_others,
    "halted-talks": halted_talks,
    "weapon-means-force": weapon_means_force,
    "political-actor-needed": political_actor_needed,
    "speaker-needed": speaker_needed,
    "voiced-fear": voiced_fear,
    "bare-statement": bare_statement,
    "background": background,
    "unknown-actor": unknown_actor,
    "attributed-doer": attributed_doer,
    "claim-is-accusation": claim_is_accusation,
    "place-as-target": place_as_target,
    "generic-agent": generic_agent,
    "refusal": refusal,
    "agreement-to-act": agreement_to_act,
    "transitive-motion": transitive_motion,
    "visit-needs-destination": visit_needs_destination,
    "force-needs-force": force_needs_force,
    "territory-needed": territory_needed,
    "private-violence": private_violence,
    "considering": considering,
    "inquiry": inquiry,
    "undone": undone,
    "description": description,
    "aimed-at-policy": aimed_at_policy,
    "no-named-doer": no_named_doer,
    "object-fits": object_fits,
    "warning-is-forecast": warning_is_forecast,
}


class UnknownConventionError(ValueError):
    """A profile names a step that does not exist."""


def profile_steps(names: Sequence[str]) -> tuple[Step, ...]:
    missing = [n for n in names if n not in STEPS]
    if missing:
        raise UnknownConventionError(f"unknown convention step(s): {', '.join(missing)}")
    return tuple(STEPS[n] for n in names)


def apply_steps(steps: Sequence[Step], events: list[Event], step: StepInput) -> list[Event]:
    out: list[Event] = []
    for event in events:
        current: Event | None = event
        for fn in steps:
            if current is None:
                break
            current = fn(current, step)
        if current is not None:
            out.append(current)
    return out
