"""WARC and WARC.gz crawls: each HTTP response with an HTML page is one document.

Records that are not responses (warcinfo, request, metadata, revisit) are skipped silently:
they never hold a page. Responses that are not HTML pages (images, scripts, PDFs,
redirects, errors) yield a ReadFailure of kind `non-html-record` so they can be counted;
callers should report that kind as a skip, not as a failure.

Every line warcio reads (record headers, HTTP headers, the blank lines between records) is
bounded: a line over `MAX_LINE` bytes, or a header block over `MAX_HEADER` bytes, ends the
file with one failure instead of costing time and memory quadratic in its length.
"""

from __future__ import annotations

import re
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed

from casus.model import RawDoc
from casus.readers.base import Items, ReadFailure, parse_date, read_limited

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
MAX_LINE = 64 * 1024  # bytes in one header line
MAX_HEADER = 1024 * 1024  # bytes read line by line between two reads of record content


class WarcLineError(ValueError):
    """A header line or header block longer than the bounds: not a WARC we can read."""


class _BoundedReader(DecompressingBufferedReader):  # type: ignore[misc]
    """warcio's reader with `readline` bounded (warcio reads header lines without limit,
    appending to a bytes object: quadratic in the length of a long line)."""

    def __init__(self, stream: Any, **kwargs: Any) -> None:
        super().__init__(stream, **kwargs)
        self._line_bytes = 0

    def read(self, length: int | None = None) -> bytes:
        self._line_bytes = 0
        data: bytes = super().read(length)
        return data

    def readline(self, length: int | None = None) -> bytes:
        cap = MAX_LINE + 1 if length is None or length < 0 else min(length, MAX_LINE + 1)
        if cap == 0:
            return b""
        self._fillbuff()
        if self.empty():
            return b""
        parts: list[bytes] = []
        got = 0
        while True:
            chunk: bytes = self.buff.readline(cap - got)
            parts.append(chunk)
            got += len(chunk)
            if chunk.endswith(b"\n") or got >= cap:
                break
            self._fillbuff()
            if self.empty():
                break
        if got > MAX_LINE:
            raise WarcLineError(f"a header line longer than {MAX_LINE:,} bytes")
        self._line_bytes += got
        if self._line_bytes > MAX_HEADER:
            raise WarcLineError(f"headers longer than {MAX_HEADER:,} bytes")
        return b"".join(parts)


def read_warc(name: str, stream: BinaryIO, *, max_bytes: int, base: int = 0) -> Items:
    """Stream the records of a WARC, one at a time; `@OFFSET` is in the uncompressed WARC.

    `base`: the offset of the stream's first byte in the WARC (a record read alone, for a
    byte range of the file: casus.readers.warc_ranges)."""
    records = ArchiveIterator(stream)
    records.reader = _BoundedReader(records.fh)  # before the first record is read
    # warcio writes this to stderr itself, with the whole stray line; one short line will do
    where = name.replace("{", "{{").replace("}", "}}")
    records.INC_RECORD = f"casus: {where}@{{0}}: a WARC record does not end where it says\n"
    seen = 0
    try:
        for record in records:
            seen += 1
            if record.format != "warc":
                yield ReadFailure(name, f"not a WARC file ({record.format} record)", "broken-warc")
                return
            wanted = record.rec_type == "response"
            problem = _not_a_page(record) if wanted else None
            body = (
                read_limited(record.content_stream(), max_bytes) if wanted and not problem else None
            )
            # The offset is known only once the record has been read to its end.
            where = f"{name}@{base + records.get_record_offset()}"
            if getattr(record.raw_stream, "limit", 0) > 0:
                yield ReadFailure(where, "record cut short: the file ends inside it", "broken-warc")
                return
            if not wanted:
                continue
            if problem:
                yield ReadFailure(where, problem, "non-html-record")
            elif body is None:
                yield ReadFailure(where, f"page larger than {max_bytes:,} bytes", "too-large")
            elif not body.strip():
                yield ReadFailure(where, "empty page", "empty")
            else:
                yield _page(where, record, body)
    except WarcLineError as exc:
        yield ReadFailure(name, f"not a valid WARC file ({exc})", "broken-warc")
        return
    # warcio meets a record cut short or garbled with assorted exceptions, not only its own.
    except (ArchiveLoadFailed, ValueError, AttributeError, LookupError, EOFError) as exc:
        reason = " ".join(str(exc).split())[:160]
        yield ReadFailure(name, f"not a valid WARC record ({reason})", "broken-warc")
        return
    if not seen:
        yield ReadFailure(name, "no WARC records in the file", "broken-warc")


def _not_a_page(record: Any) -> str | None:
    http = record.http_headers
    if http is None:
        return "response without HTTP headers"
    mime = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if mime not in _HTML_TYPES:
        return f"not an HTML page ({mime or 'no type'})"
    status = str(http.get_statuscode() or "")
    if not status.startswith("2"):
        return f"HTTP status {status}, not a page"
    return None


def _page(where: str, record: Any, body: bytes) -> RawDoc:
    http = record.http_headers
    url = record.rec_headers.get_header("WARC-Target-URI")
    charset = _CHARSET.search(http.get_header("Content-Type") or "")
    fetched = record.rec_headers.get_header("WARC-Date") or http.get_header("Date")
    return RawDoc(
        name=where,
        content=body,
        url=url,
        charset=charset.group(1) if charset else None,
        fetched=parse_date(fetched) if fetched else None,
        outlet=urlsplit(url).hostname if url else None,
    )
