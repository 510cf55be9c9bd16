"""Closed-class words (prepositions, pronouns, group and equipment nouns, sector sets) as data.

One set per concept, read from ``data/lexicon/en.yml`` and validated on load, so that no
module declares its own copy of "place prepositions" that disagrees with another's.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from casus.yamlio import load_yaml


class LexiconError(ValueError):
    """The lexicon file is malformed."""


@dataclass(frozen=True)
class Lexicon:
    """Named sets of closed-class words; each field is one concept of en.yml."""

    place_prepositions: frozenset[str]
    containment_prepositions: frozenset[str]
    time_prepositions: frozenset[str]
    aimed_prepositions: frozenset[str]
    means_prepositions: frozenset[str]
    will_auxiliaries: frozenset[str]
    negators: frozenset[str]
    claim_verbs: frozenset[str]
    coercive_sectors: frozenset[str]
    background_prepositions: frozenset[str]
    taking_part_prepositions: frozenset[str]
    protest_nouns: frozenset[str]
    background_subordinators: frozenset[str]
    person_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    possessive_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    person_relatives: frozenset[str]
    regret_verbs: frozenset[str]
    homecoming_verbs: frozenset[str]
    inquiry_nouns: frozenset[str]
    holder_office_nouns: frozenset[str]
    abstract_aim_nouns: frozenset[str]
    voter_nouns: frozenset[str]
    region_body_nouns: frozenset[str]
    campaign_nouns: frozenset[str]
    election_words: frozenset[str]
    story_nouns: frozenset[str]
    story_part_nouns: frozenset[str]
    homecoming_particles: frozenset[str]
    envoy_nouns: frozenset[str]
    opinion_quantifiers: frozenset[str]
    share_nouns: frozenset[str]
    private_body_heads: frozenset[str]
    opinion_verbs: frozenset[str]
    armed_people_nouns: frozenset[str]
    decision_nouns: frozenset[str]
    quantity_nouns: frozenset[str]
    delegate_nouns: frozenset[str]
    equipment_nouns: frozenset[str]
    country_nouns: frozenset[str]
    group_nouns: frozenset[str]
    time_nouns: frozenset[str]
    policy_nouns: frozenset[str]
    chance_nouns: frozenset[str]
    currency_nouns: frozenset[str]
    depiction_verbs: frozenset[str]
    conditional_marks: frozenset[str]
    admission_verbs: frozenset[str]
    naming_verbs: frozenset[str]
    speaker_pronouns: frozenset[str]
    policing_sectors: frozenset[str]
    struck_verbs: frozenset[str]
    explosive_nouns: frozenset[str]
    firing_verbs: frozenset[str]
    deadly_words: frozenset[str]
    series_nouns: frozenset[str]
    taking_verbs: frozenset[str]
    verbal_attack_verbs: frozenset[str]
    motion_verbs: frozenset[str]
    organisation_heads: frozenset[str]
    ambiguous_force_verbs: frozenset[str]
    force_words: frozenset[str]
    armed_sectors: frozenset[str]
    plain_people_nouns: frozenset[str]
    political_sectors: frozenset[str]
    caseless_ambiguous: frozenset[str]
    shouted_words: frozenset[str]
    title_small_words: frozenset[str]
    commanding_verbs: frozenset[str]
    dispersing_verbs: frozenset[str]
    topic_prepositions: frozenset[str]
    considering_verbs: frozenset[str]
    reversal_verbs: frozenset[str]
    act_nouns: frozenset[str]
    ammunition_nouns: frozenset[str]
    warning_verbs: frozenset[str]
    mental_verbs: frozenset[str]
    control_nouns: frozenset[str]
    stance_adjectives: frozenset[str]
    agreeing_verbs: frozenset[str]
    stretch_nouns: frozenset[str]
    performing_verbs: frozenset[str]
    showing_nouns: frozenset[str]
    killing_verbs: frozenset[str]
    populace_sectors: frozenset[str]
    victim_verbs: frozenset[str]
    content_verbs: frozenset[str]
    topic_verbs: frozenset[str]
    brand_country_domains: frozenset[str]
    person_bodies: frozenset[str]
    person_sectors: frozenset[str]
    follower_nouns: frozenset[str]
    citizen_sectors: frozenset[str]
    private_sectors: frozenset[str]
    nonpolitical_sectors: frozenset[str]
    attempt_words: frozenset[str]
    stative_verbs: frozenset[str]
    vehicle_nouns: frozenset[str]
    observer_nouns: frozenset[str]
    private_person_nouns: frozenset[str]
    talks_nouns: frozenset[str]
    process_verbs: frozenset[str]
    melee_weapons: frozenset[str]
    office_nouns: frozenset[str]
    recall_adverbials: frozenset[str]
    deed_nouns: frozenset[str]
    conflict_nouns: frozenset[str]
    economic_nouns: frozenset[str]
    dismissal_verbs: frozenset[str]
    permission_verbs: frozenset[str]
    state_sectors: frozenset[str]
    illness_words: frozenset[str]
    press_nouns: frozenset[str]
    audience_nouns: frozenset[str]
    electorate_nouns: frozenset[str]
    crowd_counts: frozenset[str]
    speech_nouns: frozenset[str]
    reputation_adjectives: frozenset[str]
    hosting_verbs: frozenset[str]
    document_nouns: frozenset[str]
    custody_verbs: frozenset[str]
    unit_nouns: frozenset[str]
    pair_country_nouns: frozenset[str]
    pair_leader_nouns: frozenset[str]
    pair_side_nouns: frozenset[str]
    legislature_words: frozenset[str]
    anonymous_speaker_nouns: frozenset[str]
    undertaking_nouns: frozenset[str]
    goal_nouns: frozenset[str]
    spans_of_years: frozenset[str]
    spans_ahead: frozenset[str]
    offices_taken_up: frozenset[str]


def read_lexicon(path: Path) -> Lexicon:
    """Load a lexicon file; every concept must be present as a list of strings."""
    data: Any = load_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(data, Mapping):
        raise LexiconError(f"{path}: expected a mapping of concept to word list")
    names = [f.name for f in dataclasses.fields(Lexicon)]
    unknown = sorted(set(data) - set(names))
    if unknown:
        raise LexiconError(f"{path}: unknown concept(s): {', '.join(unknown)}")
    sets: dict[str, frozenset[str]] = {}
    for name in names:
        value = data.get(name)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise LexiconError(f"{path}: {name}: expected a list of words")
        sets[name] = frozenset(value)
    return Lexicon(**sets)


@functools.cache
def lexicon() -> Lexicon:
    """The bundled English lexicon (loaded once per process)."""
    return read_lexicon(Path(str(resources.files("casus") / "data" / "lexicon" / "en.yml")))


def singulars(word: str) -> list[str]:
    """Singular forms a plural the tagger left alone may have ("militias", "troops")."""
    if word.endswith("ies"):
        return [word[:-3] + "y"]
    if word.endswith("es"):
        return [word[:-2], word[:-1]]
    if word.endswith("s") and not word.endswith("ss"):
        return [word[:-1]]
    return []
