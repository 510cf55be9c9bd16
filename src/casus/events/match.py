"""Match event patterns against a dependency parse.

The objects and prepositional phrases a pattern asks for are read in `phrases`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Token

from casus.events import phrases
from casus.events.patterns import (
    EventDictionary,
    EventPattern,
    Frame,
    KeySpace,
    PrepPhrase,
    TriggerIndex,
    TriggerKind,
)
from casus.lexicon import lexicon
from casus.spans import children_of, sentence_of, word_forms

_FILLED_SLOT_BONUS = 3
_WHERE = lexicon().containment_prepositions
_TIME_NOUNS = lexicon().time_nouns
_CONTENT_VERBS = lexicon().content_verbs
_BEST = "casus.best_match"


@dataclass(frozen=True, slots=True)
class PatternMatch:
    """A pattern that fits a trigger, with the tokens that fill its roles."""

    pattern: EventPattern
    trigger: Token
    chain: tuple[Token, ...]  # trigger first, then the verbs of the "to VERB" chain
    slot_token: Token | None
    consumed: frozenset[int]
    object_token: Token | None = None  # the object the pattern required, if any


def _phrase_ok(phrase: PrepPhrase, hosts: list[Token], used: set[int]) -> bool:
    for host in hosts:
        for prep in phrases.preps(host, phrase.preps):
            if not phrase.objects:
                used.add(prep.i)
                return True
            obj = phrases.pobj(prep)
            if obj is not None and (
                obj.lemma_.lower() in phrase.objects or obj.lower_ in phrase.objects
            ):
                used.update((prep.i, obj.i))
                return True
    return False


def _frame_objects(frame: Frame, verb: Token, kind: str) -> list[Token] | None:
    """The object tokens satisfying the frame's object constraint (empty list: none needed)."""
    if not frame.obj or kind == "noun":
        return []
    for obj in phrases.objects(verb):
        lemma = obj.lemma_.lower()
        if lemma in frame.obj or obj.lower_ in frame.obj:
            if frame.obj_modifier and not any(
                c.lemma_.lower() in frame.obj_modifier or c.lower_ in frame.obj_modifier
                for c in children_of(obj)
                if c.dep_ in {"amod", "compound", "nmod", "nummod"}
            ):
                continue
            return [obj]
    return None


def _frame_ok(
    frame: Frame,
    node: Token,
    kind: str,
    used: set[int],
    *,
    words: frozenset[str] | None = None,
) -> list[Token] | None:
    """Check one frame on one token; return the hosts (token + matched object) or None.
    `words`: the node's `phrases.phrase_words`, when the caller has them."""
    for lemmas in frame.noun_modifiers:
        mods = [
            c
            for c in children_of(node)
            if c.dep_ in {"compound", "amod", "nmod", "npadvmod"}
            and (c.lemma_.lower() in lemmas or c.lower_ in lemmas)
        ]
        if not mods:
            return None
        used.add(mods[0].i)
    for particle in frame.particles:
        options = particle.split("|")  # "scale back|down"
        prt = [
            c
            for c in children_of(node)
            if c.lower_ in options and c.dep_ in {"prt", "advmod", "prep"}
        ]
        if not prt:
            return None
        used.add(prt[0].i)
    objs = _frame_objects(frame, node, kind)
    if objs is None:
        return None
    for o in objs:
        used.add(o.i)
    hosts = [node, *objs]
    if kind == "verb":
        # "accused the minister of corruption": the phrase often hangs on the object.
        # (tokens of one Doc are equal when their indexes are: compared by index, with no
        # call to Token's comparison per pair)
        held = {h.i for h in hosts}
        for o in phrases.objects(node):
            if o.i not in held:
                held.add(o.i)
                hosts.append(o)
    if kind == "noun" and node.dep_ in {"dobj", "pobj"}:
        hosts.append(node.head)
    for phrase in frame.phrases:
        if words is None:
            words = phrases.phrase_words(node, kind)
        if phrase.preps.isdisjoint(words) or not _phrase_ok(phrase, hosts, used):
            return None
    for complement in frame.complements:
        verb = next(
            (
                c
                for c in children_of(node)
                if c.dep_ in {"xcomp", "ccomp", "advcl"}
                and c.lemma_.lower() in complement.lemmas
                and _frame_ok(complement, c, "verb", used) is not None
            ),
            None,
        )
        if verb is None and kind == "verb" and _bare(complement):
            # "sentenced him to death", "added the firms to its blacklist": after the
            # slot, "to" + a noun is a phrase of the verb, not a "to VERB" infinitive.
            verb = _to_object(node, complement.lemmas)
        if verb is None:
            return None
        used.add(verb.i)  # "urged X to withdraw": the withdrawal is part of this event
    return hosts


def _bare(frame: Frame) -> bool:
    """A frame of lemmas alone: no particle, object, phrase or complement of its own."""
    return not (
        frame.particles or frame.obj or frame.phrases or frame.complements or frame.noun_modifiers
    )


def _to_object(verb: Token, lemmas: frozenset[str]) -> Token | None:
    """The object of the verb's "to" phrase, when its lemma is one of `lemmas`."""
    for lemma, obj in _links(verb).to_objects:
        if lemma in lemmas:
            return obj
    return None


class _ChainLinks(NamedTuple):
    """What can follow a host in a "to VERB" chain; computed once per token and cached."""

    clauses: tuple[tuple[str, str, Token], ...]  # (dep, lemma, token) of clausal children
    to_objects: tuple[tuple[str, Token], ...]  # (lemma, token) of "to" + noun
    has_object: bool
    is_verb: bool


def _infinitive(verb: Token) -> bool:
    """Whether a clause can stand for "to VERB": an infinitive ("told them to leave", "made
    them leave") or a clause with a modal ("said they must agree"), never a clause that
    tells what happened ("told them that she had gone")."""
    if verb.tag_ not in {"VBD", "VBN", "VBZ", "VBG"}:
        return True
    return any(c.dep_ == "aux" and (c.lower_ == "to" or c.tag_ == "MD") for c in children_of(verb))


def _links(host: Token) -> _ChainLinks:
    cache: dict[int, _ChainLinks] = host.doc.user_data.setdefault("casus.links", {})
    found = cache.get(host.i)
    if found is None:
        clauses: list[tuple[str, str, Token]] = []
        to_objects: list[tuple[str, Token]] = []
        has_object = False
        for child in children_of(host):
            dep = child.dep_
            if dep in {"xcomp", "acl", "ccomp", "advcl"} and _infinitive(child):
                clauses.append((dep, child.lemma_.lower(), child))
            elif dep in {"dobj", "dative"}:
                has_object = True
            if dep in {"prep", "dative"} and child.lower_ == "to":
                obj = phrases.pobj(child)
                if obj is not None:
                    to_objects.append((obj.lemma_.lower(), obj))
        found = _ChainLinks(
            tuple(clauses), tuple(to_objects), has_object, host.pos_ in {"VERB", "AUX"}
        )
        cache[host.i] = found
    return found


def _next_in_chain(
    hosts: list[Token], lemmas: frozenset[str], *, object_control: bool = False
) -> Token | None:
    """The verb of a "to VERB" element; "agree to a ceasefire" lets a noun stand in for it."""
    for host in hosts:
        links = _links(host)
        # "wants Germany to pay": Germany pays, so an xcomp is no chain of the wanter's; a
        # purpose clause still is ("staged rallies to demand ...").
        purpose_only = links.is_verb and links.has_object and not object_control
        for dep, lemma, child in links.clauses:
            if lemma in lemmas and not (purpose_only and dep in {"xcomp", "ccomp"}):
                return child
    for host in hosts:
        for lemma, obj in _links(host).to_objects:
            if lemma in lemmas:
                return obj
    return None


def _slot(pattern: EventPattern, hosts: list[Token], used: set[int]) -> tuple[bool, Token | None]:
    """Find the slot filler; a prepositional slot requires its preposition."""
    if not pattern.slot:
        return True, None
    if pattern.slot_preps:
        # "opened a campaign against the rebels in Kivu": where it happened is the
        # weakest reading of a slot, so "in" is tried only when no other preposition fits.
        tiers = [pattern.slot_preps - _WHERE, pattern.slot_preps & _WHERE]
        timed = False  # a preposition of the slot was found, with a span of time as object
        if "of" in pattern.slot_preps:
            # "welcomed Iran's release of two journalists": the possessor is whose act it is;
            # the "of" phrase names what the act was done to.
            for host in hosts[1:]:
                owner = next(
                    (
                        c
                        for c in children_of(host)
                        if c.dep_ == "poss" and c.pos_ in {"PROPN", "NOUN"}
                    ),
                    None,
                )
                if owner is not None and any(
                    c.dep_ == "prep" and c.lower_ == "of" for c in children_of(host)
                ):
                    return True, owner
        # "placed curbs on Syrian banks over the purge": a phrase on the
        # required object is closer to the pattern than one on the verb.
        ordered = [*hosts[1:], hosts[0]]
        for preps in tiers:
            for host in ordered:
                for prep in phrases.preps(host, preps) if preps else ():
                    obj = phrases.pobj(prep)
                    if obj is not None and prep.lower_ == "with" and phrases.absolute_clause(obj):
                        continue  # "standing over him with their weapons drawn": manner
                    if obj is not None and obj.lemma_.lower() in _TIME_NOUNS:
                        timed = True
                        continue  # "fought them for a decade": how long, not for whom
                    if prep.dep_ == "prt" or obj is None:
                        # "called on Kabul to ...": the parser hangs the addressee on the verb.
                        obj = next((o for o in phrases.objects(host) if o.i not in used), None)
                    if obj is not None:
                        used.add(prep.i)
                        return True, obj
        if pattern.slot_preps & {"to", "for"}:
            # "give Tanzania a grant" = "give a grant to Tanzania".
            for child in children_of(hosts[0]):
                if child.dep_ == "dative" and child.i not in used:
                    return True, child
        if (
            timed
            and hosts[0].pos_ == "VERB"
            and not any(c.dep_ == "dobj" for c in children_of(hosts[0]))
        ):
            # "died in police firing on Saturday": the act is there, its target unsaid; with
            # a direct object ("fought them for a decade") the verb is in another sense, and
            # a noun ("an operation on Saturday night") names no act aimed at anyone.
            return True, None
        return False, None
    verb = hosts[0]
    for child in children_of(verb):
        if child.dep_ == "dative" and child.i not in used:
            return True, child
    for obj in phrases.objects(verb):
        if obj.i not in used and obj.dep_ != "attr":
            return True, obj
    if any(c.dep_ == "xcomp" for c in children_of(verb)):
        return False, None  # "trying to bring ...": a control verb, not "try (someone)"
    # "demanded that Russia withdraw": the addressee is the subject of the complement clause.
    for child in children_of(verb):
        if child.dep_ in {"ccomp", "xcomp"}:
            for sub in children_of(child):
                if sub.dep_ in {"nsubj", "nsubjpass"} and sub.i not in used:
                    return True, sub
    return True, None


def _object_lemmas(verb: Token) -> frozenset[str]:
    cache: dict[int, frozenset[str]] = verb.doc.user_data.setdefault("casus.object_lemmas", {})
    found = cache.get(verb.i)
    if found is None:
        found = frozenset([w for o in phrases.objects(verb) for w in (o.lemma_.lower(), o.lower_)])
        cache[verb.i] = found
    return found


def match_pattern(
    pattern: EventPattern,
    trigger: Token,
    *,
    objects: frozenset[str] | None = None,
    words: frozenset[str] | None = None,
) -> PatternMatch | None:
    """The pattern's match on the trigger, or None. `objects` and `words`, when the caller
    has them, are the trigger's `_object_lemmas` and `phrases.phrase_words` (the same for every
    pattern of the trigger)."""
    first = pattern.frames[0]
    if pattern.kind == "verb" and first.obj:
        if objects is None:
            objects = _object_lemmas(trigger)
        if first.obj.isdisjoint(objects):
            return None  # cheap test first: most candidates of a busy verb want another object
    if first.phrases:
        if words is None:
            words = phrases.phrase_words(trigger, pattern.kind)
        for phrase in first.phrases:  # (a loop, not any(): no generator per candidate)
            if phrase.preps.isdisjoint(words):
                return None  # a preposition the first frame needs is nowhere near the trigger
    used: set[int] = {trigger.i}
    hosts = _frame_ok(first, trigger, pattern.kind, used, words=words)
    if hosts is None:
        return None
    chain = [trigger]
    previous = pattern.frames[0]
    for frame in pattern.frames[1:]:
        # "allow inspectors to visit": when the pattern asked for the object, its xcomp chains.
        nxt = _next_in_chain(hosts, frame.lemmas, object_control=bool(previous.obj))
        if nxt is None:
            return None
        used.add(nxt.i)
        hosts = _frame_ok(frame, nxt, "verb", used)
        if hosts is None:
            return None
        chain.append(nxt)
        previous = frame
    ok, slot_token = _slot(pattern, hosts, used)
    if not ok:
        return None
    if slot_token is None and not pattern.slot:
        # With no slot, the object names the target: "rejected the US peace plan" (object
        # required by the pattern) or "requested Moscow for support" (any object).
        if pattern.frames[-1].obj and len(hosts) > 1:
            slot_token = hosts[1]
        elif hosts[0].lemma_.lower() not in _CONTENT_VERBS:  # what is said is no addressee
            slot_token = next((o for o in phrases.objects(hosts[0]) if o.i not in used), None)
    obj = hosts[1] if pattern.frames[-1].obj and len(hosts) > 1 else None
    return PatternMatch(pattern, trigger, tuple(chain), slot_token, frozenset(used), obj)


def _clause_lemmas(token: Token) -> frozenset[str]:
    """Lemmas a "to VERB" chain or a complement can reach from the token (or its objects)."""
    cache: dict[int, frozenset[str]] = token.doc.user_data.setdefault("casus.clause_lemmas", {})
    found = cache.get(token.i)
    if found is None:
        words: set[str] = set()
        for host in (token, *phrases.objects(token)):
            links = _links(host)
            words.update(lemma for _, lemma, _ in links.clauses)
            words.update(lemma for lemma, _ in links.to_objects)
        found = cache[token.i] = frozenset(words)
    return found


def _child_words(token: Token) -> frozenset[str]:
    return frozenset([w for c in children_of(token) for w in (c.lemma_.lower(), c.lower_)])


def _sentence_words(token: Token) -> frozenset[str]:
    """The lemmas and forms (lower case) of the token's sentence; cached on the Doc."""
    sent = sentence_of(token)
    cache: dict[int, frozenset[str]] = token.doc.user_data.setdefault("casus.sentence_words", {})
    found = cache.get(sent.start)
    if found is None:
        lemmas, lowers = word_forms(token.doc)
        start, end = sent.start, sent.end
        found = cache[start] = frozenset(lemmas[start:end]).union(lowers[start:end])
    return found


def _key_words(index: TriggerIndex, token: Token) -> dict[KeySpace, frozenset[str]]:
    """The words around the token in each key space the trigger's patterns use.

    A space none of whose key words is in the token's sentence is not read: the words
    around the token are words of its sentence (a parse tree is a sentence), so none of
    them could be a key (most objects and phrases a busy trigger's patterns ask for are
    not in a given sentence)."""
    words: dict[KeySpace, frozenset[str]] = {}
    present = _sentence_words(token)
    for space, keys in index.keys.items():
        if keys.isdisjoint(present):
            continue
        if space == "clause":
            words[space] = _clause_lemmas(token)
        elif space == "object":
            words[space] = _object_lemmas(token)
        elif space == "phrase":
            words[space] = phrases.phrase_objects(token, index.patterns[0].kind)
        else:
            words[space] = _child_words(token)
    return words


def trigger_kind(token: Token) -> TriggerKind | None:
    """Which patterns a token can trigger: verb patterns, noun patterns or none."""
    pos = token.pos_
    if pos == "VERB" or token.tag_.startswith("VB"):
        return "verb"
    if pos == "ADJ" and token.dep_ in {"acomp", "xcomp", "amod"}:
        # "ready to mediate", "willing to negotiate": adjectives head verb-like patterns.
        return "verb"
    if pos in {"NOUN", "PROPN"}:
        return "noun"
    return None


def candidate_patterns(dictionary: EventDictionary, token: Token) -> list[EventPattern]:
    """The token's trigger patterns that can fit it, most specific first (the index's)."""
    lemma = token.lemma_.lower()
    if lemma not in dictionary.verbs and lemma not in dictionary.nouns:
        return []  # most tokens: no pattern has this trigger, whatever the token's class
    kind = trigger_kind(token)
    if kind is None:
        return []
    index = dictionary.trigger_index(kind, lemma)
    if index is None:
        return []
    return index.candidates(_key_words(index, token))


def all_patterns(dictionary: EventDictionary, token: Token) -> list[EventPattern]:
    """Every pattern of the token's trigger lemma, most specific first (no index)."""
    kind = trigger_kind(token)
    if kind is None:
        return []
    return list(
        (dictionary.verbs if kind == "verb" else dictionary.nouns).get(token.lemma_.lower(), ())
    )


def best_match(
    dictionary: EventDictionary, token: Token, *, indexed: bool = True, lemma: str = ""
) -> PatternMatch | None:
    """The most specific pattern that fits this token, or None.

    `indexed=False` tries every pattern of the trigger lemma (the index only skips
    patterns that cannot fit; the tests compare the two). The indexed answer is cached on
    the Doc per token and trigger index (the convention steps ask again for objects and
    clauses the sentence loop already matched); a rebuilt index is a new key. `lemma`: the
    token's lower-case lemma, when the caller has read it already.
    """
    if not indexed:
        return _best(all_patterns(dictionary, token), token)
    lemma = lemma or token.lemma_.lower()
    if lemma not in dictionary.verbs and lemma not in dictionary.nouns:
        return None  # most tokens: no pattern has this trigger, whatever the token's class
    kind = trigger_kind(token)
    if kind is None:
        return None
    index = dictionary.trigger_index(kind, lemma)
    if index is None:
        return None
    memo: dict[int, tuple[TriggerIndex, PatternMatch | None]] = token.doc.user_data.setdefault(
        _BEST, {}
    )
    hit = memo.get(token.i)
    if hit is not None and hit[0] is index:
        return hit[1]
    found = _best(index.candidates(_key_words(index, token)), token)
    memo[token.i] = (index, found)
    return found


def _best(candidates: list[EventPattern], token: Token) -> PatternMatch | None:
    if not candidates:
        return None
    best: PatternMatch | None = None
    best_score: tuple[int, int] = (-1, 0)
    # (the trigger's object lemmas and nearby prepositions, read once for all its patterns,
    # which share the trigger's kind; the phrase words only if a pattern needs them)
    objects = _object_lemmas(token) if candidates[0].kind == "verb" else None
    words: frozenset[str] | None = None
    for pattern in candidates:
        if pattern.specificity + _FILLED_SLOT_BONUS < best_score[0]:
            break  # sorted by specificity: nothing further can win
        if words is None and pattern.frames[0].phrases:
            words = phrases.phrase_words(token, pattern.kind)
        found = match_pattern(pattern, token, objects=objects, words=words)
        if found is None:
            continue
        # A pattern whose slot found its filler beats a slightly more specific one without;
        # on a tie the finer (4-digit) CAMEO code wins.
        filled = _FILLED_SLOT_BONUS if found.slot_token is not None else 0
        score = (pattern.specificity + filled, len(pattern.code))
        if score > best_score:
            best, best_score = found, score
    return best
