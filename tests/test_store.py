"""The event store, on SQLite and on a real PostgreSQL server (see tests/pg.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from casus.extract import article_id
from casus.model import Article, event_ids
from casus.pipeline import Coder
from casus.store import EventFilter, LogEntry, Store, StoreError, open_store
from pg import ingest_log, sample_corpus

INJECTIONS = (
    "'; DROP TABLE events; --",
    "RUS' OR '1'='1",
    '" OR 1=1 --',
    "%",
    "_",
    "RUS%",
    "\\",
    "x'); DELETE FROM articles; --",
    "ÜÑÏ🚀",
)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as s:
        yield s


@pytest.fixture(scope="module")
def filled(module_db_url: str) -> Iterator[Store]:
    """The sample corpus, stored once per backend; tests that write use `store`."""
    with open_store(module_db_url) as store:
        run = store.begin_run(sources=["sample"], options={"workers": 1})
        result = store.save_batch(run, sample_corpus())
        assert (result.articles_added, result.events_added) == (4, 6)
        yield store


def keys(store: Store, filters: EventFilter | None = None, **kw: Any) -> list[tuple[Any, ...]]:
    return [
        (e["article"]["doc_id"], e["sentence_index"], e["cameo"], e["group"])
        for e in store.iter_events(filters or EventFilter(), **kw)
    ]


A1 = [("feed:1", 0, "190", 0), ("feed:1", 1, "111", 0)]
A2 = [("dump.jsonl:2", 0, "036", 0), ("dump.jsonl:2", 0, "036", 1), ("dump.jsonl:2", 1, "180", 0)]
A3 = [("undated.txt", 0, "025", 0)]


def test_events_come_back_exactly_in_the_json_schema(filled: Store) -> None:
    stored = {(a.id, i): e.to_dict() for a, _, evs in sample_corpus() for i, e in enumerate(evs)}
    ids = {
        (a.id, i): x for a, _, evs in sample_corpus() for i, x in enumerate(event_ids(a.id, evs))
    }
    got = list(filled.iter_events())
    assert len(got) == 6
    by_article: dict[str, int] = {}
    for event in got:
        article = event.pop("article")
        position = by_article.get(article["id"], 0)
        by_article[article["id"]] = position + 1
        assert event.pop("event_id") == ids[(article["id"], position)]
        assert event == stored[(article["id"], position)]
    first = next(filled.iter_events(EventFilter(roots=("19",))))
    assert first["article"] == {
        "id": article_id(sample_corpus()[0][0].text),
        "doc_id": "feed:1",
        "url": "https://www.example-news.org/a1",
        "title": "Shelling — день первый",
        "published": "2021-03-01",
        "outlet": "example-news.org",
        "genre": "news",
    }
    assert first["place"]["country"] == "UKR"
    talks = next(filled.iter_events(EventFilter(roots=("03",))))
    assert talks["article"]["outlet"] == "Example Wire"  # the record's own outlet wins
    assert talks["article"]["genre"] == "news"


def test_a_stored_event_is_one_typed_record(filled: Store) -> None:
    from casus.store.rows import StoredEvent

    rows = list(filled.iter_rows(EventFilter(roots=("19",))))
    event = StoredEvent.from_row(rows[0])
    assert event.source is not None and event.source.code == "RUSMIL"
    assert event.article.published == dt.date(2021, 3, 1)
    assert event.evidence.conventions == tuple(rows[0]["evidence_conventions"] or ())
    # The record is what every reader writes: iter_events, the JSON Lines export, the web.
    assert event.to_dict() == next(filled.iter_events(EventFilter(roots=("19",))))


def test_unicode_survives_the_round_trip(filled: Store) -> None:
    events = list(filled.iter_events(EventFilter(roots=("11",))))
    assert events[0]["target"]["name"] == "Путин"
    assert events[0]["sentence"].endswith("«ünïcödé» 🚀")
    syria = list(filled.iter_events(EventFilter(roots=("18",))))
    assert syria[0]["target"]["text"] == "سوريا"
    assert syria[0]["source"] is None


def test_default_order_is_published_then_article_then_position(filled: Store) -> None:
    assert keys(filled) == [*A2, *A1, *A3]  # undated article last
    assert keys(filled, limit=2) == A2[:2]
    assert keys(filled, order="date")[0] == A2[2]  # the event's own date goes first
    with pytest.raises(ValueError, match="order"):
        list(filled.iter_events(order="random"))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (EventFilter(since=dt.date(2021, 2, 1)), A1),
        (EventFilter(until=dt.date(2021, 1, 12)), [A2[2]]),  # event date beats article date
        (EventFilter(since=dt.date(2021, 1, 1), until=dt.date(2021, 1, 31)), A2),
        (EventFilter(actor="RUS"), A1),
        (EventFilter(actor="rusgov"), [A1[1]]),
        (EventFilter(source="UKR"), [A1[1]]),
        (EventFilter(target="UKR"), [A1[0]]),
        (EventFilter(target="SYR"), [A2[2], *A3]),
        (EventFilter(source="IGO"), A3),
        (EventFilter(country="syr"), [A2[2], *A3]),
        (EventFilter(country="UKR"), A1),
        (EventFilter(roots=("19",)), [A1[0]]),
        (EventFilter(roots=("03", "02")), [*A2[:2], *A3]),
        (EventFilter(quad_classes=(4,)), [A2[2], A1[0]]),
        (EventFilter(quad_classes=(1, 3)), [*A2[:2], A1[1], *A3]),
        (EventFilter(modalities=("future", "hypothetical")), [A2[0], *A3]),
        (EventFilter(actor="RUS", quad_classes=(3,)), [A1[1]]),
        (EventFilter(actor="RUS", country="EGY"), []),
    ],
)
def test_filters(filled: Store, filters: EventFilter, expected: list[tuple[Any, ...]]) -> None:
    assert keys(filled, filters) == expected


@pytest.mark.parametrize("field", ["actor", "source", "target", "country"])
@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_in_text_filters_match_nothing(
    filled: Store, field: str, value: str
) -> None:
    assert keys(filled, EventFilter(**{field: value})) == []
    assert filled.count()["events"] == 6


@pytest.mark.parametrize("field", ["roots", "modalities"])
def test_injection_strings_in_list_filters_match_nothing(filled: Store, field: str) -> None:
    assert keys(filled, EventFilter(**{field: INJECTIONS})) == []
    assert filled.count() == {"articles": 4, "events": 6, "runs": 1, "failures": 0}


def test_filters_reject_values_of_the_wrong_type() -> None:
    with pytest.raises(TypeError):
        EventFilter(since="2021-01-01' OR 1=1")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        EventFilter(quad_classes=("1 OR 1=1",))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        EventFilter(actor=["RUS"])  # type: ignore[arg-type]


def test_saving_the_same_batch_twice_adds_nothing(store: Store) -> None:
    run = store.begin_run(sources=["sample"], options={})
    assert store.save_batch(run, sample_corpus()).events_added == 6
    again = store.save_batch(run, sample_corpus())
    assert (again.articles_added, again.articles_duplicate, again.events_added) == (0, 4, 0)
    assert store.count() == {"articles": 4, "events": 6, "runs": 1, "failures": 0}


def test_same_article_in_two_batches_and_twice_in_one(store: Store) -> None:
    corpus = sample_corpus()
    run = store.begin_run(sources=[], options={})
    first = store.save_batch(run, [corpus[0], corpus[0], corpus[1]])
    assert (first.articles_added, first.articles_duplicate, first.events_added) == (2, 1, 5)
    # the same text read again from another file: a new raw key, still the same article
    article, _, events = corpus[0]
    renamed = dataclasses.replace(article, source_name="elsewhere.html")
    second = store.save_batch(run, [(renamed, "raw-other", events), corpus[2]])
    assert (second.articles_added, second.articles_duplicate, second.events_added) == (1, 1, 1)
    assert store.count()["events"] == 6
    assert {e["article"]["doc_id"] for e in store.iter_events()} == {
        "feed:1",
        "dump.jsonl:2",
        "undated.txt",
    }


def test_a_failed_batch_leaves_nothing_half_written(store: Store) -> None:
    run = store.begin_run(sources=[], options={})
    # the log rows are written last: a bad one fails after articles and events went in
    bad_log = [LogEntry("ok.html", "coded", None, None), LogEntry(None, "failed", "x", "y")]  # type: ignore[arg-type]
    with pytest.raises(IntegrityError):
        store.save_batch(run, sample_corpus(), bad_log)
    assert store.count() == {"articles": 0, "events": 0, "runs": 1, "failures": 0}
    assert ingest_log(store) == []
    assert store.known_raw_keys(["raw-1", "raw-2"]) == set()
    # and the same batch goes in whole afterwards
    assert store.save_batch(run, sample_corpus()).events_added == 6


def test_unknown_run_and_bad_status_are_refused(store: Store) -> None:
    with pytest.raises(IntegrityError):  # foreign keys are on, on SQLite too
        store.save_batch(999, sample_corpus()[:1])
    run = store.begin_run(sources=[], options={})
    with pytest.raises(ValueError, match="status"):
        store.save_batch(run, [], [LogEntry("a", "exploded", None, None)])
    assert store.count()["articles"] == 0


def test_log_counts_and_known_raw_keys(store: Store) -> None:
    run = store.begin_run(sources=["dir/"], options={"batch_size": 2})
    stored_id = sample_corpus()[0][0].id  # "coded" names the article this batch stores
    log = [
        LogEntry("dir/a.html", "coded", None, None, article_id=stored_id, raw_key="raw-1"),
        LogEntry("dir/b.html", "failed", "binary", "binary file, not text", raw_key="raw-b"),
        LogEntry("dir/c.jsonl:3", "failed", "broken-json", "line 3: Expecting ','"),
        LogEntry("dir/d.html", "skipped", "duplicate", "same text as dir/a.html"),
    ]
    store.save_batch(run, sample_corpus()[:1], log)
    store.end_run(run, summary={"coded": 1, "failed": 2})
    assert store.count() == {"articles": 1, "events": 2, "runs": 1, "failures": 2}
    assert ingest_log(store, run) == log
    assert ingest_log(store, run + 1) == []
    many = [f"k{i}" for i in range(1200)]  # more keys than one IN list holds
    assert store.known_raw_keys([*many, "raw-1", "raw-b", "raw-2", "raw-1"]) == {"raw-1", "raw-b"}


def test_concurrent_writers_store_one_copy(db_url: str) -> None:
    with open_store(db_url) as first:
        run = first.begin_run(sources=[], options={})
    results = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def write() -> None:
        try:
            with open_store(db_url) as mine:
                barrier.wait()
                results.append(mine.save_batch(run, sample_corpus()))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(r.articles_added for r in results) == 4
    assert sum(r.events_added for r in results) == 6
    with open_store(db_url) as check:
        assert check.count()["events"] == 6


def test_streaming_many_events_and_stopping_early(store: Store) -> None:
    article, _, events = sample_corpus()[0]
    run = store.begin_run(sources=[], options={})
    batch = []
    for i in range(60):
        text = f"{article.text} #{i}"
        batch.append((Article(id=article_id(text), text=text), f"r{i}", events * 25))
    assert store.save_batch(run, batch).events_added == 3000
    assert sum(1 for _ in store.iter_rows(chunk=100)) == 3000
    stream = store.iter_events()
    assert next(stream)["cameo"] == "190"
    stream.close()
    assert store.count()["events"] == 3000


def test_coded_sentences_round_trip(store: Store, coder: Coder) -> None:
    text = "Egyptian officials met Israeli diplomats in Cairo. Russian forces shelled Kyiv."
    article = Article(id=article_id(text), text=text, published=dt.date(2022, 5, 4))
    (_, events), *_ = coder.code_many([article])
    assert events, "the coder found nothing to store"
    store.save_batch(store.begin_run(sources=[], options={}), [(article, "raw", events)])
    got = [{k: v for k, v in e.items() if k != "article"} for e in store.iter_events()]
    ids = event_ids(article.id, events)
    assert got == [{"event_id": i, **e.to_dict()} for i, e in zip(ids, events, strict=True)]


def test_open_store_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        open_store(tmp_path / "missing.db", create=False)
    with pytest.raises(StoreError, match="unsupported database"):
        open_store("mysql://user@host/db")
    sqlite3.connect(tmp_path / "other.db").execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreError, match="not a casus database"):
        open_store(tmp_path / "other.db", create=False)


def test_sqlite_file_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "casus.db"
    with open_store(f"sqlite:///{path}") as store:
        assert store.dialect == "sqlite"
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with open_store(path, create=False) as again:
        assert again.count()["articles"] == 0


def test_postgresql_urls_use_psycopg(db_url: str) -> None:
    with open_store(db_url) as store:
        expected = "postgresql" if db_url.startswith("postgresql") else "sqlite"
        assert store.dialect == expected
        if expected == "postgresql":
            assert store.engine.url.drivername == "postgresql+psycopg"


# -- full-text search and the upgrade of older databases (issue 11, items 13 and 16) -----

SEARCH_TEXTS = [
    "Russian forces shelled Kharkiv, the army said.",
    "Kharkiv's mayor said Russian shelling hit the U.S.-funded school.",
    "Fighting near Mosul: 100% of the town was cut off.",
    "Путин встретился с Эрдоганом — talks in Sochi.",
]


def _search_store(store: Store) -> None:
    """Articles of one sentence each, one event per sentence."""
    from pg import make_event

    batch = []
    for text in SEARCH_TEXTS:
        article = Article(id=article_id(text), text=text, source_name=text[:10])
        event = dataclasses.replace(
            make_event(article.id, 0, "190", source=None, target=None, quad_class=4),
            sentence=text,
        )
        batch.append((article, "raw-" + article.id[:8], [event]))
    store.save_batch(store.begin_run(sources=[], options={}), batch)


def _found(store: Store, text: str) -> set[str]:
    from sqlalchemy import select

    from casus.store.schema import events

    stmt = select(events.c.sentence).where(store.text_condition(text))
    with store.engine.connect() as conn:
        return {row[0] for row in conn.execute(stmt)}


def test_text_search_means_the_same_on_both_backends(db_url: str) -> None:
    with open_store(db_url) as store:
        assert store.search == ("tsvector" if store.dialect == "postgresql" else "fts5")
        _search_store(store)
        shelled, mayor, mosul, putin = SEARCH_TEXTS
        assert _found(store, "kharkiv") == {shelled, mayor}
        assert _found(store, "KHARKIV") == {shelled, mayor}  # case is ignored
        assert _found(store, "shell") == {shelled, mayor}  # the last word may be a prefix
        assert _found(store, "forces shelled") == {shelled}  # words in this order
        assert _found(store, "shelled forces") == set()
        assert _found(store, "russian shell") == {mayor}  # "Russian shelling", adjacent
        assert _found(store, "Kharkiv’s mayor") == {mayor}  # punctuation is ignored
        assert _found(store, "u.s. funded") == {mayor}
        assert _found(store, "100%") == {mosul}
        assert _found(store, "путин") == {putin} and _found(store, "ЭРДОГАН") == {putin}
        assert _found(store, "hark") == set()  # words start where the sentence's do
        for nothing in ("", "%", "_%_", "—", "🚀", "\\"):
            assert _found(store, nothing) == set(), nothing
        for injection in INJECTIONS:  # FTS5 / tsquery syntax is never taken from the text
            _found(store, injection)
        _found(store, 'kharkiv" OR "mosul')
        _found(store, "a & b | !c <-> d:* (e)")


def _downgrade(store: Store) -> None:
    """Make the database look as casus 0.x (schema 1) left it."""
    with store.engine.begin() as conn:
        if store.dialect == "sqlite":
            for trigger in ("insert", "delete", "update"):
                conn.exec_driver_sql(f"DROP TRIGGER events_fts_{trigger}")
            conn.exec_driver_sql("DROP TABLE events_fts")
        else:
            conn.exec_driver_sql("DROP INDEX ix_events_search")
        conn.exec_driver_sql("DROP INDEX ix_events_event_id")
        for column in ("event_id", "search_text", "evidence_conventions"):
            conn.exec_driver_sql(f"ALTER TABLE events DROP COLUMN {column}")


def test_an_older_database_is_upgraded_when_opened(db_url: str) -> None:
    with open_store(db_url) as store:
        store.save_batch(store.begin_run(sources=[], options={}), sample_corpus())
        _search_store(store)
        before = [e["event_id"] for e in store.iter_events(order="stored")]
        _downgrade(store)
    with open_store(db_url, create=False) as store:  # not `create`: as export/serve open it
        got = list(store.iter_events(order="stored"))
        assert [e["event_id"] for e in got] == before and len(set(before)) == len(before)
        assert got[0]["evidence"]["conventions"] == []
        assert _found(store, "kharkiv") == set(SEARCH_TEXTS[:2])
        # new events after the upgrade are indexed too
        text = "Kharkiv was shelled again on Tuesday."
        article = Article(id=article_id(text), text=text)
        event = sample_corpus()[0][2][0]
        store.save_batch(
            store.begin_run(sources=[], options={}),
            [(article, "raw-new", [dataclasses.replace(event, sentence=text)])],
        )
        assert text in _found(store, "kharkiv was")
    with open_store(db_url, create=False) as again:  # a second opening changes nothing
        assert len(_found(again, "kharkiv")) == 3


def test_an_older_read_only_database_says_it_needs_an_upgrade(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    from casus.store.migrate import UpgradeError, upgrade

    path = tmp_path / "old.db"
    with open_store(path) as store:
        store.save_batch(store.begin_run(sources=[], options={}), sample_corpus())
    read_only = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert upgrade(read_only) == "fts5"  # current: only read, so a read-only file opens
    read_only.dispose()
    with open_store(path) as store:
        _downgrade(store)
    read_only = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(UpgradeError, match="needs an upgrade"):
        upgrade(read_only)
    read_only.dispose()
