"""The actor dictionaries: sizes the issue asks for, aliases, validation errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casus.actors.dictionary import (
    ActorDictionaryError,
    add_user_file,
    load_actor_dictionary,
)
from casus.ontology import default_ontology


@pytest.fixture(scope="module")
def dictionary():  # type: ignore[no-untyped-def]
    return load_actor_dictionary()


def codes(dictionary, phrase: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {e.actor.code for e in dictionary.lookup(phrase)}


def test_every_iso_country_is_in_the_dictionary(dictionary) -> None:  # type: ignore[no-untyped-def]
    iso = {c for c in default_ontology().countries if len(c) == 3}
    missing = {c for c in iso if c not in dictionary.country_names}
    assert len(missing) <= 15, sorted(missing)  # only historical extras may be absent


def test_sizes_the_issue_asks_for(dictionary) -> None:  # type: ignore[no-untyped-def]
    kinds: dict[str, set[str]] = {}
    for entries in dictionary.phrases.values():
        for e in entries:
            kinds.setdefault(e.kind, set()).add(
                e.actor.code if e.kind != "person" else e.actor.name
            )
    assert len(kinds["organisation"]) >= 100
    assert len(kinds["group"]) >= 100
    people_countries = {
        e.actor.country for es in dictionary.phrases.values() for e in es if e.kind == "person"
    }
    assert len(people_countries) >= 60


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("Islamic State", "IMGISI"),
        ("ISIS", "IMGISI"),
        ("ISIL", "IMGISI"),
        ("Daesh", "IMGISI"),
        ("IS", "IMGISI"),
        ("Taliban", "AFGINSTAL"),
        ("Kremlin", "RUSGOV"),
        ("Moscow", "RUS"),
        ("White House", "USAGOV"),
        ("Afghan", "AFG"),
        ("Pakistani", "PAK"),
        ("NATO", "IGONAT"),
    ],
)
def test_known_names(dictionary, phrase: str, code: str) -> None:  # type: ignore[no-untyped-def]
    assert code in codes(dictionary, phrase)


def test_abbreviations_match_case_sensitively(dictionary) -> None:  # type: ignore[no-untyped-def]
    assert codes(dictionary, "US") == {"USA"}
    assert "us" not in dictionary.phrases


def test_people_resolve_by_date(dictionary) -> None:  # type: ignore[no-untyped-def]
    entries = [e for e in dictionary.lookup("Putin") if e.kind == "person"]
    assert entries and all(e.actor.country == "RUS" for e in entries)
    assert any(e.in_office(dt.date(2016, 12, 1)) for e in entries)


def test_bad_user_dictionary_names_file_and_entry(tmp_path: Path) -> None:
    bad = tmp_path / "mine.yml"
    bad.write_text("armed_groups:\n  - {code: XXXINSABC, country: XX, sector: INS, org: ABC}\n")
    dictionary = load_actor_dictionary()
    with pytest.raises(ActorDictionaryError, match=r"mine\.yml: entry 1.*country"):
        add_user_file(dictionary, bad)


def test_user_dictionary_adds_names(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yml"
    mine.write_text(
        "armed_groups:\n"
        "  - {code: NERREBFLX, country: NER, sector: REB, org: FLX, name: Front Lumiere,"
        " names: [Front Lumiere, FLX]}\n"
    )
    dictionary = load_actor_dictionary(extra=[mine])
    assert codes(dictionary, "FLX") == {"NERREBFLX"}


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ActorDictionaryError, match=r"countries\.yml"):
        load_actor_dictionary(data_dir=tmp_path)


def test_exact_names_match_only_as_written(coder) -> None:  # type: ignore[no-untyped-def]
    codes = lambda t: {r.actor.code for e in coder.code(t) for r in (e.source, e.target) if r}  # noqa: E731
    assert "IMGISI" in codes("Iraqi troops attacked Dash fighters near Mosul.")
    assert "IMGISI" not in codes("Iraqi troops made a dash for the border near Mosul.")


def test_news_outlets_are_their_countrys_media_not_the_country() -> None:
    dictionary = load_actor_dictionary()
    (afp,) = {e.actor.code for e in dictionary.lookup("agence france-presse")}
    assert afp == "FRAMED"
    assert {e.actor.code for e in dictionary.lookup("Times of India".lower())} == {"INDMED"}
    assert "FRAMED" in {e.actor.code for e in dictionary.lookup("AFP")}


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("FBI", "USACOP"),
        ("Central Intelligence Agency", "USASPY"),
        ("Mossad", "ISRSPY"),
        ("Inter-Services Intelligence", "PAKSPY"),
        ("Scotland Yard", "GBRCOP"),
        ("FSB", "RUSSPY"),
        ("National Investigation Agency", "INDCOP"),
    ],
)
def test_a_states_police_and_intelligence_agencies_are_named(  # type: ignore[no-untyped-def]
    dictionary, phrase: str, code: str
) -> None:
    assert code in codes(dictionary, phrase)
