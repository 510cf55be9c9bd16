"""Resolve noun phrases to actors: dictionary mentions, composite phrases and document memory.

Whose a sector noun or role is ("Afghan police", "the head of the opposition") is read in
`owners`; people the dictionaries do not list, from their title, in `titles`; whom a
pronoun stands for, in `pronouns`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass, field

from spacy.strings import get_string_id
from spacy.symbols import NOUN, PRON, PROPN
from spacy.tokens import Doc, Span, Token

from casus.actors import owners, pronouns, titles
from casus.actors.dictionary import ActorDictionary, ActorEntry
from casus.actors.memory import DocumentMemory
from casus.actors.mentions import ActorResolver, Mention, wire_credit
from casus.actors.owners import MODIFIER_DEPS
from casus.lexicon import lexicon, singulars
from casus.model import Actor, ActorRef, Resolution, is_state
from casus.spans import (
    children_of,
    conjuncts_of,
    lefts_of,
    pos_dep_ids,
    rights_of,
    sentence_of,
    span_text,
    tokens_of,
)

logger = logging.getLogger(__name__)

_PERSON_SLOTS = frozenset({"nsubj", "nsubjpass", "dobj", "appos"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_WORDS = lexicon()
_POSSESSIVE_PRONOUNS = _WORDS.possessive_pronouns
# Phrases of place and time are circumstances of a noun, not its owner.
_CIRCUMSTANCE_PREPOSITIONS = _WORDS.place_prepositions | _WORDS.time_prepositions
_AIMED_PREPOSITIONS = _WORDS.aimed_prepositions
_QUANTITY_NOUNS = _WORDS.quantity_nouns
_DELEGATE_NOUNS = _WORDS.delegate_nouns
_EQUIPMENT_NOUNS = _WORDS.equipment_nouns
_COUNTRY_NOUNS = _WORDS.country_nouns
_PAIR_NOUNS = _WORDS.pair_country_nouns | _WORDS.pair_leader_nouns | _WORDS.pair_side_nouns
_GROUP_NOUNS = _WORDS.group_nouns
_PERSON_SECTORS = _WORDS.person_sectors
_DASHES = frozenset({"—", "–", "-", "--"})
# Token.pos of the heads of noun phrases (the symbols: `pos_` looks the name up each time)
_NOMINAL_POS = frozenset({int(NOUN), int(PROPN), int(PRON)})
# the ids of the modifier labels, as `pos_dep_ids` gives a token's
_MODIFIER_DEP_IDS = frozenset(get_string_id(d) for d in MODIFIER_DEPS)

# A word's forms and the sector the first of them names, by (lemma, lower-case form), per
# dictionary (by id, with the dictionary to tell a new one at a reused id): every noun of
# every document asks, and the answer depends only on the word. Emptied when it grows past
# `_FORMS_MAX` words (a stream of articles brings new words without end).
_Forms = tuple[tuple[str, ...], tuple[str, str] | None]
_FORMS: dict[int, tuple[ActorDictionary, dict[tuple[str, str], _Forms]]] = {}
_FORMS_MAX = 50_000
# The sector a modifier and a head word name together, by (modifier lemma, modifier lower-case
# form, head forms), per dictionary like `_FORMS` (and emptied like it).
_COMPOUNDS: dict[
    int, tuple[ActorDictionary, dict[tuple[str, str, tuple[str, ...]], str | None]]
] = {}


@dataclass
class PhraseResolver:
    """Resolve phrases of one document, remembering what earlier sentences established."""

    resolver: ActorResolver
    doc: Doc
    date: dt.date | None = None
    memory: DocumentMemory = field(default_factory=DocumentMemory)
    mentions: dict[int, Mention] = field(default_factory=dict)
    _cache: dict[int, list[ActorRef]] = field(default_factory=dict)
    # people the dictionaries do not list, coded from their title: actor -> bare name
    _titled: dict[Actor, str] = field(default_factory=dict)
    # per sentence (by its first token): its place's country, its demonyms of states (for
    # `owners`, which asks for them from every agent of the sentence)
    _places: dict[int, str | None] = field(default_factory=dict)
    _demonyms: dict[int, list[tuple[int, str]]] = field(default_factory=dict)

    # the resolver's dictionary (asked for on nearly every phrase; an attribute, not a property)
    dictionary: ActorDictionary = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.dictionary = self.resolver.dictionary
        self.mentions = self.resolver.find_mentions(self.doc)

    def remember_sentence(self, sent: Span) -> None:
        """Resolve the sentence's noun phrases in order so that later references can use them."""
        self.memory.sentence = sent.start
        poses, deps = pos_dep_ids(self.doc)
        tokens = tokens_of(self.doc)
        for i in range(sent.start, sent.end):
            if poses[i] not in _NOMINAL_POS or deps[i] in _MODIFIER_DEP_IDS:
                continue
            tok = tokens[i]
            if not self.resolve(tok) and self._unknown_person(tok):
                self.memory.remember_unknown_person()

    def _describes(self, appos: Token) -> bool:
        """Whether coordinated appositions are titles of one person ("X, vice president of
        a forum and a former ambassador"), not a list of actors."""
        return all(
            t.pos_ == "NOUN" and t.lemma_.lower() in self.dictionary.role_nouns
            for t in (appos, *conjuncts_of(appos))
        )

    def _unknown_person(self, tok: Token) -> bool:
        """A proper name in a person's slot that nothing resolves, or one private person
        named by a common noun ("the driver"): someone no dictionary knows."""
        if tok.dep_ not in _PERSON_SLOTS:
            return False
        pos = tok.pos_
        if pos == "NOUN":
            return tok.tag_ == "NN" and tok.lemma_.lower() in _WORDS.private_person_nouns
        return (
            pos == "PROPN"
            and tok.i not in self.mentions
            and self.place_country(tok) is None
            and not wire_credit(self.doc, tok.i, tok.i + 1)  # who sent the story: no one in it
        )

    def resolve(self, tok: Token) -> list[ActorRef]:
        """The actors a noun phrase headed by tok names (one per coordinated member)."""
        cached = self._cache.get(tok.i)
        if cached is not None:
            return cached
        self._cache[tok.i] = []  # guards against cycles through appositions
        refs: list[ActorRef] = []
        dep = tok.dep_
        after_dateline = self._after_dateline(tok) if dep in _SUBJECT_DEPS else None
        if after_dateline is not None:
            refs = self.resolve(after_dateline)
            self._cache[tok.i] = refs
            return refs
        heads = [tok, *conjuncts_of(tok)] if dep != "conj" else [tok]
        for child in children_of(tok):
            child_dep = child.dep_
            if child_dep == "appos" and conjuncts_of(child) and not self._describes(child):
                # "Saudi Arabia, the UAE, Bahrain and Egypt": the parser makes a list an apposition.
                heads.extend((child, *conjuncts_of(child)))
            elif child_dep == "nmod" and child.pos_ == "NOUN" and conjuncts_of(child):
                # "the Peruvian army and Shining Path guerrillas": the parser makes the first
                # party a modifier of the second.
                heads.insert(0, child)
        codes: set[str] = set()
        for head in heads:
            found = self._resolve_head(head)
            if len(found) == 1 and not found[0].method:
                # (title_with_name's own first test, made here: only a lone actor found by
                # no name can be a title's, and most heads give none)
                found = titles.title_with_name(self, head, found)
            for ref in found:
                code = ref.actor.code
                if code and code not in codes:
                    codes.add(code)
                    refs.append(ref)
        self._cache[tok.i] = refs
        return refs

    def _pair(self, head: Token) -> list[ActorRef]:
        """ "the two countries", "both sides", "the two leaders": the two parties named just
        before, each its own reference to the phrase."""
        lemma = head.lemma_.lower()
        if lemma not in _PAIR_NOUNS or head.tag_ not in {"NNS", "NNPS"}:
            return []
        if not any(
            (c.dep_ == "nummod" and c.lower_ == "two")
            or (c.dep_ in {"det", "predet"} and c.lower_ == "both")
            for c in children_of(head)
        ):
            return []
        actors = self.memory.last_pair(states=lemma not in _WORDS.pair_side_nouns)
        if len(actors) != 2:
            return []
        span = self._phrase_span(head)
        if lemma in _WORDS.pair_leader_nouns:
            names = self.dictionary.country_names
            actors = [
                Actor(a.country, "GOV", name=f"{names.get(a.country, a.country)} government")
                for a in actors
            ]
        elif lemma in _WORDS.pair_country_nouns:
            names = self.dictionary.country_names
            actors = [Actor(a.country, name=names.get(a.country, a.country)) for a in actors]
        return [self._ref(a, span, from_memory=True) for a in actors]

    def _surname(self, head: Token, start: int, kind: str) -> bool:
        """Whether a one-word country or demonym name ends a person's name: a capitalised
        given name that is no dictionary name stands just before it, in the same phrase."""
        if kind not in {"country", "adjective"} or start != head.i or head.i == 0:
            return False
        if kind == "adjective" and head.lower_.endswith("s"):
            return False  # "Young Algerians": a plural demonym names people, no surname
        before = self.doc[head.i - 1]
        return (
            before.dep_ == "compound"
            and before.head.i == head.i
            and before.pos_ == "PROPN"
            and before.text[:1].isupper()
            and not before.text.isupper()
            and (before.i == 0 or self.doc[before.i - 1].text not in _DASHES | {"-"})
            and before.i not in self.mentions
            and before.lemma_.lower() not in self.dictionary.role_nouns
            and before.lemma_.lower() not in self.dictionary.sector_nouns
        )

    def _after_dateline(self, tok: Token) -> Token | None:
        """ "KANO, Nigeria — Soldiers raided ...": the parser may make the dateline's place the
        subject and the real subject its apposition after the dash; that apposition is meant."""
        if tok.dep_ not in _SUBJECT_DEPS or tok.pos_ != "PROPN":
            return None
        if tok.i - sentence_of(tok).start > 4:
            return None
        for child in rights_of(tok):
            if child.dep_ == "appos" and child.pos_ in {"NOUN", "PROPN"}:
                between = self.doc[tok.i + 1 : child.i]
                if any(t.text in _DASHES for t in between):
                    return child
        # "NAIROBI (Reuters) — Kenya's ruling party was accused ...": or it makes both
        # subjects of the verb; the one after the dash is meant.
        for sibling in children_of(tok.head):
            if sibling.i > tok.i and sibling.dep_ == tok.dep_:
                between = self.doc[tok.i + 1 : sibling.i]
                if any(t.text in _DASHES for t in between):
                    return sibling
        return None

    # -- one head -----------------------------------------------------------------------

    def _ref(
        self,
        actor: Actor,
        tokens: Span | Token,
        *,
        from_memory: bool = False,
        method: Resolution = "",
        person: str = "",
    ) -> ActorRef:
        if isinstance(tokens, Token):
            # One token's span: its own text and offsets, with no Span made for it.
            start = tokens.idx
            text = tokens.text
            return ActorRef(actor, text, start, start + len(text), from_memory, method, person)
        start, end = tokens.start_char, tokens.end_char
        text = span_text(tokens)
        return ActorRef(actor, text, start, end, from_memory, method, person)

    def _phrase_span(self, head: Token) -> Span:
        left = head.i
        for child in lefts_of(head):
            if child.dep_ in MODIFIER_DEPS or child.dep_ in {"det", "case"}:
                left = min(left, child.left_edge.i)
        return self.doc[left : head.i + 1]

    def _pick(self, mention: Mention) -> tuple[ActorEntry, Actor]:
        entries = mention.entries
        people = [e for e in entries if e.kind == "person"]
        if entries[0].kind == "person":
            in_office = [e for e in people if e.in_office(self.date)]
            if in_office:
                return in_office[0], in_office[0].actor
            latest = max(people, key=lambda e: e.start or dt.date.min)
            actor = latest.actor
            if self.date is not None and actor.sector == "GOV" and latest.end is not None:
                # Out of office on the article's date: a former official is an elite, not GOV.
                actor = Actor(actor.country, "ELI", actor.organisation, actor.name)
            return latest, actor
        return entries[0], entries[0].actor

    def _mention_actor(
        self, tok: Token, *, places: bool = False
    ) -> tuple[Mention, ActorEntry, Actor] | None:
        """The dictionary actor a token belongs to; regions and ambiguous names only as places."""
        mention = self.mentions.get(tok.i)
        if mention is None:
            return None
        entry, actor = self._pick(mention)
        if entry.kind in {"region", "ambiguous"} and not places:
            return None
        return mention, entry, actor

    def _forms(self, head: Token) -> _Forms:
        """The head's word forms and the first of them that names a sector, with that sector;
        the same for every token of a word, so kept per dictionary (`_FORMS`)."""
        lemma, lower = head.lemma_.lower(), head.lower_
        cache = _FORMS.get(id(self.dictionary))
        if cache is None or cache[0] is not self.dictionary:
            cache = _FORMS[id(self.dictionary)] = (self.dictionary, {})
        found = cache[1].get((lemma, lower))
        if found is None:
            # Capitalised plurals ("Troops fired") come out of the tagger as proper nouns that
            # keep their surface form, so try a plain singular too.
            forms = (lemma, lower, *singulars(lower))
            sector = next(((f, s) for f in forms if (s := self.dictionary.sector_of(f))), None)
            found = (forms, sector)
            if len(cache[1]) >= _FORMS_MAX:
                cache[1].clear()
            cache[1][(lemma, lower)] = found
        return found

    def _sector(self, head: Token) -> str | None:
        if head.text in _WORDS.legislature_words and head.i > sentence_of(head).start:
            return "LEG"  # "the House voted": capitalised inside a sentence, a legislature
        forms, sector = self._forms(head)
        lefts = lefts_of(head)
        if not lefts:
            return sector[1] if sector is not None else None  # nothing qualifies the word
        if sector is not None:
            for c in lefts:  # (a loop: no generator per noun)
                if (
                    c.dep_ in {"compound", "amod"}
                    and self.dictionary.sector_of(c.lemma_.lower()) == "OPP"
                ):
                    return "OPP"  # "opposition lawmakers", "an opposition councillor"
        party = None
        for child in lefts:
            # "Students' Union": a plural possessive classifies like a compound.
            if child.dep_ in {"compound", "amod"} or (
                child.dep_ == "poss" and child.pos_ in {"NOUN", "PROPN"}
            ):
                found = self._compound_sector(child.lemma_.lower(), child.lower_, forms)
                if found == "PTY":
                    party = found  # "the opposition Democratic Party": its standing first
                elif found:
                    return found
        if party:
            return party
        if sector is None and head.lemma_.lower() in _WORDS.holder_office_nouns:
            # "the Attorney General's Office", "the Office of the President": an office is
            # of the sector of the role that holds it.
            return self._holder_sector(head)
        if (
            head.is_lower
            and head.lemma_ in _WORDS.region_body_nouns
            and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in lefts)
        ):
            return None  # "Cauca department": a region named after its place, no body
        if sector is not None:
            form, found = sector
            if form not in self.dictionary.role_nouns:
                # "rebel positions", "police convoy": whose positions the modifier says.
                for child in lefts:
                    if child.dep_ == "compound":
                        owner = self.dictionary.sector_of(child.lemma_.lower())
                        if owner == "GOV" and found == "MIL":
                            return found  # "government helicopters" are the military's
                        if owner:
                            return owner
            return found
        return None

    def _holder_sector(self, head: Token) -> str | None:
        """The sector of the role an office is named after: its possessor or its "of"."""
        for child in children_of(head):
            holder = None
            if child.dep_ == "poss" and child.pos_ in {"NOUN", "PROPN"}:
                holder = child
            elif child.dep_ == "prep" and child.lower_ == "of":
                holder = next((o for o in children_of(child) if o.dep_ == "pobj"), None)
            if holder is not None and holder.lemma_.lower() not in _WORDS.holder_office_nouns:
                found = self._sector(holder)
                if found is not None:
                    return found
        return None

    def _compound_sector(self, lemma: str, lower: str, forms: tuple[str, ...]) -> str | None:
        """The sector a modifier and the head name together ("border police"): the first of
        the modifier's forms and the head's that the dictionary lists. The same for every
        token of the two words, so kept per dictionary (`_COMPOUNDS`)."""
        cache = _COMPOUNDS.get(id(self.dictionary))
        if cache is None or cache[0] is not self.dictionary:
            cache = _COMPOUNDS[id(self.dictionary)] = (self.dictionary, {})
        key = (lemma, lower, forms)
        if key in cache[1]:
            return cache[1][key]
        found = None
        for modifier in (lemma, *singulars(lower)):
            for form in forms:
                found = self.dictionary.sector_of(f"{modifier} {form}")
                if found:
                    break
            if found:
                break
        if len(cache[1]) >= _FORMS_MAX:
            cache[1].clear()
        cache[1][key] = found or None
        return found or None

    def _resolve_head(self, head: Token) -> list[ActorRef]:
        lower = head.lower_
        pos = head.pos_  # (read once: every branch below asks)
        # 1. The head itself is a dictionary name: a country, group, organisation or person.
        # (most heads are none: asked of the mentions before a call)
        found = self._mention_actor(head) if head.i in self.mentions else None
        if found is not None and self._surname(head, found[0].start, found[1].kind):
            found = None  # "Volker Turk", "Amal Kenya": a person's name, read below
        if found is not None:
            mention, entry, actor = found
            span = self.doc[mention.start : mention.end]
            if entry.kind == "adjective" and pos == "ADJ":
                return []
            if (
                entry.kind == "adjective"
                and pos != "ADJ"
                and (head.lower_.endswith("s") or any(c.lower_ == "the" for c in children_of(head)))
            ):
                # "thousands of Kenyans": a demonym as the head names the country's people.
                name = self.dictionary.country_names.get(actor.country, actor.country)
                actor = Actor(actor.country, "CVL", name=f"{name} civilians")
            if actor.sector == "PTY":
                actor = owners.party_standing(self, head, mention.start, actor)
            if entry.kind == "person":
                self.memory.remember(actor, kind="person", names=(span.text, span[-1].text))
            else:
                kind = "group" if entry.kind in {"group", "organisation"} else "country"
                self.memory.remember(actor, kind=kind)
            return [self._ref(actor, span, method="name")]
        # 2. Pronouns and relative pronouns.
        if pos == "PRON":
            return pronouns.resolve_pronoun(self, head)
        if (
            pos == "NUM"
            and head.dep_ == "nsubjpass"
            and not any(c.tag_ == "$" or c.dep_ == "prep" for c in children_of(head))
        ):
            # "the four were arrested": a number that undergoes an act stands for people,
            # the place's (a sum, "$5 million was sent", or "one of them" is no such count).
            return owners.from_context(self, head, self._phrase_span(head), "CVL", "sector")
        if pos not in {"NOUN", "PROPN"}:
            return []
        pair = self._pair(head)
        if pair:
            return pair
        sector = self._sector(head)
        lemma = head.lemma_.lower()
        modifiers, modifier_tokens = owners.modifier_actors(self, head)
        # (the phrase's span is built where a branch needs it: most nouns name no actor)
        # 3. A person not in the dictionary: "Zamir Kabulov" known from earlier, or by apposition.
        if head.ent_type_ == "PERSON" or (pos == "PROPN" and sector is None):
            span = self._phrase_span(head)
            known = self.memory.names.get(span.text.lower()) or self.memory.names.get(lower)
            if known is not None:
                self.memory.remember(known, kind="person")  # "Mansour said his country ..."
                person = self._titled.get(known, "")
                method: Resolution = "title" if person else ""
                return [self._ref(known, head, from_memory=True, method=method, person=person)]
            for child in children_of(head):
                if child.dep_ == "appos":
                    refs = self.resolve(child)
                    if refs:
                        return [titles.name_with_title(self, head, span, child, refs[0])]
            titled = titles.resolve_titled(self, head, span, modifiers)
            if titled is None:
                titled = titles.named_after_role(self, head, span, modifiers)
            return titled
        if (
            lemma in _GROUP_NOUNS
            and not modifiers
            and any(c.lower_ in {"the", "this", "that"} for c in children_of(head))
        ):
            # "the terrorist group", "the group": the last group the article named.
            group = self.memory.last("group")
            if group is not None:
                return [self._ref(group, self._phrase_span(head), from_memory=True)]
        # 4. A sector noun or role, with its country or group from the modifiers or context.
        if sector is not None:
            span = self._phrase_span(head)
            owner = owners.owner_by_of(self, head, lemma, sector)
            if owner:
                return owner
            if (
                lemma in self.dictionary.role_nouns
                and head.tag_ not in {"NNS", "NNPS"}
                and owners.heads_private_body(self, head)
            ):
                return []  # one office holder; "workers of the company" are its workers
            if not modifiers:
                modifiers = (
                    owners.appos_person_country(self, head)
                    or owners.place_owner(self, head)
                    or owners.conjunct_country(self, head)
                )
            if not modifiers and lemma in _EQUIPMENT_NOUNS and self._sector_alone(head) == sector:
                return []  # "struck by an anti-ship missile": whose, the text does not say
            if not modifiers and sector in {"NGO", "IGO"}:
                return [self._ref(Actor(sector, name=f"{lemma}"), span)]
            # "investigators", "ministers": a plural role is a body, never "he" or "she".
            kind = (
                "person"
                if sector in _PERSON_SECTORS
                and lemma in self.dictionary.role_nouns
                and head.tag_ not in {"NNS", "NNPS"}
                else "sector"
            )
            commander = owners.commander(self, head, lemma)
            if commander is not None:
                actor = Actor(commander.country, commander.sector, name=f"{commander.name} {lemma}")
                self.memory.remember(actor, kind="sector", role=lemma)
                return [self._ref(actor, span, from_memory=True)]
            if modifiers:
                # "Somali and African Union troops": a named organisation stays itself; so
                # does a party owning one of its bodies ("Ennahda's general secretariat").
                actors = [
                    a
                    if a.organisation
                    or (
                        a.sector == "PTY"
                        and sector != "LEG"
                        and lemma not in self.dictionary.role_nouns
                    )
                    else Actor(a.country, sector, name=f"{a.name} {lemma}".strip())
                    for a in modifiers
                ]
                names = tuple(c.text for c in children_of(head) if c.dep_ == "appos")
                for actor in actors:
                    group_kind = "group" if actor.organisation else kind
                    self.memory.remember(actor, kind=group_kind, names=names, role=lemma)
                return [self._ref(a, span) for a in actors]
            return owners.from_context(self, head, span, sector, kind)
        # 5. "the head of the delegation": a delegate no sector noun names is its principal's.
        if lemma in _DELEGATE_NOUNS and sector is None:
            owner = owners.owner_by_of(self, head, lemma, "")
            if owner and (owner[0].actor.sector or owner[0].actor.organisation):
                return owner
        # 6. "his country", "the group".
        pronoun = (
            next((c for c in children_of(head) if c.lower_ in _POSSESSIVE_PRONOUNS), None)
            if lemma in _COUNTRY_NOUNS
            else None
        )
        if pronoun is not None:
            country = owners.pronoun_country(self, pronoun)
            if country:
                name = self.dictionary.country_names.get(country, country)
                return [
                    self._ref(Actor(country, name=name), self._phrase_span(head), from_memory=True)
                ]
        # 7. "thousands of Kenyans": a quantity is whoever it counts; a bare count of a
        # clause ("thousands marched", "hundreds were arrested") counts the place's people.
        if lemma in _QUANTITY_NOUNS:
            for prep in children_of(head):
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for obj in children_of(prep):
                        if obj.dep_ == "pobj":
                            return self.resolve(obj)
            if head.tag_ in {"NNS", "NNPS"} and head.dep_ in {"nsubj", "nsubjpass", "dobj"}:
                return owners.from_context(self, head, self._phrase_span(head), "CVL", "sector")
        # 8. Other nouns owned by a country: "Russian interests" (but not "their talks").
        named = [a for a, t in zip(modifiers, modifier_tokens, strict=True) if t.pos_ != "PRON"]
        if named and pos == "NOUN":
            span = self._phrase_span(head)
            first = named[0]
            if (
                lemma in _WORDS.observer_nouns
                and not (first.sector or first.organisation)
                and is_state(first.country)
            ):
                # "French analysts", "Russian experts": commentators are citizens.
                country = named[0].country
                name = self.dictionary.country_names.get(country, country)
                return [self._ref(Actor(country, "CVL", name=f"{name} {lemma}s"), span)]
            return [self._ref(named[0], span)]
        return []

    def resolve_within(
        self, tok: Token, *, depth: int = 3, as_doer: bool = False
    ) -> list[ActorRef]:
        """The phrase's own actors, else the first actor named inside it.

        "the expansion of Israeli settlements" names no actor at its head but is Israel's;
        "hundreds of Georgian marchers" are Georgian civilians. `as_doer`: the phrase names
        who acts, and what it is about is not who acts ("fears about Britain's decline").
        """
        refs = self.resolve(tok)
        if refs or depth == 0:
            return refs
        # What an act is aimed at comes before what classifies it: in "drone strikes against
        # Ukrainian plants", "drone" is the means and Ukraine the target.
        children = sorted(
            children_of(tok),
            key=lambda c: (not (c.dep_ == "prep" and c.lower_ in _AIMED_PREPOSITIONS), c.i),
        )
        for child in children:
            if child.dep_ in {"relcl", "punct", "cc", "conj", "advcl", "det", "case"}:
                continue
            if child.dep_ == "prep" and child.lower_ in _CIRCUMSTANCE_PREPOSITIONS:
                continue  # "talks in Algiers" are not Algeria's talks
            if as_doer and child.dep_ == "prep" and child.lower_ in _WORDS.topic_prepositions:
                continue
            if child.pos_ in {"ADJ", "PROPN", "NOUN"} and child.dep_ in MODIFIER_DEPS:
                found = self.resolve_modifier(child) or self.resolve(child)
            elif child.dep_ == "prep" and child.lower_ in _AIMED_PREPOSITIONS:
                # "a series of raids on Somali ports": what an act is
                # aimed at says whose it is, however deep the phrase nests.
                found = self.resolve_within(child, depth=max(depth, 2))
            else:
                found = self.resolve_within(child, depth=depth - 1)
            if found:
                return [dataclasses.replace(r, from_memory=True) for r in found]
        return []

    def resolve_modifier(self, tok: Token) -> list[ActorRef]:
        """A modifier that names an actor by itself: "Russian" in "Russian airstrikes"."""
        found = self._mention_actor(tok)
        if found is None:
            return []
        mention, _, actor = found
        return [self._ref(actor, self.doc[mention.start : mention.end], method="name")]

    def names_a_city(self, tok: Token) -> bool:
        """Whether a token is part of a capital's or seat's name ("Nairobi", "the Kremlin")."""
        found = self._mention_actor(tok)
        return found is not None and found[1].kind == "metonym"

    def place_country(self, tok: Token) -> tuple[str, Span] | None:
        """The country a place phrase names ("in Syria", "in Kabul"), if the dictionary knows it."""
        found = self._mention_actor(tok, places=True)
        if found is None or found[1].kind not in {"country", "metonym", "ambiguous", "region"}:
            return None
        mention, _, actor = found
        if not actor.country:
            return None
        return actor.country, self.doc[mention.start : mention.end]

    def _sector_alone(self, head: Token) -> str | None:
        sector = self._forms(head)[1]
        return sector[1] if sector is not None else None
