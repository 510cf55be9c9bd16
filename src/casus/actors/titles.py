"""People the dictionaries do not list, coded from their title.

"Foreign Minister Jane Roe", "Brig. Gen. Ali Musa", "Jane Roe, Utopia's interior minister",
"Utopia's interior minister, Jane Roe": the code comes from the title phrase (its sector from
the title, its country from the phrase or the context), the person is the whole proper-name
run ("Jane Mary Roe"), and the document memory carries the bare surname after it, so that
`casus actors unknown` lists the person under that name.

The title's country, first found first: a country on the title itself ("Utopia's", "Utopian"),
the place the person is "of" ("Gov. Jane Roe of Utah"), the country the previous sentence's
subject is ("Utopia welcomed the deal. Foreign Minister Jane Roe said ..."), the article's
country, a place the sentence names, a nationality the sentence gives someone else, any
country the sentence names. With none, the person is still coded, by the title's sector
alone, for the implied-country step.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from casus.actors import owners
from casus.lexicon import lexicon, singulars
from casus.model import UNKNOWN_COUNTRY, Actor, ActorRef, is_state
from casus.spans import children_of, lefts_of, rights_of, sentence_of

if TYPE_CHECKING:
    from casus.actors.resolve import PhraseResolver

# what a title phrase before the title word may hold: "Utopia's", "Foreign Affairs", "army"
_TITLE_PARTS = frozenset({"PROPN", "NOUN", "ADJ", "PART"})
# "the head of the delegation, Jane Roe": whom a delegate stands for is a title too
_DELEGATE_NOUNS = lexicon().delegate_nouns


def is_title(r: PhraseResolver, tok: Token) -> bool:
    """Whether the word is a person's title ("minister", "spokesman", "Gen.", "head")."""
    forms = {tok.lemma_.lower(), tok.lower_, *singulars(tok.lower_)}
    return bool(forms & r.dictionary.role_nouns.keys()) or bool(forms & _DELEGATE_NOUNS)


def _name_word(r: PhraseResolver, tok: Token) -> bool:
    return (
        tok.text[:1].isupper()
        and not tok.text.endswith(".")
        and tok.i not in r.mentions
        and r._sector_alone(tok) is None
        and tok.pos_ in {"PROPN", "NOUN", "ADJ"}
    )


def name_start(r: PhraseResolver, head: Token) -> int:
    """The first word of the proper-name run that ends at head ("Jane Mary Roe")."""
    start = head.i
    while start > sentence_of(head).start and _name_word(r, r.doc[start - 1]):
        start -= 1
    return start


def title_before(r: PhraseResolver, head: Token) -> Token | None:
    """The person's title right before the name that ends at head, if any."""
    start = name_start(r, head)
    if start == sentence_of(head).start or start > head.i:
        return None
    title = r.doc[start - 1]
    if _plural(r, title) or _hyphenated(r, start, head.i):
        return None  # "the Lawyers Forum", "Aide-De-Camp": no person's name
    return title if is_title(r, title) else None


def _plural(r: PhraseResolver, tok: Token) -> bool:
    """A plural title ("Lawyers", "Merchants") names a body, not a person before a name."""
    if tok.tag_ in {"NNS", "NNPS"}:
        return True
    lower = tok.lower_
    known = r.dictionary.role_nouns.keys()
    return lower.endswith("s") and lower not in known and any(s in known for s in singulars(lower))


def _hyphenated(r: PhraseResolver, start: int, end: int) -> bool:
    """Whether the words start..end are part of a hyphenated word ("Aide-De-Camp")."""
    before = r.doc[start - 1] if start > 0 else None
    after = r.doc[end + 1] if end + 1 < len(r.doc) else None
    return (before is not None and before.text == "-" and not before.whitespace_) or (
        after is not None and after.text == "-" and not r.doc[end].whitespace_
    )


def _phrase_start(r: PhraseResolver, title: Token) -> int:
    """Where the title phrase begins: "Utopia's Foreign Affairs Undersecretary", "army
    spokesman Brig. Gen.": capitalised words, abbreviations, sector nouns, possessives."""
    start = title.i
    while start > sentence_of(title).start:
        tok = r.doc[start - 1]
        if tok.pos_ not in _TITLE_PARTS or (tok.pos_ == "PART" and tok.text not in {"'s", "’s"}):
            break
        if not (tok.text[:1].isupper() or tok.pos_ == "PART" or r._sector_alone(tok)):
            break
        if tok.ent_type_ in {"DATE", "TIME"}:
            break  # "On Monday Foreign Minister ..."
        start -= 1
    return start


def _title_sector(r: PhraseResolver, title: Token) -> str | None:
    found = r._sector(title)
    if found is not None and found != r._sector_alone(title):
        return found  # its modifiers decide: "former prime minister", "opposition senator"
    before = r.doc[title.i - 1] if title.i > sentence_of(title).start else None
    if before is not None:
        # "army spokesman", "police chief": the pair may be a role of its own
        for modifier in (before.lemma_.lower(), *singulars(before.lower_)):
            found = r.dictionary.sector_of(f"{modifier} {title.lemma_.lower()}")
            if found:
                return found
    return found or r._sector_alone(title)


def _phrase_country(r: PhraseResolver, start: int, end: int) -> str | None:
    """A country the title phrase names ("Utopia's", "Utopian", "Pentagon")."""
    for tok in r.doc[start:end]:
        found = r._mention_actor(tok)
        if found is not None and found[2].country:
            return found[2].country
    return None


def _named_in_sentence(r: PhraseResolver, head: Token) -> str | None:
    """The first country the sentence names at all, by a place, a nationality or a national
    body ("... to return to Utopia", "demands of the Utopian Liberation Front")."""
    for tok in sentence_of(head):
        found = r._mention_actor(tok)
        if found is not None and found[1].kind != "person" and is_state(found[2].country):
            return found[2].country
    return None


def previous_state(r: PhraseResolver, head: Token) -> str | None:
    """The country the previous sentence's subject is, when that subject is a state itself
    ("Utopia welcomed the deal."): the official the next sentence names is most likely its."""
    if sentence_of(head).start == 0:
        return None
    before = sentence_of(r.doc[sentence_of(head).start - 1])
    subject = next((c for c in children_of(before.root) if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or subject.pos_ == "PRON":
        return None
    refs = r.resolve(subject)
    if len(refs) != 1:
        return None
    actor = refs[0].actor
    if actor.sector or actor.organisation or not is_state(actor.country):
        return None
    return actor.country


def own_place(r: PhraseResolver, head: Token) -> str | None:
    """The place a titled name is "of" ("Gov. Jane Roe of Utah"): its country, or the
    unknown country when the dictionary does not know the place; None without one."""
    for prep in rights_of(head):
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in children_of(prep):
                if obj.dep_ == "pobj" and obj.pos_ == "PROPN" and obj.text[:1].isupper():
                    if obj.i in r.mentions and not r.place_country(obj):
                        return None  # "of the Foreign Ministry": an organisation's
                    found = r.place_country(obj)
                    return found[0] if found else UNKNOWN_COUNTRY
    return None


def titled_ref(r: PhraseResolver, actor: Actor, span: Span, person: str) -> ActorRef:
    """A person coded from a title: remembered by the full phrase, the name and the surname,
    which later mentions carry too (method "title", with the bare name).

    The first word of a name of three or more words is remembered as well: many languages
    put the family name first ("President Park Ji Hoon ... Park said").
    """
    words = person.split()
    surname = words[-1] if words else span[-1].text
    family_first = words[0] if len(words) >= 3 else ""
    names = tuple(n for n in (span.text, person, surname, family_first) if n)
    r.memory.remember(actor, kind="person", names=names)
    if not person:
        return r._ref(actor, span)
    r._titled[actor] = person
    return r._ref(actor, span, method="title", person=person)


def resolve_titled(
    r: PhraseResolver, head: Token, span: Span, modifiers: list[Actor]
) -> list[ActorRef] | None:
    """A name right after a person's title ("Foreign Affairs Undersecretary Jane Mary Roe");
    None when no title stands before the name."""
    title = title_before(r, head)
    if title is None:
        return None
    sector = _title_sector(r, title)
    if sector is None:
        return None
    office = r.doc[title.i - 1] if title.i > sentence_of(title).start else None
    if sector == "MIL" and office is not None and is_title(r, office):
        # "government spokesman Colonel X": the office says whom the person speaks for;
        # a military rank only says who they are.
        sector = _title_sector(r, office) or sector
    start = _phrase_start(r, title)
    span = r.doc[min(span.start, start) : head.i + 1]
    person = r.doc[name_start(r, head) : head.i + 1].text
    named = [a for a in modifiers if a.country]
    if named:
        actors = [Actor(a.country, sector, name=span.text) for a in named]
        first = titled_ref(r, actors[0], span, person)
        return [first, *(r._ref(a, span) for a in actors[1:])]
    country = (
        _phrase_country(r, start, title.i + 1)
        or own_place(r, head)
        or previous_state(r, head)
        or r.memory.dominant_country()
        or owners.sentence_place(r, head)
        or owners.sentence_country(r, head)
        or _named_in_sentence(r, head)
        or UNKNOWN_COUNTRY
    )
    return [titled_ref(r, Actor(country, sector, name=span.text), span, person)]


def named_after_role(
    r: PhraseResolver, head: Token, span: Span, modifiers: list[Actor]
) -> list[ActorRef]:
    """A name after a role word that is not right before it as a person's title ("the news
    agency KCNA"): coded from the role, its country from the modifiers, its place or the
    context; with no country yet, only remembered, so that the name alone is this one later."""
    role_sector = next(
        (r._sector(c) for c in lefts_of(head) if c.dep_ == "compound" and r._sector(c)), None
    )
    if not role_sector:
        return []
    if modifiers:
        actors = [Actor(a.country, role_sector, name=a.name) for a in modifiers]
        return [titled_ref(r, actors[0], span, ""), *(r._ref(a, span) for a in actors[1:])]
    place = own_place(r, head)
    if place:
        return [titled_ref(r, Actor(place, role_sector, name=span.text), span, "")]
    if owners.context_country(r, head) is not None:
        refs = owners.from_context(r, head, span, role_sector, "titled")
        if refs:
            actor = dataclasses.replace(refs[0].actor, name=span.text)
            return [titled_ref(r, actor, span, "")]
    titled_ref(r, Actor(UNKNOWN_COUNTRY, role_sector, name=span.text), span, "")
    return []


def _appositive_name(r: PhraseResolver, tok: Token) -> str:
    """The name in apposition to a title ("the minister, Jane Roe"; after a title of its own,
    "a spokesman, Maj. Gen. Jane Roe"): "" unless no dictionary knows any of its words."""
    name = next((c for c in children_of(tok) if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    if name is None or name.i in r.mentions:
        return ""
    start = name_start(r, name)
    if start > name.i or not r.doc[start].text[:1].isupper() or _hyphenated(r, start, name.i):
        return ""
    return r.doc[start : name.i + 1].text


def title_with_name(r: PhraseResolver, head: Token, refs: list[ActorRef]) -> list[ActorRef]:
    """A title phrase with the person's name in apposition ("Utopia's Interior Minister,
    Jane Roe, said"): the title's actor is that person."""
    if len(refs) != 1 or refs[0].method or head.pos_ not in {"NOUN", "PROPN"}:
        return refs
    if not is_title(r, head):
        return refs
    person = _appositive_name(r, head)
    if not person:
        return refs
    ref = refs[0]
    span = r.doc[r._phrase_span(head).start : head.i + 1]
    actor = dataclasses.replace(ref.actor, name=f"{span.text}, {person}")
    titled = titled_ref(r, actor, span, person)
    return [dataclasses.replace(titled, from_memory=ref.from_memory)]


def name_with_title(
    r: PhraseResolver, head: Token, span: Span, title: Token, ref: ActorRef
) -> ActorRef:
    """A name with its title in apposition after it ("Jane Roe, Utopia's interior minister"):
    the person, coded from the title."""
    if ref.method == "name" or not is_title(r, title):
        r.memory.remember(ref.actor, kind="person", names=(span.text, head.text))
        return r._ref(ref.actor, span)
    person = r.doc[name_start(r, head) : head.i + 1].text
    actor = dataclasses.replace(ref.actor, name=f"{person}, {ref.actor.name}")
    return titled_ref(r, actor, span, person)
