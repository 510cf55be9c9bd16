"""Behaviour of the coder on sentences written for these tests."""

from __future__ import annotations

from casus.model import Event
from casus.pipeline import Coder


def triples(events: list[Event]) -> set[tuple[str | None, str | None, str]]:
    return {
        (
            e.source.actor.code if e.source else None,
            e.target.actor.code if e.target else None,
            e.root,
        )
        for e in events
    }


def only(events: list[Event], root: str) -> list[Event]:
    return [e for e in events if e.root == root]


def test_plain_attack_gives_source_target_and_root(coder: Coder) -> None:
    events = coder.code("Ethiopian troops attacked Eritrean positions near the border on Monday.")
    assert ("ETHMIL", "ERI", "19") in triples(events) or ("ETHMIL", "ERIMIL", "19") in triples(
        events
    )


def test_passive_swaps_roles(coder: Coder) -> None:
    events = coder.code("A Kenyan army convoy was attacked by al-Shabaab militants in Lamu.")
    (event,) = only(events, "19")
    assert event.source is not None and event.source.actor.code.startswith("SOMINS")
    assert event.target is not None and event.target.actor.code.startswith("KEN")


def test_coordinated_sources_give_one_event_per_pair_with_a_shared_group(coder: Coder) -> None:
    events = only(coder.code("France and Germany condemned the Syrian government."), "11")
    assert {(e.source.actor.code if e.source else None) for e in events} == {"FRA", "DEU"}
    assert len({e.group for e in events}) == 1


def test_aliases_of_one_group_resolve_to_one_actor(coder: Coder) -> None:
    codes = set()
    for name in ("Islamic State", "ISIS", "ISIL", "Daesh", "IS"):
        events = coder.code(f"Iraqi forces attacked {name} fighters near Mosul.")
        codes |= {e.target.actor.code for e in only(events, "19") if e.target}
    assert codes == {"IMGISI"}


def test_capital_metonymy(coder: Coder) -> None:
    events = coder.code("Beijing accused Washington of interfering in its internal affairs.")
    assert ("CHN", "USA", "11") in triples(events)


def test_reported_speech_keeps_the_speaker_as_attribution(coder: Coder) -> None:
    text = (
        "Turkey's foreign minister said that Syrian government forces had shelled "
        "Kurdish villages near the border."
    )
    (event,) = only(coder.code(text), "19")
    assert event.modality == "reported"
    assert event.attribution is not None and event.attribution.actor.code == "TURGOV"
    assert event.source is not None and event.source.actor.code == "SYRMIL"


def test_modalities(coder: Coder) -> None:
    cases = {
        "Norway should send humanitarian aid to Yemen.": "recommended",
        "Japan will send humanitarian aid to Yemen.": "future",
        "Japan did not send humanitarian aid to Yemen.": "negated",
        "Japan would send humanitarian aid to Yemen if asked.": "hypothetical",
        "Will Japan send humanitarian aid to Yemen?": "question",
        "Japan sent humanitarian aid to Yemen.": "asserted",
    }
    for text, modality in cases.items():
        events = only(coder.code(text), "07")
        assert [e.modality for e in events] == [modality], text


def test_refused_to_recognize_is_a_rejection_not_a_recognition(coder: Coder) -> None:
    events = coder.code("Somali insurgents refused to recognize the new federal government.")
    assert only(events, "12") and not only(events, "05")


def test_document_memory_resolves_surname_and_pronoun_country(coder: Coder) -> None:
    text = (
        "Egypt's envoy to the talks, Karim Mansour, met Sudanese army leaders in Cairo on Sunday. "
        "Mansour later said his country would send food aid to Sudan."
    )
    events = coder.code(text)
    # "said his country would send aid" is Egypt's announced intent (0333), not aid sent.
    (aid,) = [e for e in events if e.cameo == "0333"]
    assert aid.source is not None and aid.source.actor.country == "EGY"
    assert aid.target is not None and aid.target.actor.code == "SDN"


def test_evidence_spans_point_into_the_text(coder: Coder) -> None:
    text = "Police in Nairobi arrested three opposition leaders on Friday."
    for event in coder.code(text):
        assert text[event.evidence.start : event.evidence.end] == event.evidence.trigger
        for ref in (event.source, event.target):
            if ref is not None:
                assert text[ref.start : ref.end] == ref.text


def test_same_input_same_output(coder: Coder) -> None:
    text = "Russian jets bombed rebel-held towns while Turkey urged Moscow to halt the offensive."
    first = [e.to_dict() for e in coder.code(text, doc_id="a")]
    second = [e.to_dict() for e in coder.code(text, doc_id="a")]
    assert first == second


def test_no_event_in_sports_and_weather(coder: Coder) -> None:
    text = "Brazil beat Argentina 2-1 in Rio. Heavy rain is expected across the region on Sunday."
    assert [e.cameo for e in coder.code(text) if e.root not in {"01"}] == []


def test_event_dict_follows_the_schema(coder: Coder) -> None:
    (event, *_) = coder.code("Iran condemned the Israeli airstrike on Damascus.", date="2024-04-02")
    d = event.to_dict()
    assert set(d) >= {
        "doc_id", "sentence_index", "sentence", "source", "target", "cameo", "root",
        "cameo_name", "goldstein", "quad_class", "plover", "modality", "attribution",
        "place", "date", "evidence", "confidence",
    }  # fmt: skip
    assert d["root"] == d["cameo"][:2] and 1 <= d["quad_class"] <= 4
    assert 0 <= d["confidence"] <= 1 and set(d["plover"]) == {"event", "mode"}
