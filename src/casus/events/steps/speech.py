"""Steps about statements and other verbal acts: who speaks, what is said, in what tone."""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc, Token

from casus.events.patterns import word_classes
from casus.events.roles import subjects_of
from casus.events.steps.base import (
    _WORDS,
    ROOTS,
    StepInput,
    _mark,
    _names_one_of,
    _private,
    _ref_span,
    acts_on,
)
from casus.model import FACTUAL_MODALITIES, ActorRef, Event
from casus.spans import auxiliaries_of, children_of, subtree_of

_STATES = _WORDS.stative_verbs | _WORDS.mental_verbs
_PRONOUNS = _WORDS.person_pronouns | _WORDS.thing_pronouns | {"i", "we", "you"}
_SAID = frozenset({"ccomp", "parataxis", "xcomp", "dobj", "prep", "advcl", "npadvmod"})
_QUOTES = frozenset({'"', "“", "”", "‘", "’", "'"})
_PAST_AUXILIARIES = frozenset({"have", "has", "had", "was", "were", "been", "be", "being"})


@acts_on("01", "03", "04", "05", "06", "07", "08")
def private_speech(event: Event, step: StepInput) -> Event | None:
    """What a resident, witness or reporter says, or whom they contact, is no political event;
    nor is their help or cooperation given to no one named (03-08 without a target), nor
    anyone's meeting with reporters."""
    if event.root == "04" and _the_press(event.target):
        return None  # "met reporters at the airport": a press appearance, no consultation
    if not _private(event.source):
        return event
    if event.root in {"01", "04"}:
        return None
    if "03" <= event.root <= "08" and event.target is None:
        return None
    return event


# Appeals (02), pledges (03) and calls for support (05) a politician makes to voters.
_CAMPAIGN_ROOTS = frozenset({"02", "03", "05"})


@acts_on("02", "03", "05")
def campaign_appeal(event: Event, step: StepInput) -> Event | None:
    """An appeal, a pledge or a call for support made to the electorate ("urged voters to",
    "promised supporters") is campaigning: no actor is asked or promised anything."""
    if event.root not in _CAMPAIGN_ROOTS:
        return event
    if event.target is not None:
        return None if _names_one_of(event.target, _WORDS.electorate_nouns) else event
    # "appealed to her constituents": an owner's own electorate is no target of its own
    addressed = [c for c in children_of(step.trigger) if c.dep_ in {"dobj", "dative"}]
    for prep in children_of(step.trigger):
        if prep.dep_ == "prep":
            addressed.extend(c for c in children_of(prep) if c.dep_ == "pobj")
    if any(t.lemma_.lower() in _WORDS.electorate_nouns for t in addressed):
        return None
    return event


def _the_press(ref: ActorRef | None) -> bool:
    """Reporters or the press named as such, not a named outlet or its editors."""
    if ref is None or ref.actor.sector != "MED" or ref.actor.organisation:
        return False
    return _names_one_of(ref, _WORDS.press_nouns)


def _audience(ref: ActorRef, doc: Doc) -> bool:
    """A crowd, an audience or a gathering addressed ("told a crowd in Davao"), people
    counted in hundreds or thousands ("told a few thousand farmers"), or the body outside
    politics a speech or lecture was given to ("said in a speech to the University of
    Ghana"; one to a legislature or a state is addressed to it)."""
    if _names_one_of(ref, _WORDS.audience_nouns) or _names_one_of(ref, _WORDS.crowd_counts):
        return True
    span = _ref_span(ref, doc)
    if span is None or ref.actor.sector in _WORDS.political_sectors or not ref.actor.sector:
        return False  # a speech to the Argentine Congress is addressed to it
    head = span.root
    return (
        head.dep_ == "pobj"
        and head.head.lower_ in {"to", "at", "before"}
        and head.head.head.lemma_.lower() in _WORDS.speech_nouns
    )


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


@acts_on(*(r for r in ROOTS if r not in _CLAIM_OR_FORCE_ROOTS))
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


@acts_on("01")
def voiced_fear(event: Event, step: StepInput) -> Event | None:
    """'investigators worried that ...': a state of mind is a comment (012) only when a
    political actor (a state, government, party, court, official) has it.

    Told in the past and not as what someone said ("officials feared the rebels would
    regroup"), it is a narrated motive, not a comment; "said he hoped" is one. A hope or
    fear an act raises, told as its consequence ("..., raising hopes of a thaw"), is none.
    """
    trigger = step.trigger
    if (
        event.cameo in {"012", "013"}
        and trigger.dep_ == "advcl"
        and trigger.tag_ == "VBG"
        and not any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in children_of(trigger))
    ):
        # "swapped hostages ..., raising hopes of a thaw": the hope is what an act raised,
        # told as its consequence, not anyone's comment.
        return None
    if event.root != "01" or trigger.lemma_.lower() not in _WORDS.mental_verbs:
        return event
    if trigger.tag_ == "VBD" and event.modality != "reported":
        return None
    source = event.source
    sector = source.actor.sector if source is not None else ""
    if source is None or (sector and sector not in _WORDS.political_sectors):
        return None
    return event


@acts_on("01")
def speaker_needed(event: Event, step: StepInput) -> Event | None:
    """A statement, comment or denial (root 01) needs a named speaker.

    A known actor, or a name or noun phrase the dictionaries lack ("the agency"); an unnamed
    "I", "we" or a quotation with no speaker in the sentence is no political statement, nor
    is a thing that shows (`showing_nouns`), whatever actor modifies it.
    """
    if event.root != "01":
        return event
    if any(s.lemma_.lower() in _WORDS.anonymous_speaker_nouns for s in subjects_of(step.trigger)):
        return None  # "an insurgent source told AFP": how the news was learnt
    if event.source is not None:
        subjects = subjects_of(step.trigger)
        if subjects and subjects[0].lemma_.lower() in _WORDS.showing_nouns:
            return None  # "the Kenyan election results suggest": a thing shows, says nothing
        return event
    attribution = event.attribution
    if attribution is not None and attribution.actor.code and _coordinated_saying(step.trigger):
        # "the head of the delegation said ... but warned that ...": who said it warned it
        return dataclasses.replace(event, source=attribution)
    node = step.trigger
    for _ in range(3):
        subjects = subjects_of(node)
        if any(_private_person(t) for t in subjects):
            return None  # "a witness, Jane Doe, told the jury": testimony, not politics
        if any(
            t.pos_ == "PROPN" or t.lemma_.lower() in _WORDS.organisation_heads for t in subjects
        ):
            return event  # a name or a body the dictionaries lack ("the agency")
        if any(t.pos_ == "NOUN" for t in subjects):
            return None  # "the herders had told police": people named by a common noun
        if subjects and subjects[0].lower_ not in _WORDS.thing_pronouns:
            return None  # "I", "we", "she": a quoted person the sentence does not name
        if node.dep_ not in {"ccomp", "xcomp", "conj", "acomp"} or node.head is node:
            return None
        node = node.head  # "the agency said it was sceptical": "it" is the agency
    return None


def _coordinated_saying(trigger: Token) -> bool:
    """A finite verb with no subject of its own coordinated with a verb of saying, also
    where the parser hangs it as that verb's complement ("said ... but warned that")."""
    return (
        trigger.dep_ in {"conj", "ccomp"}
        and trigger.tag_ in {"VBD", "VBZ", "VBP"}
        and not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in children_of(trigger))
    )


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
    return any(t.lemma_.lower() in _WORDS.time_nouns for t in subtree_of(phrase))


def _happened(verb: Token) -> bool:
    """A past, non-modal act that is no state of affairs or of mind."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() in _STATES:
        return False  # "said the claim had no basis", "said they hoped ...": a position
    aux = auxiliaries_of(verb)
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
        if any(step.named_actor(t) not in {"", own} for t in subtree_of(subject)):
            return True
    return False


# (the words said, read in loops, not any() over generators: asked of every statement)
def _names_an_actor(said: list[Token], step: StepInput) -> bool:
    for c in said:
        for t in subtree_of(c):
            if step.named_actor(t):
                return True
    return False


def _names_another_party(said: list[Token], step: StepInput, own: str) -> bool:
    for c in said:
        for t in subtree_of(c):
            if step.named_actor(t) not in {"", own} and _argument(t):
                return True
    return False


def _names_policy_or_act(said: list[Token]) -> bool:
    for c in said:
        for t in subtree_of(c):
            if _policy_or_act(t):
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
    if event.cameo == "010" and event.modality in {"negated", "future", "hypothetical"}:
        # "has not commented": no statement was made; "will announce a new strategy": none
        # yet, and what it will say is not known
        return None
    if event.cameo == "010" and event.source is not None and event.source.actor.sector == "ELI":
        # A former official's or a notable's plain remark is commentary, quoted in features
        # and interviews; what they do (accuse, urge, meet) is still coded.
        return None
    if event.target is not None and (
        event.target.actor.sector == "MED" or _audience(event.target, step.trigger.doc)
    ):
        # "told reporters", "said in an interview with the agency", "told a crowd": the
        # press or an audience is how a statement is made, not whom it is about.
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
    if not _names_an_actor(said, step):
        return None
    own = source.actor.country if source is not None else ""
    if (
        event.cameo == "010"
        and own
        and not _names_another_party(said, step, own)
        and not _names_policy_or_act(said)
    ):
        # "the minister said the country had needed the capability", "said the Chinese-built
        # stadium would open": a plain remark that names no other actor as one of its
        # clause's parties (only in passing, as a modifier) and no policy is no event.
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
    if quotes and not any(
        step.named_actor(t) not in {"", own} for c in quotes for t in subtree_of(c)
    ):
        return None
    return event


def _policy_or_act(tok: Token) -> bool:
    """A policy named anywhere in what is said, or an act or armed force that is a party
    to it ("said the attacks violated ...", "said troops were building an airstrip")."""
    lemma = tok.lemma_.lower()
    if lemma in _WORDS.policy_nouns:
        return True
    return lemma in _ACTS_AND_FORCES and _argument(tok)


_ACTS_AND_FORCES = _WORDS.act_nouns | _WORDS.armed_people_nouns
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr", "oprd"})


def _argument(name: Token) -> bool:
    """Whether a name is a party to its clause: a subject or object of a verb, or the
    object of a preposition on a verb, also as a conjunct or apposition of one."""
    node = name
    for _ in range(3):
        if node.dep_ not in {"conj", "appos"} or node.head.i == node.i:
            break
        node = node.head
    if node.dep_ in _ARGUMENT_DEPS:
        return True
    return (
        node.dep_ == "pobj"
        and node.head.dep_ in {"prep", "agent"}
        and node.head.head.pos_ in {"VERB", "AUX"}
    )


_COMMENT_TOPICS = (
    _WORDS.policy_nouns | _WORDS.talks_nouns | _WORDS.conflict_nouns | _WORDS.act_nouns
)
_SPEAKER_DEPS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "neg", "punct", "advmod"})


def speculation(event: Event, step: StepInput) -> Event | None:
    """'Analysts say the army could launch an offensive': what observers, who speak for no
    one, think may happen is commentary; what they report as done is still a report. What
    studies or figures find people do, in the present ("studies found police kill ..."), is a
    pattern, not an event."""
    if _found_pattern(step.trigger):
        return None
    if event.modality in FACTUAL_MODALITIES:
        return event
    node = step.trigger
    for _ in range(4):
        if node.dep_ not in {"ccomp", "xcomp", "conj", "advcl"} or node.head.i == node.i:
            return event
        node = node.head
        if any(s.lemma_.lower() in _WORDS.observer_nouns for s in subjects_of(node)):
            return None
    return event


def _found_pattern(trigger: Token) -> bool:
    """A simple-present act in what a study, survey or set of figures found or shows."""
    if trigger.tag_ not in {"VBP", "VBZ", "VB"} or auxiliaries_of(trigger):
        return False
    node = trigger
    for _ in range(3):
        if node.dep_ not in {"ccomp", "conj"} or node.head.i == node.i:
            return False
        node = node.head
        if any(s.lemma_.lower() in _WORDS.showing_nouns for s in subjects_of(node)):
            return True
    return False


@acts_on("012", "013")
def comment_needs_topic(event: Event, step: StepInput) -> Event | None:
    """A statement toned by what it says (012, 013) and aimed at no one must be about an
    actor other than the speaker's country, a policy, talks or a conflict.

    "Said the economy would grow" takes its tone from the forecast it reports, and a
    forecast of one's own economy, prices or weather is no event between actors; what an
    economic quantity is said to do ("Chinese demand would pick up") names no actor,
    whoever's figure it is. A comment with a word of tone of its own ("expressed optimism",
    "said it was sceptical") is kept: the tone is what it reports.
    """
    if event.cameo not in {"012", "013"} or event.target is not None:
        return event
    if not event.extra.get("statement"):
        return event
    own = event.source.actor.country if event.source is not None else ""
    said = [c for c in children_of(step.trigger) if c.dep_ not in _SPEAKER_DEPS]
    for phrase in said:
        for tok in subtree_of(phrase):
            if tok.lemma_.lower() in _COMMENT_TOPICS:
                return event
            actor = step.named_actor(tok)
            if actor not in {"", own} and not _of_an_economic_quantity(tok):
                return event
    return None


def _of_an_economic_quantity(tok: Token) -> bool:
    """'Chinese demand', 'Ethiopia's economy': a name that only says whose figure it is."""
    node = tok
    while node.dep_ in {"amod", "compound", "poss", "nmod", "case"} and node.head.i != node.i:
        node = node.head
    return node.lemma_.lower() in _WORDS.economic_nouns


@acts_on("015")
def admission(event: Event, step: StepInput) -> Event | None:
    """'admitted that several governments needed to do more': conceding a point about others
    is a statement (010), not a claim of responsibility (015).

    An admission is one only when its clause tells what the speaker's side did or failed to
    do: its subject a pronoun, or owned by one ("his officers had beaten ...").
    """
    trigger = step.trigger
    if event.cameo != "015" or trigger.lemma_.lower() not in _WORDS.admission_verbs:
        return event
    clause = next((c for c in children_of(trigger) if c.dep_ == "ccomp"), None)
    if clause is None:
        return event
    subjects = [c for c in children_of(clause) if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects or any(
        s.pos_ == "PRON"
        or any(c.dep_ == "poss" and c.lower_ in _WORDS.possessive_pronouns for c in children_of(s))
        for s in subjects
    ):
        return event
    return _mark(step.recode(event, "010"), "admission")
