"""Steps about what a statement frames: a warning, a question, a thing considered, a regret,
a claim of an act."""

from __future__ import annotations

import dataclasses

from spacy.tokens import Token

from casus.events.steps.base import (
    _WORDS,
    StepInput,
    _mark,
    acts_on,
)
from casus.events.steps.senses import object_kinds
from casus.model import UNKNOWN_COUNTRY, Event
from casus.spans import children_of, subtree_of

_OWN = _WORDS.possessive_pronouns | {"our", "my"}
_PRONOUNS = _WORDS.person_pronouns | _WORDS.thing_pronouns | {"i", "we", "you"}


def _foreseen(clause: Token) -> list[Token]:
    """The words of what a forecast foresees: its clause without the reasons and times hung
    on it ("... because the new measures would take weeks")."""
    words = subtree_of(clause)
    skipped = {t.i for c in words if c.dep_ == "advcl" for t in subtree_of(c)}
    return [t for t in words if t.i not in skipped]


def _done_by_the_warned_about(clause: Token, event: Event) -> bool:
    """'warned that the rebels may attack': the one coded as threatened is the clause's own
    doer, so the warning foresees another side's act; the speaker threatens no one."""
    target, source = event.target, event.source
    if target is None:
        return False
    if (
        source is not None
        and target.actor.country in {source.actor.country, UNKNOWN_COUNTRY, ""}
        and target.actor.sector in _WORDS.state_sectors
    ):
        # "police will detain ..., the minister warned": the speaker's own side (police of
        # no stated country are the speaker's).
        return False
    # A pronoun subject ("warned that it would resume attacks") is the speaker's own side.
    return any(
        s.left_edge.idx <= target.start < s.right_edge.idx + len(s.right_edge)
        for s in children_of(clause)
        if s.dep_ == "nsubj" and s.pos_ != "PRON"
    )


def _done_by_no_actor(clause: Token, event: Event, step: StepInput) -> bool:
    """'warned that floods threaten homes', 'that inflation could wipe out savings': the
    clause's subject is a common noun that names no actor, so the coercive verb is figurative
    and nobody threatens anyone."""
    coded = [r.start for r in (event.source, event.target) if r is not None]
    return any(
        s.pos_ == "NOUN"
        and "person" not in object_kinds(s, step)
        and not any(s.left_edge.idx <= start <= s.right_edge.idx for start in coded)
        for s in children_of(clause)
        if s.dep_ == "nsubj"
    )


def _refuses(clause: Token) -> bool:
    """'will not end the strike', 'will no longer tolerate': a refusal announced as a warning
    is a threat (future auxiliary and negation on the clause's verb)."""
    words = {c.lower_ for c in children_of(clause) if c.dep_ in {"aux", "neg", "advmod"}}
    negated = bool(words & _WORDS.negators) or any(
        c.lower_ == "longer" and any(g.lower_ == "no" for g in children_of(c))
        for c in children_of(clause)
    )
    return negated and bool(words & _WORDS.will_auxiliaries)


@acts_on("13")
def warning_is_forecast(event: Event, step: StepInput) -> Event | None:
    """'warned that the debt crisis would deepen': a grim forecast, not a threat; 'warned
    against a bad deal': disapproval (110).

    A warning addressed to no one ("warned X") whose clause holds no coercive act is a
    statement in its tone; whoever the clause is about is its topic, not its target.
    "warned that police would arrest ..." stays a threat.
    """
    trigger = step.trigger
    if event.root != "13" or trigger.lemma_.lower() not in _WORDS.warning_verbs:
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
        if against is None:
            return event
        # What is warned against is the phrase's head: "against linking the attack to ..."
        # warns against a linking, whatever act its object names.
        warned = next((c for c in children_of(against) if c.dep_ in {"pobj", "pcomp"}), None)
        code = step.act_code(warned) if warned is not None else None
        if code is not None and code[:2] >= "13":
            return event
        if warned is None and step.threatens(against):
            return event
        if (
            warned is not None
            and warned.tag_ == "VBG"
            and event.target is None
            and not any(t.lemma_.lower() in _WORDS.policy_nouns for t in subtree_of(warned))
        ):
            # "cautioned against linking the blast to ...": advice, no one or nothing blamed
            # ("warned against making a bad deal" disapproves of the deal)
            return None
        return _mark(step.recode(event, "110"), "warning-is-forecast")
    elif (
        step.threatens(clause)
        and not _done_by_the_warned_about(clause, event)
        and not _done_by_no_actor(clause, event, step)
    ) or _refuses(clause):
        return event
    # A warning foresees harm: its tone is never optimistic, whatever words it also holds.
    tone = step.tone(trigger)
    statement = dataclasses.replace(
        step.recode(event, "012" if tone in {"010", "013"} else tone), target=None
    )
    # A forecast is a statement, and must say something about an actor or a policy; a
    # pronoun subject ("warned that it would retaliate") is most often the speaker.
    speaker = any(
        c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in _PRONOUNS for c in children_of(clause)
    )
    if not speaker and not any(
        t.lemma_.lower() in _WORDS.policy_nouns or step.mentions_actor(t) for t in _foreseen(clause)
    ):
        return None
    return _mark(statement, "warning-is-forecast")


_QUESTION_MARKS = frozenset({"whether", "if"})


@acts_on("02", "10")
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


@acts_on("055")
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


@acts_on("18", "19", "20")
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
