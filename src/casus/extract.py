"""Turn raw input (a file, stdin, a JSON line) into clean article text with metadata."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import unicodedata
from pathlib import Path
from typing import Any, Literal

import trafilatura
from charset_normalizer import from_bytes
from htmldate import find_date
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import DEFAULT_CONFIG, set_date_params
from trafilatura.utils import load_html

from casus.language import not_english, unicode_bom
from casus.model import MAX_BYTES, Article, RawDoc

logger = logging.getLogger(__name__)

_DECLARED_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Browsers (WHATWG Encoding) read these labels as Windows-1252, and so do the pages' authors.
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "windows-1252": "cp1252",
}
_CONTROL = re.compile("[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_MIXED = re.compile(r"(?<=[A-Za-z])([^\x00-\x7f])|([^\x00-\x7f])(?=[A-Za-z])")
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
# A link to another story set between paragraphs: "[Read: …]", "READ MORE: …", "Also read: …".
_TEASER_LINE = re.compile(
    r"^\s*\[?\s*(read|read more|also read|see|see also|see more|watch|related|more)\s*:.*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?\"'”’)]\s*$")
# Two or more " | " in one line: a strip of other stories' headlines (a hover card, a link
# bar) that the extractor left inside a paragraph.
_HEADLINE_RUN = re.compile(r"\s\|\s.*\s\|\s")


INPUT_KINDS = frozenset(
    {
        "missing",
        "unreadable",
        "binary",
        "empty",
        "encoding",
        "not-english",
        "too-large",
        "broken-json",
        "broken-csv",
        "broken-gzip",
        "broken-warc",
        "broken-feed",
        "non-html-record",
        "malformed-html",
        "no-text",
        "bad-date",
        "bad-record",
    }
)


class InputError(ValueError):
    """Input that cannot be coded; the message is one line naming the reason.

    `kind` is a short stable category (one of INPUT_KINDS) used to count failures.
    """

    def __init__(self, message: str, *, kind: str) -> None:
        if kind not in INPUT_KINDS:
            raise ValueError(f"unknown input error kind {kind!r}")
        super().__init__(message)
        self.kind = kind

    def __reduce__(self) -> tuple[Any, ...]:
        # Workers send these across processes; the default pickling drops keyword arguments.
        return (_input_error, (str(self), self.kind))


def _input_error(message: str, kind: str) -> InputError:
    return InputError(message, kind=kind)


def article_id(text: str) -> str:
    """sha256 of the normalised text: the same story read twice is one article."""
    normalised = " ".join(text.split()).lower()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def read_file(path: Path, *, max_bytes: int = MAX_BYTES) -> RawDoc:
    """Read a file as bytes, refusing what cannot be an article."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file", kind="missing") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", kind="unreadable") from None
    if path.is_dir():
        raise InputError("is a directory", kind="unreadable")
    if size > max_bytes:
        raise InputError(f"too large ({size:,} bytes; limit {max_bytes:,})", kind="too-large")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", kind="unreadable") from None
    return RawDoc(str(path), data)


def decode(data: bytes, *, charset: str | None = None) -> str:
    """Decode article bytes: UTF-8, then the declared charsets, then a careful guess.

    `charset` is what the transport said (an HTTP Content-Type header). Declarations lie
    often, so each candidate is checked for mojibake (control characters, non-Latin letters
    glued to Latin ones) and the most plausible wins. English text that is not UTF-8 is
    almost always Windows-1252; statistical detectors misjudge short mostly-ASCII texts.
    """
    bom = unicode_bom(data)
    if bom is not None:  # UTF-16/32 text is full of NUL bytes, and says so at its start
        try:
            return data.decode(bom)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not valid {bom.upper()} (byte {exc.start})", kind="encoding"
            ) from None
    if b"\x00" in data[:8192]:
        raise InputError("binary file (NUL bytes), not text or HTML", kind="binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    candidates: list[str] = []
    declared = _DECLARED_CHARSET.search(data[:4096])
    for name in (charset, declared.group(1).decode("ascii") if declared else None):
        if name:
            candidates.append(_WHATWG_ALIASES.get(name.strip().lower(), name.strip().lower()))
    ascii_share = sum(b < 128 for b in data[:65536]) / min(len(data), 65536)
    if ascii_share > 0.9:
        candidates.append("cp1252")
    best_text: str | None = None
    best_score = 0
    for encoding in dict.fromkeys(candidates):
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
        score = _implausible(text)
        if score == 0:
            return text
        if best_text is None or score < best_score:
            best_text, best_score = text, score
    guess = from_bytes(data).best()
    if guess is not None:
        text = str(guess)
        if best_text is None or _implausible(text) < best_score:
            logger.debug("decoded as %s", guess.encoding)
            return text
    if best_text is not None:
        return best_text
    raise InputError(
        f"not valid UTF-8 and no other encoding fits (byte {first_bad})", kind="encoding"
    )


def _implausible(text: str) -> int:
    """Count signs of a wrong decoding: control characters and letters of two scripts mixed."""
    sample = text[:200_000]
    score = len(_CONTROL.findall(sample))
    for match in _MIXED.finditer(sample):
        char = match.group(1) or match.group(2)
        if char.isalpha() and not unicodedata.name(char, "").startswith("LATIN"):
            score += 1
    return score


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
        if _BREADCRUMB.match(line) or _CHROME_LINE.match(line) or _TEASER_LINE.match(line):
            continue
        if _HEADLINE_RUN.search(line):
            continue
        if line.endswith(("…", "...")) and len(kept) > 3:
            continue
        if not _SENTENCE_END.search(line) and _heading(line):
            if title is None:
                title = line
            continue
        kept.append(line)
    return "\n".join(kept).strip(), title


def _heading(line: str) -> bool:
    """A short line in title case (or of a few words) is a heading; a sentence that only
    lacks its full stop ("police arrested five men in the old city") is not."""
    words = line.split()
    if len(words) > 20:
        return False
    if len(words) <= 4:
        return True
    content = [w for w in words if len(w) > 3 and w[:1].isalpha()]
    capitalised = sum(1 for w in content if w[:1].isupper())
    return bool(content) and capitalised >= 0.6 * len(content)


def check_language(text: str, name: str, *, scripts_only: bool = False) -> None:
    """Refuse text that is not English, naming its language ("not English (ar)"): see
    `casus.language`. `scripts_only`: judge by script alone (text with its page chrome)."""
    language = not_english(text, scripts_only=scripts_only)
    if language is not None:
        raise InputError(f"not English ({language})", kind="not-english")


def extract(raw: RawDoc) -> Article:
    """Turn a raw document into an Article: HTML through trafilatura, text with chrome removed."""
    content = raw.content
    if isinstance(content, bytes) and not content.strip():
        raise InputError("empty file", kind="empty")
    if isinstance(content, bytes) and unicode_bom(content):
        content = decode(content)  # UTF-16/32: HTML is recognised in the decoded text
    title = raw.title
    published = raw.date
    page_url: str | None = None  # the page's own URL and outlet, for callers that give none
    page_outlet: str | None = None
    if _looks_like_html(raw.name, content):
        html = decode(content, charset=raw.charset) if isinstance(content, bytes) else content
        try:
            doc = trafilatura.bare_extraction(
                html, url=raw.url, include_comments=False, include_tables=False
            )
        except (ValueError, TypeError) as exc:  # trafilatura raises these on broken trees
            raise InputError(f"malformed HTML: {exc}", kind="malformed-html") from None
        fields: dict[str, Any] = {}
        if isinstance(doc, dict):
            fields = doc
        elif doc is not None:
            fields = doc.as_dict()
        if fields:
            fields.update(page_metadata(html, raw.url))
        if not fields.get("text"):
            raise InputError("HTML page has no article text", kind="no-text")
        text = str(fields["text"])
        page_url, page_outlet = page_source(fields)
        title = title or (str(fields["title"]) if fields.get("title") else None)
        # `page_metadata` has run htmldate's original-date search, as trafilatura does.
        if published is None and fields.get("date"):
            try:
                published = dt.date.fromisoformat(str(fields["date"])[:10])
            except ValueError:
                published = None
        lines = text.splitlines()
        if title and lines and lines[0].strip() == title.strip():
            text = "\n".join(lines[1:]).strip()
        check_language(text, raw.name, scripts_only=True)  # before chrome removal drops it
        text, _ = clean_plain_text(text)
    else:
        text = decode(content, charset=raw.charset) if isinstance(content, bytes) else content
        check_language(text, raw.name, scripts_only=True)  # before chrome removal drops it
        if not raw.record and len(text.strip().splitlines()) > 1:
            text, guessed = clean_plain_text(text)
            title = title or guessed
            if not text.strip() and guessed:
                text = guessed  # a text that is only a headline is coded as one sentence
    if not text.strip():
        raise InputError("no article text after removing page chrome", kind="no-text")
    check_language(text, raw.name)
    published = published or raw.fetched
    head = content[:3000] if isinstance(content, str) else content[:3000].decode("utf-8", "replace")
    genre: Literal["news", "opinion"] = (
        "opinion" if _is_opinion(raw.name, title, raw.url, head) else "news"
    )
    return Article(
        id=raw.id or article_id(text),
        text=text,
        title=title,
        url=raw.url or page_url,
        published=published,
        genre=genre,
        source_name=raw.name,
        outlet=raw.outlet or page_outlet,
        doc_id=raw.id or raw.name,
    )


def page_metadata(html: str, url: str | None = None) -> dict[str, str | None]:
    """The page's title, date, URL and site name, as `trafilatura.extract_metadata` finds
    them, with none of the author, category, tag and licence searches it also makes: casus
    reads none of them, and they were two thirds of its time (the author's on a copy of the
    whole page). The page is parsed again, not handed over as a tree: trafilatura's text
    extraction prunes the tree it reads, and its own parse is the one it has always read
    (the demo's 14 pages x 4: 0.157 s of extraction before, 0.135 s after).

    {"text": None} when the search fails as trafilatura's would (it then drops the page)."""
    tree = load_html(html)
    if tree is None:
        return {"text": None}
    try:
        metadata = examine_meta(tree)
        if metadata.author and " " not in metadata.author:
            metadata.author = None  # (as trafilatura does, before the JSON-LD reading)
        try:
            metadata = extract_meta_json(tree, metadata)
        except Exception:  # trafilatura logs and ignores its JSON-LD reader's bugs
            logger.debug("trafilatura's JSON metadata reader failed", exc_info=True)
        metadata.title = metadata.title or extract_title(tree)
        metadata.url = metadata.url or extract_url(tree, url)
        params = set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))
        metadata.date = find_date(tree, **{**params, "url": metadata.url})
        metadata.sitename = metadata.sitename or extract_sitename(tree)
        if metadata.sitename:
            metadata.sitename = metadata.sitename.lstrip("@")  # a Twitter handle
            name = metadata.sitename
            if name and "." not in name and not name[0].isupper():
                metadata.sitename = name.title()
        elif metadata.url:
            named = META_URL.match(metadata.url)
            if named:
                metadata.sitename = named[1]
        metadata.clean_and_trim()  # entities, spaces and control characters
    except (ValueError, TypeError):
        return {"text": None}
    return {
        "title": metadata.title,
        "date": metadata.date,
        "url": metadata.url,
        "sitename": metadata.sitename,
    }


def page_source(fields: dict[str, Any]) -> tuple[str | None, str | None]:
    """The URL and outlet a page names itself by (trafilatura's metadata: og:url, else the
    canonical link; og:site_name), or None. Only http(s) URLs count."""
    url = fields.get("url")
    if not isinstance(url, str) or not re.match(r"https?://[^\s/]+", url.strip(), re.I):
        url = None
    outlet = fields.get("sitename")
    if not isinstance(outlet, str) or not outlet.strip():
        outlet = None
    return (url.strip() if url else None), (outlet.strip()[:200] if outlet else None)


def _is_opinion(name: str, title: str | None, url: str | None, head: str) -> bool:
    """Editorials say so in their file name, URL, title or breadcrumb line."""
    crumbs = [line for line in head.splitlines()[:15] if _BREADCRUMB.match(line.strip())]
    hay = " ".join([name, title or "", url or "", *crumbs])
    return bool(_OPINION.search(hay))
