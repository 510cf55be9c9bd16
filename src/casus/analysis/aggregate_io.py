"""Write aggregates to files: series and places as CSV/Parquet/JSON, networks as GraphML/GEXF."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from casus.analysis.export import csv_cell

# pyarrow, networkx and the aggregates load when a file is written, not when the CLI reads
# the formats.
if TYPE_CHECKING:
    import networkx as nx
    import pyarrow as pa

    from casus.analysis.aggregate import PlaceCount, SeriesPoint

TABLE_FORMATS = ("csv", "parquet", "json")
GRAPH_FORMATS = ("graphml", "gexf", "json")


def _schema(places: bool) -> pa.Schema:
    import pyarrow as pa

    from casus.analysis.aggregate import QUADS

    if places:
        return pa.schema(
            [
                pa.field("name", pa.string()),
                pa.field("country", pa.string()),
                pa.field("lat", pa.float64()),
                pa.field("lon", pa.float64()),
                pa.field("count", pa.int64()),
                pa.field("goldstein_mean", pa.float64()),
                pa.field("kind", pa.string()),
            ]
        )
    return pa.schema(
        [
            pa.field("period", pa.string()),
            pa.field("key", pa.string()),
            pa.field("count", pa.int64()),
            pa.field("goldstein_sum", pa.float64()),
            pa.field("goldstein_mean", pa.float64()),
            *(pa.field(f"q{q}", pa.int64()) for q in QUADS),
        ]
    )


def write_table(
    records: Sequence[SeriesPoint] | Sequence[PlaceCount],
    out: Path | str | IO[Any],
    *,
    fmt: str,
) -> int:
    """Write series points or place counts as CSV, Parquet or JSON; return the rows."""
    if fmt not in TABLE_FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(TABLE_FORMATS)}")
    from casus.analysis.aggregate import PlaceCount

    places = bool(records) and isinstance(records[0], PlaceCount)
    schema = _schema(places)
    rows = [r.to_dict() for r in records]
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(rows, schema=schema)
        pq.write_table(table, str(out) if isinstance(out, str | Path) else out)
        return len(rows)
    if fmt == "json":
        _write_text(out, json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return len(rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=schema.names, lineterminator="\n")
    writer.writeheader()
    for row in rows:  # keys and place names as text a spreadsheet will not run
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
    _write_text(out, buffer.getvalue())
    return len(rows)


def write_network(graph: nx.DiGraph, out: Path | str | IO[Any], *, fmt: str) -> None:
    """Write a network as GraphML or GEXF (for Gephi), or as `network_to_json` JSON."""
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(GRAPH_FORMATS)}")
    import networkx as nx

    from casus.analysis.aggregate import network_to_json

    if fmt == "json":
        _write_text(out, json.dumps(network_to_json(graph), ensure_ascii=False, indent=1) + "\n")
        return
    # GraphML and GEXF have no null: an attribute without a value is left out
    clean = nx.DiGraph()
    for node, data in graph.nodes(data=True):
        clean.add_node(node, **{k: v for k, v in data.items() if v is not None})
    for s, t, data in graph.edges(data=True):
        clean.add_edge(s, t, **{k: v for k, v in data.items() if v is not None})
    binary = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(clean, binary)
    else:
        nx.write_gexf(clean, binary)
    _write_bytes(out, binary.getvalue())


def _write_text(out: Path | str | IO[Any], text: str) -> None:
    if isinstance(out, str | Path):
        Path(out).write_text(text, encoding="utf-8")
    elif isinstance(out, io.TextIOBase) or hasattr(out, "encoding"):
        out.write(text)
    else:
        out.write(text.encode("utf-8"))


def _write_bytes(out: Path | str | IO[Any], data: bytes) -> None:
    if isinstance(out, str | Path):
        Path(out).write_bytes(data)
    elif isinstance(out, io.TextIOBase) or hasattr(out, "encoding"):
        out.write(data.decode("utf-8"))
    else:
        out.write(data)
