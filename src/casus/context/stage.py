"""The context stage: give each coded event of an article its place and its date.

Places come from the event's sentence first, then from the article: its dateline, else the
country of its places, else that of its actors. A name the gazetteer
knows is a place only in a place-like context (a place preposition, a place noun, a comma
qualifier) or when it is strong alone (see `Gazetteer.is_strong`), and never when it is a word
of `data/places/not_places.yml`, an acronym, a currency prefix, part of a person's or an
organisation's name, or a demonym (`PlaceReader._not_a_place` in `casus.context.reader`).
Dates come from a date expression in the sentence, else the publication date. The stage sets
`place`, `date` and `date_detail` on every event, replacing whatever the coder put there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span, Token

from casus.actors.mentions import caseless_sentences
from casus.context.dates import DateSpan, article_date_detail, find_dates
from casus.context.mentions import (
    _AIMED_PREPOSITIONS,
    _MATERIAL_ROOTS,
    _NO_COUNTRY,
    _PLACE_PREPOSITIONS,
    _VISIT_CODES,
    Dateline,
    PlaceMention,
    _dominates,
    _is_actor_head,
    _qualifiers,
    _token_at,
)
from casus.context.places import (
    SPECIFICITY,
    Choice,
    Hints,
    Place,
    normalise,
)
from casus.context.reader import PlaceReader
from casus.model import FACTUAL_MODALITIES, Article, DateDetail, Event
from casus.model import (
    Place as EventPlace,  # `Place` here is the gazetteer's (casus.context.places)
)
from casus.spans import auxiliaries_of, children_of, doc_text, sentences_of, span_text, subtree_of

logger = logging.getLogger(__name__)


class ContextStage(PlaceReader):
    """Fill `place`, `date` and `date_detail` on an article's events."""

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
        sentences = sentences_of(doc)
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
            elif sent is not None and not spans and _told_in_the_past(event, doc):
                spans = _narrative_time(index, sentences, dated, published)
            date, detail = self._date(event, spans, published)
            out.append(event.with_context(place, date, detail))
        return out

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
            [
                r.actor.country
                for r in (event.source, event.target)
                if r is not None
                and len(r.actor.country) == 3
                and r.actor.country not in _NO_COUNTRY
            ]
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
                [mention.start < e and s < mention.end for s, e in speaker_spans]
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
# How many sentences back a date of the past still sets the time of a story told in the past.
_NARRATIVE_REACH = 2


def _told_in_the_past(event: Event, doc: Doc) -> bool:
    """A factual act in the simple past or past perfect ("arrested", "had closed")."""
    if event.modality not in FACTUAL_MODALITIES:
        return False
    trigger = _token_at(doc, event.evidence.start)
    return trigger is not None and _past_verb(trigger)


def _past_verb(verb: Token) -> bool:
    aux = auxiliaries_of(verb)
    if aux & {"have", "has", "'ve"}:
        return False  # the present perfect reaches into the present
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and bool(aux & {"had", "was", "were"})


def _dates_the_clause(sentence: Span, date: DateSpan) -> bool:
    """Whether a date expression says when the sentence's main act happened ("In 1998, the
    army seized Gao"), not when something it mentions did ("the 2016 election")."""
    inside = {t.i for t in sentence if date.start <= t.idx < date.end}
    heads = [sentence.doc[i] for i in inside if sentence.doc[i].head.i not in inside]
    if len(heads) != 1:
        return False
    node, root = heads[0], sentence.root.i
    while node.i != root:
        if node.head.i == node.i or not (
            node.i in inside or node.dep_ in {"prep", "pobj", "npadvmod"}
        ):
            return False
        node = node.head
    return True


def _narrative_time(
    index: int,
    sentences: list[Span],
    dated: dict[int, list[DateSpan]],
    published: dt.date | None,
) -> list[DateSpan]:
    """The past date a story told in the past is still at: "In 1998 the army seized Gao.
    Soldiers arrested dozens." The second act is of 1998 too, not of the article's day.

    The time carries within a paragraph, over sentences told in the past that name no date
    of their own; a present-tense sentence, a new date or a new paragraph ends it.
    """
    doc = sentences[index].doc
    for back in range(1, _NARRATIVE_REACH + 1):
        j = index - back
        if j < 0:
            return []
        between = doc_text(doc)[sentences[j].start_char : sentences[j + 1].start_char]
        if "\n" in between[len(between.rstrip()) :]:
            return []  # a new paragraph
        if j not in dated:
            dated[j] = find_dates(
                span_text(sentences[j]), published=published, offset=sentences[j].start_char
            )
        spans = dated[j]
        if spans:
            if not all(d.historical for d in spans) or not _dates_the_clause(
                sentences[j], spans[-1]
            ):
                return []
            return [dataclasses.replace(spans[-1], method="narrative-time")]
        if not _past_verb(sentences[j].root):
            return []
    return []


def _dating_the_act(event: Event, doc: Doc, spans: list[DateSpan]) -> list[DateSpan]:
    """The date expressions that can date the act: not those inside the phrase naming its
    doer or object ("the president, elected in 2009, ..." describes the president)."""
    trigger = _token_at(doc, event.evidence.start)
    if trigger is None or trigger.pos_ not in {"VERB", "AUX"}:
        return spans
    inside = {
        t.idx for arg in children_of(trigger) if arg.dep_ in _ARGUMENTS for t in subtree_of(arg)
    }
    return [d for d in spans if d.start not in inside]
