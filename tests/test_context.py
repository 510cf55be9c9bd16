"""Places and dates on coded events: sentence first, then the article; our own sentences."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from casus.model import DateDetail, Event, Place
from casus.pipeline import Coder

PUBLISHED = "2016-03-10"  # a Thursday


def first(events: list[Event], root: str) -> Event:
    return next(e for e in events if e.root == root)


def place(event: Event) -> Place:
    assert event.place is not None
    return event.place


def test_country_from_the_sentence(coder: Coder) -> None:
    text = "Russian warplanes kept targeting Daesh in Syria."
    p = place(first(coder.code(text, date=PUBLISHED), "19"))
    assert (p.kind, p.country, p.text) == ("country", "SYR", "Syria")
    assert p.method == "sentence-preposition"
    assert text[p.start : p.end] == "Syria"


def test_city_with_admin1_and_coordinates(coder: Coder) -> None:
    text = "Taliban fighters attacked a police checkpoint in Kunduz."
    p = place(first(coder.code(text, date=PUBLISHED), "19"))
    assert (p.kind, p.name, p.country, p.admin1) == ("city", "Kunduz", "AFG", "Kunduz")
    assert isinstance(p.lat, float) and isinstance(p.lon, float) and p.geonames_id


def test_tripoli_in_lebanon_by_the_actors(coder: Coder) -> None:
    text = "Hezbollah gunmen clashed with Lebanese soldiers in Tripoli."
    p = place(first(coder.code(text, date=PUBLISHED), "19"))
    assert p.name == "Tripoli" and p.country == "LBN"


def test_tripoli_in_libya_by_the_name_beside_it(coder: Coder) -> None:
    text = "Militia fighters shelled an airport in Tripoli, Libya, overnight."
    events = coder.code(text, date=PUBLISHED)
    p = place(first(events, "19"))
    assert (p.name, p.country) == ("Tripoli", "LBY")


def test_region_keeps_its_countries(coder: Coder) -> None:
    text = "Russia deployed more troops to Central Asia."
    p = place(first(coder.code(text, date=PUBLISHED), "15"))
    assert p.kind == "region" and p.country is None
    assert set(p.countries) == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}


def test_border_between_two_countries_is_a_region(coder: Coder) -> None:
    text = "Tajik border guards clashed with smugglers near the Afghan-Tajik border."
    p = place(first(coder.code(text, date=PUBLISHED), "19"))
    assert p.kind == "region" and set(p.countries) == {"AFG", "TJK"}
    assert p.text.startswith("Afghan")


def test_article_context_when_the_sentence_names_no_place(coder: Coder) -> None:
    text = (
        "Protesters gathered in Bamako and in Kayes on Monday. "
        "Police arrested the opposition leader on Wednesday."
    )
    events = [e for e in coder.code(text, date=PUBLISHED) if e.sentence_index == 1]
    p = place(first(events, "17"))
    assert (p.kind, p.country, p.text) == ("country", "MLI", None)
    assert p.method == "article-context"


def test_weekday_is_the_last_one_on_or_before_publication(coder: Coder) -> None:
    events = coder.code("Rebels attacked an army convoy in Kunduz on Friday.", date=PUBLISHED)
    event = first(events, "19")
    assert event.date == "2016-03-04" and event.date_detail is not None
    assert event.date_detail.precision == "day" and event.date_detail.text == "on Friday"


def test_last_month(coder: Coder) -> None:
    event = first(coder.code("Kenya and Somalia signed a pact last month.", date=PUBLISHED), "05")
    assert event.date == "2016-02-01"
    assert event.date_detail is not None and event.date_detail.precision == "month"


def test_till_2005_is_historical(coder: Coder) -> None:
    text = "Russian troops were deployed in Tajikistan till 2005."
    event = first(coder.code(text, date=PUBLISHED), "15")
    assert event.date == "2005-01-01" and event.date_detail is not None
    assert event.date_detail.historical is True and event.date_detail.precision == "year"


def test_a_date_describing_the_doer_does_not_date_the_act(coder: Coder) -> None:
    # The year belongs to the subject's description, not to what the subject did.
    text = "Peru's president, the winner of the 2011 election, condemned Chile on Monday."
    event = first(coder.code(text, date=PUBLISHED), "11")
    assert event.date == "2016-03-07" and event.date_detail is not None
    assert event.date_detail.historical is False
    text = "Ecuador's foreign minister, elected in 2009, praised Bolivia."
    event = first(coder.code(text, date=PUBLISHED), "05")
    assert event.date == PUBLISHED


def test_article_date_when_the_sentence_has_none(coder: Coder) -> None:
    event = first(coder.code("Mali expelled the French ambassador.", date=PUBLISHED), "16")
    assert event.date == PUBLISHED and event.date_detail is not None
    assert event.date_detail.method == "article-date" and event.date_detail.text is None


def test_no_article_date_means_no_date(coder: Coder) -> None:
    event = first(coder.code("Mali expelled the French ambassador on Tuesday."), "16")
    assert event.date is None and event.date_detail is None


def test_the_doers_city_name_is_not_the_place(coder: Coder) -> None:
    event = first(coder.code("Moscow expelled two Polish diplomats.", date=PUBLISHED), "16")
    p = place(event)
    assert p.text is None and p.method == "actor-country"


# -- places that are places (issue 10, item 6) --------------------------------------------


def test_upper_case_dateline_is_the_fallback_place(coder: Coder) -> None:
    text = "TRIPOLI, Lebanon — Gunmen opened fire on a funeral procession, killing two mourners."
    p = place(coder.code(text, date=PUBLISHED)[0])
    assert (p.name, p.country, p.kind) == ("Tripoli", "LBN", "city")
    assert p.method.startswith("dateline") and p.text == "TRIPOLI"
    assert text[p.start : p.end] == "TRIPOLI"


def test_dateline_with_agency_and_date(coder: Coder) -> None:
    text = "KHARTOUM, April 15 (Reuters) - Paramilitary forces clashed with the army."
    p = place(coder.code(text, date=PUBLISHED)[0])
    assert (p.name, p.country) == ("Khartoum", "SDN") and p.method == "dateline"


def test_lower_case_dateline_and_an_old_city_name(coder: Coder) -> None:
    text = "baroda: the police arrested 12 people after two groups clashed near a temple."
    p = place(coder.code(text, date=PUBLISHED)[0])
    assert (p.name, p.country) == ("Vadodara", "IND")


def test_a_place_in_the_sentence_beats_the_dateline(coder: Coder) -> None:
    text = "KABUL (Reuters) - Taliban fighters attacked an army base in Kunduz on Monday."
    p = place(first(coder.code(text, date=PUBLISHED), "19"))
    assert p.name == "Kunduz" and p.method == "sentence-preposition"


def test_a_comma_qualifier_is_not_the_place(coder: Coder) -> None:
    text = "Police in Birmingham, Alabama, arrested six protesters."
    p = place(coder.code(text, date=PUBLISHED)[0])
    assert (p.name, p.country, p.text) == ("Birmingham", "USA", "Birmingham")
    text = "Protesters clashed with police in Hyderabad, Sindh, on Friday."
    p = place(coder.code(text, date=PUBLISHED)[0])
    assert (p.name, p.country) == ("Hyderabad", "PAK")


def _text_places(events: list[Event]) -> list[str | None]:
    return [e.place.text for e in events if e.place is not None]


def test_never_a_place(coder: Coder) -> None:
    for text in (
        "Israeli troops shot dead two Gazan fishermen, the health ministry said.",  # Jizan
        "Senator Warren criticized the Treasury's handling of the bank bailout.",  # a US town
        "Elizabeth Warren criticized Senate Republicans over the budget deal.",
        "Police chief Ali said officers arrested four suspects.",  # a town in India
        "The New York Times sued the Pentagon over access to records.",
        "The PA accused Israeli settlers of attacking Palestinian farmers.",  # Pa, Burkina Faso
        "The World Bank pledged US$2 billion in aid to Pakistan.",
        "Khartoum accused Cairo of backing the rebels.",  # a capital named as the target
    ):
        events = coder.code(text, date=PUBLISHED)
        assert not any(_text_places(events)), (text, _text_places(events))


def test_a_name_read_as_a_persons_stays_a_persons(coder: Coder) -> None:
    text = (
        "Senator Warren criticized the Treasury on Monday. "
        "The plan was attacked by Warren and two other senators."
    )
    events = coder.code(text, date=PUBLISHED)
    assert "Warren" not in _text_places(events)


def test_place_gold_floors(coder: Coder) -> None:
    """Our place gold (tests/gold/places_gold.jsonl, benchmarks/eval_places.py): the
    issue's floors, place accuracy >= 0.90 and no place from a never-a-place word."""
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "eval_places.py"
    spec = importlib.util.spec_from_file_location("eval_places", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_places"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    records = module.read_gold()
    scores = module.score(coder, records)
    assert len(records) >= 150
    assert scores.scored >= 0.85 * len(records)  # most records code an event
    assert scores.place_accuracy >= 0.90, scores.errors
    assert scores.never_a_place == 0, scores.errors


def test_place_and_date_detail_round_trip_through_their_dicts(coder: Coder) -> None:
    """The stored `place` and `date_detail` objects read back into the same records, and
    their keys keep the schema's order (the JSON output is byte-compared)."""
    text = "KABUL (Reuters) - Taliban fighters attacked police in Kunduz on Friday."
    events = coder.code(text, date=PUBLISHED)
    assert events
    for event in events:
        assert event.place is not None and event.date_detail is not None
        d = event.place.to_dict()
        assert list(d) == [
            "text", "start", "end", "name", "kind", "country", "countries", "admin1", "lat",
            "lon", "geonames_id", "method",
        ]  # fmt: skip
        assert Place.from_dict(json.loads(json.dumps(d))) == event.place
        detail = event.date_detail.to_dict()
        assert list(detail) == ["text", "start", "end", "precision", "historical", "method"]
        assert DateDetail.from_dict(json.loads(json.dumps(detail))) == event.date_detail
        assert event.to_dict()["place"] == d and event.to_dict()["date_detail"] == detail


def test_a_past_act_told_right_after_a_dated_past_one_keeps_that_time(coder: Coder) -> None:
    text = (
        "In 1998, the Malian army seized the northern town of Gao. "
        "Soldiers arrested dozens of local officials and closed the market."
    )
    (event,) = [e for e in coder.code(text, date="2024-05-01") if e.cameo.startswith("173")]
    assert event.date_detail is not None and event.date_detail.historical is True
    assert event.date is not None and event.date.startswith("1998")


def test_the_narrative_time_ends_at_a_new_date_or_the_present(coder: Coder) -> None:
    text = (
        "In 1998, the Malian army seized the northern town of Gao. "
        "On Monday, soldiers arrested dozens of local officials."
    )
    (event,) = [e for e in coder.code(text, date="2024-05-01") if e.cameo.startswith("173")]
    assert event.date_detail is not None and event.date_detail.historical is False
    text = (
        "In 1998, the Malian army seized the northern town of Gao. "
        "Soldiers are arresting dozens of local officials."
    )
    events = [e for e in coder.code(text, date="2024-05-01") if e.cameo.startswith("173")]
    assert all(e.date_detail is None or not e.date_detail.historical for e in events)


def test_the_narrative_time_ends_with_its_paragraph(coder: Coder) -> None:
    text = (
        "In 1998, the Malian army seized the northern town of Gao.\n\n"
        "Soldiers arrested dozens of local officials and closed the market."
    )
    (event,) = [e for e in coder.code(text, date="2024-05-01") if e.cameo.startswith("173")]
    assert event.date_detail is not None and event.date_detail.historical is False
