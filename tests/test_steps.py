"""Coding conventions as named steps: which fire, what they keep, drop and mark."""

from __future__ import annotations

import pytest

from casus.events.coder import CodingOptions
from casus.events.conventions import load_coding_rules
from casus.events.steps import STEPS, UnknownConventionError, profile_steps
from casus.model import FACTUAL_MODALITIES, Event
from casus.pipeline import Coder


def codes(events: list[Event]) -> set[tuple[str | None, str | None, str]]:
    return {
        (
            e.source.actor.code if e.source else None,
            e.target.actor.code if e.target else None,
            e.cameo,
        )
        for e in events
    }


def test_every_profile_names_existing_steps() -> None:
    rules = load_coding_rules()
    assert {"casus", "phoenix"} <= set(rules.profiles)
    for steps in rules.profiles.values():
        assert set(steps) <= set(STEPS)
    with pytest.raises(UnknownConventionError):
        profile_steps(["no-such-step"])


def test_unknown_profile_is_a_clear_error() -> None:
    with pytest.raises(UnknownConventionError, match="unknown conventions profile"):
        Coder(options=CodingOptions(conventions="nonsense"))


def test_police_of_no_stated_country_are_coded_by_sector(coder: Coder) -> None:
    events = coder.code("officers detained four youths after the scuffle outside the stadium.")
    # the youths are unnamed private people: no actor (tests/gold/README.md conventions)
    assert ("---COP", None, "173") in codes(events)
    (event,) = [e for e in events if e.cameo == "173"]
    assert "generic-agent" in event.evidence.conventions


def test_generic_agent_takes_a_country_named_later_in_the_sentence(coder: Coder) -> None:
    events = coder.code("The arrest of the opposition leader by Georgian police angered many.")
    assert ("GEOCOP", "GEOOPP", "173") in codes(events)


def test_a_residents_quote_is_not_an_event(coder: Coder) -> None:
    events = coder.code("Residents said the market had been quiet all morning.")
    assert not [e for e in events if e.root == "01"]


def test_a_statement_with_nothing_said_is_not_an_event(coder: Coder) -> None:
    events = coder.code("The French foreign minister spoke for twenty minutes on Tuesday.")
    assert not [e for e in events if e.cameo == "010"]


def test_past_perfect_in_reported_speech_is_not_background(coder: Coder) -> None:
    events = coder.code("The Kenyan foreign minister said Uganda had closed the border crossing.")
    (event,) = [e for e in events if e.root == "19"]
    assert event.modality == "reported" and "background" not in event.evidence.conventions
    assert event.attribution is not None and event.attribution.actor.code == "KENGOV"


def test_an_unnamed_quoted_speaker_makes_no_statement(coder: Coder) -> None:
    events = coder.code("“We were told to wait outside,” she said.")
    assert not [e for e in events if e.root == "01"]


def test_an_act_recalled_in_a_temporal_clause_is_background(coder: Coder) -> None:
    events = coder.code(
        "Chad recalled its ambassador from Sudan, two weeks after Sudanese troops attacked "
        "a Chadian border post.",
        date="2015-03-10",
    )
    recalled = [e for e in events if e.root in {"18", "19"}]
    assert recalled, "the recalled attack is kept, flagged"
    for event in recalled:
        assert "background" in event.evidence.conventions
        assert event.date is None
        assert event.date_detail is not None and event.date_detail.historical is True
    news = [e for e in events if e.root == "16"]
    assert news and all(e.date == "2015-03-10" for e in news)


def test_a_past_when_clause_under_a_present_clause_is_background(coder: Coder) -> None:
    # The "when" clause dates something the present clause speaks of: an earlier time.
    events = coder.code(
        "Many in Macau fear Beijing is eroding the autonomy promised to the territory when "
        "Portugal handed it back to China."
    )
    handed = [e for e in events if e.root == "08"]
    assert handed and all("background" in e.evidence.conventions for e in handed)
    # A "when" clause in a story told in the past is the same moment: news.
    events = coder.code("Congolese police fired tear gas when protesters stormed the parliament.")
    force = [e for e in events if e.root in {"14", "17", "18", "19"}]
    assert force and not [e for e in force if "background" in e.evidence.conventions]


def test_a_time_clause_under_a_future_is_a_condition_not_background(coder: Coder) -> None:
    # "would not approve until X extradited ...": the past tense is the tense of reported
    # speech; the act has not happened, and it is no recalled act either.
    for text in (
        "Turkey said it would not approve Sweden's NATO bid until Stockholm extradited the "
        "suspects.",
        "Kenya will not reopen the border until Somalia releases the detained traders.",
    ):
        acts = [e for e in coder.code(text) if e.root in {"06", "08"}]
        assert acts, text
        for event in acts:
            assert "background" not in event.evidence.conventions, text
            assert event.modality not in {"asserted", "reported"}, text


def test_phoenix_profile_keeps_what_casus_drops() -> None:
    phoenix = Coder(options=CodingOptions(conventions="phoenix"))
    events = phoenix.code("Residents said the market had been quiet all morning.")
    assert [e for e in events if e.root == "01"]


def test_will_not_do_a_cooperative_act_is_a_refusal(coder: Coder) -> None:
    events = coder.code(
        "Norway will not lift the sanctions on Belarus until its prisoners are freed."
    )
    refusals = [e for e in events if e.root == "12"]
    assert refusals and all(e.modality == "asserted" for e in refusals)
    assert "refusal" in refusals[0].evidence.conventions
    assert not [e for e in events if e.cameo.startswith("085")]


def test_a_motion_verb_with_an_object_is_no_visit(coder: Coder) -> None:
    events = coder.code("Canada returned two stolen icons to the government of Ukraine.")
    assert not [e for e in events if e.cameo in {"042", "043"}]
    assert any(e.cameo == "0842" for e in events)


def test_a_relative_clause_in_the_present_describes_a_role(coder: Coder) -> None:
    events = coder.code(
        "The board, which regulates broadcasters, published its annual report on Monday."
    )
    assert not [e for e in events if e.evidence.trigger == "regulates"]


def test_force_aimed_at_a_policy_is_criticism_or_nothing(coder: Coder) -> None:
    events = coder.code("The Spanish opposition attacked the government's housing plan.")
    assert not [e for e in events if e.root in {"18", "19", "20"}]
    fights = coder.code("The Peruvian government vowed to fight corruption in the ports.")
    assert not [e for e in fights if e.root in {"18", "19", "20"}]


def test_a_decision_taken_codes_the_act_decided(coder: Coder) -> None:
    events = coder.code("Japan decided to lift its travel ban on Vietnam.")
    assert any(e.root == "08" and e.modality == "asserted" for e in events)


def test_a_politicians_attack_on_a_rival_is_criticism(coder: Coder) -> None:
    events = coder.code(
        "The Bolivian interior minister attacked the opposition leader on television."
    )
    assert not [e for e in events if e.root in {"18", "19", "20"}]
    assert any(e.cameo == "111" and "force-needs-force" in e.evidence.conventions for e in events)


def test_a_politicians_attack_on_a_rival_named_by_role_is_criticism(coder: Coder) -> None:
    events = coder.code("The Kenyan senator attacked her rival as a puppet of foreign donors.")
    assert [e for e in events if e.root == "11"]


def test_an_armed_doers_attack_stays_force(coder: Coder) -> None:
    events = coder.code("Malian soldiers attacked a rebel camp near the border.")
    assert any(e.root in {"18", "19"} for e in events)


def test_an_unknown_organisation_acting_on_a_known_actor_is_kept(coder: Coder) -> None:
    events = coder.code("The Coastal Fishermen's Association filed a lawsuit against Senegal.")
    unknown = [e for e in events if e.source is not None and not e.source.actor.code]
    assert unknown and unknown[0].source is not None
    assert unknown[0].source.text == "The Coastal Fishermen's Association"
    assert "unknown-actor" in unknown[0].evidence.conventions


def test_an_unknown_person_acting_on_no_one_is_not_coded(coder: Coder) -> None:
    events = coder.code("Jonathan Wexley invested heavily in the northern districts.")
    assert not events


def test_require_source_drops_unknown_actors() -> None:
    strict = Coder(options=CodingOptions(require_source=True))
    events = strict.code("The Coastal Fishermen's Association filed a lawsuit against Senegal.")
    assert all(e.source is not None and e.source.actor.code for e in events)


def test_phoenix_codes_a_claimed_attack_as_the_claimants_accusation() -> None:
    sentence = "The Houthis claimed that Saudi jets had bombed a wedding party in Hajjah."
    phoenix = Coder(options=CodingOptions(conventions="phoenix")).code(sentence)
    assert any(
        e.cameo == "112"
        and e.source
        and e.source.actor.code.startswith("YEM")
        and e.target
        and e.target.actor.code.startswith("SAU")
        and "claim-is-accusation" in e.evidence.conventions
        for e in phoenix
    )


def test_casus_codes_a_claimed_attack_as_reported(coder: Coder) -> None:
    events = coder.code("The Houthis claimed that Saudi jets had bombed a wedding party in Hajjah.")
    attacks = [e for e in events if e.root in {"18", "19"}]
    assert attacks and all(e.modality == "reported" for e in attacks)


def test_taking_a_thing_is_confiscation_not_occupation(coder: Coder) -> None:
    events = coder.code("Kenyan police seized rifles and ammunition from a warehouse in Garissa.")
    assert not [e for e in events if e.cameo == "192"]
    occupied = coder.code("Rebels seized the town of Goma after a week of fighting.")
    assert any(e.cameo == "192" for e in occupied)


def test_weighing_an_act_is_a_policy_consideration(coder: Coder) -> None:
    events = coder.code("Norway is considering sending aid to Mozambique after the floods.")
    assert any(e.cameo == "014" and e.modality == "asserted" for e in events)
    assert not [e for e in events if e.root == "07"]


def test_an_act_named_as_the_object_of_its_reversal_is_not_coded(coder: Coder) -> None:
    events = coder.code("Canada removed the tariffs on Chilean copper last week.")
    assert not [e for e in events if e.root in {"16", "17"}]


def test_a_past_act_told_about_a_named_person_is_biography(coder: Coder) -> None:
    events = coder.code(
        "General Omar Diallo, who led the 2014 coup against the elected government, met "
        "the French envoy in Bamako on Tuesday.",
        date="2021-03-02",
    )
    coup = [e for e in events if e.root == "17"]
    assert coup and all("background" in e.evidence.conventions for e in coup)
    assert all(e.date_detail and e.date_detail.historical for e in coup)
    meeting = [e for e in events if e.root == "04"]
    assert meeting and "background" not in meeting[0].evidence.conventions


def test_a_visit_needs_a_host_or_a_place(coder: Coder) -> None:
    events = coder.code("The generals who came to power in 2021 dissolved the parliament.")
    assert not [e for e in events if e.cameo[:3] in {"042", "043", "044"}]


def test_an_interview_quote_naming_no_other_actor_is_not_a_statement(coder: Coder) -> None:
    events = coder.code("“We have worked very hard for this,” the Chilean minister said.")
    assert not [e for e in events if e.cameo == "010"]
    kept = coder.code("“Peru must stop the smuggling,” the Chilean minister said.")
    assert [e for e in kept if e.root in {"01", "10"}]


def test_telling_the_press_is_how_a_statement_is_made_not_whom_it_is_about(
    coder: Coder,
) -> None:
    events = coder.code("The Chilean minister told reporters that the day had gone well.")
    assert not [e for e in events if e.root == "01"]


def test_an_act_noun_with_no_doer_is_not_an_event_outside_force(coder: Coder) -> None:
    # Whose offer, whose visit: the sentence does not say, so there is no event to code.
    events = coder.code("The offer of talks with Venezuela surprised analysts in Caracas.")
    assert not [e for e in events if e.source is None and e.root not in {"17", "18", "19", "20"}]
    events = coder.code("Observers said the planned visit to Pyongyang had been postponed again.")
    assert not [e for e in events if e.source is None and e.root == "04"]


def test_a_gerund_with_no_doer_is_not_an_event_outside_force(coder: Coder) -> None:
    events = coder.code("Praising Kenya has become a habit among columnists in Nairobi.")
    assert not [e for e in events if e.source is None and e.root == "05"]


def test_force_with_no_named_doer_keeps_its_target(coder: Coder) -> None:
    events = coder.code("Three Nigerian soldiers were killed near Maiduguri on Sunday.")
    assert [e for e in events if e.source is None and e.root in {"18", "19"}]
    events = coder.code("The bombing of the Syrian army depot lit up the night sky.")
    assert [e for e in events if e.source is None and e.root in {"18", "19"}]


def test_an_unrealised_act_with_no_doer_is_not_an_event_outside_coercion(coder: Coder) -> None:
    # What might be done to an actor by no one named is a scenario, not a report.
    for text in (
        "Ministers worry that the Kenyan ambassador could be expelled if the row deepens.",
        "Diplomats speculated that Brazil might be invited to the talks in Geneva next spring.",
    ):
        events = coder.code(text)
        assert not [e for e in events if e.source is None], text
    # Arrests and force keep their target; an asserted passive keeps it too.
    events = coder.code("Several opposition leaders could be arrested before the vote, aides fear.")
    assert [e for e in events if e.source is None and e.root == "17"]
    events = coder.code("Turkey was accused on Monday of shelling Kurdish villages near Qamishli.")
    assert [e for e in events if e.source is None and e.root == "11"]


def test_a_statement_noun_with_no_addressee_is_not_an_event(coder: Coder) -> None:
    # The speech is how something was said; what was said, if anything, codes the event.
    events = coder.code("In a long speech in Lagos, the Nigerian president spoke of hope.")
    assert not [e for e in events if e.cameo == "010" and e.evidence.trigger == "speech"]


def test_force_aimed_at_a_thing_that_cannot_be_hit_is_no_force(coder: Coder) -> None:
    # Talks, hopes and records are sunk and torpedoed only figuratively.
    events = coder.code("The Kenyan president torpedoed the negotiations with Somalia last week.")
    assert not [e for e in events if e.root in {"18", "19", "20"}]
    events = coder.code("Ghana's finance minister released the quarterly figures on Monday.")
    assert not [e for e in events if e.cameo.startswith("084")]


def test_force_aimed_at_a_building_or_vehicle_is_force(coder: Coder) -> None:
    events = coder.code("Yemeni rebels shelled the hospital in Taiz on Friday.")
    assert [e for e in events if e.root in {"18", "19", "20"}]
    events = coder.code("Colombian soldiers ambushed a convoy near Cali.")
    assert [e for e in events if e.root in {"18", "19", "20"}]
    events = coder.code("The Sudanese army released forty prisoners on Sunday.")
    assert [e for e in events if e.cameo.startswith("084")]


def test_a_statement_about_no_actor_is_not_an_event(coder: Coder) -> None:
    # What is said must name someone; describing a harvest or noting a need names no one.
    events = coder.code("The Chilean agriculture minister described the harvest as excellent.")
    assert not [e for e in events if e.root == "01"]
    events = coder.code("Portugal's prime minister noted the importance of lower energy prices.")
    assert not [e for e in events if e.root == "01"]


def test_a_statement_not_made_is_not_an_event(coder: Coder) -> None:
    events = coder.code("The Kenyan interior ministry has not commented on the report.")
    assert not [e for e in events if e.root == "01"]
    events = coder.code("A spokesman for the Turkish army did not respond to requests for comment.")
    assert not [e for e in events if e.root == "01"]


def test_a_statement_about_another_country_is_kept(coder: Coder) -> None:
    events = coder.code("Brazil's foreign minister described Argentina as a trusted partner.")
    assert [e for e in events if e.root == "01" and e.source and e.source.actor.country == "BRA"]


def test_a_doerless_noun_of_violence_that_names_no_attack_is_not_an_event(coder: Coder) -> None:
    # A struggle or a killing mentioned as a topic is not an attack reported.
    events = coder.code("Estonia's long struggle against Soviet rule shaped its politics.")
    assert not [e for e in events if e.source is None and e.root in {"18", "19", "20"}]
    events = coder.code("The killing of the Tsar's family still divides Russian historians.")
    assert not [e for e in events if e.source is None and e.root in {"18", "19", "20"}]


def test_a_doerless_attack_noun_is_still_an_event(coder: Coder) -> None:
    events = coder.code("A rocket attack on the Iraqi base wounded two guards.")
    assert [e for e in events if e.root in {"18", "19", "20"}]


def test_a_trial_needs_someone_tried(coder: Coder) -> None:
    # "try" and "charge" without anyone to try or charge are other senses.
    events = coder.code("The Kenyan opposition leader vowed to keep trying.")
    assert not [e for e in events if e.evidence.trigger == "trying"]  # nor framed as a threat


def test_an_arrest_of_someone_is_kept(coder: Coder) -> None:
    events = coder.code("Nigerian police arrested three students in Abuja.")
    assert [e for e in events if e.cameo == "173"]


def test_a_warning_of_trouble_nobody_threatens_is_a_statement(coder: Coder) -> None:
    # Who or what the warning is about is its topic, not someone threatened.
    text = "Kenya's health minister warned that the UN refugee agency would run out of food."
    events = coder.code(text)
    assert not [e for e in events if e.root == "13"]
    (event,) = [e for e in events if e.root == "01"]
    assert event.target is None and "warning-is-forecast" in event.evidence.conventions


def test_a_warning_that_a_natural_force_threatens_is_no_threat(coder: Coder) -> None:
    # Floods, drought or inflation "threaten" only figuratively: nobody makes a threat.
    for text in (
        "Floods are threatening thousands of homes in Mozambique and Malawi, the Red Cross warned.",
        "The Kenyan finance minister warned that inflation could wipe out the savings of "
        "pensioners in Uganda.",
    ):
        assert not [e for e in coder.code(text) if e.root == "13"], text


def test_a_currency_or_an_economy_is_no_doer(coder: Coder) -> None:
    for text in (
        "The Indian rupee surrendered early gains against the dollar on Wednesday.",
        "The South African rand fought back against the euro after the rate decision.",
    ):
        assert not coder.code(text), text


def test_a_company_named_by_its_trade_is_a_business_not_its_state(coder: Coder) -> None:
    events = coder.code("The Chinese carmaker is battling Tesla for a bigger share of the market.")
    assert not [e for e in events if e.source and e.source.actor.code == "CHN"]
    assert not [e for e in events if e.root in {"18", "19"}]


def test_players_in_a_match_are_no_armed_sides(coder: Coder) -> None:
    events = coder.code("The Brazilian striker fired a shot past the Argentine goalkeeper.")
    assert not [e for e in events if e.root in {"18", "19"}]


def test_conceding_a_point_about_others_is_no_claim_of_responsibility(coder: Coder) -> None:
    events = coder.code(
        "The Ghanaian president admitted that several West African governments needed to "
        "do more to protect journalists."
    )
    assert not [e for e in events if e.cameo == "015"]
    # An admission of one's own act or failing stays one.
    events = coder.code(
        "Kenya's interior minister admitted that his officers had beaten protesters."
    )
    assert [e for e in events if e.cameo == "015"]


def test_citizens_voting_is_an_election_not_an_endorsement(coder: Coder) -> None:
    events = coder.code("In Nairobi, voters voted for the opposition candidate in large numbers.")
    assert not [e for e in events if e.root == "05"]
    events = coder.code("The Kenyan parliament voted for the motion to recognise Kosovo.")
    assert [e for e in events if e.root == "05"]


def test_opening_a_door_to_a_country_is_a_figure_of_speech(coder: Coder) -> None:
    events = coder.code("The Chilean foreign minister opened a door to Bolivia last week.")
    assert not [e for e in events if e.cameo.startswith("086")]


def test_a_warning_that_the_speakers_side_will_respond_with_force_is_a_threat(
    coder: Coder,
) -> None:
    events = coder.code(
        '"If they cross that line again, we will respond with force," a Greek navy '
        "commander warned on Sunday."
    )
    assert [e for e in events if e.root == "13"]


def test_an_owners_property_seized_is_confiscation(coder: Coder) -> None:
    events = coder.code("A Russian businessman's yacht was seized by Italian authorities in Genoa.")
    assert [e for e in events if e.cameo == "1711"] and not [e for e in events if e.root == "19"]


def test_police_talking_to_private_people_is_no_diplomacy(coder: Coder) -> None:
    for text in (
        "Kenyan police said they were eager to talk to two men seen near the blast site.",
        "Detectives in Mombasa met the victim's family on Tuesday.",
    ):
        events = coder.code(text)
        assert not [e for e in events if e.root in {"03", "04"}], text
    events = coder.code("Kenyan police chiefs met Somali security officials in Garissa.")
    assert [e for e in events if e.root == "04"]


def test_rejecting_an_accusation_as_baseless_is_a_denial(coder: Coder) -> None:
    events = coder.code("Kenya's foreign ministry rejected the accusation as baseless.")
    assert [e for e in events if e.cameo == "016"] and not [e for e in events if e.root == "11"]


def test_hopes_an_act_raises_are_no_comment(coder: Coder) -> None:
    events = coder.code(
        "Rwanda released two Congolese soldiers on Friday, raising hopes of a thaw in relations."
    )
    assert not [e for e in events if e.root == "01"]
    assert [e for e in events if e.root == "08"]


def test_reporters_pressing_a_minister_ask_questions(coder: Coder) -> None:
    events = coder.code(
        "Reporters pressed the Ghanaian minister on the delay at a news conference."
    )
    assert not [e for e in events if e.root == "02"]
    events = coder.code(
        "Kenya's opposition pressed the government to release the detained activists."
    )
    assert [e for e in events if e.root == "02"]


def test_a_warning_addressed_to_an_actor_is_still_a_threat(coder: Coder) -> None:
    events = coder.code("Ghana warned Togo that its troops would respond to any incursion.")
    assert [e for e in events if e.root == "13" and e.target and e.target.actor.code == "TGO"]


def test_an_arrest_whose_object_the_parser_mislabels_is_kept(coder: Coder) -> None:
    # The small parser sometimes reads the ones arrested as an adverbial noun; the arrest
    # still has someone arrested.
    text = (
        "Ethiopian troops shelled Eritrean positions near the border on Monday. "
        "officers detained four youths after the scuffle."
    )
    assert [e for e in coder.code(text) if e.cameo == "173"]


def test_deaths_in_an_accident_are_no_force(coder: Coder) -> None:
    # Killed in a crash or a storm: nobody used force.
    events = coder.code("Two Kenyan soldiers were killed in a helicopter crash near Garissa.")
    assert not [e for e in events if e.root in {"18", "19", "20"}]
    events = coder.code("Four Chilean firefighters were killed by a wildfire near Valparaiso.")
    assert not [e for e in events if e.root in {"18", "19", "20"}]


def test_deaths_in_an_ambush_are_force(coder: Coder) -> None:
    events = coder.code("Three Malian soldiers were killed in an ambush near Gao.")
    assert [e for e in events if e.root == "19"]


def test_fighting_to_achieve_something_is_effort_not_force(coder: Coder) -> None:
    events = coder.code("Kenyan parties are battling to win the August election.")
    assert not [e for e in events if e.root in {"18", "19", "20"}]
    events = coder.code("Colombian farmers are fighting to keep their land titles.")
    assert not [e for e in events if e.root in {"18", "19", "20"}]


def test_fighting_someone_is_still_force(coder: Coder) -> None:
    events = coder.code("Somali troops are fighting al-Shabaab to retake the town.")
    assert [e for e in events if e.root == "19"]


def test_a_worry_of_police_or_experts_is_no_statement(coder: Coder) -> None:
    # Fear and worry are states of mind; only a political actor's voiced fear is a comment.
    events = coder.code("Kenyan investigators worried that the suspect would flee to Somalia.")
    assert not [e for e in events if e.root == "01"]


def test_a_governments_fear_is_a_comment_and_the_feared_act_did_not_happen(
    coder: Coder,
) -> None:
    events = coder.code("Uganda's president fears that Kenya will close the border.")
    assert [e for e in events if e.cameo == "012"]
    assert all(e.modality == "hypothetical" for e in events if e.root == "19")


def test_seizing_control_of_a_place_is_occupation(coder: Coder) -> None:
    events = coder.code("Ethiopian forces seized control of the border town of Humera.")
    assert [e for e in events if e.cameo == "192"]
    assert not [e for e in events if e.cameo == "1711"]


def test_smothering_the_opposition_is_no_killing(coder: Coder) -> None:
    events = coder.code("The Zimbabwean ruling party has smothered the opposition for decades.")
    assert not [e for e in events if e.root in {"18", "19", "20"}]


def test_a_doerless_gerund_of_force_aimed_at_a_politician_is_no_force(coder: Coder) -> None:
    events = coder.code("The party has done nothing but attacking the president since January.")
    assert not [e for e in events if e.root in {"18", "19", "20"}]


def test_a_quote_whose_speaker_is_only_a_pronoun_is_not_a_statement(coder: Coder) -> None:
    # The speaker was named sentences ago; the quote is an interview, not a statement coded.
    text = (
        "Kenya's trade minister opened the new market in Mombasa on Monday. "
        "“Tanzania has been unfair to our traders,” he said."
    )
    assert not [e for e in coder.code(text) if e.root == "01"]


def test_a_toned_statement_naming_no_actor_is_not_an_event(coder: Coder) -> None:
    # Tone alone (a bad week, a hopeful market) says nothing between actors.
    events = coder.code("The Ghanaian finance minister said the currency had suffered badly.")
    assert not [e for e in events if e.root == "01"]
    events = coder.code("A Kenyan police commander said the crowd had been calm and cheerful.")
    assert not [e for e in events if e.root == "01"]


def test_a_statement_naming_a_known_actor_is_kept(coder: Coder) -> None:
    events = coder.code("The Ghanaian finance minister said Nigeria had broken its promises.")
    assert [e for e in events if e.source and e.source.actor.country == "GHA"]


def test_an_act_noun_behind_another_preposition_is_not_the_subjects_act(coder: Coder) -> None:
    # Only taking part ("engaged in", "pressed ahead with") makes a noun's act the subject's.
    events = coder.code("Ugandan police arrested the men behind the bombing in Kampala.")
    assert not [e for e in events if e.root in {"18", "19"} and e.source is not None]
    events = coder.code("The Zambian army cracked down on protests in Lusaka.")
    assert not [e for e in events if e.root == "14"]
    events = coder.code("Chadian troops were praised for the rescue of the hostages.")
    assert not [e for e in events if e.root == "08" and e.source is not None]


def test_an_act_noun_the_subject_takes_part_in_is_its_act(coder: Coder) -> None:
    events = coder.code("Malian rebels engaged in heavy fighting with the army near Gao.")
    assert [e for e in events if e.root == "19" and e.source and e.source.actor.country == "MLI"]
    events = coder.code("The Ethiopian army persisted with air strikes on Tigrayan rebels.")
    assert [e for e in events if e.root == "19" and e.source and e.source.actor.country == "ETH"]


def test_who_modifies_a_protest_noun_is_the_protester_not_the_target(coder: Coder) -> None:
    # "farmer protests were staged": the farmers protest; nobody protests against them.
    events = coder.code("Farmer protests were staged across Kenya's Rift Valley last month.")
    protests = [e for e in events if e.root == "14"]
    assert protests and all(e.target is None for e in protests)
    assert all(e.source and e.source.actor.sector == "AGR" for e in protests)


def test_a_city_named_before_an_attack_noun_is_where_not_who(coder: Coder) -> None:
    # "the Nairobi bombing" happened in Nairobi; "Russian airstrikes" are Russia's.
    events = coder.code("The Nairobi bombing killed twelve people on Friday.")
    assert not [e for e in events if e.source is not None and e.source.actor.country == "KEN"]
    events = coder.code("Russian airstrikes killed twelve people in Idlib on Friday.")
    assert [e for e in events if e.source is not None and e.source.actor.country == "RUS"]


def test_whoever_is_deported_in_a_passive_clause_is_not_the_deporter(coder: Coder) -> None:
    # "after being deported": the subject of the main clause underwent the act.
    events = coder.code("Forty Kenyans flew home on Monday after being deported from Qatar.")
    assert not [e for e in events if e.root == "17" and e.source is not None]


def test_asking_whether_something_happened_is_no_appeal(coder: Coder) -> None:
    events = coder.code("Ghana's opposition asked whether the government had sent aid to Togo.")
    assert not [e for e in events if e.root in {"02", "10"}]
    events = coder.code("Ghana's opposition asked the government to send aid to Togo.")
    assert [e for e in events if e.root == "02"]
    events = coder.code("Ghana urged Togo to close the border if the fighting spreads.")
    assert [e for e in events if e.root in {"02", "10"}]


@pytest.mark.parametrize(
    "text",
    [
        "The nurses' union said more than 3,000 members had signed up for the march.",
        "A group of pensioners in Leeds praised the new bakery on the high street.",
        "Students at the college criticised their football coach after the defeat.",
        "Nurses at the clinic were praised for their long hours.",
    ],
)
def test_an_act_with_no_political_actor_on_either_side_is_no_event(coder: Coder, text: str) -> None:
    assert [e.cameo for e in coder.code(text) if e.root not in {"14", "18", "19", "20"}] == []


def test_citizens_acting_on_the_state_or_making_claims_stay_events(coder: Coder) -> None:
    accusation = coder.code("Shopkeepers in Lagos accused the Nigerian police of extortion.")
    assert ("NGABUS", "NGACOP", "11") in {
        (e.source and e.source.actor.code, e.target and e.target.actor.code, e.root)
        for e in accusation
    }
    demand = coder.code("Kenyan farmers demanded higher prices for their maize.")
    assert {e.root for e in demand} & {"10", "14"}


@pytest.mark.parametrize(
    "text",
    [
        "Parliament approved new funds to fight the rebels in the north of Mali.",
        "A proposal to arrest the former mayor of Goma was dropped last week.",
        "The committee met in Lusaka to discuss ways to punish Zambian smugglers.",
    ],
)
def test_an_infinitive_with_no_doer_is_an_aim_not_an_act(coder: Coder, text: str) -> None:
    doerless = [e for e in coder.code(text) if e.source is None]
    assert [e.cameo for e in doerless if e.root in {"17", "18", "19", "20"}] == []


def test_a_passive_with_no_doer_still_reports_force(coder: Coder) -> None:
    events = coder.code("Five Malian soldiers were killed near Gao on Sunday.")
    assert any(e.source is None and e.root in {"18", "19", "20"} for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "Three hikers died when a bridge collapsed near Kandy, Sri Lanka's disaster agency said.",
        "The Peruvian interior ministry said 40 people had registered for the amnesty scheme.",
        "Kenyan police said the two buses collided on the Nakuru highway before dawn.",
        "Two Nigerian soldiers died in a road accident near Kano, the Nigerian army said.",
        "Argentina's health ministry said 300 Bolivian nationals had registered at its clinics.",
    ],
)
def test_an_agency_reporting_a_happening_makes_no_statement_event(coder: Coder, text: str) -> None:
    assert [e.cameo for e in coder.code(text) if e.root == "01"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Ghana's finance minister said the Togolese proposal was unacceptable.",
        "Chile's foreign minister said Bolivia's claim had no basis in law.",
        "Egypt's foreign ministry said Ethiopia must share data on the dam with Sudan.",
    ],
)
def test_a_position_an_official_states_stays_a_statement(coder: Coder, text: str) -> None:
    # A position that asks something of another actor is a demand (10) instead, and one
    # that condemns it ("unacceptable") is criticism (11).
    assert [e for e in coder.code(text) if e.root in {"01", "10", "11"}]


@pytest.mark.parametrize(
    "text",
    [
        "A Kenyan cargo plane landed safely in Juba after an engine fault.",
        "A Greek oil tanker arrived in the Libyan port of Tobruk on Tuesday.",
        "Two Turkish trucks reached the Syrian town of Azaz before dawn.",
    ],
)
def test_a_vehicle_arriving_is_no_visit(coder: Coder, text: str) -> None:
    assert [e.cameo for e in coder.code(text) if e.root == "04"] == []


def test_a_delegation_arriving_is_still_a_visit(coder: Coder) -> None:
    events = coder.code("A Kenyan trade delegation arrived in Juba on Monday for talks.")
    assert [e.cameo for e in events if e.cameo[:3] in {"042", "043"}]


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds of Rwandan troops arrived in the Mozambican port of Pemba on Friday.",
        "About 400 Marines flew to the Kenyan coast to start the operation.",
        "A column of Chadian soldiers crossed into Niger before dawn.",
    ],
)
def test_armed_forces_moving_to_a_place_pay_no_visit(coder: Coder, text: str) -> None:
    assert [e.cameo for e in coder.code(text) if e.root == "04"] == []


def test_a_commander_arriving_is_still_a_visit(coder: Coder) -> None:
    events = coder.code("The Rwandan army chief arrived in Maputo on Friday for talks.")
    assert [e.cameo for e in events if e.cameo[:3] in {"042", "043"}]


def test_invading_the_country_is_occupying_territory_not_confiscation(coder: Coder) -> None:
    events = coder.code("Somalia was in chaos when Ethiopian troops invaded the country in 2006.")
    assert {e.cameo for e in events if e.root == "19"} == {"192"}
    assert not [e for e in events if e.cameo == "1711"]


@pytest.mark.parametrize(
    "text",
    [
        "The Peruvian government collapsed after the vice-president resigned.",
        "Bolivia's ruling coalition collapsed in March.",
        "The Kenyan shilling stalled against the dollar this week.",
    ],
)
def test_something_other_than_talks_collapsing_halts_no_talks(coder: Coder, text: str) -> None:
    assert [e.cameo for e in coder.code(text) if e.cameo == "164"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Talks between Peru and Chile on the border collapsed on Friday.",
        "The truce between Sudan and South Sudan broke down within days.",
    ],
)
def test_talks_or_a_truce_that_collapse_are_halted_negotiations(coder: Coder, text: str) -> None:
    assert [e for e in coder.code(text) if e.cameo == "164"]


def test_an_act_in_a_when_clause_on_a_time_noun_is_background(coder: Coder) -> None:
    text = (
        "The protest recalled an earlier era, when Ugandan soldiers attacked students at "
        "Makerere University."
    )
    attacks = [e for e in coder.code(text) if e.root in {"17", "18", "19"}]
    assert attacks
    assert all(e.date_detail and e.date_detail.historical for e in attacks)


def test_drafting_a_bill_is_no_conscription(coder: Coder) -> None:
    events = coder.code("Kenyan lawmakers are drafting an anti-terrorism bill.")
    assert not [e for e in events if e.root == "15"]
    conscripted = coder.code("Eritrea conscripted thousands of students into the army.")
    assert [e for e in conscripted if e.root == "15"]


@pytest.mark.parametrize(
    "text",
    [
        "Canada is closely aligned with Washington on trade.",
        "Namibia is often praised for its stable democracy.",
    ],
)
def test_a_present_passive_with_no_doer_is_a_state_not_an_act(coder: Coder, text: str) -> None:
    assert [e.cameo for e in coder.code(text) if e.source is None] == []


def test_a_past_passive_with_no_doer_is_still_an_act(coder: Coder) -> None:
    events = coder.code("Aid was delivered to Somalia on Monday.")
    assert [e for e in events if e.source is None and e.root == "07"]


def test_charging_people_with_batons_is_force_not_a_legal_charge(coder: Coder) -> None:
    events = coder.code("Kenyan police charged the protesters with batons and tear gas in Nairobi.")
    assert not [e for e in events if e.cameo == "173"]
    assert [e for e in events if e.cameo == "175"]


def test_charging_people_with_an_offence_stays_a_legal_charge(coder: Coder) -> None:
    events = coder.code("Ugandan police charged three opposition leaders with treason in Kampala.")
    assert [e for e in events if e.cameo == "173"]


def test_seizing_on_something_is_exploiting_it_not_taking_territory(coder: Coder) -> None:
    events = coder.code("Ugandan ministers seized on the scandal in the Kenyan parliament.")
    assert not [e for e in events if e.root == "19"]
    taken = coder.code("Ugandan rebels seized the Congolese town of Bunia.")
    assert [e for e in taken if e.cameo == "192"]


def test_ending_years_of_an_act_is_not_that_act(coder: Coder) -> None:
    events = coder.code("Peru and Chile ended decades of hostility with the new border treaty.")
    assert not [e for e in events if e.root in {"18", "19"}]


@pytest.mark.parametrize(
    "text",
    [
        "A witness told the court that the two men had argued before the fire.",
        "A neighbour told investigators the family had left the village weeks earlier.",
    ],
)
def test_a_statement_by_someone_named_only_as_a_private_person_is_no_event(
    coder: Coder, text: str
) -> None:
    assert not [e for e in coder.code(text) if e.root in {"01", "04"}]


def test_an_officials_statement_to_a_court_stays_a_statement(coder: Coder) -> None:
    events = coder.code("The defence minister told parliament that Moldova had broken the deal.")
    assert [e for e in events if e.root in {"01", "11", "12"}]


@pytest.mark.parametrize(
    "text",
    [
        "Ahmed Salah, a former minister who ordered the arrest of journalists in 2015, returned"
        " to Cairo on Monday.",
        "The court freed two activists who were detained by police during the protests last year.",
    ],
)
def test_a_past_act_in_a_relative_clause_about_people_is_background(
    coder: Coder, text: str
) -> None:
    (event,) = [e for e in coder.code(text) if e.cameo.startswith("173")]
    assert "background" in event.evidence.conventions


def test_regretting_another_actors_decision_is_criticism_not_apology(coder: Coder) -> None:
    events = coder.code("Japan's ministry said it regretted Seoul's decision to end a pact.")
    assert not [e for e in events if e.cameo == "055"]
    assert [e for e in events if e.root == "11"]


def test_regretting_its_own_error_is_an_apology(coder: Coder) -> None:
    events = coder.code("The Nigerian army regretted its error and apologised to the families.")
    assert [e for e in events if e.cameo == "055"]


def test_a_tone_word_under_no_gives_no_tone(coder: Coder) -> None:
    events = coder.code("Police said the protesters had no option but to leave the square.")
    assert not [e for e in events if e.cameo == "014"]


def test_weighing_options_stays_a_policy_consideration(coder: Coder) -> None:
    events = coder.code("The Kenyan government said it was weighing all options on the border.")
    assert [e for e in events if e.cameo == "014"]


def test_inspecting_a_thing_is_no_policy_consideration(coder: Coder) -> None:
    # Experts studying wreckage or phones weigh evidence, not a policy option.
    for text in (
        "A French prosecutor said experts were studying the wreckage for signs of a bomb "
        "planted by jihadists from Mali.",
        "An Indian police official said investigators were examining the phones of the two "
        "suspects to learn whether they had links to Lashkar-e-Taiba.",
    ):
        assert not [e for e in coder.code(text) if e.cameo == "014"], text
    events = coder.code("The Chilean government said it would study the proposal from Bolivia.")
    assert [e for e in events if e.cameo == "014"]


@pytest.mark.parametrize(
    "text",
    [
        "His fear of being extradited to the United States kept Assange in the embassy.",
        "Activists in Israel warned of the risk of migrants being deported to Eritrea.",
    ],
)
def test_an_act_feared_or_risked_is_a_possibility(coder: Coder, text: str) -> None:
    events = [e for e in coder.code(text) if e.root in {"06", "17", "20"}]
    assert all(e.modality not in FACTUAL_MODALITIES for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "Local politicians in Kenya avoided engaging the army in the dispute over wages.",
        "Firefighters in Lagos brought down two residents from the burning tower.",
    ],
)
def test_a_force_verb_in_its_everyday_sense_is_no_force(coder: Coder, text: str) -> None:
    assert not [e for e in coder.code(text) if e.root in {"18", "19", "20"}]


@pytest.mark.parametrize(
    "text",
    [
        "Syrian air defences brought down an Israeli drone near Damascus.",
        "Kurdish fighters repelled an Islamic State attack on the town.",
        "Turkish troops engaged Kurdish militants near the border on Sunday.",
    ],
)
def test_force_verbs_with_armed_doers_or_aircraft_stay_force(coder: Coder, text: str) -> None:
    assert [e for e in coder.code(text) if e.root == "19"]


@pytest.mark.parametrize(
    "text",
    [
        "Another witness, Mary Olsen, told the jury that the gunman had reloaded twice.",
        "The driver, Tom Reyes, told police that a second car had hit the barrier.",
    ],
)
def test_a_named_private_persons_testimony_is_no_statement_event(coder: Coder, text: str) -> None:
    assert not [e for e in coder.code(text) if e.root == "01"]


@pytest.mark.parametrize(
    "text",
    [
        "Many Kenyans accuse the ruling party of ignoring the drought.",
        "Most Germans blame the government for the rise in prices.",
    ],
)
def test_what_many_people_think_is_opinion_not_an_event(coder: Coder, text: str) -> None:
    assert not [e for e in coder.code(text) if e.root in {"11", "12"}]


def test_citizens_accusing_someone_at_a_rally_is_still_an_event(coder: Coder) -> None:
    events = coder.code("Thousands of Kenyans accused the ruling party of theft at a rally.")
    assert [e for e in events if e.root == "11"]


@pytest.mark.parametrize(
    "text",
    [
        "Russian commanders probably ordered the strike on the convoy near Kharkiv.",
        "Officials in Kyiv said the drones were possibly launched from Belarus at Ukrainian towns.",
    ],
)
def test_an_act_told_as_probable_is_a_possibility(coder: Coder, text: str) -> None:
    events = [e for e in coder.code(text) if e.root == "19"]
    assert events and all(e.modality == "hypothetical" for e in events)


def test_the_news_agency_told_is_no_party_to_an_event(coder: Coder) -> None:
    events = coder.code("A Taliban official told Agence France-Presse that prisoners were moved.")
    assert not [e for e in events if e.target is not None and e.target.actor.country == "FRA"]


def test_an_outlets_report_of_a_happening_is_no_event(coder: Coder) -> None:
    assert not coder.code("Xinhua reported that two cargo ships had collided near the port.")


def test_the_means_of_a_promised_act_is_not_yet_done(coder: Coder) -> None:
    events = coder.code(
        "The government said it would respond by freezing tax transfers to the city."
    )
    assert not [e for e in events if e.root == "16" and e.modality in FACTUAL_MODALITIES]


def test_a_warning_is_never_an_optimistic_comment(coder: Coder) -> None:
    text = "The Peruvian government warned the epidemic is likely to get worse before it improves."
    events = coder.code(text)
    assert not [e for e in events if e.cameo == "013"]


def test_being_hurt_while_trying_to_stop_someone_is_no_assassination_attempt(
    coder: Coder,
) -> None:
    text = "A guard was badly injured in an attempt to stop the robbers in Lagos."
    assert not [e for e in coder.code(text) if e.cameo == "185"]


@pytest.mark.parametrize(
    "text",
    [
        "Washington stepped up its efforts to get Kyiv to arrest the former minister.",
        "Paris renewed its push to make Tehran release the detained aid workers.",
    ],
)
def test_an_act_someone_strives_to_bring_about_has_not_happened(coder: Coder, text: str) -> None:
    events = [e for e in coder.code(text) if e.root in {"17", "08"}]
    assert all(e.modality not in FACTUAL_MODALITIES for e in events)


def test_a_doerless_aim_stays_uncoded_when_it_is_read_as_future(coder: Coder) -> None:
    text = (
        "The rebel commander declared a truce, ending a long campaign to seize the capital, Sanaa."
    )
    assert not [e for e in coder.code(text) if e.cameo == "192" and e.source is None]


@pytest.mark.parametrize(
    "text",
    [
        "The Kenyan ministry gave no details about the detained journalists.",
        "Russia offered no aid to the flood victims in Pakistan.",
    ],
)
def test_an_act_whose_object_is_none_did_not_happen(coder: Coder, text: str) -> None:
    events = [e for e in coder.code(text) if e.root in {"03", "06", "07"}]
    assert all(e.modality not in FACTUAL_MODALITIES for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "Israel's prime minister damaged the relationship with Washington, critics said.",
        "The row badly damaged ties between Ankara and Berlin.",
    ],
)
def test_damaging_a_relationship_is_no_damage_to_property(coder: Coder, text: str) -> None:
    assert not [e for e in coder.code(text) if e.cameo.startswith("171")]


def test_damaging_buildings_is_damage_to_property(coder: Coder) -> None:
    events = coder.code("Settlers damaged Palestinian homes and a mosque near Nablus.")
    assert [e for e in events if e.cameo.startswith("171")]


@pytest.mark.parametrize(
    "text",
    [
        "Sixty percent of Kenyans say the president should be impeached by parliament.",
        "A majority of Israelis believe the army should withdraw from Gaza.",
    ],
)
def test_what_a_poll_says_should_happen_is_opinion_not_an_event(coder: Coder, text: str) -> None:
    assert not coder.code(text)


def test_what_a_party_says_should_happen_stays_a_recommendation(coder: Coder) -> None:
    events = coder.code("The Kenyan opposition says the president should be impeached.")
    assert [e for e in events if e.modality == "recommended"]


def test_warning_against_a_policy_is_a_comment_not_a_threat(coder: Coder) -> None:
    events = coder.code("The Kenyan president warned against a rushed deal with the rebels.")
    assert not [e for e in events if e.root == "13"]


def test_warning_against_an_attack_stays_a_threat(coder: Coder) -> None:
    events = coder.code("Kenya warned against any attack on its troops in Somalia.")
    assert [e for e in events if e.root == "13"]


def test_a_plain_remark_about_ones_own_country_is_no_event(coder: Coder) -> None:
    events = coder.code("The Kenyan defence minister said Kenya had needed such ships for years.")
    assert not [e for e in events if e.cameo == "010"]


@pytest.mark.parametrize(
    "text",
    [
        "The Kenyan defence minister said Somalia had broken the border deal.",
        "The Kenyan finance minister said Kenya's new tax law would take effect in June.",
    ],
)
def test_a_remark_about_another_actor_or_a_policy_stays_a_statement(
    coder: Coder, text: str
) -> None:
    assert [e for e in coder.code(text) if e.root in {"01", "11", "12"}]


def test_a_former_officials_plain_remark_is_commentary_not_an_event(coder: Coder) -> None:
    text = (
        '"Israel has lost patience with Hamas," said Jane Roe, a former Norwegian ambassador '
        "to Israel."
    )
    assert not [e for e in coder.code(text) if e.cameo == "010"]


def test_a_former_officials_accusation_stays_an_event(coder: Coder) -> None:
    text = "A former Norwegian foreign minister accused Israel of blocking aid to Gaza."
    assert [e for e in coder.code(text) if e.root == "11"]


def test_demonstrating_a_quality_is_no_protest(coder: Coder) -> None:
    text = '"Both sides have demonstrated a willingness to take risks," the Kenyan president said.'
    assert not [e for e in coder.code(text) if e.root == "14"]


def test_protesting_a_decision_is_still_a_protest(coder: Coder) -> None:
    events = coder.code("Thousands of Kenyan students protested the tuition decision in Nairobi.")
    assert [e for e in events if e.root == "14"]


def test_recognizing_that_something_is_so_is_no_recognition(coder: Coder) -> None:
    events = coder.code("The cabinet recognized that the army had mistreated prisoners.")
    assert not [e for e in events if e.cameo == "054"]


def test_recognizing_a_state_stays_a_recognition(coder: Coder) -> None:
    assert ("NOR", "XKX", "054") in codes(coder.code("Norway recognized Kosovo in 2008."))


@pytest.mark.parametrize(
    "text",
    [
        "The senator said she would take a harder line with Moscow.",
        "The new chancellor will take a softer line toward Ankara.",
        "Poland has taken a firm position on the Baltic pipeline.",
    ],
)
def test_a_stance_taken_is_no_ground_taken(coder: Coder, text: str) -> None:
    events = coder.code(text)
    assert not [e for e in events if e.root == "19" or e.cameo.startswith("138")]


def test_a_front_line_taken_stays_ground_taken(coder: Coder) -> None:
    events = coder.code("Rebels captured the old front line east of Donetsk.")
    assert [e for e in events if e.cameo == "192"]


def test_echoing_a_treaty_is_no_agreement(coder: Coder) -> None:
    events = coder.code("The minister echoed the Minsk accord in a speech to Ukrainian lawmakers.")
    assert not [e for e in events if e.root in {"03", "05"}]


def test_agreeing_a_deal_stays_an_agreement(coder: Coder) -> None:
    events = coder.code("Serbia and Kosovo agreed a trade deal on Monday.")
    assert [e for e in events if e.cameo == "057"]


def test_a_thing_that_shows_is_no_speaker(coder: Coder) -> None:
    text = (
        "The Kenyan election results suggest that most voters back the president's stance on "
        "Somalia."
    )
    assert not [e for e in coder.code(text) if e.root == "01"]


def test_a_statement_named_as_a_document_keeps_its_issuer(coder: Coder) -> None:
    events = coder.code("The Russian statement said the talks with Ukraine had failed.")
    assert [e for e in events if e.root == "01" and e.source and e.source.actor.code == "RUS"]


@pytest.mark.parametrize(
    "text",
    [
        "Armed robbers killed two police officers in Lagos.",
        "Two Kenyan businessmen murdered a rival trader in Mombasa.",
    ],
)
def test_a_private_persons_killing_is_unconventional_violence(coder: Coder, text: str) -> None:
    events = coder.code(text)
    assert [e for e in events if e.cameo == "1823"], text
    assert not [e for e in events if e.root == "19"], text


def test_rebels_killing_soldiers_stays_military_force(coder: Coder) -> None:
    events = coder.code("Rebels killed five soldiers in an ambush.")
    assert [e for e in events if e.root == "19"]


@pytest.mark.parametrize(
    "text",
    [
        "the student leader was picked up at a roadblock outside nakuru by kenyan police.",
        "Ugandan soldiers picked up three opposition supporters near the border.",
        "police booked the kenyan shopkeeper for rioting in nakuru.",
    ],
)
def test_an_arrest_verb_that_needs_a_coercive_doer_codes_with_one(coder: Coder, text: str) -> None:
    assert [e for e in coder.code(text) if e.cameo == "173"], text


@pytest.mark.parametrize(
    "text",
    [
        "The Kenyan president picked up the phone and called Museveni.",
        "The Kenyan minister booked a flight to London for the summit.",
        "Kenyan fans picked up their tickets for the match against Uganda.",
    ],
)
def test_an_arrest_verb_without_a_coercive_doer_is_another_sense(coder: Coder, text: str) -> None:
    assert not [e for e in coder.code(text) if e.root == "17"], text


def test_warning_against_linking_an_attack_is_no_threat(coder: Coder) -> None:
    # What is warned against is the head of the phrase (linking), not an act it mentions.
    text = "Kenyan officials cautioned against linking the attack to the explosion in Mombasa."
    assert not [e for e in coder.code(text) if e.root == "13"]


def test_people_surrounding_a_building_lay_no_siege(coder: Coder) -> None:
    for text in (
        "Thousands of nurses surrounded the parliament in Nairobi to demand pay.",
        "Several thousand farmers surrounded the Punjab assembly on Monday.",
    ):
        assert not [e for e in coder.code(text) if e.root == "19"], text
    troops = coder.code("Ethiopian troops surrounded the Eritrean border town of Badme.")
    assert [e.cameo for e in troops if e.root == "19"] == ["191"]


def test_private_people_joining_a_group_make_no_diplomatic_cooperation(coder: Coder) -> None:
    people = coder.code("Hundreds of young Kenyans have joined militant groups in Somalia.")
    assert not [e for e in people if e.root == "05"]
    party = coder.code("The Kenyan opposition party joined the ruling coalition.")
    assert [e.cameo for e in party if e.root == "05"] == ["050"]


def test_an_officer_asking_one_person_for_something_is_no_appeal(coder: Coder) -> None:
    for text in (
        "A Kenyan police officer ordered the driver to step out of the car.",
        "Kenyan officers asked him for his papers at the checkpoint.",
        "Italian officers asked the suspect for identification near the station in Milan.",
        "Marco Rossi, the suspect in the Milan attack, was standing alone near the station "
        "when Italian officers asked him for identification.",
    ):
        assert not [e for e in coder.code(text) if e.root in {"02", "10"}], text
    urged = coder.code("Kenyan police urged residents to stay indoors.")
    assert [e for e in urged if e.root == "02"]


def test_bodily_harm_needs_a_person_as_its_object(coder: Coder) -> None:
    # Abusing or trampling an office, a position or rights is misuse, not an assault.
    for text in (
        "The Zambian governor abused her office to reward her donors.",
        "The Kenyan minister abused his position to enrich his brothers.",
    ):
        assert not [e for e in coder.code(text) if e.root == "18"], text
    guards = coder.code("Zimbabwean prison guards abused the detainees in Harare.")
    assert [e.cameo for e in guards if e.root == "18"] == ["182"]


def test_an_act_said_to_happen_at_that_time_is_background(coder: Coder) -> None:
    # A past-reference time adverbial ("at the time", "back then") recalls, it does not report.
    for text in (
        "At the time, Kenyan officials accused Uganda of arming the rebels.",
        "Back then, the Ethiopian army shelled Eritrean border towns every week.",
        "For years, Kenyan officials have accused Uganda of arming the rebels.",
        "The Nigerian army has been battling Boko Haram in the northeast since 2009.",
        "Somali troops have battled al-Shabab fighters for more than a decade.",
        "Kenyan officials have long accused Uganda of arming the rebels.",
    ):
        events = [e for e in coder.code(text, date="2022-05-01") if e.root in {"11", "19"}]
        assert events, text
        assert all("background" in e.evidence.conventions for e in events), text
    today = coder.code("Kenyan officials accused Uganda of arming the rebels.")
    assert not [e for e in today if "background" in e.evidence.conventions]


def test_a_warning_of_trouble_that_names_no_actor_is_no_event(coder: Coder) -> None:
    # A forecast is a statement, and a statement must say something about an actor.
    for text in (
        "Kenyan authorities have warned the situation will get worse before it improves.",
        "The Ghanaian finance minister warned that prices would keep rising this year.",
        # a policy named only in the reason given is not what is foreseen
        "Kenyan authorities warned the situation would get worse because the new measures "
        "would take weeks to work.",
    ):
        assert not coder.code(text), text


def test_a_state_of_mind_told_in_the_past_is_no_statement(coder: Coder) -> None:
    # Narrated motives and beliefs ("feared", "hoped", "believed") tell what someone thought,
    # not what they said; said or held now, they are comments.
    for text in (
        "Kenyan officials feared that the rebels would regroup in the forest.",
        "The Nigerian president believed in the power of the army.",
        "Ghanaian diplomats hoped that the border would stay open.",
    ):
        assert not [e for e in coder.code(text) if e.root == "01"], text
    said = coder.code("The Kenyan minister said he hoped the talks with Somalia would resume.")
    assert [e for e in said if e.cameo == "013"]
    now = coder.code("The UN fears a new exodus of refugees from Sudan.")
    assert [e for e in now if e.cameo == "012"]


def test_a_toned_remark_about_the_economy_is_no_event(coder: Coder) -> None:
    # Prices, growth and inflation are figures, and a remark about one's own country names no
    # other actor: neither is an event between actors, whatever tone its forecast gives it.
    for text in (
        "Prime Minister Abiy Ahmed said Ethiopia's economy would grow by 8 percent next year.",
        "The Chilean finance minister said copper prices would recover once Chinese demand "
        "picked up.",
    ):
        assert not coder.code(text), text
    # A word of tone of its own is evidence enough: the tone is what is reported.
    mood = coder.code("The Kenyan president said he was optimistic about the economy.")
    assert [e for e in mood if e.cameo == "013"]
    talks = coder.code("The Kenyan president said he was optimistic about the talks with Somalia.")
    assert [e for e in talks if e.cameo == "013"]
    congo = coder.code(
        "The French foreign minister said Paris was deeply concerned about the fighting in "
        "eastern Congo."
    )
    assert [e for e in congo if e.root == "01"]


def test_firing_a_person_is_a_dismissal_not_force(coder: Coder) -> None:
    # A person as the direct object of "fire" is dismissed; force fires a weapon, or fires
    # on or at someone.
    for text in (
        "The company fired 300 workers after the strike at its Zambian copper mine.",
        "The Kenyan president fired his interior minister on Monday.",
    ):
        assert not [e for e in coder.code(text) if e.root in {"18", "19", "20"}], text
    mortars = coder.code("Somali militants fired mortars at the presidential palace.")
    assert [e for e in mortars if e.root in {"18", "19"}]
    gas = coder.code("Kenyan police fired tear gas at protesters in Nairobi.")
    assert [e for e in gas if e.root in {"17", "18", "19"}]


def test_a_capital_named_as_a_place_is_not_what_a_statement_is_about(coder: Coder) -> None:
    # "in Paris" is where something happened; "Paris" as a doer is the French government.
    text = '"We are proud of what our athletes achieved in Paris," the Kenyan sports minister said.'
    assert not [e for e in coder.code(text) if e.root == "01"]
    doer = coder.code("The Kenyan foreign minister said Paris had broken its promises to Africa.")
    assert [e for e in doer if e.root in {"01", "11", "12"}]


def test_a_warning_that_someone_else_will_strike_is_no_threat_by_the_speaker(
    coder: Coder,
) -> None:
    # The speaker foresees another side's act; a threat is an act the speaker's side would do.
    text = (
        "If the talks collapse, the rebels may attack the capital again, a Kenyan diplomat warned."
    )
    assert not [e for e in coder.code(text) if e.root == "13"]
    own = coder.code(
        "Police will detain anyone who joins the rally, Belarus's interior minister warned."
    )
    assert [e for e in own if e.root == "13"]


def test_what_a_law_allows_is_a_power_not_an_act(coder: Coder) -> None:
    text = "The new Kenyan law allows police to detain suspects for up to 30 days without charge."
    assert not [e for e in coder.code(text) if e.root == "17" and e.modality in FACTUAL_MODALITIES]


def test_what_analysts_say_may_happen_is_speculation(coder: Coder) -> None:
    # Observers speak for no one: their forecasts of an act are commentary.
    for text in (
        "Analysts say the Ethiopian army could launch a new offensive once the rains end.",
        "Several experts believe Russia may expel more European diplomats next year.",
    ):
        assert not coder.code(text), text
    said = coder.code("Kenyan officials say the Ethiopian army could launch a new offensive.")
    assert [e for e in said if e.root == "19"]


def test_an_audience_told_is_not_what_a_statement_is_about(coder: Coder) -> None:
    # Like the press, a crowd or an audience is how a statement is made.
    text = "The Philippine president told a crowd in Davao that he loved his home town."
    assert not [e for e in coder.code(text) if e.root == "01"]
    told = coder.code("The Philippine president told a crowd in Davao that China was a bully.")
    assert [e for e in told if e.root in {"01", "11", "12"}]


def test_praise_needs_an_actor_a_person_or_a_policy(coder: Coder) -> None:
    text = "The Indian prime minister congratulated the national cricket team on its victory."
    assert not [e for e in coder.code(text) if e.root == "05"]
    deal = coder.code("The Indian prime minister praised the new trade deal with Japan.")
    assert [e for e in deal if e.root == "05"]
    # an act named by its noun is praised: "welcomed the release", "praised the arrest"
    freed = coder.code("The UN envoy in Sudan welcomed the release and praised the handover.")
    assert [e for e in freed if e.root == "05"]


def test_meeting_a_goal_is_no_meeting(coder: Coder) -> None:
    # One meets people; a target, an expectation or a deadline is reached, not consulted.
    for text in (
        "The Kenyan government met its target of building 10,000 homes this year.",
        "Nigeria's oil output met expectations in the second quarter.",
        "The Ghanaian president met the deadline for submitting the budget.",
    ):
        assert not coder.code(text), text
    for text in (
        "The Ghanaian president met the Togolese delegation in Accra.",
        "The Ghanaian president met his Togolese counterpart in Accra.",
    ):
        assert [e for e in coder.code(text) if e.root == "04"], text


def test_private_crime_against_one_or_two_people_is_no_political_event(coder: Coder) -> None:
    # With no political actor on either side, a shooting or a stabbing of a man is crime news;
    # force on people named as a group, or on an actor, stays.
    for text in (
        "A man was shot dead outside a bar in Nakuru on Saturday night.",
        "Two men were killed in separate incidents in Mombasa yesterday.",
        "Police said one of the robbers pulled a gun and shot at him.",
        "A witness said one of the men pulled a gun and started shooting at a neighbour.",
    ):
        assert not [e for e in coder.code(text) if e.root in {"18", "19"}], text
    for text in (
        "Gunmen killed 12 villagers in an attack in Zamfara state.",
        "Unidentified gunmen shot dead a local journalist in Mogadishu.",
        "Five soldiers were killed when a roadside bomb struck their convoy in Mali.",
    ):
        assert [e for e in coder.code(text) if e.root in {"18", "19"}], text


def test_returning_to_an_office_is_no_visit(coder: Coder) -> None:
    # An office one goes back to is taken up, whoever the document has named before.
    text = (
        "The US State Department criticised the election. When Putin returned to the "
        "presidency in 2012, he blamed Washington for the protests."
    )
    assert not [e for e in coder.code(text) if e.root == "04"]


def test_inviting_professionals_is_no_intent_to_meet(coder: Coder) -> None:
    text = "The Austrian government will invite architects to submit plans for the building."
    assert not [e for e in coder.code(text) if e.root == "03"]
    envoy = coder.code("Austria invited Iran's foreign minister to Vienna for talks.")
    assert [e for e in envoy if e.root in {"03", "04"}]


def test_a_politicians_attack_named_by_a_noun_is_criticism(coder: Coder) -> None:
    text = "The Kenyan ruling party's attacks on the judiciary are unprecedented."
    events = coder.code(text)
    assert not [e for e in events if e.root in {"18", "19"}]
    raid = coder.code("The Kenyan army's attacks on rebel camps killed dozens of fighters.")
    assert [e for e in raid if e.root in {"18", "19"}]


def test_sending_back_a_thing_is_no_expulsion(coder: Coder) -> None:
    text = "The Kenyan minister sent back the draft report with a few corrections."
    assert not [e for e in coder.code(text) if e.root == "17"]
    people = coder.code("Uganda expelled two Kenyan activists last week.")
    assert [e for e in people if e.root == "17"]


def test_a_conflicts_toll_told_in_the_present_perfect_is_background(coder: Coder) -> None:
    # "the war has killed 300,000 people": a count over the war's years, not an act of the day.
    for text in (
        "The conflict in Sudan, which began in April 2023, has killed more than 150,000 people.",
        "The insurgency in northern Mozambique has displaced nearly a million people.",
    ):
        force = [e for e in coder.code(text, date="2025-01-10") if e.root in {"18", "19", "20"}]
        assert all("background" in e.evidence.conventions for e in force), text
    today = coder.code("Sudanese troops killed 12 civilians in Darfur on Monday.")
    assert not [e for e in today if "background" in e.evidence.conventions]


def test_ordering_a_review_is_no_demand(coder: Coder) -> None:
    # An order whose object is a thing or a process commissions it; a demand is made of
    # someone.
    text = "The Kenyan defence minister has ordered a review of the navy's procurement."
    assert not [e for e in coder.code(text) if e.root == "10"]
    told = coder.code("The Kenyan president ordered Somali troops to leave the border town.")
    assert [e for e in told if e.root in {"10", "17", "19", "20"}]


@pytest.mark.parametrize(
    "text",
    [
        "The governor urged voters to reject the new constitution in Sunday's referendum.",
        "At a rally in Lagos, the opposition candidate asked his supporters to turn out early.",
        "Campaigning in the north, the prime minister promised voters cheaper fuel and new roads.",
        "The senator appealed to her constituents to back the party's nominee in November.",
    ],
)
def test_an_appeal_or_pledge_to_the_electorate_is_campaigning(coder: Coder, text: str) -> None:
    assert not [e for e in coder.code(text) if e.root in {"02", "03", "05"}]


def test_an_appeal_to_a_state_is_still_an_appeal(coder: Coder) -> None:
    text = "The Kenyan president urged Uganda to reopen the border crossing at Busia."
    assert [e for e in coder.code(text) if e.root == "02"]


def test_a_group_acting_in_a_relative_clause_of_a_past_story_is_not_background(
    coder: Coder,
) -> None:
    # The clause goes on with the story's own moment: no biography of one person.
    text = (
        "As the report was released, the campus was surrounded by police, who fired tear gas "
        "at students trying to leave."
    )
    fired = [e for e in coder.code(text) if e.evidence.trigger == "fired"]
    assert fired and not any(e.date_detail and e.date_detail.historical for e in fired)
    earlier = coder.code(
        "The rebels, who had seized the town in 2019, signed a truce with the army on Monday."
    )
    seized = [e for e in earlier if e.evidence.trigger == "seized"]
    assert not seized or all(e.date_detail and e.date_detail.historical for e in seized)


@pytest.mark.parametrize(
    "text",
    [
        "The ambassador was known for telling reporters that Moscow was the real threat.",
        "The senator is notorious for attacking the Chinese government in his speeches.",
    ],
)
def test_what_someone_is_known_for_is_a_description(coder: Coder, text: str) -> None:
    assert coder.code(text) == []


def test_a_visitor_named_by_a_participle_visits_the_clauses_subject(coder: Coder) -> None:
    text = "The Kenyan president hosted visiting Chinese officials in Nairobi on Tuesday."
    visits = [e for e in coder.code(text) if e.cameo.startswith("042")]
    assert all(e.source and e.source.actor.country == "CHN" for e in visits)
    assert all(not e.target or e.target.actor.country == "KEN" for e in visits)


@pytest.mark.parametrize(
    "text",
    [
        "The European Union extended its sanctions on Belarus for another year.",
        "Kenya renewed the ban on Somali charcoal imports for a further two years.",
    ],
)
def test_a_span_of_years_ahead_is_no_recall(coder: Coder, text: str) -> None:
    events = coder.code(text)
    assert events and not any(e.date_detail and e.date_detail.historical for e in events)


def test_calling_on_someone_with_nothing_asked_is_a_courtesy_visit(coder: Coder) -> None:
    text = "The visiting Nepali foreign minister called on Prime Minister Sheikh Hasina in Dhaka."
    events = coder.code(text)
    assert not [e for e in events if e.root == "02"]
    assert [e for e in events if e.cameo == "042"]
    asked = coder.code("The Nepali foreign minister called on Bangladesh to reopen the border.")
    assert [e for e in asked if e.root == "02"]


def test_citing_a_reason_is_no_statement_about_its_owner(coder: Coder) -> None:
    text = "The president scuttled the talks in May, citing Taliban violence."
    assert not [e for e in coder.code(text) if e.root == "01"]
    reason = coder.code("The envoy cited Iranian aggression as the reason for the delay.")
    assert not [e for e in reason if e.root == "01"]


@pytest.mark.parametrize(
    "text",
    [
        "The Kenyan president told a few thousand farmers in Eldoret that prices would rise.",
        "The Dutch foreign minister said in a speech to the University of Ghana that trade "
        "would grow.",
    ],
)
def test_a_crowd_or_a_speech_venue_is_no_statements_target(coder: Coder, text: str) -> None:
    assert not [e for e in coder.code(text) if e.root == "01" and e.target]


@pytest.mark.parametrize(
    "text",
    [
        "The Ghanaian ministry said the Chinese-built stadium would open in March.",
        "Nigeria's information minister said the relationship with Britain remained strong.",
    ],
)
def test_a_plain_remark_naming_an_actor_only_in_passing_is_no_statement(
    coder: Coder, text: str
) -> None:
    assert not [e for e in coder.code(text) if e.cameo == "010"]


def test_a_plain_remark_about_what_another_actor_did_stays_a_statement(coder: Coder) -> None:
    text = "The Kenyan foreign minister said Uganda had not replied to the letter."
    assert [e for e in coder.code(text) if e.cameo == "010"]


def test_an_intended_trip_needs_a_destination(coder: Coder) -> None:
    text = (
        "Beijing said on Friday that it stood ready to go back to the stance it held before "
        "the summit."
    )
    assert not [e for e in coder.code(text) if e.cameo.startswith("036")]
    trip = coder.code("Beijing said it was ready to send a delegation to Tokyo next month.")
    assert trip


def test_what_studies_find_people_do_is_a_pattern_not_an_event(coder: Coder) -> None:
    text = "Studies have found that police in Brazil kill black men at higher rates."
    assert not [e for e in coder.code(text) if e.root == "19"]


def test_an_arrest_with_no_named_doer_was_made_by_the_police(coder: Coder) -> None:
    text = "Two opposition activists were arrested in Kampala on Sunday."
    arrests = [e for e in coder.code(text) if e.cameo == "173"]
    assert arrests and all(e.source and e.source.actor.code == "UGACOP" for e in arrests)
    assert all("implied-police" in e.evidence.conventions for e in arrests)
    charged = coder.code("The former Ugandan minister was charged with fraud in Kampala.")
    assert all(e.source is None for e in charged if e.cameo == "173")


def test_a_warning_against_doing_something_with_no_one_named_is_advice(coder: Coder) -> None:
    text = "Officials in Nairobi cautioned against linking the blast to the earlier shooting."
    assert not [e for e in coder.code(text) if e.root in {"11", "13"}]
    deal = coder.code("The Kenyan president warned against a rushed deal with Somalia.")
    assert [e for e in deal if e.root == "11"]


def test_a_partys_attacks_with_no_force_are_criticism(coder: Coder) -> None:
    text = (
        "The general told lawmakers he had weathered Republican attacks, many from the "
        "president's allies, on his honesty."
    )
    assert not [e for e in coder.code(text) if e.root in {"18", "19", "20"}]


def test_a_party_mobilising_behind_a_candidate_mobilises_no_forces(coder: Coder) -> None:
    text = (
        "In 2016 the Democratic Party establishment mobilized behind the former secretary of state."
    )
    assert not [e for e in coder.code(text) if e.root == "15"]


def test_soldiers_taking_to_the_streets_stage_no_protest(coder: Coder) -> None:
    text = "Kenyan soldiers took to the streets of Nairobi to clear the barricades on Sunday."
    assert not [e for e in coder.code(text) if e.root == "14"]
    marchers = coder.code("Thousands of Kenyan teachers took to the streets of Nairobi on Sunday.")
    assert [e for e in marchers if e.root == "14"]


def test_an_anonymous_source_telling_the_press_is_no_statement(coder: Coder) -> None:
    text = (
        "Canadian Paul Reed and Irish Ann Lee, both doctors at a Kabul clinic, were handed over "
        "to US forces in Helmand, a Taliban source told Reuters."
    )
    assert not [e for e in coder.code(text) if e.root == "01"]


def test_an_act_recalled_in_a_comparison_is_background(coder: Coder) -> None:
    text = (
        "Lawmakers seem intent on not angering nurses as the former governor did in lashing "
        "out at the nurses' union last year."
    )
    lashing = [e for e in coder.code(text) if e.evidence.trigger == "lashing"]
    assert all(e.date_detail and e.date_detail.historical for e in lashing)


def test_a_struggle_against_terrorism_is_a_policy_not_force(coder: Coder) -> None:
    text = "Officials were told to be ruthless in the struggle against terror and separatism."
    assert not [e for e in coder.code(text) if e.root in {"18", "19", "20"}]


def test_a_plain_statement_yet_to_be_made_is_no_event(coder: Coder) -> None:
    text = "On Monday the Kenyan government will announce a new strategy for Somalia."
    assert not [e for e in coder.code(text) if e.cameo == "010"]


@pytest.mark.parametrize(
    "text",
    [
        "The Kenyan opposition leader returned to Nairobi on Sunday after treatment abroad.",
        "Pakistan's prime minister came back to Islamabad late on Tuesday.",
        "President Ruto flew back to Nairobi after the summit.",
    ],
)
def test_going_back_to_a_place_of_ones_own_country_is_no_visit(coder: Coder, text: str) -> None:
    assert not [e for e in coder.code(text) if e.cameo.startswith("042")], text


def test_going_back_to_another_country_is_still_a_visit(coder: Coder) -> None:
    events = coder.code("The Kenyan foreign minister returned to Kampala for more talks.")
    assert [e for e in events if e.root == "04" and e.target and e.target.actor.code == "UGA"]


@pytest.mark.parametrize(
    "text",
    [
        "In the film's final scene, the rebels storm the palace and arrest the general.",
        "In the novel, a fictional American president declares war on Canada.",
        "In one episode of the sitcom, the Russian president invades Estonia.",
    ],
)
def test_an_act_set_in_a_work_of_fiction_is_no_event(coder: Coder, text: str) -> None:
    assert not coder.code(text), text


def test_a_film_named_in_real_news_does_not_hide_the_act(coder: Coder) -> None:
    events = coder.code("The film's director was arrested by police in Tehran on Monday.")
    assert [e for e in events if e.cameo.startswith("173")]
    events = coder.code("In scenes not seen since 2019, protesters stormed parliament in Nairobi.")
    assert [e for e in events if e.root == "14"]


@pytest.mark.parametrize(
    "text",
    [
        "The teachers' union gave $2 million to the senator's re-election campaign.",
        "A business group donated $500,000 toward the governor's election campaign.",
        "The association gave nearly $6 million to his presidential bid in 2016.",
    ],
)
def test_money_given_to_an_election_campaign_is_no_aid(coder: Coder, text: str) -> None:
    assert not [e for e in coder.code(text) if e.root == "07"], text


def test_money_given_to_a_public_campaign_is_still_aid(coder: Coder) -> None:
    events = coder.code("The European Union gave 5 million euros to Uganda's vaccination campaign.")
    assert [e for e in events if e.root == "07"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russian forces shelled Kherson overnight.", "UKR"),
        ("Israeli jets bombed Rafah on Tuesday.", "PSE"),
        ("Russian missiles struck Odesa, killing four people.", "UKR"),
        ("Kherson was shelled by Russian forces overnight.", "UKR"),
        ("Russian forces shelled the town of Kherson overnight.", "UKR"),
    ],
)
def test_a_place_attacked_by_another_countrys_forces_is_the_target(
    coder: Coder, text: str, expected: str
) -> None:
    events = [e for e in coder.code(text) if e.root in {"18", "19", "20"}]
    assert events and all(e.target and e.target.actor.code == expected for e in events), text


def test_a_place_of_ones_own_country_attacked_is_no_target(coder: Coder) -> None:
    events = coder.code("Nigerian jets bombed the Sambisa forest in Borno state on Sunday.")
    assert all(e.target is None or e.target.actor.code != "NGA" for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "Voters in the capital rejected the incumbent mayor in a landslide.",
        "Voters punished the ruling party over rising prices.",
        "Voters backed the new constitution in Sunday's referendum.",
    ],
)
def test_what_voters_do_at_the_polls_is_no_event(coder: Coder, text: str) -> None:
    assert not [e for e in coder.code(text) if e.root in {"05", "11", "12"}], text


def test_voters_who_protest_still_protest(coder: Coder) -> None:
    events = coder.code("Hundreds of voters protested outside the election commission in Lagos.")
    assert [e for e in events if e.root == "14"]


@pytest.mark.parametrize(
    "text",
    [
        "The central bank declared war on inflation with a sharp rate rise.",
        "The startup launched an attack on the search giant's dominance of online ads.",
        "The health ministry vowed to wage war on the virus this winter.",
    ],
)
def test_war_declared_on_an_ill_or_a_market_is_figurative(coder: Coder, text: str) -> None:
    assert not [e for e in coder.code(text) if e.root in {"13", "18", "19", "20"}], text


def test_war_declared_on_a_state_is_still_a_threat(coder: Coder) -> None:
    events = coder.code("Russia threatened to declare war on Georgia over the border dispute.")
    assert [e for e in events if e.root in {"13", "19"}]


def test_a_refusal_of_diplomatic_cooperation_is_a_rejection(coder: Coder) -> None:
    for text in (
        "Kenya will not recognise the breakaway region, the minister said.",
        "The minister said Kenya would never recognise the breakaway region.",
    ):
        events = coder.code(text)
        assert [e for e in events if e.root == "12" and e.modality in FACTUAL_MODALITIES], text


def test_state_forces_who_smash_and_burn_repress_they_do_not_riot(coder: Coder) -> None:
    for text in (
        "Riot police smashed the windows of parked cars in Tehran on Sunday.",
        "Soldiers set fire to shops in the market in Khartoum, witnesses said.",
    ):
        events = coder.code(text)
        assert not [e for e in events if e.root == "14"], text
    # Police officers who protest over their pay still protest.
    events = coder.code("Hundreds of police officers protested over unpaid wages in Lagos.")
    assert [e for e in events if e.root == "14"]


def test_taking_back_freedoms_confiscates_nothing(coder: Coder) -> None:
    events = coder.code("Critics say Beijing is taking back the freedoms promised to Hong Kong.")
    assert not [e for e in events if e.root in {"17", "19"}]


@pytest.mark.parametrize(
    "text",
    [
        "House Democrats have limited their inquiry to the tax records.",
        "Israel said it limited its strikes to military targets.",
        "Several police forces have banned rubber bullets after the deaths.",
    ],
)
def test_limiting_ones_own_acts_or_banning_a_weapon_is_no_sanction(coder: Coder, text: str) -> None:
    assert not [e for e in coder.code(text) if e.root == "17"], text


def test_restricting_others_is_still_a_sanction(coder: Coder) -> None:
    events = coder.code("China restricted the movements of foreign journalists in Xinjiang.")
    assert [e for e in events if e.root == "17"]


def test_people_the_dictionaries_do_not_know_by_a_common_noun_make_no_statement(
    coder: Coder,
) -> None:
    text = (
        "Neighbours recounted that the trekkers did reach the town and had told police "
        "about the raid."
    )
    assert not [e for e in coder.code(text) if e.root == "01"]
    # An unknown body ("the agency") or a name is still a speaker.
    events = coder.code("The Sahel Monitoring Agency told Kenya that the drought would worsen.")
    assert [e for e in events if e.root == "01"]


def test_a_trip_with_no_destination_is_no_refused_visit(coder: Coder) -> None:
    text = "The minister said the freed fighters would not return to the battlefield."
    assert not [e for e in coder.code(text) if e.root in {"04", "12"}]
    events = coder.code("Kenya's president will not travel to Uganda for the summit.")
    assert [e for e in events if e.root == "12"]
