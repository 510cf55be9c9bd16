"""The HTML pages (Jinja2 with autoescaping; htmx swaps the events table and coding result)."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path as FsPath
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from casus.analysis.stats import corpus_stats
from casus.extract import InputError
from casus.model import MODALITIES, Event, RawDoc, event_ids
from casus.ontology import default_ontology
from casus.store import EventFilter
from casus.store.unknown import dictionary_yaml, unknown_actors
from casus.web import queries
from casus.web.app import CSP_VEGA, MAX_BODY, WebState, state
from casus.web.highlight import Segment, event_spans, segments
from casus.web.params import event_filter, event_query, with_page
from casus.web.queries import SORTS, EventQuery

logger = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

State = Annotated[WebState, Depends(state)]
Query_ = Annotated[EventQuery, Depends(event_query)]

QUADS = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def safe_url(value: Any) -> str | None:
    """An http(s) URL to link to, else None (javascript:, data: and the like are not linked)."""
    if not isinstance(value, str):
        return None
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:
        return None
    return value.strip() if scheme in ("http", "https") else None


@functools.cache
def _roots() -> list[tuple[str, str]]:
    return [(t.code, t.name) for t in default_ontology().roots()]


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(FsPath(__file__).parent / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.globals.update(quads=QUADS, modalities=MODALITIES, sorts=list(SORTS))
    return env


templates = Jinja2Templates(env=_environment())


def _render(
    request: Request, name: str, context: Mapping[str, Any], *, vega: bool = False
) -> HTMLResponse:
    page = {"request": request, "nav": name.removesuffix(".html"), **context}
    response = templates.TemplateResponse(request, name, page)
    if vega:
        response.headers["Content-Security-Policy"] = CSP_VEGA
    return response


def _is_htmx(request: Request) -> bool:
    """An htmx swap (a fragment will do), not a history restore (which needs the page)."""
    headers = request.headers
    return headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in headers


def _query_string(request: Request, **changes: Any) -> str:
    """The current query string with some parameters replaced (paging, sorting, downloads)."""
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in changes and v != ""]
    items += [(k, str(v)) for k, v in changes.items() if v is not None]
    return urlencode(items)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, web: State) -> HTMLResponse:
    stats = corpus_stats(web.store, top=15)
    failures = queries.failures(web.store, limit=100)
    return _render(request, "overview.html", {"stats": stats, "failures": failures})


@router.get("/articles", response_class=HTMLResponse)
def article_list(request: Request, web: State, page: int = 1) -> HTMLResponse:
    page = max(1, min(page, 1_000_000))
    rows, total = queries.list_articles(web.store, page=page, page_size=50)
    pages = max(1, -(-total // 50))
    return _render(
        request, "articles.html", {"articles": rows, "total": total, "page": page, "pages": pages}
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_view(
    request: Request, web: State, article_id: Annotated[str, Path(max_length=64)]
) -> HTMLResponse:
    article = queries.get_article(web.store, article_id)
    if article is None:
        raise HTTPException(status_code=404, detail="no such article")
    events = queries.article_events(web.store, article_id)
    return _render(request, "article.html", _article_context(article, events))


def _article_context(
    article: Mapping[str, Any], events: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    spans = [s for ev in events for s in event_spans(ev, int(ev["id"]))]
    parts: list[Segment] = segments(str(article["text"]), spans)
    return {"article": article, "events": events, "segments": parts}


def _coded_events(article_id: str, coded: Sequence[Event]) -> list[dict[str, Any]]:
    out = []
    ids = event_ids(article_id, coded)
    for i, (ev, event_id) in enumerate(zip(coded, ids, strict=True), start=1):
        record = {"event_id": event_id, **ev.to_dict()}
        record["id"] = i
        out.append(record)
    return out


def _limits(web: WebState) -> dict[str, int]:
    return {"max_chars": web.max_code_chars, "max_upload": web.max_upload}


@router.get("/code", response_class=HTMLResponse)
def code_form(request: Request, web: State) -> HTMLResponse:
    context = {"result": None, "error": None, "text": "", **_limits(web)}
    return _render(request, "code.html", context)


@router.post("/code", response_class=HTMLResponse)
async def code_submit(
    request: Request,
    web: State,
    text: Annotated[str, Form(max_length=MAX_BODY)] = "",
    date: Annotated[str, Form(max_length=10)] = "",
    save: Annotated[str, Form(max_length=8)] = "",
    upload: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    error: str | None = None
    result: dict[str, Any] | None = None
    published: dt.date | None = None
    try:
        published = dt.date.fromisoformat(date) if date else None
    except ValueError:
        error = "the date must be YYYY-MM-DD"
    raw: RawDoc | None = None
    if error is None:
        if upload is not None and upload.filename:
            data = await upload.read(web.max_upload + 1)
            raw = RawDoc(FsPath(upload.filename).name or "upload", data, date=published)
        elif text.strip():
            raw = RawDoc("pasted text", text, date=published)
        else:
            error = "paste a text or choose a file"
    if raw is not None:
        from starlette.concurrency import run_in_threadpool

        try:
            article, coded = await run_in_threadpool(web.code_raw, raw)
        except InputError as exc:
            error = f"cannot code this input ({exc.kind}): {exc}"
        else:
            stored = None
            if save and web.allow_write:
                stored = await run_in_threadpool(web.save, raw.name, article, coded)
            record = {
                "id": article.id,
                "title": article.title,
                "text": article.text,
                "published": article.published.isoformat() if article.published else None,
                "outlet": article.outlet,
                "url": article.url,
            }
            events = _coded_events(article.id, coded)
            result = _article_context(record, events) | {"stored": stored}
    context = {"result": result, "error": error, "text": text, **_limits(web)}
    name = "_code_result.html" if _is_htmx(request) else "code.html"
    return _render(request, name, context)


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, web: State, query: Query_) -> HTMLResponse:
    page = queries.event_page(web.store, query, counts=web.counts)
    if page.events == [] and query.page > page.pages:
        page = queries.event_page(web.store, with_page(query, page.pages), counts=web.counts)
    context = {
        "page": page,
        "query": query,
        "form": request.query_params,
        "outlets": queries.outlets(web.store),
        "roots": _roots(),
        "qs": functools.partial(_query_string, request),
    }
    name = "_events_table.html" if _is_htmx(request) else "events.html"
    return _render(request, name, context)


UnknownLimit = Annotated[int, Query(ge=1, le=1000)]
UnknownMinCount = Annotated[int, Query(ge=1, le=1_000_000)]


@router.get("/actors/unknown", response_class=HTMLResponse)
def unknown_actors_page(
    request: Request,
    web: State,
    filters: Annotated[EventFilter, Depends(event_filter)],
    limit: UnknownLimit = 100,
    min_count: UnknownMinCount = 1,
) -> HTMLResponse:
    found = unknown_actors(web.store, filters, limit=limit, min_count=min_count)
    context = {
        "actors": found,
        "form": request.query_params,
        "limit": limit,
        "min_count": min_count,
        "qs": functools.partial(_query_string, request),
    }
    return _render(request, "unknown_actors.html", context)


@router.get("/actors/unknown.yml")
def unknown_actors_dictionary(
    web: State,
    filters: Annotated[EventFilter, Depends(event_filter)],
    limit: UnknownLimit = 100,
    min_count: UnknownMinCount = 1,
) -> Response:
    """The same list as a user actor dictionary to edit and load with --dictionary."""
    found = unknown_actors(web.store, filters, limit=limit, min_count=min_count)
    return Response(
        dictionary_yaml(found, source="casus web app"),
        media_type="application/yaml; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="casus-unknown-actors.yml"'},
    )


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, web: State) -> HTMLResponse:
    return _render(request, "network.html", {"form": request.query_params, "roots": _roots()})


@router.get("/series", response_class=HTMLResponse)
def series_page(request: Request, web: State) -> HTMLResponse:
    stats = corpus_stats(web.store, top=10)
    return _render(
        request, "series.html", {"form": request.query_params, "stats": stats}, vega=True
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, web: State) -> HTMLResponse:
    return _render(
        request, "map.html", {"form": request.query_params, "roots": _roots()}, vega=True
    )
