"""Near-duplicate articles (story clusters) and canonical events across articles.

Articles: the text is normalised (NFKC, lower case, words only) and cut into word
shingles; a MinHash of each goes into a MinHash LSH index (datasketch) that proposes
candidate pairs. A candidate pair is kept when the containment of the smaller shingle set
in the larger one reaches `containment` — containment rather than Jaccard because wire
copies are often trimmed: a copy that keeps a third of the story shares a third of its
shingles with the full one. Containment is computed exactly on the sorted 32-bit shingle
hashes kept per article (4 bytes a shingle), so MinHash noise decides only which pairs
are looked at, never which are accepted. Kept pairs are joined transitively into story
clusters; a story's id is the id of its first article (published date, then id).

Events: raw events with the same key — source code, target code, CAMEO code, place
(country and name) and modality class (asserted and reported are one class, each other
modality its own) — are one canonical event when their days lie within `window_days` of
the first one's day, or when their articles belong to the same story. The representative
(the canonical event's id) is the earliest event, asserted before reported, then by
article published date, article id and position. Raw events are never changed:
`deduplicate` rewrites the `article_stories`, `event_links` and `canonical_events` tables
as a whole, so running it twice gives the same tables.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
import unicodedata
import zlib
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlalchemy import case, delete, insert, select

from casus.model import FACTUAL_MODALITIES
from casus.store import Store
from casus.store.rows import as_date
from casus.store.schema import (
    article_stories,
    articles,
    canonical_events,
    dedup_runs,
    event_links,
    events,
)

logger = logging.getLogger(__name__)

FACTUAL = FACTUAL_MODALITIES
_WORD = re.compile(r"\w+")
_CHUNK = 5000  # rows per INSERT batch


@dataclass(frozen=True, slots=True)
class DedupOptions:
    """How near-duplicates are found; the defaults are the ones the evaluation measured."""

    shingle: int = 5  # words per shingle
    num_perm: int = 128
    threshold: float = 0.3  # LSH Jaccard threshold that proposes candidates
    containment: float = 0.6  # estimated |A ∩ B| / min(|A|, |B|) to accept a pair
    min_shingles: int = 8  # shorter texts only match an identical text
    window_days: int = 1  # events this many days after a canonical event's first day
    seed: int = 1

    def __post_init__(self) -> None:
        if self.shingle < 1 or self.num_perm < 16 or self.window_days < 0:
            raise ValueError("shingle >= 1, num_perm >= 16 and window_days >= 0 are required")
        if not (0 < self.threshold < 1 and 0 < self.containment <= 1):
            raise ValueError("threshold must be in (0, 1) and containment in (0, 1]")


@dataclass(frozen=True, slots=True)
class ArticleText:
    """The part of an article that story clustering needs."""

    id: str
    text: str
    published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class DedupSummary:
    articles: int
    stories: int
    articles_in_shared_stories: int  # articles whose story has two or more articles
    events: int
    canonical_events: int
    options: DedupOptions = field(default_factory=DedupOptions)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k != "options"}


# -- text -> MinHash --------------------------------------------------------------------


def normalise(text: str) -> list[str]:
    """The words of a text, NFKC-normalised and lower-cased (punctuation dropped)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str, k: int = 5) -> set[bytes]:
    """The set of k-word shingles of a text (the whole text when it is shorter)."""
    words = normalise(text)
    if len(words) <= k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


Hashes = np.ndarray[Any, np.dtype[np.uint32]]


def shingle_hashes(shingle_set: Iterable[bytes]) -> Hashes:
    """Sorted unique 32-bit hashes of the shingles (CRC-32: the same in every process)."""
    return np.unique(np.fromiter((zlib.crc32(g) for g in shingle_set), dtype=np.uint32))


def _identity(value: int) -> int:
    return int(value)


def minhash(hashes: Hashes, options: DedupOptions) -> MinHash:
    m = MinHash(num_perm=options.num_perm, seed=options.seed, hashfunc=_identity)
    m.update_batch(hashes)
    return m


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}

    def find(self, x: Hashable) -> Hashable:
        parent = self.parent.setdefault(x, x)
        while parent != x:
            grand = self.parent[parent]
            self.parent[x] = grand
            x, parent = parent, grand
        return x

    def union(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _sort_key(doc: ArticleText) -> tuple[bool, dt.date, str]:
    return (doc.published is None, doc.published or dt.date.min, doc.id)


def cluster_texts(
    docs: Iterable[ArticleText], *, options: DedupOptions = DedupOptions()
) -> dict[str, str]:
    """Story clusters: article id -> story id (the id of the story's first article)."""
    lsh = MinHashLSH(threshold=options.threshold, num_perm=options.num_perm)
    kept: dict[str, Hashes] = {}
    exact: dict[bytes, str] = {}  # short texts: only identical ones match
    order: dict[str, ArticleText] = {}
    uf = _UnionFind()
    for doc in docs:
        if doc.id in order:
            continue
        order[doc.id] = doc
        uf.find(doc.id)
        hashes = shingle_hashes(shingles(doc.text, options.shingle))
        if len(hashes) < options.min_shingles:
            digest = " ".join(normalise(doc.text)).encode()
            if digest in exact:
                uf.union(exact[digest], doc.id)
            else:
                exact[digest] = doc.id
            continue
        sketch = minhash(hashes, options)
        for other in sorted(lsh.query(sketch)):
            if containment(hashes, kept[other]) >= options.containment:
                uf.union(other, doc.id)
        lsh.insert(doc.id, sketch)
        kept[doc.id] = hashes
    members: dict[Hashable, list[ArticleText]] = {}
    for doc_id, doc in order.items():
        members.setdefault(uf.find(doc_id), []).append(doc)
    stories: dict[str, str] = {}
    for group in members.values():
        first = min(group, key=_sort_key).id
        for doc in group:
            stories[doc.id] = first
    return stories


def containment(a: Hashes, b: Hashes) -> float:
    """|A ∩ B| / min(|A|, |B|) of two sorted unique hash arrays."""
    if not len(a) or not len(b):
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / min(len(a), len(b))


def pair_scores(
    predicted: Mapping[str, Hashable], truth: Mapping[str, Hashable]
) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering against known clusters.

    A pair of items is positive when both are in one cluster; precision is the share of
    predicted pairs that are true pairs, recall the share of true pairs predicted. With no
    predicted (or true) pairs the score is 1.0.
    """
    items = sorted(set(predicted) & set(truth))

    def pairs(labels: Mapping[str, Hashable]) -> set[tuple[str, str]]:
        groups: dict[Hashable, list[str]] = {}
        for item in items:
            groups.setdefault(labels[item], []).append(item)
        return {p for g in groups.values() for p in itertools.combinations(sorted(g), 2)}

    got, want = pairs(predicted), pairs(truth)
    hit = len(got & want)
    precision = hit / len(got) if got else 1.0
    recall = hit / len(want) if want else 1.0
    return precision, recall


# -- events -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventRow:
    """The fields that event deduplication reads from one raw event.

    Not a `casus.store.rows.StoredEvent`: deduplication reads every event of the store,
    so it selects these few columns only (no sentences), and it needs what no stored
    record holds: the database row id the links name and the article's story cluster.
    """

    id: int
    article_id: str
    position: int
    key: tuple[Any, ...]  # source, target, cameo, place country, place name, modality class
    modality: str
    day: dt.date | None
    published: dt.date | None
    outlet: str | None
    story: str


@dataclass(frozen=True, slots=True)
class CanonicalEvent:
    event_id: int  # the representative raw event
    members: tuple[int, ...]
    n_articles: int
    n_outlets: int
    n_stories: int
    first_day: dt.date | None
    last_day: dt.date | None


def _rank(row: EventRow) -> tuple[Any, ...]:
    return (
        row.day is None,
        row.day or dt.date.min,
        row.modality != "asserted",
        row.published is None,
        row.published or dt.date.min,
        row.article_id,
        row.position,
    )


def canonical_groups(rows: Sequence[EventRow], *, window_days: int) -> list[CanonicalEvent]:
    """Split events that share one key into canonical events (window or same story)."""
    uf = _UnionFind()
    ranked = sorted(rows, key=_rank)
    by_story: dict[str, int] = {}
    anchor: tuple[dt.date, int] | None = None
    for row in ranked:
        uf.find(row.id)
        if row.story in by_story:
            uf.union(by_story[row.story], row.id)
        else:
            by_story[row.story] = row.id
        if row.day is None:
            continue
        # the window is anchored at a canonical event's first day, so it cannot chain on
        if anchor is not None and (row.day - anchor[0]).days <= window_days:
            uf.union(anchor[1], row.id)
        else:
            anchor = (row.day, row.id)
    groups: dict[Hashable, list[EventRow]] = {}
    for row in ranked:
        groups.setdefault(uf.find(row.id), []).append(row)
    out: list[CanonicalEvent] = []
    for members in groups.values():
        members.sort(key=_rank)
        days = [m.day for m in members if m.day is not None]
        # an article without an outlet is counted as an outlet of its own
        outlets = {m.outlet if m.outlet else f"\0{m.article_id}" for m in members}
        out.append(
            CanonicalEvent(
                event_id=members[0].id,
                members=tuple(m.id for m in members),
                n_articles=len({m.article_id for m in members}),
                n_outlets=len(outlets),
                n_stories=len({m.story for m in members}),
                first_day=min(days) if days else None,
                last_day=max(days) if days else None,
            )
        )
    return sorted(out, key=lambda c: c.event_id)


def _modality_class(column: Any) -> Any:
    return case((column.in_(FACTUAL), "factual"), else_=column)


def _place_name(place: Any) -> str | None:
    if isinstance(place, dict):
        name = place.get("name") or place.get("text")
        return str(name) if name else None
    return None


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return as_date(value)
    return dt.date.fromisoformat(str(value)[:10])


def _event_rows(store: Store, stories: Mapping[str, str]) -> Iterator[list[EventRow]]:
    """Raw events grouped by key (consecutive in SQL order, then split by place name)."""
    c = events.c
    mclass = _modality_class(c.modality).label("mclass")
    stmt = (
        select(
            c.id,
            c.article_id,
            c.position,
            c.source_code,
            c.target_code,
            c.cameo,
            c.place_country,
            c.place,
            c.modality,
            mclass,
            c.day,
            articles.c.published,
            articles.c.outlet,
        )
        .join_from(events, articles, c.article_id == articles.c.id)
        .order_by(c.source_code, c.target_code, c.cameo, c.place_country, mclass, c.id)
    )

    def sql_key(r: Any) -> tuple[Any, ...]:
        return (r.source_code, r.target_code, r.cameo, r.place_country, r.mclass)

    with store.engine.connect() as conn:
        result = conn.execution_options(yield_per=5000).execute(stmt)
        for _key, group in itertools.groupby(result, key=sql_key):
            by_place: dict[tuple[Any, ...], list[EventRow]] = {}
            for r in group:
                key = (*sql_key(r), _place_name(r.place))
                by_place.setdefault(key, []).append(
                    EventRow(
                        id=int(r.id),
                        article_id=r.article_id,
                        position=int(r.position),
                        key=key,
                        modality=r.modality,
                        day=_date(r.day),
                        published=_date(r.published),
                        outlet=r.outlet,
                        story=stories.get(r.article_id, r.article_id),
                    )
                )
            yield from by_place.values()


def _article_texts(store: Store) -> Iterator[ArticleText]:
    stmt = select(articles.c.id, articles.c.text, articles.c.published).order_by(
        articles.c.published, articles.c.id
    )
    with store.engine.connect() as conn:
        for r in conn.execution_options(yield_per=1000).execute(stmt):
            yield ArticleText(r.id, r.text, _date(r.published))


def deduplicate(store: Store, *, options: DedupOptions = DedupOptions()) -> DedupSummary:
    """(Re)compute story clusters and canonical events for the whole store, in one go."""
    stories = cluster_texts(_article_texts(store), options=options)
    sizes: dict[str, int] = {}
    for story in stories.values():
        sizes[story] = sizes.get(story, 0) + 1
    links: list[dict[str, int]] = []
    canon: list[dict[str, Any]] = []
    for rows in _event_rows(store, stories):
        for group in canonical_groups(rows, window_days=options.window_days):
            links.extend({"event_id": m, "canonical_id": group.event_id} for m in group.members)
            canon.append(
                {
                    "event_id": group.event_id,
                    "n_events": len(group.members),
                    "n_articles": group.n_articles,
                    "n_outlets": group.n_outlets,
                    "n_stories": group.n_stories,
                    "first_day": group.first_day,
                    "last_day": group.last_day,
                }
            )
    story_rows = [
        {"article_id": a, "story_id": s, "story_size": sizes[s]} for a, s in sorted(stories.items())
    ]
    summary = DedupSummary(
        articles=len(stories),
        stories=len(sizes),
        articles_in_shared_stories=sum(n for n in sizes.values() if n > 1),
        events=len(links),
        canonical_events=len(canon),
        options=options,
    )
    with store.engine.begin() as conn:
        for table in (event_links, canonical_events, article_stories):
            conn.execute(delete(table))
        batches: list[tuple[Any, Sequence[Mapping[str, Any]]]] = [
            (article_stories, story_rows),
            (canonical_events, canon),
            (event_links, links),
        ]
        for table, records in batches:
            for i in range(0, len(records), _CHUNK):
                conn.execute(insert(table), records[i : i + _CHUNK])
        conn.execute(
            insert(dedup_runs),
            {
                "computed_at": dt.datetime.now(dt.UTC),
                "options": asdict(options),
                "summary": summary.to_dict(),
            },
        )
    logger.info(
        "dedup: %d articles in %d stories, %d events in %d canonical events",
        summary.articles,
        summary.stories,
        summary.events,
        summary.canonical_events,
    )
    return summary
