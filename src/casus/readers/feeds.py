"""RSS and Atom feed files: one document per entry, from its content or summary."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, BinaryIO

import feedparser

from casus.model import RawDoc
from casus.readers.base import Items, ReadFailure, read_limited

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def read_feed(name: str, stream: BinaryIO, *, max_bytes: int) -> Items:
    """Entries in feed order, named `name#N` (1-based)."""
    data = read_limited(stream, max_bytes)
    if data is None:
        yield ReadFailure(name, f"feed larger than {max_bytes:,} bytes", "too-large")
        return
    if not data.strip():
        yield ReadFailure(name, "empty file", "empty")
        return
    # A stream, never a string: feedparser would fetch a string that looks like a URL.
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f" ({' '.join(str(problem).split())[:120]})" if problem else ""
        yield ReadFailure(name, f"not an RSS/Atom feed with entries{why}", "broken-feed")
        return
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, 1):
        yield _entry(f"{name}#{number}", entry, outlet)


def _entry(where: str, entry: Any, outlet: str | None) -> RawDoc | ReadFailure:
    parts = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or []]
    if entry.get("summary"):
        parts.append((entry["summary"], entry.get("summary_detail", {}).get("type") or ""))
    body, kind = max(parts, key=lambda part: len(part[0].strip()), default=("", ""))
    if not body.strip():
        return ReadFailure(where, "feed entry has no content or summary", "no-text")
    if kind in _HTML_TYPES:
        # A fragment alone looks like boilerplate to trafilatura; a page body does not.
        body = f"<html><body><article>{body}</article></body></html>"
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    return RawDoc(
        name=where,
        content=body,
        date=dt.date(*when[:3]) if when else None,
        title=entry.get("title") or None,
        url=entry.get("link") or None,
        id=entry.get("id") or None,
        outlet=outlet,
        record=True,
    )
