"""Exports in casus's and Phoenix's layouts, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import casus.export
from casus.export import CASUS_COLUMNS, PHOENIX_COLUMNS, arrow_schema, export_events
from casus.store import EventFilter, Store, open_store
from pg import sample_corpus


@pytest.fixture(scope="module")
def filled(module_db_url: str) -> Iterator[Store]:
    with open_store(module_db_url) as store:
        store.save_batch(store.begin_run(sources=[], options={}), sample_corpus())
        yield store


def test_jsonl_casus_layout_is_the_event_schema(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert export_events(filled, out, fmt="jsonl") == 6
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == list(filled.iter_events())
    assert "Путин" in lines[4]  # unicode written as text, not \\u escapes


def test_csv_casus_layout_is_flat(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export_events(filled, out, fmt="csv", filters=EventFilter(actor="RUS")) == 2
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [c.name for c in CASUS_COLUMNS]
    first = rows[0]
    assert (first["source_code"], first["target_code"], first["cameo"]) == (
        "RUSMIL",
        "UKRMIL",
        "190",
    )
    assert first["place_country"] == "UKR" and first["article_published"] == "2021-03-01"
    assert first["event_id"] == f"{first['article_id']}-0"
    assert rows[1]["attribution_text"] == "officials" and rows[1]["target_name"] == "Путин"
    assert rows[1]["place_text"] == ""  # no place: an empty cell


def test_phoenix_layout(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "phoenix.csv"
    assert export_events(filled, out, fmt="csv", layout="phoenix") == 6
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [c.name for c in PHOENIX_COLUMNS]
    killed = next(r for r in rows if r["EventCode"] == "180")
    assert killed["Date"] == "20210110" and killed["Year"] == "2021" and killed["Day"] == "10"
    assert killed["SourceActorFull"] == "" and killed["TargetActorEntity"] == "SYR"
    shelling = next(r for r in rows if r["EventCode"] == "190")
    assert shelling["SourceActorFull"] == "RUSMIL"
    assert (shelling["SourceActorEntity"], shelling["SourceActorRole"]) == ("RUS", "MIL")
    assert (shelling["EventRootCode"], shelling["QuadClass"]) == ("19", "4")
    assert (shelling["LocationName"], shelling["CountryCode"]) == ("Ukraine", "UKR")
    assert shelling["URLs"] == "https://www.example-news.org/a1"
    assert shelling["NewsSources"] == "example-news.org"
    assert shelling["SentenceID"].endswith("_0")
    assert {r["Issues"] + r["Lat"] + r["Lon"] + r["StateName"] for r in rows} == {""}
    undated = next(r for r in rows if r["EventCode"] == "025")
    assert undated["Date"] == "" and undated["Year"] == ""


def test_phoenix_columns_are_documented() -> None:
    doc = casus.export.__doc__ or ""
    assert [c.name for c in PHOENIX_COLUMNS if c.name not in doc] == []


@pytest.mark.parametrize("layout", ["casus", "phoenix"])
def test_parquet_has_the_explicit_schema_and_streams_in_chunks(
    filled: Store, tmp_path: Path, layout: str
) -> None:
    out = tmp_path / "events.parquet"
    assert export_events(filled, out, fmt="parquet", layout=layout, chunk=4) == 6
    columns = CASUS_COLUMNS if layout == "casus" else PHOENIX_COLUMNS
    parquet = pq.ParquetFile(out)
    assert parquet.schema_arrow == arrow_schema(columns)
    assert parquet.num_row_groups == 2  # 4 + 2 rows
    table = parquet.read()
    if layout == "casus":
        assert table.column("article_published").to_pylist()[0] == dt.date(2021, 1, 15)
        assert "Путин" in table.column("target_name").to_pylist()
    else:
        assert table.column("QuadClass").to_pylist() == [1, 1, 4, 4, 3, 1]


def test_empty_exports_still_have_header_and_schema(filled: Store, tmp_path: Path) -> None:
    nothing = EventFilter(actor="'; DROP TABLE events; --")
    text = io.StringIO()
    assert export_events(filled, text, fmt="csv", filters=nothing) == 0
    assert text.getvalue().startswith("event_id,article_id,position,")
    out = tmp_path / "empty.parquet"
    assert export_events(filled, out, fmt="parquet", filters=nothing, layout="phoenix") == 0
    assert pq.read_table(out).num_rows == 0
    assert filled.count()["events"] == 6


def test_binary_and_text_streams(filled: Store) -> None:
    raw = io.BytesIO()
    assert export_events(filled, raw, fmt="jsonl", filters=EventFilter(roots=("11",))) == 1
    assert json.loads(raw.getvalue().decode("utf-8"))["target"]["text"] == "Путин"
    assert not raw.closed  # the caller's file stays open
    parquet = io.BytesIO()
    assert export_events(filled, parquet, fmt="parquet") == 6
    assert pq.read_table(io.BytesIO(parquet.getvalue())).num_rows == 6
    with pytest.raises(ValueError, match="binary"):
        export_events(filled, io.StringIO(), fmt="parquet")


def test_phoenix_jsonl_rows_are_flat(filled: Store) -> None:
    text = io.StringIO()
    export_events(
        filled, text, fmt="jsonl", layout="phoenix", filters=EventFilter(quad_classes=(4,))
    )
    rows = [json.loads(line) for line in text.getvalue().splitlines()]
    assert [r["EventCode"] for r in rows] == ["180", "190"]
    assert rows[1]["Month"] == 3 and rows[1]["GoldsteinScore"] == -1.5


def test_bad_format_or_layout(filled: Store) -> None:
    with pytest.raises(ValueError, match="format"):
        export_events(filled, io.StringIO(), fmt="xlsx")
    with pytest.raises(ValueError, match="layout"):
        export_events(filled, io.StringIO(), fmt="csv", layout="gdelt")
