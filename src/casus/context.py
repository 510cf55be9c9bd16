"""The context stage: give each coded event of an article its place and its date.

Places come from the event's sentence first, then from the article (see `PLACE_METHODS`);
dates from a date expression in the sentence, else the publication date. The stage sets
`place`, `date` and `date_detail` on every event, replacing whatever the coder put there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from casus.actors.dictionary import ActorDictionary
from casus.dates import DateSpan, article_date_detail, find_dates
from casus.geo import SPECIFICITY, Choice, Gazetteer, Hints, Place, load_gazetteer
from casus.model import Article, Event

logger = logging.getLogger(__name__)

# The `method` vocabulary of `place` (README): the first part says where the place came
# from; ":rule" is added when a name had several readings and says which rule chose.
PLACE_METHODS = {
    "sentence-preposition": "a place governed by in/at/near/... in the event's sentence",
    "sentence-place": "a city, subdivision or region named elsewhere in the sentence",
    "article-context": "the country the article's places are mostly in",
    "actor-country": "the country the article's actors are mostly from (no place named)",
}
PLACE_RULES = ("qualified", "actor-country", "article-country", "dictionary", "feature-class",
               "population")  # fmt: skip

_PLACE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "inside", "outside", "across", "throughout", "around", "within",
     "off", "along", "outskirts"}
)  # fmt: skip
# Aimed prepositions place an act only when they name a town or area: "strikes on Kharkiv"
# and "troops sent to Central Asia" are there, "sanctions on Iran" or "a letter to Russia"
# are not.
_AIMED_PREPOSITIONS = frozenset({"on", "against", "into", "over", "to", "toward", "towards"})
_PLACE_NOUNS = frozenset(
    {"city", "town", "village", "province", "region", "district", "state", "capital", "port",
     "area", "county", "governorate", "outskirts", "suburb", "border", "neighbourhood",
     "neighborhood", "camp", "enclave", "oblast", "island", "coast", "heights", "strip"}
)  # fmt: skip
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
_NO_COUNTRY = frozenset({"IGO", "NGO", "IMG"})


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in a sentence: its span, readings, and how it is attached."""

    text: str
    start: int
    end: int
    token: int  # index of the span's syntactic head in the doc
    readings: tuple[Place, ...]
    governed: bool  # under a place preposition
    near: frozenset[str]  # countries named right beside it ("Tripoli, Lebanon")
    dictionary: frozenset[str]  # the actor dictionary's country for the name


class ContextStage:
    """Fill `place`, `date` and `date_detail` on an article's events."""

    def __init__(
        self, *, dictionary: ActorDictionary | None = None, gazetteer: Gazetteer | None = None
    ) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self.dictionary = dictionary or ActorDictionary()

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
        mentions: dict[int, list[PlaceMention]] = {}
        for i, sentence in enumerate(sentences):
            mentions[i] = self._mentions(sentence)
            if check is not None and i % 64 == 63:
                check()
        article_countries = self._article_countries(mentions, events)
        fallback = self._article_place(mentions, events, article_countries)
        published = article.published
        with_events = {e.sentence_index for e in events}
        dated = {
            i: find_dates(sent.text, published=published, offset=sent.start_char)
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
                found, method = fallback
                place = found.to_dict(text=None, start=None, end=None, method=method)
            date, detail = self._date(event, dated.get(event.sentence_index, []), published)
            out.append(dataclasses.replace(event, place=place, date=date, date_detail=detail))
        return out

    # -- places ------------------------------------------------------------------------

    def _dictionary_countries(self, text: str) -> tuple[bool, frozenset[str]]:
        """(is a non-place name, countries it stands for) according to the actor dictionary."""
        entries = self.dictionary.lookup(text)
        if not entries:
            return False, frozenset()
        places = [e for e in entries if e.kind in _PLACE_KINDS]
        if not places:
            return True, frozenset()
        return False, frozenset(e.actor.country for e in places if len(e.actor.country) == 3)

    def _country_near(self, doc: Doc, start: int, end: int, sent: Span) -> frozenset[str]:
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
        return frozenset(found)

    def _mentions(self, sent: Span) -> list[PlaceMention]:
        doc = sent.doc
        found: list[PlaceMention] = []
        taken: set[int] = set()
        for m in _BORDER.finditer(sent.text):
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
            found.append(
                PlaceMention(
                    span.text, span.start_char, span.end_char, span.root.i, (region,),
                    _governed(span.root), frozenset(), frozenset(codes),
                )
            )  # fmt: skip
        sent_text, base = sent.text, sent.start_char
        i = sent.start
        max_words = min(self.gazetteer.max_words, 6)
        while i < sent.end:
            tok = doc[i]
            if (
                i in taken
                or not tok.text[:1].isupper()
                # "The", "Police" opening a sentence; Token.is_sent_start scans the whole doc.
                or (i == sent.start and tok.pos_ != "PROPN")
            ):
                i += 1
                continue
            hit = None
            for j in range(min(sent.end, i + max_words), i, -1):
                last = doc[j - 1]
                if not (last.text[:1].isupper() or last.is_digit):
                    continue
                # Slice the sentence: Doc.text rebuilds the whole article on every call.
                text = sent_text[tok.idx - base : last.idx + len(last.text) - base]
                if j - i == 1 and (
                    tok.lower_ in _CALENDAR_WORDS
                    or self.dictionary.sector_of(tok.lower_)
                    or tok.pos_ not in {"PROPN", "NOUN"}
                ):
                    continue
                readings = self.gazetteer.lookup(text)
                non_place, countries = self._dictionary_countries(text)
                if non_place:
                    continue
                if not readings and countries:
                    # The actor dictionary knows the place but the gazetteer does not
                    # ("Torkham", "Ogaden"): keep it as a named area of that country.
                    readings = [
                        Place(name=text, kind="region", country=c, countries=(c,))
                        for c in sorted(countries)
                    ]
                if readings:
                    hit = (j, text, readings, countries)
                    break
            if hit is None:
                i += 1
                continue
            j, text, readings, countries = hit
            span = doc[i:j]
            found.append(
                PlaceMention(
                    text, tok.idx, tok.idx + len(text), span.root.i, tuple(readings),
                    _governed(span.root), self._country_near(doc, i, j, sent), countries,
                )
            )  # fmt: skip
            i = j
        return sorted(found, key=lambda m: m.start)

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
    ) -> dict[str, object] | None:
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
        ranked: list[tuple[tuple[int, int, int, int], PlaceMention, Choice]] = []
        for position, mention in enumerate(mentions):
            if position in qualifiers:
                continue  # "Lebanon" in "Tripoli, Lebanon" only says which Tripoli
            choice = self._choose(mention, actors, article_countries)
            if choice is None:
                continue
            place = choice.place
            if any(mention.start < e and s < mention.end for s, e in speaker_spans):
                continue  # "Moscow expelled ...": the doer's name is not where it happened
            head = doc[mention.token]
            prep = _governing_preposition(head)
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
        return choice.place.to_dict(
            text=mention.text, start=mention.start, end=mention.end, method=method
        )

    def _article_countries(
        self, mentions: dict[int, list[PlaceMention]], events: Sequence[Event]
    ) -> frozenset[str]:
        """Countries the article is about: its unambiguous places and its actors."""
        found: set[str] = set()
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
    ) -> tuple[Place, str] | None:
        """The article's dominant country: where its places are, else whose its actors are."""
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
        return (place, method) if place is not None else None

    # -- dates ---------------------------------------------------------------------------

    @staticmethod
    def _date(
        event: Event, spans: list[DateSpan], published: dt.date | None
    ) -> tuple[str | None, dict[str, object] | None]:
        if spans:
            # The expression nearest the trigger dates the act ("fled in 2014 and returned on
            # Tuesday": each verb its own).
            trigger = event.evidence.start
            best = min(spans, key=lambda d: min(abs(d.start - trigger), abs(d.end - trigger)))
            return best.date.isoformat(), best.to_dict()
        if event.extra.get("background"):
            # A recalled act ("weeks after rebels kidnapped ...") happened before the article's
            # day, and the sentence does not say when: historical, with no date of its own.
            detail = {**article_date_detail(), "precision": None, "historical": True}
            return None, {**detail, "method": "background-clause"}
        if published is not None:
            return published.isoformat()[:10], article_date_detail()
        return None, None


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _governing_preposition(tok: Token) -> str | None:
    """The preposition a place phrase hangs on, through "the city of X" and "X province"."""
    for _ in range(4):
        if tok.dep_ == "pobj":
            prep = tok.head
            if prep.lower_ == "of" and prep.head.lemma_.lower() in _PLACE_NOUNS:
                tok = prep.head
                continue
            return prep.lower_
        if (
            tok.dep_ in {"compound", "appos", "conj", "nmod", "amod", "poss"}
            and tok.head is not tok
        ):
            tok = tok.head
            continue
        if tok.dep_ == "dobj":
            return "dobj"
        return None
    return None


def _governed(tok: Token) -> bool:
    return _governing_preposition(tok) in _PLACE_PREPOSITIONS


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
