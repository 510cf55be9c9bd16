"""The CLI: bad inputs give one clear line each and the batch goes on."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from casus.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


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


def test_code_reads_records_and_directories_by_their_format(tmp_path: Path) -> None:
    records = tmp_path / "dump.jsonl"
    records.write_text(
        json.dumps({"id": "r1", "text": "Chad expelled the French ambassador on Monday."})
        + "\n"
        + json.dumps({"id": "r2", "text": "Ghana's president visited Togo on Friday."})
        + "\n"
    )
    table = tmp_path / "feed.csv"
    table.write_text('id,text\nc1,"Kenyan police arrested two opposition leaders in Nairobi."\n')
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "one.txt").write_text("Ugandan troops attacked rebel camps in eastern Congo.\n")
    result = runner.invoke(
        app, ["code", "--format", "jsonl", str(records), str(table), str(folder)]
    )
    assert result.exit_code == 0, result.stderr
    ids = {json.loads(x)["doc_id"] for x in result.stdout.splitlines() if x.startswith("{")}
    assert ids == {"r1", "r2", "c1", str(folder / "one.txt")}


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


# --- issue 11, defect 15: CLI and packaging manners ---------------------------------------


def test_version_is_printed() -> None:
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"casus {version('casus')}"


def _commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, group
    for name, command in getattr(group, "commands", {}).items():
        yield from _commands(command, (*path, name))


def test_help_is_readable_at_80_columns() -> None:
    import typer.main

    for path, command in _commands(typer.main.get_command(app)):
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
        assert result.exit_code == 0, (path, result.output)
        lines = result.stdout.splitlines()
        assert all(len(line) <= 80 for line in lines), (path, max(lines, key=len))
        words = set(result.stdout.replace("/", " ").split())
        for param in command.params:
            for name in (*param.opts, *param.secondary_opts):
                if name.startswith("-"):
                    assert name in words, (path, name)  # whole, not cut off with "…"
        assert "…" not in result.stdout


def test_a_text_that_is_only_a_headline_is_coded(tmp_path: Path) -> None:
    headline = tmp_path / "headline.txt"
    headline.write_text("Iran seizes British tanker in the Strait of Hormuz\n")
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"id": "h1", "text": "Iran seizes British tanker"}) + "\n")
    result = runner.invoke(app, ["code", "--format", "jsonl", str(headline)])
    assert result.exit_code == 0 and not result.stderr, result.stderr
    events = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(e["source"]["code"], e["root"]) for e in events] == [("IRN", "17")]
    result = runner.invoke(app, ["code", "--jsonl", "--format", "jsonl", str(dump)])
    assert result.exit_code == 0 and not result.stderr, result.stderr


def test_pyproject_licence_is_an_spdx_string() -> None:
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert data["project"]["license"] == "MIT"
    assert "setuptools>=77" in data["build-system"]["requires"]


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_make_does_not_reinstall_an_installed_package(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").touch()
    stamps = [venv / ".installed", venv / ".installed-dev", venv / ".web-assets"]
    for stamp in stamps:
        stamp.touch()

    def dry_run(target: str) -> str:
        done = subprocess.run(
            ["make", "-n", "-C", str(ROOT), target, f"VENV={venv}"],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    for target in ("install", "dev", "demo", "evaluate"):
        assert "pip install" not in dry_run(target) and "npm ci" not in dry_run(target)
    os.utime(stamps[0], (0, 0))  # pyproject.toml is newer than the install
    assert "pip install --quiet -e ." in dry_run("install")


def test_code_with_ner_and_conventions_options(tmp_path: Path) -> None:
    text = tmp_path / "note.txt"
    text.write_text(
        "The Coastal Fishermen Association said it would sue Senegal over the new quotas.\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["code", "--format", "jsonl", "--ner", "--conventions", "phoenix", str(text)]
    )
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert events
    bad = runner.invoke(app, ["code", "--conventions", "nonsense", str(text)])
    assert bad.exit_code != 0 and "unknown conventions profile" in bad.output


def test_code_min_confidence_drops_weak_events(tmp_path: Path) -> None:
    text = tmp_path / "note.txt"
    text.write_text("officers detained four youths after the scuffle.\n", encoding="utf-8")
    every = runner.invoke(app, ["code", "--format", "jsonl", str(text)])
    strict = runner.invoke(
        app, ["code", "--format", "jsonl", "--min-confidence", "0.99", str(text)]
    )
    assert every.exit_code == 0 and strict.exit_code == 0
    assert every.output.count('"cameo"') > strict.output.count('"cameo"') == 0


def test_code_leaves_out_negated_acts_unless_asked(tmp_path: Path) -> None:
    text = tmp_path / "note.txt"
    text.write_text(
        "Kenyan troops did not shell the Somali border posts. "
        "Kenyan police arrested two Somali traders in Mandera.\n",
        encoding="utf-8",
    )
    default = runner.invoke(app, ["code", "--format", "jsonl", str(text)])
    asked = runner.invoke(app, ["code", "--format", "jsonl", "--negated", str(text)])
    assert default.exit_code == 0 and asked.exit_code == 0
    shown = [json.loads(line) for line in default.output.splitlines() if line.startswith("{")]
    every = [json.loads(line) for line in asked.output.splitlines() if line.startswith("{")]
    assert shown and all(e["modality"] != "negated" for e in shown)
    assert any(e["modality"] == "negated" for e in every)
    # an event keeps its id whether or not the negated ones are shown
    ids = {e["event_id"] for e in every}
    assert {e["event_id"] for e in shown} <= ids


def test_import_casus_does_not_load_the_model() -> None:
    # Commands that only read a store must not pay for spaCy and trafilatura.
    import subprocess
    import sys

    probe = "import sys, casus; print('spacy' in sys.modules, 'trafilatura' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
    probe = "import sys, casus; casus.Coder; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True"]


def test_the_filter_options_read_alike_in_every_command() -> None:
    import typer.main

    from casus.cli.options import FILTER_OPTIONS

    seen: dict[str, set[tuple[Any, ...]]] = {}
    filtering = 0
    for _path, command in _commands(typer.main.get_command(app)):
        params = [p for p in getattr(command, "params", []) if p.name in FILTER_OPTIONS]
        if "since" not in {p.name for p in params}:
            continue  # not a filtering command (`code --min-confidence` drops what it codes)
        filtering += 1
        for param in params:
            shown = (tuple(param.opts), param.default, param.multiple)
            if param.name != "modality":  # its help says what no --modality means there
                shown = (*shown, param.help)
            seen.setdefault(param.name, set()).add(shown)
    assert filtering >= 5  # export, aggregate series/network/places, actors unknown
    assert all(len(shapes) == 1 for shapes in seen.values()), seen
