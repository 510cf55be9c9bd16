"""WARC and WARC.gz crawls: each HTTP response with an HTML page is one document.

Records that are not responses (warcinfo, request, metadata, revisit) are skipped silently:
they never hold a page. Responses that are not HTML pages (images, scripts, PDFs,
redirects, errors) yield a ReadFailure of kind `non-html-record` so they can be counted;
callers should report that kind as a skip, not as a failure.
"""

from __future__ import annotations

import re
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from casus.extract import RawDoc
from casus.readers.base import Items, ReadFailure, parse_date, read_limited

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def read_warc(name: str, stream: BinaryIO, *, max_bytes: int) -> Items:
    """Stream the records of a WARC, one at a time; `@OFFSET` is in the uncompressed WARC."""
    records = ArchiveIterator(stream)
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
            where = f"{name}@{records.get_record_offset()}"
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
