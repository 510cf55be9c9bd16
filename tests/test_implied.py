"""Implied country: sector-only agents take the country of the story's place."""

from __future__ import annotations

from casus.pipeline import Coder


def test_a_dateline_city_gives_police_their_country(coder: Coder) -> None:
    events = coder.code("baroda: police arrested six men after the clash in the old city.")
    (arrest,) = [e for e in events if e.cameo == "173"]
    assert arrest.source is not None and arrest.source.actor.code == "INDCOP"
    assert any(c.startswith("implied-country") for c in arrest.evidence.conventions)


def test_a_city_in_an_earlier_sentence_gives_the_government_its_country(coder: Coder) -> None:
    events = coder.code(
        "Police in Lahore arrested two men. The government rejected the demands of the "
        "protesters on Friday."
    )
    rejection = [e for e in events if e.root == "12"]
    assert rejection and rejection[0].source is not None
    assert rejection[0].source.actor.code == "PAKGOV"


def test_no_place_leaves_the_sector_alone(coder: Coder) -> None:
    events = coder.code("officers detained four youths after the scuffle.")
    assert any(e.source is not None and e.source.actor.code == "---COP" for e in events)


def _sources(coder: Coder, text: str) -> set[str | None]:
    return {e.source.actor.code if e.source else None for e in coder.code(text)}


def test_a_lower_case_city_after_a_preposition_gives_police_their_country(coder: Coder) -> None:
    assert "PAKCOP" in _sources(coder, "police in multan arrested two traders on friday.")


def test_a_lower_case_province_naming_a_government_gives_its_country(coder: Coder) -> None:
    text = "the sindh government ordered an inquiry into the deaths of two prisoners."
    assert "PAKGOV" in _sources(coder, text)


def test_lower_case_common_words_after_in_are_no_places(coder: Coder) -> None:
    assert _sources(coder, "police in march arrested two traders in custody.") == {"---COP"}


def test_the_city_of_a_reporting_official_places_the_arrest(coder: Coder) -> None:
    text = "Police chief Imran Qadir of Multan said officers had arrested two brothers."
    assert "PAKCOP" in _sources(coder, text)


def _arrest_targets(coder: Coder, text: str) -> list[str | None]:
    return [e.target.actor.code if e.target else None for e in coder.code(text) if e.cameo == "173"]


def test_ordinary_people_arrested_are_no_actor(coder: Coder) -> None:
    assert _arrest_targets(coder, "Police in Multan arrested nine men on Monday.") == [None]
    text = "Police in Multan detained two suspected car thieves on Monday."
    assert _arrest_targets(coder, text) == [None]


def test_arrested_people_of_a_named_nationality_or_role_stay_actors(coder: Coder) -> None:
    assert _arrest_targets(coder, "Police in Multan arrested two Afghan men.") == ["AFGCVL"]
    text = "Police in Multan arrested dozens of protesters on Monday."
    assert _arrest_targets(coder, text) == ["PAKCVL"]


def test_a_lower_case_nickname_of_common_words_is_no_place(coder: Coder) -> None:
    text = "the mayor of multan accused police of beating hawkers in the old town."
    assert "PAKGOV" in _sources(coder, text)


def test_the_outlets_country_code_domain_is_the_last_resort(coder: Coder) -> None:
    from casus.model import Article

    text = "officers detained four youths after the scuffle."
    article = Article(id="a1", text=text, url="https://www.example.co.ke/news/story-1")
    ((_, events),) = list(coder.code_many([article]))
    (arrest,) = [e for e in events if e.cameo == "173"]
    assert arrest.source is not None and arrest.source.actor.code == "KENCOP"
    assert "implied-country:outlet" in arrest.evidence.conventions


def test_a_generic_or_missing_domain_implies_nothing() -> None:
    from casus.actors.implied import outlet_country

    assert outlet_country("https://news.example.pk/a") == "PAK"
    assert outlet_country("https://www.bbc.co.uk/news/x") == "GBR"
    assert outlet_country("https://example.com/a") is None
    assert outlet_country("https://example.tv/a") is None  # a ccTLD used as a brand
    assert outlet_country(None) is None
