"""The objects and prepositional phrases around a word, as pattern matching reads them.

Every candidate pattern of a trigger asks for the same objects and phrases, so each answer
is cached on the Doc (`Doc.user_data`), by token. What the parser gets wrong in a way
patterns meet often is mended here: a bare noun object read as an adverb, a phrase hung on a
particle or on the preposition's own object, the adjective of "as" read as its modifier.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Token

from casus.lexicon import lexicon
from casus.spans import children_of, conjuncts_of

_OBJECT_DEPS = frozenset({"dobj", "obj", "nsubjpass", "attr", "oprd"})
_PREP_DEPS = frozenset({"prep", "agent", "dative", "prt", "advmod"})
_NAMING_VERBS = lexicon().naming_verbs
_SERIES_NOUNS = lexicon().series_nouns


def objects(verb: Token) -> list[Token]:
    """Direct objects (with their conjuncts); cached on the Doc, asked for by every pattern."""
    cache: dict[int, list[Token]] = verb.doc.user_data.setdefault("casus.objects", {})
    found = cache.get(verb.i)
    if found is None:
        found = []
        for child in children_of(verb):
            # "dropped sarin on ...": the small parser sometimes reads a bare noun object
            # as an adverbial modifier.
            if child.dep_ in _OBJECT_DEPS or (child.dep_ == "advmod" and child.pos_ == "NOUN"):
                found.append(child)
                found.extend(conjuncts_of(child))
            elif child.dep_ == "auxpass":
                # "workers were taken into custody" with the subject hung on the auxiliary:
                # the passive's subject all the same.
                found.extend(c for c in children_of(child) if c.dep_ in {"nsubj", "nsubjpass"})
        found.extend(of_a_series(found))
        if not found:
            found.extend(_named_by_free_relative(verb))
        if not found and verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.dep_ == "ROOT":
            # A headline "Two soldiers abducted by rebels", "General killed in strike": a
            # past participle on the noun the sentence is is its passive verb, the noun what
            # it was done to. (Inside a sentence such a participle describes, "a soldier
            # killed a decade ago", and is left to the descriptive-clause rules.)
            found.append(verb.head)
        if not found and verb_read_as_modifier(verb):
            found.append(_phrase_top(verb.head))  # "A court jailed activist Ilya Petrov"
        cache[verb.i] = found
    return found


def verb_read_as_modifier(verb: Token) -> bool:
    """A past-tense verb the parser hung as an adjective on the noun the sentence is ("A
    Moscow court jailed activist Ilya Petrov": no finite verb but "jailed", read as "jailed
    Petrov"). The noun it hangs on is its object; a noun hung on it is its doer."""
    top = _phrase_top(verb.head)
    return (
        verb.dep_ == "amod"
        and verb.tag_ == "VBD"
        and top.dep_ == "ROOT"
        and top.pos_ in {"NOUN", "PROPN"}
        and any(c.dep_ in {"npadvmod", "nsubj"} and c.i < verb.i for c in children_of(verb))
    )


def _phrase_top(noun: Token) -> Token:
    """The head of the noun phrase a compound modifier is part of ("activist" in
    "opposition activist Ilya Petrov": Petrov)."""
    while noun.dep_ == "compound" and noun.head.i != noun.i:
        noun = noun.head
    return noun


def of_a_series(objects: list[Token]) -> list[Token]:
    """'a wave of missiles', 'a series of airstrikes': what a series noun's "of" names."""
    return [
        o
        for t in objects
        if t.lemma_.lower() in _SERIES_NOUNS
        for p in children_of(t)
        if p.dep_ == "prep" and p.lower_ == "of"
        for o in children_of(p)
        if o.dep_ == "pobj"
    ]


def _named_by_free_relative(verb: Token) -> list[Token]:
    """'condemned what it called Israel's escalation', 'denounced what it described as an
    attack': the object is what the free relative names."""
    for clause in children_of(verb):
        if clause.dep_ != "ccomp" or clause.lemma_.lower() not in _NAMING_VERBS:
            continue
        if not any(c.dep_ == "dobj" and c.lower_ == "what" for c in children_of(clause)):
            continue
        for c in children_of(clause):
            if c.dep_ == "oprd":
                return [c]
            if c.dep_ == "prep" and c.lower_ == "as":
                return [o for o in children_of(c) if o.dep_ == "pobj"]
    return []


class _Phrase(NamedTuple):
    """A preposition-like dependent `preps` can return, with what it reads of it (a named
    tuple: thousands are made per document, and a frozen dataclass is slower to build)."""

    lower: str
    is_prep: bool  # dep "prep" (not agent, dative, particle or adverb)
    token: Token
    pobjs: tuple[Token, ...]  # its prepositional objects


def _phrases(node: Token) -> tuple[_Phrase, ...]:
    """The node's prepositions, particles and the like; cached on the Doc (every pattern
    with a phrase or a prepositional slot asks for them)."""
    cache: dict[int, tuple[_Phrase, ...]] = node.doc.user_data.setdefault("casus.phrases", {})
    found = cache.get(node.i)
    if found is None:
        phrases = [c for c in children_of(node) if c.dep_ in _PREP_DEPS]
        for particle in list(phrases):
            # "walk out of the talks", "walk away from the deal": the parser hangs the phrase
            # on the particle, which has no object of its own.
            below = children_of(particle)
            if not any([c.dep_ == "pobj" for c in below]):
                phrases.extend([c for c in below if c.dep_ == "prep"])
        found = cache[node.i] = tuple(
            [
                _Phrase(c.lower_, c.dep_ == "prep", c, tuple(_objects_of_preposition(c)))
                for c in phrases
            ]
        )
    return found


def _objects_of_preposition(prep: Token) -> list[Token]:
    """Its objects; the parser hangs the adjective of "as" ("described it as unacceptable")
    as a modifier of the preposition."""
    if prep.lower_ == "as":
        return [o for o in children_of(prep) if o.dep_ in {"pobj", "amod", "acomp"}]
    return [o for o in children_of(prep) if o.dep_ == "pobj"]


def preps(node: Token, words: frozenset[str], *, deep: bool = True) -> list[Token]:
    """Prepositions on node, then (parser attachment errors) on its own prepositional objects."""
    phrases = _phrases(node)
    found = [p.token for p in phrases if p.lower in words]
    if found or not deep:
        return found
    for phrase in phrases:
        if phrase.is_prep:
            for obj in phrase.pobjs:
                found.extend(preps(obj, words, deep=False))
    return found


def absolute_clause(obj: Token) -> bool:
    """A clause with its own subject as a preposition's object: after "with" ("with their
    weapons drawn") a circumstance, no one the act is done with."""
    return obj.pos_ in {"VERB", "AUX"} and any(
        c.dep_ in {"nsubj", "nsubjpass"} for c in children_of(obj)
    )


def pobj(prep: Token) -> Token | None:
    for child in children_of(prep):
        if child.dep_ in {"pobj", "pcomp", "dobj"}:
            return child
    if prep.lower_ == "as":
        return next(iter(_objects_of_preposition(prep)), None)
    return None


def phrase_words(node: Token, kind: str) -> frozenset[str]:
    """Every preposition `match._phrase_ok` could find for a frame on this node: those of
    the node, of its objects (verbs) or of the noun's head (a noun object), and of their
    prepositional objects. A phrase needing none of them cannot fit (cached on the Doc:
    most candidate patterns of a trigger fail for want of their preposition)."""
    cache: dict[tuple[int, bool], frozenset[str]] = node.doc.user_data.setdefault(
        "casus.phrase_words", {}
    )
    key = (node.i, kind == "verb")
    found = cache.get(key)
    if found is None:
        found = cache[key] = frozenset(p.lower for p in _reachable_phrases(node, kind))
    return found


def phrase_objects(node: Token, kind: str) -> frozenset[str]:
    """Every word `match._phrase_ok` could test as a phrase's object for a frame on this
    node: the objects (`pobj`) of the prepositions `phrase_words` reads. A pattern whose phrase
    allows none of them cannot fit (the trigger index's "phrase" key; cached on the Doc)."""
    cache: dict[tuple[int, bool], frozenset[str]] = node.doc.user_data.setdefault(
        "casus.phrase_objects", {}
    )
    key = (node.i, kind == "verb")
    found = cache.get(key)
    if found is None:
        words: set[str] = set()
        for phrase in _reachable_phrases(node, kind):
            obj = pobj(phrase.token)
            if obj is not None:
                words.update((obj.lemma_.lower(), obj.lower_))
        found = cache[key] = frozenset(words)
    return found


def _reachable_phrases(node: Token, kind: str) -> list[_Phrase]:
    """The phrases `preps` can return for a frame on this node: those of its hosts (the
    node, its objects for a verb, the noun's head for a noun object) and of their
    prepositional objects."""
    if kind == "verb":
        hosts = [node, *objects(node)]
    else:
        hosts = [node, node.head] if node.dep_ in {"dobj", "pobj"} else [node]
    found: list[_Phrase] = []
    for host in hosts:
        for phrase in _phrases(host):
            found.append(phrase)
            if phrase.is_prep:
                for obj in phrase.pobjs:
                    found.extend(_phrases(obj))
    return found
