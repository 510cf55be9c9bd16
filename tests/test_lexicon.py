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


def test_no_data_file_names_a_key_twice() -> None:
    # YAML keeps the last of two equal keys without a word: a set named twice in en.yml
    # silently loses its first meaning (this broke "office_nouns" once).
    class _StrictLoader(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> object:
        keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
        repeated = {k for k in keys if keys.count(k) > 1}
        assert not repeated, f"{node.start_mark.name}: {sorted(map(str, repeated))} twice"
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    _StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    data = Path(__file__).resolve().parent.parent / "src" / "casus" / "data"
    for path in sorted(data.rglob("*.yml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
