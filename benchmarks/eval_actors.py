"""Actor F1 of coded events on our own actor gold (tests/gold/actors_gold.jsonl).

    python benchmarks/eval_actors.py [--gold PATH] [--errors N] [--json]

Each record is a short text (one to three sentences; titled and generic agents, implied
countries, pronouns, lower case and capitals) with hand-labelled events, as in
tests/gold/casus_gold.jsonl. Every record is coded with one `casus.Coder()`
(`coder.code(text, date=record["date"])`).

Gold and coded events of a record are paired one to one by CAMEO root (among events of the
same root, the pairing that gets the most actors right is preferred). On each pair, the
source and the target are scored apart:

- right: gold actor given and the coded actor matches it. A gold code matches a coded code
  that begins with it ("IGO" matches "IGOUNO", "PAKCOP" matches "PAKCOPXYZ"), as
  tests/gold/README.md describes; a sector-only gold code of no known country ("---COP")
  must be coded exactly.
- a gold actor that is missing or wrong is a false negative; a coded actor that is wrong, or
  given where the gold slot is null, is a false positive; both null counts nothing.

The headline figures (`source`, `target`) are over paired events only, so they measure the
actors of the events casus finds. `end_to_end_*` also counts the actors of unpaired gold
events as false negatives and those of unpaired coded events as false positives. `root`
gives the pairing itself (paired / unpaired gold / unpaired coded events). Every measure is
also given per record tag.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casus import Coder, Event, evaluate

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "actors_gold.jsonl"
UNKNOWN = "---"
SLOTS = ("source", "target")
MEASURES = ("root", "source", "target", "end_to_end_source", "end_to_end_target")


class Counts(evaluate.Counts):
    """casus's own counts, plus adding another's (per tag and in total)."""

    def add(self, other: Counts) -> None:  # type: ignore[override]
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, float | int]:
        return self.as_dict()


def _measures() -> dict[str, Counts]:
    return {name: Counts() for name in MEASURES}


@dataclass
class Scores:
    records: int = 0
    gold_events: int = 0
    coded_events: int = 0
    total: dict[str, Counts] = field(default_factory=_measures)
    by_tag: dict[str, dict[str, Counts]] = field(default_factory=lambda: defaultdict(_measures))
    tag_records: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "gold_events": self.gold_events,
            "coded_events": self.coded_events,
            **{name: self.total[name].to_dict() for name in MEASURES},
            "by_tag": {
                tag: {
                    "records": self.tag_records[tag],
                    **{name: counts[name].to_dict() for name in MEASURES},
                }
                for tag, counts in sorted(self.by_tag.items())
            },
        }


def read_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def actor_matches(gold: str, coded: str | None) -> bool:
    """Gold codes may be coarser than casus's; sector-only `---XXX` codes must match exactly."""
    if not coded:
        return False
    if gold.startswith(UNKNOWN):
        return coded == gold
    return coded.startswith(gold)


def coded_actor(event: Event, slot: str) -> str | None:
    ref = event.source if slot == "source" else event.target
    return ref.actor.code if ref is not None and ref.actor.code else None


def _right(gold: dict[str, Any], event: Event) -> int:
    return sum(
        1
        for slot in SLOTS
        if (gold[slot] is None and coded_actor(event, slot) is None)
        or (gold[slot] is not None and actor_matches(gold[slot], coded_actor(event, slot)))
    )


def pair_by_root(
    gold: Sequence[dict[str, Any]], coded: Sequence[Event]
) -> tuple[list[tuple[dict[str, Any], Event]], list[dict[str, Any]], list[Event]]:
    """Pair gold and coded events of the same root, best actor agreement first."""
    free = list(coded)
    pairs: list[tuple[dict[str, Any], Event]] = []
    left = list(gold)
    for wanted in (2, 1, 0):
        still: list[dict[str, Any]] = []
        for g in left:
            hit = next(
                (e for e in free if e.cameo[:2] == g["root"] and _right(g, e) == wanted), None
            )
            if hit is None:
                still.append(g)
            else:
                free.remove(hit)
                pairs.append((g, hit))
        left = still
    return pairs, left, free


def slot_counts(gold: str | None, coded: str | None) -> Counts:
    counts = Counts()
    if gold is not None and actor_matches(gold, coded):
        counts.tp = 1
    else:
        counts.fn = int(gold is not None)
        counts.fp = int(coded is not None)
    return counts


def score_record(
    gold: Sequence[dict[str, Any]], coded: Sequence[Event]
) -> tuple[dict[str, Counts], list[dict[str, Any]]]:
    """The measures of one record and its wrong actor slots."""
    measures = _measures()
    wrong: list[dict[str, Any]] = []
    pairs, unpaired_gold, unpaired_coded = pair_by_root(gold, coded)
    measures["root"] = Counts(len(pairs), len(unpaired_coded), len(unpaired_gold))
    for g, e in pairs:
        for slot in SLOTS:
            counts = slot_counts(g[slot], coded_actor(e, slot))
            measures[slot].add(counts)
            measures[f"end_to_end_{slot}"].add(counts)
            if counts.fp or counts.fn:
                wrong.append(
                    {"slot": slot, "root": g["root"], "gold": g[slot], "got": coded_actor(e, slot)}
                )
    for g in unpaired_gold:
        for slot in SLOTS:
            measures[f"end_to_end_{slot}"].fn += int(g[slot] is not None)
        wrong.append({"slot": "event", "root": g["root"], "gold": g["code"], "got": None})
    for e in unpaired_coded:
        for slot in SLOTS:
            measures[f"end_to_end_{slot}"].fp += int(coded_actor(e, slot) is not None)
        wrong.append({"slot": "event", "root": e.cameo[:2], "gold": None, "got": e.cameo})
    return measures, wrong


def score(coder: Coder, records: Iterable[dict[str, Any]]) -> Scores:
    scores = Scores()
    for record in records:
        events = coder.code(record["text"], date=record.get("date"))
        measures, wrong = score_record(record["events"], events)
        scores.records += 1
        scores.gold_events += len(record["events"])
        scores.coded_events += len(events)
        for tag in record.get("tags", []):
            scores.tag_records[tag] += 1
        for name, counts in measures.items():
            scores.total[name].add(counts)
            for tag in record.get("tags", []):
                scores.by_tag[tag][name].add(counts)
        if wrong:
            scores.errors.append(
                {
                    "id": record["id"],
                    "text": record["text"],
                    "gold": [f"{g['source']}>{g['target']}:{g['code']}" for g in record["events"]],
                    "got": [
                        f"{coded_actor(e, 'source')}>{coded_actor(e, 'target')}:{e.cameo}"
                        for e in events
                    ],
                    "wrong": wrong,
                }
            )
    return scores


def _row(name: str, counts: Counts) -> str:
    return (
        f"{name:<22}{counts.precision:>7.3f}{counts.recall:>7.3f}{counts.f1:>7.3f}"
        f"{counts.tp:>6}{counts.fp:>6}{counts.fn:>6}"
    )


def format_scores(scores: Scores, errors: int = 0) -> str:
    lines = [
        f"records {scores.records}, gold events {scores.gold_events}, "
        f"coded events {scores.coded_events}",
        f"{'measure':<22}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}",
    ]
    lines += [_row(name, scores.total[name]) for name in MEASURES]
    lines.append("")
    lines.append(
        f"{'tag':<18}{'records':>8}{'root F1':>9}{'src F1':>8}{'tgt F1':>8}"
        f"{'e2e src':>9}{'e2e tgt':>9}"
    )
    for tag, counts in sorted(scores.by_tag.items()):
        lines.append(
            f"{tag:<18}{scores.tag_records[tag]:>8}{counts['root'].f1:>9.3f}"
            f"{counts['source'].f1:>8.3f}{counts['target'].f1:>8.3f}"
            f"{counts['end_to_end_source'].f1:>9.3f}{counts['end_to_end_target'].f1:>9.3f}"
        )
    for error in scores.errors[:errors]:
        lines.append("")
        lines.append(f"{error['id']}: {error['text']}")
        lines.append(f"  gold {error['gold']}")
        lines.append(f"  got  {error['got']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--errors", type=int, default=0, help="list this many wrong records")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args()
    scores = score(Coder(), read_gold(args.gold))
    if args.json:
        out = scores.to_dict()
        if args.errors:
            out["errors"] = scores.errors[: args.errors]
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(format_scores(scores, args.errors))


if __name__ == "__main__":
    main()
