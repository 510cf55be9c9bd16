"""Score the coder against gold sentences: roots, full codes and (source, target, code) triples."""

from __future__ import annotations

import json
import logging
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


@dataclass(frozen=True, slots=True)
class GoldEvent:
    source: str | None
    target: str | None
    code: str
    modality: str | None = None

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True, slots=True)
class GoldSentence:
    id: str
    text: str
    events: tuple[GoldEvent, ...]
    date: str | None = None
    has_actors: bool = False


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
            "per_root": {k: self.per_root[k].as_dict() for k in sorted(self.per_root)},
        }
        return out


def _actor(value: Any) -> str | None:
    if value in (None, "", "null"):
        return None
    return str(value).upper()


def read_gold(path: Path) -> Iterator[GoldSentence]:
    """Read a gold JSONL file; sentences whose events all lack a code are skipped."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                events = obj.get("events") or []
                coded = [e for e in events if e.get("code")]
                if events and not coded:
                    continue
                gold = tuple(
                    GoldEvent(
                        _actor(e.get("source")),
                        _actor(e.get("target")),
                        str(e["code"]),
                        e.get("modality"),
                    )
                    for e in coded
                )
                has_actors = any(e.source or e.target for e in gold)
                yield GoldSentence(
                    str(obj.get("id", n)), str(obj["text"]), gold, obj.get("date"), has_actors
                )
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
                raise GoldFormatError(f"line {n}: {exc.__class__.__name__}: {exc}") from None


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


def evaluate(coder: Coder, gold: Iterable[GoldSentence], *, keep_errors: int = 0) -> Report:
    """Code every gold sentence and compare, sentence by sentence."""
    report = Report()
    items = list(gold)
    articles = (Article(id=s.id, text=s.text, published=_date(s.date)) for s in items)
    for sentence, (_, events) in zip(items, coder.code_many(articles), strict=True):
        report.sentences += 1
        g_roots = {e.root for e in sentence.events}
        p_roots = {e.root for e in events}
        report.roots.add(g_roots, p_roots)
        report.codes.add({e.code for e in sentence.events}, {e.cameo for e in events})
        for root in g_roots | p_roots:
            report.per_root[root].add(g_roots & {root}, p_roots & {root})
        if sentence.has_actors or not sentence.events:
            pairs = _match_triples(sentence.events, events)
            report.triples.tp += len(pairs)
            report.triples.fn += len(sentence.events) - len(pairs)
            report.triples.fp += len(events) - len(pairs)
            report.source_country.add(
                {e.source[:3] for e in sentence.events if e.source},
                {p.source.actor.code[:3] for p in events if p.source},
            )
            report.target_country.add(
                {e.target[:3] for e in sentence.events if e.target},
                {p.target.actor.code[:3] for p in events if p.target},
            )
            for g, p in pairs:
                if g.modality:
                    report.modality_matched += 1
                    report.modality_correct += g.modality == p.modality
        if len(report.errors) < keep_errors and (g_roots != p_roots):
            report.errors.append(
                {
                    "id": sentence.id,
                    "text": sentence.text,
                    "gold": [f"{e.source}>{e.target}:{e.code}" for e in sentence.events],
                    "pred": [
                        f"{_code(e.source)}>{_code(e.target)}:{e.cameo}:{e.modality}"
                        for e in events
                    ],
                }
            )
    return report


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
    for key in ("root", "code", "triple", "source_country", "target_country"):
        lines.append(f"{key:<16}{_row(report[key])}")
    if report.get("modality_accuracy") is not None:
        lines.append(f"modality accuracy on matched triples: {report['modality_accuracy']:.3f}")
    lines.append("per root:")
    for root, c in report["per_root"].items():
        lines.append(f"  {root:<14}{_row(c)}")
    return "\n".join(lines)


def _row(c: Mapping[str, Any]) -> str:
    scores = f"{c['precision']:>8.3f}{c['recall']:>8.3f}{c['f1']:>8.3f}"
    return f"{scores}{c['tp']:>6}{c['fp']:>6}{c['fn']:>6}"
