"""The reusable coder: load dictionaries and model once, code texts and streams of articles.

Every document is coded whole, however long: texts longer than `PART_CHARS` are parsed in
parts cut at paragraph or sentence boundaries and joined again, so event offsets stay
offsets into the full text; "sentences" longer than `MAX_SENTENCE_TOKENS` are split (see
`casus.nlp`). A document can be given a time budget (`time_budget`, seconds): one that runs
over it raises `DocumentTimeout`, and the streaming methods yield that exception for the
document and go on with the next.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

import numpy
from spacy.tokens import Doc

from casus.actors.dictionary import load_actor_dictionary
from casus.actors.implied import drop_private_targets, imply_countries, outlet_country
from casus.actors.mentions import ActorResolver, known_acronyms, known_names
from casus.context.stage import ContextStage
from casus.events.coder import CodingOptions, EventCoder
from casus.events.conventions import load_coding_rules, load_tone_lexicon
from casus.events.modality import load_modality_lexicon
from casus.events.patterns import load_event_dictionary
from casus.extract import article_id
from casus.model import Article, Event
from casus.nlp import (
    MAX_SENTENCE_TOKENS,
    MODEL_PACKAGE,
    SPLIT_KEY,
    break_points,
    load_pipeline,
    recased_text,
    with_text,
)
from casus.ontology import default_ontology
from casus.spans import doc_text, parsed_from, sentences_of

logger = logging.getLogger(__name__)

# Texts longer than this are parsed in parts (spaCy refuses more than 1,000,000 characters,
# and its memory grows with the length of what it parses at once).
PART_CHARS = 100_000
# Texts up to this long are parsed in batches (nlp.pipe); longer ones alone, within their
# document's time budget.
BATCH_CHARS = 20_000
# The default budget of `casus code` and `casus ingest` for one document, in seconds.
DEFAULT_TIME_BUDGET = 60.0


class DocumentTimeout(Exception):
    """A document ran over its time budget; it is not coded, the others are."""

    def __init__(self, budget: float, size: int, unit: str = "characters") -> None:
        super().__init__(f"over the time budget of {budget:g} s per document ({size:,} {unit})")
        self.budget = budget
        self.size = size
        self.unit = unit

    def __reduce__(self) -> tuple[Any, ...]:
        return (DocumentTimeout, (self.budget, self.size, self.unit))


def time_budget(seconds: float | None, size: int, unit: str = "characters") -> _Deadline:
    """`with time_budget(s, len(text)):` raises `DocumentTimeout` if the block runs over
    `s` seconds (None or 0: no limit). Enforced by SIGALRM in the main thread of a process
    (the block is interrupted wherever it is), else only by `check()` calls on the object.
    The coder's own budget (`time_budget=` on its methods) is the same mechanism."""
    return _Deadline(seconds, size, unit)


class _Deadline:
    """A document's time budget: checked between stages, and enforced by SIGALRM when the
    coder runs in the main thread of its process (the CLI, ingest workers) so that no single
    stage can overrun it. `budget=None` or 0: no limit."""

    def __init__(self, budget: float | None, size: int, unit: str = "characters") -> None:
        self.budget = budget if budget and budget > 0 else None
        self.size = size
        self.unit = unit
        self.end = time.perf_counter() + (self.budget or 0.0)
        self._armed = False
        self._previous: Any = None

    def check(self) -> None:
        if self.budget is not None and time.perf_counter() > self.end:
            raise DocumentTimeout(self.budget, self.size, self.unit)

    def __enter__(self) -> _Deadline:
        if self.budget is not None and _alarm_available():
            self._previous = signal.signal(signal.SIGALRM, self._alarm)
            self._armed = True
            signal.setitimer(signal.ITIMER_REAL, self.budget)
        return self

    def _alarm(self, _signum: int, _frame: FrameType | None) -> None:
        if self._armed:
            self._armed = False
            assert self.budget is not None
            raise DocumentTimeout(self.budget, self.size, self.unit)

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            self._armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self._previous = None


def _alarm_available() -> bool:
    """SIGALRM is ours to use: main thread, a POSIX system, nobody else's timer or handler."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN)
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )


class Coder:
    """Everything needed to code articles; build once, reuse across calls and batches."""

    def __init__(
        self,
        *,
        model: str = MODEL_PACKAGE,
        actor_dictionaries: Sequence[Path] = (),
        event_dictionaries: Sequence[Path] = (),
        options: CodingOptions | None = None,
        ner: bool = False,
    ) -> None:
        self.nlp = load_pipeline(model, ner=ner)
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
        self.country_names = actors.country_names
        self.acronyms = known_acronyms(actors)
        self.names = known_names(actors)
        self.nationality_words = frozenset(
            key.lower()
            for key, entries in actors.phrases.items()
            if any(e.kind == "adjective" for e in entries)
        )

    def code_article(self, article: Article, *, time_budget: float | None = None) -> list[Event]:
        """The events of one article; `DocumentTimeout` if it takes over `time_budget` s."""
        with _Deadline(time_budget, len(article.text)) as deadline:
            doc = self.parse(article.text, deadline=deadline)
            try:
                return self._code_doc(doc, article, deadline)
            finally:
                release_caches(doc)

    def parse(self, text: str, *, deadline: _Deadline | None = None) -> Doc:
        """The parsed text, whatever its length, with no sentence over the cap."""
        if len(text) <= PART_CHARS:
            return self._recased(self._capped(parsed_from(self.nlp(text), text)))
        parts: list[Doc] = []
        split = 0
        for part in self.nlp.pipe(split_text(text, PART_CHARS), batch_size=1):
            part = self._recased(self._capped(part))
            part.tensor = numpy.zeros((0,), dtype="float32")  # not used; 384 bytes a token
            split += part.user_data.get(SPLIT_KEY, 0)
            parts.append(part)
            if deadline is not None:
                deadline.check()
        # Parts end where the next begins, so the joined text is the text, offsets included.
        # (the stubs lack `exclude`; the tensors are not used, user data is set below)
        doc = Doc.from_docs(  # type: ignore[call-arg]
            parts, ensure_whitespace=False, exclude=["tensor", "user_data"]
        )
        for part in parts:
            release_caches(part)
        if split:
            doc.user_data[SPLIT_KEY] = split
        return doc

    def _capped(self, doc: Doc) -> Doc:
        """The doc, parsed again with forced breaks if the parser made a sentence too long."""
        # (the sentences listed once per Doc: the re-casing and the coder read them too)
        sents = sentences_of(doc)
        if all(len(s) <= MAX_SENTENCE_TOKENS for s in sents):
            return doc
        fresh = self.nlp.make_doc(doc_text(doc))
        split = doc.user_data.get(SPLIT_KEY, 0)
        for sent in sents:
            fresh[sent.start].is_sent_start = True
            if len(sent) > MAX_SENTENCE_TOKENS:
                split += 1
                for i in break_points(doc, sent.start, sent.end):
                    fresh[i].is_sent_start = True
        release_caches(doc)  # the doc is replaced: no cycle must keep it alive
        doc = self.nlp(fresh)
        doc.user_data[SPLIT_KEY] = split
        return doc

    def _recased(self, doc: Doc) -> Doc:
        """The doc, its headlines (capitals, Title Case) parsed again in lower case.

        The parser tags every word of such a headline as a proper noun; in lower
        case it finds the verb and its roles. The new parse is put on the original words,
        so text, offsets and spellings are the user's; the words of every other sentence
        are parsed in their own case as before. A doc with no such sentence is returned as
        it is.
        """
        recased = recased_text(doc, self.acronyms, self.names)
        if recased is None:
            return doc
        fresh = self.nlp.make_doc(recased.text)
        for tok in fresh:
            if tok.idx in recased.sentence_starts:
                tok.is_sent_start = True
        parsed = self._capped(self.nlp(fresh))
        release_caches(parsed)  # (its sentences, listed by `_capped`: not to be copied over)
        joined = with_text(parsed, doc_text(doc))
        if joined is None:
            return doc
        release_caches(doc)  # the doc is replaced: no cycle must keep it alive
        return joined

    def _code_doc(
        self, doc: Doc, article: Article, deadline: _Deadline | None = None
    ) -> list[Event]:
        split = doc.user_data.get(SPLIT_KEY, 0)
        if split:
            logger.warning(
                "%s: %d stretch(es) of over %d tokens without a sentence end (a table or a "
                "list?) coded as shorter sentences",
                article.source_name or article.id,
                split,
                MAX_SENTENCE_TOKENS,
            )
        events = self.event_coder.code_doc(doc, doc_id=article.id, date=article.published)
        check = None
        if deadline is not None:
            deadline.check()
            check = deadline.check
        placed = self.context.apply(doc, article, events, check=check)
        implied = imply_countries(
            placed, country_names=self.country_names, outlet=outlet_country(article.url)
        )
        return drop_private_targets(implied, adjectives=self.nationality_words)

    def code(
        self,
        text: str,
        *,
        date: dt.date | str | None = None,
        title: str | None = None,
        doc_id: str | None = None,
        time_budget: float | None = None,
    ) -> list[Event]:
        """Code one text. `date` (the publication date) picks office-holders and resolves dates."""
        article = _article(text, date=date, title=title, doc_id=doc_id)
        return self.code_article(article, time_budget=time_budget)

    def code_many(
        self,
        articles: Iterable[Article | str],
        *,
        batch_size: int = 32,
        time_budget: float | None = None,
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Stream (article, events) pairs, parsing with nlp.pipe in batches.

        A document that cannot be coded (over its budget, or the coder failed) raises and
        ends the stream; `code_results` yields the exception instead and goes on.
        """
        for article, result in self.code_results(
            articles, batch_size=batch_size, time_budget=time_budget
        ):
            if isinstance(result, Exception):
                raise result
            yield article, result

    def code_results(
        self,
        articles: Iterable[Article | str],
        *,
        batch_size: int = 32,
        time_budget: float | None = None,
    ) -> Iterator[tuple[Article, list[Event] | Exception]]:
        """Stream (article, events or the exception that stopped its coding), in order.

        Texts up to `BATCH_CHARS` are parsed together with nlp.pipe; a document's budget
        covers its own work: its parse when it is parsed alone (longer texts), the event
        coder and the context stage.
        """
        stream = (a if isinstance(a, Article) else _article(a) for a in articles)
        batch: list[Article] = []
        held: list[Doc] = []  # the last batch's parses, kept until the next is parsed
        for article in stream:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._code_batch(batch, time_budget, held)
                batch = []
        if batch:
            yield from self._code_batch(batch, time_budget, held)

    def _code_batch(
        self, batch: list[Article], time_budget: float | None, held: list[Doc]
    ) -> Iterator[tuple[Article, list[Event] | Exception]]:
        short = [a.text for a in batch if len(a.text) <= BATCH_CHARS]
        parsed_docs: list[Doc] = []
        docs: Iterator[Doc] | None = None
        try:
            parsed_docs = list(self.nlp.pipe(short, batch_size=max(1, len(short))))
            docs = iter(parsed_docs)
        except Exception:  # one bad text must not lose the batch: parse them one by one
            logger.debug("nlp.pipe failed on a batch; parsing its texts one by one", exc_info=True)
        # The batch before is dropped only now that this one is parsed: dropped before, its
        # Docs' memory goes back to the system and the parser faults it in again (the demo
        # corpus x 4: 57k minor page faults a round instead of 24k, its parse 8% slower).
        held[:] = parsed_docs
        for article in batch:
            result: list[Event] | Exception
            parsed = next(docs) if docs is not None and len(article.text) <= BATCH_CHARS else None
            try:
                with _Deadline(time_budget, len(article.text)) as deadline:
                    if parsed is not None:
                        doc = self._recased(self._capped(parsed_from(parsed, article.text)))
                    else:
                        doc = self.parse(article.text, deadline=deadline)
                    try:
                        result = self._code_doc(doc, article, deadline)
                    finally:
                        release_caches(doc)
            except DocumentTimeout as exc:
                result = exc
            except Exception as exc:
                logger.debug("%s: coding failed", article.id, exc_info=True)
                result = exc
            yield article, result


def release_caches(doc: Doc) -> None:
    """Drop what the coder cached on a Doc ("casus." keys of its user data).

    The caches hold Tokens, Spans and the Doc itself, so a coded Doc is a reference cycle:
    left alone it is freed only by the cyclic garbage collector, whose passes then walk
    every object the process holds (the model, the dictionaries, the gazetteer). Measured on
    the demo corpus x 4: 0.29-0.39 s of collection per round (a tenth of coding it), about
    0.01 s with the caches dropped once a document is coded."""
    stale = [k for k in doc.user_data if isinstance(k, str) and k.startswith("casus.")]
    for key in stale:
        del doc.user_data[key]


def split_text(text: str, size: int) -> list[str]:
    """Parts of at most `size` characters whose concatenation is `text`, each cut after a
    paragraph break, else a line break, else a sentence end, else a space (else anywhere)."""
    parts: list[str] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        low = start + size // 2
        cut = -1
        for mark in ("\n\n", "\n", ". ", "? ", "! ", " "):
            found = text.rfind(mark, low, end)
            if found >= 0:
                cut = found + len(mark)
                break
        if cut <= start:
            cut = end
        parts.append(text[start:cut])
        start = cut
    parts.append(text[start:])
    return parts


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
    time_budget: float | None = None,
) -> list[Event]:
    """Code one text with the default coder (built on first use, then reused)."""
    return default_coder().code(
        text, date=date, title=title, doc_id=doc_id, time_budget=time_budget
    )


def code_many(
    articles: Iterable[Article | str], *, batch_size: int = 32, time_budget: float | None = None
) -> Iterator[tuple[Article, list[Event]]]:
    """Stream articles through the default coder."""
    return default_coder().code_many(articles, batch_size=batch_size, time_budget=time_budget)
