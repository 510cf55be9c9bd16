"""What a trigger's clause says around it: its complement, its means and topic, a command,
a purpose of driving people off, a headline's reduced passive.

Pure functions of the parse, shared by the event coder (`casus.events.coder`).
"""

from __future__ import annotations

from spacy.tokens import Token

from casus.events.match import PatternMatch
from casus.lexicon import lexicon
from casus.spans import children_of, conjuncts_of, subtree_of

_WORDS = lexicon()


# Roots of violence: a weapon, manner or toll of one violent act is no second act.
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
# Roots of force on people, whose target a purpose of driving people off can name.
FORCE_ROOTS = frozenset({"17", "18", "19"})
# Sectors of fighters: force to drive them back is combat, not repression.
FIGHTING_SECTORS = frozenset({"MIL", "REB", "INS", "SEP", "PKO", "SPY", "COP", "PRM"})


def part_of_violent_act(match: PatternMatch, violent: set[int]) -> bool:
    """Whether a violent trigger is the weapon, manner or toll of another violent act in its
    sentence ("killed in a drone attack", "attacked a base, killing 20")."""
    trigger, head = match.trigger, match.trigger.head
    if head.i == trigger.i or head.i not in violent:
        if trigger.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in {"in", "with", "by"}:
            return head.head.i in violent and head.head.i != trigger.i
        return False
    if match.pattern.kind == "noun":
        return trigger.dep_ in {"nsubj", "compound"}
    return trigger.dep_ == "advcl" and trigger.tag_ == "VBG"


# What under a framing verb is not what it frames.
NOT_COMPLEMENT = frozenset(
    {"nsubj", "nsubjpass", "csubj", "conj", "cc", "punct", "advcl", "parataxis"}
)


def complement_tokens(trigger: Token) -> set[int]:
    """Tokens under a framing verb, leaving out its subject and coordinated clauses."""
    found: set[int] = set()
    for child in children_of(trigger):
        if child.dep_ not in NOT_COMPLEMENT:
            found.update([t.i for t in subtree_of(child)])
    return found


def must_clause_subject(verb: Token) -> Token | None:
    """The subject of a reported "must" clause under a statement verb, if there is one."""
    for clause in children_of(verb):
        if clause.dep_ == "ccomp" and any(
            [c.dep_ == "aux" and c.lower_ == "must" for c in children_of(clause)]
        ):
            return next((c for c in children_of(clause) if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return None


def condemned_subject(verb: Token, pejoratives: frozenset[str]) -> Token | None:
    """The subject of a reported clause that calls it something condemning ("said Chile was
    acting as a puppet of ...", "said the government was a threat to peace"), if any."""
    for clause in children_of(verb):
        if clause.dep_ != "ccomp":
            continue
        predicates = [c for c in children_of(clause) if c.dep_ in {"attr", "acomp", "oprd"}]
        for prep in children_of(clause):
            if prep.dep_ == "prep" and prep.lower_ == "as":
                predicates.extend(c for c in children_of(prep) if c.dep_ == "pobj")
        if any(p.lemma_.lower() in pejoratives for p in predicates):
            return next((c for c in children_of(clause) if c.dep_ == "nsubj"), None)
    return None


def judged_act(
    verb: Token, pejoratives: frozenset[str], dismay: frozenset[str], acts: frozenset[str]
) -> tuple[str, Token] | None:
    """A reported clause that judges an act or a policy ("said the decision was
    disappointing", "said the arrests were illegal") or tells the speaker's dismay at one
    ("said she was appalled by the killings"): criticism (111) or disapproval (110), with
    the phrase that names what is judged."""
    for clause in children_of(verb):
        if clause.dep_ != "ccomp":
            continue
        subject = next((c for c in children_of(clause) if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None:
            continue
        predicates = [c for c in children_of(clause) if c.dep_ in {"attr", "acomp"}]
        if clause.tag_ == "VBN":
            predicates.append(clause)  # "she was appalled by ...", read as a passive
        predicates += [d for p in predicates for d in conjuncts_of(p)]
        words = {p.lemma_.lower() for p in predicates} | {p.lower_ for p in predicates}
        if subject.lemma_.lower() in acts:
            if words & pejoratives:
                return "111", subject
            if words & dismay:
                return "110", subject
        elif subject.pos_ == "PRON" and words & dismay:
            for predicate in predicates:
                for prep in children_of(predicate):
                    if prep.dep_ in {"prep", "agent"} and prep.lower_ in {"by", "at", "over"}:
                        judged = next((o for o in children_of(prep) if o.dep_ == "pobj"), None)
                        if judged is not None and judged.lemma_.lower() in acts:
                            return "110", judged
    return None


def says_must(trigger: Token) -> bool:
    """Whether "must" governs the trigger, directly or through an infinitive chain."""
    node = trigger
    for _ in range(4):
        if any(c.dep_ == "aux" and c.lower_ == "must" for c in children_of(node)):
            return True
        if node.dep_ not in {"xcomp", "conj"} or node.head is node:
            return False
        node = node.head
    return False


def means_words(trigger: Token, subjects: list[Token]) -> set[str]:
    """Lemmas of the doer's phrase and of "with ..." phrases: where weapons are named."""
    words: set[str] = set()
    for subject in subjects:
        words.update(t.lemma_.lower() for t in subtree_of(subject))
    for child in children_of(trigger):
        if child.dep_ == "prep" and child.lower_ == "with":
            words.update(t.lemma_.lower() for t in subtree_of(child))
        elif child.dep_ in {"dobj", "nsubjpass"}:
            # "launched a verbal attack", "the hacking attacks were ordered": the act noun's
            # own modifiers name its means.
            words.update(c.lemma_.lower() for c in child.lefts)
    if trigger.pos_ in {"NOUN", "PROPN"}:
        words.update(c.lemma_.lower() for c in trigger.lefts)
        words.add(trigger.lemma_.lower())
    return words


def topic_lemmas(trigger: Token) -> str:
    """The lemmas of what an act is about: the trigger's dependents other than its subject."""
    tokens = sorted(
        [
            t
            for child in children_of(trigger)
            if child.dep_ not in {"nsubj", "nsubjpass", "csubj", "conj", "cc", "punct"}
            for t in subtree_of(child)
        ],
        key=lambda t: t.i,
    )
    return " " + " ".join([t.lemma_.lower() for t in tokens if not t.is_punct]) + " "


def qualifiers(match: PatternMatch) -> set[str]:
    """Lemmas that qualify what the trigger gives or asks for (its objects and their modifiers)."""
    words: set[str] = set()
    for node in match.chain:
        for child in children_of(node):
            if child.dep_ in {"dobj", "pobj", "prep", "dative", "attr"}:
                words.update(t.lemma_.lower() for t in subtree_of(child))
    return words


def reduced_passive(trigger: Token, code: str) -> bool:
    """Whether a force verb with no object has a vehicle as subject ("jet shot down")."""
    if code[:2] not in VIOLENT_ROOTS or trigger.tag_ not in {"VBD", "VBN"}:
        return False
    children = children_of(trigger)
    if any(c.dep_ in {"dobj", "dative", "ccomp", "xcomp", "auxpass", "agent"} for c in children):
        return False
    subjects = [c for c in children if c.dep_ == "nsubj"]
    craft = _WORDS.vehicle_nouns | _WORDS.equipment_nouns
    return bool(subjects) and all(s.lemma_.lower() in craft for s in subjects)


def dispersed(trigger: Token) -> list[Token]:
    """The objects of a purpose clause that drives people off ("to disperse the crowd")."""
    return [
        o
        for clause in children_of(trigger)
        if clause.dep_ in {"advcl", "xcomp"}
        and clause.lemma_.lower() in _WORDS.dispersing_verbs
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in children_of(clause))
        for o in children_of(clause)
        if o.dep_ == "dobj"
    ]


def commands(frame: PatternMatch, act: PatternMatch) -> bool:
    """Whether a framing match is a command of the act it takes: an act noun as direct
    object ("ordered the release of"), or a doerless passive clause ("ordered that X be
    held")."""
    if frame.trigger.lemma_.lower() not in _WORDS.commanding_verbs:
        return False
    if act.pattern.kind == "noun":
        return act.trigger.dep_ == "dobj" and act.trigger.head.i == frame.trigger.i
    return commanded(act.trigger) is not None and act.trigger.head.i == frame.trigger.i


def commanded(verb: Token) -> Token | None:
    """The verb of command whose doerless passive clause this is ("ordered that X be held"):
    the one who orders it has it done."""
    head = verb.head
    if verb.dep_ != "ccomp" or head.lemma_.lower() not in _WORDS.commanding_verbs:
        return None
    children = children_of(verb)
    if not any(c.dep_ == "auxpass" for c in children) or any(c.dep_ == "agent" for c in children):
        return None
    return head
