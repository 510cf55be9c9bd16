"""CSRF and DNS rebinding: writing requests only from the app's own pages, and only for the
Host names the server answers to (issue 11, defect 6)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from casus.cli.serve import register
from casus.pipeline import Coder
from casus.store import Store, open_store
from casus.web.app import create_app, serve_hosts

TEXT = "Egypt hosted talks between Israel and Hamas in Cairo on Sunday."
SELF = "http://127.0.0.1:8000"


@pytest.fixture
def writable(tmp_path: Path, coder: Coder) -> Iterator[tuple[TestClient, Store]]:
    """A server started with --allow-write, as the browser reaches it on 127.0.0.1:8000."""
    with open_store(tmp_path / "w.db") as store:
        app = create_app(store, allow_write=True, coder_factory=lambda: coder)
        yield TestClient(app, base_url=SELF), store


def test_cross_origin_form_post_does_not_store(writable: tuple[TestClient, Store]) -> None:
    client, store = writable
    form = {"text": TEXT, "save": "1"}
    for headers in (
        {"Origin": "https://evil.example"},
        {"Origin": "null"},  # a sandboxed frame or a data: page
        {"Origin": "http://127.0.0.1:9999"},  # another local port is another origin
        {"Referer": "https://evil.example/page.html"},
        {},  # a form post with neither header
    ):
        response = client.post("/code", data=form, headers=headers)
        assert response.status_code == 403, headers
        assert response.headers["content-type"].startswith("text/html")
        assert 'role="alert"' in response.text
    files = {"upload": ("a.txt", TEXT.encode(), "text/plain")}
    assert client.post("/code", data={"save": "1"}, files=files).status_code == 403
    assert store.count()["articles"] == 0
    # the app's own page (same Origin, or only a same-origin Referer) stores
    same = client.post("/code", data=form, headers={"Origin": SELF})
    assert same.status_code == 200 and "Saved to the store." in same.text
    assert store.count()["articles"] == 1
    referer = client.post(
        "/code", data={"text": TEXT + " Again."}, headers={"Referer": SELF + "/code"}
    )
    assert referer.status_code == 200


def test_cross_origin_api_writes_are_refused(writable: tuple[TestClient, Store]) -> None:
    client, store = writable
    body = {"text": TEXT, "save": True}
    evil = client.post("/api/v1/code", json=body, headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403 and "cross-origin" in evil.json()["detail"]
    # a text/plain "JSON" body is what a cross-site form can send without a preflight
    plain = client.post(
        "/api/v1/code",
        content=b'{"text": "x", "save": true}',
        headers={"content-type": "text/plain"},
    )
    assert plain.status_code == 403
    assert store.count()["articles"] == 0
    # scripts (no Origin, no Referer, JSON) are not browsers: they pass
    assert client.post("/api/v1/code", json=body).json()["stored"] is True


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000"]
)
def test_loopback_hosts_are_answered(tmp_path: Path, host: str) -> None:
    with open_store(tmp_path / "r.db") as store:
        client = TestClient(create_app(store))
        assert client.get("/api/v1/stats", headers={"Host": host}).status_code == 200


def test_unknown_hosts_are_refused(tmp_path: Path) -> None:
    with open_store(tmp_path / "r.db") as store:
        client = TestClient(create_app(store), base_url="http://127.0.0.1:8000")
        assert client.get("/").status_code == 200
        # DNS rebinding: evil.example now resolves to 127.0.0.1, the browser still says so
        for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", ""):
            api = client.get("/api/v1/stats", headers={"Host": host})
            assert api.status_code == 400 and "Host" in api.json()["detail"], host
            page = client.get("/", headers={"Host": host})
            assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
        assert "Referrer-Policy" in client.get("/").headers
        assert client.get("/").headers["Referrer-Policy"] == "same-origin"


def test_allowed_hosts_are_configurable(tmp_path: Path) -> None:
    with open_store(tmp_path / "r.db") as store:
        named = TestClient(create_app(store, allowed_hosts=["casus.example.org"]))
        assert named.get("/", headers={"Host": "casus.example.org"}).status_code == 200
        assert named.get("/", headers={"Host": "casus.example.org:8443"}).status_code == 200
        assert named.get("/", headers={"Host": "other.example.org"}).status_code == 400
        anyone = TestClient(create_app(store, allowed_hosts=["*"]))
        assert anyone.get("/", headers={"Host": "whatever.example"}).status_code == 200


def test_serve_allows_its_own_address_and_the_named_hosts() -> None:
    assert serve_hosts("127.0.0.1") == ["127.0.0.1"]
    assert serve_hosts("0.0.0.0") == [] and serve_hosts("::") == []
    assert serve_hosts("192.168.1.4", ["casus.lan", " "]) == ["casus.lan", "192.168.1.4"]
    cli = typer.Typer()
    register(cli)
    cli.command("noop")(lambda: None)  # a second command keeps "serve" a subcommand
    result = CliRunner().invoke(cli, ["serve", "--help"], terminal_width=200)
    assert "--allowed-host" in result.output
