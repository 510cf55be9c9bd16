"""The corpus commands: ingest (killed midway and resumed), export and stats."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from casus.cli import app
from casus.store import open_store

runner = CliRunner()

# Sentence parts written for these tests; combined per article so every text differs.
DOERS = [
    "Ugandan troops",
    "Kenyan police",
    "Russian forces",
    "Israeli warplanes",
    "Pakistani soldiers",
    "Nigerian troops",
    "Turkish jets",
    "Ethiopian soldiers",
]
TARGETS = ["rebel camps", "militant hideouts", "insurgent positions", "an armed group's base"]
COUNTRIES = ["Kenya", "Ghana", "Chad", "Mali", "Egypt", "France", "Japan", "Brazil", "Peru"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article_text(i: int) -> str:
    pick = random.Random(i).choice
    a, b = pick(COUNTRIES), pick(COUNTRIES)
    return "\n\n".join(
        [
            f"{pick(DOERS)} attacked {pick(TARGETS)} near the border on {pick(DAYS)}.",
            f"At least {i + 3} people were killed in the fighting, officials said.",
            f"The government of {a} condemned the attack and summoned the ambassador of {b}.",
            f"{b} rejected the accusation and called for talks.",
            f"The foreign minister of {a} will visit {pick(COUNTRIES)} next week.",
        ]
    )


def write_corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"report-{i:03}.txt").write_text(article_text(i))
    return folder


def casus(*args: str) -> list[str]:
    return [sys.executable, "-m", "casus.cli", *args]


def sqlite_count(db: Path, table: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def snapshot(db: Path) -> tuple[dict[str, int], list[dict[str, Any]], list[str]]:
    with open_store(db, create=False) as store:
        counts = store.count()
        events = list(store.iter_events())
    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    return counts, events, ids


def assert_no_duplicates(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        for query in (
            "SELECT COUNT(*) - COUNT(DISTINCT id) FROM articles",
            "SELECT COUNT(*) - COUNT(DISTINCT raw_key) FROM articles",
            "SELECT COUNT(*) - COUNT(DISTINCT article_id || ':' || position) FROM events",
        ):
            assert conn.execute(query).fetchone()[0] == 0, query


def test_sigkill_midway_then_rerun_equals_a_clean_run(tmp_path: Path) -> None:
    total = 80
    corpus = write_corpus(tmp_path / "corpus", total)
    killed = tmp_path / "killed.sqlite"
    small = ["--batch-size", "4", "--chunk-size", "4"]
    proc = subprocess.Popen(
        casus("ingest", str(corpus), "--db", str(killed), "--workers", "1", *small),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        stored = 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            stored = sqlite_count(killed, "articles")
            if stored:
                break
            time.sleep(0.02)
        assert proc.poll() is None, f"ingest ended before it could be killed: {proc.stderr}"
        os.kill(proc.pid, signal.SIGKILL)  # the main process only, like `kill -9 PID`
        proc.wait(10)
        # the worker notices its parent is gone and exits instead of waiting forever
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            pytest.fail("a worker outlived the killed ingest")
    finally:
        if proc.poll() is None:
            proc.kill()
        if proc.stderr:
            proc.stderr.close()
    stored = sqlite_count(killed, "articles")
    assert 0 < stored < total, f"killed after {stored} of {total} articles"
    assert_no_duplicates(killed)

    resumed = subprocess.run(
        casus("ingest", str(corpus), "--db", str(killed), "--workers", "2", "--json", *small),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert summary["skipped"].get("stored", 0) >= stored
    assert summary["coded"] == total - stored

    clean = tmp_path / "clean.sqlite"
    fresh = subprocess.run(
        casus("ingest", str(corpus), "--db", str(clean), "--workers", "1"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert fresh.returncode == 0, fresh.stderr
    assert_no_duplicates(killed)
    after_kill, clean_run = snapshot(killed), snapshot(clean)
    assert after_kill[0]["articles"] == clean_run[0]["articles"] == total
    assert after_kill[0]["events"] == clean_run[0]["events"] > total
    assert after_kill[1] == clean_run[1]  # every event, field by field
    assert after_kill[2] == clean_run[2]


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """A database filled through the CLI from a small folder with a few bad inputs."""
    root = tmp_path_factory.mktemp("cli")
    corpus = write_corpus(root / "corpus", 12)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "copy.txt").write_text(article_text(0))
    db = root / "db.sqlite"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--workers", "0"])
    return db, result


def test_ingest_prints_a_summary_and_one_line_per_failure(corpus_db: tuple[Path, Any]) -> None:
    db, result = corpus_db
    assert result.exit_code == 1  # the empty file failed
    assert [line for line in result.stderr.splitlines() if line.startswith("casus:")] == [
        f"casus: {db.parent / 'corpus' / 'empty.txt'}: empty file"
    ]
    summary = dict(re.split(r"\s{2,}", line, maxsplit=1) for line in result.stdout.splitlines())
    assert summary["inputs read"] == "14" and summary["articles coded"] == "12"
    assert summary["skipped"] == "1 (duplicate 1)" and summary["failed"] == "1 (empty 1)"
    assert summary["events stored"] == f"{sqlite_count(db, 'events'):,}"


def test_ingest_again_adds_nothing_and_retries_failures(corpus_db: tuple[Path, Any]) -> None:
    db, _ = corpus_db
    before = sqlite_count(db, "events")
    result = runner.invoke(
        app, ["ingest", str(db.parent / "corpus"), "--db", str(db), "--workers", "0", "--json"]
    )
    summary = json.loads(result.stdout)
    assert summary["coded"] == 0 and summary["read"] == 14
    assert summary["skipped"] == {"stored": 13} and summary["failed"] == {"empty": 1}
    assert result.exit_code == 1 and sqlite_count(db, "events") == before


def test_ingest_rejects_a_bad_database_url(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", "mysql://nowhere/x"])
    assert result.exit_code == 2 and "mysql://nowhere/x" in result.stderr


def test_export_jsonl_csv_and_parquet_agree(corpus_db: tuple[Path, Any], tmp_path: Path) -> None:
    db, _ = corpus_db
    total = sqlite_count(db, "events")
    as_jsonl = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl"])
    assert as_jsonl.exit_code == 0, as_jsonl.stderr
    records = [json.loads(line) for line in as_jsonl.stdout.splitlines()]
    assert len(records) == total and f"{total:,} events" in as_jsonl.stderr
    assert {"cameo", "source", "target", "evidence", "article"} <= set(records[0])
    as_csv = runner.invoke(app, ["export", "--db", str(db), "--format", "csv"])
    assert len(list(csv.DictReader(io.StringIO(as_csv.stdout)))) == total
    out = tmp_path / "events.parquet"
    result = runner.invoke(
        app, ["export", "--db", str(db), "--format", "parquet", "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    import pyarrow.parquet as pq

    assert pq.read_table(out).num_rows == total


def test_export_filters_and_phoenix_layout(corpus_db: tuple[Path, Any]) -> None:
    db, _ = corpus_db
    args = ["export", "--db", str(db), "--format", "jsonl", "--root", "18", "--root", "19"]
    records = [json.loads(x) for x in runner.invoke(app, args).stdout.splitlines()]
    assert records and {r["root"] for r in records} <= {"18", "19"}
    quad = ["export", "--db", str(db), "--format", "csv", "--layout", "phoenix", "--quad", "4"]
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, quad).stdout)))
    assert rows and {r["QuadClass"] for r in rows} == {"4"}
    assert {"EventCode", "EventRootCode", "SourceActorFull", "TargetActorFull"} <= set(rows[0])
    hostile = "KEN' OR '1'='1"
    result = runner.invoke(
        app, ["export", "--db", str(db), "--format", "jsonl", "--actor", hostile]
    )
    assert result.exit_code == 0 and result.stdout == ""
    bad = runner.invoke(app, ["export", "--db", str(db), "--format", "csv", "--since", "May 1"])
    assert bad.exit_code == 2 and "--since" in bad.stderr


def test_export_and_stats_refuse_a_missing_database(tmp_path: Path) -> None:
    for command in (["export", "--format", "csv"], ["stats"]):
        result = runner.invoke(app, [*command, "--db", str(tmp_path / "none.sqlite")])
        assert result.exit_code == 2 and "none.sqlite" in result.stderr
        assert not (tmp_path / "none.sqlite").exists()


def test_stats_counts_match_the_database(corpus_db: tuple[Path, Any]) -> None:
    db, _ = corpus_db
    result = runner.invoke(app, ["stats", "--db", str(db), "--json", "--top", "3"])
    assert result.exit_code == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["articles"] == 12 and stats["events"] == sqlite_count(db, "events")
    table = runner.invoke(app, ["stats", "--db", str(db)])
    assert table.exit_code == 0 and "12" in table.stdout


def test_export_dedup_writes_one_row_per_canonical_event(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 3)
    # a wire copy: the same report under another outlet's headline line
    (corpus / "wire.txt").write_text("Wire copy, distributed to subscribers.\n" + article_text(1))
    db = tmp_path / "db.sqlite"
    assert (
        runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--workers", "0"]).exit_code
        == 0
    )
    assert runner.invoke(app, ["dedup", "--db", str(db)]).exit_code == 0
    raw = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl"])
    canonical = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", "--dedup"])
    assert canonical.exit_code == 0, canonical.stderr
    raw_rows = raw.stdout.splitlines()
    rows = [json.loads(line) for line in canonical.stdout.splitlines()]
    assert rows and len(rows) < len(raw_rows)
    assert max(r["dedup"]["n_articles"] for r in rows) == 2
