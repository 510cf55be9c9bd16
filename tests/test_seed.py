"""The seed editorial that started the project (read from ../shared, never copied here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casus.extract import extract, read_file
from casus.model import Event
from casus.pipeline import Coder

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_bd462c8937be930d.txt"
pytestmark = pytest.mark.skipif(not SEED.is_file(), reason="seed editorial not present")


@pytest.fixture(scope="module")
def events(coder: Coder) -> list[Event]:
    return coder.code_article(extract(read_file(SEED)))


def find(events: list[Event], root: str, source: str, target: str) -> list[Event]:
    return [
        e
        for e in events
        if e.root == root
        and e.source is not None
        and e.source.actor.code.startswith(source)
        and e.target is not None
        and e.target.actor.code.startswith(target)
    ]


def test_intelligence_sharing_reported_by_the_envoy(events: list[Event]) -> None:
    (event, *_) = find(events, "06", "RUS", "AFGINS")
    assert event.cameo == "064" and event.modality == "reported"
    assert event.attribution is not None and event.attribution.actor.code == "RUSGOV"


def test_russian_military_fights_islamic_state_in_syria(events: list[Event]) -> None:
    fights = find(events, "19", "RUSMIL", "IMGISI")
    assert fights and any(e.place and e.place.country == "SYR" for e in fights)


def test_insurgents_refuse_to_recognise_baghdadi(events: list[Event]) -> None:
    assert find(events, "12", "PAKINS", "IMGISI") and find(events, "12", "AFGINS", "IMGISI")


def test_afghan_request_to_moscow(events: list[Event]) -> None:
    (event, *_) = find(events, "02", "AFGGOV", "RUS")
    assert event.modality == "asserted"


def test_editorial_recommendations_and_future(events: list[Event]) -> None:
    share = [e for e in find(events, "06", "RUS", "AFGGOV") if e.cameo == "064"]
    assert share and share[0].modality == "recommended"
    assert any(e.modality == "recommended" for e in find(events, "19", "RUS", "IMGISI"))
    support = [e for e in events if e.evidence.trigger == "support"]
    assert support and support[0].modality == "future"


def test_islamic_state_is_one_actor_and_chrome_is_ignored(events: list[Event]) -> None:
    codes = {r.actor.code for e in events for r in (e.source, e.target) if r is not None}
    group = {c for c in codes if c.startswith("IMG")}
    assert group == {"IMGISI"}
    text = " ".join(e.sentence for e in events)
    assert "Check Also" not in text and "About admin" not in text and "Robotics" not in text
