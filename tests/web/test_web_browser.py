"""The pages in a real browser: Debian's Chromium, headless, driven by Playwright.

Each test loads pages from a live server on 127.0.0.1 and fails on any console error, page
error, dialog or request to another host. With CASUS_SCREENSHOTS=1 (`make screenshots`)
the screenshots go to docs/screenshots/, else to a temp dir.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import httpx

from conftest import HOSTILE_TEXT, PageProbe, screenshot_dir


def _clean(probe: PageProbe) -> None:
    assert probe.errors == [], probe.errors
    assert probe.dialogs == [], probe.dialogs
    assert probe.foreign == [], probe.foreign


def _api(base: str, path: str, **params: Any) -> Any:
    return httpx.get(f"{base}{path}", params=params, timeout=30).json()


def _busiest_article(base: str) -> dict[str, Any]:
    articles = _api(base, "/api/v1/articles", page_size=100)["articles"]
    return max(articles, key=lambda a: (a["n_events"], a["id"]))


def test_every_page_loads_without_errors(demo_server: str, probe: Any, tmp_path: Path) -> None:
    p = probe(demo_server)
    shots = screenshot_dir(tmp_path)
    article = _busiest_article(demo_server)
    pages = {
        "overview": "/",
        "code": "/code",
        "articles": "/articles",
        "article": f"/articles/{article['id']}",
        "events": "/events?page_size=25",
    }
    for name, path in pages.items():
        response = p.page.goto(demo_server + path)
        assert response is not None and response.ok, path
        p.page.wait_for_load_state("networkidle")
        p.page.screenshot(path=str(shots / f"{name}.png"))
    assert p.page.locator("#events tbody tr").count() == 25
    _clean(p)


def test_article_view_highlights_evidence_on_click(demo_server: str, probe: Any) -> None:
    p = probe(demo_server)
    article = _busiest_article(demo_server)
    events = _api(demo_server, f"/api/v1/articles/{article['id']}")["events"]
    p.page.goto(f"{demo_server}/articles/{article['id']}")
    assert p.page.locator(".hl-active").count() == 0
    for ev in (events[0], events[-1]):
        p.page.click(f'.card[data-event="{ev["id"]}"]')
        active = p.page.locator(".body .hl-active")
        assert active.count() > 0
        text = "".join(active.all_text_contents())
        assert ev["evidence"]["trigger"] in text
        if ev["source"]:
            assert ev["source"]["text"] in text
        assert p.page.locator(".card.active").get_attribute("data-event") == str(ev["id"])
    _clean(p)


def test_filter_changes_the_table_and_download_matches(
    demo_server: str, probe: Any, tmp_path: Path
) -> None:
    p = probe(demo_server)
    p.page.goto(f"{demo_server}/events?page_size=200")
    total = p.page.locator("#events-total strong").inner_text()
    p.page.select_option('select[name="root"]', "19")
    p.page.wait_for_function(
        "t => document.querySelector('#events-total strong').textContent !== t", arg=total
    )
    assert "root=19" in p.page.url
    codes = p.page.locator("#events tbody td .code").all_text_contents()
    assert codes and all(c.startswith("19") for c in codes)
    shown = p.page.locator("#events tbody td.sentence").all_text_contents()
    with p.page.expect_download() as info:
        p.page.click("#dl-csv")
    path = tmp_path / "page.csv"
    info.value.save_as(path)
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["sentence"] for r in rows] == shown
    assert {r["root"] for r in rows} == {"19"}
    with p.page.expect_download() as info:
        p.page.click("#dl-json")
    info.value.save_as(tmp_path / "page.json")
    records = json.loads((tmp_path / "page.json").read_text(encoding="utf-8"))
    assert [r["sentence"] for r in records] == shown
    _clean(p)


def test_network_renders_and_edge_lists_its_events(
    demo_server: str, probe: Any, tmp_path: Path
) -> None:
    p = probe(demo_server)
    network = _api(demo_server, "/api/v1/network")
    p.page.goto(f"{demo_server}/network")
    p.page.wait_for_selector('#network[data-ready="1"]')
    assert p.page.evaluate("window.casusNetwork.nodes().length") == len(network["nodes"])
    assert p.page.evaluate("window.casusNetwork.edges().length") == len(network["edges"])
    # click the middle of the busiest edge, where the browser draws it
    x, y, source, target, count = p.page.evaluate(
        """() => {
          const cy = window.casusNetwork;
          const edge = cy.edges().max(e => e.data('count')).ele;
          cy.fit(edge, 200);
          const box = cy.container().getBoundingClientRect();
          const mid = edge.renderedMidpoint();
          return [box.left + mid.x, box.top + mid.y, edge.data('source'), edge.data('target'),
                  edge.data('count')];
        }"""
    )
    p.page.mouse.click(x, y)
    p.page.wait_for_selector("#edge-panel ol.edge-events li")
    p.page.evaluate("() => { window.casusNetwork.fit(undefined, 20); }")  # returns nothing
    p.page.screenshot(path=str(screenshot_dir(tmp_path) / "network.png"))
    heading = p.page.locator("#edge-panel h3").inner_text()
    items = p.page.locator("#edge-panel ol.edge-events li").count()
    if heading == f"{source} → {target}":
        assert items == min(count, 200)
    else:  # another edge lay on top at that point: its own count must match
        clicked = next(e for e in network["edges"] if heading == f"{e['source']} → {e['target']}")
        assert items == min(clicked["count"], 200)
    _clean(p)


def test_series_and_map_render(demo_server: str, probe: Any, tmp_path: Path) -> None:
    p = probe(demo_server)
    shots = screenshot_dir(tmp_path)
    p.page.goto(f"{demo_server}/series")
    p.page.wait_for_selector('#series[data-ready="1"] svg')
    assert p.page.locator("#series svg .mark-rect path, #series svg .mark-rect").count() > 0
    p.page.screenshot(path=str(shots / "series.png"))
    p.page.goto(f"{demo_server}/map")
    p.page.wait_for_selector('#map[data-ready="1"] svg')
    assert p.page.locator("#map svg .mark-shape path").count() > 100  # the countries
    located = [
        x
        for x in _api(demo_server, "/api/v1/places")
        if x["lat"] is not None and x["lon"] is not None
    ]
    assert p.page.locator("#map svg .mark-symbol.role-mark path").count() == len(located)
    p.page.screenshot(path=str(shots / "map.png"))
    _clean(p)


def test_code_an_article(demo_server: str, probe: Any, tmp_path: Path) -> None:
    p = probe(demo_server)
    p.page.goto(f"{demo_server}/code")
    p.page.fill(
        "#text",
        "Pakistani troops exchanged fire with Afghan Taliban forces at the Torkham border "
        "crossing on Sunday, officials said. Islamabad later summoned the Afghan envoy.",
    )
    p.page.click("#code-form button[type=submit]")
    p.page.wait_for_selector("#result .card[data-event]")
    p.page.locator("#result .card[data-event]").first.click()
    assert p.page.locator("#result .body .hl-active").count() > 0
    p.page.screenshot(path=str(screenshot_dir(tmp_path) / "code-result.png"))
    _clean(p)


def _no_execution(p: PageProbe) -> None:
    assert p.page.evaluate("typeof window.__xss") == "undefined"
    assert p.page.locator("main script, main img, main svg, main iframe").count() == 0
    assert p.page.locator('a[href^="javascript:" i]').count() == 0
    _clean(p)


def test_hostile_article_runs_nothing(hostile_server: str, probe: Any) -> None:
    p = probe(hostile_server)
    article = _api(hostile_server, "/api/v1/articles")["articles"][0]
    p.page.goto(f"{hostile_server}/articles/{article['id']}")
    body = p.page.locator(".body").inner_text()
    assert '<script>window.__xss = "script";</script>' in body
    assert "<img src=x onerror=" in body
    assert "<script>" in p.page.locator(".article-view h2").inner_text()
    for card in p.page.locator(".card[data-event]").all():
        card.click()
    _no_execution(p)
    for path in ("/", "/events?q=script", "/events?q=onerror", "/articles", "/network"):
        p.page.goto(hostile_server + path)
        p.page.wait_for_load_state("networkidle")
        _no_execution(p)
    p.page.goto(f"{hostile_server}/code")
    p.page.fill("#text", HOSTILE_TEXT)
    p.page.click("#code-form button[type=submit]")
    p.page.wait_for_selector("#result .card[data-event]")
    assert "<svg onload=" in p.page.locator("#result .body").inner_text()
    _no_execution(p)


def test_sorting_survives_a_filter_change(demo_server: str, probe: Any) -> None:
    p = probe(demo_server)
    p.page.goto(f"{demo_server}/events?page_size=50")
    p.page.click("#events thead a.sort >> text=Goldstein")
    p.page.wait_for_function("() => location.search.includes('sort=goldstein')")
    p.page.select_option('select[name="quad_class"]', "4")
    p.page.wait_for_function("() => location.search.includes('quad_class=4')")
    assert "sort=goldstein" in p.page.url
    values = [float(v) for v in p.page.locator("#events tbody td.num").all_text_contents()]
    assert values and values == sorted(values)
    p.page.go_back()  # history restore asks for the whole page, not a fragment
    p.page.wait_for_selector("#filters")
    assert p.page.locator("header.top").count() == 1
    _clean(p)
