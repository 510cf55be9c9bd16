"""`casus actors unknown`, its web page and API: names in actor slots no dictionary resolved.

The corpus is a few invented sentences about invented actors (the Coastal Fishermen
Association, Zorvan Telek, Mariela Kostova); the round trip writes them as a user
dictionary, loads it with --dictionary and checks that the names then resolve.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from casus.actors.dictionary import load_actor_dictionary
from casus.cli import app
from casus.model import Actor, ActorRef, Article
from casus.store import EventFilter, open_store
from casus.store.unknown import (
    UnknownActor,
    actor_dictionary,
    dictionary_yaml,
    display_name,
    name_key,
    named_country,
    suggest_sector,
    unknown_actors,
)
from casus.web.app import create_app
from pg import actor_ref, make_event

runner = CliRunner()

RECORDS = [
    {
        "id": "fish-1",
        "date": "2024-05-02",
        "text": "The Coastal Fishermen Association filed a lawsuit against Senegal on Monday.",
    },
    {
        "id": "fish-2",
        "date": "2024-05-10",
        "text": "Coastal Fishermen Association accused Senegal of selling fishing rights "
        "to foreign fleets.",
    },
    {
        "id": "telek",
        "date": "2024-06-01",
        "text": "Zorvan Telek criticized the French government on Tuesday.",
    },
    {
        "id": "kostova",
        "date": "2024-06-03",
        "text": "Mariela Kostova said the Bulgarian government had arrested protesters.",
    },
]


def _ingest(db: Path, source: Path, *extra: str) -> None:
    result = runner.invoke(app, ["ingest", str(source), "--db", str(db), "--workers", "0", *extra])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("unknown")
    source = folder / "news.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    _ingest(folder / "corpus.db", source)
    return folder / "corpus.db"


def _unknown(db: Path, *args: str) -> Any:
    result = runner.invoke(app, ["actors", "unknown", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result


def _listed(db: Path, *args: str) -> dict[str, dict[str, Any]]:
    rows = json.loads(_unknown(db, "--format", "json", *args).stdout)
    return {row["name"]: row for row in rows}


def test_lists_unknown_names_with_counts_examples_and_codes(corpus: Path) -> None:
    found = _listed(corpus)
    assert next(iter(found)) == "Coastal Fishermen Association"  # the most frequent first
    fish = found["Coastal Fishermen Association"]
    # two spellings ("The ...", no "The") are one name, counted over both articles
    assert fish["events"] == 2 and fish["slots"] == {"source": 2}
    assert fish["example"].startswith("The Coastal Fishermen Association filed a lawsuit")
    assert fish["country"] == "SEN" and fish["sector"] == "AGR" and fish["code"] == "SENAGR"
    telek = found["Zorvan Telek"]
    assert telek["events"] == 1 and telek["code"] == "FRA"
    kostova = found["Mariela Kostova"]  # an unresolved speaker of a reported claim
    assert kostova["slots"] == {"attribution": 1} and kostova["country"] == "BGR"
    assert kostova["example"] == RECORDS[3]["text"]


def test_options_and_formats(corpus: Path) -> None:
    assert list(_listed(corpus, "--min-count", "2")) == ["Coastal Fishermen Association"]
    assert len(_listed(corpus, "--limit", "1")) == 1
    later = _listed(corpus, "--since", "2024-05-20")  # "on Tuesday": 2024-05-28
    assert "Coastal Fishermen Association" not in later and "Zorvan Telek" in later
    assert list(_listed(corpus, "--country", "FRA")) == ["Zorvan Telek"]
    table = _unknown(corpus).stdout
    assert "Coastal Fishermen Association" in table and "SENAGR" in table
    lines = _unknown(corpus, "--format", "csv").stdout.splitlines()
    assert lines[0].startswith("name,events,source,target,attribution,code,")
    assert lines[1].startswith("Coastal Fishermen Association,2,2,0,0,SENAGR,SEN,AGR,")
    bad = runner.invoke(app, ["actors", "unknown", "--db", str(corpus), "--since", "May"])
    assert bad.exit_code == 2


def test_yaml_dictionary_round_trip(corpus: Path, tmp_path: Path) -> None:
    written = tmp_path / "my_actors.yml"
    _unknown(corpus, "--format", "yaml", "--out", str(written))
    text = written.read_text(encoding="utf-8")
    assert "# 2 events (source 2); suggested SENAGR" in text
    assert "# e.g. The Coastal Fishermen Association filed a lawsuit" in text
    people = {e["name"]: e for e in yaml.safe_load(text)["people"]}
    assert people["Coastal Fishermen Association"]["country"] == "SEN"
    assert people["Coastal Fishermen Association"]["sector"] == "AGR"
    # `casus code --dictionary` loads the file as written: the names now resolve
    article = tmp_path / "new.txt"
    article.write_text(
        "Coastal Fishermen Association accused Senegal of corruption. "
        "Zorvan Telek criticized the French government.\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["code", "--format", "jsonl", "--dictionary", str(written), str(article)]
    )
    assert result.exit_code == 0, result.output
    sources = {
        e["source"]["text"]: e["source"]["code"]
        for e in map(json.loads, result.stdout.splitlines())
        if e["source"]
    }
    assert sources["Coastal Fishermen Association"] == "SENAGR"
    assert sources["Zorvan Telek"] == "FRA"
    # and `casus ingest --dictionary` codes the corpus with them: nothing left unknown
    again = tmp_path / "again.db"
    _ingest(again, corpus.parent / "news.jsonl", "--dictionary", str(written))
    assert _listed(again) == {}


def test_names_and_suggestions() -> None:
    dictionary = actor_dictionary()
    assert (
        display_name("the Coastal Fishermen's Association's") == "Coastal Fishermen's Association"
    )
    assert name_key("The  Coastal Fishermen's Association") == "coastal fishermen association"
    assert display_name("a statement from the Council of the EU") == "Council of the EU"
    assert suggest_sector("Gov. Jane Roe", dictionary) == "GOV"
    assert suggest_sector("Teachers' Union", dictionary) == "LAB"
    assert suggest_sector("State Sen. Mariela Kostova", dictionary) == "LEG"
    assert suggest_sector("Zorvan Telek", dictionary) == ""
    assert named_country("US Central Command", dictionary) == "USA"
    assert named_country("the Kenyan interior ministry", dictionary) == "KEN"
    assert named_country("Zorvan Telek", dictionary) == ""


def _actor(name: str, country: str, sector: str = "", example: str = "") -> UnknownActor:
    return UnknownActor(
        name=name,
        events=1,
        slots={"source": 1},
        spellings=(name,),
        country=country,
        sector=sector,
        example=example or f"{name} did something.",
        article_id="a",
        event_id=None,
    )


def test_yaml_without_a_country_is_commented_out_and_any_text_is_safe(tmp_path: Path) -> None:
    hostile = 'Front: #1 "Liberation" – ünïcödé'
    actors = [
        _actor(hostile, "SEN", "REB", example="It said\u2028\x07 «no» # to all\nof them."),
        _actor("Harbour Pilots Guild", "---"),
    ]
    path = tmp_path / "d.yml"
    path.write_text(dictionary_yaml(actors, source="db\nwith: a # break"), encoding="utf-8")
    dictionary = load_actor_dictionary(extra=[path])
    assert dictionary.lookup(hostile)[0].actor.code == "SENREB"
    assert not dictionary.lookup("Harbour Pilots Guild")
    assert "# - name: Harbour Pilots Guild" in path.read_text(encoding="utf-8")
    # with no entry that has a country, the file still loads
    path.write_text(dictionary_yaml(actors[1:]), encoding="utf-8")
    load_actor_dictionary(extra=[path])


# -- the web app, and the query on SQLite and PostgreSQL alike -------------------------

HOSTILE = "<script>alert(1)</script> Rebel Front"


def _synthetic() -> list[tuple[Article, str, list[Any]]]:
    """Three articles naming unknown actors, with Senegal and Mali as the known ones."""
    texts = ["Harbour Pilots Guild. One.", "Harbour Pilots Guild. Two.", "Zed Okafor. Three."]
    arts = [Article(id=f"{i:064d}", text=t, source_name=f"a{i}") for i, t in enumerate(texts)]
    sen = actor_ref("SEN", "GOV", "", "Senegal government", "Dakar", 0)
    mli = actor_ref("MLI", "", "", "Mali", "Mali", 0)
    guild = ActorRef(Actor("", name="The Harbour Pilots Guild"), "The Harbour Pilots Guild", 0, 24)
    guilds = ActorRef(Actor(""), "Harbour Pilots Guild's", 0, 22)
    front = ActorRef(Actor(""), HOSTILE, 0, len(HOSTILE))
    speaker = ActorRef(Actor(""), "Zed Okafor", 0, 10)
    return [
        (
            arts[0],
            "r0",
            [
                make_event(arts[0].id, 0, "112", source=guild, target=sen, quad_class=3),
                make_event(arts[0].id, 1, "190", source=front, target=mli, quad_class=4),
            ],
        ),
        (
            arts[1],
            "r1",
            [
                make_event(arts[1].id, 0, "111", source=sen, target=guilds, quad_class=3),
                make_event(arts[1].id, 1, "111", source=sen, target=mli, quad_class=3),
            ],
        ),
        (
            arts[2],
            "r2",
            [
                make_event(
                    arts[2].id,
                    0,
                    "190",
                    source=mli,
                    target=None,
                    quad_class=4,
                    modality="reported",
                    attribution=speaker,
                )
            ],
        ),
    ]


def test_same_list_on_both_backends_and_in_the_web_app(db_url: str) -> None:
    store = open_store(db_url)
    run = store.begin_run(sources=["synthetic"], options={})
    store.save_batch(run, _synthetic())
    found = unknown_actors(store)
    assert [(a.name, a.events, a.slots, a.code) for a in found] == [
        ("Harbour Pilots Guild", 2, {"source": 1, "target": 1}, "SEN"),
        (HOSTILE, 1, {"source": 1}, "MLIREB"),  # "rebel": REB; Mali 1, Senegal 1: the first
        ("Zed Okafor", 1, {"attribution": 1}, "MLI"),
    ]
    assert found[0].example == found[0].example.strip() and found[0].event_id
    assert unknown_actors(store, limit=1, min_count=1)[0].name == "Harbour Pilots Guild"
    assert [a.name for a in unknown_actors(store, min_count=2)] == ["Harbour Pilots Guild"]
    assert unknown_actors(store, EventFilter(country="MLI"))[0].name == HOSTILE

    client = TestClient(create_app(store, allowed_hosts=["testserver"]))
    api = client.get("/api/v1/actors/unknown")
    assert api.status_code == 200
    assert api.json() == [a.to_dict() for a in found]
    assert [a["name"] for a in client.get("/api/v1/actors/unknown?min_count=2").json()] == [
        "Harbour Pilots Guild"
    ]
    for bad in ("limit=0", "min_count=0", "since=", "until=yesterday"):
        assert client.get(f"/api/v1/actors/unknown?{bad}").status_code == 422, bad
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/actors/unknown" in spec["paths"]

    page = client.get("/actors/unknown", params={"since": "", "limit": "10"})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Rebel Front" in page.text
    assert "Harbour Pilots Guild" in page.text and "MLIREB" in page.text
    assert 'href="/actors/unknown"' in client.get("/").text
    download = client.get("/actors/unknown.yml")
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
    people = yaml.safe_load(download.text)["people"]
    assert [p["name"] for p in people] == [a.name for a in found]
    store.close()
