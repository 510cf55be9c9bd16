"""The reusable coder: load dictionaries and model once, code texts and streams of articles."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from spacy.tokens import Doc

from casus.actors.dictionary import load_actor_dictionary
from casus.actors.resolve import ActorResolver
from casus.context import ContextStage
from casus.events.coder import CodingOptions, EventCoder
from casus.events.conventions import load_coding_rules, load_tone_lexicon
from casus.events.modality import load_modality_lexicon
from casus.events.patterns import load_event_dictionary
from casus.extract import article_id
from casus.model import Article, Event
from casus.nlp import MODEL_PACKAGE, load_pipeline
from casus.ontology import default_ontology

logger = logging.getLogger(__name__)


class Coder:
    """Everything needed to code articles; build once, reuse across calls and batches."""

    def __init__(
        self,
        *,
        model: str = MODEL_PACKAGE,
        actor_dictionaries: Sequence[Path] = (),
        event_dictionaries: Sequence[Path] = (),
        options: CodingOptions | None = None,
    ) -> None:
        self.nlp = load_pipeline(model)
        ontology = default_ontology()
        actors = load_actor_dictionary(extra=actor_dictionaries)
        events = load_event_dictionary(extra=event_dictionaries, known_codes=ontology.event_types)
        self.event_coder = EventCoder(
            resolver=ActorResolver(actors, self.nlp),
            events=events,
            ontology=ontology,
            lexicon=load_modality_lexicon(),
            tone=load_tone_lexicon(),
            rules=load_coding_rules(),
            options=options or CodingOptions(),
        )
        # Places and dates: the gazetteer is built once per process and shared.
        self.context = ContextStage(dictionary=actors)

    def code_article(self, article: Article) -> list[Event]:
        doc = self.nlp(article.text)
        return self._code_doc(doc, article)

    def _code_doc(self, doc: Doc, article: Article) -> list[Event]:
        events = self.event_coder.code_doc(doc, doc_id=article.id, date=article.published)
        return self.context.apply(doc, article, events)

    def code(
        self,
        text: str,
        *,
        date: dt.date | str | None = None,
        title: str | None = None,
        doc_id: str | None = None,
    ) -> list[Event]:
        """Code one text. `date` (the publication date) picks office-holders and resolves dates."""
        return self.code_article(_article(text, date=date, title=title, doc_id=doc_id))

    def code_many(
        self, articles: Iterable[Article | str], *, batch_size: int = 32
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Stream (article, events) pairs, parsing with nlp.pipe in batches."""
        stream = (a if isinstance(a, Article) else _article(a) for a in articles)
        pairs = ((a.text, a) for a in stream)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield article, self._code_doc(doc, article)


def _article(
    text: str,
    *,
    date: dt.date | str | None = None,
    title: str | None = None,
    doc_id: str | None = None,
) -> Article:
    if isinstance(date, str):
        date = dt.date.fromisoformat(date[:10])
    return Article(id=doc_id or article_id(text), text=text, title=title, published=date)


@functools.cache
def default_coder() -> Coder:
    return Coder()


def code(
    text: str,
    *,
    date: dt.date | str | None = None,
    title: str | None = None,
    doc_id: str | None = None,
) -> list[Event]:
    """Code one text with the default coder (built on first use, then reused)."""
    return default_coder().code(text, date=date, title=title, doc_id=doc_id)


def code_many(
    articles: Iterable[Article | str], *, batch_size: int = 32
) -> Iterator[tuple[Article, list[Event]]]:
    """Stream articles through the default coder."""
    return default_coder().code_many(articles, batch_size=batch_size)
