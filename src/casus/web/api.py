"""The REST API under /api/v1: articles, events, actors, dyads, aggregates and coding."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

from casus.analysis import aggregate
from casus.analysis.export import CASUS_COLUMNS, CsvWriter, csv_cell
from casus.analysis.stats import corpus_stats
from casus.extract import InputError
from casus.model import FACTUAL_MODALITIES, event_ids
from casus.store import EventFilter
from casus.store.unknown import unknown_actors
from casus.web import queries
from casus.web.app import WebState, state
from casus.web.params import CodeText, IsoDay, ModalityName, event_filter, event_query
from casus.web.queries import EventQuery

logger = logging.getLogger(__name__)

router = APIRouter(
    prefix="/api/v1",
    tags=["casus"],
    responses={400: {"description": "Unknown Host header (see casus serve --allowed-host)"}},
)

State = Annotated[WebState, Depends(state)]
Query_ = Annotated[EventQuery, Depends(event_query)]
Filter = Annotated[EventFilter, Depends(event_filter)]
Modalities = Annotated[
    list[ModalityName],
    Query(description="Modalities counted by aggregates (default: asserted, reported)."),
]
Interval = Literal["day", "week", "month"]


class EventList(BaseModel):
    """A page of events in the JSON event schema (plus "article", "id", "day")."""

    events: list[dict[str, Any]]
    total: int
    page: int
    page_size: int
    pages: int


class ArticleList(BaseModel):
    articles: list[dict[str, Any]]
    total: int
    page: int
    page_size: int


class CodeRequest(BaseModel):
    """Text to code (not stored unless `save` and the server allows writes).

    Types are strict: `save` and `negated` are true or false (not 0/1 or "yes"), `date` is
    "YYYY-MM-DD", and no other fields are accepted.
    """

    model_config = ConfigDict(extra="forbid")

    text: StrictStr = Field(min_length=1, max_length=100_000)
    date: Annotated[dt.date | None, IsoDay] = None
    title: StrictStr | None = Field(default=None, max_length=1000)
    save: StrictBool = False
    negated: StrictBool = Field(
        default=False,
        description="Also return acts the text says did not happen (modality negated), as "
        "`casus code --negated` does; a saved text keeps them either way.",
    )


class CodeResult(BaseModel):
    """The coded events; `problem` says why a text gave none (no article text, not English)."""

    article_id: str | None
    title: str | None
    published: str | None
    stored: bool
    problem: str | None = None
    events: list[dict[str, Any]]


class Message(BaseModel):
    detail: str


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Message, "description": "Not found"}}
CODE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Message, "description": "Body is not decodable JSON"},
    403: {"model": Message, "description": "Read-only server, or a cross-origin request"},
    413: {"model": Message, "description": "Request body too large"},
}


@router.get("/stats", summary="Corpus overview")
def get_stats(web: State) -> dict[str, Any]:
    stats = corpus_stats(web.store).to_dict()
    stats["ingest_failures"] = [
        {"name": e.name, "kind": e.kind, "reason": e.reason}
        for e in queries.failures(web.store, limit=200)
    ]
    return stats


@router.get("/articles", summary="Articles, newest first", response_model=ArticleList)
def get_articles(
    web: State,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=queries.MAX_PAGE_SIZE)] = 50,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
) -> ArticleList:
    rows, total = queries.list_articles(web.store, page=page, page_size=page_size, outlet=outlet)
    return ArticleList(articles=rows, total=total, page=page, page_size=page_size)


@router.get(
    "/articles/{article_id}", summary="One article with its text and events", responses=NOT_FOUND
)
def get_article(web: State, article_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
    article = queries.get_article(web.store, article_id)
    if article is None:
        raise HTTPException(status_code=404, detail="no such article")
    article["events"] = queries.article_events(web.store, article_id)
    return article


@router.get("/events", summary="Events (filtered, sorted, paginated)", response_model=EventList)
def get_events(web: State, query: Query_) -> Response:
    page = queries.event_page(web.store, query, counts=web.counts)
    body = EventList(
        events=page.events,
        total=page.total,
        page=page.page,
        page_size=page.page_size,
        pages=page.pages,
    )
    # serialised by pydantic directly: FastAPI's generic encoder took most of the request time
    return Response(body.model_dump_json(), media_type="application/json")


@router.get(
    "/events/export",
    summary="Download exactly one page of events as CSV or JSON",
    response_class=Response,
)
def export_events(web: State, query: Query_, format: Literal["csv", "json"] = "csv") -> Response:
    stamp = dt.date.today().isoformat()
    if format == "json":
        body = json.dumps(
            queries.event_page(web.store, query, counts=web.counts).events, ensure_ascii=False
        )
        return Response(
            body,
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="casus-events-{stamp}.json"'},
        )
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow([c.name for c in CASUS_COLUMNS])
    for event in queries.stored_events(web.store, query):
        # spreadsheet formulas neutralised, as `casus export` does
        writer.writerow([csv_cell(c.get(event)) for c in CASUS_COLUMNS])
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="casus-events-{stamp}.csv"'},
    )


@router.get("/actors", summary="Actors by number of events")
def get_actors(
    web: State, query: Query_, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[dict[str, Any]]:
    return queries.actor_counts(web.store, query, limit=limit)


class UnknownActorOut(BaseModel):
    """A name in actor slots that no dictionary resolved, or a person no dictionary lists
    whom only a title coded (see `casus actors unknown`)."""

    name: str
    events: int = Field(description="Events naming it (once per slot it fills).")
    slots: dict[str, int] = Field(description="Events per slot: source, target, attribution.")
    spellings: list[str]
    code: str = Field(
        description="Suggested actor code: country + sector + organisation ('---' unknown); "
        "for a titled person, the code the title gave."
    )
    country: str
    sector: str
    org: str = Field(description="Suggested organisation part ('EUR' of IGOEUR), usually ''.")
    kind: str = Field(
        description="'unresolved' (no code) or 'titled' (a person coded only from a title)."
    )
    example: str = Field(description="The sentence of its first event.")
    article_id: str
    event_id: str | None


@router.get(
    "/actors/unknown",
    summary="Names in actor slots that no dictionary resolved or only a title coded",
    response_model=list[UnknownActorOut],
)
def get_unknown_actors(
    web: State,
    filters: Filter,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    min_count: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> list[dict[str, Any]]:
    found = unknown_actors(web.store, filters, limit=limit, min_count=min_count)
    return [a.to_dict() for a in found]


@router.get("/dyads", summary="Source → target pairs by number of events")
def get_dyads(
    web: State, query: Query_, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[dict[str, Any]]:
    return queries.dyad_counts(web.store, query, limit=limit)


def _modalities(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(values) or FACTUAL_MODALITIES


def _plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@router.get("/series", summary="Counts and Goldstein over time")
def get_series(
    web: State,
    filters: Filter,
    interval: Interval = "month",
    dyad_source: Annotated[CodeText | None, Query()] = None,
    dyad_target: Annotated[CodeText | None, Query()] = None,
    dedup: bool = False,
    count_modality: Modalities = [],  # noqa: B006
) -> list[dict[str, Any]]:
    dyad = None
    if dyad_source and dyad_target:
        dyad = (dyad_source.upper(), dyad_target.upper())
    elif dyad_source or dyad_target:  # one side only: that side's events, any partner
        filters = replace(filters, source=dyad_source or filters.source)
        filters = replace(filters, target=dyad_target or filters.target)
    points = aggregate.time_series(
        web.store,
        interval=interval,
        filters=filters,
        dyad=dyad,
        dedup=dedup,
        modalities=_modalities(count_modality),
    )
    return list(_plain(points))


@router.get("/network", summary="Actor network: nodes and directed edges")
def get_network(
    web: State,
    filters: Filter,
    level: Literal["actor", "country"] = "actor",
    min_count: Annotated[int, Query(ge=1, le=100_000)] = 1,
    dedup: bool = False,
    count_modality: Modalities = [],  # noqa: B006
) -> dict[str, Any]:
    graph = aggregate.actor_network(
        web.store,
        filters=filters,
        level=level,
        dedup=dedup,
        modalities=_modalities(count_modality),
        min_count=min_count,
    )
    result: dict[str, Any] = _plain(aggregate.network_to_json(graph))
    return result


@router.get("/network/edge", summary="The events of one network edge")
def get_edge_events(
    web: State,
    query: Query_,
    source: Annotated[str, Query(min_length=1, max_length=64)],
    target: Annotated[str, Query(min_length=1, max_length=64)],
    level: Literal["actor", "country"] = "actor",
    count_modality: Modalities = [],  # noqa: B006
) -> list[dict[str, Any]]:
    modalities = query.filters.modalities or _modalities(count_modality)
    scoped = replace(query, filters=replace(query.filters, modalities=modalities))
    ids = queries.edge_event_ids(web.store, scoped, source, target, level=level)
    return queries.events_by_ids(web.store, ids)


@router.get("/places", summary="Events by place")
def get_places(
    web: State,
    filters: Filter,
    dedup: bool = False,
    count_modality: Modalities = [],  # noqa: B006
) -> list[dict[str, Any]]:
    places = aggregate.place_counts(
        web.store, filters=filters, dedup=dedup, modalities=_modalities(count_modality)
    )
    return list(_plain(places))


@router.post(
    "/code", summary="Code a text (size-limited)", response_model=CodeResult, responses=CODE_ERRORS
)
def post_code(web: State, request: CodeRequest) -> CodeResult:
    if request.save and not web.allow_write:
        raise HTTPException(status_code=403, detail="read-only server (start with --allow-write)")
    try:
        article, coded = web.code_text(request.text, date=request.date, title=request.title)
    except InputError as exc:
        return CodeResult(
            article_id=None,
            title=request.title,
            published=request.date.isoformat() if request.date else None,
            stored=False,
            problem=f"{exc.kind}: {exc}",
            events=[],
        )
    stored = web.save("api", article, coded) if request.save else False
    return CodeResult(
        article_id=article.id,
        title=article.title,
        published=article.published.isoformat() if article.published else None,
        stored=stored,
        events=[
            {"event_id": event_id, **e.to_dict()}
            for e, event_id in zip(coded, event_ids(article.id, coded), strict=True)
            if request.negated or e.modality != "negated"
        ],
    )
