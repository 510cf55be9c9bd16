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
    names = (
        "cameo_codebook_examples",
        "plover_gsr_cameo",
        "realnews_conflibert_quad",
        "realnews_india_police",
    )
    for name in names:
        report = evaluate(coder, read_gold(SHARED / f"{name}.jsonl")).as_dict()
        for measure, floor in baseline[name].items():
            if measure in report:  # a single number ("no_event_clean")
                assert report[measure] >= floor, f"{name}: {measure} = {report[measure]}"
                continue
            group, _, metric = measure.rpartition("_")
            assert report[group][metric] >= floor, f"{name}: {measure} = {report[group][metric]}"


def _write(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_scope_counts_only_the_labelled_kind_of_event(coder: Coder, tmp_path: Path) -> None:
    scope = {
        "scope": ["173", "175", "18", "19", "20"],
        "scope_source": {"sector": "COP", "text_regex": r"\bpolice\b"},
    }
    gold = _write(
        tmp_path / "police.jsonl",
        {
            "id": "a",
            "text": "police detained six men after the riot in the old city.",
            "events": [{"code": "173", "accept": ["173"], "source_sector": "COP"}],
            **scope,
        },
        {
            # A minister's statement is out of scope: neither right nor wrong here.
            "id": "b",
            "text": "The interior minister of Peru condemned the looting.",
            "events": [],
            "expect_no_events": True,
            **scope,
        },
    )
    report = evaluate(coder, read_gold(gold)).as_dict()
    assert report["root"]["tp"] == 1 and report["root"]["fp"] == 0
    assert report["no_event_clean"] == 1.0


def test_quad_sets_score_the_quad_of_each_event(coder: Coder, tmp_path: Path) -> None:
    gold = _write(
        tmp_path / "quad.jsonl",
        {
            "id": "q",
            "text": "Ethiopian troops shelled rebel positions near the border.",
            "events": [{"quad": 4, "accept": ["14", "15", "17", "18", "19", "20"]}],
        },
        {
            "id": "r",
            "text": "Norway praised Colombia for the peace agreement.",
            "events": [{"quad": 1, "accept": ["03", "04", "05"]}],
        },
    )
    report = evaluate(coder, read_gold(gold)).as_dict()
    assert report["quad"]["tp"] == 2 and report["quad"]["fn"] == 0
    assert sum(band["events"] for band in report["confidence_precision"].values()) >= 2
