"""Sentence look-ups cached on the Doc.

spaCy rebuilds `Span.text` from its tokens on every call and `Token.sent` walks the parse to
find the sentence's ends; the coder and the context stage ask both many times for the same
sentence (each trigger, each event). These give the same values, computed once per Doc.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

_TEXTS = "casus.span_text"
_SENTENCES = "casus.sentence_of"


def span_text(span: Span) -> str:
    """`span.text`, computed once per (start, end) of its Doc."""
    cache: dict[tuple[int, int], str] = span.doc.user_data.setdefault(_TEXTS, {})
    key = (span.start, span.end)
    text = cache.get(key)
    if text is None:
        text = cache[key] = span.text
    return text


def sentence_of(token: Token) -> Span:
    """`token.sent`: the sentences of the Doc are listed once, then looked up by token."""
    doc = token.doc
    found: dict[int, Span] | None = doc.user_data.get(_SENTENCES)
    if found is None:
        found = {}
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                found[i] = sent
        doc.user_data[_SENTENCES] = found
    return found[token.i]
