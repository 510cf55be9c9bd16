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
    named_owner,
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


# -- people no dictionary lists, coded only from their title ---------------------------

DEMO = Path(__file__).resolve().parents[1] / "demo" / "corpus"
# Every titled person of the demo corpus whom no dictionary lists and who fills an actor slot
# (as doer, target or speaker of a claim), with the code the title and its context give:
# after the title ("Foreign Minister ..."), in apposition to it ("..., Jane Roe, said") or
# with the title in apposition after the name. Three more titled names of the corpus fill no
# slot: each speaks only a quotation in which no event is coded, or (Montemayor) is the
# speaker of a claim whose event sits in a relative clause the speaker reading stops at.
DEMO_TITLED = {
    "Oleh Marchenko": "UKRGOV",  # also where the article's own country is Iran's
    "Carlton Hinds": "GUYGOV",
    "Hossein Rahimi": "IRNGOV",
    "Mahmoud Ghaffari": "IRNGOV",
    "Hamidullah Rahmani": "AFGGOV",
    "Mohammad Yousuf Hamdard": "AFGGOV",
    "Dragan Petković": "SRBGOV",
    "Maria Teresa Villanueva": "PHLGOV",
    "Daniel Kiprop": "KENGOV",
    "Abdirahman Hassan Nur": "SOMGOV",
    "Ali Osman Siddig": "SDNGOV",
    "Arben Krasniqi": "XKXGOV",
    "Mark Ellison": "USAGOV",
    "Pablo Tejada": "COLREBELN",  # the head of a group's delegation: the group's
    # the speaker of an appeal reported by a means clause ("interfered ... by calling for")
    "Moussa Diarra": "MLIGOV",
}
DEMO_NO_SLOT = ("Andrei Rusnac", "Julian Montemayor", "Yusuf Danladi")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    _ingest(db, DEMO)
    return db


def _titled_slots(db: Path) -> dict[str, set[str]]:
    """person → the codes of the slots the coder marked as coded from a title."""
    store = open_store(f"sqlite:///{db}")
    found: dict[str, set[str]] = {}
    with store.engine.connect() as conn:
        for slot in ("source", "target", "attribution"):
            rows = conn.exec_driver_sql(
                f"SELECT {slot}_person, {slot}_code FROM events WHERE {slot}_method = 'title'"
            )
            for person, code in rows:
                found.setdefault(person, set()).add(code)
    store.close()
    return found


def test_demo_titled_people_no_dictionary_lists_are_listed_with_their_titles_code(
    demo: Path,
) -> None:
    dictionary = load_actor_dictionary()
    titled = _titled_slots(demo)
    listed = _listed(demo, "--limit", "1000")
    for person, code in DEMO_TITLED.items():
        assert not dictionary.lookup(person), person  # no dictionary lists them
        assert person in titled, f"{person}: not marked as coded from a title"
        row = listed.get(person)
        assert row is not None, f"{person} is not listed: {sorted(listed)}"
        assert row["kind"] == "titled"
        assert row["code"] in titled[person] and row["code"] == code, (person, row["code"])
        assert person in row["example"]
    # and no one else: no part of a name, no title word taken for a name
    assert set(titled) == set(DEMO_TITLED), set(titled) ^ set(DEMO_TITLED)
    for person in DEMO_NO_SLOT:
        assert not dictionary.lookup(person) and person not in listed, person
    # every person marked so is listed, under the name without the title
    for person in titled:
        assert person in listed and listed[person]["kind"] == "titled", person
        assert not any(w.lower() in {"minister", "spokesman", "foreign"} for w in person.split())
    # a titled person whom a dictionary lists is not "unknown": the name resolved it
    assert not any(dictionary.lookup(name) for name in listed if listed[name]["kind"] == "titled")


def test_demo_regions_and_organisations_suggest_their_own_codes(demo: Path) -> None:
    listed = _listed(demo, "--limit", "1000")
    for row in listed.values():
        words = row["name"].replace("'s", "").split()
        if row["kind"] == "unresolved" and {"EU", "UN", "NATO"} & set(words):
            assert row["country"] == "IGO" and row["org"], row
        if row["name"] == "Europe":
            assert row["code"] == "EUR", row


TITLED_RECORDS = [
    {
        "id": "keslo-1",
        "date": "2024-07-01",
        "text": "Foreign Minister Tavrin Keslo criticized the Romanian government on Monday. "
        "Keslo also accused Bulgaria of smuggling weapons.",
    },
]


def test_titled_person_round_trip_then_the_bare_surname_resolves(tmp_path: Path) -> None:
    source = tmp_path / "titled.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in TITLED_RECORDS), encoding="utf-8")
    db = tmp_path / "titled.db"
    _ingest(db, source)
    listed = _listed(db)
    keslo = listed["Tavrin Keslo"]
    assert keslo["kind"] == "titled" and keslo["code"].endswith("GOV")
    # the titled mention and the later bare surname are both this person
    assert keslo["events"] == 2 and keslo["spellings"] == ["Tavrin Keslo"]
    written = tmp_path / "people.yml"
    _unknown(db, "--format", "yaml", "--out", str(written))
    people = {e["name"]: e for e in yaml.safe_load(written.read_text(encoding="utf-8"))["people"]}
    entry = people["Tavrin Keslo"]
    assert entry["names"] == ["Tavrin Keslo"]
    assert entry["country"] + entry["sector"] + entry["org"] == keslo["code"]
    # an article naming the person without the title: unresolved before, coded after
    article = tmp_path / "later.txt"
    article.write_text(
        "Tavrin Keslo criticized the Romanian government. "
        "Keslo also accused Bulgaria of smuggling weapons.\n",
        encoding="utf-8",
    )

    def sources(*extra: str) -> dict[str, str]:
        result = runner.invoke(app, ["code", "--format", "jsonl", *extra, str(article)])
        assert result.exit_code == 0, result.output
        events = [json.loads(line) for line in result.stdout.splitlines()]
        return {e["source"]["text"]: e["source"]["code"] for e in events if e["source"]}

    assert sources() == {"Tavrin Keslo": "", "Keslo": ""}
    assert sources("--dictionary", str(written)) == {
        "Tavrin Keslo": keslo["code"],
        "Keslo": keslo["code"],
    }
    # coded again with the dictionary, the person is no longer listed
    again = tmp_path / "again.db"
    _ingest(again, source, "--dictionary", str(written))
    assert "Tavrin Keslo" not in _listed(again)


APPOSITION_RECORDS = [
    {
        "id": "mwale",
        "date": "2024-08-01",
        "text": "Zambia's Interior Minister, Daniel Mwale, said police arrested ten smugglers "
        "in Lusaka on Monday.",
    },
    {
        "id": "kettering",
        "date": "2024-08-02",
        "text": "Jonas Kettering, Namibia's defence minister, accused Angola of shelling "
        "border villages.",
    },
    {
        "id": "delgado",
        "date": "2024-08-03",
        "text": "The Philippines protested on Monday. Foreign Affairs Undersecretary Maria "
        "Teresa Delgado accused China of harassing fishermen.",
    },
]


def test_titled_people_in_apposition_or_with_long_names_are_listed(tmp_path: Path) -> None:
    source = tmp_path / "appos.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in APPOSITION_RECORDS), encoding="utf-8")
    db = tmp_path / "appos.db"
    _ingest(db, source)
    listed = _listed(db)
    expected = {
        "Daniel Mwale": "ZMBGOV",  # the name in apposition to the title
        "Jonas Kettering": "NAMGOV",  # the title in apposition to the name
        "Maria Teresa Delgado": "PHLGOV",  # the whole name after a two-word title
    }
    for person, code in expected.items():
        row = listed.get(person)
        assert row is not None, f"{person} is not listed: {sorted(listed)}"
        assert row["kind"] == "titled" and row["code"] == code, row
    assert not {"Maria", "Undersecretary Maria", "Teresa Delgado"} & set(listed)


def test_owner_named_in_the_name_comes_before_the_articles_country() -> None:
    dictionary = actor_dictionary()
    assert named_owner("Council of the EU", dictionary) == ("IGO", "CEU")
    assert named_owner("Maritime Office of the EU", dictionary) == ("IGO", "EUR")
    assert named_owner("NATO liaison cell", dictionary) == ("IGO", "NAT")
    assert named_owner("African Union observers' team", dictionary) == ("IGO", "AFU")
    assert named_owner("UN Mission in Kenya", dictionary) == ("IGO", "UNO")  # named first
    assert named_owner("Kenyan mission to the UN", dictionary) == ("KEN", "")
    assert named_owner("Europe", dictionary) == ("EUR", "")
    assert named_owner("Middle East", dictionary) == ("MEA", "")
    assert named_owner("West", dictionary) == ("WST", "")
    assert named_owner("West Harbour Guild", dictionary) == ("", "")  # no bare "West"
    assert named_owner("Harbour Pilots Guild", dictionary) == ("", "")


def _owners_corpus() -> list[tuple[Article, str, list[Any]]]:
    """One article: Iran is the known actor; an EU body, Europe and a titled person are not
    in any dictionary."""
    art = Article(id="9" * 64, text="Owners. One. Two.", source_name="owners")
    iran = actor_ref("IRN", "", "", "Iran", "Iran", 0)
    office = ActorRef(Actor(""), "the Maritime Office of the EU", 0, 29)
    europe = ActorRef(Actor(""), "Europe", 0, 6)
    minister = ActorRef(
        Actor("SEN", "GOV", name="Fisheries Minister Awa Tendeng"),
        "Fisheries Minister Awa Tendeng",
        0,
        30,
        method="title",
        person="Awa Tendeng",
    )
    surname = ActorRef(
        minister.actor, "Tendeng", 40, 47, from_memory=True, method="title", person="Awa Tendeng"
    )
    return [
        (
            art,
            "o",
            [
                make_event(art.id, 0, "112", source=office, target=iran, quad_class=3),
                make_event(art.id, 1, "111", source=europe, target=iran, quad_class=3),
                make_event(art.id, 2, "111", source=iran, target=iran, quad_class=3),
                make_event(art.id, 3, "112", source=minister, target=iran, quad_class=3),
                make_event(
                    art.id,
                    4,
                    "112",
                    source=iran,
                    target=None,
                    quad_class=3,
                    modality="reported",
                    attribution=surname,
                ),
            ],
        )
    ]


def test_titled_and_owner_suggestions_on_both_backends(db_url: str) -> None:
    store = open_store(db_url)
    run = store.begin_run(sources=["owners"], options={})
    store.save_batch(run, _owners_corpus())
    found = {a.name: a for a in unknown_actors(store)}
    assert found["Maritime Office of the EU"].code == "IGOEUR"  # not Iran, the article's
    assert found["Europe"].code == "EUR"
    awa = found["Awa Tendeng"]
    assert (awa.kind, awa.code, awa.events) == ("titled", "SENGOV", 2)
    assert awa.slots == {"source": 1, "attribution": 1}
    assert awa.example.startswith("Sentence 3 ")  # the sentence of its first event
    assert found["Europe"].kind == "unresolved"
    client = TestClient(create_app(store, allowed_hosts=["testserver"]))
    api = {a["name"]: a for a in client.get("/api/v1/actors/unknown").json()}
    assert api["Awa Tendeng"]["kind"] == "titled" and api["Awa Tendeng"]["code"] == "SENGOV"
    assert api["Maritime Office of the EU"]["org"] == "EUR"
    page = client.get("/actors/unknown").text
    assert "Awa Tendeng" in page and "SENGOV" in page and "IGOEUR" in page
    store.close()
