"""The closed-class lexicon: one set per concept, validated on load."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
import yaml

import casus
from casus.lexicon import LexiconError, lexicon, read_lexicon


def test_bundled_lexicon_loads_with_every_concept() -> None:
    words = lexicon()
    assert "in" in words.place_prepositions
    assert words.containment_prepositions <= words.place_prepositions
    assert "COP" not in words.private_sectors and "CVL" in words.private_sectors


def test_missing_concept_is_named(tmp_path: Path) -> None:
    path = tmp_path / "en.yml"
    path.write_text("place_prepositions: [in]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="containment_prepositions"):
        read_lexicon(path)


def test_unknown_concept_is_named(tmp_path: Path) -> None:
    path = tmp_path / "en.yml"
    path.write_text("plaice_prepositions: [in]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="plaice_prepositions"):
        read_lexicon(path)


@pytest.mark.parametrize("path", ["lexicon/en.yml", "events/classes.yml", "events/modality.yml"])
def test_every_word_list_names_each_word_once(path: str) -> None:
    # A word listed twice is harmless to the coder but a sign of a list edited without reading.
    data = yaml.safe_load((Path(casus.__file__).parent / "data" / path).read_text("utf-8"))
    twice = {
        name: [w for w, n in collections.Counter(words).items() if n > 1]
        for name, words in data.items()
        if isinstance(words, list)
    }
    assert not {name: words for name, words in twice.items() if words}
