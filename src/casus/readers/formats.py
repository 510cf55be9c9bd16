"""The input formats, in one table: a format's name, the file suffixes that name it, how its
first bytes give it away and the reader that turns it into documents.

The format of a file is the one forced (`casus ingest --format`, whose choices are the
names of this table), else the one its suffix names, else the first one, by `sniff_rank`,
whose `sniffs` accepts its first bytes. A new format is a new row (and its reader).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from casus.readers.base import FieldMap, Item
from casus.readers.feeds import read_feed
from casus.readers.files import Source, read_document
from casus.readers.records import read_csv, read_jsonl
from casus.readers.warc import read_warc

Reader = Callable[[Source, FieldMap, int], Iterator[Item]]  # source, fields, max bytes


@dataclass(frozen=True, slots=True)
class InputFormat:
    name: str
    suffixes: tuple[str, ...]  # lower case, with the dot; `.gz` is looked through
    read: Reader
    # `sniffs(start, head)`: whether a file no suffix names is in this format. `head` is its
    # first bytes, `start` their first 512 after a UTF-8 BOM and white space, lower case.
    # Formats are tried by rising `sniff_rank`; None: never guessed, only named or forced.
    sniffs: Callable[[bytes, bytes], bool] | None = None
    sniff_rank: int = 0


def _document(source: Source, fields: FieldMap, max_bytes: int) -> Iterator[Item]:
    yield read_document(source, max_bytes=max_bytes)


def _jsonl(source: Source, fields: FieldMap, max_bytes: int) -> Iterator[Item]:
    return read_jsonl(source.name, source.stream, fields=fields, max_bytes=max_bytes)


def _csv(source: Source, fields: FieldMap, max_bytes: int) -> Iterator[Item]:
    return read_csv(source.name, source.stream, fields=fields, max_bytes=max_bytes)


def _warc(source: Source, fields: FieldMap, max_bytes: int) -> Iterator[Item]:
    return read_warc(source.name, source.stream, max_bytes=max_bytes)


def _feed(source: Source, fields: FieldMap, max_bytes: int) -> Iterator[Item]:
    return read_feed(source.name, source.stream, max_bytes=max_bytes)


_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")


def _is_feed(start: bytes, head: bytes) -> bool:
    # An XML declaration alone is no feed: XHTML pages start with one too.
    if not start.startswith((b"<?xml", *_FEED_ROOTS)):
        return False
    lowered = head[:4096].lower()
    return any(root in lowered for root in _FEED_ROOTS)


def _is_html(start: bytes, head: bytes) -> bool:
    return start.startswith(b"<") or b"<html" in head[:4096].lower()


def _is_jsonl(start: bytes, head: bytes) -> bool:
    return start.startswith(b"{")


def _is_warc(start: bytes, head: bytes) -> bool:
    return start.startswith(b"warc/")


def _anything(start: bytes, head: bytes) -> bool:
    return True


# In the order `casus ingest --help` lists them. Sniffing tries WARC first (its records hold
# HTML), then feeds (XML, which the HTML test would take), and falls back to plain text.
INPUT_FORMATS: tuple[InputFormat, ...] = (
    InputFormat("html", (".html", ".htm", ".xhtml", ".shtml"), _document, _is_html, sniff_rank=2),
    InputFormat("text", (".txt", ".text"), _document, _anything, sniff_rank=9),
    InputFormat("jsonl", (".jsonl", ".ndjson", ".json"), _jsonl, _is_jsonl, sniff_rank=3),
    InputFormat("csv", (".csv", ".tsv"), _csv),
    InputFormat("warc", (".warc",), _warc, _is_warc, sniff_rank=0),
    InputFormat("feed", (".rss", ".atom", ".xml"), _feed, _is_feed, sniff_rank=1),
)

FORMATS = tuple(f.name for f in INPUT_FORMATS)
_BY_NAME = {f.name: f for f in INPUT_FORMATS}
_BY_SUFFIX = {suffix: f.name for f in INPUT_FORMATS for suffix in f.suffixes}
_SNIFFERS = [
    (f.sniffs, f.name)
    for f in sorted(INPUT_FORMATS, key=lambda f: f.sniff_rank)
    if f.sniffs is not None
]


def reader(name: str) -> Reader:
    """The reader of a format of the table; KeyError for any other name."""
    return _BY_NAME[name].read


def format_from_name(name: str) -> str | None:
    """The format an extension names (`.gz` looked through), or None."""
    path = Path(name.lower())
    if path.suffix in (".gz", ".gzip"):
        path = path.with_suffix("")
    return _BY_SUFFIX.get(path.suffix)


def sniff(head: bytes) -> str:
    """Guess a format from the first bytes when the name says nothing."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    # the last sniffer (text) accepts anything
    return next(name for sniffs, name in _SNIFFERS if sniffs(start, head))
