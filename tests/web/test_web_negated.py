"""Acts the text says did not happen (modality "negated"): left out of event listings and
counts unless asked for, as `casus code` leaves them out without --negated."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from casus.ingest import IngestOptions, ingest
from casus.pipeline import Coder
from casus.store import Store, open_store
from casus.web.app import create_app
from conftest import TEST_HOSTS

# one act the text asserts (190, RUS → UKR) and one it denies (111, FRA → DEU)
TEXT = (
    "Russian forces attacked Ukrainian positions near Kharkiv on Monday. "
    "The French government did not condemn Germany."
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder: Path = tmp_path_factory.mktemp("negated")
    records = folder / "negated.jsonl"
    record = {"id": "neg-1", "date": "2024-03-04", "title": "Denied", "text": TEXT}
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    store = open_store(folder / "negated.db")
    ingest([str(records)], store=store, options=IngestOptions(workers=0))
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(store: Store, coder: Coder) -> TestClient:
    return TestClient(create_app(store, coder_factory=lambda: coder, allowed_hosts=TEST_HOSTS))


def _modalities(client: TestClient, **params: Any) -> list[str]:
    body = client.get("/api/v1/events", params=params).json()
    assert body["total"] == len(body["events"])
    return sorted(e["modality"] for e in body["events"])


def test_the_fixture_holds_one_asserted_and_one_negated_event(store: Store) -> None:
    assert sorted(e["modality"] for e in store.iter_events()) == ["asserted", "negated"]


def test_events_api_leaves_out_negated_acts_by_default(client: TestClient) -> None:
    assert _modalities(client) == ["asserted"]
    assert _modalities(client, negated="false") == ["asserted"]


def test_events_api_negated_true_includes_them(client: TestClient) -> None:
    assert _modalities(client, negated="true") == ["asserted", "negated"]


def test_events_api_modality_negated_lists_only_them(client: TestClient) -> None:
    assert _modalities(client, modality="negated") == ["negated"]
    assert _modalities(client, modality="negated", negated="false") == ["negated"]
    assert _modalities(client, modality=["asserted", "negated"]) == ["asserted", "negated"]


def test_negated_must_be_a_boolean(client: TestClient) -> None:
    assert client.get("/api/v1/events", params={"negated": "maybe"}).status_code == 422


def test_downloads_follow_the_listing(client: TestClient) -> None:
    rows = client.get("/api/v1/events/export", params={"format": "json"}).json()
    assert [e["modality"] for e in rows] == ["asserted"]
    csv_text = client.get("/api/v1/events/export", params={"format": "csv"}).text
    assert "negated" not in csv_text and "asserted" in csv_text
    both = client.get("/api/v1/events/export", params={"format": "json", "negated": "true"})
    assert sorted(e["modality"] for e in both.json()) == ["asserted", "negated"]


def test_actor_and_dyad_counts_leave_out_negated_acts(client: TestClient) -> None:
    def codes(path: str, **params: Any) -> set[str]:
        rows = client.get(path, params=params).json()
        return {str(r.get("code") or r.get("source"))[:3] for r in rows}

    assert "FRA" not in codes("/api/v1/actors") and "RUS" in codes("/api/v1/actors")
    assert "FRA" in codes("/api/v1/actors", negated="true")
    assert "FRA" not in codes("/api/v1/dyads")
    assert codes("/api/v1/dyads", modality="negated") == {"FRA"}


def test_aggregates_count_negated_acts_only_when_asked(client: TestClient) -> None:
    def nodes(**params: Any) -> set[str]:
        graph = client.get("/api/v1/network", params={"level": "country", **params}).json()
        return {n["id"] for n in graph["nodes"]}

    assert "FRA" not in nodes() and "RUS" in nodes()
    assert "FRA" in nodes(count_modality=["asserted", "reported", "negated"])
    series = client.get("/api/v1/series", params={"interval": "day"}).json()
    assert sum(p["count"] for p in series) == 1


def test_article_api_keeps_its_negated_events(client: TestClient) -> None:
    article = client.get("/api/v1/articles/neg-1")
    if article.status_code == 404:  # ids are derived; find it through the listing
        first = client.get("/api/v1/articles").json()["articles"][0]
        article = client.get(f"/api/v1/articles/{first['id']}")
    events = article.json()["events"]
    assert sorted(e["modality"] for e in events) == ["asserted", "negated"]


def test_openapi_documents_the_parameter(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    params = spec["paths"]["/api/v1/events"]["get"]["parameters"]
    negated = next(p for p in params if p["name"] == "negated")
    assert negated["schema"]["type"] == "boolean" and negated["schema"]["default"] is False


def _rows(html: str) -> list[str]:
    return re.findall(r'<span class="badge m-([a-z]+)">', html)


def test_events_page_leaves_out_negated_acts_by_default(client: TestClient) -> None:
    html = client.get("/events").text
    assert _rows(html) == ["asserted"]
    assert "show acts the text denies" in html
    toggle = re.search(r'<input type="checkbox" name="negated" value="true"[^>]*>', html)
    assert toggle is not None and "checked" not in toggle.group(0)


def test_events_page_toggle_shows_them(client: TestClient) -> None:
    html = client.get("/events", params={"negated": "true"}).text
    assert sorted(_rows(html)) == ["asserted", "negated"]
    toggle = re.search(r'<input type="checkbox" name="negated" value="true"[^>]*>', html)
    assert toggle is not None and "checked" in toggle.group(0)
    # paging and sort links keep the choice
    assert "negated=true" in html


def test_events_page_modality_negated_shows_only_them(client: TestClient) -> None:
    assert _rows(client.get("/events", params={"modality": "negated"}).text) == ["negated"]


def test_events_table_fragment_follows_too(client: TestClient) -> None:
    headers = {"HX-Request": "true"}
    assert _rows(client.get("/events", headers=headers).text) == ["asserted"]
    both = client.get("/events", params={"negated": "true"}, headers=headers).text
    assert sorted(_rows(both)) == ["asserted", "negated"]


def test_article_page_marks_negated_events(client: TestClient) -> None:
    first = client.get("/api/v1/articles").json()["articles"][0]
    html = client.get(f"/articles/{first['id']}").text
    assert sorted(_rows(html)) == ["asserted", "negated"]
    cards = re.findall(r'<li class="card[^"]*"[^>]*>.*?</li>', html, flags=re.S)
    denied = [c for c in cards if "m-negated" in c]
    assert len(denied) == 1 and "did not happen" in denied[0]
    assert all("did not happen" not in c for c in cards if c not in denied)


def test_code_endpoint_follows_casus_code(client: TestClient) -> None:
    body = client.post("/api/v1/code", json={"text": TEXT}).json()
    assert [e["modality"] for e in body["events"]] == ["asserted"]
    both = client.post("/api/v1/code", json={"text": TEXT, "negated": True}).json()
    assert sorted(e["modality"] for e in both["events"]) == ["asserted", "negated"]
    # an event keeps its id whether or not the negated ones are listed
    assert body["events"][0]["event_id"] in {e["event_id"] for e in both["events"]}
    assert client.post("/api/v1/code", json={"text": TEXT, "negated": 1}).status_code == 422
