"""Query parameters shared by the events table, its downloads and the REST API.

Every parameter is typed (dates, code lengths, roots 01..20, quad classes, modalities, sort
keys), so the OpenAPI spec says exactly what is accepted and a bad value is FastAPI's
standard 422. HTML forms send empty strings for empty fields: those mean "not set".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import Depends, Query
from pydantic import BeforeValidator, Field, StringConstraints

from casus.store import EventFilter
from casus.web.queries import MAX_PAGE_SIZE, MAX_TEXT_QUERY, EventQuery

CODE_LENGTH = 64  # longest actor / country code accepted in a filter

ModalityName = Literal[
    "asserted", "reported", "negated", "hypothetical", "future", "recommended", "question"
]
SortKey = Literal[
    "day", "source", "target", "cameo", "goldstein", "quad_class", "modality", "confidence",
    "outlet",
]  # fmt: skip


def _none_if_empty(value: Any) -> Any:
    return None if value == "" else value


def _drop_empty(value: Any) -> Any:
    if isinstance(value, list):
        return [v for v in value if v != ""]
    return value


Optional = BeforeValidator(_none_if_empty)
NonEmpty = BeforeValidator(_drop_empty)

DateParam = Annotated[dt.date | None, Optional, Query(description="YYYY-MM-DD")]
CodeText = Annotated[str, StringConstraints(max_length=CODE_LENGTH)]
Code = Annotated[
    CodeText | None, Optional, Query(description="Actor code prefix, e.g. RUS or RUSGOV.")
]
Root = Annotated[str, StringConstraints(pattern=r"^(0?[1-9]|1[0-9]|20)$")]
Quad = Annotated[int, Field(ge=1, le=4)]


def event_filter(
    since: DateParam = None,
    until: DateParam = None,
    actor: Code = None,
    source: Code = None,
    target: Code = None,
    country: Annotated[CodeText | None, Optional, Query(description="ISO alpha-3 (UKR).")] = None,
    root: Annotated[list[Root], NonEmpty, Query(description="CAMEO roots 01..20.")] = [],  # noqa: B006
    quad_class: Annotated[list[Quad], NonEmpty, Query(description="Quad classes 1..4.")] = [],  # noqa: B006
    modality: Annotated[list[ModalityName], NonEmpty, Query()] = [],  # noqa: B006
) -> EventFilter:
    """The store filter from query parameters (all optional, AND-ed)."""
    return EventFilter(
        since=since,
        until=until,
        actor=_strip(actor),
        source=_strip(source),
        target=_strip(target),
        country=_strip(country),
        roots=tuple(f"{int(r):02d}" for r in root),
        quad_classes=tuple(quad_class),
        modalities=tuple(modality),
    )


def _strip(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def event_query(
    filters: Annotated[EventFilter, Depends(event_filter)],
    outlet: Annotated[
        Annotated[str, StringConstraints(max_length=200)] | None, Optional, Query()
    ] = None,
    q: Annotated[
        Annotated[str, StringConstraints(max_length=MAX_TEXT_QUERY)] | None,
        Optional,
        Query(description="Words in the sentence (case-insensitive)."),
    ] = None,
    sort: Annotated[SortKey | None, Optional, Query()] = None,
    order: Annotated[Literal["asc", "desc"] | None, Optional, Query()] = None,
    page: Annotated[Annotated[int, Field(ge=1, le=1_000_000)] | None, Optional, Query()] = None,
    page_size: Annotated[
        Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)] | None, Optional, Query()
    ] = None,
) -> EventQuery:
    """Filters + outlet, text search, sort and page."""
    return EventQuery(
        filters=filters,
        outlet=_strip(outlet),
        text=_strip(q),
        sort=sort or "day",
        descending=order == "desc",
        page=page or 1,
        page_size=page_size or 100,
    )


def with_page(query: EventQuery, page: int) -> EventQuery:
    return replace(query, page=page)
