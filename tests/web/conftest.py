"""Web test fixtures: stores ingested from the demo corpus and from a hostile article, live
servers on 127.0.0.1, and a headless Chromium driven by Playwright."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from casus.ingest import IngestOptions, ingest
from casus.pipeline import Coder
from casus.store import Store, open_store
from casus.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
DEMO = [str(ROOT / "demo" / "corpus"), str(ROOT / "demo" / "articles.jsonl")]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The Host that Starlette's TestClient and schemathesis send; live servers use 127.0.0.1,
# which the app accepts anyway.
TEST_HOSTS = ("testserver",)
# The Origin of the app's own pages as the test client sees them (for form posts).
TEST_ORIGIN = {"Origin": "http://testserver"}

# Every payload would set window.__xss (or open a dialog) if it ever ran.
HOSTILE_TEXT = (
    "Russian forces attacked Ukrainian positions near Kharkiv on Monday, the army said. "
    '<script>window.__xss = "script";</script> The Ukrainian government condemned the attack '
    "and <img src=x onerror=\"window.__xss = 'img'; alert(1)\"> accused Russia of war crimes. "
    "Officials in Kyiv urged the United Nations to act <a href=\"javascript:window.__xss='link'\">"
    "here</a> and said they would meet European Union envoys on Friday. "
    "<svg onload=\"window.__xss='svg'\"></svg> France and Germany condemned the strikes, "
    "and the United States said it would send more air defence systems to Ukraine. "
    "javascript:alert(document.cookie) {{ 7*7 }} ${7*7} </textarea><script>alert(2)</script>"
)


def hostile_records() -> list[dict[str, Any]]:
    return [
        {
            "id": "hostile-<script>alert(3)</script>",
            "title": "<script>window.__xss='title'</script><img src=x onerror=alert(4)>",
            "url": "javascript:window.__xss='url'",
            "date": "2024-03-04",
            "text": HOSTILE_TEXT,
        }
    ]


def _ingest(db: Path, sources: list[str]) -> Store:
    store = open_store(db)
    summary = ingest(sources, store=store, options=IngestOptions(workers=0))
    assert summary.coded > 0, summary
    return store


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The demo corpus (HTML pages + JSON Lines) ingested into SQLite."""
    store = _ingest(tmp_path_factory.mktemp("demo") / "demo.db", DEMO)
    yield store
    store.close()


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """An article full of script payloads, plus an empty file the ingest log reports."""
    folder = tmp_path_factory.mktemp("hostile")
    records = folder / "hostile.jsonl"
    records.write_text("\n".join(json.dumps(r) for r in hostile_records()) + "\n", encoding="utf-8")
    empty = folder / "<img src=x onerror=alert(5)>.txt"
    empty.write_bytes(b"")
    store = _ingest(folder / "hostile.db", [str(records), str(empty)])
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_app(demo_store: Store, coder: Coder) -> FastAPI:
    return create_app(demo_store, coder_factory=lambda: coder, allowed_hosts=TEST_HOSTS)


@pytest.fixture(scope="session")
def hostile_app(hostile_store: Store, coder: Coder) -> FastAPI:
    return create_app(hostile_store, coder_factory=lambda: coder, allowed_hosts=TEST_HOSTS)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(app: FastAPI) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def demo_server(demo_app: FastAPI) -> Iterator[str]:
    yield from _serve(demo_app)


@pytest.fixture(scope="session")
def hostile_server(hostile_app: FastAPI) -> Iterator[str]:
    yield from _serve(hostile_app)


def _browser_skip_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    from casus.web.assets import missing_vendor_files

    missing = missing_vendor_files()
    if missing:
        return f"front-end files missing ({', '.join(missing)}): run `make web-assets`"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium (never a downloaded browser build)."""
    reason = _browser_skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


class PageProbe:
    """A page plus every console error, page error, dialog and off-host request it caused."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("dialog", self._dialog)
        page.on("request", lambda req: self._request(req.url, base))
        page.on("response", self._response)

    def _console(self, msg: Any) -> None:
        if msg.type == "error":
            self.errors.append(f"console: {msg.text}")

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _request(self, url: str, base: str) -> None:
        if not (url.startswith(base) or url.startswith(("data:", "blob:", "about:"))):
            self.foreign.append(url)


@pytest.fixture
def probe(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context and page; yields a factory binding it to a server URL."""
    context = browser.new_context(viewport={"width": 1360, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)

    def bind(base: str) -> PageProbe:
        return PageProbe(page, base)

    yield bind
    context.close()


def screenshot_dir(tmp_path: Path) -> Path:
    """docs/screenshots when CASUS_SCREENSHOTS=1 (make screenshots), else a temp dir."""
    if os.environ.get("CASUS_SCREENSHOTS") == "1":
        out = ROOT / "docs" / "screenshots"
        out.mkdir(parents=True, exist_ok=True)
        return out
    return tmp_path
