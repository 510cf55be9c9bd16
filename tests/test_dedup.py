"""Story clusters of wire copies and canonical events (both backends for the store part).

The clustering is scored with pairwise precision and recall against the known clusters of
the generated copies in tests/wire_copies.py. Measured when written (defaults): the
hand-written set (6 stories, 21 articles) 1.000 / 1.000; the template set (150 stories,
seed 3) see the assertion message. Floors asserted: precision >= 0.98, recall >= 0.95.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from casus.analysis.dedup import (
    ArticleText,
    DedupOptions,
    EventRow,
    canonical_groups,
    cluster_texts,
    deduplicate,
    pair_scores,
    shingles,
)
from casus.analysis.export import export_events
from casus.extract import article_id
from casus.model import Article, Event, Place
from casus.store import EventFilter, Store, open_store
from casus.store.schema import article_stories, canonical_events, event_links
from pg import actor_ref, make_event
from wire_copies import BASES, Copy, copies, generated_bases

PRECISION_FLOOR = 0.98
RECALL_FLOOR = 0.95


def _score(items: list[Copy]) -> tuple[float, float]:
    predicted = cluster_texts(ArticleText(c.id, c.text) for c in items)
    return pair_scores(predicted, {c.id: c.story for c in items})


@pytest.mark.parametrize(
    ("name", "items"),
    [
        ("hand-written", copies(BASES)),
        ("templates", copies(generated_bases(150, seed=3), seed=3)),
    ],
)
def test_wire_copies_cluster_by_story(name: str, items: list[Copy]) -> None:
    precision, recall = _score(items)
    stories = len({c.story for c in items})
    report = f"{name}: {len(items)} articles, {stories} stories, P={precision:.3f} R={recall:.3f}"
    print(report)
    assert precision >= PRECISION_FLOOR, report
    assert recall >= RECALL_FLOOR, report
    assert any(c.id.endswith("#3") for c in items)  # the set really has copies


def test_articles_on_the_same_topic_stay_apart() -> None:
    originals = [ArticleText(name, "\n\n".join(paras)) for name, paras in BASES.items()]
    stories = cluster_texts(originals)
    assert stories == {name: name for name in BASES}


def test_a_trimmed_copy_with_a_dateline_joins_its_story() -> None:
    full = "\n\n".join(BASES["sanctions-oil"])
    trimmed = "BRUSSELS, May 2 (Beta Post) - " + "\n\n".join(BASES["sanctions-oil"][:3])
    other = "\n\n".join(BASES["sanctions-banks"])
    docs = [
        ArticleText("b", trimmed, dt.date(2024, 5, 2)),
        ArticleText("a", full, dt.date(2024, 5, 1)),
        ArticleText("c", other, dt.date(2024, 5, 1)),
    ]
    assert cluster_texts(docs) == {"a": "a", "b": "a", "c": "c"}  # story id: first published
    strict = DedupOptions(containment=1.0)
    assert cluster_texts(docs, options=strict)["b"] == "b"  # the dateline is not in "a"


def test_short_texts_only_match_identical_ones() -> None:
    docs = [
        ArticleText("x", "Talks resumed."),
        ArticleText("y", "TALKS resumed!"),
        ArticleText("z", "Talks failed."),
    ]
    assert cluster_texts(docs) == {"x": "x", "y": "x", "z": "z"}
    assert shingles("One two three", 5) == {b"one two three"}
    assert shingles("", 5) == set()


def test_pair_scores_by_hand() -> None:
    truth = {"a": 1, "b": 1, "c": 1, "d": 2}  # true pairs: ab ac bc
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y"}  # predicted pairs: ab cd
    assert pair_scores(predicted, truth) == (0.5, 1 / 3)
    assert pair_scores({"a": 1}, {"a": 1}) == (1.0, 1.0)


def row(i: int, day: int | None, story: str, *, modality: str = "asserted") -> EventRow:
    return EventRow(
        id=i,
        article_id=f"art{i}",
        position=0,
        key=("RUSMIL", "UKRMIL", "190", "UKR", None, "factual"),
        modality=modality,
        day=dt.date(2024, 3, day) if day else None,
        published=None,
        outlet="Same" if i % 2 else None,
        story=story,
    )


def test_event_window_is_anchored_and_stories_join_across_it() -> None:
    rows = [row(1, 1, "s1"), row(2, 2, "s2"), row(3, 3, "s3"), row(4, 4, "s4")]
    groups = canonical_groups(rows, window_days=1)
    assert [g.members for g in groups] == [(1, 2), (3, 4)]  # no chaining 1-2-3-4
    assert groups[0].n_outlets == 2  # "Same" and one article without an outlet
    joined = canonical_groups([*rows, row(5, 9, "s1"), row(6, None, "s3")], window_days=1)
    assert [g.members for g in joined] == [(1, 2, 5), (3, 4, 6)]
    assert (joined[0].first_day, joined[0].last_day) == (dt.date(2024, 3, 1), dt.date(2024, 3, 9))
    assert joined[0].n_stories == 2
    # the representative: earliest day, then asserted before reported
    same_day = canonical_groups(
        [row(7, 5, "a", modality="reported"), row(8, 5, "b")], window_days=0
    )
    assert same_day[0].event_id == 8
    assert [g.members for g in canonical_groups(rows, window_days=0)] == [(1,), (2,), (3,), (4,)]


def test_options_are_checked() -> None:
    with pytest.raises(ValueError):
        DedupOptions(threshold=1.5)
    with pytest.raises(ValueError):
        DedupOptions(window_days=-1)


# -- the store ------------------------------------------------------------------------


def _stored(items: list[Copy]) -> list[tuple[Article, str, list[Event]]]:
    rus = actor_ref("RUS", "MIL", "", "Russian military", "Russian forces", 0)
    ukr = actor_ref("UKR", "MIL", "", "Ukrainian military", "Ukrainian army", 20)
    out = []
    for n, c in enumerate(sorted(items, key=lambda c: c.id)):
        copy_no = int(c.id.split("#")[1])
        art = Article(
            id=article_id(c.text),
            text=c.text,
            published=dt.date(2024, 1, 10) + dt.timedelta(days=copy_no),
            outlet=c.outlet,
            source_name=c.id,
        )
        # every article reports its own story's clash, coded the same way in each copy
        ev = make_event(art.id, 0, "190", source=rus, target=ukr, quad_class=4, goldstein=-10)
        place = Place(
            text=None,
            start=None,
            end=None,
            name=c.story,
            kind="city",
            country="UKR",
            countries=("UKR",),
            admin1=None,
            lat=None,
            lon=None,
            geonames_id=None,
            method="test",
        )
        ev = Event(**{**_fields(ev), "place": place})
        out.append((art, f"raw-{n}", [ev]))
    return out


def _fields(ev: Event) -> dict[str, Any]:
    return {name: getattr(ev, name) for name in Event.__dataclass_fields__}


def _tables(store: Store) -> list[list[tuple[Any, ...]]]:
    with store.engine.connect() as conn:
        return [
            sorted(tuple(r) for r in conn.execute(select(t)))
            for t in (article_stories, event_links, canonical_events)
        ]


@pytest.fixture
def wire_store(db_url: str) -> Iterator[tuple[Store, list[Copy]]]:
    items = copies(BASES)
    with open_store(db_url) as store:
        run = store.begin_run(sources=["wire"], options={})
        store.save_batch(run, _stored(items))
        yield store, items


def test_deduplicate_stores_clusters_and_canonical_events(
    wire_store: tuple[Store, list[Copy]],
) -> None:
    store, items = wire_store
    summary = deduplicate(store)
    assert (summary.articles, summary.stories, summary.events) == (21, 6, 21)
    with store.engine.connect() as conn:
        stories = dict(
            (r.article_id, r.story_id)
            for r in conn.execute(select(article_stories.c.article_id, article_stories.c.story_id))
        )
    truth = {article_id(c.text): c.story for c in items}
    assert pair_scores(stories, truth) == (1.0, 1.0)
    # one canonical event per story: copies are published on consecutive days, but the
    # story cluster joins them beyond the one-day window
    assert summary.canonical_events == 6
    canon = list(store.iter_events(dedup=True))
    assert len(canon) == 6
    sizes = {c.story: 0 for c in items}
    for c in items:
        sizes[c.story] += 1
    assert sorted(e["dedup"]["n_articles"] for e in canon) == sorted(sizes.values())
    assert all(e["dedup"]["n_stories"] == 1 for e in canon)
    # the raw events are untouched
    assert len(list(store.iter_events())) == 21


def test_deduplicate_is_idempotent_and_new_events_still_count(
    wire_store: tuple[Store, list[Copy]],
) -> None:
    store, _ = wire_store
    deduplicate(store)
    first = _tables(store)
    deduplicate(store)
    assert _tables(store) == first
    late = "A new and unrelated report stored after the deduplication ran, about talks."
    art = Article(id=article_id(late), text=late, published=dt.date(2024, 2, 1), source_name="l")
    ev = make_event(art.id, 0, "036", source=None, target=None, quad_class=1)
    store.save_batch(store.begin_run(sources=["late"], options={}), [(art, "raw-late", [ev])])
    canon = list(store.iter_events(EventFilter(roots=("03",)), dedup=True))
    assert [e["dedup"]["n_articles"] for e in canon] == [1]  # not yet linked: counts as itself


def test_deduplicated_export(wire_store: tuple[Store, list[Copy]]) -> None:
    store, _ = wire_store
    deduplicate(store)
    raw = io.StringIO()
    assert export_events(store, raw, fmt="csv") == 21
    assert "n_articles" not in raw.getvalue().splitlines()[0]
    text = io.StringIO()
    assert export_events(store, text, fmt="csv", dedup=True) == 6
    header = text.getvalue().splitlines()[0].split(",")
    assert header[-6:] == [
        "n_events",
        "n_articles",
        "n_outlets",
        "n_stories",
        "first_day",
        "last_day",
    ]
    lines = io.StringIO()
    assert export_events(store, lines, fmt="jsonl", dedup=True) == 6
    first = json.loads(lines.getvalue().splitlines()[0])
    assert set(first["dedup"]) == {
        "n_events",
        "n_articles",
        "n_outlets",
        "n_stories",
        "first_day",
        "last_day",
    }
    phoenix = io.StringIO()
    assert export_events(store, phoenix, fmt="csv", layout="phoenix", dedup=True) == 6
