"""Roles: who did it and to whom, read off the dependency parse around a trigger."""

from __future__ import annotations

from spacy.tokens import Span, Token

from casus.actors.resolve import PhraseResolver
from casus.events.match import PatternMatch
from casus.events.phrases import verb_read_as_modifier
from casus.lexicon import lexicon
from casus.model import Actor, ActorRef, is_state
from casus.spans import children_of, subtree_of

BACKGROUND_PREPOSITIONS = lexicon().background_prepositions


def bare_country(ref: ActorRef) -> bool:
    actor = ref.actor
    return len(actor.country) == 3 and not actor.sector and not actor.organisation


def where_slot(match: PatternMatch) -> bool:
    slot = match.slot_token
    return (
        slot is not None
        and slot.dep_ == "pobj"
        and slot.head.lower_ in lexicon().place_prepositions
    )


def between_slot(match: PatternMatch) -> bool:
    slot = match.slot_token
    return slot is not None and slot.dep_ == "pobj" and slot.head.lower_ == "between"


_CITIZEN_SECTORS = lexicon().citizen_sectors


def protested_government(
    trigger: Token, sources: list[ActorRef], phrases: PhraseResolver
) -> list[ActorRef]:
    """ "Kenyans marched against the finance bill": a protest over a policy is aimed at the
    protesters' own government when no other target is named."""
    grievance = next(
        (
            c
            for c in subtree_of(trigger)
            if (c.dep_ == "prep" and c.lower_ in {"against", "over"})
            or (c.dep_ in {"advcl", "xcomp"} and c.lemma_.lower() in {"demand", "protest"})
        ),
        None,
    )
    if grievance is None:
        return []
    span = trigger.doc[grievance.left_edge.i : grievance.right_edge.i + 1]
    found: list[ActorRef] = []
    for source in sources:
        country = source.actor.country
        if is_state(country) and source.actor.sector in _CITIZEN_SECTORS:
            name = phrases.dictionary.country_names.get(country, country)
            government = Actor(country, "GOV", name=f"{name} government")
            found.append(ActorRef(government, span.text, span.start_char, span.end_char, True))
    return found


def runs_into_explosive(verb: Token) -> bool:
    """'hit a roadside bomb', 'struck a landmine': the subject ran into an explosive."""
    return verb.lemma_.lower() in lexicon().struck_verbs and any(
        c.dep_ == "dobj" and c.lemma_.lower() in lexicon().explosive_nouns
        for c in children_of(verb)
    )


def _passive_subjects(verb: Token) -> list[Token]:
    found = [c for c in children_of(verb) if c.dep_ == "nsubjpass"]
    if not found:
        # the small parser sometimes hangs the subject on the passive auxiliary
        found = [
            s
            for aux in children_of(verb)
            if aux.dep_ == "auxpass"
            for s in children_of(aux)
            if s.dep_ in {"nsubj", "nsubjpass"}
        ]
    return found


def _suffered_gerund(verb: Token) -> bool:
    """'died in army shelling' read as "died in army" + a gerund: the gerund hangs on a verb
    whose subject undergoes it (`victim_verbs`)."""
    return (
        verb.tag_ == "VBG"
        and verb.dep_ in {"advcl", "xcomp"}
        and verb.head.lemma_.lower() in lexicon().victim_verbs
    )


def subjects_of(verb: Token) -> list[Token]:
    """The tokens that name who does what `verb` says (subject, passive agent, controller).

    The answer depends on the parse alone, and the roles, the draft and the convention
    steps all ask for the same verbs: found once per token and cached on the Doc."""
    cache: dict[int, tuple[Token, ...]] = verb.doc.user_data.setdefault(_SUBJECTS, {})
    found = cache.get(verb.i)
    if found is None:
        found = cache[verb.i] = tuple(_subjects_of(verb))
    return list(found)


_SUBJECTS = "casus.subjects"


def _subjects_of(verb: Token) -> list[Token]:
    for child in children_of(verb):
        if child.dep_ in {"nsubj", "csubj"}:
            return [child]
    for aux in children_of(verb):
        # The small parser sometimes hangs the subject on the auxiliary ("Russia is engaged");
        # on a passive auxiliary it is who underwent the act ("workers were taken into ...").
        if aux.dep_ == "aux":
            found = [c for c in children_of(aux) if c.dep_ in {"nsubj", "nsubjpass"}]
            if found:
                return found
    for child in children_of(verb):
        if child.dep_ == "agent":
            return [c for c in children_of(child) if c.dep_ == "pobj"]
    if any(c.dep_ == "auxpass" for c in children_of(verb)):
        # "Aid was delivered to families in Marib by the Red Cross": the parser hangs
        # the agent on the nearest noun instead of on the passive verb.
        for prep in children_of(verb):
            for obj in (c for c in children_of(prep) if c.dep_ == "pobj"):
                for agent in subtree_of(obj):
                    if agent.dep_ == "prep" and agent.lower_ == "by":
                        return [c for c in children_of(agent) if c.dep_ == "pobj"]
    if verb_read_as_modifier(verb):
        # "A Moscow court jailed activist Ilya Petrov": the noun before the verb, which
        # the parser hung on it, is its doer.
        return [c for c in children_of(verb) if c.dep_ in {"npadvmod", "nsubj"} and c.i < verb.i]
    head = verb.head
    if verb.dep_ in {"pcomp", "advcl"} and any(c.dep_ == "auxpass" for c in children_of(verb)):
        return []  # "returned home after being deported": the subject underwent the act
    if _suffered_gerund(verb):
        return []  # "died in army shelling": who died suffered it
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head is not head:
        # "police reacted by using water cannon": whoever reacted used it; "the cabinet
        # is committed to opening ...": whoever is committed opens. After a passive, the
        # reason ("was jailed for insulting ...") is the act of the one acted on; only a
        # means ("by firing ...") stays the doer's.
        governor = head.head
        if head.lower_ != "by" and any(c.dep_ == "auxpass" for c in children_of(governor)):
            return _passive_subjects(governor) or subjects_of(governor)
        if head.lower_ == "for":
            # "arrested two men for attacking ...", "praised Ghana for sending ...": the
            # reason is the act of the one arrested or praised.
            objects = [c for c in children_of(governor) if c.dep_ == "dobj"]
            if objects:
                return objects
        return subjects_of(governor) or _passive_subjects(governor)
    if head is verb:
        return []
    if verb.dep_ == "xcomp":
        # Object control: "urged Kabul to release" -> Kabul releases; "Kabul was urged to
        # release" -> the same.
        objects = [c for c in children_of(head) if c.dep_ in {"dobj", "dative"}]
        if any(c.dep_ == "auxpass" for c in children_of(verb)):
            return objects or subjects_of(head)  # "are said to have been hurt"
        return objects or subjects_of(head) or _passive_subjects(head)
    if (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBN"
        and not any(c.dep_ in {"aux", "auxpass"} for c in children_of(verb))
    ):
        return []  # "declined to comment when contacted": a bare participle is passive
    if verb.dep_ == "conj" and _passive_subjects(verb):
        return []  # "X joined the search, and a trader was shot": the trader underwent it
    if (
        verb.dep_ == "acl"
        and verb.tag_ == "VBG"
        and head.lemma_.lower() in lexicon().document_nouns
    ):
        return _issuers(head)
    if verb.dep_ in {"conj", "advcl", "pcomp", "acomp"} or (
        verb.dep_ == "acl" and verb.tag_ == "VBG"
    ):
        return subjects_of(head)
    if verb.dep_ == "relcl":
        if any(c.dep_ == "nsubjpass" for c in children_of(verb)):
            return []  # "tourists who had been held": the head is what was done to
        return [head]
    if (
        verb.dep_ == "acl"
        and head.lemma_.lower() in lexicon().chance_nouns
        and head.dep_ == "dobj"
        and head.head.lemma_.lower() in lexicon().taking_verbs
    ):
        return subjects_of(head.head)  # "took the opportunity to criticise": the taker did
    if verb.dep_ == "acl" and verb.tag_ == "VBD" and head.dep_ == "ROOT":
        # "The Bolivian trade minister urged ...": the small parser hangs the main verb
        # on the subject noun; a past-tense verb cannot be a reduced relative clause.
        return [head]
    return []


def noun_sources(
    noun: Token, phrases: PhraseResolver, slot_preps: frozenset[str]
) -> list[ActorRef]:
    """Who does what an event noun names: "talks between A and B", "X's arrest of Y"."""
    for child in children_of(noun):
        if child.dep_ == "prep" and child.lower_ == "between" and "between" not in slot_preps:
            # "meetings between Serbian and Kosovar envoys": the parties act jointly.
            obj = next((c for c in children_of(child) if c.dep_ == "pobj"), None)
            refs = phrases.resolve(obj) if obj is not None else []
            if len(refs) > 1:
                return refs
    for child in children_of(noun):
        if child.dep_ == "prep" and child.lower_ == "of":
            # "the detention of the union chief by Turkish police": the parser hangs the
            # agent on the nearest noun rather than on the event noun.
            for obj in children_of(child):
                if obj.lemma_.lower() in _DEED_NOUNS:
                    continue  # "an inquiry into abuses by police": the police abused
                agent = next(
                    (c for c in children_of(obj) if c.dep_ == "prep" and c.lower_ == "by"), None
                )
                doer = (
                    next((c for c in children_of(agent) if c.dep_ == "pobj"), None)
                    if agent is not None
                    else None
                )
                refs = phrases.resolve(doer) if doer is not None else []
                if refs:
                    return refs
    for child in children_of(noun):
        if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ == "by"):
            target = (
                child
                if child.dep_ == "poss"
                else next((c for c in children_of(child) if c.dep_ == "pobj"), None)
            )
            if target is not None:
                refs = phrases.resolve(target)
                if refs:
                    return refs
    performer = performer_of(noun, phrases)
    if performer:
        return performer
    attack = noun.lemma_.lower() in lexicon().act_nouns
    for child in noun.lefts:
        if child.dep_ in {"amod", "compound"}:
            if attack and child.dep_ == "compound" and phrases.names_a_city(child):
                continue  # "the Nairobi bombing": where it happened, not who did it
            refs = [r for c in (child, *child.conjuncts) for r in phrases.resolve_modifier(c)]
            if not refs and attack and child.dep_ == "compound" and child.pos_ == "NOUN":
                refs = phrases.resolve(child)  # "police firing", "army shelling": an agent noun
            if refs:
                return refs
    while (
        noun.dep_ == "pobj"
        and noun.head.lower_ == "of"
        and noun.head.head.pos_ in {"NOUN", "NUM"}
        and noun.head.head.i != noun.i
    ):
        # "began the third day of a sit-in": whoever began the day protests; but "in the face
        # of killings" names no doer of the killings. "One of its largest attacks": the
        # number stands where the attacks do.
        if noun.head.head.pos_ == "NOUN" and noun.head.head.lemma_.lower() not in (
            lexicon().stretch_nouns
        ):
            return []
        noun = noun.head.head
    if noun.dep_ == "pobj" and noun.head.lower_ in BACKGROUND_PREPOSITIONS:
        return []  # "resigned after months of protests": background, not the doer's act
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep":
        if verb.lower_ not in lexicon().taking_part_prepositions:
            return []
        verb = verb.head  # "engaged in a war against ..."
        if verb.lemma_.lower() in lexicon().victim_verbs:
            return []  # "died in the shelling": who died suffered it
    elif noun.dep_ not in {"dobj", "nsubjpass"}:
        return []
    if verb.lemma_.lower() in lexicon().topic_verbs:
        return []  # "referred to the investigations", "discussed the attack": a topic
    if verb.lemma_.lower() in lexicon().victim_verbs:
        return []  # "suffered a deadly attack": who suffered it did not make it
    if verb.pos_ in {"VERB", "AUX"} and verb is not noun:
        return [r for t in subjects_of(verb) for r in phrases.resolve(t)]
    return []


def names_actor(tok: Token, phrases: PhraseResolver) -> bool:
    """Whether a token names a known actor: a dictionary name, or a state's agent."""
    if tok.i in phrases.mentions:
        return True
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return False
    private = lexicon().private_sectors
    return any(
        is_state(r.actor.country) and r.actor.sector not in private for r in phrases.resolve(tok)
    )


_MEANS_PREPOSITIONS = lexicon().means_prepositions
_DEED_NOUNS = lexicon().deed_nouns | lexicon().act_nouns
_OWNER_DEPS = frozenset({"compound", "amod", "poss", "nmod"})


def owners_of(noun: Token, phrases: PhraseResolver) -> list[ActorRef]:
    """Who a noun's modifiers say owns it; a city compound on an act noun ("the Nairobi
    bombing") is where the act happened, not who did it."""
    attack = noun.lemma_.lower() in lexicon().act_nouns
    found: list[ActorRef] = []
    for c in children_of(noun):
        if c.dep_ in _OWNER_DEPS:
            if attack and c.dep_ == "compound" and phrases.names_a_city(c):
                continue
            found.extend(phrases.resolve_modifier(c) or phrases.resolve(c))
    return found or performer_of(noun, phrases)


def performer_of(noun: Token, phrases: PhraseResolver) -> list[ActorRef]:
    """'the attack carried out by rebels': the agent of a participle that only performs the
    act noun it hangs on (`performing_verbs`) is the act's doer."""
    # The parser often hangs the participle on the noun's own prepositional object ("the
    # raids on the camp conducted by the army").
    hosts = [noun] + [
        o for p in children_of(noun) if p.dep_ == "prep" for o in children_of(p) if o.dep_ == "pobj"
    ]
    for acl in (c for host in hosts for c in children_of(host)):
        if acl.dep_ != "acl" or acl.tag_ != "VBN":
            continue
        if acl.lemma_.lower() not in lexicon().performing_verbs:
            continue
        for agent in children_of(acl):
            if agent.dep_ == "agent":
                doer = next((c for c in children_of(agent) if c.dep_ == "pobj"), None)
                if doer is not None:
                    return phrases.resolve(doer)
    return []


def _issuers(document: Token) -> list[Token]:
    """Who speaks through a document ("passed a resolution condemning ...", "in a statement
    accusing ..."): whoever issues it, else the author its name gives ("a UN resolution
    demanding ...")."""
    verb = document.head if document.dep_ in {"dobj", "nsubjpass"} else None
    if (
        document.dep_ == "pobj"
        and document.head.lower_ in {"in", "through", "via"}
        and document.head.head.pos_ in {"VERB", "AUX"}
    ):
        verb = document.head.head  # "said in a statement accusing ..."
    if verb is not None and verb.i != document.i:
        found = subjects_of(verb)
        if found:
            return found
    if any(c.dep_ in {"poss", "compound"} and c.pos_ == "PROPN" for c in children_of(document)):
        return [document]
    return []  # "parliamentary reports urging ...": no one named speaks through them


def means_owner(trigger: Token, phrases: PhraseResolver) -> list[ActorRef]:
    """Whose act it was, when the act is named as a thing ("killed in police firing").

    The doer of a passive or agentless violent act is the owner of the act noun it is hung
    on ("in an army raid", "during police firing"), or of the trigger itself when the parser
    made it a modified gerund ("police firing on the crowd").
    """
    if trigger.tag_ == "VBG":
        # "police firing on the crowd": the parser hangs the participle on its doer.
        found = owners_of(trigger, phrases)
        if not found and trigger.dep_ == "acl":
            found = phrases.resolve(trigger.head)
        if not found and _suffered_gerund(trigger) and trigger.i > 0:
            # "died in army shelling": the doer is the noun the parser left before it.
            before = trigger.doc[trigger.i - 1]
            if before.dep_ == "pobj" and before.head.lower_ in _MEANS_PREPOSITIONS:
                found = phrases.resolve(before)
        if found:
            return found
    if not any([c.dep_ == "auxpass" for c in children_of(trigger)]) and trigger.tag_ != "VBN":
        return []
    for prep in children_of(trigger):
        if prep.dep_ == "prep" and prep.lower_ in _MEANS_PREPOSITIONS:
            for noun in children_of(prep):
                if noun.dep_ == "pobj":
                    found = owners_of(noun, phrases)
                    if not found and any(
                        c.dep_ == "acl" and c.tag_ == "VBG" for c in children_of(noun)
                    ):
                        found = phrases.resolve(noun)  # "killed in police firing"
                    if not found and _gerund_after(noun, trigger):
                        # "killed in police firing as ...": the parser may leave "police" as
                        # the object and hang "firing" on the verb; the noun is still its doer.
                        found = phrases.resolve(noun)
                    if found:
                        return found
    return []


_FORCE_GERUNDS = lexicon().firing_verbs | lexicon().force_words


def _gerund_after(noun: Token, verb: Token) -> bool:
    """Whether a gerund of force follows the noun and hangs on the same verb."""
    if noun.i + 1 >= len(noun.doc):
        return False
    after = noun.doc[noun.i + 1]
    return after.tag_ == "VBG" and after.head.i == verb.i and after.lemma_.lower() in _FORCE_GERUNDS


def entity_type(ref: ActorRef, sent: Span) -> str:
    """The entity label the model's NER gave the span's last token ("" without --ner)."""
    span = sent.doc.char_span(ref.start, ref.end, alignment_mode="expand")
    return span[-1].ent_type_ if span is not None and len(span) else ""


def place_actor(tok: Token, phrases: PhraseResolver) -> ActorRef | None:
    found = phrases.place_country(tok)
    if found is None:
        return None
    country, span = found
    name = phrases.dictionary.country_names.get(country, country)
    return ActorRef(Actor(country, name=name), span.text, span.start_char, span.end_char)


def unknown_subjects(trigger: Token, phrases: PhraseResolver) -> list[ActorRef]:
    """The trigger's subject as an unknown actor, when it is a name (a proper noun phrase)."""
    if any([c.dep_ == "auxpass" for c in children_of(trigger)]):
        return []  # the subject of a passive is what was done to, not the doer
    for subject in subjects_of(trigger):
        named = subject.pos_ == "PROPN" or subject.ent_type_ in {"PERSON", "ORG", "NORP"}
        if not named or subject.dep_ != "nsubj" or subject.i in phrases.mentions:
            continue
        left = min(
            (
                t.left_edge.i
                for t in subject.lefts
                if t.dep_ in {"compound", "amod", "det", "poss", "nmod"}
            ),
            default=subject.i,
        )
        span = subject.doc[left : subject.i + 1]
        if not any(t.text[:1].isupper() for t in span):
            continue
        return [ActorRef(Actor("", name=span.text), span.text, span.start_char, span.end_char)]
    return []
