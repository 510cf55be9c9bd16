"""Corpus statistics from SQL aggregates, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from casus.stats import corpus_stats
from casus.store import LogEntry, open_store
from pg import sample_corpus


def test_counts_span_actors_dyads_and_failures(db_url: str) -> None:
    with open_store(db_url) as store:
        run = store.begin_run(sources=["x"], options={})
        log = [
            LogEntry("a.html", "failed", "binary", "binary file"),
            LogEntry("b.html", "failed", "binary", "binary file"),
            LogEntry("c.jsonl:4", "failed", "broken-json", "bad line"),
            LogEntry("d.html", "skipped", "duplicate", "same text as a.html"),
            LogEntry("e.html", "failed", None, "no kind given"),
        ]
        store.save_batch(run, sample_corpus(), log)
        stats = corpus_stats(store, top=3)
    assert (stats.articles, stats.events, stats.runs) == (4, 6, 1)
    assert (stats.first_date, stats.last_date) == (dt.date(2021, 1, 10), dt.date(2021, 3, 1))
    assert stats.by_root == {"03": 2, "02": 1, "11": 1, "18": 1, "19": 1}
    assert stats.by_quad_class == {1: 3, 4: 2, 3: 1}
    assert stats.by_modality == {"asserted": 3, "future": 1, "hypothetical": 1, "reported": 1}
    assert list(stats.by_root) == ["03", "02", "11", "18", "19"]  # by count, then key
    # either side counts; "" and missing actors are not actors
    assert stats.top_actors == [("EGYGOV", 2), ("ISRGOV", 2), ("SYR", 2)]
    assert stats.top_dyads == [
        ("EGYGOV", "ISRGOV", 2),
        ("IGOUNO", "SYR", 1),
        ("RUSMIL", "UKRMIL", 1),
    ]
    assert stats.failed_by_kind == {"binary": 2, "broken-json": 1, "unknown": 1}
    assert stats.skipped_by_kind == {"duplicate": 1}
    as_json = json.loads(json.dumps(stats.to_dict()))
    assert as_json["by_quad_class"] == {"1": 3, "4": 2, "3": 1}
    assert as_json["first_date"] == "2021-01-10"
    assert as_json["top_dyads"][0] == {"source": "EGYGOV", "target": "ISRGOV", "events": 2}


def test_empty_store(db_url: str) -> None:
    with open_store(db_url) as store:
        stats = corpus_stats(store)
    assert (stats.articles, stats.events, stats.first_date, stats.last_date) == (0, 0, None, None)
    assert stats.by_root == {} and stats.top_actors == [] and stats.failed_by_kind == {}
    assert stats.to_dict()["first_date"] is None


def test_top_must_not_be_negative(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store, pytest.raises(ValueError):
        corpus_stats(store, top=-1)
