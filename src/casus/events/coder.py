"""Code events from a parsed article: triggers, roles, modality, evidence."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass, field
from itertools import product

from spacy.tokens import Doc, Span, Token

from casus.actors.mentions import ActorResolver
from casus.actors.resolve import PhraseResolver
from casus.events.clauses import (
    FIGHTING_SECTORS,
    FORCE_ROOTS,
    VIOLENT_ROOTS,
    commanded,
    commands,
    complement_tokens,
    condemned_subject,
    dispersed,
    judged_act,
    means_words,
    must_clause_subject,
    part_of_violent_act,
    qualifiers,
    reduced_passive,
    says_must,
    topic_lemmas,
)
from casus.events.conventions import CodingRules, ToneLexicon, statement_tone
from casus.events.drafting import (
    Draft,
    act_owners,
    confidence,
    deadly,
    dictionary_country,
    died_in,
    home_police,
    own_means,
    same_actor,
    same_code,
    struck_place,
    type_fields,
    unresolved,
    venue_country,
    weapon_named,
)
from casus.events.match import PatternMatch, best_match
from casus.events.modality import ModalityLexicon, ModalityReading, read_modality
from casus.events.patterns import EventDictionary, word_classes
from casus.events.restatements import drop_framing_statements, drop_restatements
from casus.events.roles import (
    BACKGROUND_PREPOSITIONS,
    bare_country,
    between_slot,
    entity_type,
    means_owner,
    names_actor,
    noun_sources,
    owners_of,
    place_actor,
    protested_government,
    runs_into_explosive,
    subjects_of,
    unknown_subjects,
    where_slot,
)
from casus.events.steps import (
    StepInput,
    StepPlan,
    UnknownConventionError,
    apply_steps,
    profile_steps,
)
from casus.lexicon import lexicon
from casus.model import UNKNOWN_COUNTRY, ActorRef, Event, Evidence, Modality
from casus.ontology import Ontology
from casus.spans import (
    children_of,
    sentences_of,
    span_text,
    subtree_of,
    tokens_of,
    word_forms,
)

logger = logging.getLogger(__name__)

_WORDS = lexicon()
# What a statement can judge, and the words that judge it (`clauses.judged_act`).
_JUDGING = (
    word_classes()["pejorative_words"],
    word_classes()["dismay_words"],
    _WORDS.policy_nouns | _WORDS.decision_nouns | _WORDS.act_nouns | _WORDS.deed_nouns,
)


@dataclass(frozen=True)
class CodingOptions:
    """Switches of the coder; the defaults are what the README's figures were measured with."""

    require_source: bool = False  # drop events whose source names no known actor
    keep_untargeted: bool = True  # keep events whose target slot named no known actor
    min_confidence: float = 0.0
    conventions: str = "casus"  # a profile of coding.yml's `conventions`


@dataclass
class EventCoder:
    """Turn a spaCy Doc into events using the actor resolver and the event dictionary."""

    resolver: ActorResolver
    events: EventDictionary
    ontology: Ontology
    lexicon: ModalityLexicon
    tone: ToneLexicon
    rules: CodingRules
    options: CodingOptions = CodingOptions()
    steps: StepPlan = field(init=False, repr=False)

    def __post_init__(self) -> None:
        profile = self.rules.profiles.get(self.options.conventions)
        if profile is None:
            known = ", ".join(sorted(self.rules.profiles))
            raise UnknownConventionError(
                f"unknown conventions profile {self.options.conventions!r} (known: {known})"
            )
        self.steps = StepPlan(profile_steps(profile), codes=self.ontology.event_types)

    def _doers(self, subject: Token, phrases: PhraseResolver) -> list[ActorRef]:
        """Who a subject names as doer; an act noun ("an attack on the base killed ...")
        names its own doer by its modifiers, never by its target inside it; so does an
        attempt ("an attempt on the mayor wounded ...")."""
        lemma = subject.lemma_.lower()
        if subject.pos_ == "NOUN" and (lemma in _WORDS.act_nouns or lemma in _WORDS.attempt_words):
            return owners_of(subject, phrases)
        return phrases.resolve_within(subject, as_doer=True)

    def _act_code(self, tok: Token) -> str | None:
        found = best_match(self.events, tok)
        return found.pattern.code if found is not None else None

    def _recode(self, event: Event, code: str) -> Event:
        return dataclasses.replace(event, **type_fields(self.ontology.event(code)))

    def code_doc(self, doc: Doc, *, doc_id: str, date: dt.date | None = None) -> list[Event]:
        phrases = PhraseResolver(self.resolver, doc, date)
        found: list[Event] = []
        group = 0
        for index, sent in enumerate(sentences_of(doc)):
            phrases.remember_sentence(sent)
            sentence_events: list[Event] = []
            for match, act in self._matches(sent):
                group += 1
                sentence_events.extend(
                    self._events(match, act, phrases, doc_id, index, sent, group)
                )
            found.extend(drop_restatements(drop_framing_statements(sentence_events)))
        return [e for e in found if e.confidence >= self.options.min_confidence]

    def _matches(self, sent: Span) -> list[tuple[PatternMatch, PatternMatch | None]]:
        """Best match per trigger, each with the act it frames (if it is a framing event)."""
        matches: list[PatternMatch] = []
        verbs, nouns = self.events.verbs, self.events.nouns
        lemmas, _ = word_forms(sent.doc)
        tokens = tokens_of(sent.doc)
        for i in range(sent.start, sent.end):
            # (best_match's own first test, made here: most words trigger nothing, and the
            # call for each would cost more than the test)
            lemma = lemmas[i]
            if lemma not in verbs and lemma not in nouns:
                continue
            found = best_match(self.events, tokens[i], lemma=lemma)
            if found is not None:
                matches.append(found)
        # A token another pattern used ("recognize" in "refused to recognize", "attack" in
        # "launched an attack") does not trigger an event of its own.
        consumed: set[int] = set()
        framed: dict[int, PatternMatch] = {}
        by_trigger = {m.trigger.i: m for m in matches}
        for m in sorted(matches, key=lambda m: -m.pattern.specificity):
            at = m.trigger.i
            consumed.update([i for i in m.consumed if i != at])
            if m.pattern.code[:2] in self.rules.framing_roots:
                # "urged Kabul to release the prisoners", "condemned ISIL for the attack":
                # the release or attack is what is asked for or blamed, not a reported act;
                # it refines the framing code instead (0253 "appeal for release").
                inside = complement_tokens(m.trigger)
                acts = sorted(
                    i
                    for i in inside
                    if i in by_trigger
                    and i not in m.consumed
                    and not self._stopped(by_trigger[i].trigger, m.trigger)
                )
                if acts and commands(m, by_trigger[acts[0]]):
                    # "ordered the release of X": the one who orders an act has it done.
                    consumed.add(m.trigger.i)
                    continue
                if acts:
                    framed[m.trigger.i] = by_trigger[acts[0]]
                consumed.update(inside)
        triggers = {m.trigger.i for m in matches}
        violent = {m.trigger.i for m in matches if m.pattern.code[:2] in VIOLENT_ROOTS}
        for m in matches:
            if m.trigger.i in violent and part_of_violent_act(m, violent):
                # "a roadside bomb hit a patrol", "killed in a drone attack", "attacked a base,
                # killing 20 soldiers": the weapon, manner or toll of one act, not a second act.
                consumed.add(m.trigger.i)
            if (
                m.pattern.kind == "noun"
                and m.trigger.dep_ == "pobj"
                and m.trigger.head.lower_ in BACKGROUND_PREPOSITIONS
            ):
                # "protests after the killing of ...": background, not an act this sentence reports.
                consumed.add(m.trigger.i)
            head = m.trigger.head
            if (
                m.trigger.dep_ in {"advcl", "xcomp"}
                and head.i in triggers
                and any(c.lower_ == "to" and c.dep_ == "aux" for c in children_of(m.trigger))
            ):
                # "lent $2bn to help", "telephoned X to discuss": a purpose, not a second act.
                consumed.add(m.trigger.i)
        return [(m, framed.get(m.trigger.i)) for m in matches if m.trigger.i not in consumed]

    def _stopped(self, act: Token, frame: Token) -> bool:
        """Whether an act inside a framing event's complement is one asked or vowed to be
        stopped ("urged the Pentagon to stop funding ..."): not the act framed."""
        node = act
        for _ in range(4):
            if node.head.i == node.i or node.head.i == frame.i:
                return False
            node = node.head
            if node.lemma_.lower() in self.lexicon["negating_governors"]:
                return True
        return False

    # -- roles ---------------------------------------------------------------------------

    def _announces(
        self,
        trigger: Token,
        reading: ModalityReading,
        sources: list[ActorRef],
        phrases: PhraseResolver,
    ) -> bool:
        """Whether the event is the source's own announced act (said it would / pledged to).

        The condition of an announcement ("if Belgrade recognises Kosovo, the EU would ...")
        is not announced by the one it names.
        """
        if any(
            c.dep_ == "mark" and c.lower_ in _WORDS.conditional_marks for c in children_of(trigger)
        ):
            return False
        if reading.speaker is not None:
            # "Portugal will support ..., Portugal's president said": a state speaks through
            # its officials, so the same country (or organisation) counts as the same speaker.
            # An unknown country ("the elders", "the army" with no country named) is no one in
            # particular: two of them are not the same speaker.
            speakers = {
                (r.actor.country, r.actor.organisation)
                for r in phrases.resolve(reading.speaker)
                if r.actor.country != UNKNOWN_COUNTRY or r.actor.organisation
            }
            if any((s.actor.country, s.actor.organisation) in speakers for s in sources):
                return True
        node = trigger
        while node.dep_ in {"xcomp", "conj", "pcomp"} and node.head is not node:
            node = node.head
            if node.dep_ == "prep" and node.lower_ == "to":
                node = node.head  # "committed to opening": "to" + gerund is a complement
            if node.lemma_.lower() in self.rules.intent_governors:
                return True
        return False

    def _condemned(
        self, trigger: Token, phrases: PhraseResolver, sources: list[ActorRef]
    ) -> list[ActorRef]:
        """Who a statement calls something condemning (`condemned_subject`), if an actor."""
        subject = condemned_subject(trigger, word_classes()["pejorative_words"])
        if subject is None:
            return []
        return [r for r in phrases.resolve_within(subject) if not same_actor([r], sources)]

    def _threatens(self, clause: Token) -> bool:
        """Whether a warned-of clause holds a coercive or violent act (roots 13-20)."""
        for tok in subtree_of(clause):
            found = best_match(self.events, tok)
            if found is not None and found.pattern.code[:2] >= "13":
                return True
        return False

    def _events(
        self,
        match: PatternMatch,
        act: PatternMatch | None,
        phrases: PhraseResolver,
        doc_id: str,
        index: int,
        sent: Span,
        group: int,
    ) -> list[Event]:
        """The events of one trigger: who acts on whom (`_roles`), the act in its frame and
        mood (`_draft`), the actor pairs it joins (`_pairs`), then the profile's convention
        steps (casus/events/steps/)."""
        roles = self._roles(match, phrases)
        if roles is None:
            return []
        draft = self._draft(match, act, *roles, phrases, sent)
        pairs = self._pairs(match, draft, phrases)
        pattern, trigger, code = match.pattern, match.trigger, draft.code
        event_type = self.ontology.event(code)
        if len(match.chain) > 1:
            span = sent.doc[match.chain[0].i : match.chain[-1].i + 1]
            evidence = Evidence(span_text(span), span.start_char, span.end_char, pattern.rule)
        else:
            # one token: its own text and offsets, with no Span made for it
            start = trigger.idx
            word = trigger.text
            evidence = Evidence(word, start, start + len(word), pattern.rule)
        sentence, fields = span_text(sent), type_fields(event_type)  # (the same for all)
        events = [
            Event(
                doc_id=doc_id,
                sentence_index=index,
                sentence=sentence,
                source=source,
                target=target,
                **fields,
                modality=draft.modality,
                attribution=draft.attribution,
                evidence=evidence,
                confidence=confidence(match, source, target, len(pairs)),
                group=group,
                extra={"statement": True} if pattern.code == "010" and code[:2] == "01" else {},
            )
            for source, target in pairs
            if not same_code(source, target)
        ]
        return apply_steps(
            self.steps,
            events,
            StepInput(
                trigger,
                lambda t: names_actor(t, phrases),
                self._recode,
                self.rules.framed_code,
                self._act_code,
                lambda tok: place_actor(tok, phrases),
                lambda ref: entity_type(ref, sent),
                lambda tok: dictionary_country(tok, phrases),
                self.rules.object_rule,
                self._threatens,
                lambda tok: statement_tone(tok, self.tone),
                self.rules.doer_sectors,
            ),
        )

    def _roles(
        self, match: PatternMatch, phrases: PhraseResolver
    ) -> tuple[list[ActorRef], list[ActorRef]] | None:
        """Who acts (sources) on whom (targets), or None when the trigger codes no event."""
        pattern, trigger = match.pattern, match.trigger
        if pattern.kind == "verb" and runs_into_explosive(trigger):
            return None  # "the convoy hit a roadside bomb": the bomb is the act, not the hitting
        if pattern.kind == "noun" and trigger.dep_ == "dobj" and runs_into_explosive(trigger.head):
            # ... and the convoy underwent it: whoever planted it, the text does not say.
            victims = [r for t in subjects_of(trigger.head) for r in phrases.resolve(t)]
            if not victims or self.options.require_source:
                return None
            return [], victims
        if pattern.kind == "noun":
            subjects = noun_sources(trigger, phrases, pattern.slot_preps)
        else:
            subjects = [r for t in subjects_of(trigger) for r in self._doers(t, phrases)]
            commander = commanded(trigger)
            if not subjects and commander is not None:
                subjects = [r for t in subjects_of(commander) for r in self._doers(t, phrases)]
            if not subjects:
                # "IS threatens ...": the parser reads the group's initials as the verb "is".
                subjects = [
                    r
                    for c in trigger.lefts
                    if c.dep_ == "aux" and c.i in phrases.mentions
                    for r in phrases.resolve_modifier(c)
                ]
        if subjects and pattern.kind == "verb" and reduced_passive(trigger, pattern.code):
            # "Turkish drone shot down over Iraq": a headline's reduced passive; the vehicle
            # named before the verb is what was hit, not who shot.
            return ([], subjects) if not self.options.require_source else None
        slot = phrases.resolve_within(match.slot_token) if match.slot_token is not None else []
        if (
            not slot
            and match.object_token is not None
            and match.object_token is not match.slot_token
        ):
            # "shelled Houthi trenches outside the port of Mocha": the object names it.
            slot = phrases.resolve_within(match.object_token)
        if not slot and len(match.chain) > 1 and pattern.slot != "SOURCE":
            # "told Belgian soldiers to quit the base": the chain's object says who.
            slot = [
                r
                for o in children_of(trigger)
                if o.dep_ in {"dobj", "dative"}
                for r in phrases.resolve_within(o)
            ]
        if not slot and pattern.slot != "SOURCE" and pattern.code[:2] in FORCE_ROOTS:
            # "fired tear gas to disperse the marchers": whom force is used to drive off is
            # whom it is aimed at.
            slot = [
                r
                for o in dispersed(trigger)
                for r in phrases.resolve_within(o)
                if not same_actor([r], subjects)
            ]
        if pattern.slot == "SOURCE":
            sources, targets = slot, subjects
        else:
            sources, targets = subjects, slot
        if not sources and targets and act_owners(match.slot_token, targets):
            # "farmer protests were staged": whoever modifies an act noun does that act.
            sources, targets = targets, []
        if not sources and pattern.slot != "SOURCE" and not self.options.require_source:
            # A name the dictionaries lack is still someone: kept as an unknown actor (empty
            # code, its text as said), so that `casus actors unknown` can list it.
            sources = means_owner(trigger, phrases) or unknown_subjects(trigger, phrases)
        if not targets and pattern.code[:2] in VIOLENT_ROOTS:
            targets = died_in(trigger, phrases)  # "two protesters died in police firing"
        if not sources and not targets and pattern.code[:2] in VIOLENT_ROOTS:
            # "Shelling hit the outskirts of Kharkiv": force no one is named for, on a place
            # the text names, is aimed at that place's country.
            targets = struck_place(match, phrases)
        if not sources and (self.options.require_source or not targets):
            return None
        if not sources and any(c.dep_ == "agent" for c in children_of(trigger)):
            return None  # "was encouraged by the progress": the doer is named and is no actor
        if not sources and any(
            t.lemma_.lower() in self.rules.non_agents and not weapon_named(t)
            for t in subjects_of(trigger)
        ):
            return None  # "an earthquake struck southern Turkey" ("rocket fire" is force)
        if not sources and any(
            o.lemma_.lower() in self.rules.non_agents
            for p in children_of(trigger)
            if p.dep_ == "prep" and p.lower_ in _WORDS.means_prepositions
            for o in children_of(p)
            if o.dep_ == "pobj"
        ):
            return None  # "killed in a helicopter crash": the cause is no one's act
        if (
            not targets
            and pattern.code[:2] in VIOLENT_ROOTS
            and any(
                o.dep_ in {"dobj", "pobj"} and o.lemma_.lower() in self.rules.non_targets
                for o in (match.slot_token, *children_of(trigger))
                if o is not None
            )
        ):
            return None  # "fight the pandemic", "struck an upbeat tone"
        if match.slot_token is not None and not targets and not self.options.keep_untargeted:
            return None
        return sources, targets

    def _draft(
        self,
        match: PatternMatch,
        act: PatternMatch | None,
        sources: list[ActorRef],
        targets: list[ActorRef],
        phrases: PhraseResolver,
        sent: Span,
    ) -> Draft:
        """The act's code in its frame (demand, intent, refinements) and its mood."""
        pattern, trigger = match.pattern, match.trigger
        consumed = frozenset([t.i for t in match.chain[1:]]) | frozenset(match.consumed)
        reading = read_modality(trigger, self.lexicon, consumed_governors=consumed | {trigger.i})
        attribution = None
        if reading.speaker is not None:
            refs = phrases.resolve(reading.speaker)
            speaker = reading.speaker
            attribution = refs[0] if refs else None
            if attribution is None:
                span = sent.doc[speaker.left_edge.i : speaker.right_edge.i + 1]
                attribution = unresolved(span)
        code = pattern.code
        if code == "010" and pattern.kind == "verb":
            demanded = must_clause_subject(trigger)
            if demanded is not None and not targets:
                # A "must" clause under a statement verb is a demand made of its subject.
                targets = [
                    r for r in phrases.resolve_within(demanded) if not same_actor([r], sources)
                ]
                code = "100" if targets else statement_tone(trigger, self.tone)
            elif not targets and (condemned := self._condemned(trigger, phrases, sources)):
                # "said Chile was acting as a puppet of ...": the speaker criticises Chile.
                code, targets = "111", condemned
            elif judged := judged_act(trigger, *_JUDGING):
                # "said the decision was disappointing": whose decision, if the text says
                code, targets = (
                    judged[0],
                    [r for r in phrases.resolve_within(judged[1]) if not same_actor([r], sources)],
                )
            else:
                code = statement_tone(trigger, self.tone)
        modality: Modality = reading.modality
        if modality == "recommended" and reading.speaker is not None and says_must(trigger):
            # "Straw said Khartoum must reach an agreement": the speaker demands it of Khartoum.
            speakers = [r for r in phrases.resolve(reading.speaker) if r.actor.code]
            if speakers and not same_actor(speakers, sources):
                demand = self.rules.framed_code("100", code)
                if demand is not None:
                    code, modality, attribution = demand, "asserted", None
                    sources, targets = speakers, sources
        # Both refinements read a subtree; only do it for the codes they can refine.
        if self.rules.refines_by_means(code):
            words = means_words(trigger, subjects_of(trigger))
            code = self.rules.means_code(code, words) or code
        if (
            code[:2] in VIOLENT_ROOTS
            and dispersed(trigger)
            and targets
            and not any(t.actor.sector in FIGHTING_SECTORS for t in targets)
        ):
            # "fired live rounds to disperse the marchers": force to drive off people who
            # are not fighters is repression (175), whatever the weapon.
            code = "175"
        elif (
            code in {"190", "193"}
            and trigger.lemma_.lower() in _WORDS.firing_verbs
            and not deadly(trigger)
            and home_police(sources, targets)
        ):
            # "police opened fire on the mob", "police fired 20 rounds": a country's police
            # shooting at no one named or at its plain people is repression (175), not
            # combat; a shooting told as deadly ("shot dead", "fatally") stays force.
            code = "175"
        if self.rules.refines_by_topic(code):
            code = self.rules.topic_code(code, topic_lemmas(trigger)) or code
        if code in self.rules.aid_families:
            refined = self.rules.aid_code(code, qualifiers(match))
            if refined is not None and refined in self.ontology.event_types:
                code = refined
        if act is not None:
            code = self.rules.framed_code(code, act.pattern.code) or code
            if not targets and act.pattern.kind == "verb":
                # "demanded that Hamas renounce ...": the one asked to act is the target.
                targets = [r for t in subjects_of(act.trigger) for r in phrases.resolve_within(t)]
                targets = [t for t in targets if all(t.actor.code != s.actor.code for s in sources)]
        if modality in {"future", "hypothetical"} and self._announces(
            trigger, reading, sources, phrases
        ):
            # "X said it would send tanks": X expresses an intent; that statement is a fact.
            intent = self.rules.intent_code(code)
            if intent is not None and code[:2] == "17" and _all_offenders(targets):
                # "will bring the suspects to trial": due process announced against
                # offenders is the state's plan, not a threat made to an adversary.
                intent = None
            if intent is not None:
                code, modality, attribution = intent, "asserted", None
        return Draft(code, modality, attribution, sources, targets)

    def _pairs(
        self, match: PatternMatch, draft: Draft, phrases: PhraseResolver
    ) -> list[tuple[ActorRef | None, ActorRef | None]]:
        """The (source, target) pairs an act joins: venue, own means, protests, reciprocity.

        A third-party venue ("met in Baghdad") changes ``draft.code``.
        """
        trigger = match.trigger
        code, sources, targets = draft.code, draft.sources, draft.targets
        third = self.rules.third_location.get(code)
        venue = venue_country(match, phrases) if third else None
        if third and venue is not None:
            parties = {r.actor.country for r in (*sources, *targets)}
            if parties and venue not in parties:
                code = third  # "met in Baghdad": neither side's country
        targets = [t for t in targets if not own_means(t, sources, code)]
        if (
            code[:2] == "14"
            and targets
            and all(bare_country(t) for t in targets)
            and (where_slot(match) or all(t.from_memory for t in targets))
        ):
            # "demonstrated in Tbilisi", "blocked the highway linking La Paz": a protest's
            # place is where it happened; whom it addresses is said otherwise or implied.
            targets = []
        if not targets and code[:2] == "14":
            targets = protested_government(trigger, sources, phrases)
        slots: list[ActorRef | None] = [*targets] if targets else [None]
        # With require_source off, "five soldiers were killed" keeps its target alone.
        actors: list[ActorRef | None] = [*sources] if sources else [None]
        reciprocal = self.rules.is_reciprocal(code)
        if (
            reciprocal
            and len(sources) > 1
            and targets
            and all(t.from_memory or (where_slot(match) and bare_country(t)) for t in targets)
        ):
            # "Indian and Pakistani troops traded mortar rounds", "A and B signed a
            # ceasefire in Doha": a guessed target or the venue cannot beat the parties the
            # sentence names as acting on each other.
            targets, slots = [], [None]
        if reciprocal and not sources and len(targets) > 1 and between_slot(match):
            # "meetings between Serbian and Kosovar envoys": both parties act.
            sources, targets, slots = targets, [], [None]
        actors = [*sources] if sources else [None]
        pairs = list(product(actors, slots))
        if not targets and len(sources) > 1 and reciprocal:
            # "A and B met": one event per ordered pair of the coordinated actors.
            pairs = [(a, b) for a in sources for b in sources if a.actor.code != b.actor.code]
        if targets and sources and all(same_code(s, t) for s, t in pairs if t is not None):
            # "Thailand lifted the emergency in Bangkok": the act stands, aimed at no one else.
            pairs = [(s, None) for s in sources]
        draft.code = code
        return pairs


def _all_offenders(targets: list[ActorRef]) -> bool:
    """Targets named, all of them suspects or criminals (sector CRM)."""
    return bool(targets) and all(t.actor.sector == "CRM" for t in targets)
