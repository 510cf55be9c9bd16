"""The demo corpus codes to the same events, field for field, until the coder is changed
on purpose (tests/demo_events.sha256 says how to record a new digest)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casus.ingest import IngestOptions, ingest
from casus.store import open_store
from pg import events_digest

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = Path(__file__).with_name("demo_events.sha256")
UPDATE = "CASUS_UPDATE_DEMO_DIGEST"
# Relative to ROOT: document names are part of the events, and must not depend on where
# the repository is checked out.
SOURCES = ["demo/corpus", "demo/articles.jsonl"]


def _expected() -> tuple[list[str], dict[str, str]]:
    comments, values = [], {}
    for line in EXPECTED.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            comments.append(line)
        else:
            key, value = line.split(maxsplit=1)
            values[key] = value
    return comments, values


def test_the_demo_corpus_codes_to_the_recorded_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    with open_store(tmp_path / "demo.db") as store:
        summary = ingest(SOURCES, store=store, options=IngestOptions(workers=0))
        found = {"events": str(store.count()["events"]), "sha256": events_digest(store)}
    assert summary.ok and summary.coded == 30, summary
    comments, expected = _expected()
    if os.environ.get(UPDATE):
        lines = [*comments, *(f"{key} {value}" for key, value in found.items())]
        EXPECTED.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return
    assert found == expected, (
        f"the demo corpus now codes to {found['events']} events, digest {found['sha256']} "
        f"(recorded: {expected}); if the coder was changed on purpose, run "
        f"{UPDATE}=1 python -m pytest {Path(__file__).relative_to(ROOT)}"
    )
