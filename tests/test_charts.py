"""Charts render offline to PNG/SVG; the analysis CLI commands write every format."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from casus.analysis.aggregate import PlaceCount, SeriesPoint
from casus.analysis.charts import network_chart, places_chart, render, render_spec, series_chart
from casus.cli import aggregate, dedup
from casus.store import open_store
from test_aggregate import fixture_corpus

PNG = b"\x89PNG\r\n\x1a\n"


def _points() -> list[SeriesPoint]:
    return [
        SeriesPoint("2024-01-01", 3, -6.0, -2.0, {1: 0, 2: 0, 3: 3, 4: 0}, "RUS"),
        SeriesPoint("2024-02-01", 1, 4.0, 4.0, {1: 1, 2: 0, 3: 0, 4: 0}, "RUS"),
        SeriesPoint("2024-01-01", 2, 0.0, None, {1: 0, 2: 0, 3: 0, 4: 0}, "<script>x</script>"),
    ]


def test_series_chart_renders_png_and_svg() -> None:
    chart = series_chart(_points(), title="Events")
    assert render(chart, "png").startswith(PNG)
    svg = render(chart, "svg").decode()
    assert svg.lstrip().startswith("<svg")
    assert "<script>" not in svg and "&lt;script&gt;" in svg  # text from articles is escaped
    with pytest.raises(ValueError, match="measure"):
        series_chart(_points(), measure="median")
    with pytest.raises(ValueError, match="format"):
        render(chart, "pdf")


def test_network_and_place_charts_render() -> None:
    graph = nx.DiGraph()
    graph.add_node("RUSGOV", label="Russian government", count=3)
    graph.add_node("UKRGOV", label="Ukrainian government", count=2)
    graph.add_edge("RUSGOV", "UKRGOV", count=2, goldstein_mean=-4.0)
    assert "Russian government" in render(network_chart(graph), "svg").decode()
    assert render(network_chart(nx.DiGraph()), "png").startswith(PNG)
    places = [
        PlaceCount("Kunduz", "AFG", 36.73, 68.86, 4, -7.0, "city"),
        PlaceCount("Central Asia", None, None, None, 2, 1.0, "region"),
    ]
    assert render(places_chart(places), "png").startswith(PNG)


def test_rendering_never_fetches() -> None:
    spec = {
        "data": {"url": "https://example.invalid/data.csv"},
        "mark": "point",
        "encoding": {"x": {"field": "a", "type": "quantitative"}},
    }
    with pytest.raises(Exception, match="not allowed"):
        render_spec(spec, "svg")


# -- CLI ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("cli") / "casus.db"
    with open_store(path) as store:
        store.save_batch(store.begin_run(sources=["f"], options={}), fixture_corpus())
    yield str(path)


@pytest.fixture(scope="module")
def cli() -> typer.Typer:
    app = typer.Typer()
    dedup.register(app)
    aggregate.register(app)
    return app


def run(cli: typer.Typer, *args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cli_dedup_and_series(cli: typer.Typer, db: str, tmp_path: Path) -> None:
    run(cli, "dedup", "--db", db)
    out = run(cli, "aggregate", "series", "--db", db, "--format", "json")
    assert [p["count"] for p in json.loads(out)] == [9, 3]
    out = run(cli, "aggregate", "series", "--db", db, "--format", "json", "--dedup")
    assert [p["count"] for p in json.loads(out)] == [7, 3]
    out = run(cli, "aggregate", "series", "--db", db, "--dyad", "RUS", "UKR", "--format", "csv")
    assert out.splitlines()[1].startswith("2023-01-01,RUS-UKR,3,")
    by = ["--by", "country", "--key", "RUS", "--interval", "week", "--format", "parquet"]
    run(cli, "aggregate", "series", "--db", db, *by, "--out", str(tmp_path / "s.parquet"))
    assert pq.read_table(tmp_path / "s.parquet").column("count").to_pylist()[0] == 4  # e1 e2 e6 e7
    run(cli, "aggregate", "series", "--db", db, "--format", "png", "--out", str(tmp_path / "s.png"))
    assert (tmp_path / "s.png").read_bytes().startswith(PNG)


def test_cli_network_and_places(cli: typer.Typer, db: str, tmp_path: Path) -> None:
    net = tmp_path / "net.gexf"
    run(cli, "aggregate", "network", "--db", db, "--format", "gexf", "--out", str(net))
    assert nx.read_gexf(net).number_of_edges() == 8
    out = run(cli, "aggregate", "network", "--db", db, "--level", "country", "--format", "json")
    assert {e["source"] + e["target"] for e in json.loads(out)["edges"]} >= {"RUSUKR", "RUSRUS"}
    out = run(cli, "aggregate", "network", "--db", db, "--min-count", "2")
    assert out.startswith("<?xml") and "graphml" in out
    out = run(cli, "aggregate", "places", "--db", db, "--format", "csv")
    assert out.splitlines()[1].startswith("Kharkiv,UKR,49.98,36.25,3,")
    run(cli, "aggregate", "places", "--db", db, "--format", "svg", "--out", str(tmp_path / "m.svg"))
    assert (tmp_path / "m.svg").read_text().lstrip().startswith("<svg")


def test_cli_refuses_bad_input(cli: typer.Typer, db: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["aggregate", "series", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    result = CliRunner().invoke(cli, ["aggregate", "series", "--db", db, "--modality", "maybe"])
    assert result.exit_code == 2
