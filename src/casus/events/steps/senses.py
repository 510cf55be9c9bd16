"""Steps about sense: an act's object and evidence decide whether the trigger means it."""

from __future__ import annotations

import dataclasses

from spacy.tokens import Token

from casus.events.conventions import OBJECT_KINDS
from casus.events.patterns import word_classes
from casus.events.phrases import of_a_series
from casus.events.steps.base import (
    _WORDS,
    StepInput,
    _mark,
    _names_one_of,
    _ref_span,
    acts_on,
)
from casus.model import ActorRef, Event
from casus.spans import children_of

_WEAPONS = _WORDS.melee_weapons | _WORDS.ammunition_nouns | _WORDS.equipment_nouns
_TO_A_RECIPIENT = frozenset({"to", "toward", "towards", "for"})
_POLICIES = _WORDS.policy_nouns | _WORDS.decision_nouns | _WORDS.talks_nouns


@acts_on("03", "04", "05", "06", "07", "08")
def refusal(event: Event, step: StepInput) -> Event | None:
    """'will not ease the embargo', 'would not send help': a refusal (12x), asserted.

    CAMEO codes a stated unwillingness to cooperate as rejection of that act.
    """
    if event.modality != "negated" or not "03" <= event.root <= "08":
        return event
    node = step.trigger
    if event.root == "04" and event.target is None and not _named_destination(node):
        return None  # "would not return to the battlefield": no one and nowhere refused
    words = {c.lower_ for c in children_of(node) if c.dep_ in {"aux", "neg"}}
    if not (words & _WORDS.will_auxiliaries and words & _WORDS.negators):
        return event
    code = step.frame("12", event.cameo)
    if code is None:
        return event
    return _mark(dataclasses.replace(step.recode(event, code), modality="asserted"), "refusal")


def _named_destination(trigger: Token) -> bool:
    """A place named by a proper noun after "to" ("would not return to Jeddah")."""
    return any(
        o.pos_ == "PROPN"
        for p in children_of(trigger)
        if p.dep_ == "prep" and p.lower_ == "to"
        for o in children_of(p)
        if o.dep_ == "pobj"
    )


@acts_on("020")
def courtesy_call(event: Event, step: StepInput) -> Event | None:
    """'Called on the prime minister' with nothing asked of him (no "to", "for" or clause):
    a courtesy visit, not an appeal."""
    trigger = step.trigger
    if event.cameo != "020" or trigger.lemma_.lower() != "call" or event.target is None:
        return event
    children = children_of(trigger)
    if not any(c.lower_ in {"on", "upon"} and c.dep_ in {"prt", "prep"} for c in children):
        return event
    if any(
        c.dep_ in {"xcomp", "ccomp", "advcl"} or (c.dep_ == "prep" and c.lower_ in {"for", "to"})
        for c in children
    ):
        return event
    return _mark(step.recode(event, "042"), "courtesy-call")


@acts_on("05", "11", "12")
def voting(event: Event, step: StepInput) -> Event | None:
    """What voters do to candidates, parties and proposals (reject, back, punish) is voting,
    not a CAMEO act."""
    if event.source is not None and _names_one_of(event.source, _WORDS.voter_nouns):
        return None
    return event


@acts_on("172")
def own_limits(event: Event, step: StepInput) -> Event | None:
    """Limiting one's own acts ("limited their inquiry to ...", "limited its strikes to
    military targets") or banning a weapon ("banned rubber bullets") is no administrative
    sanction on anyone."""
    if not event.cameo.startswith("172"):
        return event
    objects = [c for c in children_of(step.trigger) if c.dep_ in {"dobj", "nsubjpass"}]
    if not objects:
        return event
    if all(
        any(c.dep_ == "poss" and c.lower_ in _WORDS.possessive_pronouns for c in children_of(o))
        and o.lemma_.lower() in _WORDS.act_nouns | _WORDS.inquiry_nouns
        for o in objects
    ):
        return None
    if all(object_kinds(o, step) == {"weapon"} for o in objects):
        return None
    return event


@acts_on("07")
def campaign_finance(event: Event, step: StepInput) -> Event | None:
    """Money given to an election campaign or a candidate's bid is campaign finance, not
    aid: it goes to a contest at home, not to an actor in need."""
    for prep in children_of(step.trigger):
        if prep.dep_ not in {"prep", "dative"} or prep.lower_ not in _TO_A_RECIPIENT:
            continue
        if any(_an_election_campaign(obj) for obj in children_of(prep) if obj.dep_ == "pobj"):
            return None
    return event


def _an_election_campaign(noun: Token) -> bool:
    if noun.lemma_.lower() not in _WORDS.campaign_nouns:
        return False
    words = [c for c in children_of(noun) if c.dep_ in {"amod", "compound", "nmod"}]
    words += [g for w in words for g in children_of(w)]
    return any(w.lemma_.lower() in _WORDS.election_words for w in words)


@acts_on("036", "042", "043", "044")
def visit_needs_destination(event: Event, step: StepInput) -> Event | None:
    """A visit (042-044) needs a host or a place: "came to power", "returned home" and
    "returned to the presidency" are none; and a visitor: a plane that lands or a tanker that
    docks carries someone or something."""
    if event.cameo.startswith("036") and event.target is None and _trip(step.trigger):
        return None  # "ready to go back to its earlier position": no one is to be visited
    if event.cameo[:3] not in {"042", "043", "044"}:
        return event
    if event.target is not None and _visitor_named(step.trigger):
        # "told visiting Chinese officials": the participle's noun is the visitor, and the
        # clause's subject the one it visits.
        event = dataclasses.replace(event, source=event.target, target=event.source)
    if event.target is None:
        return None
    destination = _ref_span(event.target, step.trigger.doc)
    if destination is not None and destination.root.lemma_.lower() in _WORDS.offices_taken_up:
        return None  # "returned to the presidency": an office taken up, no visit
    if _homecoming(event, step.trigger):
        return None
    subjects = [c for c in children_of(step.trigger) if c.dep_ in {"nsubj", "nsubjpass"}]
    if any(s.lemma_.lower() in _WORDS.vehicle_nouns for s in subjects):
        return None
    # Troops that go somewhere are deployed, not visiting ("hundreds of troops arrived in").
    if any(_singular(_counted(s)) in _WORDS.armed_people_nouns for s in subjects):
        return None
    return event


def _homecoming(event: Event, trigger: Token) -> bool:
    """A trip back to a place of the traveller's own country: going home, not a visit
    (whoever is met there is named by other words)."""
    back = trigger.lemma_.lower() in _WORDS.homecoming_verbs or any(
        c.dep_ in {"prt", "advmod"} and c.lower_ in _WORDS.homecoming_particles
        for c in children_of(trigger)
    )
    if not back or event.source is None or event.target is None:
        return False
    place = event.target.actor
    return (
        not place.sector and not place.organisation and place.country == event.source.actor.country
    )


def _trip(trigger: Token) -> bool:
    """A verb of travel, or an adjective of readiness that takes one ("ready to go")."""
    if trigger.lemma_.lower() in _WORDS.motion_verbs:
        return True
    return any(
        c.dep_ == "xcomp" and c.lemma_.lower() in _WORDS.motion_verbs for c in children_of(trigger)
    )


def _visitor_named(trigger: Token) -> bool:
    """'visiting' before its noun ("told visiting officials"), also where the parser hangs it
    as the complement of a verb of hosting ("hosted visiting officials")."""
    if trigger.tag_ != "VBG":
        return False
    return trigger.dep_ == "amod" or (
        trigger.dep_ in {"xcomp", "ccomp"}
        and trigger.head.lemma_.lower() in _WORDS.hosting_verbs
        and not any(c.dep_ in {"aux", "nsubj"} for c in children_of(trigger))
    )


def _singular(noun: Token) -> str:
    """The noun's lemma; a plural proper noun ("Marines") the lemmatiser leaves whole."""
    lemma = noun.lemma_.lower()
    return lemma[:-1] if noun.tag_ == "NNPS" and lemma.endswith("s") else lemma


def _counted(noun: Token) -> Token:
    """What a quantity counts ("hundreds of troops": troops), else the noun itself."""
    if noun.lemma_.lower() in _WORDS.quantity_nouns or noun.pos_ == "NUM":
        for prep in children_of(noun):
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in children_of(prep):
                    if obj.dep_ == "pobj":
                        return obj
    return noun


@acts_on("164")
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


@acts_on("172", "173", "174")
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


@acts_on("042", "043")
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


@acts_on("019")
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


def doer_fits(event: Event, step: StepInput) -> Event | None:
    """A trigger that codes an act only for some doers (``doers:`` in coding.yml): "picked
    up by police" is an arrest, "picked up the phone" or a doer left unsaid is not.

    An economic quantity or a currency ("the Indian rupee surrendered its gains", "Chinese
    exports") does nothing, whoever's it is: no doer fits.
    """
    if event.source is not None:
        span = _ref_span(event.source, step.trigger.doc)
        if span is not None and span.root.lemma_.lower() in _QUANTITIES_OF_AN_ECONOMY:
            return None
    sectors = step.doer_sectors(step.trigger.lemma_.lower(), event.cameo)
    if sectors is None:
        return event
    if event.source is None or event.source.actor.sector not in sectors:
        return None
    return event


# "The world's biggest economies agreed ...": an economy named as a doer is its country.
_QUANTITIES_OF_AN_ECONOMY = (_WORDS.economic_nouns | _WORDS.currency_nouns) - {"economy"}


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
    """'seized weapons', 'antiquities seized in raids', 'an oligarch's yacht was seized':
    taking a thing, whoever owns it, is confiscation (1711), not occupying territory (192),
    which needs a place or an actor taken."""
    act = step.act_code(step.trigger) or event.cameo
    if act != "192" and event.cameo != "192":
        return event  # (most events: neither test below applies)
    taken = [c for c in children_of(step.trigger) if c.dep_ in {"dobj", "nsubjpass"}]
    if act == "192" and any(_stance(t) for t in taken):
        return None  # "took a hard line with Moscow": a stance taken, not ground (nor a threat)
    if event.cameo != "192":
        return event
    if not taken and any(
        c.dep_ == "prep" and c.lower_ in {"on", "upon"} for c in children_of(step.trigger)
    ):
        return None  # "seized on the scandal": took up as a pretext, took nothing
    if step.trigger.dep_ in {"acl", "relcl"}:
        taken.append(step.trigger.head)
    taken = _through_control(taken)
    territory = word_classes()["territory_nouns"] | _WORDS.country_nouns
    if taken and all(t.lemma_.lower() in _WORDS.office_nouns for t in taken):
        return None  # "taking back the freedoms given to ...": a right is no property
    if not taken or any(
        t.lemma_.lower() in territory
        or step.mentions_actor(t)
        or step.place_actor(t) is not None
        # a target taken as a whole (a name, a pronoun, people), or a building or craft it
        # holds, is no thing confiscated
        or (event.target is not None and bool({"person", "facility"} & object_kinds(t, step)))
        for t in taken
    ):
        return event
    return _mark(step.recode(event, "1711"), "territory-needed")


_EVENT_NOUNS = (
    _WORDS.deed_nouns | _WORDS.talks_nouns | _WORDS.conflict_nouns | _WORDS.undertaking_nouns
)


def object_kinds(noun: Token, step: StepInput) -> set[str]:
    """What a noun can be as an act's object: person, place, facility, weapon, act, event,
    policy."""
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
    if step.act_code(noun) is not None or lemma in _EVENT_NOUNS:
        kinds.add("event")  # "welcomed the release", "praised the arrest": an act named
    return kinds


def _goal(noun: Token) -> bool:
    """A target, a deadline or an expectation: what is met is reached, not consulted."""
    return noun.pos_ == "NOUN" and noun.lemma_.lower() in _WORDS.goal_nouns


def _office(noun: Token) -> bool:
    """An office, a power or a right: held by a person, not a person."""
    return noun.pos_ == "NOUN" and noun.lemma_.lower() in _WORDS.office_nouns


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
    sense, and nothing is coded. A goal met ("met its target") is no meeting.
    """
    trigger = step.trigger
    if event.root == "04" and any(c.dep_ == "dobj" and _goal(c) for c in children_of(trigger)):
        return None  # "met its target", "met the deadline": a goal reached, no meeting
    if (
        event.root == "10"
        and trigger.lemma_.lower() in _WORDS.commanding_verbs
        and any(
            c.dep_ == "dobj" and "person" not in object_kinds(c, step) for c in children_of(trigger)
        )
    ):
        return None  # "ordered a review": commissioned, not demanded of anyone
    # The act's own code: a frame ("vowed to keep trying") takes its object from the act.
    rule = step.object_rule(step.act_code(trigger) or event.cameo)
    if rule is None or trigger.pos_ not in {"VERB", "AUX"}:
        return event
    objects = [c for c in children_of(trigger) if c.dep_ in {"dobj", "nsubjpass"}]
    if trigger.dep_ in {"acl", "relcl"}:
        objects.append(trigger.head)  # "the convoy they ambushed", "prisoners freed"
    objects = _through_control(objects)
    objects += of_a_series(objects)  # "fired a barrage of rockets": the rockets
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
    if rule.kinds == {"person"} and objects and all(_office(o) for o in objects):
        return None  # "abused his office": whoever holds it is its owner, not who underwent it
    if event.target is not None and (
        "person" in rule.kinds or not _target_modifies_object(trigger, event.target)
    ):
        # An act on people takes an actor named anywhere in its object ("the deputy chief
        # of Israel's militia"); one on things does not ("the relationship with Washington").
        return event
    if "any" in rule.kinds or any(object_kinds(o, step) & rule.kinds for o in objects):
        return event
    return None


@acts_on("13", "18", "19", "20")
def aimed_at_policy(event: Event, step: StepInput) -> Event | None:
    """'attacked the plan', 'a fight against corruption': force aimed at an idea is no force.

    A verbal attack on a policy is criticism (111); other force verbs aimed at a policy or an
    abstract noun code nothing, and neither does a threat of force (a war declared) on an
    ill or a market (`abstract_aim_nouns`: "declared war on inflation").
    """
    if event.root not in {"13", "18", "19", "20"}:
        return event
    trigger = step.trigger
    aimed = _aimed_at(trigger)
    # "vowed to wage war on the virus": a threat is aimed where the act it announces is.
    acts = [c for c in children_of(trigger) if c.dep_ == "xcomp"] if event.root == "13" else []
    reach = _with_objects(aimed + [o for act in acts for o in _aimed_at(act)])
    if any(o.lemma_.lower() in _WORDS.abstract_aim_nouns for o in reach):
        return None
    if event.root == "13" or not any(o.lemma_.lower() in _WORDS.policy_nouns for o in aimed):
        return event
    if trigger.lemma_.lower() in _WORDS.verbal_attack_verbs:
        return _mark(step.recode(event, "111"), "aimed-at-policy")
    return None


def _aimed_at(verb: Token) -> list[Token]:
    """The verb's direct objects and the objects of its prepositions."""
    return [
        o
        for c in children_of(verb)
        for o in ([c] if c.dep_ == "dobj" else [g for g in children_of(c) if g.dep_ == "pobj"])
        if c.dep_ in {"dobj", "prep"}
    ]


def _with_objects(nouns: list[Token]) -> list[Token]:
    """The nouns and what their "on", "against" or "of" phrases name ("war on inflation")."""
    found = list(nouns)
    for noun in nouns:
        for prep in children_of(noun):
            if prep.dep_ == "prep" and prep.lower_ in {"on", "against", "of"}:
                found.extend(o for o in children_of(prep) if o.dep_ == "pobj")
    return found
