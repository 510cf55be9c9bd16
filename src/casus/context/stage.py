"""The context stage: give each coded event of an article its place and its date.

Places come from the event's sentence first, then from the article: its dateline, else the
country of its places, else that of its actors. A name the gazetteer
knows is a place only in a place-like context (a place preposition, a place noun, a comma
qualifier) or when it is strong alone (see `Gazetteer.is_strong`), and never when it is a word
of `data/places/not_places.yml`, an acronym, a currency prefix, part of a person's or an
organisation's name, or a demonym (`ContextStage._not_a_place`). Dates come from a date
expression in the sentence, else the publication date. The stage sets `place`, `date` and
`date_detail` on every event, replacing whatever the coder put there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from casus.actors.dictionary import ActorDictionary
from casus.actors.mentions import caseless_sentences
from casus.dates import DateSpan, article_date_detail, find_dates
from casus.geo import (
    SPECIFICITY,
    STRONG_CITY_POPULATION,
    Choice,
    Gazetteer,
    Hints,
    Place,
    PlaceWords,
    load_gazetteer,
    normalise,
    place_words,
)
from casus.lexicon import lexicon
from casus.model import Article, DateDetail, Event
from casus.model import Place as EventPlace  # `Place` here is the gazetteer's (casus.geo)
from casus.spans import span_text

logger = logging.getLogger(__name__)

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


class ContextStage:
    """Fill `place`, `date` and `date_detail` on an article's events."""

    def __init__(
        self,
        *,
        dictionary: ActorDictionary | None = None,
        gazetteer: Gazetteer | None = None,
        words: PlaceWords | None = None,
    ) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self.dictionary = dictionary or ActorDictionary()
        self.words = words or place_words()

    def apply(
        self,
        doc: Doc,
        article: Article,
        events: Sequence[Event],
        *,
        check: Callable[[], None] | None = None,
    ) -> list[Event]:
        """The events with place and date filled in from their sentence and the article.

        `check` is called between sentences and events (the caller's time budget). Every
        step is linear in the length of a sentence and in the number of its place names.
        """
        if not events:
            return []
        sentences = list(doc.sents)
        dateline = self.dateline(doc, article.text)
        skip = (dateline.start, dateline.end) if dateline is not None else (0, 0)
        mentions: dict[int, list[PlaceMention]] = {}
        persons: set[str] = set()
        caseless = caseless_sentences(doc)
        for i, sentence in enumerate(sentences):
            mentions[i] = self._mentions(
                sentence, skip=skip, persons=persons, caseless=sentence.start in caseless
            )
            if check is not None and i % 64 == 63:
                check()
        if persons:
            # A name read as a person's once ("Senator Warren") is a person's everywhere in
            # the article unless a preposition or place noun makes it a place ("in Warren").
            for i, found in mentions.items():
                mentions[i] = [m for m in found if m.governed or normalise(m.text) not in persons]
        article_countries = self._article_countries(mentions, events, dateline)
        fallback = self._article_place(mentions, events, article_countries, dateline)
        published = article.published
        with_events = {e.sentence_index for e in events}
        dated = {
            i: find_dates(span_text(sent), published=published, offset=sent.start_char)
            for i, sent in enumerate(sentences)
            if i in with_events
        }
        qualifiers: dict[int, frozenset[int]] = {}
        out: list[Event] = []
        for event in events:
            if check is not None:
                check()
            index = event.sentence_index
            sent = sentences[index] if index < len(sentences) else None
            place = None
            if sent is not None:
                named = mentions.get(index, [])
                if index not in qualifiers:
                    qualifiers[index] = _qualifiers(named)
                place = self._sentence_place(
                    event, sent, named, article_countries, qualifiers[index]
                )
            if place is None and fallback is not None:
                where, method, span = fallback
                place = where.event_place(
                    text=span[0] if span else None,
                    start=span[1] if span else None,
                    end=span[2] if span else None,
                    method=method,
                )
            spans = dated.get(event.sentence_index, [])
            if sent is not None and spans:
                spans = _dating_the_act(event, sent.doc, spans)
            date, detail = self._date(event, spans, published)
            out.append(dataclasses.replace(event, place=place, date=date, date_detail=detail))
        return out

    # -- places ------------------------------------------------------------------------

    def dateline(self, doc: Doc, text: str | None = None) -> Dateline | None:
        """The dateline opening one of the article's first paragraphs, if it names a place
        the gazetteer knows ("MINGORA, Pakistan —", "KABUL (Reuters) -", "baroda:").

        `text` is the doc's text if the caller has it (Doc.text rebuilds it from tokens)."""
        if not len(doc):
            return None
        last = doc[-1]
        if text is None or not text.startswith(last.text, last.idx):
            text = _head_text(doc, _DATELINE_CHARS)
        text = text[:_DATELINE_CHARS]
        offset = 0
        for number, line in enumerate(text.split("\n")):
            if number >= _DATELINE_LINES * 2:  # paragraphs are often separated by blank lines
                break
            stripped = line.lstrip()
            start = offset + len(line) - len(stripped)
            offset += len(line) + 1
            if not stripped:
                continue
            for pattern in _DATELINES:
                m = pattern.match(stripped)
                if m is None:
                    continue
                name = m.group("place").strip()
                if self._not_a_dateline(name):
                    continue
                readings = self.gazetteer.lookup(name)
                if not readings:
                    continue
                qualifier = m.groupdict().get("qualifier")
                qualified = self._qualifier_countries(qualifier) if qualifier else frozenset()
                return Dateline(
                    name,
                    start + m.start("place"),
                    start + m.end(),
                    start + m.end("place"),
                    tuple(readings),
                    qualified,
                )
        return None

    def _not_a_dateline(self, name: str) -> bool:
        lower = name.lower()
        return (
            lower in _CALENDAR_WORDS
            or bool(self.dictionary.sector_of(lower))
            or self.words.never_kind(name) is not None
        )

    def _qualifier_countries(self, text: str) -> frozenset[str]:
        """The countries a qualifier names: a country ("Lebanon", "Congo") or a subdivision
        ("Sindh", "Alabama")."""
        found = set(self._country_of(text))
        found.update(
            p.country for p in self.gazetteer.lookup(text) if p.kind == "admin1" and p.country
        )
        return frozenset(found)

    def _dictionary_places(self, text: str) -> tuple[bool, frozenset[str], list[Place]]:
        """What the actor dictionary says a name is: (a non-place name, the countries it stands
        for, the countries it names as places of their own)."""
        entries = self.dictionary.lookup(text)
        if not entries:
            return False, frozenset(), []
        places = [e for e in entries if e.kind in _PLACE_KINDS]
        if not places:
            return True, frozenset(), []
        countries = frozenset(e.actor.country for e in places if len(e.actor.country) == 3)
        named = [
            place
            for e in places
            if e.kind == "country" and (place := self.gazetteer.country(e.actor.country))
        ]
        return False, countries, named

    def _country_near(self, doc: Doc, start: int, end: int, sent: Span) -> set[str]:
        """Countries named within three tokens of a span: "Tripoli, Lebanon", "Lebanon's Tripoli",
        "the Lebanese city of Tripoli", "Tripoli in northern Lebanon"."""
        found: set[str] = set()
        window = [*range(max(sent.start, start - 4), start), *range(end, min(sent.end, end + 4))]
        for i in window:
            tok = doc[i]
            if not tok.text[:1].isupper():
                continue
            for entry in self.dictionary.lookup(tok.text):
                if entry.kind in {"country", "adjective"} and len(entry.actor.country) == 3:
                    found.add(entry.actor.country)
            for place in self.gazetteer.lookup(tok.text):
                if place.kind == "country" and place.country:
                    found.add(place.country)
        return found

    def _mentions(
        self,
        sent: Span,
        *,
        skip: tuple[int, int] = (0, 0),
        persons: set[str] | None = None,
        caseless: bool = False,
    ) -> list[PlaceMention]:
        """The places a sentence names, each in a place-like context or strong enough alone.

        Characters in the range `skip` (the dateline) are not read. Names read as people's
        are added to `persons`.
        """
        doc = sent.doc
        found: list[PlaceMention] = []
        taken: set[int] = set()
        text = span_text(sent)
        # (the pattern needs one of its two words: most sentences have neither)
        borders = _BORDER.finditer(text) if "border" in text or "frontier" in text else ()
        for m in borders:
            a, b = self._country_of(m.group("a")), self._country_of(m.group("b"))
            if len(a) != 1 or len(b) != 1 or a == b:
                continue
            codes = (next(iter(a)), next(iter(b)))
            start = sent.start_char + m.start()
            span = doc.char_span(start, sent.start_char + m.end(), alignment_mode="expand")
            if span is None:
                continue
            name = f"{m.group('a')}-{m.group('b')} {m.group('what')}"
            region = Place(name=name, kind="region", country=None, countries=codes)
            taken.update(range(span.start, span.end))
            prep, _ = _attachment(span.root, self.words.place_nouns)
            found.append(
                PlaceMention(
                    span.text, span.start_char, span.end_char, span.root.i, (region,),
                    prep, frozenset(), frozenset(codes),
                )
            )  # fmt: skip
        candidates = self._candidates(sent, taken, skip, persons, caseless)
        _pair_qualifiers(doc, candidates)
        for c in candidates:
            if not (
                c.strong
                or c.named
                or c.qualifies
                or c.near
                or c.prep in _PLACE_PREPOSITIONS
                or c.prep in _AIMED_PREPOSITIONS
            ):
                continue  # a weak name with nothing around it that says it is a place
            near = c.near | self._country_near(doc, c.start, c.end, sent)
            start = doc[c.start].idx
            found.append(
                PlaceMention(
                    c.text, start, start + len(c.text), c.root, tuple(c.readings), c.prep,
                    frozenset(near), c.countries, c.qualifies,
                )
            )  # fmt: skip
        return sorted(found, key=lambda m: m.start)

    def _candidates(
        self,
        sent: Span,
        taken: set[int],
        skip: tuple[int, int],
        persons: set[str] | None,
        caseless: bool = False,
    ) -> list[_Candidate]:
        """Names the gazetteer or the dictionary know as places, minus those that are never
        places (the table, acronyms, currency prefixes, people's and organisations' names,
        demonyms), in order."""
        doc = sent.doc
        out: list[_Candidate] = []
        sent_text, base = span_text(sent), sent.start_char
        i = sent.start
        max_words = min(self.gazetteer.max_words, 6)
        shouting: bool | None = None  # computed on the first all-capitals name
        # A text all in lower case says nothing by case: names are tried without capitals
        # (and kept only where the context makes them places, see `_lower_case_place`).
        caseless = caseless and not _shouting(sent_text)
        never_places = self.words.never
        last_end = -1
        while i < sent.end:
            tok = doc[i]
            if (
                not (tok.text[:1].isupper() or (caseless and _lower_case_word(tok)))
                or i in taken
                # "The", "Police" opening a sentence; Token.is_sent_start scans the whole doc.
                or (i == sent.start and tok.pos_ != "PROPN")
                or skip[0] <= tok.idx < skip[1]
            ):
                i += 1
                continue
            hit: tuple[int, str, list[Place], frozenset[str], list[Place], bool] | None = None
            # (end, text, readings, countries the dictionary gives, countries it names as
            # places, whether the readings are the dictionary's own)
            never = 0  # end of a longer name that is no place ("Elizabeth Warren")
            for j in range(min(sent.end, i + max_words), i, -1):
                last = doc[j - 1]
                if not (last.text[:1].isupper() or last.is_digit or caseless):
                    continue
                # Slice the sentence: Doc.text rebuilds the whole article on every call.
                text = sent_text[tok.idx - base : last.idx + len(last.text) - base]
                key = normalise(text)
                if key in never_places:
                    never = j
                    break
                if j - i == 1 and (
                    tok.lower_ in _CALENDAR_WORDS
                    or self.dictionary.sector_of(tok.lower_)
                    or (tok.pos_ not in {"PROPN", "NOUN"} and not (caseless and tok.pos_ == "ADJ"))
                ):
                    continue
                readings = self.gazetteer.lookup_key(key)
                non_place, countries, named = self._dictionary_places(text)
                if non_place:
                    if j - i > 1:
                        never = j  # a multi-word actor's name claims its words
                        break
                    continue
                if (
                    countries
                    and readings
                    and not any(countries.intersection(p.countries) for p in readings)
                ):
                    readings = []  # "White House" is the US government, not Casablanca
                own = False
                if not readings and countries:
                    # The actor dictionary knows the place but the gazetteer does not
                    # ("Torkham", "Ogaden", "UK"): a country, else a named area of it (weak:
                    # "the Kremlin" is mostly an actor).
                    own = True
                    readings = named or [
                        Place(name=text, kind="region", country=c, countries=(c,))
                        for c in sorted(countries)
                    ]
                if readings:
                    hit = (j, text, readings, countries, named, own)
                    break
            if never:
                i = never
                continue
            if hit is None:
                i += 1
                continue
            j, text, readings, countries, named, own = hit
            strong = (
                bool(named) if own else any(self.gazetteer.is_strong(text, p) for p in readings)
            )
            letters = [ch for ch in text if ch.isalpha()]
            if len(letters) >= 2 and all(ch.isupper() for ch in letters):
                if shouting is None:
                    shouting = _shouting(sent_text)
                if not shouting:
                    # An acronym is a place only as a country's abbreviation ("UK", "UAE").
                    readings = named
                else:
                    readings = [p for p in readings if self.gazetteer.is_strong(text, p)]
                strong = strong and bool(readings)
            kind = (
                self._not_a_place(doc, sent, i, j, text, readings, last_end)
                if readings
                else "acronym"
            )
            if kind is not None:
                if kind == "person" and persons is not None:
                    persons.add(normalise(text))
                i = j
                continue
            root = doc[i:j].root if j - i > 1 else tok
            prep, named_as_place = _attachment(root, self.words.place_nouns)
            following = doc[j].lower_ if j < sent.end else ""
            if not tok.text[:1].isupper() and not self._lower_case_place(
                root, prep, named_as_place, strong, readings, single=j - i == 1
            ):
                i += 1
                continue
            out.append(
                _Candidate(
                    i, j, root.i, text, readings, countries, strong, prep,
                    named_as_place or following in self.words.place_nouns, set(),
                )
            )  # fmt: skip
            last_end = j
            i = j
        return out

    def _lower_case_place(
        self,
        root: Token,
        prep: str | None,
        named: bool,
        strong: bool,
        readings: Sequence[Place],
        *,
        single: bool,
    ) -> bool:
        """Whether a name found without capitals (lower-case text) is a place here: a
        well-known place after a place preposition or "of" or named as a place ("the city of
        x"), or one strong alone naming whose an agent is ("the x government")."""
        # A large city's other name counts too ("mysore"), if one word: two common words
        # ("old town") are another city's nickname more often than a place.
        known = strong or (
            single
            and any(p.kind == "city" and p.population >= STRONG_CITY_POPULATION for p in readings)
        )
        if not known:
            return False
        if named or prep in _PLACE_PREPOSITIONS or prep == "of":
            return True
        return (
            strong
            and root.dep_ in {"compound", "amod"}
            and bool(self.dictionary.sector_of(root.head.lemma_))
        )

    def _not_a_place(
        self,
        doc: Doc,
        sent: Span,
        i: int,
        j: int,
        text: str,
        readings: Sequence[Place],
        last_end: int,
    ) -> str | None:
        """Why the name doc[i:j] is no place here, or None: a currency prefix ("US$"), part of
        a person's name ("Senator Warren", "Elizabeth Warren"), of an organisation's name
        ("Washington Post"), or a demonym ("Gazan")."""
        last = doc[j - 1]
        after = doc[j] if j < sent.end else None
        if last.text.endswith("$") or (
            after is not None and not last.whitespace_ and after.text[:1] in "$€£¥"
        ):
            return "currency"
        before = doc[i - 1] if i > sent.start else None
        if before is not None and i - 1 != last_end - 1:
            title = before.lower_
            if title in self.dictionary.role_nouns or title in _WORDS.delegate_nouns:
                return "person"  # "police chief Ali", "former president Clinton"
            if (
                before.pos_ == "PROPN"
                and before.text[:1].isupper()
                and not before.is_stop
                and before.lower_.rstrip(".") not in self.words.place_modifiers
                and not self._country_of(before.text)
            ):
                return "person"  # "Senator Warren", "Elizabeth Warren", "Mr Hyde"
        if (
            after is not None
            and after.pos_ == "PROPN"
            and after.text.istitle()
            and after.is_alpha
            and after.lower_ not in self.words.place_nouns
            and after.lower_ not in _CALENDAR_WORDS
            and not self._country_of(after.text)
            and not self.dictionary.lookup(after.text)  # "in Kunduz Taliban fighters ..."
        ):
            return "organisation"  # "Washington Post", "Lincoln University", "Delhi Police"
        if j - i == 1 and self._demonym(text, readings):
            return "demonym"
        return None

    def _demonym(self, text: str, readings: Sequence[Place]) -> bool:
        """A place's name plus a demonym ending, where the name is of the same place or of a
        larger one than the word itself could be ("Kabuli", "Gazan"; not "Milan")."""
        lower = normalise(text)
        if any(normalise(p.name) == lower for p in readings):
            return False  # a place's own name ("Tbilisi", "Milan") is that place
        strong = any(self.gazetteer.is_strong(text, p) for p in readings)
        for ending in _DEMONYM_ENDINGS:
            stem = lower.removesuffix(ending)
            if stem == lower or len(stem) < 3:
                continue
            places = self.gazetteer.lookup(stem)
            if not places:
                continue
            if set(places) & set(readings):
                return True
            if not strong and max(p.population for p in places) >= max(
                p.population for p in readings
            ):
                return True
        return False

    def _country_of(self, word: str) -> frozenset[str]:
        """The one country a word names or describes ("Afghan", "Tajikistan"), if any."""
        found = {
            e.actor.country
            for e in self.dictionary.lookup(word)
            if e.kind in {"country", "adjective"} and len(e.actor.country) == 3
        }
        places = self.gazetteer.lookup(word)
        found.update(p.country for p in places if p.kind == "country" and p.country)
        return frozenset(found)

    def _choose(
        self, mention: PlaceMention, actors: frozenset[str], article: frozenset[str]
    ) -> Choice | None:
        hints = Hints(
            qualified=mention.near, actors=actors, article=article, dictionary=mention.dictionary
        )
        return self.gazetteer.choose(mention.readings, hints)

    def _sentence_place(
        self,
        event: Event,
        sent: Span,
        mentions: list[PlaceMention],
        article_countries: frozenset[str],
        qualifiers: frozenset[int] = frozenset(),
    ) -> EventPlace | None:
        """The event's place among the sentence's mentions; `qualifiers` are the indexes of
        the mentions that only qualify another ("Lebanon" in "Tripoli, Lebanon")."""
        if not mentions:
            return None
        doc = sent.doc
        trigger = _token_at(doc, event.evidence.start)
        actors = frozenset(
            r.actor.country
            for r in (event.source, event.target)
            if r is not None and len(r.actor.country) == 3 and r.actor.country not in _NO_COUNTRY
        )
        speaker_spans = [
            (r.start, r.end) for r in (event.source, event.attribution) if r is not None
        ]
        target = None if event.target is None else (event.target.start, event.target.end)
        ranked: list[tuple[tuple[int, int, int, int], PlaceMention, Choice]] = []
        for position, mention in enumerate(mentions):
            if position in qualifiers or mention.qualifies:
                continue  # "Lebanon" in "Tripoli, Lebanon" only says which Tripoli
            choice = self._choose(mention, actors, article_countries)
            if choice is None:
                continue
            place = choice.place
            head = doc[mention.token]
            prep = mention.prep
            if head.dep_ not in {"compound", "amod", "pobj"} and any(
                mention.start < e and s < mention.end for s, e in speaker_spans
            ):
                continue  # "Moscow expelled ...": the doer's name is not where it happened
            if (
                target is not None
                and prep not in _PLACE_PREPOSITIONS
                and prep not in _AIMED_PREPOSITIONS
                and event.root not in _MATERIAL_ROOTS
                and event.cameo not in _VISIT_CODES
                and mention.start < target[1]
                and target[0] < mention.end
            ):
                continue  # "accused Cairo of ...": a capital named as the target is an actor
            if prep in _PLACE_PREPOSITIONS or (
                prep in _AIMED_PREPOSITIONS and place.kind != "country"
            ):
                governed = 0
            elif place.kind in {"city", "admin1", "region"} and not _is_actor_head(head):
                governed = 1
            else:
                continue  # a country named otherwise is an actor, not the scene
            attached = 0 if trigger is not None and _dominates(trigger, head) else 1
            distance = abs(head.i - trigger.i) if trigger is not None else 0
            ranked.append(
                ((governed, attached, distance, SPECIFICITY[place.kind]), mention, choice)
            )
        if not ranked:
            return None
        (governed, *_), mention, choice = min(ranked, key=lambda r: r[0])
        method = "sentence-preposition" if governed == 0 else "sentence-place"
        if choice.rule:
            method = f"{method}:{choice.rule}"
        return choice.place.event_place(
            text=mention.text, start=mention.start, end=mention.end, method=method
        )

    def _article_countries(
        self,
        mentions: dict[int, list[PlaceMention]],
        events: Sequence[Event],
        dateline: Dateline | None = None,
    ) -> frozenset[str]:
        """Countries the article is about: its dateline, its unambiguous places, its actors."""
        found: set[str] = set()
        if dateline is not None:
            found.update(dateline.qualified)
            countries = {c for p in dateline.readings for c in p.countries}
            if len(countries) == 1:
                found.update(countries)
        for sentence in mentions.values():
            for mention in sentence:
                countries = {c for p in mention.readings for c in p.countries}
                if len(countries) == 1:
                    found.update(countries)
        for event in events:
            for ref in (event.source, event.target):
                if ref is not None and len(ref.actor.country) == 3:
                    found.add(ref.actor.country)
        return frozenset(found - _NO_COUNTRY)

    def _article_place(
        self,
        mentions: dict[int, list[PlaceMention]],
        events: Sequence[Event],
        article_countries: frozenset[str],
        dateline: Dateline | None = None,
    ) -> tuple[Place, str, tuple[str, int, int] | None] | None:
        """The article's place, how it was found and the span that names it: its dateline,
        else the dominant country of its places, else that of its actors."""
        if dateline is not None:
            hints = Hints(qualified=dateline.qualified, article=article_countries)
            chosen = self.gazetteer.choose(dateline.readings, hints)
            if chosen is not None:
                rule = f":{chosen.rule}" if chosen.rule else ""
                span = (dateline.text, dateline.start, dateline.place_end)
                return chosen.place, f"dateline{rule}", span
        counts: Counter[str] = Counter()
        for sentence in mentions.values():
            for mention in sentence:
                if not mention.governed:
                    continue
                choice = self._choose(mention, frozenset(), article_countries)
                if choice is not None and choice.place.country:
                    counts[choice.place.country] += 1
        method = "article-context"
        if not counts:
            method = "actor-country"
            for event in events:
                for ref in (event.source, event.target):
                    if ref is not None and len(ref.actor.country) == 3:
                        counts[ref.actor.country] += 1
            for code in _NO_COUNTRY:
                counts.pop(code, None)
        if not counts:
            return None
        # Ties go to the country named first (Counter keeps insertion order).
        code = max(counts, key=lambda c: counts[c])
        place = self.gazetteer.country(code)
        return (place, method, None) if place is not None else None

    # -- dates ---------------------------------------------------------------------------

    @staticmethod
    def _date(
        event: Event, spans: list[DateSpan], published: dt.date | None
    ) -> tuple[str | None, DateDetail | None]:
        if event.extra.get("background"):
            # A recalled act takes only a date that is itself in the past ("in 2014"), never
            # the sentence's news date ("met ... on Tuesday").
            spans = [d for d in spans if d.historical]
        if spans:
            # The expression nearest the trigger dates the act ("fled in 2014 and returned on
            # Tuesday": each verb its own).
            trigger = event.evidence.start
            best = min(spans, key=lambda d: min(abs(d.start - trigger), abs(d.end - trigger)))
            return best.date.isoformat(), best.detail()
        if event.extra.get("background"):
            # A recalled act ("weeks after rebels kidnapped ...") happened before the article's
            # day, and the sentence does not say when: historical, with no date of its own.
            detail = article_date_detail()
            return None, dataclasses.replace(
                detail, precision=None, historical=True, method="background-clause"
            )
        if published is not None:
            return published.isoformat()[:10], article_date_detail()
        return None, None


_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj"})


def _dating_the_act(event: Event, doc: Doc, spans: list[DateSpan]) -> list[DateSpan]:
    """The date expressions that can date the act: not those inside the phrase naming its
    doer or object ("the president, elected in 2009, ..." describes the president)."""
    trigger = _token_at(doc, event.evidence.start)
    if trigger is None or trigger.pos_ not in {"VERB", "AUX"}:
        return spans
    inside = {t.idx for arg in trigger.children if arg.dep_ in _ARGUMENTS for t in arg.subtree}
    return [d for d in spans if d.start not in inside]


def _token_at(doc: Doc, char: int) -> Token | None:
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
        if m.near and not all(p.kind == "country" for p in m.readings)
    ]
    low = 0
    for index, mention in enumerate(mentions):
        if not mention.readings or not all(p.kind == "country" for p in mention.readings):
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
