"""Coding conventions beyond patterns: statement tone, framed acts, intents, refinements.

All of them are data (``data/events/tone.yml`` and ``coding.yml``); this module loads and
validates them and answers the coder's questions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from spacy.tokens import Token

from casus.events.modality import ModalityLexiconError
from casus.lexicon import lexicon
from casus.spans import children_of, subtree_of
from casus.yamlio import load_yaml


@dataclass(frozen=True)
class ToneLexicon:
    """Words that make a bare statement pessimistic, optimistic or a policy consideration."""

    considering: frozenset[str]
    pessimistic: frozenset[str]
    optimistic: frozenset[str]
    weighed: frozenset[str]


def load_tone_lexicon(path: Path | None = None) -> ToneLexicon:
    path = path or Path(str(resources.files("casus") / "data" / "events" / "tone.yml"))
    data: Any = load_yaml(path.read_text(encoding="utf-8"))
    lists: dict[str, frozenset[str]] = {}
    for key in ("considering", "pessimistic", "optimistic", "weighed"):
        value = data.get(key) if isinstance(data, Mapping) else None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ModalityLexiconError(f"{path}: {key}: expected a list of words")
        lists[key] = frozenset(v.lower() for v in value)
    return ToneLexicon(**lists)


def statement_tone(verb: Token, tone: ToneLexicon) -> str:
    """The CAMEO code of a bare statement: 014, 012, 013 or 010, from its reported clause.

    Read once per verb and lexicon (the draft and the convention steps ask for the same
    verb), and cached on the Doc."""
    cache: dict[int, tuple[ToneLexicon, str]] = verb.doc.user_data.setdefault(_TONES, {})
    found = cache.get(verb.i)
    if found is not None and found[0] is tone:
        return found[1]
    code = _statement_tone(verb, tone)
    cache[verb.i] = (tone, code)
    return code


_TONES = "casus.statement_tone"


def _statement_tone(verb: Token, tone: ToneLexicon) -> str:
    words: set[str] = set()
    weighing = False
    for child in children_of(verb):
        if child.dep_ in {"ccomp", "xcomp", "parataxis", "prep", "dobj", "advcl"}:
            for t in subtree_of(child):  # (one walk of the subtree for both forms)
                lemma = t.lemma_.lower()
                words.add(lemma)
                words.add(t.lower_)
                if lemma in tone.considering and _weighs_an_option(t, tone):
                    weighing = True
    if verb.dep_ in {"advcl", "parataxis"} and verb.head is not verb:
        words.update(t.lemma_.lower() for t in subtree_of(verb.head) if t.i != verb.i)
    if weighing:
        return "014"
    pessimistic = len(words & tone.pessimistic)
    optimistic = len(words & tone.optimistic)
    if pessimistic > optimistic:
        return "012"
    if optimistic > pessimistic:
        return "013"
    return "010"


def _weighs_an_option(word: Token, tone: ToneLexicon) -> bool:
    """Whether a word of weighing weighs a course of action, not a thing inspected.

    "Studying the proposal", "weighing its options", "considering sending troops" weigh
    policy; "examining the phones", "studying the wreckage" weigh evidence.
    """
    if word.pos_ != "VERB":
        return True
    objects = [c for c in children_of(word) if c.dep_ == "dobj"]
    return not objects or any(
        o.tag_ == "VBG" or o.lemma_.lower() in _COURSES or o.lemma_.lower() in tone.weighed
        for o in objects
    )


_COURSES = lexicon().policy_nouns | lexicon().decision_nouns | lexicon().undertaking_nouns


T = TypeVar("T")

# "event": a noun any pattern codes as an act ("welcomed the release", "praised the arrest").
OBJECT_KINDS = frozenset({"person", "place", "facility", "weapon", "act", "event", "policy", "any"})


@dataclass(frozen=True)
class ObjectRule:
    """What kinds of object an act takes (``objects:`` in coding.yml)."""

    kinds: frozenset[str]
    required: bool = False


@dataclass(frozen=True)
class DoerRule:
    """Who must do an act a trigger codes (``doers:`` in coding.yml): its codes, by prefix,
    and the sectors its doer must be of."""

    codes: tuple[str, ...]
    sectors: frozenset[str]


@dataclass(frozen=True)
class CodingRules:
    """Conventions of data/events/coding.yml: reciprocal codes and intent mapping."""

    reciprocal: tuple[str, ...]
    frames: Mapping[str, Mapping[str, str]]
    intent: Mapping[str, str]
    intent_governors: frozenset[str]
    framing_roots: frozenset[str]
    non_agents: frozenset[str]
    aid_families: Mapping[str, str]
    aid_kinds: Mapping[str, frozenset[str]]
    third_location: Mapping[str, str]
    means: tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]
    topics: tuple[tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]], ...] = ()
    non_targets: frozenset[str] = frozenset()
    profiles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    objects: Mapping[str, ObjectRule] = field(default_factory=dict)
    doers: Mapping[str, DoerRule] = field(default_factory=dict)

    def object_rule(self, code: str) -> ObjectRule | None:
        """The object an act of this code needs, by longest code prefix; None: any."""
        return _longest_prefix(self.objects, code)

    def doer_sectors(self, lemma: str, code: str) -> frozenset[str] | None:
        """The sectors the doer of this trigger's act must be of; None: anyone."""
        rule = self.doers.get(lemma)
        if rule is None or not code.startswith(rule.codes):
            return None
        return rule.sectors

    @cached_property
    def _means_sources(self) -> tuple[str, ...]:
        return tuple(source for _, _, sources in self.means for source in sources)

    @cached_property
    def _topic_sources(self) -> frozenset[str]:
        return frozenset(source for sources, _ in self.topics for source in sources)

    def refines_by_means(self, code: str) -> bool:
        # (every event asks: the prefixes of all the means rules, tested at once)
        return code.startswith(self._means_sources)

    def means_code(self, code: str, words: set[str]) -> str | None:
        """'Saudi jets struck ...' -> 195: the weapon named refines an attack code."""
        for refined, needed, sources in self.means:
            if code.startswith(sources) and needed <= words:
                return refined
        return None

    def refines_by_topic(self, code: str) -> bool:
        return code in self._topic_sources

    def topic_code(self, code: str, lemmas: str) -> str | None:
        """'marched against the finance bill' -> 1412: what an act is about refines it.

        `lemmas` is the complement's lemmas joined by single spaces, with a space at each end.
        """
        for sources, entries in self.topics:
            if code not in sources:
                continue
            for refined, phrases in entries:
                for phrase in phrases:  # (a loop: no generator per entry)
                    if f" {phrase} " in lemmas:
                        return code + refined if len(refined) == 1 else refined
        return None

    def aid_code(self, code: str, words: set[str]) -> str | None:
        """'appealed for humanitarian aid' -> 0233: the kind of aid refines the family code."""
        family = self.aid_families.get(code)
        if family is None:
            return None
        for digit, kinds in sorted(self.aid_kinds.items()):
            if words & kinds:
                return family + digit
        return None

    def is_reciprocal(self, code: str) -> bool:
        return code.startswith(self.reciprocal)

    def intent_code(self, code: str) -> str | None:
        """The 03x/13x code announcing this act, by the longest matching code prefix."""
        return _longest_prefix(self.intent, code)

    def framed_code(self, frame: str, act: str) -> str | None:
        """The appeal/intent/demand/rejection code for a framed act (0253 for 02 + 0841)."""
        table = self.intent if frame[:2] == "03" else self.frames.get(frame[:2])
        if table is None:
            return None
        found = _longest_prefix(table, act)
        # Only refine: a specific frame pattern (0234 "appeal for peacekeepers") keeps its code.
        if found is None or (len(frame) > 2 and frame[2] != "0" and not found.startswith(frame)):
            return None
        return found


def _longest_prefix(table: Mapping[str, T], code: str) -> T | None:
    for n in range(len(code), 1, -1):
        found = table.get(code[:n])
        if found:
            return found
    return None


def load_coding_rules(path: Path | None = None) -> CodingRules:
    path = path or Path(str(resources.files("casus") / "data" / "events" / "coding.yml"))
    data: Any = load_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(data, Mapping):
        raise ModalityLexiconError(f"{path}: expected a mapping")
    reciprocal = data.get("reciprocal")
    intent = data.get("intent")
    frames = data.get("frames")
    if not isinstance(frames, Mapping) or not all(
        isinstance(t, Mapping)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in t.items())
        for t in frames.values()
    ):
        raise ModalityLexiconError(f"{path}: frames: expected root -> (code prefix -> code) tables")
    governors = data.get("intent_governors")
    non_agents = data.get("non_agents")
    if not isinstance(non_agents, list) or not all(isinstance(v, str) for v in non_agents):
        raise ModalityLexiconError(f"{path}: non_agents: expected a list of lemmas")
    framing = data.get("framing_roots")
    if not isinstance(framing, list) or not all(isinstance(v, str) for v in framing):
        raise ModalityLexiconError(f"{path}: framing_roots: expected a list of roots")
    if not isinstance(reciprocal, list) or not all(isinstance(v, str) for v in reciprocal):
        raise ModalityLexiconError(f"{path}: reciprocal: expected a list of code prefixes")
    if not isinstance(intent, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in intent.items()
    ):
        raise ModalityLexiconError(f"{path}: intent: expected a mapping of code prefix to code")
    if not isinstance(governors, list) or not all(isinstance(v, str) for v in governors):
        raise ModalityLexiconError(f"{path}: intent_governors: expected a list of lemmas")
    return CodingRules(
        tuple(reciprocal),
        {str(k): dict(v) for k, v in frames.items()},
        dict(intent),
        frozenset(governors),
        frozenset(framing),
        frozenset(non_agents),
        _str_map(path, data, "aid_families"),
        {k: frozenset(v) for k, v in _list_map(path, data, "aid_kinds").items()},
        _str_map(path, data, "third_location"),
        _means(path, data),
        _topics(path, data),
        frozenset(_word_list(path, data, "non_targets")),
        _profiles(path, data),
        _objects(path, data),
        _doers(path, data),
    )


def _doers(path: Path, data: Mapping[str, Any]) -> dict[str, DoerRule]:
    value = data.get("doers", {})
    if not isinstance(value, Mapping):
        raise ModalityLexiconError(f"{path}: doers: expected lemma -> {{codes, sectors}}")
    rules: dict[str, DoerRule] = {}
    for lemma, rule in value.items():
        codes = rule.get("codes") if isinstance(rule, Mapping) else None
        sectors = rule.get("sectors") if isinstance(rule, Mapping) else None
        if (
            not isinstance(lemma, str)
            or not isinstance(codes, list)
            or not codes
            or not all(isinstance(c, str) and c.isdigit() for c in codes)
            or not isinstance(sectors, list)
            or not sectors
            # "" is an actor named with no sector: a state, an organisation
            or not all(isinstance(v, str) and (v == "" or v.isupper()) for v in sectors)
        ):
            raise ModalityLexiconError(
                f"{path}: doers: {lemma}: expected codes (code prefixes) and sectors (codes)"
            )
        rules[lemma] = DoerRule(tuple(codes), frozenset(sectors))
    return rules


def _objects(path: Path, data: Mapping[str, Any]) -> dict[str, ObjectRule]:
    value = data.get("objects", {})
    if not isinstance(value, Mapping):
        raise ModalityLexiconError(f"{path}: objects: expected code prefix -> {{kinds, required}}")
    rules: dict[str, ObjectRule] = {}
    for prefix, rule in value.items():
        kinds = rule.get("kinds") if isinstance(rule, Mapping) else None
        required = rule.get("required", False) if isinstance(rule, Mapping) else None
        if (
            not isinstance(prefix, str)
            or not isinstance(kinds, list)
            or not set(kinds) <= OBJECT_KINDS
            or not isinstance(required, bool)
        ):
            raise ModalityLexiconError(
                f"{path}: objects: {prefix}: expected kinds from {sorted(OBJECT_KINDS)}"
                " and an optional required: true|false"
            )
        rules[prefix] = ObjectRule(frozenset(kinds), required)
    return rules


def _profiles(path: Path, data: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    from casus.events.steps import STEPS

    value = data.get("conventions")
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(s, str) for s in v)
        for k, v in value.items()
    ):
        raise ModalityLexiconError(f"{path}: conventions: expected profile -> list of step names")
    for name, steps in value.items():
        unknown = [s for s in steps if s not in STEPS]
        if unknown:
            raise ModalityLexiconError(
                f"{path}: conventions: {name}: unknown step(s) {', '.join(unknown)}"
            )
    return {k: tuple(v) for k, v in value.items()}


def _word_list(path: Path, data: Mapping[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ModalityLexiconError(f"{path}: {key}: expected a list of lemmas")
    return [v.lower() for v in value]


def _topics(
    path: Path, data: Mapping[str, Any]
) -> tuple[tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]], ...]:
    value = data.get("topics", [])
    found = []
    if not isinstance(value, list):
        raise ModalityLexiconError(f"{path}: topics: expected a list")
    for n, item in enumerate(value, 1):
        sources = item.get("from") if isinstance(item, Mapping) else None
        entries = item.get("entries") if isinstance(item, Mapping) else None
        if not (
            isinstance(sources, list)
            and all(isinstance(s, str) for s in sources)
            and isinstance(entries, list)
        ):
            raise ModalityLexiconError(f"{path}: topics entry {n}: expected from and entries")
        parsed = []
        for entry in entries:
            if not (
                isinstance(entry, Mapping)
                and isinstance(entry.get("code"), str)
                and isinstance(entry.get("phrases"), list)
                and all(isinstance(p, str) for p in entry["phrases"])
            ):
                raise ModalityLexiconError(
                    f"{path}: topics entry {n}: each entry needs a code and a list of phrases"
                )
            parsed.append((entry["code"], tuple(p.lower() for p in entry["phrases"])))
        found.append((tuple(sources), tuple(parsed)))
    return tuple(found)


def _means(
    path: Path, data: Mapping[str, Any]
) -> tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]:
    value = data.get("means")
    found = []
    if not isinstance(value, list):
        raise ModalityLexiconError(f"{path}: means: expected a list")
    for n, item in enumerate(value, 1):
        if not (
            isinstance(item, Mapping)
            and isinstance(item.get("code"), str)
            and isinstance(item.get("words"), list)
            and isinstance(item.get("from"), list)
        ):
            raise ModalityLexiconError(f"{path}: means entry {n}: expected code, words and from")
        found.append((item["code"], frozenset(item["words"]), tuple(item["from"])))
    return tuple(found)


def _str_map(path: Path, data: Mapping[str, Any], key: str) -> dict[str, str]:
    value = data.get(key)
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ModalityLexiconError(f"{path}: {key}: expected a mapping of code to code")
    return dict(value)


def _list_map(path: Path, data: Mapping[str, Any], key: str) -> dict[str, list[str]]:
    value = data.get(key)
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(w, str) for w in v)
        for k, v in value.items()
    ):
        raise ModalityLexiconError(f"{path}: {key}: expected a mapping of digit to word list")
    return {k: list(v) for k, v in value.items()}
