"""Quality gate: the coder's scores on our own gold must not fall below the pinned floors.

Raising a floor in tests/gold/baseline.json is a normal commit; lowering one needs a reason
in the commit message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casus.evaluate import Counts, actor_matches, evaluate, read_gold
from casus.pipeline import Coder

GOLD = Path(__file__).parent / "gold"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "gold"


def test_counts_and_actor_prefix_matching() -> None:
    c = Counts()
    c.add({"19", "04"}, {"19", "11"})
    assert (c.tp, c.fp, c.fn) == (1, 1, 1)
    assert c.f1 == pytest.approx(0.5)
    assert actor_matches("IGO", "IGOUNO") and actor_matches("AFGINS", "AFGINSTAL")
    assert not actor_matches("RUSGOV", "RUS") and not actor_matches("RUS", None)
    assert actor_matches(None, None)


def test_our_gold_is_well_formed() -> None:
    sentences = list(read_gold(GOLD / "casus_gold.jsonl"))
    assert len(sentences) >= 400
    assert len({s.id for s in sentences}) == len(sentences)
    roots = {e.root for s in sentences for e in s.events}
    assert roots == {f"{n:02d}" for n in range(1, 21)}
    assert sum(1 for s in sentences if not s.events) >= 20


def test_quality_gate_on_our_gold(coder: Coder) -> None:
    floors = json.loads((GOLD / "baseline.json").read_text())["casus_gold"]
    assert floors, "no floors pinned"
    report = evaluate(coder, read_gold(GOLD / "casus_gold.jsonl")).as_dict()
    for measure, floor in floors.items():
        group, _, metric = measure.rpartition("_")
        assert report[group][metric] >= floor, f"{measure} fell to {report[group][metric]}"


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.is_dir(), reason="development gold (../shared/gold) not present")
def test_development_gold_floors(coder: Coder) -> None:
    baseline = json.loads((GOLD / "baseline.json").read_text())
    for name in ("cameo_codebook_examples", "plover_gsr_cameo"):
        report = evaluate(coder, read_gold(SHARED / f"{name}.jsonl")).as_dict()
        for measure, floor in baseline[name].items():
            group, _, metric = measure.rpartition("_")
            assert report[group][metric] >= floor, f"{name}: {measure} = {report[group][metric]}"
