"""The cached sentence look-ups give what spaCy gives."""

from __future__ import annotations

from casus.pipeline import Coder
from casus.spans import sentence_of, span_text


def test_cached_sentence_text_and_sentence_of_a_token_match_spacy(coder: Coder) -> None:
    doc = coder.nlp(
        "Russia agreed to withdraw its troops.  The talks in Geneva ended on Tuesday!\n\n"
        "Did Iran attack the tanker? “No,” the ministry said."
    )
    sentences = list(doc.sents)
    assert len(sentences) >= 3
    for sent in sentences:
        assert span_text(sent) == sent.text
        assert span_text(sent) == sent.text  # from the cache
    for tok in doc:
        assert sentence_of(tok) == tok.sent
        assert span_text(sentence_of(tok)) == tok.sent.text
