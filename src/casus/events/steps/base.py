"""What every convention step reads and how it marks an event."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from casus.events.conventions import ObjectRule
from casus.lexicon import lexicon, singulars
from casus.model import ActorRef, Event

_WORDS = lexicon()


@dataclass(frozen=True)
class StepInput:
    """What a step may read: the trigger and whether the framing statement named an actor."""

    trigger: Token
    mentions_actor: Callable[[Token], bool]
    recode: Callable[[Event, str], Event]  # the event under another CAMEO code
    frame: Callable[[str, str], str | None]  # the code of an act framed by a root (12 + 08x)
    act_code: Callable[[Token], str | None] = lambda tok: None  # a pattern's code at a token
    place_actor: Callable[[Token], ActorRef | None] = lambda tok: None  # "in Syria" → SYR
    entity_type: Callable[[ActorRef], str] = lambda ref: ""  # NER label of a span, if run
    named_actor: Callable[[Token], str] = lambda tok: ""  # country of a dictionary name there
    object_rule: Callable[[str], ObjectRule | None] = lambda code: None  # coding.yml objects
    threatens: Callable[[Token], bool] = lambda clause: True  # a coercive act in the clause
    tone: Callable[[Token], str] = lambda verb: "010"  # a statement's tone code (010-014)
    # the sectors the doer of a trigger's act must be of (coding.yml doers), None: anyone
    doer_sectors: Callable[[str, str], frozenset[str] | None] = lambda lemma, code: None


Step = Callable[[Event, StepInput], Event | None]

# The CAMEO code prefixes each step can act on, as the step declares them (`acts_on`); a step
# not listed can act on an event of any code.
SCOPES: dict[Step, tuple[str, ...]] = {}

# Every root, for steps that act on all roots but a few.
ROOTS = tuple(f"{n:02d}" for n in range(1, 21))


def acts_on(*prefixes: str) -> Callable[[Step], Step]:
    """Declare the code prefixes a step can act on: given an event whose code starts with
    none of them, the step returns that event itself. `apply_steps` then does not call the
    step for such events (most events leave most steps nothing to do); tests/test_steps.py
    checks each declaration against the step on coded texts."""

    def declare(step: Step) -> Step:
        SCOPES[step] = prefixes
        return step

    return declare


def _mark(event: Event, name: str, *, confidence: float = 0.0, **extra: object) -> Event:
    evidence = dataclasses.replace(event.evidence, conventions=(*event.evidence.conventions, name))
    return dataclasses.replace(
        event,
        evidence=evidence,
        confidence=round(max(0.05, event.confidence + confidence), 2),
        extra={**event.extra, **extra} if extra else event.extra,
    )


def _private(ref: ActorRef | None) -> bool:
    return (
        ref is not None
        and ref.actor.sector in _WORDS.private_sectors
        and not ref.actor.organisation
    )


def _ref_span(ref: ActorRef, doc: Doc) -> Span | None:
    """The tokens an actor reference covers."""
    return doc.char_span(ref.start, ref.end, alignment_mode="expand")


# States of affairs and of mind ("had no basis", "hoped"): a position, not a happening.


# Possessives that make an act the speaker's own ("its error", "our decision").


def _names_one_of(ref: ActorRef, lemmas: frozenset[str]) -> bool:
    """Whether a word of the phrase, or its singular, is one of the lemmas."""
    words = [w.lower() for w in ref.text.split()]
    return any(w in lemmas or any(s in lemmas for s in singulars(w)) for w in words)
