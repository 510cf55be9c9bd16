"""Charts of series, networks and places: Altair specs rendered to PNG/SVG by vl-convert.

Rendering is offline: the data is inline in the spec, the world outline is Vega's own
sphere and graticule generators (no map file), and vl-convert runs with
`allowed_base_urls=[]`, so a spec that names any external URL fails instead of fetching.
Labels come from the data (actor names from articles): Vega renders them as text, never
as markup.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

# Altair, networkx and vl-convert load when a chart is drawn, not when the CLI reads the
# chart formats and kinds.
if TYPE_CHECKING:
    import altair as alt
    import networkx as nx

    from casus.analysis.aggregate import PlaceCount, SeriesPoint

logger = logging.getLogger(__name__)

CHART_FORMATS = ("png", "svg")
MEASURES = ("count", "goldstein_sum", "goldstein_mean")
_WIDTH, _HEIGHT = 720, 360


def _data(values: list[dict[str, Any]]) -> alt.Data:
    import altair as alt

    return alt.Data(values=values)  # type: ignore[no-untyped-call]


def series_chart(
    points: Sequence[SeriesPoint], *, measure: str = "count", title: str | None = None
) -> Any:
    """A line per key (one line for an unkeyed series) of `measure` over the periods."""
    import altair as alt

    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}: use one of {', '.join(MEASURES)}")
    values = [p.to_dict() for p in points]
    keyed = any(p.key is not None for p in points)
    encoding: dict[str, Any] = {
        "x": alt.X("period:T", title="period"),
        "y": alt.Y(f"{measure}:Q", title=measure.replace("_", " ")),
        "tooltip": ["period:T", f"{measure}:Q", *(["key:N"] if keyed else [])],
    }
    if keyed:
        encoding["color"] = alt.Color("key:N", title=None)
    chart = (
        alt.Chart(_data(values))
        .mark_line(point=True)
        .encode(**encoding)
        .properties(width=_WIDTH, height=_HEIGHT)
    )
    return _titled(chart, title)


def _titled(chart: Any, title: str | None) -> Any:
    return chart.properties(title=title) if title else chart


def network_chart(graph: nx.DiGraph, *, title: str | None = None, seed: int = 1) -> Any:
    """Nodes at a seeded spring layout (same graph, same picture), edges as lines."""
    import altair as alt
    import networkx as nx

    positions = nx.spring_layout(graph, seed=seed) if len(graph) else {}
    nodes = [
        {
            "id": str(n),
            "label": str(d.get("label", n)),
            "count": int(d.get("count", 0)),
            "x": float(positions[n][0]),
            "y": float(positions[n][1]),
        }
        for n, d in graph.nodes(data=True)
    ]
    edges = [
        {
            "source": str(s),
            "target": str(t),
            "count": int(d.get("count", 0)),
            "goldstein_mean": d.get("goldstein_mean"),
            "x": float(positions[s][0]),
            "y": float(positions[s][1]),
            "x2": float(positions[t][0]),
            "y2": float(positions[t][1]),
        }
        for s, t, d in graph.edges(data=True)
    ]
    axis = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
    lines = (
        alt.Chart(_data(edges))
        .mark_rule(opacity=0.6)
        .encode(
            x=alt.X("x:Q", axis=axis),
            y=alt.Y("y:Q", axis=axis),
            x2="x2:Q",
            y2="y2:Q",
            strokeWidth=alt.StrokeWidth("count:Q", legend=None),
            color=alt.Color(
                "goldstein_mean:Q", scale=alt.Scale(scheme="redblue", domain=[-10, 10])
            ),
            tooltip=["source:N", "target:N", "count:Q", "goldstein_mean:Q"],
        )
    )
    points = (
        alt.Chart(_data(nodes))
        .mark_circle(color="#333")
        .encode(
            x="x:Q", y="y:Q", size=alt.Size("count:Q", legend=None), tooltip=["id:N", "count:Q"]
        )
    )
    labels = (
        alt.Chart(_data(nodes))
        .mark_text(dy=-10, fontSize=11)
        .encode(x="x:Q", y="y:Q", text="label:N")
    )
    chart = alt.layer(lines, points, labels).properties(width=_WIDTH, height=_WIDTH * 0.75)
    return _titled(chart, title)


def places_chart(places: Sequence[PlaceCount], *, title: str | None = None) -> Any:
    """Places with coordinates as circles sized by events, over a graticule."""
    import altair as alt

    values = [p.to_dict() for p in places if p.lat is not None and p.lon is not None]
    if len(values) < len(places):
        logger.info("%d places without coordinates left off the map", len(places) - len(values))
    projection = {"type": "equalEarth"}
    sphere = alt.Chart(alt.sphere()).mark_geoshape(fill="#f4f6f8", stroke="#999")
    grid = alt.Chart(alt.graticule()).mark_geoshape(stroke="#ddd", strokeWidth=0.5)
    layers: list[Any] = [sphere, grid]
    outline = _world_outline()
    if outline is not None:
        layers.append(
            alt.Chart(
                alt.InlineData(values=outline, format={"type": "topojson", "feature": "countries"})
            ).mark_geoshape(fill="#e3e6ea", stroke="#b8bec6", strokeWidth=0.4)
        )
    dots = (
        alt.Chart(_data(values))
        .mark_circle(opacity=0.7)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size("count:Q", title="events"),
            color=alt.Color(
                "goldstein_mean:Q", scale=alt.Scale(scheme="redblue", domain=[-10, 10])
            ),
            tooltip=["name:N", "country:N", "count:Q", "goldstein_mean:Q"],
        )
    )
    chart = alt.layer(*layers, dots).properties(width=_WIDTH, height=_HEIGHT, projection=projection)
    return _titled(chart, title)


# The chart of each aggregate, drawn from its data (`casus aggregate KIND --format png`):
# a new kind of chart is a drawing function and a row here.
CHART_KINDS: dict[str, Callable[..., Any]] = {
    "series": series_chart,
    "network": network_chart,
    "places": places_chart,
}


def chart(kind: str, data: Any, **options: Any) -> Any:
    """The chart of `kind` (a key of `CHART_KINDS`) of an aggregate's data; `options` go to
    its drawing function."""
    try:
        draw = CHART_KINDS[kind]
    except KeyError:
        known = ", ".join(CHART_KINDS)
        raise ValueError(f"unknown chart kind {kind!r}: use one of {known}") from None
    return draw(data, **options)


def _world_outline() -> Any | None:
    """The world-atlas country outlines the set-up command installed, embedded (never fetched).

    Without them (a bare `pip install`) the map keeps its graticule only.
    """
    from casus.web.assets import VENDOR_DIR

    path = VENDOR_DIR / "countries-110m.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        logger.info("no world outline at %s; drawing the graticule only", path)
        return None


def render(chart: alt.TopLevelMixin, fmt: str, *, scale: float = 2.0) -> bytes:
    """The chart as PNG or SVG bytes, rendered offline by vl-convert."""
    if fmt not in CHART_FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}: use one of {', '.join(CHART_FORMATS)}")
    return render_spec(chart.to_dict(), fmt, scale=scale)


def render_spec(spec: dict[str, Any], fmt: str, *, scale: float = 2.0) -> bytes:
    """A Vega-Lite spec as PNG or SVG; any external URL in it is refused, never fetched."""
    import vl_convert as vlc

    if fmt == "svg":
        svg: str = vlc.vegalite_to_svg(spec, allowed_base_urls=[])
        return svg.encode("utf-8")
    png: bytes = vlc.vegalite_to_png(spec, scale=scale, allowed_base_urls=[])
    return png
