"""Readers: turn files, directories, globs and stdin into RawDocs, one per article.

Every source is read lazily and in a stable order, so the same sources always give the same
sequence of names: `path` for a whole file, `path:LINE` for a JSON Lines or CSV record,
`path@OFFSET` for a WARC record, `path#N` for a feed entry. What cannot be read becomes a
ReadFailure (name, one-line reason, kind) and the sequence goes on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterator, Sequence

from casus.model import MAX_BYTES, RawDoc
from casus.readers.base import GZIP_ERRORS, FieldMap, Item, Items, ReadFailure, input_of
from casus.readers.files import expand, open_source
from casus.readers.formats import FORMATS, format_from_name, reader, sniff

__all__ = ["FORMATS", "FieldMap", "ReadFailure", "input_of", "read_sources"]

logger = logging.getLogger(__name__)
DEFAULT_FIELDS = FieldMap()


def read_sources(
    sources: Sequence[str],
    *,
    fields: FieldMap = DEFAULT_FIELDS,
    fmt: str | None = None,
    date: dt.date | None = None,
    max_bytes: int = MAX_BYTES,
) -> Iterator[RawDoc | ReadFailure]:
    """Documents and failures from every source, in order.

    `fmt` forces one format for every file (None or "auto": by extension, else sniffed).
    `date` is given to documents that bring no date of their own. `max_bytes` bounds one
    document (a whole HTML/text file, a record, a page, a feed), never a streamed file.
    """
    if fmt == "auto":
        fmt = None
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return _read_all(sources, fields=fields, fmt=fmt, date=date, max_bytes=max_bytes)


def _read_all(
    sources: Sequence[str],
    *,
    fields: FieldMap,
    fmt: str | None,
    date: dt.date | None,
    max_bytes: int,
) -> Iterator[RawDoc | ReadFailure]:
    for name in expand(sources):
        if isinstance(name, ReadFailure):
            yield name
            continue
        for item in _read_file(name, fields=fields, fmt=fmt, max_bytes=max_bytes):
            if date is not None and isinstance(item, RawDoc) and item.date is None:
                item = dataclasses.replace(item, date=date)
            yield item


def _read_file(name: str, *, fields: FieldMap, fmt: str | None, max_bytes: int) -> Items:
    try:
        with open_source(name) as source:
            kind = fmt or format_from_name(name) or sniff(source.head)
            logger.debug("%s: reading as %s", name, kind)
            # The last item waits until the stream is known to be whole: a gzip that breaks
            # off would hand over a record (or the one document) cut short.
            pending: Item | None = None
            for item in reader(kind)(source, fields, max_bytes):
                if pending is not None:
                    yield pending
                pending = item
            if source.broken is None:
                if pending is not None:
                    yield pending
                return
            lost = (
                f"; {pending.name} is cut off and skipped"
                if pending and pending.name != name
                else ""
            )
            yield ReadFailure(
                name, f"truncated or corrupt gzip ({_one_line(source.broken)}){lost}", "broken-gzip"
            )
    except GZIP_ERRORS as exc:
        yield ReadFailure(name, f"truncated or corrupt gzip ({_one_line(exc)})", "broken-gzip")
    except FileNotFoundError:
        yield ReadFailure(name, "no such file", "missing")
    except OSError as exc:
        yield ReadFailure(name, f"cannot read: {exc.strerror or exc}", "unreadable")


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:120] or type(exc).__name__
