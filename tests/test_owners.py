"""Whose an agent is: an armed commander's men, the role named before, a private body's
office, a place on the agent itself (our own sentences)."""

from __future__ import annotations

import pytest

from casus.pipeline import Coder
from test_resolve import subjects


def test_the_men_of_an_armed_commander_share_his_sector(coder: Coder) -> None:
    text = "Rebel commander Musa Kito, in Congo, said his fighters had seized a town."
    assert subjects(coder, text)[-1] == ["CODREB"]
    text = "Police chief Omar Diallo of Dakar said his men had arrested the driver."
    assert subjects(coder, text)[-1] == ["SENCOP"]


def test_the_envoy_is_the_ambassador_named_before_not_the_last_official(coder: Coder) -> None:
    text = (
        "Mali expelled the Belgian ambassador on Monday. "
        "Government spokesman Colonel Ali Keita said the envoy had meddled in Mali's affairs."
    )
    assert subjects(coder, text)[-1] == ["BELGOV"]


def test_the_head_of_a_private_body_is_no_state_official(coder: Coder) -> None:
    for text in (
        "The president of the Kenyan Football Federation condemned the raid.",
        "Jane Roe, president of the Brookings Institution, condemned the raid.",
    ):
        assert not [c for c in subjects(coder, text)[0] if c.endswith("GOV")], text
    assert subjects(coder, "The president of Kenya condemned the raid.")[0] == ["KENGOV"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Germany's economy grew last year. The Texas governor praised the ruling.", "USAGOV"),
        ("Kenya's economy grew last year. The Kampala police arrested five men.", "UGACOP"),
    ],
)
def test_a_place_on_the_agent_itself_gives_its_country_before_the_article(
    coder: Coder, text: str, code: str
) -> None:
    assert subjects(coder, text)[-1] == [code]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Diplomats from the European Union attended the trial in Minsk.", "IGOEUR"),
        ("Observers from the African Union condemned the count in Harare.", "IGOAFU"),
        ("Inspectors from the United Nations toured the plant in Iran.", "IGOUNO"),
    ],
)
def test_people_sent_from_a_body_act_for_it_not_for_the_place(
    coder: Coder, text: str, expected: str
) -> None:
    assert subjects(coder, text)[-1][0].startswith(expected), text
