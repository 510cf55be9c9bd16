"""Corpus statistics from SQL aggregates, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from casus.analysis.stats import corpus_stats
from casus.model import DateDetail
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


def test_historical_references_are_counted_apart(db_url: str) -> None:
    # "the war of 1939" in a 2021 article: background, not news from 1939 (issue 11, item 14)
    article, raw, events = sample_corpus()[0]
    detail = DateDetail(
        text="in 1939", start=0, end=7, precision="year", historical=True, method="sentence-span"
    )
    old = dataclasses.replace(events[0], date="1939-01-01", date_detail=detail)
    with open_store(db_url) as store:
        store.save_batch(
            store.begin_run(sources=[], options={}), [(article, raw, [old, events[1]])]
        )
        stats = corpus_stats(store)
    assert stats.events == 2 and stats.historical_events == 1
    assert (stats.first_date, stats.last_date) == (dt.date(2021, 3, 1), dt.date(2021, 3, 1))
    assert stats.historical_first_date == stats.historical_last_date == dt.date(1939, 1, 1)
    as_json = stats.to_dict()
    assert as_json["first_date"] == "2021-03-01" and as_json["historical_events"] == 1
    assert as_json["historical_first_date"] == "1939-01-01"


def test_stats_command_prints_the_span_without_historical_references(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from casus.cli import app

    article, raw, events = sample_corpus()[0]
    old = dataclasses.replace(
        events[0],
        date="1939-01-01",
        date_detail=DateDetail(
            text="in 1939",
            start=0,
            end=7,
            precision="year",
            historical=True,
            method="sentence-span",
        ),
    )
    with open_store(tmp_path / "s.db") as store:
        store.save_batch(store.begin_run(sources=[], options={}), [(article, raw, [old])])
    result = CliRunner().invoke(app, ["stats", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    first = " ".join(result.stdout.split("events by")[0].split())  # the first line, unwrapped
    assert "event dates ? to ?" in first  # no event outside the historical references
    assert "1 historical references, 1939-01-01 to 1939-01-01" in first
