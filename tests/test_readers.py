"""Readers: every source format, broken input named and categorised, big input streamed."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import pickle
import shutil
import sys
import tracemalloc
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from casus.extract import InputError, decode, extract
from casus.model import RawDoc
from casus.readers import FieldMap, ReadFailure, read_sources

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
PAGE = (
    "<html><head><title>Ministers meet</title></head><body><article>"
    "<p>The foreign minister of Côte d’Ivoire met his counterpart from Ghana in Abidjan on "
    "Thursday, and both said the “frank” talks on fishing rights would continue.</p>"
    "</article></body></html>"
)


def _read(*sources: str | Path, **options: object) -> list[RawDoc | ReadFailure]:
    return list(read_sources([str(s) for s in sources], **options))  # type: ignore[arg-type]


def _failures(items: list[RawDoc | ReadFailure]) -> dict[str, str]:
    return {item.name: item.kind for item in items if isinstance(item, ReadFailure)}


def _docs(items: list[RawDoc | ReadFailure]) -> list[RawDoc]:
    return [item for item in items if isinstance(item, RawDoc)]


def _write_warc(path: Path, *, compress: bool) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "casus-test"}))
        page = PAGE.encode("cp1252")
        records = [
            ("https://news.example/a", "200 OK", "text/html; charset=windows-1252", page),
            ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n\x00"),
            ("https://news.example/old", "301 Moved Permanently", "text/html", b"<p>moved</p>"),
            ("https://news.example/b", "200 OK", "text/html", page.replace(b"Ghana", b"Togo")),
        ]
        for url, status, ctype, body in records:
            request = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            )
            writer.write_record(request)
            headers = StatusAndHeaders(
                status,
                [("Content-Type", ctype), ("Date", "Tue, 05 Mar 2024 08:00:00 GMT")],
                protocol="HTTP/1.1",
            )
            response = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-03-06T01:02:03Z"},
            )
            writer.write_record(response)


def test_directory_is_walked_sorted_and_hidden_files_skipped() -> None:
    items = _read(FIXTURES / "corpus")
    names = [Path(item.name).relative_to(FIXTURES / "corpus").as_posix() for item in items]
    assert names == ["a_envoys.html", "b_floods.txt", "sub/c_talks.txt"]
    assert all(isinstance(item, RawDoc) and isinstance(item.content, bytes) for item in items)


def test_same_sources_give_the_same_names_every_time(tmp_path: Path) -> None:
    _write_warc(tmp_path / "crawl.warc.gz", compress=True)
    sources = [FIXTURES, tmp_path / "crawl.warc.gz"]
    first = [item.name for item in _read(*sources)]
    assert first == [item.name for item in _read(*sources)]
    assert len(first) == len(set(first)) > 20


def test_glob_and_missing_sources(tmp_path: Path) -> None:
    items = _read(FIXTURES / "corpus" / "**" / "*.txt", tmp_path / "nope.txt", tmp_path / "*.x")
    assert [Path(i.name).name for i in _docs(items)] == ["b_floods.txt", "c_talks.txt"]
    assert _failures(items) == {
        str(tmp_path / "nope.txt"): "missing",
        str(tmp_path / "*.x"): "missing",
    }


def test_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = b'{"text": "Rebels freed ten hostages on Monday.", "id": "s1"}\n{broken\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    items = _read("-")
    assert [d.id for d in _docs(items)] == ["s1"]
    assert _failures(items) == {"-:2": "broken-json"}


def test_broken_files_fail_with_kind() -> None:
    items = _read(FIXTURES / "empty.txt", FIXTURES / "binary.html", FIXTURES / "broken.rss")
    assert _failures(items) == {
        str(FIXTURES / "empty.txt"): "empty",
        str(FIXTURES / "binary.html"): "binary",
        str(FIXTURES / "broken.rss"): "broken-feed",
    }
    assert all(isinstance(i, ReadFailure) and "\n" not in i.reason for i in items)


def test_jsonl_records_and_bad_lines_are_named_by_line() -> None:
    items = _read(FIXTURES / "articles.jsonl", date=dt.date(2024, 1, 1))
    path = str(FIXTURES / "articles.jsonl")
    assert _failures(items) == {
        f"{path}:2": "bad-date",
        f"{path}:3": "broken-json",
        f"{path}:4": "bad-record",
        f"{path}:5": "bad-record",
        f"{path}:7": "empty",
    }
    first, last = _docs(items)
    assert (first.name, first.id, first.title, first.date) == (
        f"{path}:1",
        "r1",
        "Hospital wing opens",
        dt.date(2024, 2, 9),
    )
    assert last.date == dt.date(2024, 3, 7)  # an RFC 2822 date, not the default


def test_csv_with_field_map_and_malformed_rows() -> None:
    fields = FieldMap(text="body", id="doc", date="published", url="link", title="headline")
    items = _read(FIXTURES / "articles.csv", fields=fields)
    path = str(FIXTURES / "articles.csv")
    assert _failures(items) == {
        f"{path}:3": "broken-csv",
        f"{path}:4": "bad-date",
        f"{path}:7": "empty",
    }
    first, multiline = _docs(items)
    assert (first.id, first.url, first.title) == ("c1", "https://news.example/c1", "Smugglers held")
    assert multiline.name == f"{path}:5"
    assert isinstance(multiline.content, str) and 'The "quoted" minister' in multiline.content
    no_column = _read(FIXTURES / "articles.csv")
    assert _failures(no_column) == {path: "broken-csv"}
    assert "body" in no_column[0].reason  # type: ignore[union-attr]


def test_tsv_and_gzipped_csv(tmp_path: Path) -> None:
    (tmp_path / "a.tsv").write_text("id\ttext\nt1\tTroops left the town.\n")
    (tmp_path / "b.csv.gz").write_bytes(gzip.compress(b"text\nPolice made arrests.\n"))
    docs = _docs(_read(tmp_path))
    assert [d.content for d in docs] == ["Troops left the town.", "Police made arrests."]


def test_feeds_give_one_document_per_entry() -> None:
    items = _read(FIXTURES / "feed.rss", FIXTURES / "feed.atom")
    rss = str(FIXTURES / "feed.rss")
    assert _failures(items) == {f"{rss}#3": "no-text"}
    docs = _docs(items)
    assert [d.name.rsplit("#", 1)[1] for d in docs] == ["1", "2", "1"]
    water = extract(docs[0])
    assert water.title == "Ministers agree on water deal"
    assert water.published == dt.date(2024, 3, 5) and water.url == "https://news.example/water"
    assert docs[0].outlet == "The Example Courier"
    election = extract(docs[2])
    assert "first Sunday of September" in election.text and "Short summary" not in election.text
    assert election.published == dt.date(2024, 4, 1)


@pytest.mark.parametrize("compress", [True, False])
def test_warc_responses_become_documents(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    _write_warc(path, compress=compress)
    items = _read(path)
    kinds = [item.kind if isinstance(item, ReadFailure) else "doc" for item in items]
    assert kinds == ["doc", "non-html-record", "non-html-record", "doc"]
    page = items[0]
    assert isinstance(page, RawDoc) and page.url == "https://news.example/a"
    assert page.charset == "windows-1252" and page.name.startswith(f"{path}@")
    article = extract(page)
    assert "Côte d’Ivoire" in article.text and "“frank”" in article.text
    assert article.published == dt.date(2024, 3, 6)  # the crawl date: the page names none


def test_truncated_gzip_keeps_what_came_before(tmp_path: Path) -> None:
    lines = b"".join(
        json.dumps({"text": f"Record {i} " + "word " * (i % 50)}).encode() + b"\n"
        for i in range(2000)
    )
    data = gzip.compress(lines)
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    items = _read(tmp_path / "cut.jsonl.gz")
    *docs, failure = items
    assert isinstance(failure, ReadFailure) and failure.kind == "broken-gzip"
    assert 100 < len(docs) < 2000 and all(isinstance(d, RawDoc) for d in docs)
    warc = tmp_path / "cut.warc.gz"
    _write_warc(warc, compress=True)
    warc.write_bytes(warc.read_bytes()[:-40])
    kinds = [getattr(item, "kind", "doc") for item in _read(warc)]
    assert kinds[0] == "doc" and kinds[-1] == "broken-gzip"
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress(PAGE.encode())[:-12])
    assert _failures(_read(page)) == {str(page): "broken-gzip"}


def test_not_a_warc(tmp_path: Path) -> None:
    bad = tmp_path / "bad.warc"
    bad.write_text("this is not a web archive\n")
    assert _failures(_read(bad)) == {str(bad): "broken-warc"}


def test_html_that_lies_about_its_charset_is_decoded() -> None:
    for name in ("lying_utf8.html", "lying_cyrillic.html"):
        (doc,) = _docs(_read(FIXTURES / name))
        text = extract(doc).text
        assert "Côte d’Ivoire" in text and "São Tomé" in text and "“frank and friendly”" in text
    # The transport's charset is a hint, not an order: a wrong one loses to the evidence.
    data = "The minister of Côte d'Ivoire spoke in Accra.".encode("cp1252")
    assert "Côte" in decode(data, charset="koi8-r")
    assert decode("Москва".encode("koi8-r"), charset="koi8-r") == "Москва"


@pytest.mark.parametrize("name", ["french.txt", "spanish.txt", "german.html"])
def test_non_english_is_refused(name: str) -> None:
    (doc,) = _docs(_read(FIXTURES / name))
    with pytest.raises(InputError) as caught:
        extract(doc)
    assert caught.value.kind == "not-english"


def test_input_error_kind_survives_pickling() -> None:
    error = pickle.loads(pickle.dumps(InputError("empty file", kind="empty")))
    assert isinstance(error, InputError) and error.kind == "empty" and str(error) == "empty file"
    with pytest.raises(ValueError, match="unknown"):
        InputError("x", kind="no-such-kind")


def test_huge_text_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    line = b"Officials said the talks would continue next week in the capital.\n"
    with big.open("wb") as handle:
        for _ in range(50_000_000 // len(line) + 1):
            handle.write(line)
    assert big.stat().st_size > 50_000_000
    tracemalloc.start()
    items = _read(big)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert _failures(items) == {str(big): "too-large"}
    assert peak < 2_000_000


def test_compressed_huge_file_stops_at_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt.gz"
    with gzip.open(big, "wb") as handle:
        handle.write(b"word " * 2_000_000)
    tracemalloc.start()
    items = _read(big, max_bytes=1_000_000)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert _failures(items) == {str(big): "too-large"}
    assert peak < 5_000_000


def test_big_jsonl_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    record = json.dumps({"text": "Troops withdrew from the border town. " * 50}).encode() + b"\n"
    with path.open("wb") as handle:
        for _ in range(20_000):
            handle.write(record)
    handle_count = 0
    tracemalloc.start()
    for item in read_sources([str(path)]):
        assert isinstance(item, RawDoc)
        handle_count += 1
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert handle_count == 20_000 and path.stat().st_size > 35_000_000
    assert peak < 5_000_000


def test_overlong_record_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    long = json.dumps({"text": "x" * 5000})
    path.write_text(f'{long}\n{{"text": "Short one."}}\n')
    items = _read(path, max_bytes=1000)
    assert _failures(items) == {f"{path}:1": "too-large"}
    assert [d.name for d in _docs(items)] == [f"{path}:2"]


def test_forced_format_and_unknown_format(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "articles.jsonl", tmp_path / "dump.data")
    assert len(_docs(_read(tmp_path / "dump.data", fmt="jsonl"))) == 2
    assert len(_docs(_read(tmp_path / "dump.data"))) == 2  # sniffed: starts with "{"
    with pytest.raises(ValueError, match="unknown format"):
        read_sources(["x"], fmt="pdf")
