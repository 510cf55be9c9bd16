"""Byte ranges of one big JSON Lines or CSV file, read as if the file were read whole.

A Dask ingest splits a record file bigger than `IngestOptions.split_bytes` so that many
workers code it at once. The client only knows the file's size; it never reads the file.
Splitting takes two kinds of task:

1. `count_range` (cheap, one per nominal range `[k·size, (k+1)·size)`): move both ends to
   the next line start, and count the newlines and the quote characters in between.
2. `read_range` (one per range, inside the coding task): read the lines of the range.

Records are named `path:LINE` (casus.readers), and their keys hash the name, so a range
must know the number of its first line: it is one plus the newlines of the ranges before
it, summed by the client from step 1. That makes names, keys, resumes and digests the
same as when the file is one task.

CSV keeps its header: a range after the first reads the file's header line again. A
quoted field may hold a newline, and a split there would cut a record in two. In a CSV
file that follows RFC 4180 (quotes only around a field, doubled inside it) a line start
is inside a quoted field exactly when an odd number of quote characters comes before it;
the client joins a range to the one before when its start is at odd parity, and reads a
file with an odd number of quote characters whole. A file with quote characters inside
unquoted fields (`a 5" screen`, which Python's csv module reads as text; not RFC 4180) can
fool that count and be cut inside a quoted field: keep such a file whole (a `--split-mb`
above its size), or convert it to JSON Lines.

Not split: gzip files (no seeking into a compressed stream) and files with a UTF-16/32
byte-order mark (recoded as they are read). WARC files are split at record starts by
casus.readers.warc_ranges.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from casus.language import unicode_bom
from casus.model import MAX_BYTES, RawDoc
from casus.readers.base import FieldMap, Item, ReadFailure
from casus.readers.formats import format_from_name
from casus.readers.records import read_csv, read_jsonl

_BLOCK = 1 << 20
SPLITTABLE = ("jsonl", "csv")


@dataclass(frozen=True, slots=True)
class RangeCount:
    """A nominal range moved to line starts: `[start, end)`, and what it holds."""

    start: int
    end: int
    newlines: int
    quotes: int
    splittable: bool = True  # False: gzip or a UTF-16/32 file (only range 0 can tell)


@dataclass(frozen=True, slots=True)
class ByteRange:
    """Lines `[start, end)` of `path`, in `fmt`; the first is line `first_line`."""

    path: str
    fmt: str
    start: int
    end: int
    first_line: int


def splittable_format(path: str, fmt: str | None) -> str | None:
    """The format if a file of it can be split by lines (plain JSON Lines or CSV), else None."""
    if path == "-" or path.lower().endswith((".gz", ".gzip")):
        return None
    kind = fmt or format_from_name(path)
    return kind if kind in SPLITTABLE else None


def nominal_ranges(size: int, split_bytes: int) -> list[tuple[int, int]]:
    """`[k·split_bytes, (k+1)·split_bytes)` up to `size`: what the client asks to count."""
    step = max(1, split_bytes)
    return [(a, min(a + step, size)) for a in range(0, size, step)]


def count_range(path: str, start: int, end: int) -> RangeCount:
    """Move `[start, end)` to line starts; count its newlines and quote characters."""
    with open(path, "rb") as f:
        splittable = True
        if start == 0:
            head = f.read(4)
            splittable = head[:2] != b"\x1f\x8b" and unicode_bom(head) is None
        begin, stop = _line_start(f, start), _line_start(f, end)
        newlines = quotes = 0
        f.seek(begin)
        left = max(0, stop - begin)
        while left:
            block = f.read(min(_BLOCK, left))
            if not block:
                break
            left -= len(block)
            newlines += block.count(b"\n")
            quotes += block.count(b'"')
    return RangeCount(begin, max(begin, stop), newlines, quotes, splittable)


def plan_ranges(path: str, fmt: str, counts: list[RangeCount]) -> list[ByteRange] | None:
    """The ranges to read, from the counts of consecutive nominal ranges; None: read the
    file whole (not splittable, or a CSV file whose quotes forbid every split)."""
    if not counts or not counts[0].splittable:
        return None
    ranges: list[ByteRange] = []
    line, quotes = 1, 0
    for count in counts:
        if count.end <= count.start:
            continue  # a line longer than the range: the range before holds it
        inside_quotes = fmt == "csv" and quotes % 2 == 1
        if ranges and inside_quotes:  # a quoted field goes on across this line start
            last = ranges[-1]
            ranges[-1] = dataclasses.replace(last, end=count.end)
        else:
            ranges.append(ByteRange(path, fmt, count.start, count.end, line))
        line += count.newlines
        quotes += count.quotes
    if fmt == "csv" and quotes % 2 == 1:
        return None  # an unbalanced quote: the csv reader's own reading of it wins
    return ranges if len(ranges) > 1 else None


def read_range(
    part: ByteRange,
    *,
    fields: FieldMap,
    date: dt.date | None = None,
    max_bytes: int = MAX_BYTES,
) -> Iterator[Item]:
    """The records (and failures) of one range, named and numbered as in the whole file."""
    try:
        with open(part.path, "rb") as f:
            items = _records(f, part, fields, max_bytes)
            for item in items:
                if date is not None and isinstance(item, RawDoc) and item.date is None:
                    item = dataclasses.replace(item, date=date)
                yield item
    except FileNotFoundError:
        yield ReadFailure(part.path, "no such file", "missing")
    except OSError as exc:
        yield ReadFailure(part.path, f"cannot read: {exc.strerror or exc}", "unreadable")


def _records(f: BinaryIO, part: ByteRange, fields: FieldMap, max_bytes: int) -> Iterator[Item]:
    header = _csv_header(f) if part.fmt == "csv" and part.start > 0 else b""
    f.seek(part.start)
    lines = _Slice(f, part.end - part.start)
    if part.fmt == "jsonl":
        yield from read_jsonl(
            part.path, lines, fields=fields, max_bytes=max_bytes, first_line=part.first_line
        )
        return
    if part.start == 0:
        yield from read_csv(part.path, lines, fields=fields, max_bytes=max_bytes)
        return
    # the header line, then this range's lines, numbered from the range's first line; a
    # header the first range found wrong was reported there, once
    stream = _Joined(header, lines)
    for item in read_csv(
        part.path,
        stream,
        fields=fields,
        max_bytes=max_bytes,
        first_line=part.first_line - 1,
    ):
        if isinstance(item, ReadFailure) and item.name == part.path:
            return
        yield item


def _csv_header(f: BinaryIO) -> bytes:
    """The first line that is not blank (read_csv skips blank lines before the header)."""
    f.seek(0)
    while line := f.readline(MAX_BYTES + 1):
        # the byte-order mark goes, as read_csv drops it from line 1
        line = line.removeprefix(b"\xef\xbb\xbf") if f.tell() == len(line) else line
        if line.strip():
            return line if line.endswith(b"\n") else line + b"\n"
    return b""


def _line_start(f: BinaryIO, offset: int) -> int:
    """The first line start at or after `offset` (the file's size past the last line)."""
    if offset <= 0:
        return 0
    f.seek(offset - 1)
    while True:
        chunk = f.readline(_BLOCK)
        if not chunk or chunk.endswith(b"\n"):
            return f.tell()


class _Slice:
    """`readline` over the next `left` bytes of a file (a range ends at a line start)."""

    def __init__(self, f: BinaryIO, left: int) -> None:
        self.f = f
        self.left = left

    def readline(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        cap = self.left if size is None or size < 0 else min(size, self.left)
        line = self.f.readline(cap)
        self.left -= len(line)
        return line


class _Joined:
    """`readline` over a header line, then a slice."""

    def __init__(self, first: bytes, rest: _Slice) -> None:
        self.first: bytes | None = first
        self.rest = rest

    def readline(self, size: int = -1) -> bytes:
        if self.first is not None:
            line, self.first = self.first, None
            return line
        return self.rest.readline(size)


def file_size(path: str) -> int | None:
    """The size of a plain file on this machine (the client's view), or None."""
    try:
        return os.stat(path).st_size
    except OSError:
        return None
