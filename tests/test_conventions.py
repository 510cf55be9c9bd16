"""Coding conventions loaded from data: framed acts, intents, aid kinds, weapons."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from casus.events.conventions import load_coding_rules
from casus.events.modality import ModalityLexiconError

RULES = load_coding_rules()


def test_framed_acts_refine_general_frames_only() -> None:
    assert RULES.framed_code("020", "0841") == "0253"  # urged to release
    assert RULES.framed_code("100", "087") == "1056"  # demanded de-escalation
    assert RULES.framed_code("120", "0841") == "1243"  # refused to release
    assert RULES.framed_code("0234", "073") is None  # a specific appeal keeps its code


def test_announced_acts_become_intents_or_threats() -> None:
    assert RULES.intent_code("072") == "0332"
    assert RULES.intent_code("195") == "1384"
    assert RULES.intent_code("010") is None


def test_aid_kind_and_weapon_refinements() -> None:
    assert RULES.aid_code("023", {"humanitarian", "aid"}) == "0233"
    assert RULES.aid_code("190", {"humanitarian"}) is None
    assert RULES.refines_by_means("190") and not RULES.refines_by_means("042")
    assert RULES.means_code("190", {"saudi", "jet"}) == "195"


def test_malformed_file_names_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "coding.yml"
    bad.write_text('reciprocal: ["04"]\nframes: 3\n')
    with pytest.raises(ModalityLexiconError, match="frames"):
        load_coding_rules(bad)


def test_object_rules_by_longest_prefix() -> None:
    rule = RULES.object_rule("1951")
    assert rule is not None and "weapon" in rule.kinds and not rule.required
    arrest = RULES.object_rule("173")
    assert arrest is not None and arrest.required
    assert RULES.object_rule("196") is None  # violating a ceasefire names its act


def test_an_unknown_object_kind_is_a_clear_error(tmp_path: Path) -> None:
    good = (resources.files("casus") / "data" / "events" / "coding.yml").read_text("utf-8")
    bad = tmp_path / "coding.yml"
    bad.write_text(good + '\n  "042": {kinds: [spaceship]}\n', encoding="utf-8")
    with pytest.raises(ModalityLexiconError, match="objects: 042"):
        load_coding_rules(bad)
