"""Turn raw input (a file, stdin, a JSON line) into clean article text with metadata."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import trafilatura
from charset_normalizer import from_bytes

from casus.model import Article

logger = logging.getLogger(__name__)

MAX_BYTES = 20_000_000
_DECLARED_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_HINT = re.compile(rb"<\s*(html|body|article|p|div|head)\b", re.IGNORECASE)
_BREADCRUMB = re.compile(
    r"^\s*(home|start)\s*[/>»›|]|^[^/>»›|]{1,40}(\s[/>»›|]\s[^/>»›|]{1,80}){2,}$", re.IGNORECASE
)
_OPINION = re.compile(r"\b(editorial|opinion|op-ed|comment|column|analysis)\b", re.IGNORECASE)
# Where a scraped page's article ends and the teasers begin.
_TAIL_MARKERS = re.compile(
    r"^\s*(check also|related( stories| articles| posts)?|read more|you may also like|"
    r"more from|recommended|trending|latest news|most read|share this( article)?|"
    r"leave a (reply|comment)|comments?|tags?:)\s*:?\s*$",
    re.IGNORECASE,
)
_CHROME_LINE = re.compile(
    r"^\s*(about (the )?(author|admin)|about \w+|posted by .*|by admin|print|email|"
    r"share( on)? (facebook|twitter|x)|advertisement|subscribe.*|follow us.*)\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?\"'”’)]\s*$")
_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "was",
        "by",
        "at",
        "from",
        "it",
        "are",
        "be",
        "has",
        "have",
        "said",
        "not",
        "this",
        "an",
        "which",
        "were",
        "will",
        "but",
        "its",
        "after",
        "their",
        "his",
        "who",
        "had",
        "been",
        "they",
    ]
)


class InputError(ValueError):
    """Input that cannot be coded; the message is one line naming the reason."""


@dataclass(frozen=True, slots=True)
class RawDoc:
    """Bytes or text as read, before extraction, with what the caller told us about it."""

    name: str
    content: bytes | str
    date: dt.date | None = None
    title: str | None = None
    url: str | None = None
    id: str | None = None


def article_id(text: str) -> str:
    """sha256 of the normalised text: the same story read twice is one article."""
    normalised = " ".join(text.split()).lower()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def read_file(path: Path, *, max_bytes: int = MAX_BYTES) -> RawDoc:
    """Read a file as bytes, refusing what cannot be an article."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}") from None
    if path.is_dir():
        raise InputError("is a directory")
    if size > max_bytes:
        raise InputError(f"too large ({size:,} bytes; limit {max_bytes:,})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}") from None
    return RawDoc(str(path), data)


def decode(data: bytes) -> str:
    """Decode article bytes: UTF-8, then the page's declared charset, then a careful guess.

    English text that is not UTF-8 is almost always Windows-1252 (a superset of Latin-1);
    statistical detectors misjudge short mostly-ASCII texts, so that case comes first.
    """
    if b"\x00" in data[:8192]:
        raise InputError("binary file (NUL bytes), not text or HTML")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    ascii_share = sum(b < 128 for b in data[:65536]) / min(len(data), 65536)
    if ascii_share > 0.9:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"not valid UTF-8 and no other encoding fits (byte {first_bad})")
    logger.debug("decoded as %s", best.encoding)
    return str(best)


def _looks_like_html(name: str, data: bytes | str) -> bool:
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = data[:2048] if isinstance(data, bytes) else data[:2048].encode("utf-8", "replace")
    return bool(_HTML_HINT.search(head))


def clean_plain_text(text: str) -> tuple[str, str | None]:
    """Strip page chrome from scraped plain text; return (body, title guess).

    Scraped text keeps breadcrumbs, bylines and "Check Also" teasers; a line without
    sentence-final punctuation is a heading, not reporting.
    """
    title: str | None = None
    kept: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if kept and kept[-1]:
                kept.append("")
            continue
        if _TAIL_MARKERS.match(line):
            break
        if _BREADCRUMB.match(line) or _CHROME_LINE.match(line):
            continue
        if line.endswith(("…", "...")) and len(kept) > 3:
            continue
        if not _SENTENCE_END.search(line) and len(line.split()) <= 20:
            if title is None:
                title = line
            continue
        kept.append(line)
    return "\n".join(kept).strip(), title


def check_language(text: str, name: str) -> None:
    words = re.findall(r"[a-zA-Z]+", text.lower())
    if len(words) < 25:
        return
    share = sum(w in _ENGLISH for w in words) / len(words)
    if share < 0.08:
        raise InputError(f"does not look like English ({share:.0%} common English words)")


def extract(raw: RawDoc) -> Article:
    """Turn a raw document into an Article: HTML through trafilatura, text with chrome removed."""
    content = raw.content
    if isinstance(content, bytes) and not content.strip():
        raise InputError("empty file")
    title = raw.title
    published = raw.date
    if _looks_like_html(raw.name, content):
        html = decode(content) if isinstance(content, bytes) else content
        try:
            doc = trafilatura.bare_extraction(
                html,
                url=raw.url,
                with_metadata=True,
                include_comments=False,
                include_tables=False,
            )
        except (ValueError, TypeError) as exc:  # trafilatura raises these on broken trees
            raise InputError(f"malformed HTML: {exc}") from None
        fields: dict[str, Any] = {}
        if isinstance(doc, dict):
            fields = doc
        elif doc is not None:
            fields = doc.as_dict()
        if not fields.get("text"):
            raise InputError("HTML page has no article text")
        text = str(fields["text"])
        title = title or (str(fields["title"]) if fields.get("title") else None)
        if published is None and fields.get("date"):
            try:
                published = dt.date.fromisoformat(str(fields["date"])[:10])
            except ValueError:
                published = None
        lines = text.splitlines()
        if title and lines and lines[0].strip() == title.strip():
            text = "\n".join(lines[1:]).strip()
        text, _ = clean_plain_text(text)
    else:
        text = decode(content) if isinstance(content, bytes) else content
        text, guessed = clean_plain_text(text)
        title = title or guessed
    if not text.strip():
        raise InputError("no article text after removing page chrome")
    check_language(text, raw.name)
    head = content[:3000] if isinstance(content, str) else content[:3000].decode("utf-8", "replace")
    genre: Literal["news", "opinion"] = (
        "opinion" if _is_opinion(raw.name, title, raw.url, head) else "news"
    )
    return Article(
        id=raw.id or article_id(text),
        text=text,
        title=title,
        url=raw.url,
        published=published,
        genre=genre,
        source_name=raw.name,
    )


def _is_opinion(name: str, title: str | None, url: str | None, head: str) -> bool:
    """Editorials say so in their file name, URL, title or breadcrumb line."""
    crumbs = [line for line in head.splitlines()[:15] if _BREADCRUMB.match(line.strip())]
    hay = " ".join([name, title or "", url or "", *crumbs])
    return bool(_OPINION.search(hay))
