"""The web queries on SQLite and PostgreSQL alike (tests/pg.py's sample corpus), and the
read-only connections the app makes when writes are not allowed."""

from __future__ import annotations

import pytest
import sqlalchemy.exc
from fastapi.testclient import TestClient
from sqlalchemy import insert

from casus.store import Store, open_store
from casus.store.schema import ingest_runs
from casus.web.app import create_app
from pg import sample_corpus


def _client(url: str, *, allow_write: bool = False) -> tuple[TestClient, Store]:
    store = open_store(url)
    run = store.begin_run(sources=["sample"], options={})
    store.save_batch(run, sample_corpus())
    app = create_app(store, allow_write=allow_write, allowed_hosts=["testserver"])
    return TestClient(app), store


def test_queries_on_both_backends(db_url: str) -> None:
    client, store = _client(db_url)
    body = client.get("/api/v1/events", params={"sort": "day", "page_size": 2}).json()
    assert body["total"] == 6 and body["pages"] == 3
    assert [e["day"] for e in body["events"]] == ["2021-01-10", "2021-01-15"]
    # text search is case-insensitive and literal on both backends, Unicode included
    assert client.get("/api/v1/events", params={"q": "ÜNÏCÖDÉ"}).json()["total"] == 6
    assert client.get("/api/v1/events", params={"q": "SENTENCE 1 OF"}).json()["total"] == 2
    assert client.get("/api/v1/events", params={"q": "100%"}).json()["total"] == 0
    wire = client.get("/api/v1/events", params={"outlet": "Example Wire"}).json()
    assert wire["total"] == 3
    desc = client.get("/api/v1/events", params={"sort": "outlet", "order": "desc"}).json()
    assert desc["total"] == 6
    assert client.get("/api/v1/dyads").json()[0] == {
        "source": "EGYGOV",
        "target": "ISRGOV",
        "events": 2,
        "goldstein_mean": -1.5,
    }
    actors = {a["code"]: a["events"] for a in client.get("/api/v1/actors").json()}
    assert actors["SYR"] == 2 and actors["RUSGOV"] == 1
    listing = client.get("/api/v1/articles").json()
    assert listing["total"] == 4
    assert client.get("/events", params={"q": "sentence", "sort": "goldstein"}).status_code == 200
    store.close()


def test_read_only_connections_refuse_writes(db_url: str) -> None:
    client, store = _client(db_url)
    assert client.get("/api/v1/stats").json()["events"] == 6
    with pytest.raises(sqlalchemy.exc.DBAPIError), store.engine.begin() as conn:
        conn.execute(insert(ingest_runs).values(started_at=sqlalchemy.func.now(), schema_version=1))
    store.close()
