"""One sentence's events told twice, kept once.

The coder drops a sentence's framing statements first, then its restatements. Two events
tell the same act when they join the same dyad (source, target and modality) and one code
is the other or refines it.
"""

from __future__ import annotations

from casus.model import ActorRef, Event


def _covers(specific: str, general: str) -> bool:
    """Whether CAMEO code `specific` is `general` or refines it ("1123" refines "112" and
    "110"; "012" refines the root's unspecified "010")."""
    if specific.startswith(general):
        return True
    return len(general) == 3 and general.endswith("0") and specific[:2] == general[:2]


def _key(ref: ActorRef | None) -> str:
    if ref is None:
        return ""
    return ref.actor.code or ref.text.lower()


def _dyad(event: Event) -> tuple[str, str, str]:
    return _key(event.source), _key(event.target), event.modality


def drop_restatements(events: list[Event]) -> list[Event]:
    """One sentence telling one act twice is one event, at its most specific code.

    A statement and the speech it was made in, or an accusation said again with a detail,
    would otherwise count the same dyad's act two or three times.
    """
    if len(events) < 2:
        return list(events)  # (most sentences: nothing told twice)
    dyads = [_dyad(e) for e in events]  # (each event's dyad read once, not once per pair)
    kept: list[int] = []
    for n, event in enumerate(events):
        dyad, cameo = dyads[n], event.cameo
        restated = False
        for m, other in enumerate(events):
            if dyads[m] == dyad and other.cameo != cameo and _covers(other.cameo, cameo):
                restated = True
                break
        if restated:
            continue
        for k in kept:
            if dyads[k] == dyad and events[k].cameo == cameo:
                break
        else:
            kept.append(n)
    return [events[k] for k in kept]


def drop_framing_statements(events: list[Event]) -> list[Event]:
    """'X said Y attacked Z' is Y->Z reported; X's saying so is not a second event."""
    if all([e.extra.get("statement") for e in events]):
        return events
    return [e for e in events if not e.extra.get("statement")]
