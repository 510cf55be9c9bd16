"""Aggregates on a small store whose every count was worked out by hand (both backends).

The fixture (events e1..e15; q = quad class, g = Goldstein score):

  A  2023-01-05 Alpha  e1  RUSMIL->UKRMIL 190 q4 g-10 asserted  Kharkiv
                       e2  UKRGOV->RUSGOV 111 q3 g-2  reported
                       e3  USAGOV->UKRGOV 070 q2 g7   asserted  } one coordinated phrase
                       e4  USAGOV->UKRMIL 070 q2 g7   asserted  }
                       e5  RUSGOV->UKRGOV 036 q1 g4   future
  B  2023-01-06 Beta   e6  RUSMIL->UKRMIL 190 q4 g-10 asserted  Kharkiv  (wire copy of A)
                       e7  UKRGOV->RUSGOV 111 q3 g-2  asserted
  C  2023-01-20 Alpha  e8  RUSMIL->UKRMIL 190 q4 g-10 asserted  Kharkiv
                       e9  RUSGOV->USAGOV 042 q1 g1   asserted
                       e10 RUSGOV->RUSMIL 020 q1 g3   asserted
  D  2023-02-14 Gamma  e11 UKRMIL->RUSMIL 190 q4 g-10 asserted  date 2023-02-13, Donbas
                       e12 IGOUNO->RUSGOV 112 q3 g-2  reported  New York
                       e13 RUSGOV->UKRGOV 111 q3 g-2  negated
  E  undated           e14 RUSMIL->UKRMIL 190 q4 g-10 asserted  (actor named "Russian army")
  F  2023-02-20 Gamma  e15 (none)->SYR    180 q4 g-9  asserted

Default modalities (asserted, reported) leave out e5 and e13.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pyarrow.parquet as pq
import pytest

from casus.analysis.aggregate import (
    SeriesPoint,
    actor_network,
    actor_series,
    country_series,
    network_to_json,
    place_counts,
    time_series,
)
from casus.analysis.aggregate_io import write_network, write_table
from casus.analysis.dedup import deduplicate
from casus.extract import article_id
from casus.model import ActorRef, Article, Event, Place
from casus.store import EventFilter, Store, open_store
from pg import actor_ref, make_event

_WIRE = (
    "Russian forces shelled Ukrainian army positions near Kharkiv on Thursday, the regional "
    "governor said, adding that two warehouses and a school gym were damaged in the attack. "
    "Officials in Kyiv condemned Moscow over the strikes and urged partners to send more air "
    "defence systems before the winter. Washington announced a new package of aid for the "
    "government and the army of Ukraine, including generators and armoured vehicles."
)
KHARKIV = {
    "text": "Kharkiv",
    "start": 0,
    "end": 7,
    "name": "Kharkiv",
    "kind": "city",
    "country": "UKR",
    "countries": ["UKR"],
    "admin1": "Kharkivska",
    "lat": 49.98,
    "lon": 36.25,
    "geonames_id": 706483,
    "method": "sentence-preposition",
}
DONBAS = {
    **KHARKIV,
    "text": "Donbas",
    "name": "Donbas",
    "kind": "region",
    "admin1": None,
    "lat": None,
    "lon": None,
    "geonames_id": None,
    "method": "sentence-place",
}
NEW_YORK = {
    **KHARKIV,
    "text": "New York",
    "name": "New York",
    "country": "USA",
    "countries": ["USA"],
    "admin1": "New York",
    "lat": 40.71,
    "lon": -74.01,
    "geonames_id": 5128581,
}


def _refs() -> dict[str, ActorRef]:
    return {
        "RUSMIL": actor_ref("RUS", "MIL", "", "Russian military", "Russian forces", 0),
        "UKRMIL": actor_ref("UKR", "MIL", "", "Ukrainian military", "Ukrainian army", 30),
        "UKRGOV": actor_ref("UKR", "GOV", "", "Ukrainian government", "Kyiv", 60),
        "RUSGOV": actor_ref("RUS", "GOV", "", "Russian government", "Moscow", 70),
        "USAGOV": actor_ref("USA", "GOV", "", "US government", "Washington", 80),
        "IGOUNO": actor_ref("IGO", "UNO", "", "United Nations", "the UN", 0),
        "SYR": actor_ref("SYR", "", "", "Syria", "Syria", 40),
        "army": actor_ref("RUS", "MIL", "", "Russian army", "the Russian army", 0),
    }


def _article(text: str, published: dt.date | None, outlet: str | None, name: str) -> Article:
    return Article(
        id=article_id(text), text=text, published=published, outlet=outlet, source_name=name
    )


def fixture_corpus() -> list[tuple[Article, str, list[Event]]]:
    r = _refs()
    groups = itertools.count(100)  # one phrase per event, except e3 and e4 (group 3)

    def ev(
        art: Article, i: int, cameo: str, src: str | None, tgt: str, q: int, g: float, **kw: Any
    ) -> Event:
        kw.setdefault("group", next(groups))
        return make_event(
            art.id,
            i,
            cameo,
            source=r[src] if src else None,
            target=r[tgt],
            quad_class=q,
            goldstein=g,
            **kw,
        )

    a = _article("KHARKIV (Alpha Wire) - " + _WIRE, dt.date(2023, 1, 5), "Alpha", "a")
    b = _article(
        "Shelling near Kharkiv. " + _WIRE + " Follow Beta Post for more.",
        dt.date(2023, 1, 6),
        "Beta",
        "b",
    )
    c = _article("More strikes hit the city later in January.", dt.date(2023, 1, 20), "Alpha", "c")
    d = _article("The front moved; the UN spoke in New York.", dt.date(2023, 2, 14), "Gamma", "d")
    e = _article("An undated account of shelling by the Russian army.", None, None, "e")
    f = _article("Violence in Syria was reported.", dt.date(2023, 2, 20), "Gamma", "f")
    return [
        (
            a,
            "raw-a",
            [
                ev(
                    a,
                    0,
                    "190",
                    "RUSMIL",
                    "UKRMIL",
                    4,
                    -10,
                    place=Place.from_dict(KHARKIV),
                    date="2023-01-05",
                ),
                ev(a, 1, "111", "UKRGOV", "RUSGOV", 3, -2, modality="reported"),
                ev(a, 2, "070", "USAGOV", "UKRGOV", 2, 7, group=3),
                ev(a, 2, "070", "USAGOV", "UKRMIL", 2, 7, group=3),
                ev(a, 3, "036", "RUSGOV", "UKRGOV", 1, 4, modality="future"),
            ],
        ),
        (
            b,
            "raw-b",
            [
                ev(b, 1, "190", "RUSMIL", "UKRMIL", 4, -10, place=Place.from_dict(KHARKIV)),
                ev(b, 2, "111", "UKRGOV", "RUSGOV", 3, -2),
            ],
        ),
        (
            c,
            "raw-c",
            [
                ev(c, 0, "190", "RUSMIL", "UKRMIL", 4, -10, place=Place.from_dict(KHARKIV)),
                ev(c, 1, "042", "RUSGOV", "USAGOV", 1, 1),
                ev(c, 2, "020", "RUSGOV", "RUSMIL", 1, 3),
            ],
        ),
        (
            d,
            "raw-d",
            [
                ev(
                    d,
                    0,
                    "190",
                    "UKRMIL",
                    "RUSMIL",
                    4,
                    -10,
                    date="2023-02-13",
                    place=Place.from_dict(DONBAS),
                ),
                ev(
                    d,
                    1,
                    "112",
                    "IGOUNO",
                    "RUSGOV",
                    3,
                    -2,
                    modality="reported",
                    place=Place.from_dict(NEW_YORK),
                ),
                ev(d, 2, "111", "RUSGOV", "UKRGOV", 3, -2, modality="negated"),
            ],
        ),
        (e, "raw-e", [ev(e, 0, "190", "army", "UKRMIL", 4, -10)]),
        (f, "raw-f", [ev(f, 0, "180", None, "SYR", 4, -9)]),
    ]


@pytest.fixture(scope="module")
def store(module_db_url: str) -> Iterator[Store]:
    with open_store(module_db_url) as s:
        run = s.begin_run(sources=["fixture"], options={})
        assert s.save_batch(run, fixture_corpus()).events_added == 15
        deduplicate(s)
        yield s


def table(points: list[SeriesPoint]) -> list[tuple[Any, ...]]:
    return [
        (p.key, p.period, p.count, pytest.approx(p.goldstein_sum), tuple(p.quad.values()))
        for p in points
    ]


def counts(points: list[SeriesPoint]) -> dict[tuple[str | None, str], int]:
    return {(p.key, p.period): p.count for p in points}


# -- series ---------------------------------------------------------------------------


def test_monthly_series_matches_the_hand_count(store: Store) -> None:
    points = time_series(store)
    assert table(points) == [
        (None, "2023-01-01", 9, -16.0, (2, 2, 2, 3)),
        (None, "2023-02-01", 3, -21.0, (0, 0, 1, 2)),
    ]
    assert points[0].goldstein_mean == pytest.approx(-16 / 9)
    assert points[1].goldstein_mean == pytest.approx(-7.0)


def test_weekly_buckets_start_on_monday_and_gaps_are_zero(store: Store) -> None:
    points = time_series(store, interval="week")
    assert [(p.period, p.count) for p in points] == [
        ("2023-01-02", 6),
        ("2023-01-09", 0),
        ("2023-01-16", 3),
        ("2023-01-23", 0),
        ("2023-01-30", 0),
        ("2023-02-06", 0),
        ("2023-02-13", 2),  # e11 dated Monday 13th by the sentence, e12 published Tuesday
        ("2023-02-20", 1),
    ]
    assert points[1].goldstein_mean is None
    unfilled = time_series(store, interval="week", fill=False)
    assert [p.period for p in unfilled] == ["2023-01-02", "2023-01-16", "2023-02-13", "2023-02-20"]


def test_daily_series_uses_the_event_date_before_the_article_date(store: Store) -> None:
    got = counts(time_series(store, interval="day", fill=False))
    assert got == {
        (None, "2023-01-05"): 4,
        (None, "2023-01-06"): 2,
        (None, "2023-01-20"): 3,
        (None, "2023-02-13"): 1,
        (None, "2023-02-14"): 1,
        (None, "2023-02-20"): 1,
    }


def test_dyad_and_modalities(store: Store) -> None:
    # the dyad names itself in the key (it was an empty key, issue 11 item 14)
    assert counts(time_series(store, dyad=("RUS", "ukr"))) == {("RUS-UKR", "2023-01-01"): 3}
    every = counts(time_series(store, dyad=("RUS", "UKR"), modalities=()))
    assert every == {("RUS-UKR", "2023-01-01"): 4, ("RUS-UKR", "2023-02-01"): 1}
    # the filter's own modalities win over the argument
    future = time_series(store, dyad=("RUS", "UKR"), filters=EventFilter(modalities=("future",)))
    assert counts(future) == {("RUS-UKR", "2023-01-01"): 1}
    assert time_series(store, dyad=("USA", "IRN")) == []
    narrowed = time_series(store, filters=EventFilter(since=dt.date(2023, 2, 1), roots=("19",)))
    assert counts(narrowed) == {(None, "2023-02-01"): 1}


def test_per_phrase_counts_a_coordinated_phrase_once(store: Store) -> None:
    points = time_series(store, per_phrase=True)
    assert table(points)[0] == (None, "2023-01-01", 8, -23.0, (2, 1, 2, 3))


def test_country_series_count_an_event_once_per_country(store: Store) -> None:
    got = counts(country_series(store, fill=True))
    assert got == {
        ("IGO", "2023-01-01"): 0,
        ("IGO", "2023-02-01"): 1,
        ("RUS", "2023-01-01"): 7,  # e10 RUSGOV -> RUSMIL counts once
        ("RUS", "2023-02-01"): 2,
        ("SYR", "2023-01-01"): 0,
        ("SYR", "2023-02-01"): 1,
        ("UKR", "2023-01-01"): 7,
        ("UKR", "2023-02-01"): 1,
        ("USA", "2023-01-01"): 3,
        ("USA", "2023-02-01"): 0,
    }
    top = counts(country_series(store, top=2))
    assert {k for k, _ in top} == {"RUS", "UKR"}
    # by default a keyed series lists only the periods with events: no rows of zeros
    assert counts(country_series(store)) == {k: n for k, n in got.items() if n}
    assert all(p.count for p in actor_series(store))
    sources = counts(country_series(store, side="source", countries=("rus", "USA"), fill=False))
    assert sources == {("RUS", "2023-01-01"): 5, ("USA", "2023-01-01"): 2}


def test_actor_series(store: Store) -> None:
    got = counts(actor_series(store, actors=("RUSMIL", "UKRGOV"), fill=False))
    assert got == {
        ("RUSMIL", "2023-01-01"): 4,
        ("RUSMIL", "2023-02-01"): 1,
        ("UKRGOV", "2023-01-01"): 3,
    }
    with pytest.raises(ValueError, match="side"):
        actor_series(store, side="both")
    with pytest.raises(ValueError, match="interval"):
        time_series(store, interval="year")  # type: ignore[arg-type]


# -- networks -------------------------------------------------------------------------


def edges(graph: nx.DiGraph) -> dict[tuple[str, str], int]:
    return {(s, t): d["count"] for s, t, d in graph.edges(data=True)}


def test_actor_network_matches_the_hand_count(store: Store) -> None:
    graph = actor_network(store)
    assert edges(graph) == {
        ("RUSMIL", "UKRMIL"): 4,  # undated e14 included: networks need no date
        ("UKRGOV", "RUSGOV"): 2,
        ("USAGOV", "UKRGOV"): 1,
        ("USAGOV", "UKRMIL"): 1,
        ("RUSGOV", "USAGOV"): 1,
        ("RUSGOV", "RUSMIL"): 1,
        ("UKRMIL", "RUSMIL"): 1,
        ("IGOUNO", "RUSGOV"): 1,
    }
    assert dict(graph.nodes(data="count")) == {
        "RUSMIL": 6,
        "UKRMIL": 6,
        "UKRGOV": 3,
        "RUSGOV": 5,
        "USAGOV": 3,
        "IGOUNO": 1,
    }
    assert graph.nodes["RUSMIL"]["label"] == "Russian military"  # 5 of 6 mentions
    e = graph.edges["UKRGOV", "RUSGOV"]
    assert (e["goldstein_mean"], e["q1"], e["q2"], e["q3"], e["q4"]) == (-2.0, 0, 0, 2, 0)
    strong = actor_network(store, min_count=2)
    assert edges(strong) == {("RUSMIL", "UKRMIL"): 4, ("UKRGOV", "RUSGOV"): 2}
    assert set(strong.nodes) == {"RUSMIL", "UKRMIL", "UKRGOV", "RUSGOV"}


def test_country_network_keeps_self_loops_and_counts_phrases(store: Store) -> None:
    graph = actor_network(store, level="country")
    assert edges(graph) == {
        ("RUS", "UKR"): 4,
        ("UKR", "RUS"): 3,
        ("USA", "UKR"): 2,
        ("RUS", "USA"): 1,
        ("RUS", "RUS"): 1,
        ("IGO", "RUS"): 1,
    }
    assert dict(graph.nodes(data="count")) == {"RUS": 10, "UKR": 9, "USA": 3, "IGO": 1}
    phrases = actor_network(store, level="country", per_phrase=True)
    assert edges(phrases)[("USA", "UKR")] == 1
    assert dict(phrases.nodes(data="count"))["UKR"] == 8


def test_network_json_graphml_and_gexf(store: Store, tmp_path: Path) -> None:
    graph = actor_network(store, min_count=2)
    data = network_to_json(graph)
    assert data["nodes"][0] == {"id": "RUSGOV", "label": "Russian government", "count": 5}
    assert data["edges"][0] == {
        "source": "RUSMIL",
        "target": "UKRMIL",
        "count": 4,
        "goldstein_mean": -10.0,
        "q1": 0,
        "q2": 0,
        "q3": 0,
        "q4": 4,
    }
    for fmt in ("graphml", "gexf"):
        path = tmp_path / f"net.{fmt}"
        write_network(graph, path, fmt=fmt)
        ET.parse(path)  # well-formed XML
        back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        assert {(s, t) for s, t in back.edges} == set(edges(graph))
    buffer = io.StringIO()
    write_network(graph, buffer, fmt="json")
    assert json.loads(buffer.getvalue()) == data


# -- dedup, places, writers -----------------------------------------------------------


def test_deduplicated_aggregates_count_each_reported_event_once(store: Store) -> None:
    # e1+e6 (wire copies, Kharkiv) and e2+e7 (asserted and reported) are one event each
    points = time_series(store, dedup=True)
    assert table(points) == [
        (None, "2023-01-01", 7, -4.0, (2, 2, 1, 2)),
        (None, "2023-02-01", 3, -21.0, (0, 0, 1, 2)),
    ]
    assert edges(actor_network(store, dedup=True))[("RUSMIL", "UKRMIL")] == 3
    kharkiv = [
        e
        for e in store.iter_events(EventFilter(roots=("19",)), dedup=True)
        if e["place"] and e["place"]["name"] == "Kharkiv"
    ]
    assert [k["dedup"]["n_articles"] for k in kharkiv] == [2, 1]
    assert kharkiv[0]["dedup"] == {
        "n_events": 2,
        "n_articles": 2,
        "n_outlets": 2,
        "n_stories": 1,
        "first_day": "2023-01-05",
        "last_day": "2023-01-06",
    }


def test_place_counts(store: Store) -> None:
    places = place_counts(store)
    assert [(p.name, p.country, p.kind, p.count) for p in places] == [
        ("Kharkiv", "UKR", "city", 3),
        ("Donbas", "UKR", "region", 1),
        ("New York", "USA", "city", 1),
    ]
    assert (places[0].lat, places[0].lon, places[0].goldstein_mean) == (49.98, 36.25, -10.0)
    assert places[1].lat is None
    assert [p.count for p in place_counts(store, dedup=True)] == [2, 1, 1]


def test_series_writers_round_trip(store: Store, tmp_path: Path) -> None:
    points = country_series(store, countries=("RUS",))
    write_table(points, tmp_path / "s.parquet", fmt="parquet")
    back = pq.read_table(tmp_path / "s.parquet").to_pylist()
    assert back == [p.to_dict() for p in points]
    assert back[0] == {
        "period": "2023-01-01",
        "key": "RUS",
        "count": 7,
        "goldstein_sum": pytest.approx(-30.0),
        "goldstein_mean": pytest.approx(-30 / 7),
        "q1": 2,
        "q2": 0,
        "q3": 2,
        "q4": 3,
    }
    buffer = io.StringIO()
    assert write_table(points, buffer, fmt="csv") == 2
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert [(r["period"], r["count"]) for r in rows] == [("2023-01-01", "7"), ("2023-02-01", "2")]
    text = io.StringIO()
    write_table(place_counts(store), text, fmt="json")
    assert json.loads(text.getvalue())[0]["name"] == "Kharkiv"
    with pytest.raises(ValueError, match="format"):
        write_table(points, buffer, fmt="xlsx")


def test_empty_store_gives_empty_aggregates(db_url: str) -> None:
    with open_store(db_url) as empty:
        assert time_series(empty) == []
        assert country_series(empty, top=3) == []
        assert len(actor_network(empty)) == 0
        assert place_counts(empty, dedup=True) == []


def test_series_command_keys_dyads_and_leaves_out_empty_periods(tmp_path: Path) -> None:
    # issue 11, item 14: `--by country` wrote hundreds of all-zero rows, `--dyad` an empty key
    from typer.testing import CliRunner

    from casus.cli import app

    db = tmp_path / "a.db"
    with open_store(db) as s:
        s.save_batch(s.begin_run(sources=["fixture"], options={}), fixture_corpus())
    runner = CliRunner()
    base = ["aggregate", "series", "--db", str(db), "--format", "csv"]

    def rows(*args: str) -> list[dict[str, str]]:
        result = runner.invoke(app, [*base, *args])
        assert result.exit_code == 0, result.output
        return list(csv.DictReader(io.StringIO(result.stdout)))

    dyad = rows("--dyad", "rus", "UKR")
    assert [(r["period"], r["key"], r["count"]) for r in dyad] == [("2023-01-01", "RUS-UKR", "3")]
    by_country = rows("--by", "country")
    assert by_country and all(int(r["count"]) > 0 for r in by_country)
    with_zeros = rows("--by", "country", "--zeros")
    assert len(with_zeros) == 10 and sum(r["count"] == "0" for r in with_zeros) == 3
    assert {(r["period"], r["key"]) for r in by_country} < {
        (r["period"], r["key"]) for r in with_zeros
    }
    total = rows()  # one series: every period, a line to plot
    assert [r["period"] for r in total] == ["2023-01-01", "2023-02-01"]
    assert rows("--no-zeros", "--since", "2023-02-01")[0]["period"] == "2023-02-01"
