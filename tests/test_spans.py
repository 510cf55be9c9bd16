"""The cached sentence look-ups give what spaCy gives."""

from __future__ import annotations

from casus.pipeline import Coder, release_caches
from casus.spans import (
    children_of,
    doc_text,
    lefts_of,
    rights_of,
    sentence_of,
    span_text,
    token_starting_at,
    token_texts,
    word_forms,
)


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


def test_cached_children_lefts_and_rights_match_spacy(coder: Coder) -> None:
    doc = coder.nlp(
        "KABUL (Reuters) - The foreign minister of Iran, who arrived on Monday, urged the "
        "rebels in the north to withdraw their forces and release the hostages.\n\nThey refused."
    )
    for tok in doc:
        assert [c.i for c in children_of(tok)] == [c.i for c in tok.children]
        assert [c.i for c in lefts_of(tok)] == [c.i for c in tok.lefts]
        assert [c.i for c in rights_of(tok)] == [c.i for c in tok.rights]
    other = coder.nlp("Chad attacked Niger.")
    other.user_data.update(doc.user_data)  # copied user data is not taken for this Doc's
    for tok in other:
        assert [c.i for c in children_of(tok)] == [c.i for c in tok.children]


def test_the_token_starting_at_an_offset_is_the_one_char_span_finds(coder: Coder) -> None:
    text = "KABUL (Reuters) - Iran  and\tIraq met.\n\nThey signed a pact on Monday.  "
    doc = coder.nlp(text)
    starts = {tok.idx for tok in doc}
    for char in range(len(text)):
        found = token_starting_at(doc, char)
        if char in starts:
            span = doc.char_span(char, char + 1, alignment_mode="expand")
            assert span is not None and found is not None and found.i == span[0].i
        else:
            assert found is None


def test_word_forms_and_texts_are_the_tokens_own(coder: Coder) -> None:
    # repeated words, capitals, non-ASCII letters and a word new to the process
    doc = coder.nlp(
        "Kenya's troops, Kenyan TROOPS and İstanbul's Ölçü police met the troops again. "
        "The Qzxwvy delegation said the troops would stay."
    )
    for _ in range(2):  # a fresh read, then one from the caches the first filled
        lemmas, lowers = word_forms(doc)
        assert lemmas == [t.lemma_.lower() for t in doc]
        assert lowers == [t.lower_ for t in doc]
        assert token_texts(doc) == [t.text for t in doc]
        release_caches(doc)
