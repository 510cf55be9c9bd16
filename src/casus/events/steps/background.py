"""Steps about time: background, descriptions and acts undone are not news."""

from __future__ import annotations

from spacy.tokens import Token

from casus.events.steps.base import (
    _WORDS,
    StepInput,
    _mark,
)
from casus.model import FACTUAL_MODALITIES, Event
from casus.spans import auxiliaries_of, children_of

_SPANS_OF_TIME_OR_COUNT = _WORDS.time_nouns | _WORDS.quantity_nouns


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
    if _toll(trigger):
        return True
    if _compared(trigger):
        return True
    node = trigger
    if trigger.pos_ == "NOUN" and trigger.dep_ in {"dobj", "nsubjpass", "attr"}:
        node = trigger.head  # "who led the coup": the act noun's verb says when
    for _ in range(3):
        for c in children_of(node):  # (a loop: no generator per event and clause)
            if c.dep_ in {"prep", "advmod"} and _recall_adverbial(c):
                return True  # "back then, the army shelled ...": the clause is set in the past
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _WORDS.background_subordinators
            for c in children_of(node)
        ):
            # Under "will" or "would" ("would not approve until X extradited ...") a past
            # tense is reported speech's shifted present: a condition, not a recalled act.
            return _past(node) and not (auxiliaries_of(node.head) & _WORDS.will_auxiliaries)
        if node.dep_ == "advcl" and _when_clause(node) and _past(node) and not _past(node.head):
            # "the autonomy promised when Portugal handed it back", "is still bitter at how
            # it was treated when ...": a past "when" clause on a clause not in the past
            # dates an earlier time; on a past clause it is the same moment of the story.
            return True
        if node.dep_ == "pcomp" and node.head.lower_ in _WORDS.background_subordinators:
            return _past(node)
        if (
            node.dep_ == "relcl"
            and (
                node.head.pos_ == "PROPN"
                or any(c.lower_ in _WORDS.person_relatives for c in children_of(node))
            )
            and _past(node)
            and not _group_in_the_story(node)
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


def _group_in_the_story(clause: Token) -> bool:
    """'besieged by police, who fired ...': a plural common noun's past relative clause on a
    past clause goes on with the story's moment; biography is told of one person or body."""
    head = clause.head
    if head.tag_ != "NNS" and head.lemma_.lower() not in _WORDS.armed_people_nouns:
        return False
    if not any(
        c.dep_ == "nsubj" and c.lower_ in _WORDS.person_relatives for c in children_of(clause)
    ):
        return False  # "activists who were detained": what was done to them before
    verb = head.head
    for _ in range(3):
        if verb.pos_ in {"VERB", "AUX"}:
            break
        verb = verb.head
    return verb.pos_ in {"VERB", "AUX"} and verb.i != clause.i and _past(verb)


def _compared(verb: Token) -> bool:
    """'… as the governor did in lashing out at teachers': a past act named to compare with,
    by the gerund of a past "do" with nothing done "so", recalls an earlier time."""
    if verb.tag_ != "VBG" or verb.dep_ != "pcomp" or verb.head.lower_ not in {"in", "by"}:
        return False
    done = verb.head.head
    return (
        done.lemma_.lower() == "do"
        and done.tag_ == "VBD"
        and not any(c.lower_ in {"so", "it", "this", "that"} for c in children_of(done))
    )


def _toll(verb: Token) -> bool:
    """'The war has killed 300,000 people': a conflict's count over its years, in the present
    perfect, is no act of the day."""
    return (
        verb.tag_ == "VBN"
        and any(c.dep_ == "aux" and c.lower_ in {"has", "have"} for c in children_of(verb))
        and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in _WORDS.conflict_nouns
            for c in children_of(verb)
        )
    )


def _recall_adverbial(child: Token) -> bool:
    """'at the time', 'back then', 'for years': a whole adverbial that sets its clause in
    the past, or spreads it over years, so it reports no act of the day.

    So do "since" a year ("has battled the rebels since 2009") and "for" a span of years
    ("for more than a decade"); a span ahead ("for another year", "for a further two
    years") is how long an act will last.
    """
    if child.dep_ == "prep" and child.lower_ in {"since", "for"}:
        span = next((c for c in children_of(child) if c.dep_ == "pobj"), None)
        if span is not None and (
            (child.lower_ == "since" and _a_year(span))
            or (
                child.lower_ == "for"
                and span.lemma_.lower() in _WORDS.spans_of_years
                and not any(c.lower_ in _WORDS.spans_ahead for c in children_of(span))
            )
        ):
            return True
    words = child.doc[child.left_edge.i : child.right_edge.i + 1]
    if len(words) > 4:
        return False  # "at the time of the attack" dates the act, it does not recall it
    return " ".join([t.lower_ for t in words]) in _WORDS.recall_adverbials


def _a_year(tok: Token) -> bool:
    """A year written out ("since 2009")."""
    return len(tok.text) == 4 and tok.text.isdigit() and tok.text[:2] in {"19", "20"}


def _when_clause(verb: Token) -> bool:
    """A clause opened by "when", which the parser hangs as an adverb, not a marker."""
    return any(c.dep_ == "advmod" and c.lower_ == "when" for c in children_of(verb))


def _past(verb: Token) -> bool:
    """Simple past or past perfect, active or passive ("kidnapped", "was ousted", "had fled")."""
    auxiliaries = auxiliaries_of(verb)
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
    """'the commission, which regulates campaign finance': a role described, not an act; so
    is what a law or rule allows someone to do, what a film or book depicts, and what
    someone is known for.

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
    if (
        trigger.dep_ in {"xcomp", "ccomp"}
        and trigger.head.lemma_.lower() in _WORDS.permission_verbs
        and any(
            s.dep_ == "nsubj" and s.lemma_.lower() in _WORDS.policy_nouns
            for s in children_of(trigger.head)
        )
    ):
        return None  # "the law allows police to detain suspects": a power, not an act
    if (
        trigger.dep_ == "pcomp"
        and trigger.head.lower_ == "for"
        and trigger.head.head.lower_ in _WORDS.reputation_adjectives
    ):
        return None  # "known for telling reporters ...": a habit that describes someone
    if _depicted(trigger) or _set_in_a_story(trigger):
        return None  # "a film that depicts a Soviet invasion": a work's story, not an act
    if trigger.dep_ == "acl" and trigger.tag_ == "VBN" and "03" <= event.root <= "08":
        # "forces backed by Russian jets", "a militia trained by Iran": who stands behind
        # an actor, said in passing about it, is no act of the sentence's own.
        return None
    return event


def _set_in_a_story(trigger: Token) -> bool:
    """Whether the act's clause, or one it hangs on, is set "in" or "from" a work of
    fiction or a part of one named with it ("in the film's final scene")."""
    node = trigger
    for _ in range(6):
        for prep in children_of(node):
            if (
                prep.dep_ == "prep"
                and prep.lower_ in {"in", "from"}
                and any(_a_story(obj) for obj in children_of(prep) if obj.dep_ == "pobj")
            ):
                return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _a_story(noun: Token) -> bool:
    lemma = noun.lemma_.lower()
    if lemma in _WORDS.story_nouns:
        return True
    if lemma not in _WORDS.story_part_nouns:
        return False
    named = [c for c in children_of(noun) if c.dep_ in {"poss", "compound"}]
    named += [
        obj
        for prep in children_of(noun)
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for obj in children_of(prep)
        if obj.dep_ == "pobj"
    ]
    return any(n.lemma_.lower() in _WORDS.story_nouns for n in named)


def _depicted(trigger: Token) -> bool:
    """Whether an act is what a verb of depiction shows ("depicts an invasion", "portrays
    soldiers torturing prisoners"): an act noun it takes, or a clause it takes."""
    node = trigger
    for _ in range(2):
        if node.dep_ not in {"dobj", "ccomp", "xcomp", "acl"} or node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in _WORDS.depiction_verbs:
            return True
    return False
