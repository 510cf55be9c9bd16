"""Behaviour of the coder on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.tokens import Doc

from casus.model import FACTUAL_MODALITIES, Event
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
    # Positions are the armed forces that hold them.
    assert ("ETHMIL", "ERIMIL", "19") in triples(events)


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
        "It is unclear whether Japan sent humanitarian aid to Yemen.": "question",
        "Reporters wondered whether Japan sent humanitarian aid to Yemen.": "question",
    }
    for text, modality in cases.items():
        events = only(coder.code(text), "07")
        assert [e.modality for e in events] == [modality], text


def test_an_act_in_a_purpose_clause_has_not_happened(coder: Coder) -> None:
    # "moved north to attack ...": the attack is the aim of the move, not a reported act.
    for text in (
        "Ethiopian troops moved north to attack Eritrean positions.",
        "Chad deployed soldiers in order to fight Boko Haram in the lake region.",
    ):
        attacks = only(coder.code(text), "19")
        assert attacks and all(e.modality != "asserted" for e in attacks), text


def test_an_act_a_chance_is_for_has_not_happened(coder: Coder) -> None:
    # "a chance to", "an opportunity to": the act is possible, not done ...
    for text, root in (
        (
            "Western diplomats hoped the summit would be a chance to persuade Iran to release "
            "the detained sailors.",
            "08",
        ),
        ("The ceasefire is a chance for Armenia to withdraw its troops from the villages.", "08"),
    ):
        acts = only(coder.code(text), root)
        assert all(e.modality == "hypothetical" for e in acts), text
    # ... unless the chance was taken.
    events = coder.code("Ghana's president took the opportunity to criticise Togo over it.")
    assert [e for e in only(events, "11") if e.modality == "asserted"]


def test_an_act_told_as_the_content_of_a_fear_is_a_possibility(coder: Coder) -> None:
    for text in (
        "There are growing fears that Ethiopia will close its border with Eritrea.",
        "The bombing raised fears that Burkinabe militants had attacked a village in Benin.",
    ):
        events = [e for e in coder.code(text) if e.root in {"19", "18"}]
        assert events and all(e.modality == "hypothetical" for e in events), text


def test_a_headline_infinitive_is_what_will_be_done(coder: Coder) -> None:
    events = coder.code("Seoul to send envoy to Tokyo as trade row deepens")
    assert events and all(e.modality == "future" or e.root == "03" for e in events)


def test_an_act_a_work_depicts_is_no_event(coder: Coder) -> None:
    # What a film, book or play shows is its story, not an act of the day.
    for text in (
        "The film, which depicts a Soviet invasion of Finland, opened in Helsinki on Friday.",
        "Her new novel portrays Argentine soldiers torturing prisoners in Buenos Aires.",
    ):
        assert not [
            e for e in coder.code(text) if e.date_detail is None or not e.date_detail.historical
        ], text


def test_a_bare_count_of_people_is_the_places_civilians(coder: Coder) -> None:
    # "Thousands marched": a count with no "of" phrase counts people, the place's people.
    events = coder.code("Thousands marched in Belgrade against the government on Saturday.")
    assert [e for e in events if e.root == "14" and e.source and e.source.actor.code == "SRBCVL"]
    events = coder.code("Hundreds protested outside the parliament in Tbilisi.")
    assert [e for e in events if e.root == "14" and e.source and e.source.actor.country == "GEO"]


def test_naming_an_act_or_actor_with_a_pejorative_is_criticism(coder: Coder) -> None:
    for text in (
        "The Estonian prime minister called Moscow's decision a dangerous provocation.",
        "Bolivia's president called the Chilean government illegitimate on Monday.",
        "The Ghanaian government described Togo's border closure as unacceptable.",
    ):
        assert only(coder.code(text), "11"), text
    # A neutral or favourable name is no criticism.
    events = coder.code("The Estonian prime minister called Finland's decision a wise step.")
    assert not only(events, "11")


def test_questioning_an_actors_legitimacy_is_criticism_not_an_inquiry(coder: Coder) -> None:
    events = coder.code("Bolivia's president questioned the legitimacy of the Chilean government.")
    assert only(events, "11") and not only(events, "09")
    events = coder.code("Kenyan police questioned three Somali nationals in Garissa.")
    assert only(events, "09")


def test_what_a_speaker_calls_an_act_is_the_object_condemned(coder: Coder) -> None:
    for text, code in (
        ("Ghana condemned what it called Togo's reckless closure of the border.", "TGO"),
        ("Turkey denounced what it described as an attack by Greek warships.", "GRC"),
    ):
        events = only(coder.code(text), "11")
        assert events and all(e.target and e.target.actor.country == code for e in events), text


def test_an_act_done_without_is_not_done(coder: Coder) -> None:
    events = coder.code(
        "Thai and Cambodian officials ended two days of talks in Bangkok without agreeing on "
        "a ceasefire."
    )
    agreed = [e for e in events if e.evidence.trigger == "agreeing"]
    assert agreed and all(e.modality == "negated" for e in agreed)


def test_supplying_patrol_vessels_is_military_aid(coder: Coder) -> None:
    events = coder.code("Japan will supply the Philippines with five patrol vessels.")
    assert [e for e in events if e.cameo in {"072", "0332"}]


def test_a_statement_calling_an_actor_a_pejorative_is_criticism(coder: Coder) -> None:
    for text, target in (
        (
            "The Bolivian foreign minister said Chile was acting as a puppet of foreign mining "
            "companies.",
            "CHL",
        ),
        (
            "Iran's foreign ministry said the Israeli government was a threat to regional peace.",
            "ISR",
        ),
    ):
        events = only(coder.code(text), "11")
        assert events and all(e.target and e.target.actor.country == target for e in events), text
    # Praise or a neutral description stays a statement.
    assert not only(coder.code("The Bolivian minister said Chile was a good neighbour."), "11")


def test_force_with_no_doer_on_a_named_place_targets_its_country(coder: Coder) -> None:
    for text, country in (
        ("Shelling hit the outskirts of Kharkiv overnight.", "UKR"),
        ("Rocket fire hit the centre of Aleppo on Sunday.", "SYR"),
    ):
        events = [e for e in coder.code(text) if e.root in {"18", "19"}]
        assert events and all(e.target and e.target.actor.country == country for e in events), text


def test_a_vehicle_that_hits_a_mine_underwent_it(coder: Coder) -> None:
    events = coder.code("A Nigerien army truck hit a landmine near Diffa on Monday.")
    assert not [e for e in events if e.source and e.source.actor.country == "NER"]
    assert [e for e in events if e.target and e.target.actor.country == "NER"]


def test_police_firing_on_a_crowd_is_repression_unless_deadly(coder: Coder) -> None:
    for text in (
        "Bangladeshi police opened fire on the mob in Dhaka on Monday.",
        "Police fired 12 rounds in the air near the market in Kano.",
    ):
        assert [e for e in coder.code(text) if e.cameo == "175"], text
    events = coder.code("Nigerian police shot dead two villagers near Jos on Monday.")
    assert not [e for e in events if e.cameo == "175"]
    events = coder.code("Armenian and Azerbaijani border guards exchanged fire overnight.")
    assert not [e for e in events if e.cameo == "175"]


def test_people_counted_by_a_bare_number_are_arrested(coder: Coder) -> None:
    for text in (
        "the four were arrested in nakuru on tuesday in connection with the attack.",
        "over 80 opposition workers were taken into custody in mombasa on wednesday.",
    ):
        arrests = [e for e in coder.code(text) if e.root == "17"]
        assert arrests, text
        # who was taken is no doer of the taking
        assert not [e for e in arrests if e.source and e.source.actor.sector == "OPP"], text


def test_the_condition_of_an_offer_is_no_intent_of_its_subject(coder: Coder) -> None:
    events = coder.code(
        "If Belgrade recognises Kosovo, the EU would open accession talks, diplomats said."
    )
    assert not [
        e
        for e in events
        if e.source and e.source.actor.country == "SRB" and e.modality == "asserted"
    ]


def test_a_wave_of_missiles_is_missiles(coder: Coder) -> None:
    for text in (
        "Russia launched a wave of missiles at Ukrainian cities overnight.",
        "Israel carried out a series of airstrikes on Gaza on Tuesday.",
        "Russian forces fired a barrage of rockets at Kharkiv.",
    ):
        assert [e for e in coder.code(text) if e.root in {"18", "19"}], text


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


# Regression tests for the role and code fixes of 2026-12-03, each named after what broke.


def test_main_verb_misparsed_as_acl_of_the_subject_keeps_its_source(coder: Coder) -> None:
    events = only(
        coder.code("The Kenyan foreign minister called on Uganda to reopen the border."), "02"
    )
    assert ("KENGOV", "UGA", "02") in triples(events)


def test_agent_hung_on_the_object_of_an_event_noun_is_the_source(coder: Coder) -> None:
    events = coder.code(
        "The detention of the opposition leader by Belarusian police sparked protests."
    )
    assert ("BLRCOP", "BLROPP", "17") in triples(events)


def test_office_of_a_place_belongs_to_that_country(coder: Coder) -> None:
    events = coder.code("The governor of Kandahar was assassinated by Taliban fighters.")
    assert {(s, t) for s, t, _ in triples(events)} == {("AFGINSTAL", "AFGGOV")}


def test_coordinated_parties_exchanging_fire_target_each_other(coder: Coder) -> None:
    events = only(
        coder.code("Indian and Chinese troops exchanged artillery fire along the border."), "19"
    )
    assert {(s, t) for s, t, _ in triples(events)} == {("INDMIL", "CHNMIL"), ("CHNMIL", "INDMIL")}


def test_talks_between_two_parties_go_both_ways(coder: Coder) -> None:
    events = coder.code("Talks between Sudanese and Ethiopian negotiators resumed on Monday.")
    assert {(s, t) for s, t, _ in triples(events)} == {("SDNGOV", "ETHGOV"), ("ETHGOV", "SDNGOV")}


def test_protest_against_a_law_is_a_protest_for_policy_change(coder: Coder) -> None:
    (event,) = coder.code("Thousands of Serbians marched in Belgrade against the new mining law.")
    assert event.cameo == "1412"


def test_accusation_of_war_crimes_takes_its_subcode(coder: Coder) -> None:
    (event,) = coder.code("Kosovo accused Serbian forces of war crimes.")
    assert event.cameo == "1124"


def test_toll_of_an_attack_is_not_a_second_attack(coder: Coder) -> None:
    events = coder.code("Al-Shabaab fighters stormed a hotel in Mogadishu, killing 12 guests.")
    assert len(only(events, "19")) == 1


def test_weapon_as_subject_is_the_means_not_a_second_event(coder: Coder) -> None:
    events = coder.code("A Taliban roadside bomb hit a police patrol in Kandahar.")
    assert [e.cameo for e in events] == ["1833"]


def test_figurative_fight_is_not_a_military_event(coder: Coder) -> None:
    events = coder.code("The central bank promised to fight inflation with higher rates.")
    assert not [e for e in events if e.root in {"18", "19", "20"}]


def test_chain_object_names_the_target(coder: Coder) -> None:
    events = coder.code("Niger ordered French soldiers to leave the country.")
    assert ("NER", "FRAMIL", "16") in triples(events)


def test_group_initials_read_as_a_verb_still_name_the_fighters(coder: Coder) -> None:
    (event,) = coder.code("IS militants attacked a checkpoint near Raqqa.")
    assert event.source is not None and event.source.actor.code == "IMGISI"


def test_passive_agent_hung_on_a_nearby_noun(coder: Coder) -> None:
    (event,) = coder.code("Food was delivered to refugees in Chad by the World Food Programme.")
    assert (event.source.actor.code if event.source else None) == "IGOWFP"


def test_the_coup_in_a_country_is_its_military(coder: Coder) -> None:
    events = coder.code("The African Union condemned the coup in Niger.")
    assert ("IGOAFU", "NERMIL", "11") in triples(events)


def test_target_phrase_on_the_object_beats_a_reason_on_the_verb(coder: Coder) -> None:
    events = coder.code(
        "Washington imposed sanctions on Russian officials over the poisoning of a dissident."
    )
    assert ("USA", "RUSGOV", "16") in triples(events)


def test_means_modifier_does_not_hide_the_aimed_target(coder: Coder) -> None:
    events = coder.code(
        "Moscow launched a new wave of drone strikes against Ukrainian power plants."
    )
    assert ("RUS", "UKR", "19") in triples(events)


def test_phrase_on_an_objectless_particle_fills_the_slot(coder: Coder) -> None:
    events = coder.code("Serbian negotiators threatened to walk out of the talks with Kosovo.")
    assert [(e.cameo, e.target.actor.code if e.target else None) for e in events] == [
        ("134", "XKX")
    ]


def test_passive_relative_clause_does_not_make_the_victim_the_doer(coder: Coder) -> None:
    events = coder.code("Sudan freed three Kenyan engineers who had been held in Khartoum.")
    assert {e.source.actor.code for e in events if e.source} == {"SDN"}


def test_a_non_actor_agent_leaves_no_event_with_an_unknown_doer(coder: Coder) -> None:
    events = coder.code("The Ethiopian envoy said he was encouraged by the progress of the talks.")
    assert all(e.source is not None for e in events)


def test_territory_taken_from_someone_names_the_loser(coder: Coder) -> None:
    events = coder.code("Syrian government forces recaptured the town from Turkish-backed rebels.")
    assert ("SYRMIL", "SYRREB", "19") in triples(events)


def test_a_protest_place_is_not_its_target(coder: Coder) -> None:
    (event,) = coder.code("Thousands of Chileans demonstrated in Santiago on Sunday.")
    assert event.target is None


def test_coordinated_party_parsed_as_a_modifier_is_still_a_party(coder: Coder) -> None:
    events = coder.code("The Sudanese government and Darfur rebels signed a ceasefire in Doha.")
    assert {(s, t) for s, t, _ in triples(events)} == {("SDNGOV", "SDNREB"), ("SDNREB", "SDNGOV")}


def test_parties_named_together_share_a_country(coder: Coder) -> None:
    events = coder.code("Envoys of the Libyan government and Tebu militias held talks in Niamey.")
    assert ("LBYGOV", "LBYREB", "04") in triples(events)


def test_reaction_to_an_act_targets_its_possessor(coder: Coder) -> None:
    events = coder.code("Paris welcomed Tehran's release of two French nationals.")
    assert ("FRA", "IRN", "05") in triples(events)


def test_a_warned_forecast_is_a_comment_and_a_warned_arrest_a_threat(coder: Coder) -> None:
    (forecast,) = coder.code(
        "Italy's finance minister warned that the banking crisis in the EU would worsen."
    )
    assert forecast.root == "01"
    # A forecast that names no actor and no policy is no event at all (warning-is-forecast).
    assert not coder.code("Italy's finance minister warned that the banking crisis would worsen.")
    threat = coder.code(
        "Police will detain anyone who joins the rally, Belarus's interior minister warned."
    )
    assert any(e.root == "13" for e in threat)


def test_a_bare_participle_clause_is_passive(coder: Coder) -> None:
    events = coder.code("Hamas's political office declined to comment when contacted by reporters.")
    assert not [e for e in events if e.root == "04"]


def test_a_list_endorsing_a_statement_is_not_a_web_of_dyads(coder: Coder) -> None:
    events = coder.code(
        "The statement was also endorsed by Norway, Chile, Ghana and the Philippines."
    )
    assert not [e for e in events if e.source is not None and e.target is not None]


def test_a_weapon_without_a_named_owner_takes_no_country_from_context(coder: Coder) -> None:
    text = (
        "American and British warships patrolled the Red Sea on Monday. "
        "Later, a Greek-owned tanker was struck by an anti-ship missile."
    )
    events = [e for e in coder.code(text) if e.sentence_index == 1]
    assert all(e.source is None for e in events)


def test_an_act_noun_as_subject_does_not_make_its_target_the_doer(coder: Coder) -> None:
    events = coder.code("A mortar attack on the Turkish outpost near Afrin wounded four guards.")
    assert events
    assert all(not (e.source and e.source.actor.code.startswith("TUR")) for e in events)
    strike = coder.code("A Kenyan air strike killed six militants near the Somali border.")
    assert any(e.source and e.source.actor.code.startswith("KEN") for e in strike)


def test_committed_to_doing_is_an_intent_of_the_one_committed(coder: Coder) -> None:
    events = coder.code("Ghana is committed to opening its ports to Burkinabe traders.")
    assert any(
        e.root == "03" and e.source and e.source.actor.code.startswith("GHA") for e in events
    )


def test_a_passive_raising_verb_keeps_the_patient_out_of_the_doer_slot(coder: Coder) -> None:
    events = coder.code("Two men are reported to have been wounded in police firing in Kano.")
    assert all(not (e.source and e.source.actor.sector == "CVL") for e in events)


def test_a_headline_in_capitals_is_coded_as_in_ordinary_case(coder: Coder) -> None:
    for headline, expected in (
        ("PERU RECALLS ENVOY FROM MEXICO", ("PER", "MEX", "16")),
        ("NATO WARNS BELARUS OVER TROOP BUILD-UP", ("IGONAT", "BLR", "13")),
    ):
        text = f"Lima, May 4.\n{headline}\nOfficials gave no details."
        (event,) = [e for e in coder.code(text) if e.root == expected[2]]
        assert triples([event]) == {expected}
        # What the event quotes is the user's text, in capitals, at its own offsets.
        assert event.sentence.strip() == headline
        trigger = event.evidence.trigger
        assert trigger.isupper() and text[event.evidence.start : event.evidence.end] == trigger


def test_a_headline_in_title_case_is_coded_as_in_ordinary_case(coder: Coder) -> None:
    for headline, expected in (
        ("Ghana Recalls Its Ambassador From Nigeria Over Border Row", ("GHA", "NGA", "16")),
        ("Hungary Rejects European Commission Plan on Asylum Quotas", ("HUN", "IGOEUC", "12")),
        ("Pakistan Condemns Indian Drone Strike Near Kashmir Border", ("PAK", "IND", "11")),
    ):
        text = f"Accra, May 4.\n{headline}\nOfficials gave no details."
        (event,) = [e for e in coder.code(text) if e.root == expected[2]]
        assert triples([event]) == {expected}
        assert event.sentence.strip() == headline
        assert text[event.evidence.start : event.evidence.end] == event.evidence.trigger


def test_a_title_case_line_that_reports_no_act_codes_nothing(coder: Coder) -> None:
    for headline in (
        "Ten Quiet Beaches to Visit Before the Summer Crowds Arrive",
        "Most Read Stories From Our Politics Desk This Week",
    ):
        assert coder.code(f"{headline}\nThe list follows.") == []


def test_ordinary_text_is_parsed_once_and_as_it_is(coder: Coder) -> None:
    text = "Peru recalled its ambassador to Mexico. NATO and the EU said nothing."
    doc = coder.parse(text)
    assert doc.text == text and [t.text for t in doc] == [t.text for t in coder.nlp(text)]
    assert doc[1].pos_ == "VERB"


def test_an_acronym_in_a_headline_in_capitals_is_a_name_unless_it_is_a_pronoun(
    coder: Coder,
) -> None:
    events = only(coder.code("UN CONDEMNS AIRSTRIKE ON YEMEN HOSPITAL"), "11")
    assert {e.source.actor.code for e in events if e.source} == {"IGOUNO"}
    events = coder.code("US ACCUSES IRAN OF ARMING MILITIAS")
    assert ("USA", "IRN", "11") in triples(events)
    events = coder.code("GUNMEN TELL US TO LEAVE THE VILLAGE")
    assert all(not (e.target and e.target.actor.code == "USA") for e in events)


def test_the_reason_for_a_passive_arrest_is_the_arrested_persons_act(coder: Coder) -> None:
    # "was arrested by police for insulting X": the one arrested insulted X, not the police.
    text = "The Zambian opposition leader was arrested by police for insulting the president."
    insults = only(coder.code(text), "11")
    assert insults and all(e.source and e.source.actor.code == "ZMBOPP" for e in insults)


def test_a_means_gerund_is_the_doers_act(coder: Coder) -> None:
    events = coder.code("Kenyan police dispersed the crowd by firing tear gas.")
    assert all(e.source and e.source.actor.code == "KENCOP" for e in only(events, "17"))


def test_an_infinitive_wanted_of_someone_has_not_happened(coder: Coder) -> None:
    # "want X to do Y": the parser may read the infinitive as a clausal complement; the
    # wanting still governs its mood.
    events = coder.code("Kenyan voters want parliament to impeach the governor.")
    assert events and all(e.modality != "asserted" for e in events if e.root == "17")


def test_an_act_noun_talked_about_is_not_the_speakers_act(coder: Coder) -> None:
    # Mentioning, discussing or reporting an investigation does not make it yours.
    events = coder.code("The Kenyan minister referred to investigations into Somali banks.")
    assert not [
        e for e in events if e.root == "09" and e.source and e.source.actor.code[:3] == "KEN"
    ]
    events = coder.code("Ghana's president discussed the attack on the Malian base.")
    assert not [
        e for e in events if e.root == "19" and e.source and e.source.actor.code[:3] == "GHA"
    ]


def test_an_act_noun_taken_up_is_the_doers_act(coder: Coder) -> None:
    events = coder.code("Kenya launched an investigation into Somali banks.")
    assert [e for e in events if e.root == "09" and e.source and e.source.actor.code == "KEN"]


def test_one_act_told_twice_in_a_sentence_is_one_event(coder: Coder) -> None:
    # A statement and the speech it was made in, an accusation repeated with a detail: the
    # same dyad and act family once, at the most specific code the sentence gives.
    speech = coder.code(
        '"We will not accept threats," the Chilean defence minister said in a speech to '
        "the Argentine Congress."
    )
    assert [e.cameo for e in only(speech, "01")] == ["012"]
    twice = coder.code(
        "Ghana's foreign minister accused Togo of arming the smugglers and accused it of "
        "hiding them."
    )
    assert [(e.source and e.source.actor.code, e.cameo) for e in only(twice, "11")] == [
        ("GHAGOV", "1123")
    ]


def test_different_dyads_of_one_act_stay_separate_events(coder: Coder) -> None:
    events = coder.code("Ghana's foreign minister accused Togo and Benin of arming the smugglers.")
    assert {e.target.actor.code for e in only(events, "11") if e.target} == {"TGO", "BEN"}


def test_a_conjunct_with_its_own_auxiliary_keeps_its_own_mood(coder: Coder) -> None:
    events = coder.code(
        "Ecuador did not deny the report but is demanding that Peru withdraw its troops."
    )
    assert {e.modality for e in only(events, "10")} == {"asserted"}


def test_a_coordinate_act_is_no_governor_of_the_next(coder: Coder) -> None:
    events = coder.code(
        "Zambia will free the prisoners, halt the raids and cooperate with Malawi's police."
    )
    cooperation = [e for e in events if e.root in {"03", "05", "06"}]
    assert cooperation and {e.modality for e in cooperation} <= {"future", "asserted"}


def test_negation_still_covers_acts_sharing_the_auxiliary(coder: Coder) -> None:
    events = coder.code("Kenyan troops did not attack or shell the Somali border posts.")
    assert only(events, "19") and {e.modality for e in only(events, "19")} == {"negated"}


def test_an_act_a_speaker_denies_or_calls_a_false_claim_is_negated(coder: Coder) -> None:
    for text in (
        "The Ugandan army denied that its soldiers had shelled villages in Kasese.",
        "Zambia's police chief dismissed allegations that officers beat the marchers.",
        "The Malian junta rejected reports that its troops executed 30 herders.",
        "Ankara refuted claims that Turkish jets had bombed a Syrian school.",
    ):
        acts = [e for e in coder.code(text) if e.root[:1] in {"1"} and e.root not in {"10", "11"}]
        assert acts and all(e.modality == "negated" for e in acts), (text, acts)


def test_an_act_a_speaker_confirms_stays_reported(coder: Coder) -> None:
    events = coder.code(
        "The Ugandan army confirmed that its soldiers had shelled villages in Kasese."
    )
    assert any(e.root == "19" and e.modality == "reported" for e in events)


def test_ordering_a_release_is_a_release_by_the_one_who_orders_it(coder: Coder) -> None:
    for text, source in (
        ("A court in Izmir ordered the release of an opposition journalist.", "TURJUD"),
        ("Kenya's president ordered the release of 200 prisoners on Friday.", "KENGOV"),
    ):
        releases = only(coder.code(text), "08")
        assert [e.cameo for e in releases] == ["0841"], text
        assert releases[0].source and releases[0].source.actor.code == source


def test_ordering_that_someone_be_held_or_freed_is_the_orderers_act(coder: Coder) -> None:
    held = coder.code("A judge in Quito ordered that the former minister be held in detention.")
    assert [e.cameo for e in held if e.root in {"10", "17"}] == ["173"]
    freed = coder.code("A court in Lusaka ordered that the opposition leader be released on bail.")
    assert [e.cameo for e in freed if e.root in {"08", "10"}] == ["0841"]
    asked = coder.code("Zambia demanded that the detained trawler crew be released at once.")
    assert only(asked, "10") and not only(asked, "08")


def test_a_release_of_goods_or_a_release_asked_for_is_no_release(coder: Coder) -> None:
    assert not only(coder.code("The studio delayed the release of its new film."), "08")
    demanded = coder.code("Rights groups in Kenya demanded the release of a jailed blogger.")
    assert only(demanded, "10") and not only(demanded, "08")


def test_force_used_to_disperse_people_targets_them(coder: Coder) -> None:
    for text, target in (
        ("Police in Harare used water cannon and batons to disperse striking nurses.", "ZWEHLH"),
        (
            "Soldiers fired tear gas to break up a crowd of marchers in Conakry.",
            "GINCVL",
        ),
        (
            "Police fired live bullets to scatter students marching on parliament in Kampala.",
            "UGAEDU",
        ),
    ):
        force = [e for e in coder.code(text) if e.root in {"17", "18", "19"}]
        assert force and all(e.target for e in force), text
        assert {e.target.actor.code for e in force if e.target} == {target}, text


def test_firing_to_disperse_people_is_repression(coder: Coder) -> None:
    for text in (
        "Police in Lusaka fired live rounds to disperse rioting traders.",
        "troops opened fire to scatter a mob that had stormed the district office.",
    ):
        force = [e for e in coder.code(text) if e.root in {"17", "18", "19"}]
        assert force and {e.cameo for e in force} == {"175"}, text
    attack = coder.code("Soldiers fired rockets at rebel positions to push the rebels back.")
    assert only(attack, "19") and not only(attack, "17")


def test_a_sentence_handed_down_is_a_finding_of_guilt(coder: Coder) -> None:
    for text in (
        "A court in Tunis sentenced a blogger to three years in prison for insulting the army.",
        "Belarus jailed an opposition activist for six years on Tuesday.",
        "A military tribunal in Goma sentenced four soldiers to death for desertion.",
    ):
        legal = [e for e in coder.code(text) if e.root in {"11", "17"}]
        assert (
            legal and "116" in {e.cameo for e in legal} and "173" not in {e.cameo for e in legal}
        ), text
    arrests = coder.code("Police in Minsk jailed dozens of marchers overnight.")
    assert [e.cameo for e in only(arrests, "17")] == ["173"]


def test_an_attempt_on_someone_is_not_theirs(coder: Coder) -> None:
    events = coder.code(
        "An assassination attempt on the mayor of Herat wounded three of his guards."
    )
    assert not [e for e in events if e.source and e.source.actor.code.startswith("AFG")]


def test_an_act_named_as_the_subject_of_a_modal_verb_is_in_its_mood(coder: Coder) -> None:
    events = only(coder.code("Attacking Iran would be a grave mistake, the senator said."), "19")
    assert events and {e.modality for e in events} == {"hypothetical"}
    done = only(coder.code("Attacking Iran was a grave mistake."), "19")
    assert done and {e.modality for e in done} == {"asserted"}


def test_a_participle_adjunct_shares_its_clauses_mood(coder: Coder) -> None:
    later = coder.code("The deal will lift the embargo, letting Iran sell oil to India.")
    assert only(later, "06") and {e.modality for e in only(later, "06")} == {"future"}
    done = coder.code("Police in Accra opened fire on the marchers, killing two.")
    assert {e.modality for e in done if e.root in {"17", "18", "19"}} == {"asserted"}
    accused = coder.code("The rebels threatened to quit the truce, accusing Bamako of bad faith.")
    assert only(accused, "11") and {e.modality for e in only(accused, "11")} == {"asserted"}
    urged = coder.code("Ghana rejected the Togolese plan, urging Lome to hold talks instead.")
    assert only(urged, "02") and {e.modality for e in only(urged, "02")} == {"asserted"}


def test_a_vehicle_shot_down_in_a_reduced_passive_is_the_target(coder: Coder) -> None:
    for text, country in (
        ("Turkish drone shot down over northern Iraq", "TUR"),
        ("A Russian fighter jet shot down near the Finnish border, officials say.", "RUS"),
    ):
        force = only(coder.code(text), "19")
        assert force, text
        assert all(not (e.source and e.source.actor.code.startswith(country)) for e in force)
        assert all(e.target and e.target.actor.code.startswith(country) for e in force)
    active = only(coder.code("Iranian drones shot down two Ukrainian helicopters."), "19")
    assert {
        (e.source.actor.code[:3], e.target.actor.code[:3]) for e in active if e.source and e.target
    } == {("IRN", "UKR")}


def test_what_a_doers_phrase_is_about_is_not_the_doer(coder: Coder) -> None:
    events = coder.code("The scheme was underwritten by worries about Nigeria's falling revenue.")
    assert not [e for e in events if e.source and e.source.actor.code.startswith("NGA")]
    about = coder.code("Japan raised concerns about Chinese military drills near Taiwan.")
    assert any(e.target and e.target.actor.code.startswith("CHN") for e in about)


def test_an_adjective_predicate_is_in_the_mood_of_its_verb(coder: Coder) -> None:
    cases = (
        ("Uganda is not ready to send troops to Somalia.", "negated"),
        ("Ethiopia would be willing to meet Eritrea in Nairobi.", "hypothetical"),
        ("The Kenyan president did not sound confident about the talks with Somalia.", "negated"),
        ("Ethiopia is willing to meet Eritrea in Nairobi.", "asserted"),
    )
    for text, mood in cases:
        events = [e for e in coder.code(text) if e.root in {"01", "03"}]
        assert events and {e.modality for e in events} == {mood}, (text, events)


def test_denying_goods_to_people_is_withholding_aid_not_a_denial(coder: Coder) -> None:
    events = coder.code("The Eritrean government is denying flu vaccines to detained migrants.")
    assert "1223" in {e.cameo for e in events} and not only(events, "01")


def test_cover_given_is_protection_only_when_it_is_armed(coder: Coder) -> None:
    political = coder.code(
        "By his silence the Kenyan speaker gave cover to Ruto for the crackdown."
    )
    assert not only(political, "07")
    armed = coder.code("US jets gave air cover to Iraqi troops near Mosul.")
    assert [e.cameo for e in only(armed, "07")] == ["074"]


def test_a_with_clause_of_manner_is_no_partner(coder: Coder) -> None:
    manner = coder.code(
        "The suspect lay on the road, soldiers standing over him with their rifles raised."
    )
    assert not only(manner, "05")
    partner = coder.code("Kenya will stand with Somalia against the insurgents.")
    assert [e.cameo for e in only(partner, "05")] == ["051"]


def test_a_passive_conjunct_does_not_take_the_first_clauses_subject_as_doer(
    coder: Coder,
) -> None:
    passive = coder.code("Ugandan troops joined the search, and a Kenyan trader was shot twice.")
    assert not [e for e in passive if e.root in {"18", "19"} and e.source is not None]
    active = coder.code("Ugandan troops surrounded the camp and shot two Kenyan traders.")
    force = [e for e in active if e.root in {"18", "19"}]
    assert any(e.source and e.source.actor.code == "UGAMIL" for e in force)


def test_urging_someone_to_step_down_is_an_appeal_for_a_change_in_leadership(
    coder: Coder,
) -> None:
    events = coder.code("Kenyan lawmakers urged Ruto to step down.")
    assert [e.cameo for e in only(events, "02")] == ["0241"]


def test_a_finite_clause_is_no_to_infinitive_of_a_pattern(coder: Coder) -> None:
    # "tell inspectors to leave" is an expulsion; telling them that one had gone somewhere is not.
    events = coder.code("A Malian trader told UN investigators that he had gone to Gao in May.")
    assert not only(events, "16")
    expelled = coder.code("Mali told the UN investigators to leave the country.")
    assert only(expelled, "16")


def test_a_coded_doc_keeps_no_caches(coder: Coder, monkeypatch: pytest.MonkeyPatch) -> None:
    """The coder's caches on a Doc hold Tokens and the Doc itself: dropped once the Doc is
    coded, so that it is freed at once and not left to the cyclic garbage collector."""
    seen: list[Doc] = []
    code_doc = Coder._code_doc

    def spy(self: Coder, doc: Doc, *args: Any, **kwargs: Any) -> list[Event]:
        seen.append(doc)
        return code_doc(self, doc, *args, **kwargs)

    monkeypatch.setattr(Coder, "_code_doc", spy)
    assert coder.code("Russian forces shelled Kharkiv on Monday, officials said.")
    headline = "CHAD TROOPS ATTACK REBELS NEAR THE LIBYAN BORDER\n\nThe army said it acted."
    coded = list(coder.code_many(["Iran condemned Israel over the strike.", headline]))
    assert len(coded) == 2 and len(seen) == 3
    for doc in seen:
        assert not [k for k in doc.user_data if str(k).startswith("casus.")]


def test_a_present_tense_time_clause_under_a_future_is_itself_future(coder: Coder) -> None:
    events = coder.code("Once Chadian troops enter Sudanese territory, the war will spread.")
    moves = [e for e in events if e.root == "19"]
    assert moves and all(e.modality != "asserted" for e in moves)
    past = coder.code("After Chadian troops entered Sudanese territory, the war spread.")
    assert [e for e in past if e.root == "19" and e.modality == "asserted"]


def test_the_reason_someone_is_arrested_for_is_their_act_not_the_arresters(
    coder: Coder,
) -> None:
    events = coder.code("Ghanaian police arrested two Togolese men for attacking a customs post.")
    force = [e for e in events if e.root in {"18", "19"}]
    assert not [e for e in force if e.source and e.source.actor.code.startswith("GHACOP")]
    assert only(events, "17")


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Two Kenyan soldiers abducted by al-Shabab near the border", "KENMIL"),
        ("Russian general killed in Kherson missile strike", "RUSMIL"),
    ],
)
def test_a_headline_participle_acts_on_the_noun_it_follows(
    coder: Coder, text: str, target: str
) -> None:
    events = [e for e in coder.code(text) if e.root in {"18", "19"}]
    assert events and all(e.target is not None for e in events)
    assert {e.target.actor.code for e in events if e.target is not None} == {target}


def test_an_act_the_speaker_faces_is_not_the_speakers_act(coder: Coder) -> None:
    text = (
        "President Macron said it was painful to see no change even in the face of repeated "
        "massacres."
    )
    assert not [e for e in coder.code(text) if e.source and e.source.actor.code == "FRAGOV"]


def test_a_wave_of_attacks_is_the_doers_act(coder: Coder) -> None:
    events = coder.code("The rebels began a wave of attacks on army posts.")
    assert [e for e in events if e.root == "19" and e.source and e.source.actor.sector == "REB"]


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("The attack carried out by rebels on Sunday killed five soldiers.", "REB"),
        ("The raid on the village conducted by the army left six dead.", "MIL"),
        ("The airstrikes launched by Turkey on Kurdish towns killed 12 civilians.", None),
    ],
)
def test_the_agent_of_a_light_verb_on_an_act_noun_is_its_doer(
    coder: Coder, text: str, sector: str | None
) -> None:
    force = [e for e in coder.code(text) if e.root == "19" and e.source]
    assert force, text
    if sector is None:
        assert {e.source.actor.code for e in force if e.source} == {"TUR"}
    else:
        assert {e.source.actor.sector for e in force if e.source} == {sector}


def test_riot_weapons_lobbed_at_a_crowd_are_repression(coder: Coder) -> None:
    events = coder.code("the police lobbed tear gas shells at the crowd near the station.")
    assert [e for e in events if e.cameo == "175"]


@pytest.mark.parametrize(
    "text",
    [
        "Turkey is unlikely to join the sanctions against Russia.",
        "Germany is likely to impose sanctions on Belarus next month.",
    ],
)
def test_an_act_said_to_be_likely_has_not_happened(coder: Coder, text: str) -> None:
    events = [e for e in coder.code(text) if e.root == "16"]
    assert events and all(e.modality == "hypothetical" for e in events), text


def test_two_unnamed_countries_are_not_one_speaker(coder: Coder) -> None:
    # Neither side's country is known: the speakers' future act is not the doer's intent.
    text = "If the army does try to evict the villagers, the elders said they will resist."
    events = coder.code(text)
    assert not [e for e in events if e.root == "13"]


@pytest.mark.parametrize(
    "text",
    [
        "The United States does not support forced relocations of refugees.",
        "Russia fears an attack on its embassy.",
        "Kenya backs the investigation into the killings.",
    ],
)
def test_an_act_backed_or_feared_is_not_the_subjects_act(coder: Coder, text: str) -> None:
    acts = [e for e in coder.code(text) if e.root in {"09", "19", "20"} and e.source]
    assert not acts, text


def test_an_act_carried_out_is_the_subjects_act(coder: Coder) -> None:
    events = coder.code("The army carried out forced relocations of villagers.")
    assert [e for e in events if e.root == "20" and e.source and e.source.actor.sector == "MIL"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Officials said the hacking attacks were ordered by the Kremlin.", "176"),
        ("Russian hackers attacked the computers of the Estonian parliament.", "176"),
        ("The Kenyan senator launched a verbal attack on the Ugandan president.", "111"),
    ],
)
def test_an_attack_named_as_hacking_or_words_is_no_force(
    coder: Coder, text: str, code: str
) -> None:
    events = coder.code(text)
    assert [e for e in events if e.cameo == code], text
    assert not [e for e in events if e.root in {"18", "19"}], text


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("two villagers died in army shelling near the kenyan border.", "MIL"),
        ("four people died in police firing in nakuru on saturday.", "COP"),
        ("a kenyan student perished in army shelling of the border town.", "MIL"),
    ],
)
def test_those_who_die_in_an_act_are_not_its_doers(coder: Coder, text: str, sector: str) -> None:
    force = [e for e in coder.code(text) if e.root in {"18", "19"}]
    assert force and {e.source.actor.sector for e in force if e.source} == {sector}, text


def test_dying_in_an_explosion_names_no_doer(coder: Coder) -> None:
    events = coder.code("three kenyan miners died in an explosion at the mine.")
    assert not [e for e in events if e.source is not None and e.root in {"18", "19"}]


def test_what_is_said_is_not_whom_it_is_said_to(coder: Coder) -> None:
    # The parser may read "said [more than 15,000 people] registered" with the people as the
    # object of "said": the object of a verb of saying is what is said, never an addressee.
    events = coder.code("The unions said more than 15,000 people registered for the march.")
    assert not [e for e in events if e.target is not None and e.root == "01"]


@pytest.mark.parametrize(
    "text",
    [
        "The Japanese military gave medical equipment to Kenya.",
        "Norway donated ambulances to the Kenyan Red Cross.",
        "China delivered 500,000 vaccine doses to Uganda on Friday.",
    ],
)
def test_goods_given_to_an_actor_are_aid(coder: Coder, text: str) -> None:
    assert [e for e in coder.code(text) if e.root == "07"], text


def test_goods_sold_are_no_aid(coder: Coder) -> None:
    events = coder.code("A Japanese company sold medical equipment to Kenya.")
    assert not [e for e in events if e.root == "07"]


def test_an_act_given_as_an_example_shares_the_mood_of_what_it_exemplifies(
    coder: Coder,
) -> None:
    text = "Kenya does not support forced relocations, including forcing villagers to move."
    events = [e for e in coder.code(text) if e.root == "20"]
    assert all(e.modality != "asserted" for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "Five villagers were murdered near the Kenyan border on Sunday.",
        "A gunman murdered three worshippers at a mosque in Mombasa.",
    ],
)
def test_a_murder_is_a_killing_by_assault_not_military_force(coder: Coder, text: str) -> None:
    events = coder.code(text)
    assert [e for e in events if e.cameo == "1823"], text
    assert not [e for e in events if e.root == "19"], text


def test_the_agent_of_a_deed_inside_an_act_noun_is_not_the_doer_of_that_noun(
    coder: Coder,
) -> None:
    # "an inquiry into abuses by police": the police did the abuses, not the inquiry.
    events = coder.code(
        "The envoy praised an investigation of abuses by Nigerian police against protesters."
    )
    assert not [e for e in events if e.root == "09" and e.source is not None]
    killing = coder.code("The killing of the journalist by Mexican soldiers drew protests.")
    assert [e for e in killing if e.root == "19" and e.source and e.source.actor.code == "MEXMIL"]


def test_who_suffers_an_attack_did_not_make_it(coder: Coder) -> None:
    events = coder.code("Kenyan troops suffered a deadly attack near the Somali border.")
    assert not [e for e in events if e.source and e.source.actor.code == "KENMIL"]


def test_an_illness_named_as_an_attack_is_no_force(coder: Coder) -> None:
    # A heart attack or a panic attack is no act of force, whoever has it.
    for text in (
        "The Egyptian president suffered a mild heart attack, his office said.",
        "The Kenyan minister was taken to hospital after a panic attack in parliament.",
    ):
        assert not [e for e in coder.code(text) if e.root in {"18", "19", "20"}], text


def test_meeting_reporters_is_no_consultation(coder: Coder) -> None:
    events = coder.code("The Kenyan foreign minister met reporters at the airport in Nairobi.")
    assert not [e for e in events if e.root == "04"]
    envoy = coder.code("The Kenyan foreign minister met the Somali ambassador at the airport.")
    assert [e for e in envoy if e.root == "04"]


def test_a_span_of_time_is_no_slot(coder: Coder) -> None:
    # "for more than a decade" says how long, not on whose behalf.
    events = coder.code("The Somali army has fought al-Shabab for more than a decade.")
    assert not [e for e in events if e.root == "05"]


def test_one_of_its_attacks_is_the_attack_the_verb_takes(coder: Coder) -> None:
    # "launched one of its largest attacks on X": the attacks are what was launched.
    events = coder.code("Russia launched one of its largest drone attacks of the year on Ukraine.")
    force = [e for e in events if e.root in {"18", "19"}]
    assert force and all(e.source is not None for e in force)
    assert [e for e in force if e.source and e.source.actor.code == "RUS"]


def test_an_act_whose_doer_is_none_did_not_happen(coder: Coder) -> None:
    # "None of …", "neither … nor …", "not X nor Y" as the doer deny the act.
    for text in (
        "None of the rebel groups attacked the convoy, officials said.",
        "Not the Kenyan army nor its allies are blocking civilians from leaving the camp.",
        "Neither Kenya nor Uganda has sent troops to Somalia.",
    ):
        events = [e for e in coder.code(text) if e.root in {"15", "18", "19"}]
        assert all(e.modality == "negated" for e in events), text
    done = coder.code("Two of the rebel groups attacked the convoy, officials said.")
    assert [e for e in done if e.root == "19" and e.modality == "reported"]


def test_an_act_named_as_the_alternative_not_taken_did_not_happen(coder: Coder) -> None:
    text = "Rather than arresting journalists, the Kenyan police should listen to them."
    assert not [e for e in coder.code(text) if e.root == "17" and e.modality == "asserted"]
    text = "Instead of expelling the Togolese envoy, Ghana summoned him for talks."
    assert not [e for e in coder.code(text) if e.root == "16" and e.modality == "asserted"]


def test_firing_named_by_a_noun_is_force_and_its_compound_the_doer(coder: Coder) -> None:
    events = coder.code("a youth was injured in the police firing in bhavnagar on sunday.")
    assert [e for e in events if e.root in {"17", "18", "19"} and e.source]
    coach = coder.code("The Kenyan football club announced the firing of its coach on Monday.")
    assert not [e for e in coach if e.root in {"18", "19"}]


def test_an_arrest_reported_by_police_keeps_the_police_as_doer(coder: Coder) -> None:
    # "booked" codes an arrest only for police or courts; "police said" says who booked.
    events = coder.code("six men were booked for rioting, police in surat said.")
    assert [e for e in events if e.root == "17"]


def test_an_act_in_a_question_of_how_to_act_is_not_done(coder: Coder) -> None:
    # "how to respond", "whether to send": what is weighed has not been done.
    events = coder.code("Diplomats say the EU is divided over how to respond to Hungary.")
    assert not [
        e
        for e in events
        if e.target and e.target.actor.code == "HUN" and e.modality in FACTUAL_MODALITIES
    ]
    troops = coder.code("The Kenyan cabinet is debating whether to send more troops to Haiti.")
    assert not [e for e in troops if e.root == "15" and e.modality in FACTUAL_MODALITIES]


def test_emptying_pockets_is_no_expulsion(coder: Coder) -> None:
    # "empty" expels people only from a place: a town, a village, a camp.
    pockets = coder.code(
        "Marco Rossi, the suspect in the Milan attack, was standing near the station when "
        "officers asked him to empty his pockets."
    )
    assert not [e for e in pockets if e.root == "20"]
    towns = coder.code("Burmese troops emptied three Rohingya villages in Rakhine state.")
    assert [e for e in towns if e.root == "20"]


def test_an_act_one_is_not_able_to_do_is_negated(coder: Coder) -> None:
    # The negation of the copula reaches the act its adjective completes.
    events = coder.code("Kenyan police said they were not able to end the violence in Marsabit.")
    assert [e for e in events if e.root == "08"]
    assert all(e.modality == "negated" for e in events if e.root == "08")
    able = coder.code("Kenyan police said they were able to end the violence in Marsabit.")
    assert not [e for e in able if e.modality == "negated"]


@pytest.mark.parametrize(
    ("text", "lemma"),
    [
        ("The American envoy tried to get Uganda to extradite the two suspects.", "extradite"),
        ("Diplomats are trying to persuade Iran to free the detained sailors.", "free"),
        ("Washington attempted to convince Pakistan to expel the militant leaders.", "expel"),
    ],
)
def test_an_act_someone_tried_to_make_another_do_has_not_happened(
    coder: Coder, text: str, lemma: str
) -> None:
    doc_events = [e for e in coder.code(text) if e.evidence.trigger.split()[-1] == lemma]
    assert all(e.modality != "asserted" for e in doc_events)


@pytest.mark.parametrize(
    ("text", "source", "root"),
    [
        (
            "The Security Council passed a resolution condemning North Korea's missile launches.",
            "IGOUSC",
            "11",
        ),
        (
            "The African Union issued a statement calling on Ethiopia to pull its troops back "
            "from the border.",
            "IGOAFU",
            "02",
        ),
        (
            "Kenya's foreign ministry released a statement accusing Rwanda of arming the rebels.",
            "KENGOV",
            "11",
        ),
    ],
)
def test_a_document_issued_does_what_its_participle_says_by_its_issuer(
    coder: Coder, text: str, source: str, root: str
) -> None:
    events = coder.code(text)
    assert any(e.root == root and e.source and e.source.actor.code == source for e in events)


def test_an_act_asked_to_be_stopped_is_not_the_act_asked_for(coder: Coder) -> None:
    text = "Two senators urged the Pentagon to stop funding laboratories in China."
    assert not [e for e in coder.code(text) if e.cameo.startswith("023")]
    asked = coder.code("Kenya urged Japan to fund the new port in Lamu.")
    assert [e for e in asked if e.cameo.startswith("023")]


def test_the_noun_before_a_gerund_of_force_is_its_doer_however_it_is_parsed(
    coder: Coder,
) -> None:
    text = (
        "Four villagers have been killed in army shelling as fighters stormed the market in Goma."
    )
    killed = [e for e in coder.code(text) if e.evidence.trigger == "killed"]
    assert killed and all(e.source and e.source.actor.sector == "MIL" for e in killed)


def test_a_visit_during_which_something_happens_is_itself_news(coder: Coder) -> None:
    text = "The rail deal was signed during a visit by the Nepali foreign minister to New Delhi."
    visits = [e for e in coder.code(text) if e.cameo == "042"]
    assert [
        (e.source.actor.country, e.target.actor.country) for e in visits if e.source and e.target
    ] == [("NPL", "IND")]


def test_an_act_inside_an_if_clause_is_hypothetical_however_deep(coder: Coder) -> None:
    text = (
        '"If they do attempt to evict the villagers by force, we are ready for a long fight," '
        "the elder said."
    )
    evicted = [e for e in coder.code(text) if e.evidence.trigger == "evict"]
    assert all(e.modality == "hypothetical" for e in evicted)


def test_an_announced_trial_of_suspects_is_no_threat(coder: Coder) -> None:
    # Due process announced against suspects is a plan of the state's, not a threat to an
    # adversary; the same announcement against the opposition stays a threat.
    events = coder.code("Kenya will bring the suspects to trial next month, the prosecutor said.")
    assert not [e for e in events if e.root == "13"]
    events = coder.code("Kenya will arrest opposition leaders who march, the minister said.")
    assert [e for e in events if e.root == "13"]


@pytest.mark.parametrize(
    "text",
    [
        "Amnesty International called for the officers to be arrested.",
        "Rights groups pressed for the two generals to be tried in The Hague.",
        "The families waited for the bodies to be returned by the army.",
    ],
)
def test_an_act_in_a_for_to_clause_is_not_asserted(coder: Coder, text: str) -> None:
    events = coder.code(text)
    assert not [e for e in events if e.root in {"08", "17"} and e.modality == "asserted"], text


@pytest.mark.parametrize(
    ("text", "root", "source", "target"),
    [
        (
            "A Moscow court jailed opposition activist Ilya Petrov on Friday.",
            "17",
            "RUSJUD",
            "RUSOPP",
        ),
        (
            "Kenyan police arrested opposition senator John Mwangi in Nairobi.",
            "17",
            "KENCOP",
            "KENOPP",
        ),
    ],
)
def test_a_past_verb_the_parser_reads_as_a_modifier_still_acts(
    coder: Coder, text: str, root: str, source: str, target: str
) -> None:
    # The small parser reads "X jailed <title> <Name>" as one noun phrase with "jailed" as
    # an adjective: the noun before the verb is its doer, the noun it modifies its object.
    events = [e for e in coder.code(text) if e.root == root]
    assert events, text
    assert any(
        e.source and e.source.actor.code == source and e.target and e.target.actor.code == target
        for e in events
    ), text


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Two protesters died in police firing in Dhaka on Monday.", "BGDCOP", "BGDCVL"),
        ("Three Palestinians died in an Israeli airstrike on the camp.", "ISR", "PSECVL"),
    ],
)
def test_who_died_in_an_act_of_force_is_its_target(
    coder: Coder, text: str, source: str, target: str
) -> None:
    events = [e for e in coder.code(text) if e.root in {"18", "19"}]
    assert any(
        e.source and e.source.actor.code == source and e.target and e.target.actor.code == target
        for e in events
    ), text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The White House said the decision was deeply disappointing.", "110"),
        ("The EU said the arrests were illegal and unacceptable.", "111"),
        ("Egypt said Israel's raid on the camp was unacceptable.", "111"),
        ("The UN rights chief said she was appalled by the killings in Darfur.", "110"),
    ],
)
def test_judging_an_act_or_a_policy_in_a_statement_is_disapproval(
    coder: Coder, text: str, code: str
) -> None:
    events = coder.code(text)
    assert [e for e in events if e.cameo == code], text


def test_a_judging_word_that_only_describes_is_no_disapproval(coder: Coder) -> None:
    events = coder.code("Police said the illegal miners were arrested in a raid near Accra.")
    assert not [e for e in events if e.root == "11"]
