"""The records the stages share."""

from __future__ import annotations

import dataclasses
from typing import Any

from casus.model import Event


def test_with_context_replaces_place_and_date_and_keeps_every_other_field() -> None:
    # A distinct object per field: a field `with_context` did not carry would show.
    values: dict[str, Any] = {f.name: object() for f in dataclasses.fields(Event)}
    event = Event(**values)
    place, date, detail = object(), object(), object()
    placed = event.with_context(place, date, detail)  # type: ignore[arg-type]
    assert placed == dataclasses.replace(event, place=place, date=date, date_detail=detail)
    for name, value in values.items():
        expected = {"place": place, "date": date, "date_detail": detail}.get(name, value)
        assert getattr(placed, name) is expected, name
