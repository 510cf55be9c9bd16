"""Clause readings the event coder shares (`casus.events.clauses`)."""

from __future__ import annotations

from spacy.tokens import Token

from casus.events.clauses import commanded, dispersed, reduced_passive
from casus.pipeline import Coder


def _token(coder: Coder, text: str, word: str) -> Token:
    doc = coder.parse(text)
    return next(t for t in doc if t.text == word)


def test_the_people_a_purpose_clause_drives_off_are_its_objects(coder: Coder) -> None:
    fired = _token(coder, "Police fired tear gas to disperse the striking nurses.", "fired")
    assert [t.text for t in dispersed(fired)] == ["nurses"]
    shot = _token(coder, "Police fired tear gas at the striking nurses.", "fired")
    assert dispersed(shot) == []


def test_a_craft_with_no_object_is_a_reduced_passive(coder: Coder) -> None:
    assert reduced_passive(_token(coder, "Turkish drone shot down over Iraq", "shot"), "195")
    active = _token(coder, "Iranian drones shot down two helicopters.", "shot")
    assert not reduced_passive(active, "195")


def test_a_doerless_passive_under_an_order_is_commanded(coder: Coder) -> None:
    held = _token(coder, "The judge ordered that the minister be held in custody.", "held")
    order = commanded(held)
    assert order is not None and order.lemma_ == "order"
    asked = _token(coder, "The judge asked that the minister be held in custody.", "held")
    assert commanded(asked) is None
