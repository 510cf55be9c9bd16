"""Document memory: what an article has established so far, for later references to use."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from casus.model import Actor, is_state


@dataclass
class DocumentMemory:
    """What an article has established so far: names, the last person, group and country."""

    names: dict[str, Actor] = field(default_factory=dict)
    # None: a person named whom no dictionary knows ("Okafor said ..."); "he" after that name
    # is that person, not the last known one.
    recent: list[tuple[Actor | None, str, int]] = field(default_factory=list)
    sentence: int = 0  # the index of the first token of the sentence being read
    roles: dict[str, Actor] = field(default_factory=dict)  # "minister" -> who was so described
    countries: Counter[str] = field(default_factory=Counter)

    def remember(
        self, actor: Actor, *, kind: str, names: tuple[str, ...] = (), role: str = ""
    ) -> None:
        for name in names:
            self.names[name.lower()] = actor
        self.recent.append((actor, kind, self.sentence))
        if role:
            self.roles[role] = actor
        if len(self.recent) > 50:
            del self.recent[:25]
        if is_state(actor.country):
            self.countries[actor.country] += 1

    def remember_unknown_person(self) -> None:
        if self.recent and self.recent[-1][:2] == (None, "person"):
            return
        self.recent.append((None, "person", self.sentence))

    def last(
        self, *kinds: str, sector: str | None = None, this_sentence: bool = False
    ) -> Actor | None:
        for actor, kind, sentence in reversed(self.recent):
            if this_sentence and sentence != self.sentence:
                return None
            if kinds and kind not in kinds:
                continue
            if actor is None:
                return None  # the last one is someone no dictionary knows
            if sector is not None and actor.sector != sector:
                continue
            return actor
        return None

    def last_pair(self, *, states: bool) -> list[Actor]:
        """The two actors named so far in this sentence (with `states`, one per country: its
        two countries), when it names exactly two: with more, which two is not said."""
        found: list[Actor] = []
        for actor, _, sentence in reversed(self.recent):
            if sentence != self.sentence:
                break
            if actor is None:
                continue
            if states:
                if not is_state(actor.country) or any(a.country == actor.country for a in found):
                    continue
            elif any(a.code == actor.code for a in found):
                continue
            found.append(actor)
        return found[::-1] if len(found) == 2 else []

    def last_country(self) -> str | None:
        for actor, _, _ in reversed(self.recent):
            if actor is not None and is_state(actor.country):
                return actor.country
        return None

    def dominant_country(self) -> str | None:
        if not self.countries:
            return None
        # Ties go to the country named first, so the result does not depend on dict order.
        best = max(self.countries.values())
        for actor, _, _ in self.recent:
            if actor is not None and self.countries.get(actor.country) == best:
                return actor.country
        return next(iter(self.countries))
