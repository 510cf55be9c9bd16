"""The FastAPI application: pages, the REST API under /api/v1, static files and safety nets.

Safety: request bodies are size-limited before they are read; every response carries a
Content-Security-Policy without 'unsafe-inline' scripts, so even a slip in escaping
could not run injected script; the store is read-only unless `allow_write`; the server
never fetches a URL (uploaded HTML is parsed as given).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import event
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from casus.extract import InputError, RawDoc, extract
from casus.model import Article, Event
from casus.store import LogEntry, Store
from casus.web.assets import STATIC_DIR, missing_vendor_files
from casus.web.queries import CountCache

if TYPE_CHECKING:
    from casus.pipeline import Coder

logger = logging.getLogger(__name__)

MAX_BODY = 2_000_000  # bytes of any request body (uploads included)
MAX_CODE_CHARS = 100_000  # characters of text coded per request

# Vega compiles its expressions with Function(): only the chart pages allow eval.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
CSP_VEGA = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")


@dataclass(slots=True)
class WebState:
    """What the routes share: the store, the write switch and a lazily built coder."""

    store: Store
    allow_write: bool = False
    coder_factory: Callable[[], Coder] | None = None
    max_code_chars: int = MAX_CODE_CHARS
    counts: CountCache = field(default_factory=CountCache)
    _coder: Coder | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def code(self, article: Article) -> list[Event]:
        """Code one article; the coder is built on first use and used by one thread at a time."""
        with self._lock:
            if self._coder is None:
                if self.coder_factory is None:
                    from casus.pipeline import default_coder

                    self._coder = default_coder()
                else:
                    self._coder = self.coder_factory()
            return self._coder.code_article(article)

    def code_text(
        self, text: str, *, date: dt.date | None = None, title: str | None = None
    ) -> tuple[Article, list[Event]]:
        return self.code_raw(RawDoc("pasted text", text, date=date, title=title))

    def code_raw(self, raw: RawDoc) -> tuple[Article, list[Event]]:
        """Extract (HTML or text, never fetched) and code; InputError for unusable input."""
        content = raw.content
        size = len(content)
        if size > self.max_code_chars * (4 if isinstance(content, bytes) else 1):
            raise InputError(
                f"input too large ({size:,}; limit {self.max_code_chars:,})", kind="too-large"
            )
        article = extract(raw)
        if len(article.text) > self.max_code_chars:
            raise InputError(
                f"text too long ({len(article.text):,} characters; limit {self.max_code_chars:,})",
                kind="too-large",
            )
        return article, self.code(article)

    def save(self, name: str, article: Article, coded: list[Event]) -> bool:
        """Store a coded article (only with allow_write); False when it was already stored."""
        if not self.allow_write:
            raise PermissionError("the server is read-only (start it with --allow-write)")
        run_id = self.store.begin_run(sources=[f"web:{name}"], options={"via": "web"})
        result = self.store.save_batch(
            run_id,
            [(article, article.id, coded)],
            [LogEntry(name=name, status="coded", kind=None, reason=None, article_id=article.id)],
        )
        self.store.end_run(run_id, summary={"coded": 1, "events": result.events_added})
        self.counts.clear()
        return result.articles_added == 1


class BodyLimit:
    """Refuse request bodies over `limit` bytes (413), by header and while streaming."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.limit + 1
                if declared > self.limit:
                    await _too_large(scope, receive, send, self.limit)
                    return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _BodyTooLarge:
            await _too_large(scope, receive, send, self.limit)


class _BodyTooLarge(Exception):
    pass


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    response = JSONResponse({"detail": f"request body over {limit:,} bytes"}, status_code=413)
    await response(scope, receive, send)


class SecurityHeaders:
    """Add the CSP (unless the page set its own) and the other protective headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = CSP
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
            await send(message)

        await self.app(scope, receive, with_headers)


def _connection_settings(store: Store, *, read_only: bool) -> None:
    """Per-connection settings: a bigger page cache and, unless writes are allowed, a
    database that refuses writes itself (SQLite query_only, PostgreSQL read-only sessions)."""
    dialect = store.dialect

    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        if dialect == "sqlite":
            cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB of pages per connection
            cursor.execute("PRAGMA mmap_size=268435456")
            if read_only:
                cursor.execute("PRAGMA query_only=ON")
        elif dialect == "postgresql" and read_only:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        cursor.close()
        if dialect == "postgresql":
            dbapi_conn.commit()

    event.listen(store.engine, "connect", on_connect)
    store.engine.dispose()  # pooled connections were made without these settings


def create_app(
    store: Store,
    *,
    allow_write: bool = False,
    coder_factory: Callable[[], Coder] | None = None,
    max_body: int = MAX_BODY,
    max_code_chars: int = MAX_CODE_CHARS,
) -> FastAPI:
    """The app over an open store; `coder_factory` builds the coder for /code on first use.

    The app owns the store from here on: without `allow_write` its connections refuse writes.
    """
    from casus.web import api, pages

    app = FastAPI(
        title="casus",
        summary="Political event data coded from news articles, with provenance.",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the Swagger/ReDoc pages load their code from a CDN
        redoc_url=None,
    )
    _connection_settings(store, read_only=not allow_write)
    app.state.web = WebState(
        store=store,
        allow_write=allow_write,
        coder_factory=coder_factory,
        max_code_chars=max_code_chars,
    )
    missing = missing_vendor_files()
    if missing:
        logger.warning(
            "front-end files missing (%s): run `make install` (npm ci + copy)", ", ".join(missing)
        )
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(SecurityHeaders)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=Path(STATIC_DIR)), name="static")
    return app


def state(request: Request) -> WebState:
    """The app's WebState (a FastAPI dependency)."""
    web: WebState = request.app.state.web
    return web


def app_from_environment() -> FastAPI:
    """The app for uvicorn's worker processes (`--workers`): settings come from CASUS_WEB_*."""
    import os

    from casus.store import open_store

    store = open_store(os.environ["CASUS_WEB_DB"], create=False)
    return create_app(store, allow_write=os.environ.get("CASUS_WEB_ALLOW_WRITE") == "1")
