"""Read canonical (deduplicated) events: the query pieces shared by exports and aggregates.

`casus dedup` links every raw event to a canonical event, identified by the id of its
representative raw event. Reading "deduplicated" keeps the representatives plus every event
stored after the last `casus dedup` (no link yet: it counts as its own canonical event), so
a stale deduplication never hides events.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, literal, or_

from casus.store.schema import canonical_events, event_links, events


def canonical_only(stmt: Select[Any], *, with_counts: bool = False) -> Select[Any]:
    """Restrict a select over `events` to canonical events; optionally add `dedup_*` columns."""
    stmt = stmt.outerjoin(event_links, event_links.c.event_id == events.c.id).where(
        or_(event_links.c.event_id.is_(None), event_links.c.canonical_id == events.c.id)
    )
    if not with_counts:
        return stmt
    stmt = stmt.outerjoin(canonical_events, canonical_events.c.event_id == events.c.id)
    one = literal(1)
    return stmt.add_columns(
        func.coalesce(canonical_events.c.n_events, one).label("dedup_n_events"),
        func.coalesce(canonical_events.c.n_articles, one).label("dedup_n_articles"),
        func.coalesce(canonical_events.c.n_outlets, one).label("dedup_n_outlets"),
        func.coalesce(canonical_events.c.n_stories, one).label("dedup_n_stories"),
        func.coalesce(canonical_events.c.first_day, events.c.day).label("dedup_first_day"),
        func.coalesce(canonical_events.c.last_day, events.c.day).label("dedup_last_day"),
    )
