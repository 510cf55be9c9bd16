"""Coding conventions as named steps over the events of one trigger.

A step reads the trigger's clause and the drafted events and keeps, drops or marks them; each
step that changes an event records its name in the event's evidence, so a user sees which
convention fired, not only which pattern. Which steps run is a profile of ``coding.yml``
(``conventions:``), chosen with ``CodingOptions.conventions`` (``--conventions`` on the CLI).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence

from casus.events.steps.background import background, description, undone
from casus.events.steps.base import SCOPES, Step, StepInput
from casus.events.steps.doers import (
    attributed_doer,
    generic_agent,
    implied_police,
    no_named_doer,
    place_as_target,
    place_attacked,
    unknown_actor,
)
from casus.events.steps.force import (
    force_needs_force,
    forces_do_not_riot,
    private_violence,
    street_encounter,
)
from casus.events.steps.frames import (
    claim_is_accusation,
    considering,
    inquiry,
    regret_of_others,
    warning_is_forecast,
)
from casus.events.steps.senses import (
    agreement_to_act,
    aimed_at_policy,
    campaign_finance,
    courtesy_call,
    doer_fits,
    halted_talks,
    object_fits,
    own_limits,
    refusal,
    territory_needed,
    transitive_motion,
    visit_needs_destination,
    voting,
    weapon_means_force,
)
from casus.events.steps.speech import (
    admission,
    bare_statement,
    campaign_appeal,
    comment_needs_topic,
    opinion,
    political_actor_needed,
    private_speech,
    speaker_needed,
    speculation,
    voiced_fear,
)
from casus.model import Event

__all__ = [
    "STEPS",
    "Step",
    "StepInput",
    "StepPlan",
    "UnknownConventionError",
    "apply_steps",
    "profile_steps",
]


STEPS: Mapping[str, Step] = {
    "private-speech": private_speech,
    "campaign-appeal": campaign_appeal,
    "opinion": opinion,
    "regret-of-others": regret_of_others,
    "halted-talks": halted_talks,
    "weapon-means-force": weapon_means_force,
    "political-actor-needed": political_actor_needed,
    "speaker-needed": speaker_needed,
    "voiced-fear": voiced_fear,
    "admission": admission,
    "bare-statement": bare_statement,
    "comment-needs-topic": comment_needs_topic,
    "speculation": speculation,
    "background": background,
    "unknown-actor": unknown_actor,
    "attributed-doer": attributed_doer,
    "claim-is-accusation": claim_is_accusation,
    "place-as-target": place_as_target,
    "place-attacked": place_attacked,
    "generic-agent": generic_agent,
    "refusal": refusal,
    "agreement-to-act": agreement_to_act,
    "transitive-motion": transitive_motion,
    "visit-needs-destination": visit_needs_destination,
    "courtesy-call": courtesy_call,
    "campaign-finance": campaign_finance,
    "voting": voting,
    "own-limits": own_limits,
    "implied-police": implied_police,
    "force-needs-force": force_needs_force,
    "territory-needed": territory_needed,
    "private-violence": private_violence,
    "forces-do-not-riot": forces_do_not_riot,
    "doer-fits": doer_fits,
    "street-encounter": street_encounter,
    "considering": considering,
    "inquiry": inquiry,
    "undone": undone,
    "description": description,
    "aimed-at-policy": aimed_at_policy,
    "no-named-doer": no_named_doer,
    "object-fits": object_fits,
    "warning-is-forecast": warning_is_forecast,
}


class UnknownConventionError(ValueError):
    """A profile names a step that does not exist."""


def profile_steps(names: Sequence[str]) -> tuple[Step, ...]:
    missing = [n for n in names if n not in STEPS]
    if missing:
        raise UnknownConventionError(f"unknown convention step(s): {', '.join(missing)}")
    return tuple(STEPS[n] for n in names)


class StepPlan:
    """A profile's steps, and for each event code the positions of the steps that can act
    on it (what each step declares with `acts_on`): most steps concern a few roots, and most
    events would pass through them untouched. Built once per coder, for the codes given
    (the ontology's); a code not among them gets its positions on first use."""

    def __init__(self, steps: Sequence[Step], *, codes: Iterable[str] = ()) -> None:
        self.steps = tuple(steps)
        self._scopes = tuple(SCOPES.get(fn) for fn in self.steps)
        self._positions: dict[str, tuple[int, ...]] = {}
        for code in codes:
            self.positions(code)

    def positions(self, code: str) -> tuple[int, ...]:
        """Where, in profile order, the steps that can act on an event of this code are."""
        found = self._positions.get(code)
        if found is None:
            found = self._positions[code] = tuple(
                n for n, scope in enumerate(self._scopes) if scope is None or code.startswith(scope)
            )
        return found


def apply_steps(plan: StepPlan, events: list[Event], step: StepInput) -> list[Event]:
    """Each event through the plan's steps in order, skipping those that cannot act on its
    code; a step that recodes the event hands it on to the steps that act on the new code."""
    out: list[Event] = []
    steps = plan.steps
    for event in events:
        current = event
        code = event.cameo
        todo = plan.positions(code)
        n = 0
        while n < len(todo):
            position = todo[n]
            found = steps[position](current, step)
            if found is None:
                break  # dropped
            current = found
            if current.cameo != code:
                code = current.cameo
                todo = plan.positions(code)
                n = bisect_right(todo, position)
            else:
                n += 1
        else:
            out.append(current)
    return out
