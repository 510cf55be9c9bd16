"""Score the coder against gold sentences: roots, full codes and (source, target, code) triples."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casus.model import Article, Event
from casus.pipeline import Coder

logger = logging.getLogger(__name__)


class GoldFormatError(ValueError):
    """A gold file line is not what ../gold/README.md describes."""


# The quad classes of the real-news quad set (its README): root 16 is verbal conflict there,
# unlike CAMEO's own quad classes, so a separate table.
QUAD_OF_ROOT: dict[str, int] = {
    **dict.fromkeys(("01", "02"), 0),
    **dict.fromkeys(("03", "04", "05"), 1),
    **dict.fromkeys(("06", "07", "08"), 2),
    **dict.fromkeys(("09", "10", "11", "12", "13", "16"), 3),
    **dict.fromkeys(("14", "15", "17", "18", "19", "20"), 4),
}


CONFIDENCE_BANDS = ((0.7, "≥0.70"), (0.5, "0.50–0.69"), (0.0, "<0.50"))


@dataclass(frozen=True, slots=True)
class GoldEvent:
    source: str | None
    target: str | None
    code: str
    modality: str | None = None
    # Code prefixes that count as this event (sets that label coarser than CAMEO codes).
    accept: tuple[str, ...] = ()
    quad: int | None = None

    @property
    def root(self) -> str:
        return self.code[:2]

    def accepts(self, code: str) -> bool:
        if self.accept:
            return any(code.startswith(prefix) for prefix in self.accept)
        return code[:2] == self.root


@dataclass(frozen=True, slots=True)
class Scope:
    """What a set's labels speak about: code prefixes, and who must be the source."""

    prefixes: tuple[str, ...]
    source_sector: str | None = None
    source_text: re.Pattern[str] | None = None

    def covers(self, event: Event) -> bool:
        if not any(event.cameo.startswith(p) for p in self.prefixes):
            return False
        if self.source_sector is None and self.source_text is None:
            return True
        source = event.source
        if source is None:
            return False
        if self.source_sector and self.source_sector in _sectors(source.actor.code):
            return True
        return bool(self.source_text and self.source_text.search(source.text.lower()))


@dataclass(frozen=True, slots=True)
class GoldSentence:
    id: str
    text: str
    events: tuple[GoldEvent, ...]
    date: str | None = None
    has_actors: bool = False
    scope: Scope | None = None


@dataclass
class Counts:
    """True positives, false positives and false negatives of one measure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Iterable[Any], pred: Iterable[Any]) -> None:
        g, p = Counter(gold), Counter(pred)
        both = sum((g & p).values())
        self.tp += both
        self.fp += sum(p.values()) - both
        self.fn += sum(g.values()) - both

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Report:
    """Every measure of one evaluation run."""

    sentences: int = 0
    roots: Counts = field(default_factory=Counts)
    codes: Counts = field(default_factory=Counts)
    triples: Counts = field(default_factory=Counts)
    source_country: Counts = field(default_factory=Counts)
    target_country: Counts = field(default_factory=Counts)
    per_root: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    quads: Counts = field(default_factory=Counts)
    no_event_sentences: int = 0
    no_event_clean: int = 0
    # band → [events whose root a gold event of the sentence accepts, events]
    confidence: dict[str, list[int]] = field(
        default_factory=lambda: {name: [0, 0] for _, name in CONFIDENCE_BANDS}
    )
    modality_matched: int = 0
    modality_correct: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "sentences": self.sentences,
            "root": self.roots.as_dict(),
            "code": self.codes.as_dict(),
            "triple": self.triples.as_dict(),
            "source_country": self.source_country.as_dict(),
            "target_country": self.target_country.as_dict(),
            "modality_accuracy": round(self.modality_correct / self.modality_matched, 4)
            if self.modality_matched
            else None,
            "quad": self.quads.as_dict(),
            "no_event_clean": round(self.no_event_clean / self.no_event_sentences, 4)
            if self.no_event_sentences
            else None,
            "no_event_sentences": self.no_event_sentences,
            "confidence_precision": {
                band: {"events": n, "precision": round(right / n, 4) if n else None}
                for band, (right, n) in self.confidence.items()
            },
            "per_root": {k: self.per_root[k].as_dict() for k in sorted(self.per_root)},
        }
        return out


def _actor(value: Any) -> str | None:
    if value in (None, "", "null"):
        return None
    return str(value).upper()


def read_gold(path: Path) -> Iterator[GoldSentence]:
    """Read a gold JSONL file.

    Events need a `code`, or `accept` prefixes, or a `quad`; a sentence whose events have none
    of these is skipped. `scope`/`scope_source` and `expect_no_events` are read as the shared
    gold README describes them.
    """
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                events = obj.get("events") or []
                usable = [e for e in events if e.get("code") or e.get("accept") or _has_quad(e)]
                if events and not usable:
                    continue
                gold = tuple(_gold_event(e) for e in usable)
                has_actors = any(e.source or e.target for e in gold)
                yield GoldSentence(
                    str(obj.get("id", n)),
                    str(obj["text"]),
                    gold,
                    obj.get("date"),
                    has_actors,
                    _scope(obj),
                )
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError, re.error) as exc:
                raise GoldFormatError(f"line {n}: {exc.__class__.__name__}: {exc}") from None


def _has_quad(event: Mapping[str, Any]) -> bool:
    return isinstance(event.get("quad"), int)


def _gold_event(e: Mapping[str, Any]) -> GoldEvent:
    accept = tuple(str(a) for a in e.get("accept") or ())
    code = str(e.get("code") or e.get("root") or (accept[0] if accept else ""))
    return GoldEvent(
        _actor(e.get("source")),
        _actor(e.get("target")),
        code,
        e.get("modality"),
        accept,
        e["quad"] if _has_quad(e) else None,
    )


def _scope(obj: Mapping[str, Any]) -> Scope | None:
    prefixes = obj.get("scope")
    if not prefixes:
        return None
    source = obj.get("scope_source") or {}
    regex = source.get("text_regex")
    return Scope(
        tuple(str(p) for p in prefixes),
        source.get("sector"),
        re.compile(regex) if regex else None,
    )


def _sectors(code: str) -> set[str]:
    """Three-letter parts of an actor code after its country ("INDCOP" → {"COP"})."""
    return {code[i : i + 3] for i in range(3, len(code) - 2, 3)}


def actor_matches(gold: str | None, predicted: str | None) -> bool:
    """Gold codes may be coarser than ours ("IGO" vs "IGOUNO", "AFGINS" vs "AFGINSTAL")."""
    if gold is None:
        return predicted is None or predicted == ""
    return bool(predicted) and str(predicted).startswith(gold)


def _match_triples(gold: tuple[GoldEvent, ...], pred: list[Event]) -> list[tuple[GoldEvent, Event]]:
    pairs: list[tuple[GoldEvent, Event]] = []
    free = list(pred)
    for g in gold:
        for p in free:
            if (
                p.cameo == g.code
                and actor_matches(g.source, _code(p.source))
                and actor_matches(g.target, _code(p.target))
            ):
                pairs.append((g, p))
                free.remove(p)
                break
    return pairs


def _code(ref: Any) -> str | None:
    return ref.actor.code if ref is not None else None


def _match_accepted(gold: tuple[GoldEvent, ...], pred: list[Event]) -> int:
    """How many gold events find a predicted event their `accept` prefixes take, one each."""
    free = list(pred)
    found = 0
    for g in gold:
        hit = next((p for p in free if g.accepts(p.cameo)), None)
        if hit is not None:
            free.remove(hit)
            found += 1
    return found


def evaluate(coder: Coder, gold: Iterable[GoldSentence], *, keep_errors: int = 0) -> Report:
    """Code every gold sentence and compare, sentence by sentence.

    Sets with a `scope` are scored on the events in scope only; sets with `accept` prefixes
    match a gold event to any predicted event whose code one of them begins.
    """
    report = Report()
    items = list(gold)
    articles = (Article(id=s.id, text=s.text, published=_date(s.date)) for s in items)
    for sentence, (_, coded) in zip(items, coder.code_many(articles), strict=True):
        report.sentences += 1
        events = [e for e in coded if sentence.scope is None or sentence.scope.covers(e)]
        if not sentence.events:
            report.no_event_sentences += 1
            report.no_event_clean += not events
        g_roots = {e.root for e in sentence.events}
        p_roots = {e.root for e in events}
        if any(g.accept for g in sentence.events):
            matched = _match_accepted(sentence.events, events)
            report.roots.tp += matched
            report.roots.fn += len(sentence.events) - matched
            report.roots.fp += max(0, len(p_roots) - matched)
        else:
            report.roots.add(g_roots, p_roots)
        g_quads = {g.quad for g in sentence.events if g.quad is not None}
        if g_quads:
            report.quads.add(g_quads, {QUAD_OF_ROOT[r] for r in p_roots if r in QUAD_OF_ROOT})
        coded_gold = [g for g in sentence.events if g.code[:2].isdigit() and len(g.code) > 2]
        if coded_gold or not sentence.events:
            report.codes.add({e.code for e in coded_gold}, {e.cameo for e in events})
        for root in g_roots | p_roots:
            report.per_root[root].add(g_roots & {root}, p_roots & {root})
        if sentence.has_actors or not sentence.events:
            pairs = _match_triples(sentence.events, events)
            report.triples.tp += len(pairs)
            report.triples.fn += len(sentence.events) - len(pairs)
            report.triples.fp += len(events) - len(pairs)
            report.source_country.add(
                {e.source[:3] for e in sentence.events if e.source},
                {p.source.actor.code[:3] for p in events if p.source and p.source.actor.code},
            )
            report.target_country.add(
                {e.target[:3] for e in sentence.events if e.target},
                {p.target.actor.code[:3] for p in events if p.target and p.target.actor.code},
            )
            for g, p in pairs:
                if g.modality:
                    report.modality_matched += 1
                    report.modality_correct += g.modality == p.modality
        for e in events:
            band = _band(e.confidence)
            report.confidence[band][1] += 1
            report.confidence[band][0] += any(g.accepts(e.cameo) for g in sentence.events)
        if len(report.errors) < keep_errors and (g_roots != p_roots):
            report.errors.append(
                {
                    "id": sentence.id,
                    "text": sentence.text,
                    "gold": [
                        f"{e.source}>{e.target}:{e.code}" + (f" q{e.quad}" if e.quad else "")
                        for e in sentence.events
                    ],
                    "pred": [
                        f"{_code(e.source)}>{_code(e.target)}:{e.cameo}:{e.modality}"
                        for e in events
                    ],
                }
            )
    return report


def _band(confidence: float) -> str:
    return next(name for floor, name in CONFIDENCE_BANDS if confidence >= floor)


def _date(value: str | None) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def format_report(report: Mapping[str, Any]) -> str:
    """A plain-text table of a report dict (the CLI prints this)."""
    lines = [
        f"sentences: {report['sentences']}",
        f"{'measure':<16}{'P':>8}{'R':>8}{'F1':>8}{'TP':>6}{'FP':>6}{'FN':>6}",
    ]
    for key in ("root", "code", "triple", "source_country", "target_country", "quad"):
        if report[key]["tp"] + report[key]["fp"] + report[key]["fn"]:
            lines.append(f"{key:<16}{_row(report[key])}")
    if report.get("no_event_clean") is not None:
        lines.append(
            f"no-event sentences without an event: {report['no_event_clean']:.3f}"
            f" of {report['no_event_sentences']}"
        )
    bands = report.get("confidence_precision", {})
    if bands:
        lines.append(
            "root precision by confidence: "
            + ", ".join(
                f"{band} {v['precision']:.3f} ({v['events']})"
                for band, v in bands.items()
                if v["events"]
            )
        )
    if report.get("modality_accuracy") is not None:
        lines.append(f"modality accuracy on matched triples: {report['modality_accuracy']:.3f}")
    lines.append("per root:")
    for root, c in report["per_root"].items():
        lines.append(f"  {root:<14}{_row(c)}")
    return "\n".join(lines)


def _row(c: Mapping[str, Any]) -> str:
    scores = f"{c['precision']:>8.3f}{c['recall']:>8.3f}{c['f1']:>8.3f}"
    return f"{scores}{c['tp']:>6}{c['fp']:>6}{c['fn']:>6}"
