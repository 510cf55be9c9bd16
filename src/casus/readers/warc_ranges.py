"""Byte ranges of one big WARC or WARC.gz file, read as if the file were read whole.

A range must start where a record starts. A WARC file has no index, so the records are
found the way a reader finds them, from a known record start:

- plain WARC: a record is its header block (`WARC/1.x` line … blank line), then
  `Content-Length` bytes of content, then blank lines; the next record starts after them.
  Walking from record to record reads only the header blocks and seeks over the contents.
- WARC.gz: every record is its own gzip member (the WARC standard's recommendation, and
  what crawlers write). A member's compressed length is written nowhere, so walking from
  member to member inflates each one (output counted, then dropped).

Splitting takes two kinds of task, as for JSON Lines (casus.readers.ranges):

1. `count_warc_range` (one per nominal range `[k·size, (k+1)·size)`): find the first
   record start at or after `k·size` by scanning for a candidate (a `WARC/1.` line, or the
   gzip magic bytes `1f 8b 08`) and checking it (the header block parses; the member
   inflates to `WARC/1.`), then walk record by record to the first record start at or after
   `(k+1)·size`; report both ends and the uncompressed bytes in between.
2. `read_warc_range` (inside the coding task): walk the range's records and read each one
   alone with warcio.

A scan can be fooled (a crawled page that quotes a WARC record, a stored gzip member inside
a record), but a walk cannot, and range 0 starts at a true record start; so the client
accepts the ranges only when each one starts exactly where the walk of the one before
stopped, and reads the file whole otherwise. Records are named `path@OFFSET`, the offset in
the uncompressed WARC, as when the file is read whole: a range's first offset is the sum of
the uncompressed bytes of the ranges before it.

A damaged record (a header block that does not parse, a gzip member that does not inflate
or fails its CRC) fails alone, `path@OFFSET` and a one-line reason; the walk goes on at the
next record start a scan finds. Read whole, the same file stops at the damage (warcio cannot
resynchronise), so on damaged files a split read gets more, not the same. A .warc.gz that
is one gzip stream, or whose members do not start at records, is read whole.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import io
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, cast

from casus.model import MAX_BYTES, RawDoc
from casus.readers.base import Item, ReadFailure
from casus.readers.formats import format_from_name
from casus.readers.warc import MAX_HEADER, MAX_LINE, read_warc

_BLOCK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_TRAILER = b"\r\n\r\n"
_CONTENT_LENGTH = re.compile(rb"^content-length\s*:\s*(\d+)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class WarcCount:
    """A nominal range moved to record starts: `[start, end)` in the file, and the
    uncompressed bytes in it; `start` None: no record starts in the nominal range."""

    start: int | None
    end: int
    uncompressed: int
    records: int
    packed: bool = False  # gzip members, not plain WARC
    splittable: bool = True  # False: neither WARC nor record-per-member WARC.gz


@dataclass(frozen=True, slots=True)
class WarcRange:
    """Records `[start, end)` of `path` (file offsets); the first at uncompressed `offset`."""

    path: str
    start: int
    end: int
    offset: int
    gzip: bool


@dataclass(frozen=True, slots=True)
class _Span:
    """One step of a walk: a record (plain) or member (gzip) `[start, end)`, or the damaged
    bytes up to the next record start, with the reason."""

    start: int
    end: int
    uncompressed: int
    damage: str | None = None
    kind: str = "broken-warc"


class _NotSplittable(Exception):
    """The file is not made of records (or record members) that a walk can step over."""


def is_warc(path: str, fmt: str | None) -> bool:
    """Whether `path` is read as WARC (by `fmt`, else by its name) and can be split."""
    return path != "-" and (fmt or format_from_name(path)) == "warc"


def count_warc_range(path: str, start: int, end: int) -> WarcCount:
    """Move `[start, end)` to record starts; count the uncompressed bytes between them."""
    with open(path, "rb") as f:
        packed = _packing(f)
        if packed is None:
            return WarcCount(None, start, 0, 0, splittable=False)
        empty = WarcCount(None, start, 0, 0, packed)
        size = _size(f)
        begin = 0 if start == 0 else _find_start(f, packed, start, min(end, size))
        if begin is None:
            return empty
        total = records = 0
        pos = begin
        try:
            for span in _walk(f, packed, begin, end, size):
                total += span.uncompressed
                records += 1
                pos = span.end
        except _NotSplittable:
            return dataclasses.replace(empty, splittable=False)
    return WarcCount(begin, pos, total, records, packed)


def plan_warc_ranges(path: str, counts: list[WarcCount]) -> list[WarcRange] | None:
    """The ranges to read, from the counts of consecutive nominal ranges; None: read the
    file whole (not splittable, or a range that does not start where the last one ended)."""
    if not counts or not all(count.splittable for count in counts):
        return None
    ranges: list[WarcRange] = []
    offset = expected = 0
    for count in counts:
        if count.start is None:
            continue  # a record longer than the range: the range before holds it
        if count.start != expected:
            return None  # a scan found something that the walk stepped over: no record
        ranges.append(WarcRange(path, count.start, count.end, offset, count.packed))
        offset += count.uncompressed
        expected = count.end
    return ranges if len(ranges) > 1 else None


def read_warc_range(
    part: WarcRange, *, date: dt.date | None = None, max_bytes: int = MAX_BYTES
) -> Iterator[Item]:
    """The documents (and failures) of one range, named as in the whole file."""
    try:
        with open(part.path, "rb") as f:
            for item in _range_items(f, part, max_bytes):
                if date is not None and isinstance(item, RawDoc) and item.date is None:
                    item = dataclasses.replace(item, date=date)
                yield item
    except FileNotFoundError:
        yield ReadFailure(part.path, "no such file", "missing")
    except OSError as exc:
        yield ReadFailure(part.path, f"cannot read: {exc.strerror or exc}", "unreadable")


def _range_items(f: BinaryIO, part: WarcRange, max_bytes: int) -> Iterator[Item]:
    offset = part.offset
    try:
        spans = list(_walk(f, part.gzip, part.start, part.end, _size(f)))
    except _NotSplittable as exc:
        yield ReadFailure(f"{part.path}@{offset}", str(exc), "broken-gzip")
        return
    for span in spans:
        where = f"{part.path}@{offset}"
        if span.damage is not None:
            yield ReadFailure(where, span.damage, span.kind)
        elif span.uncompressed:
            f.seek(span.start)
            window = _Window(f, span.end - span.start)
            member = gzip.GzipFile(fileobj=window, mode="rb") if part.gzip else None
            stream = cast(BinaryIO, member or window)
            for item in read_warc(part.path, stream, max_bytes=max_bytes, base=offset):
                # a failure of the whole stream is this record's
                if isinstance(item, ReadFailure) and item.name == part.path:
                    item = dataclasses.replace(item, name=where)
                yield item
        offset += span.uncompressed


# -- walking -----------------------------------------------------------------------------


def _packing(f: BinaryIO) -> bool | None:
    """True: gzip members; False: plain WARC; None: neither (read whole, as before)."""
    f.seek(0)
    head = f.read(len(_WARC_MAGIC))
    if head.startswith(_GZIP_MAGIC):
        return True
    return False if head == _WARC_MAGIC else None


def _size(f: BinaryIO) -> int:
    return f.seek(0, 2)


def _walk(f: BinaryIO, packed: bool, pos: int, end: int, size: int) -> Iterator[_Span]:
    """Records (or members) from the record start `pos` up to the first record start at or
    after `end` that a scan would find too; damaged bytes become one span up to the next
    record start found."""
    # a walk and a scan agree on where the next range starts: a record start the scan
    # cannot check (a damaged record, say) is walked over, not stopped at
    while pos < size and (pos < end or not _is_start(f, packed, pos)):
        span = _member(f, pos, size) if packed else _record(f, pos, size)
        if span.damage is not None:
            after = _find_start(f, packed, pos + 1, size)
            stop = size if after is None else after
            span = dataclasses.replace(
                span, end=stop, uncompressed=_damaged_size(f, packed, pos, stop)
            )
        yield span
        pos = span.end


def _damaged_size(f: BinaryIO, packed: bool, start: int, stop: int) -> int:
    """Uncompressed bytes of a damaged span: what the offsets of later records count."""
    if not packed:
        return stop - start
    if stop - start < 18:  # no room for a gzip header and trailer
        return 0
    f.seek(stop - 4)  # the member trailer's ISIZE: its length mod 2**32
    (length,) = struct.unpack("<I", f.read(4))
    return int(length)


def _record(f: BinaryIO, pos: int, size: int) -> _Span:
    """One plain WARC record at `pos`, and the blank lines after it."""
    header = _header(f, pos)
    if header is None:
        return _Span(pos, pos, 0, "not a WARC record header where one should start")
    content = pos + header[0] + header[1]
    if content >= size:  # cut short: warcio reads it and says so
        return _Span(pos, size, size - pos)
    f.seek(content)
    stop = content
    while True:
        line = f.readline(MAX_LINE)
        if not line or line.strip():
            break
        stop += len(line)
    return _Span(pos, stop, stop - pos)


def _header(f: BinaryIO, pos: int) -> tuple[int, int] | None:
    """(header block bytes, content length) of a WARC record at `pos`, or None."""
    f.seek(pos)
    first = f.readline(MAX_LINE)
    if not first.startswith(_WARC_MAGIC):
        return None
    read, length = len(first), None
    while read <= MAX_HEADER:
        line = f.readline(MAX_LINE)
        read += len(line)
        if not line.endswith(b"\n"):
            return None
        if not line.strip():
            return (read, length) if length is not None else None
        match = _CONTENT_LENGTH.match(line.strip())
        if match:
            length = int(match.group(1))
    return None


def _member(f: BinaryIO, pos: int, size: int) -> _Span:
    """One gzip member at `pos`: where it ends and how long it inflates to."""
    if _zeros_to_the_end(f, pos):  # padding, which gzip readers accept after the last member
        return _Span(pos, size, 0)
    f.seek(pos)
    inflate = zlib.decompressobj(wbits=31)
    here, total = pos, 0
    head = b""
    # small reads first: most members are a few kB, and what is read past a member's end is
    # copied into `unused_data` (a 1 MB read per 1 kB member would copy 1000 times its size)
    want = 16 << 10
    try:
        while not inflate.eof:
            chunk = f.read(want)
            want = min(2 * want, _BLOCK)
            if not chunk:
                return _Span(
                    pos, pos, 0, "gzip member cut short: the file ends inside it", "broken-gzip"
                )
            here += len(chunk)
            data = inflate.decompress(chunk, _BLOCK)
            while True:
                if len(head) < len(_WARC_MAGIC):
                    head += data[: len(_WARC_MAGIC)]
                total += len(data)
                if inflate.eof or not inflate.unconsumed_tail:
                    break
                data = inflate.decompress(inflate.unconsumed_tail, _BLOCK)
    except zlib.error as exc:
        reason = " ".join(str(exc).split())[:120]
        return _Span(pos, pos, 0, f"corrupt gzip member ({reason})", "broken-gzip")
    if total and not head.startswith(_WARC_MAGIC):
        raise _NotSplittable("a gzip member that does not start with a WARC record")
    return _Span(pos, here - len(inflate.unused_data), total)


def _zeros_to_the_end(f: BinaryIO, pos: int) -> bool:
    f.seek(pos)
    if f.read(1) != b"\0":
        return False
    while block := f.read(_BLOCK):
        if block.count(0) != len(block):
            return False
    return True


def _find_start(f: BinaryIO, packed: bool, start: int, stop: int) -> int | None:
    """The first checked record start in `[start, stop)`, or None."""
    magic = _GZIP_MAGIC if packed else _WARC_MAGIC
    at = start
    while at < stop:
        f.seek(at)
        block = f.read(min(_BLOCK, stop - at) + len(magic) - 1)
        found = block.find(magic)
        while found != -1 and at + found < stop:
            candidate = at + found
            if _is_start(f, packed, candidate):
                return candidate
            found = block.find(magic, found + 1)
        at += _BLOCK
    return None


def _is_start(f: BinaryIO, packed: bool, pos: int) -> bool:
    if not packed:
        if pos > 0:
            f.seek(pos - 1)
            if f.read(1) != b"\n":
                return False
        header = _header(f, pos)
        if header is None:
            return False
        # a page may quote a record header, but seldom with the right length: a record's
        # content ends with the blank line that the standard puts after it (or the file ends)
        f.seek(pos + header[0] + header[1])
        tail = f.read(len(_TRAILER))
        return tail == _TRAILER or len(tail) < len(_TRAILER)
    f.seek(pos)
    inflate = zlib.decompressobj(wbits=31)
    try:
        head = inflate.decompress(f.read(4096), len(_WARC_MAGIC))
    except zlib.error:
        return False
    return head == _WARC_MAGIC


class _Window:
    """`read` over the next `left` bytes of a file: one record or member, for warcio."""

    def __init__(self, f: BinaryIO, left: int) -> None:
        self.f = f
        self.left = left
        self.done = 0

    def read(self, size: int | None = -1) -> bytes:
        if self.left <= 0:
            return b""
        cap = self.left if size is None or size < 0 else min(size, self.left)
        data = self.f.read(cap)
        self.left -= len(data)
        self.done += len(data)
        return data

    def readable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0, /) -> int:
        raise io.UnsupportedOperation("a record is read once, front to back")

    def tell(self) -> int:
        return self.done
