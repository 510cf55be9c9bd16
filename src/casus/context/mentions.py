"""What the context stage reads in a sentence: the place words and patterns it looks for,
the place mentions and datelines it finds, and the token tests it makes on the parse."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from casus.context.places import (
    Place,
)
from casus.lexicon import lexicon
from casus.spans import token_starting_at

_WORDS = lexicon()
_PLACE_PREPOSITIONS = _WORDS.place_prepositions
# Aimed prepositions place an act only when they name a town or area: "strikes on Kharkiv"
# and "troops sent to Central Asia" are there, "sanctions on Iran" or "a letter to Russia"
# are not. The lexicon's aimed prepositions plus those of direction.
_AIMED_PREPOSITIONS = _WORDS.aimed_prepositions | frozenset({"over", "to", "toward", "towards"})
_CALENDAR_WORDS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
     "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"}
)  # fmt: skip
_PLACE_KINDS = frozenset({"country", "metonym", "region", "ambiguous"})
# Bounded repeats: a word is tried from each of its starts, so unbounded ones would cost
# time quadratic in the length of a long run of letters and apostrophes.
_BORDER = re.compile(
    r"\b(?P<a>[A-Z][\w']{1,40})\s{0,3}[-–/]\s{0,3}(?P<b>[A-Z][\w']{1,40})\s{1,3}"
    r"(?P<what>border|frontier)(?:\s{1,3}(?:area|region|zone|crossing))?",
)
_PHRASE_DEPS = frozenset({"compound", "appos", "conj", "nmod", "amod", "poss"})
# CAMEO roots of material force: a town they are done to is where they happen ("shelled
# Kharkiv"); for other acts a town named as the target is an actor ("accused Cairo").
_MATERIAL_ROOTS = frozenset({"18", "19", "20"})
_VISIT_CODES = frozenset({"036", "042", "043", "044"})  # "will visit Nairobi" is there too
_NO_COUNTRY = frozenset({"IGO", "NGO", "IMG"})
# A demonym is a place's name plus one of these ("Gazan", "Kabuli", "Sudanese").
_DEMONYM_ENDINGS = ("ians", "ian", "ans", "an", "ns", "n", "ese", "is", "i", "ites", "ite")

# Datelines at the start of a paragraph among the article's first lines: "MINGORA, Pakistan —",
# "KABUL (Reuters) -", "CAIRO, March 4 (Reuters) -", "baroda:", "New Delhi:". Every repeat is
# bounded and the patterns are anchored, so a line costs constant time.
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?\s{1,2}\d{1,2}"
_DATELINE_TAIL = (
    r"(?:,\s{0,2}" + _MONTH_ABBR + r")?"
    r"(?:\s{0,2}\([^()\n]{1,40}\))?\s{0,2}(?:[-–—]{1,2}|:)\s"
)
_DATELINES = (
    re.compile(
        r"(?P<place>[A-Z][A-Z'’.\-]{1,30}(?:\s[A-Z][A-Z'’.\-]{0,30}){0,3})"
        r"(?:,\s{0,2}(?!" + _MONTH_ABBR + r")"
        r"(?P<qualifier>[A-Z][\w.'’\-]{1,30}(?:\s[A-Z][\w.'’\-]{1,30}){0,2}))?" + _DATELINE_TAIL
    ),
    re.compile(r"(?P<place>[a-z][a-z'\-]{1,30}(?:\s[a-z][a-z'\-]{1,30}){0,2})\s?:\s"),
    re.compile(r"(?P<place>[A-Z][a-z'\-]{1,30}(?:\s[A-Z][a-z'\-]{1,30}){0,2})\s?:\s"),
)
_DATELINE_LINES = 4  # paragraphs tried
_DATELINE_CHARS = 2000  # of the article's start


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in a sentence: its span, readings, and how it is attached."""

    text: str
    start: int
    end: int
    token: int  # index of the span's syntactic head in the doc
    readings: tuple[Place, ...]
    prep: str | None  # the preposition it hangs on ("in", "on", ...), "dobj" or None
    near: frozenset[str]  # countries named right beside it ("Tripoli, Lebanon")
    dictionary: frozenset[str]  # the actor dictionary's country for the name
    qualifies: bool = False  # it only says which of the place before it ("Tripoli, Lebanon")

    @property
    def governed(self) -> bool:
        return self.prep in _PLACE_PREPOSITIONS


@dataclass(frozen=True, slots=True)
class Dateline:
    """The place a dateline names, where it is, and the countries its qualifier names."""

    text: str
    start: int
    end: int  # of the whole dateline ("KABUL (Reuters) -"): no place is read inside it
    place_end: int
    readings: tuple[Place, ...]
    qualified: frozenset[str]


@dataclass(slots=True)
class _Candidate:
    start: int  # token indexes [start, end)
    end: int
    root: int  # the span's syntactic head
    text: str
    readings: list[Place]
    countries: frozenset[str]
    strong: bool
    prep: str | None
    named: bool  # named as a place: "Helmand province", "the city of Bunia"
    near: set[str]
    qualifies: bool = False


def _token_at(doc: Doc, char: int) -> Token | None:
    found = token_starting_at(doc, char)  # (an event's evidence starts at its trigger)
    if found is not None:
        return found
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _attachment(tok: Token, place_nouns: frozenset[str]) -> tuple[str | None, bool]:
    """The preposition a place phrase hangs on, through "the city of X" and "X province",
    and whether the way there passes a place noun (the name is named as a place)."""
    named = False
    for _ in range(4):
        if tok.dep_ == "pobj":
            prep = tok.head
            if prep.lower_ == "of" and prep.head.lemma_.lower() in place_nouns:
                tok = prep.head
                named = True
                continue
            return prep.lower_, named
        if tok.dep_ in _PHRASE_DEPS and tok.head is not tok:
            tok = tok.head
            named = named or tok.lemma_.lower() in place_nouns
            continue
        if tok.dep_ == "dobj":
            return "dobj", named
        return None, named
    return None, named


def _lower_case_word(tok: Token) -> bool:
    """A lower-case word that may be a place's name: a noun, never a common ambiguous word."""
    return (
        tok.pos_ in {"PROPN", "NOUN", "ADJ"}
        and tok.is_alpha
        and not tok.is_stop
        and tok.lower_ not in _CALENDAR_WORDS
        and tok.lower_ not in _WORDS.caseless_ambiguous
    )


def _head_text(doc: Doc, chars: int) -> str:
    """The doc's text up to about `chars` characters (Doc.text would rebuild all of it)."""
    end = 0
    for tok in doc:
        if tok.idx >= chars:
            break
        end = tok.i + 1
    return doc[:end].text


_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")


def _shouting(text: str) -> bool:
    """Whether a sentence is written in capitals (a headline): acronyms cannot be told apart."""
    upper, lower = len(_UPPER.findall(text)), len(_LOWER.findall(text))
    return upper > 0 and lower < 0.3 * (upper + lower)


def _pair_qualifiers(doc: Doc, candidates: list[_Candidate]) -> None:
    """ "A, B" where B is a country or subdivision holding one of A's readings ("Tripoli,
    Lebanon", "Hyderabad, Sindh", "Birmingham, Alabama"): B only says which A is meant.
    Adjacent pairs only, so linear."""
    for a, b in itertools.pairwise(candidates):
        if b.start != a.end + 1 or doc[a.end].text != ",":
            continue
        codes = {p.country for p in b.readings if p.kind in {"country", "admin1"} and p.country}
        specific = {p.country for p in a.readings if p.kind != "country"}
        if codes & specific:
            a.near |= codes & specific
            b.qualifies = True


def _is_actor_head(tok: Token) -> bool:
    """A subject names who acted, not where."""
    return tok.dep_ in {"nsubj", "nsubjpass", "poss"}


def _dominates(trigger: Token, tok: Token) -> bool:
    """Whether `tok` is inside the trigger's subtree (below it in the parse)."""
    if tok.i == trigger.i or not trigger.left_edge.i <= tok.i <= trigger.right_edge.i:
        return False  # a subtree lies within its edges: no walk up the tree needed
    return trigger in tok.ancestors


_QUALIFIER_CHARS = 40  # how close a country must be to the place it qualifies


def _qualifiers(mentions: list[PlaceMention]) -> frozenset[int]:
    """Indexes of the country mentions that only say which of a more specific place is
    meant ("Lebanon" in "Tripoli, Lebanon"). `mentions` are sorted by start; only those
    within `_QUALIFIER_CHARS` of each other are compared, so the cost is linear."""
    found: set[int] = set()
    places = [
        (m.start, m.near)
        for m in mentions
        if m.near and not all([p.kind == "country" for p in m.readings])
    ]
    low = 0
    for index, mention in enumerate(mentions):
        if not mention.readings or not all([p.kind == "country" for p in mention.readings]):
            continue
        codes = {p.country for p in mention.readings}
        while low < len(places) and places[low][0] <= mention.start - _QUALIFIER_CHARS:
            low += 1
        j = low
        while j < len(places) and places[j][0] < mention.start + _QUALIFIER_CHARS:
            if codes & places[j][1]:
                found.add(index)
                break
            j += 1
    return frozenset(found)
