"""The CLI: bad inputs give one clear line each and the batch goes on."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from casus.cli import app

runner = CliRunner()


def test_code_jsonl_output_and_bad_inputs_do_not_stop_the_batch(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Ugandan troops attacked rebel camps in eastern Congo on Tuesday.\n")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = runner.invoke(
        app,
        [
            "code",
            "--format",
            "jsonl",
            str(empty),
            str(good),
            str(binary),
            str(tmp_path / "missing.txt"),
        ],
    )
    assert result.exit_code == 1
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert lines and all(x["doc_id"] == str(good) for x in lines)
    errors = result.stderr.splitlines()
    assert any(str(empty) in e and "empty" in e for e in errors)
    assert any(str(binary) in e and "binary" in e for e in errors)
    assert any("missing.txt" in e and "no such file" in e for e in errors)


def test_jsonl_input_uses_record_ids_and_reports_broken_lines(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps(
            {"id": "a1", "text": "Chad expelled the French ambassador.", "date": "2023-08-01"}
        )
        + "\n{not json\n"
        + json.dumps({"id": "a2"})
        + "\n"
        + json.dumps({"id": "a3", "text": "Ghana's president visited Togo on Monday."})
        + "\n"
    )
    result = runner.invoke(app, ["code", "--jsonl", "--format", "jsonl", str(src)])
    ids = {json.loads(x)["doc_id"] for x in result.stdout.splitlines() if x.startswith("{")}
    assert ids == {"a1", "a3"}
    assert f"{src}:2: broken JSON" in result.stderr
    assert f"{src}:3:" in result.stderr


def test_evaluate_prints_scores(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "g1",
                "text": "Israeli warplanes struck Hamas targets in Gaza.",
                "events": [{"source": "ISRMIL", "target": "PSEINS", "code": "195", "root": "19"}],
            }
        )
        + "\n"
    )
    result = runner.invoke(app, ["evaluate", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["sentences"] == 1 and report["root"]["recall"] == 1.0
