"""The event-pattern language parses as its spec says and rejects malformed patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from casus.events.patterns import (
    EventDictionaryError,
    load_event_dictionary,
    parse_pattern,
)
from casus.ontology import default_ontology
from casus.pipeline import Coder


def parse(text: str) -> object:
    return parse_pattern(text, code="064", kind="verb", rule=text)


def test_object_and_prepositional_slot() -> None:
    p = parse_pattern(
        "share intelligence|information with TARGET", code="064", kind="verb", rule="r"
    )
    (frame,) = p.frames
    assert frame.lemmas == {"share"}
    assert frame.obj == {"intelligence", "information"}
    assert p.slot == "TARGET" and p.slot_preps == {"with"}


def test_particle_then_preposition() -> None:
    p = parse_pattern("clamp down on TARGET", code="175", kind="verb", rule="r")
    assert p.frames[0].particles == ("down",)
    assert p.slot_preps == {"on"}


def test_xcomp_chain_moves_the_slot_to_the_last_verb() -> None:
    p = parse_pattern("refuse to recognize|accept TARGET", code="120", kind="verb", rule="r")
    assert [set(f.lemmas) for f in p.frames] == [{"refuse"}, {"recognize", "accept"}]
    assert p.slot == "TARGET" and not p.slot_preps


def test_to_after_the_slot_is_a_complement_not_a_chain() -> None:
    p = parse_pattern("urge TARGET to withdraw", code="100", kind="verb", rule="r")
    assert len(p.frames) == 1
    (complement,) = p.frames[0].complements
    assert complement.lemmas == {"withdraw"}
    q = parse_pattern("demand TARGET to open market", code="1011", kind="verb", rule="r")
    assert q.frames[0].complements[0].obj == {"market"}


def test_source_slot_and_prep_phrase() -> None:
    p = parse_pattern("receive aid|assistance from SOURCE", code="070", kind="verb", rule="r")
    assert p.slot == "SOURCE" and p.slot_preps == {"from"}
    q = parse_pattern("request TARGET for support|aid", code="020", kind="verb", rule="r")
    assert q.frames[0].phrases[0].preps == {"for"}
    assert q.frames[0].phrases[0].objects == {"support", "aid"}


def test_more_specific_patterns_score_higher() -> None:
    general = parse_pattern("attack TARGET", code="190", kind="verb", rule="r")
    specific = parse_pattern("attack TARGET with missile", code="190", kind="verb", rule="r")
    assert specific.specificity > general.specificity


@pytest.mark.parametrize(
    "bad",
    ["", "TARGET attack", "attack TARGET TARGET", "Attack TARGET", "attack TARGET with <script>"],
)
def test_malformed_patterns_are_rejected(bad: str) -> None:
    with pytest.raises(EventDictionaryError):
        parse(bad)


def test_packaged_dictionary_covers_every_three_digit_code() -> None:
    ontology = default_ontology()
    dictionary = load_event_dictionary(known_codes=ontology.event_types)
    coded = {
        p.code[:3] for ps in (*dictionary.verbs.values(), *dictionary.nouns.values()) for p in ps
    }
    three_digit = {c for c in ontology.event_types if len(c) == 3}
    assert three_digit - coded == set()
    assert dictionary.size >= 3000


def test_unknown_code_in_a_file_is_reported_with_the_file_name(tmp_path: Path) -> None:
    (tmp_path / "root_06.yml").write_text(
        'root: "06"\ncodes:\n  "069":\n    verbs: [share TARGET]\n'
    )
    with pytest.raises(EventDictionaryError, match=r"root_06\.yml.*069"):
        load_event_dictionary(data_dir=tmp_path, known_codes=default_ontology().event_types)


def test_conveying_a_protest_to_a_state_is_an_official_complaint() -> None:
    events = Coder().code("Nepal conveyed a strong protest to China over the new map.")
    assert any(e.cameo == "114" and e.target and e.target.actor.country == "CHN" for e in events)


def test_a_ship_given_to_armed_forces_is_military_aid() -> None:
    events = Coder().code("Australia gave the Fijian navy a new patrol ship on Friday.")
    assert any(e.cameo == "072" for e in events)


def test_an_ambassador_recalled_from_a_post_named_by_to_or_in_leaves_that_country() -> None:
    coder = Coder()
    for text in (
        "Ghana recalled its ambassador to Nigeria after the attacks on traders.",
        "Peru withdrew its envoy in Caracas on Friday.",
    ):
        recalls = [e for e in coder.code(text) if e.cameo == "161"]
        assert recalls and all(e.target for e in recalls), text


def test_a_baton_charge_on_people_is_repression() -> None:
    coder = Coder()
    for text in (
        "Police lathicharged the striking nurses outside the assembly in Lucknow.",
        "Police resorted to a lathi charge to scatter the farmers in Patna on Monday.",
    ):
        assert any(e.cameo == "175" and e.modality == "asserted" for e in coder.code(text)), text


def test_agreeing_to_resume_visits_is_an_intent_to_meet_both_ways() -> None:
    text = "Ghana and Togo agreed on Friday to resume regular visits by their presidents."
    pairs = {
        (e.source.actor.country, e.target.actor.country)
        for e in Coder().code(text)
        if e.cameo.startswith("036") and e.source and e.target
    }
    assert pairs == {("GHA", "TGO"), ("TGO", "GHA")}


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("A mob beat a trader to death in Lucknow on Friday.", "18"),
        ("The United States added three Chinese firms to its trade blacklist.", "16"),
        ("Police confined the opposition leader to his home in Dhaka.", "17"),
        ("The junta condemned the journalist to death in absentia.", "11"),
    ],
)
def test_to_and_a_noun_after_the_slot_is_a_phrase_of_the_verb(
    coder: Coder, text: str, root: str
) -> None:
    events = coder.code(text)
    assert [e for e in events if e.root == root], text
    if root == "11":  # condemned to death: a sentence, not criticism
        assert all(e.cameo.startswith("116") for e in events), text


@pytest.mark.parametrize(
    "text",
    [
        "The senator called the FBI out for its slow response to the plot.",
        "Nigeria's opposition called out the electoral commission over the delays.",
    ],
)
def test_calling_someone_out_is_criticism_not_an_appeal(coder: Coder, text: str) -> None:
    events = coder.code(text)
    assert [e for e in events if e.cameo == "111" and e.target], text
    assert not [e for e in events if e.root == "02"], text


def test_inviting_officials_is_diplomacy_not_international_involvement(coder: Coder) -> None:
    events = coder.code("Qatar invited Hamas and Israeli officials to Doha.")
    assert not [e for e in events if e.cameo.startswith("086")]
    events = coder.code("Syria invited UN investigators to the site of the attack.")
    assert [e for e in events if e.cameo.startswith("086")]
