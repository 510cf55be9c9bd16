"""Ingest: a mixed folder into a store, re-runs add nothing, results do not depend on workers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from casus.ingest import IngestOptions, Progress, ingest, raw_key
from casus.model import RawDoc
from casus.store import LogEntry, Store, open_store
from casus.store.schema import articles
from pg import ingest_log

# Short reports written for these tests; each file's text differs.
STORIES = [
    "Ugandan troops attacked rebel camps in eastern Congo on Tuesday.\n\n"
    "The army said the operation would continue.",
    "Chad expelled the French ambassador on Monday.\n\n"
    "The government in N'Djamena accused Paris of interference.",
    "Kenya and Somalia signed an agreement to share intelligence on al-Shabaab.",
    "Russian forces shelled Ukrainian positions near Kharkiv overnight.\n\n"
    "Ukraine appealed to its allies for more air defence.",
]

NOT_ENGLISH = (
    "Le gouvernement a annoncé lundi une nouvelle série de mesures pour soutenir les "
    "agriculteurs touchés par la sécheresse dans le sud du pays, selon le ministre qui "
    "a présenté le plan devant les députés réunis à Paris pour une session extraordinaire "
    "consacrée à la crise et aux aides promises par les autorités régionales."
)


def mixed_folder(root: Path) -> Path:
    """Text, HTML and JSON Lines inputs, plus an empty file, a binary page and a duplicate."""
    folder = root / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(STORIES[0])
    (folder / "sub" / "b.txt").write_text(STORIES[1])
    (folder / "sub" / "b-copy.txt").write_text(STORIES[1])  # same text, another name
    (folder / "c.html").write_text(
        "<html><head><title>Pact</title></head><body><article><h1>Pact</h1>"
        f"<p>{STORIES[2]}</p><p>Both governments welcomed the deal on Friday.</p>"
        "</article></body></html>"
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "french.txt").write_text(NOT_ENGLISH)
    records = [
        {"id": "r1", "text": STORIES[3], "date": "2024-03-02", "title": "Shelling"},
        {"id": "r2", "text": "Ghana's president visited Togo on Monday."},
    ]
    lines = [json.dumps(r) for r in records]
    lines.insert(1, "{not json")
    (folder / "dump.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def event_rows(store: Store) -> list[dict[str, Any]]:
    return list(store.iter_events())


def stored_articles(store: Store) -> list[tuple[str, str, str]]:
    stmt = select(articles.c.id, articles.c.name, articles.c.raw_key).order_by(articles.c.id)
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(stmt)]


def test_mixed_folder_is_coded_and_bad_inputs_are_logged(tmp_path: Path) -> None:
    folder = mixed_folder(tmp_path)
    issues: list[LogEntry] = []
    progress: list[Progress] = []
    with open_store(tmp_path / "db.sqlite") as store:
        summary = ingest(
            [str(folder)],
            store=store,
            options=IngestOptions(workers=0, batch_size=2, chunk_size=3),
            on_progress=progress.append,
            on_issue=issues.append,
        )
        counts = store.count()
        log = ingest_log(store, summary.run_id)
    # a, b, b-copy, c, empty, image, french, 3 JSON lines
    assert summary.read == 10
    assert summary.coded == 5
    assert summary.skipped == {"duplicate": 1, "not-english": 1}
    assert summary.failed == {"binary": 1, "broken-json": 1, "empty": 1}
    assert not summary.ok
    assert counts["articles"] == 5 and counts["events"] == summary.events > 0
    failed = {e.name.rsplit("/", 1)[-1]: e for e in issues if e.status == "failed"}
    assert set(failed) == {"empty.txt", "image.html", "dump.jsonl:2"}
    assert all(e.reason and "\n" not in e.reason for e in failed.values())
    assert {e.status for e in log} == {"coded", "skipped", "failed"}
    assert sum(e.status == "coded" for e in log) == 5
    assert progress and progress[-1].read == 10 and progress[-1].events == summary.events


def test_events_name_the_document_and_articles_are_keyed_by_text(tmp_path: Path) -> None:
    folder = mixed_folder(tmp_path)
    with open_store(tmp_path / "db.sqlite") as store:
        ingest([str(folder)], store=store, options=IngestOptions(workers=0))
        rows = event_rows(store)
    doc_ids = {r["doc_id"] for r in rows}
    assert "r1" in doc_ids  # a JSON record's own id
    assert str(folder / "a.txt") in doc_ids
    shelling = [r for r in rows if r["doc_id"] == "r1"]
    assert all(len(r["article"]["id"]) == 64 for r in shelling)
    assert {r["article"]["published"] for r in shelling} == {"2024-03-02"}
    # regression: the article row named a JSON record by its line, its events by its id
    assert {r["article"]["doc_id"] for r in shelling} == {"r1"}


def test_rerun_adds_nothing_and_new_files_are_added(tmp_path: Path) -> None:
    folder = mixed_folder(tmp_path)
    options = IngestOptions(workers=0, batch_size=2)
    with open_store(tmp_path / "db.sqlite") as store:
        first = ingest([str(folder)], store=store, options=options)
        before = store.count()
        again = ingest([str(folder)], store=store, options=options)
        assert store.count()["articles"] == before["articles"]
        assert store.count()["events"] == before["events"]
        assert again.coded == 0 and again.events == 0
        # coded and skipped inputs are passed over; failed ones are tried (and fail) again
        assert again.skipped == {"stored": 7}
        assert again.failed == first.failed
        (folder / "new.txt").write_text("Egypt hosted talks between Sudan's warring parties.")
        third = ingest([str(folder)], store=store, options=options)
        assert third.coded == 1 and store.count()["articles"] == before["articles"] + 1
    assert first.coded == before["articles"]


def test_same_text_under_a_new_name_in_a_later_run_is_a_duplicate(tmp_path: Path) -> None:
    folder = mixed_folder(tmp_path)
    with open_store(tmp_path / "db.sqlite") as store:
        ingest([str(folder)], store=store, options=IngestOptions(workers=0))
        copy = tmp_path / "elsewhere" / "renamed.txt"
        copy.parent.mkdir()
        copy.write_text(STORIES[0])
        summary = ingest([str(copy)], store=store, options=IngestOptions(workers=0))
    assert summary.coded == 0 and summary.events == 0
    assert summary.skipped == {"duplicate": 1} and summary.ok


def test_raw_key_depends_on_name_and_content() -> None:
    a = raw_key(RawDoc("a.txt", b"text"))
    assert a == raw_key(RawDoc("a.txt", "text"))
    assert a != raw_key(RawDoc("b.txt", b"text"))
    assert a != raw_key(RawDoc("a.txt", b"other"))


def test_stored_events_do_not_depend_on_worker_count(tmp_path: Path) -> None:
    folder = mixed_folder(tmp_path)
    for i, text in enumerate(STORIES * 3):
        (folder / f"more-{i:02}.txt").write_text(f"{text}\n\nReport number {i} of the day.")
    results = []
    for workers in (0, 1, 2):
        with open_store(tmp_path / f"w{workers}.sqlite") as store:
            summary = ingest(
                [str(folder)],
                store=store,
                options=IngestOptions(workers=workers, batch_size=5, chunk_size=4),
            )
            rows = event_rows(store)
            articles = stored_articles(store)
        results.append((summary.coded, summary.events, summary.skipped, rows, articles))
        if workers:
            # a worker that starts late may find no chunk left to code
            assert 1 <= len(summary.worker_peak_rss) <= workers
            assert all(rss > 50 * 2**20 for rss in summary.worker_peak_rss.values())
    assert results[0][0] == 17
    assert results[0] == results[1] == results[2]


@pytest.mark.parametrize("chunk_size", [1, 100])
def test_chunk_size_does_not_change_the_result(tmp_path: Path, chunk_size: int) -> None:
    folder = mixed_folder(tmp_path)
    with open_store(tmp_path / "db.sqlite") as store:
        summary = ingest(
            [str(folder)], store=store, options=IngestOptions(workers=0, chunk_size=chunk_size)
        )
    assert summary.coded == 5 and summary.skipped == {"duplicate": 1, "not-english": 1}


def test_each_backend_stores_the_same_and_a_rerun_adds_nothing(db_url: str, tmp_path: Path) -> None:
    folder = mixed_folder(tmp_path)
    options = IngestOptions(workers=0, batch_size=2)
    with open_store(db_url) as store:
        first = ingest([str(folder)], store=store, options=options)
        rows = event_rows(store)
        again = ingest([str(folder)], store=store, options=options)
        counts = store.count()
    assert first.coded == counts["articles"] == 5 and first.events == counts["events"]
    assert again.coded == 0 and again.skipped == {"stored": 7}
    assert len(rows) == first.events and {r["doc_id"] for r in rows} >= {"r1"}
