"""The cached sentence look-ups give what spaCy gives."""

from __future__ import annotations

from casus.pipeline import Coder
from casus.spans import doc_text, sentence_of, span_text


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


def test_span_text_of_any_span_and_doc_text_match_spacy(coder: Coder) -> None:
    text = "KABUL (Reuters) - Iran  and\tIraq met.\n\nThey signed a pact on Monday.  "
    doc = coder.nlp(text)
    assert doc_text(doc) == doc.text == text
    for start in range(len(doc)):
        for end in range(start, len(doc) + 1):
            assert span_text(doc[start:end]) == doc[start:end].text


def test_doc_text_cache_is_not_taken_from_copied_user_data(coder: Coder) -> None:
    first = coder.nlp("Iran attacked Iraq.")
    second = coder.nlp("Chad attacked Niger.")
    assert doc_text(first) == "Iran attacked Iraq."
    second.user_data.update(first.user_data)
    assert doc_text(second) == "Chad attacked Niger."
