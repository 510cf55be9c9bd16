"""Sentence look-ups cached on the Doc.

spaCy rebuilds `Span.text` from its tokens on every call and `Token.sent` walks the parse to
find the sentence's ends; the coder and the context stage ask both many times for the same
sentence (each trigger, each event). These give the same values, computed once per Doc.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

_DOC_TEXT = "casus.doc_text"
_SENTENCES = "casus.sentence_of"


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per Doc (spaCy joins every token's text on every call).

    The cache holds the Doc it was made for: user data copied to another Doc (`with_text`
    copies a re-cased parse's) is not taken for that Doc's text."""
    found: tuple[Doc, str] | None = doc.user_data.get(_DOC_TEXT)
    if found is not None and found[0] is doc:
        return found[1]
    text = doc.text
    doc.user_data[_DOC_TEXT] = (doc, text)
    return text


def span_text(span: Span) -> str:
    """`span.text`: a slice of the Doc's text (the tokens' texts and spaces, joined, are
    the Doc's text, and `start_char`/`end_char` are offsets into it)."""
    return doc_text(span.doc)[span.start_char : span.end_char]


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
