"""Modality and attribution of an event from the syntax around its trigger."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Span, Token

from casus.lexicon import lexicon
from casus.model import Modality
from casus.spans import children_of, sentence_of, span_text
from casus.yamlio import load_yaml

_WORDS = lexicon()

_KEYS = (
    "reporting_verbs",
    "according_to",
    "recommended",
    "future",
    "hypothetical",
    "negation",
    "negating_governors",
    "denying_verbs",
    "claim_nouns",
    "future_governors",
    "hypothetical_governors",
    "recommended_governors",
    "causative_verbs",
    "attempt_verbs",
    "temporal_marks",
    "question_marks",
    "purpose_nouns",
    "feared_governors",
    "feared_nouns",
    "hypothetical_adverbs",
    "means_prepositions",
    "example_prepositions",
    "negative_subjects",
    "alternative_adverbs",
    "negating_prepositions",
    "question_words",
)
# "csubj": an act named as a clause's subject ("bombing Iran would be a mistake") is in the
# mood of that clause's verb; "acomp": so is the act an adjective completes ("are not able
# to end the violence").
# The governors whose mood an act in their "for ... to" clause takes.
_MOOD_GOVERNOR_SETS = (
    "recommended_governors",
    "future_governors",
    "hypothetical_governors",
    "negating_governors",
)
_CLIMB = frozenset(
    {"xcomp", "conj", "advcl", "ccomp", "parataxis", "acl", "relcl", "pcomp", "csubj", "acomp"}
)


class ModalityLexiconError(ValueError):
    """The modality lexicon file is malformed."""


@dataclass(frozen=True)
class ModalityLexicon:
    """Word lists that decide modality; loaded from data/events/modality.yml."""

    words: Mapping[str, frozenset[str]]

    def __getitem__(self, key: str) -> frozenset[str]:
        return self.words[key]


def load_modality_lexicon(path: Path | None = None) -> ModalityLexicon:
    path = path or Path(str(resources.files("casus") / "data" / "events" / "modality.yml"))
    data: Any = load_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(data, Mapping):
        raise ModalityLexiconError(f"{path}: expected a mapping")
    words: dict[str, frozenset[str]] = {}
    for key in _KEYS:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ModalityLexiconError(f"{path}: {key}: expected a list of words")
        words[key] = frozenset(v.lower() for v in value)
    return ModalityLexicon(words)


@dataclass(frozen=True, slots=True)
class ModalityReading:
    """The modality of one trigger and, for reported speech, the token naming the speaker."""

    modality: Modality
    speaker: Token | None
    reporting_verb: Token | None


def _aux_words(verb: Token) -> set[str]:
    return {c.lower_ for c in children_of(verb) if c.dep_ in {"aux", "auxpass", "neg"}}


def _future_time_clause(clause: Token, lexicon: ModalityLexicon) -> bool:
    """A time clause in the present tense under a future ("once troops enter ..., the war
    will spread"): English puts a future act in the present there."""
    # In reported speech the present shifts back: "said it would not approve until
    # Stockholm extradited ...".
    shifted = clause.tag_ == "VBD" and bool(_aux_words(clause.head) & _WORDS.will_auxiliaries)
    if clause.tag_ not in {"VBZ", "VBP"} and not shifted:
        return False
    if not any(
        # the parser reads "once" and "when" as adverbs of the clause as often as markers
        c.dep_ in {"mark", "advmod"} and c.lower_ in lexicon["temporal_marks"]
        for c in children_of(clause)
    ):
        return False
    return shifted or bool(_aux_words(clause.head) & lexicon["future"])


def _negative_subject(verb: Token, lexicon: ModalityLexicon) -> bool:
    """Whether the verb's subject names no one: "none", "nobody", or a subject under "not",
    "no" or "neither"."""
    for subject in children_of(verb):
        if subject.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        if subject.lower_ in lexicon["negative_subjects"]:
            return True
        for c in children_of(subject):  # (a loop: no generator per subject)
            if c.dep_ in {"neg", "det", "preconj"} and c.lower_ in (
                lexicon["negation"] | lexicon["negative_subjects"]
            ):
                return True
    return False


def _alternative(verb: Token, lexicon: ModalityLexicon) -> bool:
    """'rather than arresting them', 'instead of expelling him': the act not chosen;
    'without agreeing on a code': the act not done."""
    head = verb.head
    if verb.dep_ == "pcomp" and head.lower_ in lexicon["negating_prepositions"]:
        return True
    return (
        verb.dep_ == "pcomp"
        and head.lower_ in {"than", "of"}
        and any(
            c.dep_ == "advmod" and c.lower_ in lexicon["alternative_adverbs"]
            for c in children_of(head)
        )
    )


def read_modality(
    trigger: Token, lexicon: ModalityLexicon, *, consumed_governors: frozenset[int] = frozenset()
) -> ModalityReading:
    """Walk from the trigger up to the clause root collecting modal cues.

    consumed_governors are tokens that the matched pattern already used (the "refuse" of
    "refuse to recognize"), so they do not also negate the event.
    """
    verb = trigger
    negated = recommended = future = hypothetical = asked = False
    if trigger.pos_ == "ADJ" and trigger.dep_ in {"acomp", "oprd"}:
        # "is not ready to send", "would be willing to meet": the verb the adjective
        # completes carries its mood.
        verb = trigger.head
    elif trigger.pos_ in {"NOUN", "PROPN"} and trigger.dep_ in {"dobj", "nsubjpass", "pobj"}:
        verb = trigger.head if trigger.dep_ != "pobj" else trigger.head.head
        # "cancelled a planned visit": the governing verb undoes the nominal event.
        negated = verb.lemma_.lower() in lexicon["negating_governors"]
    # "gave no details", "offered no aid": an act whose object is none did not take place.
    if trigger.pos_ in {"VERB", "AUX"}:
        for c in children_of(trigger):  # (a loop: no generator per event)
            if c.dep_ == "dobj" and any(
                d.dep_ == "det" and d.lower_ in lexicon["negation"] for d in children_of(c)
            ):
                negated = True
                break
    # "none of the groups attacked", "neither Kenya nor Uganda sent", "not X nor Y are ...":
    # the doer named is no one, so the act did not take place.
    negated |= _negative_subject(verb, lexicon) or _alternative(verb, lexicon)
    speaker: Token | None = None
    reporting: Token | None = None
    node = verb
    local = (
        True  # cues on the event's own clause; above a reporting verb they belong to the speaker
    )
    coordinate = False  # the node was reached from a conjunct: a sibling act, no governor
    affirmed = False  # reached through a participle adjunct: the clause's negation stays there
    adjunct = False  # the node was reached from its participle adjunct: it governs nothing here
    # The trigger, or an infinitive it hangs on ("efforts to get Kyiv to arrest X"): the
    # aim of a purpose noun at the top of such a chain is the trigger's.
    infinitives = True
    caused = False  # climbed through a verb that brings another actor to act
    for _ in range(8):
        words = _aux_words(node)
        if local:
            negated |= not affirmed and bool(words & lexicon["negation"])
            recommended |= bool(words & lexicon["recommended"])
            future |= bool(words & lexicon["future"]) or _going_to(node) or _headline_to(node)
            # the node's adverbs and markers, read in one pass over its children
            adverbs: set[str] = set()
            marks: set[str] = set()
            for c in children_of(node):
                dep = c.dep_
                if dep == "advmod":
                    adverbs.add(c.lower_)
                elif dep == "mark":
                    marks.add(c.lower_)
            hypothetical |= bool(words & lexicon["hypothetical"]) or not adverbs.isdisjoint(
                lexicon["hypothetical_adverbs"]
            )
            if not marks.isdisjoint(_WORDS.conditional_marks):
                hypothetical = True
            asked |= not marks.isdisjoint(lexicon["question_marks"])
            # "how to respond", "whether to send": an infinitive under a question word is
            # what is weighed, not what was done.
            asked |= "to" in words and not (adverbs | marks).isdisjoint(lexicon["question_words"])
            if (
                node is not verb
                and node.i not in consumed_governors
                and not coordinate
                and not adjunct
            ):
                lemma = node.lemma_.lower()
                negated |= not affirmed and lemma in lexicon["negating_governors"]
                future |= lemma in lexicon["future_governors"]
                hypothetical |= lemma in lexicon["hypothetical_governors"]
                recommended |= lemma in lexicon["recommended_governors"]
                hypothetical |= caused and lemma in lexicon["attempt_verbs"]
                caused |= lemma in lexicon["causative_verbs"]
        if node.dep_ not in _CLIMB or node.head is node:
            break
        dep, head = node.dep_, node.head
        coordinate = dep == "conj"
        adjunct = False
        if dep == "ccomp" and _infinitive_clause(node) and not _reporting(head, lexicon):
            # "want Congress to investigate", "made Tehran release": an infinitive the parser
            # reads as a clause is still the governor's complement; its mood is the act's.
            pass
        elif local and dep == "advcl" and head.pos_ in {"VERB", "AUX"} and _for_clause(node):
            # "called for the officers to be arrested": a "for ... to" clause is what its
            # verb asks, wants or waits for; under a governor of mood that governor's mood
            # is the act's, else the act is yet to come.
            lemma = head.lemma_.lower()
            if not any(lemma in lexicon[k] for k in _MOOD_GOVERNOR_SETS):
                future = True
                local = False
        elif local and _denied(node, lexicon):
            # "denied that its soldiers shelled ...", "dismissed allegations that police
            # beat ...": the speaker says the act did not happen.
            negated = True
            local = False
            reporting = head if head.pos_ in {"VERB", "AUX"} else head.head
            speaker = _subject(reporting)
        elif dep == "ccomp" and local and head.lemma_.lower() in lexicon["feared_governors"]:
            # "fears that Kenya will close the border": a feared act is a possibility.
            hypothetical = True
            local = False
        elif dep in {"ccomp", "parataxis"} or (dep == "advcl" and _reporting(head, lexicon)):
            if _reporting(head, lexicon) and reporting is None:
                reporting = head
                speaker = _subject(head)
            local = False
        elif dep == "conj" and _reporting(head, lexicon):
            break
        elif dep == "conj" and any(
            c.dep_ in {"nsubj", "nsubjpass"} or (c.dep_ in {"aux", "auxpass"} and c.lower_ != "to")
            for c in children_of(node)
        ):
            # "X attacked Y and Z should respond", "did not deny it but is demanding ...": a
            # conjunct with its own subject or auxiliary keeps its own mood.
            local = False
        elif (
            dep == "pcomp" and head.lower_ in lexicon["means_prepositions"] and head.dep_ == "prep"
        ):
            # "would respond by freezing payments": the means of an act shares its mood.
            node = head.head
            coordinate = infinitives = False
            continue
        elif (
            dep in {"pcomp", "pobj"}
            and head.lower_ in lexicon["example_prepositions"]
            and head.dep_ == "prep"
        ):
            # "does not support relocations, including forcing people to move": an example
            # of a thing is in the mood of the verb that takes the thing.
            node = head.head
            if node.dep_ in {"dobj", "nsubjpass", "pobj"} and node.head.i != node.i:
                node = node.head
            coordinate = infinitives = False
            continue
        elif dep == "pcomp" and head.lower_ == "to" and head.dep_ == "prep":
            # "is committed to opening ...": "to" + gerund under a governor works like "to"
            # + infinitive; the governor's mood is the act's.
            node = head.head
            infinitives = False
            continue
        elif local and dep in {"acl", "advcl"} and _purpose(node) and _chance_not_taken(head):
            # "would be a chance to ease tensions", "a chance for Armenia to withdraw": a
            # possible act, not one done.
            hypothetical = True
            local = False
        elif (
            local
            and infinitives
            and _purpose(node)
            and (
                dep == "advcl" or (dep == "acl" and head.lemma_.lower() in lexicon["purpose_nouns"])
            )
        ):
            # "moved north to attack ...", "in order to fight": an infinitive of purpose is the
            # aim of the act it hangs on; it has not happened yet. (An act noun it takes as
            # object, "to discuss the advance", may well have.)
            future = True
            local = False
        elif dep == "advcl" and _bare_participle(node):
            # "will lift the embargo, letting Iran sell oil": a participle adjunct with no
            # subject or auxiliary of its own is in its clause's mood, but not under its
            # negation ("rejected the plan, urging talks instead": the urging happened), nor
            # is it what the clause's verb governs ("threatened to quit, accusing X").
            affirmed = adjunct = True
        elif dep in {"advcl", "acl", "relcl", "pcomp"}:
            # "should share ... because Afghan leaders requested": the reason clause is a fact.
            if local and dep == "advcl" and _future_time_clause(node, lexicon):
                future = True  # "once troops enter X, the war will spread": not yet
            local = False
        # an infinitive clause ("get Kyiv to arrest", "make Tehran release") is one link
        infinitives = infinitives and (
            dep == "xcomp" or (dep == "ccomp" and _infinitive_clause(node))
        )
        node = head
    hypothetical |= _feared(trigger, lexicon) or _inside_condition(trigger)
    if speaker is None:
        speaker = _according_to(trigger, lexicon)
        if speaker is not None:
            reporting = speaker.head.head
    sent_text = span_text(sentence_of(trigger)).rstrip()
    modality: Modality
    if negated:
        modality = "negated"
    elif recommended:
        modality = "recommended"
    elif asked or sent_text.endswith("?"):
        modality = "question"
    elif hypothetical:
        modality = "hypothetical"
    elif future:
        modality = "future"
    elif speaker is not None or reporting is not None:
        modality = "reported"
    else:
        modality = "asserted"
    return ModalityReading(modality, speaker, reporting)


def _chance_not_taken(noun: Token) -> bool:
    return noun.lemma_.lower() in _WORDS.chance_nouns and not (
        noun.dep_ == "dobj" and noun.head.lemma_.lower() in _WORDS.taking_verbs
    )


def _bare_participle(verb: Token) -> bool:
    """A present participle with no subject, auxiliary or marker of its own ("..., killing
    two", "..., letting Iran sell oil")."""
    return verb.tag_ == "VBG" and not any(
        c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass", "mark"} for c in children_of(verb)
    )


def _inside_condition(trigger: Token) -> bool:
    """Whether the act lies inside an "if" or "unless" clause, however deep ("if they do
    attempt to evict ...", where the parser makes "attempt" a noun): it may not happen."""
    node = trigger
    marks = _WORDS.conditional_marks
    for _ in range(12):
        # (loops, not any() over a generator: asked of every event, up to its clause's root)
        for c in children_of(node):
            if c.dep_ == "mark" and c.lower_ in marks:
                return node.dep_ in {"advcl", "ccomp", "conj"} or node.i == trigger.i
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _denied(clause: Token, lexicon: ModalityLexicon) -> bool:
    """Whether a clause is what a verb of denial calls false: its complement, or the
    clause of a claim noun that such a verb takes as object."""
    head = clause.head
    if clause.i < head.i:
        return False  # a clause before the verb is no complement of it: a misparse
    if clause.dep_ == "ccomp" and head.pos_ in {"VERB", "AUX"}:
        return head.lemma_.lower() in lexicon["denying_verbs"]
    return (
        clause.dep_ in {"acl", "ccomp"}
        and head.lemma_.lower() in lexicon["claim_nouns"]
        and head.dep_ in {"dobj", "nsubjpass"}
        and head.head.lemma_.lower() in lexicon["denying_verbs"]
    )


def _feared(trigger: Token, lexicon: ModalityLexicon) -> bool:
    """'the fear of being extradited', 'fears that Rwanda would send troops': an act told as
    what is feared or risked is a possibility, whatever the mood of the clause around it."""
    node = trigger
    for _ in range(3):
        if (
            node.dep_ in {"pcomp", "pobj"}
            and node.head.lower_ == "of"
            and node.head.head.lemma_.lower() in lexicon["feared_nouns"]
        ):
            return True
        if (
            node.dep_ in {"acl", "ccomp"}
            and node.head.lemma_.lower() in lexicon["feared_nouns"]
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in children_of(node))
        ):
            return True  # "fears that Rwanda would send troops": the fear's content
        if node.dep_ != "acl" or node.head.i == node.i:
            return False  # only through a participle on the feared noun's object
        node = node.head
    return False


def _purpose(verb: Token) -> bool:
    """A bare infinitive clause ("to attack", "in order to fight", "to be freed"), not a
    participle."""
    children = children_of(verb)
    if verb.tag_ != "VB" and not (
        verb.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.tag_ == "VB" for c in children)
    ):
        return False
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in children)


def _for_clause(verb: Token) -> bool:
    """An infinitive clause with its own subject after "for" ("for the troops to leave")."""
    children = children_of(verb)
    return any(c.dep_ == "mark" and c.lower_ == "for" for c in children) and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in children
    )


def _infinitive_clause(verb: Token) -> bool:
    """An infinitive clause, with "to" ("get Kyiv to arrest") or bare ("made Tehran
    release"): no auxiliary but "to"."""
    return _purpose(verb) or (
        verb.tag_ == "VB" and not any(c.dep_ in {"aux", "auxpass"} for c in children_of(verb))
    )


def _reporting(verb: Token, lexicon: ModalityLexicon) -> bool:
    return verb.lemma_.lower() in lexicon["reporting_verbs"]


def _going_to(verb: Token) -> bool:
    head = verb.head
    return (
        verb.dep_ == "xcomp"
        and head.lemma_ == "go"
        and head.tag_ == "VBG"
        and any(c.lower_ == "to" for c in children_of(verb))
    )


def _headline_to(verb: Token) -> bool:
    """'Seoul to send envoy to Tokyo': a headline's "to" infinitive with a subject and no
    finite verb above it tells what will be done."""
    return (
        verb.head.i == verb.i
        and verb.tag_ == "VB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in children_of(verb))
        and any(c.dep_ in {"nsubj", "nsubjpass"} for c in children_of(verb))
    )


def _subject(verb: Token) -> Token | None:
    for child in children_of(verb):
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    if verb.dep_ in {"conj", "xcomp"} and verb.head is not verb:
        return _subject(verb.head)
    return None


_ACCORDING_TO = "casus.according_to"


def _according_to(trigger: Token, lexicon: ModalityLexicon) -> Token | None:
    """The source an "according to" phrase of the trigger's sentence names. The answer is
    the sentence's, not the trigger's: found once per sentence (per lexicon) and cached on
    the Doc, as every trigger of the sentence without a speaker asks."""
    sent = sentence_of(trigger)
    cache: dict[tuple[int, int], Token | None] = trigger.doc.user_data.setdefault(_ACCORDING_TO, {})
    key = (sent.start, id(lexicon))
    if key not in cache:
        cache[key] = _according_to_in(sent, lexicon)
    return cache[key]


def _according_to_in(sent: Span, lexicon: ModalityLexicon) -> Token | None:
    words = lexicon["according_to"]
    if all([w.isascii() for w in words]):
        # A token whose lower case is an ASCII word is that word in the lower-cased text
        # too, so a sentence without any of the words (nearly all) needs no token loop.
        lowered = span_text(sent).lower()
        for w in words:  # (a loop: no generator per sentence)
            if w in lowered:
                break
        else:
            return None
    for tok in sent:
        if tok.lower_ in words:
            for to in children_of(tok):
                if to.lower_ == "to":
                    for obj in children_of(to):
                        if obj.dep_ == "pobj":
                            return obj
            nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
            if nxt is not None and nxt.lower_ == "to":
                for obj in children_of(nxt):
                    if obj.dep_ == "pobj":
                        return obj
    return None
