"""Coding conventions as named steps over the events of one trigger.

A step reads the trigger's clause and the drafted events and keeps, drops or marks them; each
step that changes an event records its name in the event's evidence, so a user sees which
convention fired, not only which pattern. Which steps run is a profile of ``coding.yml``
(``conventions:``), chosen with ``CodingOptions.conventions`` (``--conventions`` on the CLI).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from casus.events.steps.background import background, description, undone
from casus.events.steps.base import Step, StepInput
from casus.events.steps.doers import (
    attributed_doer,
    generic_agent,
    implied_police,
    no_named_doer,
    place_as_target,
    unknown_actor,
)
from casus.events.steps.force import force_needs_force, private_violence, street_encounter
from casus.events.steps.senses import (
    agreement_to_act,
    aimed_at_policy,
    courtesy_call,
    doer_fits,
    halted_talks,
    object_fits,
    refusal,
    territory_needed,
    transitive_motion,
    visit_needs_destination,
    weapon_means_force,
)
from casus.events.steps.speech import (
    admission,
    bare_statement,
    campaign_appeal,
    claim_is_accusation,
    comment_needs_topic,
    considering,
    inquiry,
    opinion,
    political_actor_needed,
    private_speech,
    regret_of_others,
    speaker_needed,
    speculation,
    voiced_fear,
    warning_is_forecast,
)
from casus.model import Event

__all__ = ["STEPS", "Step", "StepInput", "UnknownConventionError", "apply_steps", "profile_steps"]


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
    "generic-agent": generic_agent,
    "refusal": refusal,
    "agreement-to-act": agreement_to_act,
    "transitive-motion": transitive_motion,
    "visit-needs-destination": visit_needs_destination,
    "courtesy-call": courtesy_call,
    "implied-police": implied_police,
    "force-needs-force": force_needs_force,
    "territory-needed": territory_needed,
    "private-violence": private_violence,
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


def apply_steps(steps: Sequence[Step], events: list[Event], step: StepInput) -> list[Event]:
    out: list[Event] = []
    for event in events:
        current: Event | None = event
        for fn in steps:
            if current is None:
                break
            current = fn(current, step)
        if current is not None:
            out.append(current)
    return out
