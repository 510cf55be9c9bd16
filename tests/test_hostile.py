"""Hostile inputs (issue 11): no input stalls or sinks a run; each fails alone, in one line.

Every input here is generated in tmp_path; none is committed.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

import casus.pipeline as pipeline_module
from casus.cli import app
from casus.cli.options import database_problem
from casus.context.mentions import PlaceMention, _qualifiers
from casus.context.places import Place
from casus.events.coder import EventCoder
from casus.ingest import MAX_ISSUES_PER_INPUT, IngestOptions, ingest
from casus.nlp import MAX_SENTENCE_TOKENS
from casus.pipeline import Coder, DocumentTimeout, split_text
from casus.readers import read_sources
from casus.store import LogEntry, open_store
from pg import ingest_log

runner = CliRunner()

STORY = (
    "Russian forces shelled rebel positions near Idlib on Tuesday. "
    "Turkey condemned the attack and summoned the Russian ambassador."
)
PHRASE = (
    "Russian forces shelled rebel positions near Idlib and Aleppo in Syria while officials "
    "in Moscow condemned Turkey "
)


def _no_traceback(output: str) -> None:
    assert "Traceback" not in output and "Error" not in output


# --- 1. one sentence must not stall everything ------------------------------------------


def test_text_without_a_sentence_break_is_coded_in_linear_time(
    coder: Coder, caplog: pytest.LogCaptureFixture
) -> None:
    # 8,000 characters of this took 15 s before (quadratic place search); 30,000 took minutes.
    text = (PHRASE * (30_000 // len(PHRASE) + 1))[:30_000]
    started = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger="casus.pipeline"):
        events = coder.code(text, doc_id="no-breaks")
    assert time.perf_counter() - started < 30
    assert events and all(
        text[e.evidence.start : e.evidence.end] == e.evidence.trigger for e in events
    )
    assert max(len(s) for s in coder.parse(text).sents) <= MAX_SENTENCE_TOKENS
    assert any("no-breaks" in r.message and "table or a list" in r.message for r in caplog.records)


def test_a_table_is_split_where_its_lines_break(coder: Coder) -> None:
    rows = "\n".join(f"Row {i} | Iran | Iraq | {i * 7} | closed" for i in range(200))
    doc = coder.parse(rows)
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS
    assert doc.text == rows


def _mention(start: int, kind: str, country: str, near: frozenset[str] = frozenset()) -> Any:
    place = Place(name=f"p{start}", kind=kind, country=country, countries=(country,))
    return PlaceMention(f"p{start}", start, start + 5, 0, (place,), False, near, frozenset())


def _qualifies_slowly(index: int, mentions: list[PlaceMention]) -> bool:
    """The old definition, all pairs: the reference for the linear version."""
    mention = mentions[index]
    if not all(p.kind == "country" for p in mention.readings):
        return False
    codes = {p.country for p in mention.readings}
    return any(
        other is not mention
        and not all(p.kind == "country" for p in other.readings)
        and codes & other.near
        and abs(other.start - mention.start) < 40
        for other in mentions
    )


def test_country_qualifiers_are_found_in_linear_time() -> None:
    rng = random.Random(11)
    countries = ["LBN", "LBY", "SYR", "IRQ"]
    small = [
        _mention(
            i * 9,
            rng.choice(["country", "city"]),
            rng.choice(countries),
            frozenset(rng.sample(countries, rng.randint(0, 2))),
        )
        for i in range(300)
    ]
    expected = {i for i in range(len(small)) if _qualifies_slowly(i, small)}
    assert _qualifiers(small) == expected and expected
    many = [_mention(i * 6, "country" if i % 2 else "city", "LBN", frozenset({"LBN"}))
            for i in range(60_000)]  # fmt: skip
    started = time.perf_counter()
    found = _qualifiers(many)
    assert time.perf_counter() - started < 3  # all pairs: 3.6e9 comparisons
    assert len(found) == 30_000


# --- 2. texts over spaCy's limit ----------------------------------------------------------


def test_split_text_keeps_every_character_and_cuts_at_paragraphs() -> None:
    rng = random.Random(2)
    words = ["alpha", "beta.", "gamma\n", "delta\n\n", "x" * 300]
    for _ in range(30):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 800)))
        parts = split_text(text, 500)
        assert "".join(parts) == text and all(len(p) <= 500 for p in parts)
    text = ("A paragraph of news. " * 20 + "\n\n") * 10
    assert all(p.endswith("\n\n") for p in split_text(text, 1000)[:-1])
    assert split_text("y" * 1200, 500) == ["y" * 500, "y" * 500, "y" * 200]


@pytest.fixture()
def small_spacy_limit(coder: Coder, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """spaCy's limit (1,000,000 characters) made small, and the parts below it."""
    monkeypatch.setattr(coder.nlp, "max_length", 4000)
    monkeypatch.setattr(pipeline_module, "PART_CHARS", 3000)
    yield 4000


def _long_text(limit: int) -> str:
    paragraphs = [
        f"Paragraph {i}. Russian forces shelled rebel positions near Idlib on Tuesday. "
        "Turkey condemned the attack and summoned the Russian ambassador in Ankara."
        for i in range(3 * limit // 150)
    ]
    return "\n\n".join(paragraphs)


def test_text_over_spacys_limit_is_coded_with_offsets_into_the_whole_text(
    coder: Coder, small_spacy_limit: int
) -> None:
    text = _long_text(small_spacy_limit)
    assert len(text) > 2 * small_spacy_limit
    doc = coder.parse(text)
    assert doc.text == text
    events = coder.code(text)
    assert any(e.evidence.start > 2 * small_spacy_limit for e in events)
    for e in events:
        assert text[e.evidence.start : e.evidence.end] == e.evidence.trigger
        for ref in (e.source, e.target):
            if ref is not None:
                assert text[ref.start : ref.end] == ref.text


def test_code_cli_codes_a_text_over_spacys_limit(tmp_path: Path, small_spacy_limit: int) -> None:
    big = tmp_path / "big.txt"
    big.write_text(_long_text(small_spacy_limit))
    small = tmp_path / "small.txt"
    small.write_text(STORY)
    result = runner.invoke(app, ["code", "--format", "jsonl", str(big), str(small)])
    assert result.exit_code == 0, result.output
    docs = {json.loads(x)["doc_id"] for x in result.stdout.splitlines()}
    assert docs == {str(big), str(small)}
    _no_traceback(result.stderr)


def test_ingest_codes_a_text_over_spacys_limit(tmp_path: Path, small_spacy_limit: int) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "big.txt").write_text(_long_text(small_spacy_limit))
    (tmp_path / "in" / "small.txt").write_text(STORY)
    with open_store(tmp_path / "db.sqlite") as store:
        summary = ingest([str(tmp_path / "in")], store=store, options=IngestOptions(workers=0))
    assert summary.coded == 2 and summary.ok


# --- 1. time budget ------------------------------------------------------------------------


@pytest.fixture()
def slow_marker(monkeypatch: pytest.MonkeyPatch) -> str:
    """Texts with this word take 2 s in the event coder."""
    marker = "Xyzzyslow"
    original = EventCoder.code_doc

    def code_doc(self: EventCoder, doc: Any, **kwargs: Any) -> Any:
        if marker in doc.text:
            time.sleep(2)
        return original(self, doc, **kwargs)

    monkeypatch.setattr(EventCoder, "code_doc", code_doc)
    return marker


def test_a_document_over_its_budget_fails_and_the_stream_goes_on(
    coder: Coder, slow_marker: str
) -> None:
    texts = [f"{slow_marker} said nothing. {STORY}", STORY]
    started = time.perf_counter()
    results = list(coder.code_results(texts, time_budget=0.5))
    assert time.perf_counter() - started < 1.8
    assert isinstance(results[0][1], DocumentTimeout)
    assert "over the time budget of 0.5 s" in str(results[0][1])
    assert isinstance(results[1][1], list) and results[1][1]
    with pytest.raises(DocumentTimeout):
        coder.code(texts[0], time_budget=0.5)


def test_a_long_texts_parse_counts_against_its_budget(coder: Coder) -> None:
    text = (PHRASE * (40_000 // len(PHRASE) + 1))[:40_000]
    started = time.perf_counter()
    results = list(coder.code_results([text, STORY], time_budget=0.2))
    assert time.perf_counter() - started < 1.5
    assert isinstance(results[0][1], DocumentTimeout) and isinstance(results[1][1], list)


def test_the_budget_holds_outside_the_main_thread(coder: Coder, slow_marker: str) -> None:
    # no SIGALRM in a thread (the web app's case): checked between stages instead
    caught: list[BaseException] = []

    def work() -> None:
        try:
            coder.code(f"{slow_marker} spoke. {STORY}", time_budget=0.5)
        except BaseException as exc:
            caught.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=30)
    assert caught and isinstance(caught[0], DocumentTimeout)


def test_code_cli_fails_a_slow_document_in_one_line(tmp_path: Path, slow_marker: str) -> None:
    slow = tmp_path / "slow.txt"
    slow.write_text(f"{slow_marker} spoke. {STORY}")
    fine = tmp_path / "fine.txt"
    fine.write_text(STORY)
    result = runner.invoke(
        app, ["code", "--format", "jsonl", "--time-budget", "0.5", str(slow), str(fine)]
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == f"casus: {slow}: over the time budget of 0.5 s per " + (
        f"document ({len(slow.read_text().strip())} characters)"
    )
    assert {json.loads(x)["doc_id"] for x in result.stdout.splitlines()} == {str(fine)}


def test_ingest_fails_a_slow_document_and_goes_on(tmp_path: Path, slow_marker: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a-slow.txt").write_text(f"{slow_marker} spoke. {STORY}")
    (tmp_path / "in" / "b.txt").write_text(STORY)
    issues: list[LogEntry] = []
    with open_store(tmp_path / "db.sqlite") as store:
        summary = ingest(
            [str(tmp_path / "in")],
            store=store,
            options=IngestOptions(workers=0, time_budget=0.5),
            on_issue=issues.append,
        )
    assert summary.coded == 1 and summary.failed == {"timeout": 1}
    assert [(Path(e.name).name, e.kind) for e in issues] == [("a-slow.txt", "timeout")]


# --- 3. JSON Lines records fail one by one ------------------------------------------------


def test_code_jsonl_bad_fields_and_bytes_fail_their_record_only(tmp_path: Path) -> None:
    src = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"id": "t", "text": STORY, "title": 5}).encode(),
        json.dumps({"id": "u", "text": STORY, "url": ["x"]}).encode(),
        b'{"id": "bad", "text": "caf\xe9 bombed"}',
        json.dumps({"id": "ok1", "text": STORY}).encode(),
        json.dumps({"id": 7, "text": "Chad expelled the French ambassador."}).encode(),
    ]
    src.write_bytes(b"\n".join(lines) + b"\n")
    result = runner.invoke(app, ["code", "--jsonl", "--format", "jsonl", str(src)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'casus: {src}:1: "title" is not a string (number)',
        f'casus: {src}:2: "url" is not a string (array)',
        f"casus: {src}:3: not valid UTF-8 (byte 26)",
    ]
    assert {json.loads(x)["doc_id"] for x in result.stdout.splitlines()} == {"ok1", "7"}


# --- 4. a cap on failure rows and lines ---------------------------------------------------


def test_failures_are_capped_per_input(tmp_path: Path) -> None:
    dump = tmp_path / "empty.jsonl.gz"
    with gzip.open(dump, "wt") as handle:
        for i in range(5000):
            handle.write(json.dumps({"id": i, "text": ""}) + "\n")
        handle.write(json.dumps({"id": "last", "text": STORY}) + "\n")
    other = tmp_path / "other.jsonl"
    other.write_text('{"text": ""}\n{"text": ""}\n')
    issues: list[LogEntry] = []
    with open_store(tmp_path / "db.sqlite") as store:
        summary = ingest(
            [str(dump), str(other)],
            store=store,
            options=IngestOptions(workers=0),
            on_issue=issues.append,
        )
        log = ingest_log(store, summary.run_id)
    assert summary.failed == {"empty": 5002} and summary.coded == 1
    failed = [e for e in log if e.status == "failed"]
    assert len(failed) == MAX_ISSUES_PER_INPUT + 1 + 2
    closing = [e for e in failed if e.name == str(dump)]
    assert len(closing) == 1 and closing[0].reason is not None
    assert closing[0].reason.startswith("4,900 more failed records not listed one by one")
    assert len(issues) == len(failed)  # the lines printed: the same as the rows


def test_ingest_cli_prints_at_most_the_cap_per_input(tmp_path: Path) -> None:
    dump = tmp_path / "empty.jsonl"
    dump.write_text('{"text": ""}\n' * 400)
    result = runner.invoke(app, ["ingest", str(dump), "--db", str(tmp_path / "db.sqlite"),
                                 "--workers", "0"])  # fmt: skip
    assert result.exit_code == 1
    lines = [x for x in result.stderr.splitlines() if x.startswith("casus:")]
    assert len(lines) == MAX_ISSUES_PER_INPUT + 1
    assert lines[99] == f"casus: {dump}:100: empty text"  # not "💯" (rich's emoji codes)
    assert lines[-1] == (
        f"casus: {dump}: 300 more failed records not listed one by one (empty 300); "
        f"the first {MAX_ISSUES_PER_INPUT} are"
    )


# --- 5. WARC lines are bounded ------------------------------------------------------------


def test_warc_with_a_huge_first_line_fails_fast(tmp_path: Path) -> None:
    crawl = tmp_path / "long.warc"
    crawl.write_bytes(b"WARC/1.0" + b"A" * 20_000_000 + b"\r\n\r\n")
    started = time.perf_counter()
    items = list(read_sources([str(crawl)]))
    assert time.perf_counter() - started < 2  # was 10.5 s and 226 MB
    assert [(i.kind, i.reason) for i in items] == [  # type: ignore[union-attr]
        ("broken-warc", "not a valid WARC file (a header line longer than 65,536 bytes)")
    ]


def test_warc_with_endless_http_headers_fails_fast(tmp_path: Path) -> None:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + b"X-A: b\r\n" * 400_000
    record = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.example/\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        + f"Content-Length: {len(http) + 2}\r\n\r\n".encode()
        + http
        + b"\r\n\r\n\r\n"
    )
    crawl = tmp_path / "headers.warc"
    crawl.write_bytes(record)
    started = time.perf_counter()
    items = list(read_sources([str(crawl)]))
    assert time.perf_counter() - started < 5
    assert [i.kind for i in items] == ["broken-warc"]  # type: ignore[union-attr]
    assert "headers longer than" in items[0].reason  # type: ignore[union-attr]


# --- 7. language and encoding -------------------------------------------------------------

ARABIC = (
    "أعلنت وزارة الخارجية يوم الثلاثاء أن الحكومة استدعت السفير الروسي احتجاجا على "
    "القصف الذي استهدف مواقع في شمال البلاد وأسفر عن سقوط ضحايا مدنيين."
)
CHINESE = "外交部周二表示，政府召见了俄罗斯大使，抗议对该国北部地区的炮击。炮击造成平民伤亡。"


def test_non_english_inputs_say_which_language(tmp_path: Path) -> None:
    arabic = tmp_path / "arabic.txt"
    arabic.write_text(ARABIC)
    chinese = tmp_path / "chinese.txt"
    chinese.write_text(CHINESE)
    french = tmp_path / "french.txt"
    french.write_text(
        "Le gouvernement a annoncé lundi une nouvelle série de mesures pour soutenir les "
        "agriculteurs touchés par la sécheresse dans le sud du pays, selon le ministre qui "
        "a présenté le plan devant les députés réunis à Paris pour une session extraordinaire."
    )
    result = runner.invoke(app, ["code", "--format", "jsonl", str(arabic), str(chinese),
                                 str(french)])  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"casus: {arabic}: not English (ar)",
        f"casus: {chinese}: not English (zh)",
        f"casus: {french}: not English (fr)",
    ]


def test_non_english_is_skipped_with_its_language_by_ingest(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        "\n".join(json.dumps({"id": n, "text": t}) for n, t in [("a", ARABIC), ("z", CHINESE)])
    )
    with open_store(tmp_path / "db.sqlite") as store:
        summary = ingest([str(dump)], store=store, options=IngestOptions(workers=0))
        log = ingest_log(store, summary.run_id)
    assert summary.skipped == {"not-english": 2} and summary.coded == 0
    assert [e.reason for e in log] == ["not English (ar)", "not English (zh)"]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_read(tmp_path: Path, codec: str) -> None:
    def encode(text: str) -> bytes:  # the -be codec writes no byte-order mark itself
        return (("\ufeff" + text) if codec.endswith("-be") else text).encode(codec)

    page = tmp_path / "story.txt"
    page.write_bytes(encode(STORY))
    result = runner.invoke(app, ["code", "--format", "jsonl", str(page)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()
    dump = tmp_path / "dump.jsonl"
    dump.write_bytes((json.dumps({"id": "r", "text": STORY}) + "\n").encode("utf-16"))
    html = tmp_path / "page.html"
    html.write_bytes(encode(f"<html><body><article><p>{STORY}</p></article></body></html>"))
    with open_store(tmp_path / "db.sqlite") as store:
        summary = ingest([str(dump), str(html), str(page)], store=store,
                         options=IngestOptions(workers=0))  # fmt: skip
    assert summary.failed == {} and summary.coded == 1 and summary.skipped == {"duplicate": 2}


# --- 8. one truthful status per input ----------------------------------------------------


def test_the_log_says_duplicate_for_an_article_stored_by_an_earlier_run(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY + "\n")  # another name, the same text
    with open_store(tmp_path / "db.sqlite") as store:
        ingest([str(tmp_path / "a.txt")], store=store, options=IngestOptions(workers=0))
        second = ingest([str(tmp_path / "b.txt")], store=store, options=IngestOptions(workers=0))
        log = ingest_log(store)
    assert second.skipped == {"duplicate": 1} and second.coded == 0
    assert [(Path(e.name).name, e.status, e.kind) for e in log] == [
        ("a.txt", "coded", None),
        ("b.txt", "skipped", "duplicate"),
    ]


# --- 9. bad databases ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    texts = [STORY, "Chad expelled the French ambassador.", "Ghana's president visited Togo."]
    for i, text in enumerate(texts * 10):
        (folder / f"{i:03}.txt").write_text(f"{text} Report {i}.")
    path = folder / "db.sqlite"
    with open_store(path) as store:
        ingest([str(folder)], store=store, options=IngestOptions(workers=0))
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def _corrupt_copy(source: Path, target: Path) -> Path:
    data = bytearray(source.read_bytes())
    rng = random.Random(9)
    for start in range(len(data) // 2 // 4096 * 4096, len(data), 4096):
        data[start : start + 4096] = rng.randbytes(4096)  # whole pages, headers included
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize(
    "command",
    [["stats"], ["export", "--format", "csv"], ["export", "--format", "jsonl"], ["dedup"]],
)
def test_a_damaged_database_gets_one_line(
    small_db: Path, tmp_path: Path, command: list[str]
) -> None:
    bad = _corrupt_copy(small_db, tmp_path / "bad.sqlite")
    result = runner.invoke(app, [*command, "--db", str(bad)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"casus: {bad}:")
    assert "damaged" in lines[0] and "restore it from a backup" in lines[0]
    assert "run the same command" not in lines[0]
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture()
def read_only_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite opens every database read-only (as for a file without write permission; the
    tests may run as root, for whom file permissions do not hold)."""
    import casus.store.store as store_module

    pragmas = store_module._sqlite_pragmas

    def read_only(dbapi_conn: Any, record: Any) -> None:
        pragmas(dbapi_conn, record)
        dbapi_conn.execute("PRAGMA query_only=ON")

    monkeypatch.setattr(store_module, "_sqlite_pragmas", read_only)


def test_dedup_on_a_read_only_database_gets_one_line(
    small_db: Path, tmp_path: Path, read_only_sqlite: None
) -> None:
    copy = tmp_path / "ro.sqlite"
    copy.write_bytes(small_db.read_bytes())
    result = runner.invoke(app, ["dedup", "--db", str(copy)])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"casus: {copy}: ") and line.endswith(
        "the database is read-only (attempt to write a readonly database); "
        "use a copy you can write to"
    )


def test_ingest_gives_the_right_advice_for_each_database_problem(
    small_db: Path, tmp_path: Path, read_only_sqlite: None
) -> None:
    (tmp_path / "new.txt").write_text("Kenya and Somalia signed a security pact.")
    copy = tmp_path / "ro.sqlite"
    copy.write_bytes(small_db.read_bytes())
    result = runner.invoke(
        app, ["ingest", str(tmp_path / "new.txt"), "--db", str(copy), "--workers", "0"]
    )
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "read-only" in line and "run the same command" not in line


def test_database_problems_get_the_advice_that_fits() -> None:
    def error(message: str) -> OperationalError:
        return OperationalError("SELECT 1", {}, sqlite3.OperationalError(message))

    damaged = database_problem(error("database disk image is malformed"), resumable=True)
    assert "damaged" in damaged and "run the same command" not in damaged
    read_only = database_problem(error("attempt to write a readonly database"), resumable=True)
    assert "read-only" in read_only and "run the same command" not in read_only
    locked = database_problem(error("database is locked"), resumable=True)
    assert "run the same command again" in locked
    full = database_problem(error("database or disk is full"), resumable=True)
    assert "free some space and run the same command to resume" in full
    assert database_problem(error("no such table: x")) == "no such table: x"


@pytest.mark.skipif(os.geteuid() == 0, reason="file permissions do not bind root")
def test_dedup_on_a_read_only_file_gets_one_line(small_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "ro.sqlite"
    copy.write_bytes(small_db.read_bytes())
    copy.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        result = runner.invoke(app, ["dedup", "--db", str(copy)])
    finally:
        tmp_path.chmod(0o755)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"casus: {copy}: ") and "run the same command" not in line


# --- 1. SIGTERM stops the server, even with a request still coding ------------------------

_SLOW_SERVER = """
import sys, time
import casus.cli.serve as serve
import casus.pipeline as pipeline

def code_article(self, article, **kwargs):
    time.sleep(120)
    return []

pipeline.Coder.__init__ = lambda self, **kwargs: None
pipeline.Coder.code_article = code_article
serve.SHUTDOWN_SECONDS = 1
from casus.cli import main
sys.argv = ["casus", "serve", "--db", sys.argv[1], "--port", sys.argv[2]]
main()
"""


def test_sigterm_stops_the_server_while_a_request_is_coding(small_db: Path, tmp_path: Path) -> None:
    script = tmp_path / "slow_server.py"
    script.write_text(_SLOW_SERVER)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, str(script), str(small_db), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        body = json.dumps({"text": STORY}).encode()
        request = (
            f"POST /api/v1/code HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
            client.sendall(request)
            time.sleep(1.0)  # the request is now in the coder
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=20)  # it waited forever before
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_code_cli_prints_at_most_the_cap_per_input(tmp_path: Path) -> None:
    dump = tmp_path / "empty.jsonl"
    dump.write_text('{"text": ""}\n' * 250 + json.dumps({"id": "ok", "text": STORY}) + "\n")
    result = runner.invoke(app, ["code", "--jsonl", "--format", "jsonl", str(dump)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == MAX_ISSUES_PER_INPUT + 1
    assert lines[-1] == (
        f"casus: {dump}: 150 more failed records not listed one by one; "
        f"the first {MAX_ISSUES_PER_INPUT} are"
    )
    assert {json.loads(x)["doc_id"] for x in result.stdout.splitlines()} == {"ok"}


def test_a_page_whose_extraction_runs_over_the_budget_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import casus.extract

    original = casus.extract.trafilatura.bare_extraction

    def bare_extraction(html: str, **kwargs: Any) -> Any:
        if "Xyzzyslow" in html:
            time.sleep(2)
        return original(html, **kwargs)

    monkeypatch.setattr(casus.extract.trafilatura, "bare_extraction", bare_extraction)
    page = "<html><body><article><h1>{}</h1><p>{}</p><p>{}</p></article></body></html>"
    slow = tmp_path / "a-slow.html"
    slow.write_text(page.format("Xyzzyslow", STORY, "The talks will go on."))
    fine = tmp_path / "b.html"
    fine.write_text(page.format("Shelling", STORY, "The talks will go on."))
    result = runner.invoke(
        app, ["code", "--format", "jsonl", "--time-budget", "0.5", str(slow), str(fine)]
    )
    assert result.exit_code == 1
    size = len(slow.read_bytes())
    assert result.stderr.splitlines() == [
        f"casus: {slow}: extraction over the time budget of 0.5 s per document ({size} bytes)"
    ]
    assert {json.loads(x)["doc_id"] for x in result.stdout.splitlines()} == {str(fine)}
    with open_store(tmp_path / "db.sqlite") as store:
        summary = ingest(
            [str(slow), str(fine)], store=store, options=IngestOptions(workers=0, time_budget=0.5)
        )
    assert summary.failed == {"timeout": 1} and summary.coded == 1
