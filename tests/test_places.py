"""The offline gazetteer: names, readings and the rules that choose among them."""

from __future__ import annotations

from pathlib import Path

import pytest

from casus.context.places import (
    Gazetteer,
    GazetteerError,
    Hints,
    Place,
    load_gazetteer,
    load_place_words,
    load_regions,
    place_words,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_a_city_has_coordinates_admin1_and_geonames_id(gaz: Gazetteer) -> None:
    choice = gaz.choose(gaz.lookup("Kunduz"))
    assert choice is not None
    place = choice.place
    assert (place.kind, place.country, place.admin1) == ("city", "AFG", "Kunduz")
    assert place.lat is not None and 36 < place.lat < 37.5 and place.geonames_id


def test_tripoli_both_ways(gaz: Gazetteer) -> None:
    readings = gaz.lookup("Tripoli")
    bare = gaz.choose(readings)
    lebanese = gaz.choose(readings, Hints(actors=frozenset({"LBN"})))
    libyan = gaz.choose(readings, Hints(article=frozenset({"LBY"})))
    assert bare is not None and bare.place.country == "LBY" and bare.rule == "population"
    assert lebanese is not None and lebanese.place.country == "LBN"
    assert lebanese.rule == "actor-country"
    assert libyan is not None and libyan.place.country == "LBY"
    assert libyan.rule == "article-country"


def test_the_name_next_to_a_place_beats_the_actors(gaz: Gazetteer) -> None:
    hints = Hints(qualified=frozenset({"LBN"}), actors=frozenset({"LBY"}))
    choice = gaz.choose(gaz.lookup("Tripoli"), hints)
    assert choice is not None and choice.place.country == "LBN" and choice.rule == "qualified"


def test_feature_class_a_country_before_a_us_state(gaz: Gazetteer) -> None:
    choice = gaz.choose(gaz.lookup("Georgia"))
    assert choice is not None and choice.place.kind == "country" and choice.place.country == "GEO"
    assert choice.rule == "feature-class"


def test_a_subdivision_without_a_namesake_city(gaz: Gazetteer) -> None:
    choice = gaz.choose(gaz.lookup("Borno"))
    assert choice is not None
    assert (choice.place.kind, choice.place.country) == ("admin1", "NGA")


def test_alternate_names_do_not_beat_own_names(gaz: Gazetteer) -> None:
    assert {p.country for p in gaz.lookup("Kiev")} == {"UKR"}  # an alternate name still works
    assert all(p.country == "NGA" for p in gaz.lookup("Borno"))  # not the town Borna


def test_regions_keep_all_their_countries(gaz: Gazetteer) -> None:
    (region,) = gaz.lookup("the Sahel")
    assert region.kind == "region" and region.country is None
    assert {"MLI", "NER", "BFA"} <= set(region.countries)
    (central,) = gaz.lookup("Central Asia")
    assert set(central.countries) == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}


def test_place_dict_follows_the_schema(gaz: Gazetteer) -> None:
    place = gaz.country("SYR")
    assert place is not None
    d = place.event_place(text=None, start=None, end=None, method="article-context").to_dict()
    assert set(d) == {
        "text", "start", "end", "name", "kind", "country", "countries", "admin1", "lat",
        "lon", "geonames_id", "method",
    }  # fmt: skip
    assert d["countries"] == ["SYR"] and d["kind"] == "country"


def test_regions_file_is_validated(tmp_path: Path) -> None:
    bad = tmp_path / "regions.yml"
    bad.write_text("- name: Nowhere\n  countries: [ZZZ]\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="ZZZ"):
        load_regions(bad, known={"SYR"})
    bad.write_text("- name: Nowhere\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="countries"):
        load_regions(bad)
    good = tmp_path / "ok.yml"
    good.write_text("- name: Somewhere\n  aliases: [Elsewhere]\n  countries: [SYR]\n")
    ((place, aliases),) = load_regions(good, known={"SYR"})
    assert place == Place("Somewhere", "region", "SYR", ("SYR",)) and aliases == ("Elsewhere",)


def test_codes_in_capitals_are_not_alternate_names(gaz: Gazetteer) -> None:
    assert gaz.lookup("ICT") == []  # Wichita's airport code
    assert gaz.lookup("BJP") == []  # a Brazilian town's code, not a party


def test_old_name_of_a_big_city_beats_a_small_towns_own_name(gaz: Gazetteer) -> None:
    readings = gaz.lookup("Baroda")
    assert {p.name for p in readings} == {"Baroda", "Vadodara"}
    choice = gaz.choose(readings)
    assert choice is not None and choice.place.name == "Vadodara"
    # ... but not a far city that merely shares a spelling with a real town
    assert "BRA" not in {p.country for p in gaz.lookup("Bethlehem")}  # not Belém


def test_strong_names(gaz: Gazetteer) -> None:
    (kabul,) = gaz.lookup("Kabul")
    assert gaz.is_strong("Kabul", kabul)
    assert not gaz.is_strong("Kabuli", kabul)  # an alternate name is not the city's own
    (alliance,) = gaz.lookup("Alliance")
    assert not gaz.is_strong("Alliance", alliance)  # a small town
    assert all(gaz.is_strong("Georgia", p) for p in gaz.lookup("Georgia"))


def test_the_never_a_place_table() -> None:
    words = place_words()
    assert words.never_kind("Gazan") == "demonym"
    assert words.never_kind("us$") == "currency"
    assert words.never_kind("the Washington Post") == "organisation"
    assert words.never_kind("Kabul") is None
    assert "province" in words.place_nouns and "northern" in words.place_modifiers


def test_place_word_files_are_validated(tmp_path: Path) -> None:
    cues = tmp_path / "cues.yml"
    cues.write_text("place_nouns: [city]\nplace_modifiers: [northern]\n", encoding="utf-8")
    bad = tmp_path / "not_places.yml"
    bad.write_text("demonym: [Gazan]\nanimal: [Fox]\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"unknown kind.*animal"):
        load_place_words(bad, cues)
    bad.write_text("demonym: [Gazan]\nword: [gazan]\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="listed twice"):
        load_place_words(bad, cues)
    bad.write_text("currency: US$\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="currency: expected a non-empty list"):
        load_place_words(bad, cues)
    bad.write_text("person: [Warren, '']\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="entry 2"):
        load_place_words(bad, cues)
    good = tmp_path / "ok.yml"
    good.write_text("demonym: [Gazan]\n", encoding="utf-8")
    cues.write_text("place_nouns: [City]\nplace_modifiers: [northern]\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="lower case"):
        load_place_words(good, cues)
    cues.write_text("place_nouns: [city]\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="missing"):
        load_place_words(good, cues)
    cues.write_text("place_nouns: [city]\nplace_modifiers: [northern]\n", encoding="utf-8")
    assert load_place_words(good, cues).never_kind("GAZAN") == "demonym"
