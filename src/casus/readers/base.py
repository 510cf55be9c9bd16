"""Types shared by the readers: what a source yields when it cannot give a document."""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from casus.model import RawDoc

# A chunk read from a stream that may be a gzip member: these mean it broke midway.
GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A source or record that could not be read; the batch goes on without it."""

    name: str  # file path, "path:LINE" for a record, "path@OFFSET" for a WARC record
    reason: str  # one line
    kind: str  # one of casus.extract.INPUT_KINDS


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Which JSON key or CSV column holds each field of a record."""

    text: str = "text"
    id: str = "id"
    date: str = "date"
    url: str = "url"
    title: str = "title"


Item = RawDoc | ReadFailure
Items = Iterator[Item]
_RECORD_SUFFIX = re.compile(r"(?::\d+|@\d+|#\d+)$")


def input_of(name: str) -> str:
    """The input file of a record's name (`path:LINE`, `path@OFFSET`, `path#N`)."""
    return _RECORD_SUFFIX.sub("", name) or name


def parse_date(value: object) -> dt.date | None:
    """A date from ISO 8601 (date or datetime) or an RFC 2822 mail/HTTP date; None if neither."""
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def read_limited(stream: BinaryIO, limit: int) -> bytes | None:
    """Read a stream whole, or None as soon as it turns out longer than `limit` bytes."""
    buffer = io.BytesIO()
    while True:
        chunk = stream.read(min(1 << 20, limit + 1 - buffer.tell()))
        if not chunk:
            return buffer.getvalue()
        buffer.write(chunk)
        if buffer.tell() > limit:
            return None
