"""Property-based tests of the REST API against its own OpenAPI spec (schemathesis).

Every operation under /api/v1 gets generated inputs, valid ones (positive mode) and ones the
spec forbids (negative mode); none may cause a server error, valid input must be accepted,
invalid input refused, and the responses must match the documented status codes, content
types and schemas. (schemathesis' own pytest plugin does not run under pytest 9 yet, so
the test drives each operation's Hypothesis strategy itself.) Then the cases schemathesis
once found, by hand, and the coding form's own error pages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

from casus.store import open_store
from casus.web.app import MAX_BODY, MAX_CODE_CHARS, MAX_UPLOAD, create_app
from conftest import TEST_HOSTS, TEST_ORIGIN

README = Path(__file__).resolve().parents[2] / "README.md"


def _operations() -> list[tuple[str, bool]]:
    """(label, has inputs) of every operation in the spec."""
    with open_store("sqlite:///:memory:") as store:
        app = create_app(store, allowed_hosts=TEST_HOSTS)
        spec = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
        found = []
        for result in spec.get_all_operations():
            operation = result.ok()
            raw = operation.definition.raw
            inputs = bool(raw.get("parameters")) or "requestBody" in raw
            found.append((operation.label, bool(inputs)))
        return found


OPERATIONS = _operations()
LABELS = [label for label, _ in OPERATIONS]
WITH_INPUTS = [label for label, inputs in OPERATIONS if inputs]
# the operations that read the event filters (since/until among them)
FILTERED = ["/events", "/events/export", "/actors", "/dyads", "/series", "/network", "/places"]


@pytest.fixture(scope="module")
def api_schema(demo_app: FastAPI) -> Any:
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", demo_app)


def test_spec_lists_the_api() -> None:
    assert {"GET /api/v1/events", "GET /api/v1/network", "POST /api/v1/code"} <= set(LABELS)


def _check(api_schema: Any, label: str, mode: GenerationMode) -> None:
    operation = next(r.ok() for r in api_schema.get_all_operations() if r.ok().label == label)

    @given(case=operation.as_strategy(generation_mode=mode))
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


@pytest.mark.parametrize("label", LABELS)
def test_operation_conforms_to_the_spec(api_schema: Any, label: str) -> None:
    _check(api_schema, label, GenerationMode.POSITIVE)


@pytest.mark.parametrize("label", WITH_INPUTS)
def test_operation_refuses_what_the_spec_forbids(api_schema: Any, label: str) -> None:
    _check(api_schema, label, GenerationMode.NEGATIVE)


@pytest.fixture(scope="module")
def client(demo_app: FastAPI) -> TestClient:
    return TestClient(demo_app)


@pytest.mark.parametrize("path", FILTERED)
def test_empty_dates_are_refused_as_documented(client: TestClient, path: str) -> None:
    # schemathesis found `until=` accepted on these seven operations although the spec
    # says date: the API refuses empty values (pages drop them, see below)
    for name in ("until", "since", "root", "quad_class", "modality", "actor"):
        response = client.get(f"/api/v1{path}", params={name: ""})
        assert response.status_code == 422, (path, name, response.text)
    for bad in ("0", "2024-01-01T00:00:00", "20240101", "2024-1-1"):
        assert client.get(f"/api/v1{path}", params={"until": bad}).status_code == 422, bad
    assert client.get(f"/api/v1{path}", params={"until": "2024-12-31"}).status_code == 200
    spec = client.get("/api/v1/openapi.json").json()
    until = next(
        p for p in spec["paths"][f"/api/v1{path}"]["get"]["parameters"] if p["name"] == "until"
    )
    assert {"type": "string", "format": "date"} in until["schema"]["anyOf"]


def test_pages_treat_empty_form_fields_as_not_set(client: TestClient) -> None:
    page = client.get("/events", params={"since": "", "until": "", "root": "19", "q": ""})
    assert page.status_code == 200
    assert client.get("/events?since=&modality=&quad_class=&page=").status_code == 200
    # and a bad value on a page is an HTML error page, not JSON
    bad = client.get("/events", params={"since": "yesterday"})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in bad.text and "since" in bad.text
    missing = client.get("/articles/nope")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")


def test_code_request_types_are_strict(client: TestClient) -> None:
    text = "Russian forces shelled Ukrainian positions near Kharkiv on Monday."
    for body in (
        {"text": text, "save": 0},  # schemathesis: 0 was taken for false
        {"text": text, "save": "false"},
        {"text": text, "date": 0},
        {"text": text, "date": "2024-05-06T00:00:00"},
        {"text": 5},
        {"text": text, "title": 5},
        {"text": text, "extra": 1},
    ):
        assert client.post("/api/v1/code", json=body).status_code == 422, body
    ok = client.post("/api/v1/code", json={"text": text, "save": False, "date": "2024-05-06"})
    assert ok.status_code == 200


def test_undecodable_body_is_a_documented_400(client: TestClient) -> None:
    response = client.post(
        "/api/v1/code", content=b"B\x14f\xff0", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400 and "detail" in response.json()
    spec = client.get("/api/v1/openapi.json").json()
    assert "400" in spec["paths"]["/api/v1/code"]["post"]["responses"]


def test_code_form_shows_its_own_error_page_for_text_over_the_limit(client: TestClient) -> None:
    # over the request limit: refused before it is read, as an HTML page for the form
    huge = client.post("/code", data={"text": "word " * (MAX_BODY // 5 + 1)}, headers=TEST_ORIGIN)
    assert huge.status_code == 413
    assert huge.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in huge.text and f"{MAX_BODY:,} bytes" in huge.text
    # under the request limit but over the coder's: the form itself says so
    long = client.post("/code", data={"text": "a" * (MAX_CODE_CHARS + 1)}, headers=TEST_ORIGIN)
    assert long.status_code == 200 and long.headers["content-type"].startswith("text/html")
    assert "too-large" in long.text and f"limit {MAX_CODE_CHARS:,}" in long.text
    # an htmx post gets the same message as a fragment it can show
    fragment = client.post(
        "/code",
        data={"text": "a" * (MAX_CODE_CHARS + 1)},
        headers={**TEST_ORIGIN, "HX-Request": "true"},
    )
    assert "<html" not in fragment.text and "too-large" in fragment.text
    # a file of the documented size is read and coded (the limit was 400,000 bytes)
    head = (
        "<html><head><title>Shelling</title></head><body><article><p>Russian forces shelled "
        "Ukrainian positions near Kharkiv on Monday, the army said.</p></article><!-- "
    )
    tail = " --></body></html>"
    page = head + "x" * (MAX_UPLOAD - len(head) - len(tail)) + tail
    assert len(page.encode()) == MAX_UPLOAD
    files = {"upload": ("big.html", page.encode(), "text/html")}
    upload = client.post("/code", files=files, headers=TEST_ORIGIN)
    assert upload.status_code == 200
    assert "too large" not in upload.text and "Kharkiv" in upload.text


def test_readme_states_the_real_limits() -> None:
    readme = README.read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `/code` |"))
    assert f"{MAX_CODE_CHARS:,} characters" in row and f"{MAX_UPLOAD:,} bytes" in row
    api_row = next(line for line in readme.splitlines() if line.startswith("| `POST /code` |"))
    assert f"text ≤ {MAX_CODE_CHARS:,} chars" in api_row
    assert re.search(rf"request bodies over {MAX_BODY:,} bytes get 413", readme)
