"""Coding on a Dask cluster (a LocalCluster, or a scheduler and workers started as separate
processes, one of them killed mid-run) gives the events of a one-process ingest; failures
are logged; a Parquet dataset gives the database's exports, counts and aggregates, with
`--dedup` too; big JSON Lines, CSV and WARC files read as byte ranges give the records of
the whole file."""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import signal
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")

from casus.ingest import IngestOptions, Progress, ingest
from casus.model import RawDoc
from casus.readers import ReadFailure
from casus.store import LogEntry, Store, open_store
from pg import events_digest, ingest_log

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


def coded_names(store: Store) -> list[str]:
    return sorted(e.name for e in ingest_log(store) if e.status == "coded")


def failures(store: Store) -> list[tuple[str, str | None, str | None]]:
    return sorted((e.name, e.kind, e.reason) for e in ingest_log(store) if e.status == "failed")


def test_local_cluster_equals_one_process_and_keeps_failures(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    small = {"batch_size": 3, "chunk_size": 3}
    with open_store(tmp_path / "one.sqlite") as one:
        summary_one = ingest([str(corpus)], store=one, options=IngestOptions(workers=0, **small))
        expected, expected_failures = events_digest(one), failures(one)
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
        assert events_digest(store) == expected and store.count()["events"] > 0
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
        assert events_digest(store) == expected and sum(again.failed.values()) == 2


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
    # the store's filters select the same events from the dataset
    for filters in (
        ["--quad", "1", "--quad", "4", "--modality", "future"],
        ["--actor", "UGA", "--since", "2024-01-01"],
        ["--root", "19"],
    ):
        from_db = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", *filters])
        parquet = ["export", "--parquet", str(out), "--format", "jsonl", *filters]
        from_parquet = runner.invoke(app, parquet)
        assert from_parquet.exit_code == 0, from_parquet.stderr
        assert from_parquet.stdout == from_db.stdout, filters
    assert (
        0
        < len(from_db.stdout.splitlines())
        < len(
            runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl"]).stdout.splitlines()
        )
    )
    refused = runner.invoke(app, ["export", "--parquet", str(out), "--format", "csv", "--dedup"])
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


def close(value: object) -> object:
    """`value` with every float replaced by pytest.approx of it, for == on nested data."""
    if isinstance(value, float):
        return pytest.approx(value, rel=1e-12, abs=1e-12)
    if isinstance(value, list):
        return [close(v) for v in value]
    if isinstance(value, dict):
        return {k: close(v) for k, v in value.items()}
    return value


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
        ["network", "--level", "country", "--per-phrase"],
        ["network"],
        ["places"],
        ["places", "--modality", "future", "--modality", "asserted"],
    ]
    for query in queries:
        query = [*query, "--format", "json"]
        from_db = runner.invoke(app, ["aggregate", *query, "--db", str(db)])
        from_parquet = runner.invoke(app, ["aggregate", *query, "--parquet", str(out)])
        assert from_db.exit_code == 0, (query, from_db.stderr)
        assert from_parquet.exit_code == 0, (query, from_parquet.stderr)
        # Means and sums of floats may differ in the last bit: DuckDB adds in another order.
        assert json.loads(from_parquet.stdout) == close(json.loads(from_db.stdout)), query
    # not vacuous: several months, several countries, an edge, a place
    series = runner.invoke(app, ["aggregate", "series", "--parquet", str(out)]).stdout
    rows = series.splitlines()[1:]
    assert len(rows) == 5 and all(int(row.split(",")[2]) > 0 for row in rows)  # count column
    network = json.loads(
        runner.invoke(
            app, ["aggregate", "network", "--format", "json", "--parquet", str(out)]
        ).stdout
    )
    assert network["edges"]
    places = runner.invoke(app, ["aggregate", "places", "--format", "json", "--parquet", str(out)])
    assert json.loads(places.stdout)
    refused = runner.invoke(app, ["aggregate", "series", "--parquet", str(out), "--dedup"])
    assert refused.exit_code == 2


@pytest.fixture(scope="module")
def reference(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, str, dict[str, int], list[str]]:
    """The corpus, and what a `--workers 1` ingest of it stores (digest, counts, coded)."""
    tmp = tmp_path_factory.mktemp("reference")
    corpus = write_corpus(tmp / "corpus")
    with open_store(tmp / "one.sqlite") as one:
        ingest([str(corpus)], store=one, options=IngestOptions(workers=1, chunk_size=3))
        return corpus, events_digest(one), one.count(), coded_names(one)


@contextlib.contextmanager
def separate_cluster(
    folder: Path, *, workers: int, extra: tuple[str, ...] = (), env: dict[str, str] | None = None
) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """`dask scheduler` and `dask worker` processes on 127.0.0.1: (address, workers)."""
    import casus

    folder.mkdir()
    # the workers import the casus under test, wherever it is (source tree or installed)
    path = [str(Path(casus.__file__).parents[1]), str(Path(__file__).parent)]
    environ = {**os.environ, **(env or {})}
    environ["PYTHONPATH"] = os.pathsep.join([*path, environ.get("PYTHONPATH", "")])
    started: list[subprocess.Popen[bytes]] = []

    def start(name: str, *args: str) -> subprocess.Popen[bytes]:
        log = (folder / f"{name}.log").open("wb")  # a file: a full pipe would block it
        cmd = [sys.executable, "-m", *args]
        started.append(subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=environ))
        return started[-1]

    scheduler_file = folder / "scheduler.json"
    try:
        start(
            "scheduler",
            "distributed.cli.dask_scheduler",
            *("--host", "127.0.0.1", "--port", "0", "--no-dashboard"),
            *("--scheduler-file", str(scheduler_file)),
        )
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() or not scheduler_file.read_text().strip():
            assert time.monotonic() < deadline, (folder / "scheduler.log").read_text()
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        procs = [
            start(
                f"worker-{i}",
                "distributed.cli.dask_worker",
                address,
                *("--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard", *extra),
            )
            for i in range(workers)
        ]
        from distributed import Client

        with Client(address, timeout=60) as client:  # type: ignore[no-untyped-call]
            client.wait_for_workers(workers, timeout=60)  # type: ignore[no-untyped-call]
        yield address, procs
    finally:
        for proc in reversed(started):
            proc.terminate()
        for proc in started:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_separately_started_scheduler_and_workers_equal_one_worker(
    tmp_path: Path,
    reference: tuple[Path, str, dict[str, int], list[str]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    corpus, expected, counts, coded = reference
    # Big record files and crawls, to be coded as byte ranges (one task each); the files
    # read whole give the records, keys and events they must give.
    big = [str(p) for p in write_big_records(tmp_path / "big")]
    big += [str(write_big_warc(tmp_path / "big" / name)) for name in ("a.warc", "b.warc.gz")]
    with open_store(tmp_path / "whole.sqlite") as whole:
        read_whole = ingest(big, store=whole, options=IngestOptions(workers=0))
        expected_big, coded_big, log_big = events_digest(whole), coded_names(whole), failures(whole)
    caplog.set_level(logging.INFO, logger="casus.distributed")
    progress: list[Progress] = []
    with separate_cluster(tmp_path / "cluster", workers=2) as (address, _):
        with open_store(tmp_path / "dask.sqlite") as store:
            options = IngestOptions(dask=address, chunk_size=3)
            summary = ingest(
                [str(corpus)], store=store, options=options, on_progress=progress.append
            )
            assert summary.workers == 2 and len(summary.worker_peak_rss) == 2
            assert events_digest(store) == expected and counts["events"] > 0
            assert store.count()["articles"] == counts["articles"]
            assert coded_names(store) == coded
            # what the CLI's progress line shows (articles, events, failures, rate)
            assert progress[-1].coded == counts["articles"] and progress[-1].failed == 2
        with open_store(tmp_path / "split.sqlite") as store:
            split = IngestOptions(dask=address, chunk_size=3, split_bytes=256)
            ingest(big, store=store, options=split)
            assert events_digest(store) == expected_big and coded_names(store) == coded_big
            assert failures(store) == log_big and len(log_big) >= 4
            # the same keys as the files read whole: a rerun finds every record stored
            again = ingest(big, store=store, options=split)
            records = read_whole.coded + read_whole.skipped["duplicate"]  # texts read twice
            assert again.coded == 0 and again.skipped.get("stored") == records
            assert events_digest(store) == expected_big
    splits = [m for m in caplog.messages if "byte ranges" in m]  # all four files, both runs
    assert len(splits) == 8 and all(int(m.split(": ")[1].split()[0]) > 3 for m in splits)


def test_a_worker_killed_mid_task_loses_and_duplicates_nothing(
    tmp_path: Path, reference: tuple[Path, str, dict[str, int], list[str]]
) -> None:
    corpus, expected, counts, coded = reference
    mark = tmp_path / "killed"
    env = {"CASUS_TEST_KILL_ON": "report-4.txt", "CASUS_TEST_KILL_MARK": str(mark)}
    # no nanny: the killed worker stays dead, and the other one reruns its task
    extra = ("--no-nanny", "--preload", "dask_kill_preload")
    cluster = separate_cluster(tmp_path / "cluster", workers=2, extra=extra, env=env)
    with cluster as (address, procs), open_store(tmp_path / "dask.sqlite") as store:
        summary = ingest(
            [str(corpus)], store=store, options=IngestOptions(dask=address, chunk_size=3)
        )
        assert mark.exists(), "no worker was killed"
        codes = [p.poll() for p in procs]  # one killed by its task, one still running
        assert codes.count(-signal.SIGKILL) == 1 and codes.count(None) == 1
        assert events_digest(store) == expected
        assert store.count()["articles"] == counts["articles"]
        names = coded_names(store)  # every article coded and logged once
        assert names == coded and len(set(names)) == len(names)
        assert summary.coded == counts["articles"] and not summary.skipped.get("duplicate")


def write_big_records(folder: Path) -> tuple[Path, Path]:
    """A JSON Lines and a CSV file with what a line split must get right: a byte-order mark,
    blank lines, broken records, and (CSV) quoted fields holding newlines, commas, quotes."""
    folder.mkdir()
    lines = []
    for i in range(30):
        text = f"{SENTENCES[i % len(SENTENCES)]} Report number {i}."
        lines.append(json.dumps({"id": i, "text": text, "date": f"2024-02-{1 + i % 28:02}"}))
        if i % 7 == 3:
            lines.append("")
        if i % 11 == 5:
            lines.append('{"text": broken')
    jsonl = folder / "big.jsonl"
    jsonl.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode() + b"\n")
    rows = ["", "id,date,text"]
    for i in range(30):
        text = SENTENCES[i % len(SENTENCES)]
        if i % 4 == 1:
            text = f'"{text}\nThe ""envoy"" said, again:\n{text}"'
        rows.append(f"c{i},2024-03-{1 + i % 28:02},{text}")
        if i % 9 == 4:
            rows.append("c-bad,2024-03-01")
    csv_file = folder / "big.csv"
    csv_file.write_bytes(b"\xef\xbb\xbf" + "\n".join(rows).encode())  # no newline at the end
    return jsonl, csv_file


@pytest.mark.parametrize("split_bytes", [40, 97, 256, 1000])
def test_byte_ranges_read_the_records_of_the_whole_file(tmp_path: Path, split_bytes: int) -> None:
    from casus.readers import FieldMap, read_sources
    from casus.readers.ranges import count_range, nominal_ranges, plan_ranges, read_range

    for path in write_big_records(tmp_path / "records"):
        whole = list(read_sources([str(path)]))
        assert sum(isinstance(item, ReadFailure) for item in whole) >= 2
        size = path.stat().st_size
        counts = [count_range(str(path), a, b) for a, b in nominal_ranges(size, split_bytes)]
        fmt = path.suffix.removeprefix(".")
        ranges = plan_ranges(str(path), fmt, counts)
        assert ranges is not None and len(ranges) > 2, (path, split_bytes)
        assert ranges[0].start == 0 and ranges[-1].end == size
        assert all(a.end == b.start for a, b in itertools.pairwise(ranges))
        split = [item for part in ranges for item in read_range(part, fields=FieldMap())]
        assert split == whole, (path, split_bytes)


def test_dedup_of_a_parquet_dataset_equals_the_database_dedup(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from casus.cli import app

    runner = CliRunner()
    # the same events reported by several articles a day apart: canonical events to find
    lines = []
    for i in range(12):
        text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(3))
        record = {"id": f"r{i}", "text": text, "date": f"2024-{1 + i // 4:02}-{3 + i % 2:02}"}
        lines.append(json.dumps(record) + "\n")
    records = tmp_path / "news.jsonl"
    records.write_text("".join(lines))
    db, out = tmp_path / "db.sqlite", tmp_path / "events"
    ingested = runner.invoke(
        app, ["ingest", str(records), "--db", str(db), "--workers", "0", "--out", str(out)]
    )
    assert ingested.exit_code == 0, ingested.stderr
    # before `casus dedup --out`, the dataset has no canonical events: refused, one line
    refused = runner.invoke(app, ["export", "--parquet", str(out), "--format", "csv", "--dedup"])
    assert refused.exit_code == 2 and "casus dedup" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    nowhere = runner.invoke(app, ["dedup", "--db", str(db), "--out", str(tmp_path / "none")])
    assert nowhere.exit_code == 2 and "not a Parquet dataset" in nowhere.stderr
    deduped = runner.invoke(app, ["dedup", "--db", str(db), "--out", str(out)])
    assert deduped.exit_code == 0, deduped.stderr
    # the dataset reads as before without --dedup (the canonical links are no partition)
    raw_db = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl"]).stdout
    raw_pq = runner.invoke(app, ["export", "--parquet", str(out), "--format", "jsonl"]).stdout
    assert raw_pq == raw_db
    for fmt in ("jsonl", "csv"):
        for filters in ([], ["--root", "19"], ["--since", "2024-02-01", "--quad", "4"]):
            args = ["export", "--format", fmt, "--dedup", *filters]
            from_db = runner.invoke(app, [*args, "--db", str(db)])
            from_parquet = runner.invoke(app, [*args, "--parquet", str(out)])
            assert from_parquet.exit_code == 0, from_parquet.stderr
            assert from_parquet.stdout == from_db.stdout, (fmt, filters)
    canonical = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", "--dedup"])
    # not vacuous: events merged, some of them from several articles
    assert 0 < len(canonical.stdout.splitlines()) < len(raw_db.splitlines())
    merged = [json.loads(line)["dedup"] for line in canonical.stdout.splitlines()]
    assert any(counts["n_articles"] > 1 for counts in merged)
    for query in (
        ["series"],
        ["series", "--by", "country", "--interval", "week"],
        ["network", "--level", "country"],
        ["places"],
    ):
        query = [*query, "--format", "json", "--dedup"]
        from_db = runner.invoke(app, ["aggregate", *query, "--db", str(db)])
        from_parquet = runner.invoke(app, ["aggregate", *query, "--parquet", str(out)])
        assert from_db.exit_code == 0, (query, from_db.stderr)
        assert from_parquet.exit_code == 0, (query, from_parquet.stderr)
        assert json.loads(from_parquet.stdout) == close(json.loads(from_db.stdout)), query
    series = ["aggregate", "series", "--format", "json", "--parquet", str(out)]
    raw, deduplicated = (
        runner.invoke(app, [*series, *dedup]).stdout for dedup in ([], ["--dedup"])
    )
    assert json.loads(raw) != json.loads(deduplicated)


def write_big_warc(path: Path) -> Path:
    """A crawl (plain, or one gzip member a record for .gz) with what a split must get
    right: records of every kind, pages of very different sizes, a record bigger than a
    range, and a page that quotes a WARC record header (a false record start)."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "casus-test"}))
        for i in range(14):
            url = f"https://news.example/{i}"
            text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 3))
            body = f"<html><body><p>{text}</p><p>Report {i}.</p>".encode()
            if i == 5:  # bigger than most ranges
                body += b"<p>" + b"Filler words for a long page. " * 200 + b"</p>"
            if i == 8:  # a scan finds a record start here; only the walk knows better
                body += b"<pre>\nWARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\n</pre>"
            ctype = "image/png" if i % 6 == 4 else "text/html"
            request = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            )
            writer.write_record(request)
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            response = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body + b"</body></html>"),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": f"2024-04-{1 + i:02}T08:00:00Z"},
            )
            writer.write_record(response)
    return path


def warc_ranges(path: Path, split_bytes: int) -> list[Any]:
    from casus.readers.ranges import nominal_ranges
    from casus.readers.warc_ranges import count_warc_range, plan_warc_ranges

    size = path.stat().st_size
    counts = [count_warc_range(str(path), a, b) for a, b in nominal_ranges(size, split_bytes)]
    ranges = plan_warc_ranges(str(path), counts)
    assert ranges is not None and len(ranges) > 2, (path, split_bytes)
    assert ranges[0].start == 0 and ranges[-1].end == size
    assert all(a.end == b.start for a, b in itertools.pairwise(ranges))
    return ranges


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
@pytest.mark.parametrize("split_bytes", [64, 700, 2000])
def test_warc_ranges_read_each_record_of_the_whole_file_once(
    tmp_path: Path, name: str, split_bytes: int
) -> None:
    from casus.readers import read_sources
    from casus.readers.warc_ranges import read_warc_range

    path = write_big_warc(tmp_path / name)
    whole = list(read_sources([str(path)]))
    docs = [item for item in whole if isinstance(item, RawDoc)]
    assert len(docs) == 12 and sum(isinstance(i, ReadFailure) for i in whole) == 2
    ranges = warc_ranges(path, split_bytes)
    split = [item for part in ranges for item in read_warc_range(part)]
    assert split == whole, (name, split_bytes)
    # every range starts at a record: a WARC header line, or a member that inflates to one
    data = path.read_bytes()
    for part in ranges:
        head = data[part.start : part.start + 4096]
        if part.gzip:
            head = zlib.decompressobj(wbits=31).decompress(head)
        assert head.startswith(b"WARC/1.0\r\n"), part


def test_warc_ranges_find_record_starts_inside_straddling_records(tmp_path: Path) -> None:
    from casus.readers.ranges import nominal_ranges
    from casus.readers.warc_ranges import count_warc_range

    for name in ("crawl.warc", "crawl.warc.gz"):
        path = write_big_warc(tmp_path / name)
        size = path.stat().st_size
        counts = [count_warc_range(str(path), a, b) for a, b in nominal_ranges(size, 300)]
        nominal = nominal_ranges(size, 300)
        # most cuts fall inside a record: the range starts at the next record start
        moved = [c for c, (a, _) in zip(counts, nominal, strict=True) if c.start not in (None, a)]
        assert len(moved) > 10 and all(c.start % 300 for c in moved), name
        # the long page holds whole ranges: they find no record start of their own
        assert any(c.start is None for c in counts), name


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
@pytest.mark.parametrize("split_bytes", [64, 700])
def test_a_damaged_warc_record_fails_alone(tmp_path: Path, name: str, split_bytes: int) -> None:
    from casus.readers import read_sources
    from casus.readers.warc_ranges import read_warc_range

    path = write_big_warc(tmp_path / name)
    whole = list(read_sources([str(path)]))
    victim = next(item for item in whole if isinstance(item, RawDoc) and "/6" in str(item.url))
    offset = int(victim.name.rsplit("@", 1)[1])
    data = bytearray(path.read_bytes())
    if name.endswith(".gz"):  # garble the middle of the record's gzip member
        start = members(bytes(data))[offset]
        data[start + 40 : start + 60] = bytes(b ^ 0xFF for b in data[start + 40 : start + 60])
    else:  # a record header line that is no WARC header
        assert data[offset : offset + 8] == b"WARC/1.0"
        data[offset : offset + 8] = b"WARX/1.0"
    path.write_bytes(bytes(data))
    split = [item for part in warc_ranges(path, split_bytes) for item in read_warc_range(part)]
    failed = [item for item in split if item not in whole]
    assert len(failed) == 1 and isinstance(failed[0], ReadFailure), failed
    assert failed[0].name == victim.name and "\n" not in failed[0].reason
    assert failed[0].kind == ("broken-gzip" if name.endswith(".gz") else "broken-warc")
    # every other record is read, named as before
    assert split == [failed[0] if item is victim else item for item in whole]


def members(data: bytes) -> dict[int, int]:
    """The gzip members of a file: uncompressed offset -> file offset."""
    found: dict[int, int] = {}
    pos = done = 0
    while pos < len(data):
        inflate = zlib.decompressobj(wbits=31)
        found[done] = pos
        done += len(inflate.decompress(data[pos:]))
        pos = len(data) - len(inflate.unused_data)
    return found


def test_zero_padding_after_the_last_gzip_member_is_no_record(tmp_path: Path) -> None:
    from casus.readers import read_sources
    from casus.readers.warc_ranges import read_warc_range

    path = write_big_warc(tmp_path / "crawl.warc.gz")
    whole = list(read_sources([str(path)]))
    path.write_bytes(path.read_bytes() + bytes(1000))  # as some writers pad a block
    assert list(read_sources([str(path)])) == whole
    split = [item for part in warc_ranges(path, 700) for item in read_warc_range(part)]
    assert split == whole


def test_a_page_that_quotes_a_whole_warc_record_is_read_whole_or_right(tmp_path: Path) -> None:
    from casus.readers import read_sources
    from casus.readers.ranges import nominal_ranges
    from casus.readers.warc_ranges import count_warc_range, plan_warc_ranges, read_warc_range

    path = write_big_warc(tmp_path / "crawl.warc")
    fake = b"\nWARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n"
    data = path.read_bytes()
    quote = b"<pre>\nWARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\n</pre>"
    # the same length, so the WARC record around it stays whole
    padded = fake + b" " * (len(quote) - len(fake))
    assert data.count(quote) == 1 and len(padded) == len(quote)
    path.write_bytes(data.replace(quote, padded))
    whole = list(read_sources([str(path)]))
    fooled = 0
    size = path.stat().st_size
    for split_bytes in range(50, 1500, 37):
        counts = [count_warc_range(str(path), a, b) for a, b in nominal_ranges(size, split_bytes)]
        ranges = plan_warc_ranges(str(path), counts)
        if ranges is None:  # a scan took the quote for a record: the walk says no
            fooled += 1
            continue
        assert [item for part in ranges for item in read_warc_range(part)] == whole
    assert 0 < fooled < len(range(50, 1500, 37))
