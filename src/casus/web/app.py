"""The FastAPI application: pages, the REST API under /api/v1, static files and safety nets.

Safety: request bodies are size-limited before they are read; every response carries a
Content-Security-Policy without 'unsafe-inline' scripts, so even a slip in escaping
could not run injected script; the store is read-only unless `allow_write`; the server
never fetches a URL (uploaded HTML is parsed as given).

Requests must name this server in their Host header: the loopback names (127.0.0.1,
localhost, ::1) and the hosts given to `create_app` (`casus serve --allowed-host`), so a
page on another site cannot reach the app through DNS rebinding. Writing requests (POST,
PUT, PATCH, DELETE) must come from the app's own pages: an `Origin` (else `Referer`) header
naming another origin is refused (403), and so is a form post that carries neither; API
clients that send JSON without those headers (curl, scripts) are not browsers and pass.
Pages answer errors with an HTML page, the API with JSON `{"detail": ...}`.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import escape
from sqlalchemy import event
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from casus.extract import InputError, extract
from casus.model import Article, Event, RawDoc
from casus.store import LogEntry, Store
from casus.web.assets import STATIC_DIR, missing_vendor_files
from casus.web.queries import CountCache

if TYPE_CHECKING:
    from casus.pipeline import Coder

logger = logging.getLogger(__name__)

MAX_UPLOAD = 2_000_000  # bytes of a file uploaded to the coding form
MAX_BODY = MAX_UPLOAD + 100_000  # bytes of any request body: an upload plus the form fields
MAX_CODE_CHARS = 100_000  # characters of article text coded per request (pasted or extracted)
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# what an HTML form (or a no-CORS fetch) on another site can send without a preflight
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"})

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
    max_upload: int = MAX_UPLOAD
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
        """Extract (HTML or text, never fetched) and code; InputError for unusable input.

        Limits: a file (bytes) of at most `max_upload` bytes; pasted text, and the article
        text extracted from a file, of at most `max_code_chars` characters.
        """
        content = raw.content
        size = len(content)
        if isinstance(content, bytes) and size > self.max_upload:
            raise InputError(
                f"file too large ({size:,} bytes; limit {self.max_upload:,})", kind="too-large"
            )
        if isinstance(content, str) and size > self.max_code_chars:
            raise InputError(
                f"text too long ({size:,} characters; limit {self.max_code_chars:,})",
                kind="too-large",
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
    message = f"request body over {limit:,} bytes"
    await error_response(scope, 413, message)(scope, receive, send)


def _is_api(scope: Scope) -> bool:
    path: str = scope.get("path", "")
    return path.startswith("/api/")


_ERROR_TITLES = {
    400: "Bad request",
    403: "Refused",
    404: "Not found",
    405: "Method not allowed",
    413: "Too large",
    422: "Invalid input",
}


def error_response(scope: Scope, status: int, message: str) -> Response:
    """JSON `{"detail": message}` for the API, a small HTML page for everything else."""
    if _is_api(scope):
        return JSONResponse({"detail": message}, status_code=status)
    title = _ERROR_TITLES.get(status, "Error")
    page = (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} · casus</title>\n"
        '<link rel="stylesheet" href="/static/casus.css">\n</head>\n<body>\n'
        '<header class="top"><a class="brand" href="/">casus</a></header>\n<main>\n'
        f"<h1>{escape(title)} ({status})</h1>\n"
        f'<p class="error" role="alert">{escape(message)}</p>\n'
        '<p><a href="/">Overview</a> · <a href="/code">Code an article</a></p>\n'
        "</main>\n</body>\n</html>\n"
    )
    return HTMLResponse(page, status_code=status)


def _normal_host(value: str) -> str:
    """The host of a Host header (or a configured name): lower case, no port or brackets."""
    value = value.strip().lower()
    if value.startswith("["):  # [::1]:8000
        name = value[1 : value.find("]")] if "]" in value else ""
    elif value.count(":") == 1:  # example.org:8000
        name = value.split(":", 1)[0]
    else:  # a name, an IPv4 address or a bare IPv6 address
        name = value
    name = name.rstrip(".")
    try:
        return str(ipaddress.ip_address(name))
    except ValueError:
        return name


def serve_hosts(bound: str, extra: Iterable[str] = ()) -> list[str]:
    """The Host names a server bound to `bound` accepts besides the loopback names: the
    `extra` ones (`--allowed-host`) and the bound address itself unless it is a wildcard."""
    hosts = [h.strip() for h in extra if h.strip()]
    if bound not in ("", "0.0.0.0", "::", "[::]"):
        hosts.append(bound)
    return hosts


class HostGuard:
    """Refuse unknown Host headers (DNS rebinding, 400) and cross-origin writes (CSRF, 403).

    `hosts`: the names the server answers to besides the loopback ones; "*" turns the Host
    check off (behind a proxy that checks it). See the module docstring for the rules.
    """

    def __init__(self, app: ASGIApp, *, hosts: Iterable[str] = ()) -> None:
        self.app = app
        names = [*LOOPBACK_HOSTS, *hosts]
        self.any_host = "*" in names
        self.hosts = frozenset(_normal_host(h) for h in names if h != "*")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        if not self.any_host and _normal_host(host) not in self.hosts:
            shown = host[:100] or "(none)"
            message = (
                f"unknown Host header {shown!r}: this server answers to "
                f"{', '.join(sorted(self.hosts))} (casus serve --allowed-host adds names)"
            )
            await error_response(scope, 400, message)(scope, receive, send)
            return
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            problem = _cross_origin(headers, host)
            if problem is not None:
                logger.warning("refused %s %s: %s", scope["method"], scope.get("path"), problem)
                await error_response(scope, 403, problem)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _cross_origin(headers: Headers, host: str) -> str | None:
    """Why a writing request is not from this server's own pages, or None when it is."""
    own = host.strip().lower()
    origin = headers.get("origin")
    if origin is not None:
        if origin.strip().lower() == "null":
            return "cross-origin request refused (Origin: null)"
        if urlsplit(origin.strip()).netloc.lower() != own:
            return f"cross-origin request refused (Origin: {origin[:100]})"
        return None
    referer = headers.get("referer")
    if referer:
        if urlsplit(referer.strip()).netloc.lower() != own:
            return "cross-origin request refused (Referer from another site)"
        return None
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in FORM_TYPES:
        return "form post without Origin or Referer refused (send it from this server's page)"
    return None


class DropEmptyQuery:
    """Pages only: drop empty query parameters (`?since=&root=19` -> `?root=19`).

    HTML forms send every field, empty or not; for the pages an empty field means "not set",
    while the API (which documents its parameters) refuses empty values.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        query: bytes = scope.get("query_string", b"") if scope["type"] == "http" else b""
        if query and not _is_api(scope):
            kept = [p for p in query.split(b"&") if b"=" in p and not p.endswith(b"=")]
            scope = dict(scope, query_string=b"&".join(kept))
        await self.app(scope, receive, send)


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
                # same-origin, not no-referrer: with no-referrer browsers send "Origin: null"
                # on the app's own form posts, which the CSRF check must refuse
                headers["Referrer-Policy"] = "same-origin"
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
    allowed_hosts: Iterable[str] = (),
) -> FastAPI:
    """The app over an open store; `coder_factory` builds the coder for /code on first use.

    The app owns the store from here on: without `allow_write` its connections refuse writes.
    `allowed_hosts`: Host header names accepted besides 127.0.0.1, localhost and ::1 ("*":
    any).
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
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    # the last added runs first: headers on everything, then Host/Origin, then the body size
    app.add_middleware(DropEmptyQuery)
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(HostGuard, hosts=tuple(allowed_hosts))
    app.add_middleware(SecurityHeaders)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=Path(STATIC_DIR)), name="static")
    return app


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if _is_api(request.scope):
        return await request_validation_exception_handler(request, exc)
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'input'}: {e.get('msg', '')}"
        for e in exc.errors()[:5]
    )
    return error_response(request.scope, 422, problems or "invalid input")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _is_api(request.scope):
        return await http_exception_handler(request, exc)
    response = error_response(request.scope, exc.status_code, str(exc.detail))
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response


def state(request: Request) -> WebState:
    """The app's WebState (a FastAPI dependency)."""
    web: WebState = request.app.state.web
    return web


def app_from_environment() -> FastAPI:
    """The app for uvicorn's worker processes (`--workers`): settings come from CASUS_WEB_*."""
    import os

    from casus.store import open_store

    store = open_store(os.environ["CASUS_WEB_DB"], create=False)
    hosts = [h for h in os.environ.get("CASUS_WEB_ALLOWED_HOSTS", "").split(",") if h]
    return create_app(
        store,
        allow_write=os.environ.get("CASUS_WEB_ALLOW_WRITE") == "1",
        allowed_hosts=hosts,
    )
