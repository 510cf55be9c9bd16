"""The event dictionary: pattern strings parsed into matchable structures.

A pattern is a trigger lemma followed by elements (see the header of any
``data/events/root_NN.yml``): particles, required object lemmas, ``PREP TARGET``,
``PREP word`` phrases, ``to VERB`` xcomp chains, and a ``TARGET`` or ``SOURCE`` slot.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from casus.yamlio import load_yaml

logger = logging.getLogger(__name__)

PREPOSITIONS = frozenset(
    [
        "with",
        "to",
        "on",
        "against",
        "into",
        "for",
        "from",
        "of",
        "at",
        "in",
        "over",
        "about",
        "by",
        "toward",
        "towards",
        "upon",
        "among",
        "between",
        "across",
        "through",
        "under",
        "near",
        "along",
        "around",
        "behind",
        "inside",
        "outside",
        "within",
        "as",
    ]
)
PARTICLES = frozenset(
    [
        "up",
        "down",
        "out",
        "off",
        "in",
        "on",
        "over",
        "away",
        "back",
        "around",
        "through",
        "forward",
        "aside",
        "together",
        "apart",
    ]
)
SLOTS = frozenset({"TARGET", "SOURCE"})
_WORD = re.compile(r"^@?[a-z][a-z_'\-.]*(\|@?[a-z][a-z_'\-.]*)*$")

TriggerKind = Literal["verb", "noun"]


class EventDictionaryError(ValueError):
    """An event-dictionary file or pattern is malformed."""


@dataclass(frozen=True, slots=True)
class PrepPhrase:
    """A required prepositional phrase: preposition(s) and allowed object lemmas (any if empty)."""

    preps: frozenset[str]
    objects: frozenset[str]


@dataclass(frozen=True, slots=True)
class Frame:
    """One predicate of a pattern: the trigger, or a verb of its ``to VERB`` chain."""

    lemmas: frozenset[str]
    particles: tuple[str, ...] = ()
    obj: frozenset[str] = frozenset()
    obj_modifier: frozenset[str] = frozenset()
    phrases: tuple[PrepPhrase, ...] = ()
    # "urge TARGET to withdraw (troops)": a required xcomp that does not carry the slot.
    complements: tuple[Frame, ...] = ()
    # Nominal triggers: required modifiers of the head noun ("general" of "general strike").
    noun_modifiers: tuple[frozenset[str], ...] = ()

    @property
    def specificity(self) -> int:
        return (
            2 * len(self.noun_modifiers)
            + sum(2 + c.specificity for c in self.complements)
            + len(self.particles)
            + 2 * bool(self.obj)
            + bool(self.obj_modifier)
            + sum(1 + bool(p.objects) for p in self.phrases)
        )


@dataclass(frozen=True, slots=True)
class EventPattern:
    """One parsed pattern: a chain of frames (trigger first) and the slot of the last frame."""

    code: str
    kind: TriggerKind
    frames: tuple[Frame, ...]
    slot: Literal["TARGET", "SOURCE", ""] = ""
    slot_preps: frozenset[str] = frozenset()
    rule: str = ""

    # How many constraints the pattern has; the most specific match wins. Computed once:
    # the matcher reads it for every candidate of every token.
    specificity: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        score = (
            sum(f.specificity for f in self.frames)
            + 2 * (len(self.frames) - 1)
            + bool(self.slot)
            + bool(self.slot_preps)
        )
        object.__setattr__(self, "specificity", score)

    @property
    def triggers(self) -> frozenset[str]:
        return self.frames[0].lemmas


@functools.cache
def word_classes() -> Mapping[str, frozenset[str]]:
    """Named word classes of data/events/classes.yml, used in patterns as ``@name``."""
    path = _data_dir() / "classes.yml"
    data = load_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(data, Mapping) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(w, str) for w in v)
        for k, v in data.items()
    ):
        raise EventDictionaryError(f"{path}: expected a mapping of class name to lemma list")
    return {k: frozenset(v) for k, v in data.items()}


def _alternatives(word: str) -> frozenset[str]:
    found: set[str] = set()
    for alt in word.split("|"):
        if alt.startswith("@"):
            members = word_classes().get(alt[1:])
            if members is None:
                raise EventDictionaryError(f"unknown word class {alt!r} (data/events/classes.yml)")
            found |= members
        else:
            found.add(alt)
    return frozenset(found)


class _FrameBuilder:
    def __init__(self, lemmas: frozenset[str]) -> None:
        self.lemmas = lemmas
        self.particles: list[str] = []
        self.obj_words: list[frozenset[str]] = []
        self.phrases: list[PrepPhrase] = []
        self.complements: list[_FrameBuilder] = []
        self.noun_modifiers: list[frozenset[str]] = []

    def build(self, rule: str) -> Frame:
        if len(self.obj_words) > 2:
            raise EventDictionaryError(f"{rule}: at most a modifier and an object head per verb")
        return Frame(
            lemmas=self.lemmas,
            particles=tuple(self.particles),
            obj=self.obj_words[-1] if self.obj_words else frozenset(),
            obj_modifier=self.obj_words[0] if len(self.obj_words) == 2 else frozenset(),
            phrases=tuple(self.phrases),
            complements=tuple(c.build(rule) for c in self.complements),
            noun_modifiers=tuple(self.noun_modifiers),
        )


def parse_pattern(text: str, *, code: str, kind: TriggerKind, rule: str) -> EventPattern:
    """Parse one pattern string; raise EventDictionaryError naming the problem."""
    words = text.split()
    if not words:
        raise EventDictionaryError(f"{rule}: empty pattern")
    for word in words:
        if word not in SLOTS and not _WORD.match(word):
            raise EventDictionaryError(f"{rule}: {word!r} is not a lower-case lemma or slot")
    if words[0] in SLOTS:
        raise EventDictionaryError(f"{rule}: a pattern starts with its trigger lemma")
    frames = [_FrameBuilder(_alternatives(words[0]))]
    slot = ""
    slot_preps: frozenset[str] = frozenset()
    i = 1
    current = frames[-1]
    while i < len(words):
        word, frame = words[i], current
        nxt = words[i + 1] if i + 1 < len(words) else None
        alts = _alternatives(word)
        fresh = not (frame.particles or frame.obj_words or frame.phrases or slot)
        if word in SLOTS or (alts <= PREPOSITIONS and nxt in SLOTS):
            if slot:
                raise EventDictionaryError(f"{rule}: more than one TARGET/SOURCE slot")
            if word in SLOTS:
                slot = word
            else:
                slot, slot_preps = str(nxt), alts
                i += 1
        elif word == "to" and nxt is not None and kind == "verb":
            builder = _FrameBuilder(_alternatives(nxt))
            if slot:
                frames[-1].complements.append(builder)
            else:
                frames.append(builder)
            current = builder
            i += 1
        elif (
            alts <= PARTICLES and fresh and (nxt is None or nxt not in SLOTS or alts - PREPOSITIONS)
        ):
            frame.particles.append(word)
        elif alts <= PREPOSITIONS:
            objects = frozenset() if nxt is None else _alternatives(nxt)
            frame.phrases.append(PrepPhrase(alts, objects))
            i += 0 if nxt is None else 1
        else:
            if slot_preps and not frames[-1].complements:
                raise EventDictionaryError(f"{rule}: object word {word!r} after the slot")
            # "deny TARGET access": a second object; the slot then takes the other one.
            frame.obj_words.append(alts)
        i += 1
    if kind == "noun" and frames[0].obj_words:
        # "general strike", "intelligence sharing with TARGET": the last noun is the head
        # (the trigger); the words before it must modify it.
        first = frames[0]
        words_in_order = [first.lemmas, *first.obj_words]
        first.lemmas = words_in_order[-1]
        first.obj_words = []
        first.noun_modifiers = words_in_order[:-1]
    return EventPattern(
        code=code,
        kind=kind,
        frames=tuple(f.build(rule) for f in frames),
        slot=slot,  # type: ignore[arg-type]
        slot_preps=slot_preps,
        rule=rule,
    )


# The words around a trigger a pattern can need (see `pattern_key`): "clause" lemmas (what
# a "to VERB" chain or a required complement can reach), "object" words (the trigger's
# objects), "child" words (the trigger's dependents: particles, noun modifiers) and
# "phrase" words (the objects of the prepositions a phrase of the pattern can take).
KeySpace = Literal["clause", "object", "child", "phrase"]
KEY_SPACES: tuple[KeySpace, ...] = ("clause", "object", "child", "phrase")


def pattern_key(pattern: EventPattern) -> tuple[KeySpace, frozenset[str]] | None:
    """Words of which a trigger's surroundings must hold at least one for the pattern to fit.

    A necessary condition only (the matcher checks the rest), chosen to be the rarest:
    the next verb of a "to VERB" chain or a required complement ("urge TARGET to
    withdraw") must be a clausal dependent of the trigger or of its object; a required
    object must be one of the trigger's objects; particles and noun modifiers must be
    dependents of the trigger; a phrase's object ("kill TARGET with knife|machete") must be
    the object of a preposition near the trigger. None: the pattern needs nothing that can
    be looked up.
    """
    first = pattern.frames[0]
    if pattern.kind == "verb":
        if len(pattern.frames) > 1:
            return "clause", pattern.frames[1].lemmas
        if first.complements:
            return "clause", first.complements[0].lemmas
        if first.obj:
            return "object", first.obj
    if first.noun_modifiers:
        return "child", first.noun_modifiers[0]
    if first.particles:
        return "child", frozenset(first.particles[0].split("|"))
    for phrase in first.phrases:
        if phrase.objects:
            return "phrase", phrase.objects
    return None


@dataclass(frozen=True, slots=True)
class TriggerIndex:
    """One trigger's patterns (most specific first), indexed by the words they need.

    `candidates` gives the patterns that can fit a token whose surroundings hold the given
    words, in the bucket's order: the same patterns the matcher would try one by one,
    less those whose key (`pattern_key`) is missing.
    """

    patterns: tuple[EventPattern, ...]
    free: tuple[int, ...]  # positions of the patterns with no key: always candidates
    keyed: Mapping[KeySpace, Mapping[str, tuple[int, ...]]]
    keys: Mapping[KeySpace, frozenset[str]]  # the words of each space's `keyed`

    @classmethod
    def build(cls, bucket: Iterable[EventPattern]) -> TriggerIndex:
        patterns = tuple(bucket)
        free: list[int] = []
        keyed: dict[KeySpace, dict[str, list[int]]] = {}
        for position, pattern in enumerate(patterns):
            key = pattern_key(pattern)
            if key is None:
                free.append(position)
                continue
            space, words = key
            for word in words:
                keyed.setdefault(space, {}).setdefault(word, []).append(position)
        return cls(
            patterns,
            tuple(free),
            {s: {w: tuple(ps) for w, ps in by.items()} for s, by in keyed.items()},
            {s: frozenset(by) for s, by in keyed.items()},
        )

    def candidates(self, words: Mapping[KeySpace, Iterable[str]]) -> list[EventPattern]:
        if not self.keyed:
            return list(self.patterns)
        positions = set(self.free)
        for space, index in self.keyed.items():
            for word in words.get(space, ()):
                found = index.get(word)
                if found:
                    positions.update(found)
        patterns = self.patterns
        return [patterns[i] for i in sorted(positions)]


@dataclass
class EventDictionary:
    """Patterns indexed by trigger lemma."""

    verbs: dict[str, list[EventPattern]]
    nouns: dict[str, list[EventPattern]]
    # Built on first use per trigger, from the bucket as it then is (see `trigger_index`).
    _indexes: dict[tuple[TriggerKind, str], tuple[list[EventPattern], int, TriggerIndex]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def size(self) -> int:
        seen = {id(p) for ps in (*self.verbs.values(), *self.nouns.values()) for p in ps}
        return len(seen)

    def add(self, pattern: EventPattern) -> None:
        index = self.verbs if pattern.kind == "verb" else self.nouns
        for trigger in pattern.triggers:
            index.setdefault(trigger, []).append(pattern)

    def finish(self) -> None:
        """Order each trigger's patterns most specific first (file order breaks ties)."""
        for index in (self.verbs, self.nouns):
            for bucket in index.values():
                bucket.sort(key=lambda p: -p.specificity)
        self._indexes.clear()

    def trigger_index(self, kind: TriggerKind, lemma: str) -> TriggerIndex | None:
        """The index of a trigger's patterns, or None when the lemma triggers nothing.

        Rebuilt when the bucket changed (another list, or patterns added to it).
        """
        bucket = (self.verbs if kind == "verb" else self.nouns).get(lemma)
        if not bucket:
            return None
        cached = self._indexes.get((kind, lemma))
        if cached is not None and cached[0] is bucket and cached[1] == len(bucket):
            return cached[2]
        built = TriggerIndex.build(bucket)
        self._indexes[(kind, lemma)] = (bucket, len(bucket), built)
        return built


def _data_dir() -> Path:
    return Path(str(resources.files("casus") / "data" / "events"))


def add_event_file(
    dictionary: EventDictionary, path: Path, *, known_codes: Mapping[str, Any] | None = None
) -> int:
    """Parse one root file into the dictionary; return how many patterns it held."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise EventDictionaryError(f"{path}: cannot load: {exc}") from exc
    if not isinstance(data, Mapping) or not isinstance(data.get("codes"), Mapping):
        raise EventDictionaryError(f"{path}: expected a mapping with 'root' and 'codes'")
    root = str(data.get("root", ""))
    count = 0
    for code, body in data["codes"].items():
        code = str(code)
        if not code.startswith(root) or not re.fullmatch(r"\d{2,4}", code):
            raise EventDictionaryError(f"{path}: code {code!r} does not belong to root {root!r}")
        if known_codes is not None and code not in known_codes:
            raise EventDictionaryError(f"{path}: code {code!r} is not a CAMEO code")
        if not isinstance(body, Mapping):
            raise EventDictionaryError(f"{path}: code {code}: expected verbs/nouns lists")
        for kind_key, kind in (("verbs", "verb"), ("nouns", "noun")):
            items = body.get(kind_key) or []
            if not isinstance(items, list):
                raise EventDictionaryError(f"{path}: code {code}: {kind_key} must be a list")
            for n, text in enumerate(items):
                if not isinstance(text, str):
                    raise EventDictionaryError(
                        f"{path}: code {code}: {kind_key} item {n + 1} is not a string"
                    )
                rule = f"{path.name}:{code}:{kind_key}[{n}] {text.strip()}"
                dictionary.add(parse_pattern(text, code=code, kind=kind, rule=rule))  # type: ignore[arg-type]
                count += 1
    return count


def load_event_dictionary(
    *,
    data_dir: Path | None = None,
    extra: Iterable[Path] = (),
    known_codes: Mapping[str, Any] | None = None,
) -> EventDictionary:
    """Load every root_NN.yml (and the user's extra files), validating codes when given."""
    directory = data_dir or _data_dir()
    dictionary = EventDictionary({}, {})
    files = sorted(directory.glob("root_*.yml"))
    if not files:
        raise EventDictionaryError(f"{directory}: no root_NN.yml event files")
    total = 0
    for path in [*files, *map(Path, extra)]:
        total += add_event_file(dictionary, path, known_codes=known_codes)
    dictionary.finish()
    logger.debug("event dictionary: %d patterns", total)
    return dictionary
