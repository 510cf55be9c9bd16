"""Query parameters shared by the events table, its downloads and the REST API.

Every parameter is typed (dates, code lengths, roots 01..20, quad classes, modalities, sort
keys), so the OpenAPI spec says exactly what is accepted and anything else is FastAPI's
standard 422: dates are YYYY-MM-DD and nothing else, and an empty value is refused (leave
the parameter out instead). HTML forms send empty strings for empty fields: the app drops
those from the query string of its pages before these parameters are read
(`casus.web.app.DropEmptyQuery`), so on the pages they mean "not set".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import Depends, Query
from pydantic import BeforeValidator, Field, StringConstraints

from casus.model import Modality
from casus.store import EventFilter
from casus.web.queries import MAX_PAGE_SIZE, MAX_TEXT_QUERY, EventQuery

CODE_LENGTH = 64  # longest actor / country code accepted in a filter

ModalityName = Modality  # one vocabulary, declared in casus.model
SortKey = Literal[
    "day", "source", "target", "cameo", "goldstein", "quad_class", "modality", "confidence",
    "outlet",
]  # fmt: skip


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_day(value: Any) -> Any:
    """Only "YYYY-MM-DD" is a date here (pydantic alone also takes "0" or datetimes)."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


IsoDay = BeforeValidator(iso_day)
DateParam = Annotated[dt.date | None, IsoDay, Query(description="YYYY-MM-DD")]
CodeText = Annotated[str, StringConstraints(min_length=1, max_length=CODE_LENGTH)]
Code = Annotated[CodeText | None, Query(description="Actor code prefix, e.g. RUS or RUSGOV.")]
Root = Annotated[str, StringConstraints(pattern=r"^(0?[1-9]|1[0-9]|20)$")]
Quad = Annotated[int, Field(ge=1, le=4)]


def event_filter(
    since: DateParam = None,
    until: DateParam = None,
    actor: Code = None,
    source: Code = None,
    target: Code = None,
    country: Annotated[CodeText | None, Query(description="ISO alpha-3 (UKR).")] = None,
    root: Annotated[list[Root], Query(description="CAMEO roots 01..20.")] = [],  # noqa: B006
    quad_class: Annotated[list[Quad], Query(description="Quad classes 1..4.")] = [],  # noqa: B006
    modality: Annotated[list[ModalityName], Query()] = [],  # noqa: B006
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
        Annotated[str, StringConstraints(min_length=1, max_length=200)] | None, Query()
    ] = None,
    q: Annotated[
        Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT_QUERY)] | None,
        Query(
            description="Words in the sentence, in this order; the last one may be the start "
            "of a word. Case and punctuation are ignored (full-text index)."
        ),
    ] = None,
    sort: Annotated[SortKey | None, Query()] = None,
    order: Annotated[Literal["asc", "desc"] | None, Query()] = None,
    page: Annotated[Annotated[int, Field(ge=1, le=1_000_000)] | None, Query()] = None,
    page_size: Annotated[Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)] | None, Query()] = None,
    negated: Annotated[
        bool,
        Query(
            description="Also list acts the text says did not happen (modality negated); "
            "without it they are left out unless `modality` names them."
        ),
    ] = False,
) -> EventQuery:
    """Filters + outlet, text search, sort, page and whether negated acts are listed."""
    return EventQuery(
        filters=filters,
        outlet=_strip(outlet),
        text=_strip(q),
        sort=sort or "day",
        descending=order == "desc",
        page=page or 1,
        page_size=page_size or 100,
        negated=negated,
    )


def with_page(query: EventQuery, page: int) -> EventQuery:
    return replace(query, page=page)
