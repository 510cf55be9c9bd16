"""Whom a pronoun stands for: the noun it continues, the speaker, or the document memory.

Tried in order: a relative pronoun is the noun its clause modifies; "we" in what someone
says is the speaker's side; a subject pronoun of a reported clause is the speaker ("Kabul
said it would ..."); one of a clause hung on another is that clause's subject; one of a
main clause continues the previous sentence's subject. Each only when the pronoun fits the
noun (a person for "he", a plural or a body for "they"). Else the memory: the last person
for "he" or "she"; for "it" and "they" only a body named in the same sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from casus.lexicon import lexicon
from casus.model import ActorRef
from casus.spans import children_of, conjuncts_of, sentence_of

if TYPE_CHECKING:
    from casus.actors.resolve import PhraseResolver

_WORDS = lexicon()
_PERSON_PRONOUNS = _WORDS.person_pronouns
_THING_PRONOUNS = _WORDS.thing_pronouns
_RELATIVE_PRONOUNS = _WORDS.relative_pronouns


def resolve_pronoun(r: PhraseResolver, head: Token) -> list[ActorRef]:
    """The actors a pronoun at the head of a phrase stands for, if any."""
    lower = head.lower_
    if lower in _RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
        return r.resolve(head.head.head)
    clause = head.head
    if lower in _WORDS.speaker_pronouns:
        # '"We urge donors to send aid," the minister said': first person in what a
        # speaker says is the speaker's side.
        return _reporting_subject(r, head, clause)
    if lower not in _PERSON_PRONOUNS and lower not in _THING_PRONOUNS:
        return []
    if head.dep_ in {"nsubj", "nsubjpass"} and clause.dep_ in {"ccomp", "xcomp"}:
        # "Kabul said it would ...": the pronoun in the reported clause is the speaker.
        speaker = next(
            (c for c in children_of(clause.head) if c.dep_ in {"nsubj", "nsubjpass"}), None
        )
        if speaker is not None:
            speaker = r._after_dateline(speaker) or speaker  # not "NAIROBI, Kenya (Reuters) —"
        if (
            speaker is not None
            and speaker.i != head.i
            and speaker.pos_ != "PRON"
            and _pronoun_fits(r, lower, speaker)
        ):
            refs = r.resolve(speaker)
            if refs:
                return [r._ref(ref.actor, head, from_memory=True) for ref in refs]
    governing = _governing_subject(r, head, lower)
    if governing:
        return [r._ref(ref.actor, head, from_memory=True) for ref in governing]
    previous = _previous_subject(r, head, lower)
    if previous:
        return [r._ref(ref.actor, head, from_memory=True) for ref in previous]
    if lower in _PERSON_PRONOUNS:
        actor = r.memory.last("person")
    else:
        # "it" and "they" reach back only within their sentence: across sentences they
        # mostly stand for things, voters or readers, not the last body named.
        actor = r.memory.last("group", "country", "sector", this_sentence=True)
    return [r._ref(actor, head, from_memory=True)] if actor is not None else []


def _plural(noun: Token) -> bool:
    """A plural noun, or nouns in coordination ("Kenya and Uganda")."""
    return noun.tag_ in {"NNS", "NNPS"} or bool(conjuncts_of(noun))


def _pronoun_fits(r: PhraseResolver, pronoun: str, noun: Token) -> bool:
    """Whether "he", "it" or "they" can stand for this noun phrase's head."""
    person = noun.ent_type_ == "PERSON" or noun.lemma_.lower() in r.dictionary.role_nouns
    plural = _plural(noun)
    if pronoun in _PERSON_PRONOUNS:
        return person and not plural
    if pronoun == "it":
        return not person and not plural
    return plural or not person  # "they": a plural, or a state or group


def _previous_subject(r: PhraseResolver, head: Token, pronoun: str) -> list[ActorRef]:
    """A main-clause subject pronoun continues the previous sentence's subject when it
    fits (a person for "he"/"she", a plural or body for "they")."""
    if head.dep_ != "nsubj" or head.head.dep_ != "ROOT" or sentence_of(head).start == 0:
        return []
    before = sentence_of(r.doc[sentence_of(head).start - 1])
    subject = next((c for c in children_of(before.root) if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON":
        return []
    refs = r.resolve(subject)
    if not refs:
        return []
    named_person = subject.pos_ == "PROPN" and any(
        c.dep_ == "compound" for c in children_of(subject)
    )
    plural = _plural(subject)
    if pronoun in _PERSON_PRONOUNS:
        fits = not plural and (named_person or _pronoun_fits(r, pronoun, subject))
    elif pronoun == "they":
        fits = plural
    else:
        fits = False
    return refs if fits else []


def _reporting_subject(r: PhraseResolver, head: Token, clause: Token) -> list[ActorRef]:
    """The speaker of the reporting verb a pronoun subject's clause is said under."""
    if head.dep_ not in {"nsubj", "nsubjpass"}:
        return []
    node = clause
    for _ in range(3):
        if node.dep_ in {"ccomp", "parataxis"} and node.head.i != node.i:
            speaker = next(
                (c for c in children_of(node.head) if c.dep_ in {"nsubj", "nsubjpass"}), None
            )
            if speaker is None or speaker.pos_ == "PRON":
                return []
            return [r._ref(ref.actor, head, from_memory=True) for ref in r.resolve(speaker)]
        if node.dep_ not in {"conj", "xcomp"} or node.head.i == node.i:
            return []
        node = node.head
    return []


def _governing_subject(r: PhraseResolver, head: Token, pronoun: str) -> list[ActorRef]:
    """The subject pronoun of a clause hung on another ("arrested 40 people as they
    fired tear gas", "sanctions on officials it accused of ...") continues the subject
    of the clause above it, when it fits; the noun a relative clause modifies is not it."""
    clause = head.head
    if head.dep_ != "nsubj" or clause.dep_ not in {"advcl", "relcl"}:
        return []
    if any(c.dep_ == "mark" and c.lower_ in _WORDS.conditional_marks for c in children_of(clause)):
        return []  # "could go after his circle if they helped him": anyone may be meant
    node = clause.head
    for _ in range(6):
        if node.pos_ in {"VERB", "AUX"}:
            subject = next((c for c in children_of(node) if c.dep_ == "nsubj"), None)
            if subject is None or subject.pos_ == "PRON" or subject.i == head.i:
                return []
            fits = _pronoun_fits(r, pronoun, subject) and (pronoun != "they" or _plural(subject))
            return r.resolve(subject) if fits else []
        if node.head.i == node.i:
            return []
        node = node.head
    return []
