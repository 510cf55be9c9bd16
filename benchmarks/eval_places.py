"""Place accuracy of coded events on our own place gold (tests/gold/places_gold.jsonl).

    python benchmarks/eval_places.py [--gold PATH] [--errors N] [--json]

Each record is a short article (one or a few sentences, some opening with a dateline) with
the place its events happen in: {"name", "country"} or null when the text names no place.
Every record is coded with `casus.Coder`; the scored place is the place of the record's first
event (lowest sentence, then earliest trigger). Records without any event are counted apart
("no event") and not scored.

- A place is "from the text" unless its method is `actor-country` (the country of the
  event's actors, given when the text names no place at all).
- country accuracy: gold place -> the event's place has the gold country; gold null -> the
  event's place is not from the text.
- place accuracy (the headline figure): as country accuracy, and the name must match too
  (same name after `casus.context.places.normalise`, or a reading of the gold name in the
  gazetteer with the same name and country: "Raqqa" is "Ar Raqqah").
- never-a-place places: records of the kinds acronym, demonym, person, currency and
  organisation whose event got a wrong place from the text (the floor is zero).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casus.context.places import Gazetteer, load_gazetteer, normalise
from casus.model import Place
from casus.pipeline import Coder

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "places_gold.jsonl"
DATE = "2024-03-14"
NEVER_A_PLACE_KINDS = frozenset({"acronym", "demonym", "person", "currency", "organisation"})
NOT_FROM_TEXT = frozenset({"actor-country"})


@dataclass
class Scores:
    records: int = 0
    scored: int = 0
    no_event: list[str] = field(default_factory=list)
    place_right: int = 0
    country_right: int = 0
    never_a_place: int = 0  # wrong places from the text in the never-a-place kinds
    by_kind: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def place_accuracy(self) -> float:
        return self.place_right / self.scored if self.scored else 0.0

    @property
    def country_accuracy(self) -> float:
        return self.country_right / self.scored if self.scored else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "scored": self.scored,
            "no_event": len(self.no_event),
            "place_accuracy": round(self.place_accuracy, 3),
            "country_accuracy": round(self.country_accuracy, 3),
            "never_a_place_places": self.never_a_place,
            "by_kind": {
                kind: {
                    "scored": c["scored"],
                    "place_right": c["place"],
                    "country_right": c["country"],
                }
                for kind, c in sorted(self.by_kind.items())
            },
        }


def read_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def from_text(place: Place | None) -> bool:
    return place is not None and place.method.split(":")[0] not in NOT_FROM_TEXT


def name_matches(place: Place, gold: dict[str, str], gazetteer: Gazetteer) -> bool:
    keys = {normalise(gold["name"])}
    keys.update(
        normalise(p.name) for p in gazetteer.lookup(gold["name"]) if p.country == gold["country"]
    )
    return normalise(place.name) in keys


def score(
    coder: Coder, records: Iterable[dict[str, Any]], gazetteer: Gazetteer | None = None
) -> Scores:
    gazetteer = gazetteer or load_gazetteer()
    scores = Scores()
    for record in records:
        scores.records += 1
        events = coder.code(record["text"], date=DATE)
        if not events:
            scores.no_event.append(record["id"])
            continue
        event = min(events, key=lambda e: (e.sentence_index, e.evidence.start))
        place, gold, kind = event.place, record["place"], record["kind"]
        if gold is None:
            country = name = not from_text(place)
        else:
            country = place is not None and place.country == gold["country"]
            name = country and place is not None and name_matches(place, gold, gazetteer)
        scores.scored += 1
        scores.country_right += country
        scores.place_right += name
        counts = scores.by_kind[kind]
        counts["scored"] += 1
        counts["country"] += country
        counts["place"] += name
        if not name and kind in NEVER_A_PLACE_KINDS and from_text(place):
            scores.never_a_place += 1
        if not name:
            scores.errors.append(
                {
                    "id": record["id"],
                    "kind": kind,
                    "text": record["text"],
                    "gold": gold,
                    "got": None
                    if place is None
                    else {k: place.to_dict()[k] for k in ("text", "name", "country", "method")},
                }
            )
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--errors", type=int, default=0, help="list this many wrong records")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    scores = score(Coder(), read_gold(args.gold))
    if args.json:
        print(json.dumps(scores.to_dict(), indent=2))
    else:
        print(
            f"records {scores.records}, scored {scores.scored} "
            f"(no event: {len(scores.no_event)})\n"
            f"place accuracy   {scores.place_accuracy:.3f}\n"
            f"country accuracy {scores.country_accuracy:.3f}\n"
            f"places from never-a-place kinds: {scores.never_a_place}"
        )
        for kind, c in sorted(scores.by_kind.items()):
            print(f"  {kind:22} {c['place']:3}/{c['scored']:<3} (country {c['country']})")
        if scores.no_event:
            print("no event:", " ".join(scores.no_event))
    for error in scores.errors[: args.errors]:
        print(json.dumps(error, ensure_ascii=False))


if __name__ == "__main__":
    main()
