"""Coding on a Dask LocalCluster gives the events of a one-process ingest; failures are logged."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from casus.ingest import IngestOptions, ingest
from casus.store import LogEntry, Store, open_store

# Sentences written for these tests.
SENTENCES = [
    "Ugandan troops attacked rebel camps near the border on Monday.",
    "The government of Kenya condemned the attack and summoned the ambassador of Chad.",
    "Ghana's foreign minister will visit Mali next week.",
    "Egypt rejected the accusation and called for talks with Peru.",
    "Turkish jets bombed militant hideouts in the north on Friday.",
    "Brazil signed an agreement with Japan to share intelligence.",
]


def write_corpus(folder: Path) -> Path:
    folder.mkdir()
    for i in range(8):
        text = "\n\n".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(3))
        (folder / f"report-{i}.txt").write_text(f"{text}\n\nAt least {i + 2} people died.")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    records = [{"id": "r1", "text": SENTENCES[0] + " " + SENTENCES[3], "date": "2024-03-02"}]
    (folder / "dump.jsonl").write_text(json.dumps(records[0]) + "\n{not json\n")
    return folder


def digest(store: Store) -> str:
    h = hashlib.sha256()
    for event in store.iter_events():
        h.update(json.dumps(event, sort_keys=True, default=str).encode())
    return h.hexdigest()


def failures(store: Store) -> list[tuple[str, str | None, str | None]]:
    return sorted((e.name, e.kind, e.reason) for e in store.iter_log() if e.status == "failed")


def test_local_cluster_equals_one_process_and_keeps_failures(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    small = {"batch_size": 3, "chunk_size": 3}
    with open_store(tmp_path / "one.sqlite") as one:
        summary_one = ingest([str(corpus)], store=one, options=IngestOptions(workers=0, **small))
        expected, expected_failures = digest(one), failures(one)
    issues: list[LogEntry] = []
    links: list[str] = []
    with open_store(tmp_path / "dask.sqlite") as store:
        summary = ingest(
            [str(corpus)],
            store=store,
            options=IngestOptions(dask="local:2", **small),
            on_issue=issues.append,
            on_dashboard=links.append,
        )
        assert digest(store) == expected and store.count()["events"] > 0
        assert failures(store) == expected_failures and len(expected_failures) == 2
        assert (summary.read, summary.coded, summary.events, summary.failed) == (
            summary_one.read,
            summary_one.coded,
            summary_one.events,
            summary_one.failed,
        )
        assert summary.workers == 2 and links and links[0].startswith("http")
        assert {e.name for e in issues if e.status == "failed"} == {
            n for n, _, _ in expected_failures
        }
        assert all(e.reason and "\n" not in e.reason for e in issues)
        # Run again: everything stored is skipped, the failures are tried (and logged) again.
        again = ingest([str(corpus)], store=store, options=IngestOptions(dask="local:2", **small))
        assert again.coded == 0 and again.skipped.get("stored") == summary_one.coded
        assert digest(store) == expected and sum(again.failed.values()) == 2


def test_parquet_dataset_exports_the_rows_of_the_database(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from casus.cli import app

    runner = CliRunner()
    corpus = write_corpus(tmp_path / "corpus")
    db, out = tmp_path / "db.sqlite", tmp_path / "events"
    result = runner.invoke(
        app, ["ingest", str(corpus), "--db", str(db), "--workers", "0", "--out", str(out)]
    )
    assert result.exit_code == 1, result.stderr  # the two bad inputs
    files = sorted(out.glob("year=*/month=*/*.parquet"))
    assert files and not list(out.glob("**/.*.tmp"))
    for fmt in ("jsonl", "csv"):
        from_db = runner.invoke(app, ["export", "--db", str(db), "--format", fmt])
        parquet = ["export", "--parquet", str(out), "--format", fmt]
        from_parquet = runner.invoke(app, parquet)
        assert from_parquet.exit_code == 0, from_parquet.stderr
        assert from_parquet.stdout == from_db.stdout and from_db.stdout.strip()
    refused = runner.invoke(
        app, ["export", "--parquet", str(out), "--format", "csv", "--root", "1"]
    )
    assert refused.exit_code == 2
    from_db_stats = runner.invoke(app, ["stats", "--db", str(db), "--json"])
    from_parquet_stats = runner.invoke(app, ["stats", "--parquet", str(out), "--json"])
    assert from_parquet_stats.exit_code == 0, from_parquet_stats.stderr
    db_stats, pq_stats = json.loads(from_db_stats.stdout), json.loads(from_parquet_stats.stdout)
    # A dataset holds events only: no ingest runs, no logged inputs, no eventless articles.
    for key in ("skipped_by_kind", "failed_by_kind", "runs", "articles"):
        db_stats.pop(key)
        pq_stats.pop(key)
    assert pq_stats == db_stats and db_stats["events"] > 0


def write_dated_records(path: Path, n: int = 12) -> Path:
    """JSON Lines records over five months, so that series have several periods."""
    lines = []
    for i in range(n):
        text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(3))
        record = {"id": f"r{i}", "text": text, "date": f"2024-{1 + i % 5:02}-{3 + 2 * i:02}"}
        lines.append(json.dumps(record) + "\n")
    path.write_text("".join(lines))
    return path


def test_aggregates_of_a_parquet_dataset_equal_the_database_ones(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from casus.cli import app

    runner = CliRunner()
    records = write_dated_records(tmp_path / "news.jsonl")
    db, out = tmp_path / "db.sqlite", tmp_path / "events"
    ingested = runner.invoke(
        app, ["ingest", str(records), "--db", str(db), "--workers", "0", "--out", str(out)]
    )
    assert ingested.exit_code == 0, ingested.stderr
    queries = [
        ["series"],
        ["series", "--interval", "week", "--per-phrase"],
        ["series", "--interval", "day", "--dyad", "UGA", "REB", "--no-zeros"],
        ["series", "--by", "country", "--side", "source"],
        ["series", "--by", "actor", "--top", "3", "--zeros"],
        ["series", "--by", "country", "--root", "19", "--since", "2024-02-01"],
        ["places", "--format", "json", "--modality", "future", "--modality", "asserted"],
        ["network", "--format", "json"],
        ["network", "--format", "json", "--level", "country", "--per-phrase"],
        ["places", "--format", "json"],
    ]
    for query in queries:
        from_db = runner.invoke(app, ["aggregate", *query, "--db", str(db)])
        from_parquet = runner.invoke(app, ["aggregate", *query, "--parquet", str(out)])
        assert from_db.exit_code == 0, (query, from_db.stderr)
        assert from_parquet.exit_code == 0, (query, from_parquet.stderr)
        assert from_parquet.stdout == from_db.stdout, query
    # not vacuous: several months, several countries, an edge, a place
    series = runner.invoke(app, ["aggregate", "series", "--parquet", str(out)]).stdout
    assert len(series.splitlines()) == 1 + 5 and ",0," not in series.splitlines()[1]
    network = json.loads(
        runner.invoke(
            app, ["aggregate", "network", "--format", "json", "--parquet", str(out)]
        ).stdout
    )
    assert network["edges"]
    refused = runner.invoke(app, ["aggregate", "series", "--parquet", str(out), "--dedup"])
    assert refused.exit_code == 2
