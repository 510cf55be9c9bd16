"""Property-based tests of the REST API against its own OpenAPI spec (schemathesis).

Every operation under /api/v1 gets generated inputs (valid and not); none may cause a
server error, and the responses must match the documented status codes, content types and
schemas. (schemathesis' own pytest plugin does not run under pytest 9 yet, so the test
drives each operation's Hypothesis strategy itself.)
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from casus.store import open_store
from casus.web.app import create_app


def _labels() -> list[str]:
    with open_store("sqlite:///:memory:") as store:
        spec = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(store))
        return [result.ok().label for result in spec.get_all_operations()]


LABELS = _labels()


@pytest.fixture(scope="module")
def api_schema(demo_app: FastAPI) -> Any:
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", demo_app)


def test_spec_lists_the_api() -> None:
    assert {"GET /api/v1/events", "GET /api/v1/network", "POST /api/v1/code"} <= set(LABELS)


@pytest.mark.parametrize("label", LABELS)
def test_operation_conforms_to_the_spec(api_schema: Any, label: str) -> None:
    operation = next(r.ok() for r in api_schema.get_all_operations() if r.ok().label == label)

    @given(case=operation.as_strategy())
    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def check(case: Any) -> None:
        case.call_and_validate()

    check()
