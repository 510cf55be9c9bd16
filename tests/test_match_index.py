"""The trigger index only skips patterns that cannot fit: same matches as trying them all."""

from __future__ import annotations

import pytest

from casus.events import phrases
from casus.events.match import (
    _child_words,
    _clause_lemmas,
    _object_lemmas,
    _sentence_words,
    all_patterns,
    best_match,
    candidate_patterns,
    match_pattern,
)
from casus.events.patterns import EventDictionary, parse_pattern, pattern_key
from casus.pipeline import Coder

SENTENCES = [
    "Russia agreed to withdraw its troops from the border on Tuesday.",
    "The minister urged Kabul to release the prisoners and called on Iran to halt enrichment.",
    "Rebels launched an attack on the army base, killing 20 soldiers.",
    "France set up a fund to help refugees and made an offer to mediate between the parties.",
    "Protesters staged a general strike against the government in Caracas.",
    "The United Nations issued a statement calling for restraint.",
    "China vowed to strike back if Taiwan declared independence.",
    "Israel agreed to a ceasefire with Hamas brokered by Egypt.",
    "The president said he was ready to negotiate and willing to meet the rebels.",
    "NATO scaled back its mission and pulled out of the talks.",
]


def test_index_gives_the_same_matches_as_the_linear_scan(coder: Coder) -> None:
    dictionary = coder.event_coder.events
    matched = skipped = 0
    for doc in coder.nlp.pipe(SENTENCES):
        for tok in doc:
            linear = best_match(dictionary, tok, indexed=False)
            assert best_match(dictionary, tok) == linear, tok.text
            candidates = candidate_patterns(dictionary, tok)
            every = all_patterns(dictionary, tok)
            # same order, a subset, and every pattern left out fails on its own
            assert candidates == [p for p in every if p in candidates]
            assert all(match_pattern(p, tok) is None for p in every if p not in candidates)
            matched += linear is not None
            skipped += len(every) - len(candidates)
    assert matched >= 10 and skipped > 1000  # the sentences exercise the index


def test_the_words_around_a_token_are_words_of_its_sentence(coder: Coder) -> None:
    # the index reads no key space whose words are all missing from the sentence
    text = " ".join(SENTENCES)
    doc = coder.parse(text)
    for tok in doc:
        around = (
            _clause_lemmas(tok)
            | _object_lemmas(tok)
            | _child_words(tok)
            | phrases.phrase_objects(tok, "verb")
            | phrases.phrase_objects(tok, "noun")
        )
        assert around <= _sentence_words(tok), tok.text
    assert len(list(doc.sents)) > 5


def test_pattern_keys_name_what_the_pattern_needs() -> None:
    def key(text: str, kind: str = "verb") -> object:
        return pattern_key(parse_pattern(text, code="010", kind=kind, rule=text))  # type: ignore[arg-type]

    assert key("agree to withdraw|leave TARGET") == ("clause", {"withdraw", "leave"})
    assert key("urge TARGET to release") == ("clause", {"release"})
    assert key("impose sanctions on TARGET") == ("object", {"sanctions"})
    assert key("clamp down on TARGET") == ("child", {"down"})
    assert key("general strike", kind="noun") == ("child", {"general"})
    assert key("kill TARGET with knife|machete") == ("phrase", {"knife", "machete"})
    assert key("meet with TARGET") is None


def test_index_follows_patterns_added_after_it_was_built() -> None:
    dictionary = EventDictionary({}, {})
    dictionary.add(parse_pattern("meet with TARGET", code="036", kind="verb", rule="a"))
    dictionary.finish()
    first = dictionary.trigger_index("verb", "meet")
    assert first is not None and len(first.patterns) == 1
    dictionary.add(parse_pattern("meet TARGET", code="036", kind="verb", rule="b"))
    again = dictionary.trigger_index("verb", "meet")
    assert again is not None and len(again.patterns) == 2
    assert dictionary.trigger_index("verb", "leave") is None


def test_preposition_gate_gives_the_same_matches(
    coder: Coder, monkeypatch: pytest.MonkeyPatch
) -> None:
    dictionary = coder.event_coder.events
    docs = list(coder.nlp.pipe(SENTENCES))
    tried = [(p, tok) for doc in docs for tok in doc for p in all_patterns(dictionary, tok)]
    gated = [match_pattern(p, tok) for p, tok in tried]
    frames = [f for ps in dictionary.verbs.values() for p in ps for f in p.frames]
    frames += [f for ps in dictionary.nouns.values() for p in ps for f in p.frames]
    frames += [c for f in frames for c in f.complements]
    every = frozenset(w for f in frames for phrase in f.phrases for w in phrase.preps)
    # the gate turned off: every preposition any pattern needs is "near" every token
    monkeypatch.setattr(phrases, "phrase_words", lambda node, kind: every)
    assert [match_pattern(p, tok) for p, tok in tried] == gated
    assert sum(m is not None for m in gated) >= 10 and len(tried) > 1000
