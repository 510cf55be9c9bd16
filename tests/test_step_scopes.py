"""The codes each convention step declares it acts on (`acts_on`) are the codes it does act
on: run on every event of the gold texts, with no step skipped, a step given an event of
another code returns that event itself. The coder skips the step for such events."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from casus.events.coder import CodingOptions
from casus.events.steps import STEPS, Step, StepInput, StepPlan, apply_steps
from casus.events.steps.base import SCOPES
from casus.model import Event
from casus.pipeline import Coder

GOLD = Path(__file__).with_name("gold") / "casus_gold.jsonl"


def _checked(name: str, fn: Step, seen: dict[str, int]) -> Step:
    scope = SCOPES.get(fn)

    def run(event: Event, step: StepInput) -> Event | None:
        found = fn(event, step)
        if scope is not None and not event.cameo.startswith(scope):
            seen[name] = seen.get(name, 0) + 1
            assert found is event, f"{name} acted on a {event.cameo} event, outside {scope}"
        return found

    return run


@pytest.mark.parametrize("profile", ["casus", "phoenix"])
def test_steps_act_only_on_the_codes_they_declare(coder: Coder, profile: str) -> None:
    event_coder = dataclasses.replace(coder.event_coder, options=CodingOptions(conventions=profile))
    names = event_coder.rules.profiles[profile]
    seen: dict[str, int] = {}
    # every step run on every event: no step is in SCOPES, so none is skipped
    event_coder.steps = StepPlan([_checked(n, STEPS[n], seen) for n in names])
    items = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    for n, doc in enumerate(coder.nlp.pipe([item["text"] for item in items])):
        event_coder.code_doc(doc, doc_id=str(n))
    scoped = {n for n in names if STEPS[n] in SCOPES}
    assert scoped <= set(seen), f"never given an event outside its scope: {scoped - set(seen)}"


@dataclasses.dataclass(frozen=True)
class _Coded:
    """What `apply_steps` reads of an event: its code."""

    cameo: str


def test_a_recoded_event_goes_on_through_the_steps_of_its_new_code() -> None:
    calls: list[str] = []

    def step(name: str, *, recode: str = "") -> Step:
        def run(event: Event, _: StepInput) -> Event:
            calls.append(name)
            return dataclasses.replace(event, cameo=recode) if recode else event

        return run

    first_11, to_111, on_18, then_11 = step("a"), step("b", recode="111"), step("c"), step("d")
    SCOPES.update({first_11: ("11",), to_111: ("18",), on_18: ("18",), then_11: ("11",)})
    try:
        plan = StepPlan([first_11, to_111, on_18, then_11])
        assert plan.positions("180") == (1, 2)
        assert plan.positions("111") == (0, 3)
        (out,) = apply_steps(plan, [_Coded("180")], None)  # type: ignore[list-item, arg-type]
        assert out.cameo == "111" and calls == ["b", "d"]  # "a" came before the recode
    finally:
        for fn in (first_11, to_111, on_18, then_11):
            del SCOPES[fn]
