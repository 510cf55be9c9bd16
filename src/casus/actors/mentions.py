"""Actor mentions: dictionary phrases found in a parsed document, case-aware.

Names match by their exact spelling, or in lower case when they are capitalised in the text;
in text whose case says nothing (a lower-case archive, a headline in capitals) unambiguous
names match without capitals. A one-word organisation name inside a longer proper name and
names after "pro-"/"anti-" are not mentions, nor is a country name used as a given name.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from casus.actors.dictionary import ActorDictionary, ActorEntry
from casus.lexicon import lexicon
from casus.nlp import shouting
from casus.spans import doc_text, sentence_of, sentences_of, token_texts, tokens_of

_WORDS = lexicon()
_UPPER = re.compile(r"[A-Z]")
_OBJECT_DEPS = frozenset({"dobj", "dative", "iobj", "pobj"})
_NOT_ASCII_UPPER = bytes(b for b in range(256) if chr(b) not in string.ascii_uppercase)
_NOT_ASCII_LOWER = bytes(b for b in range(256) if chr(b) not in string.ascii_lowercase)


def caseless_sentences(doc: Doc) -> set[int]:
    """Start tokens of sentences whose case carries no information.

    The whole text lower case (archives), or a sentence in capitals (headlines). Computed
    once per Doc (the resolver and the context stage both ask).
    """
    cached: frozenset[int] | None = doc.user_data.get("casus.caseless")
    if cached is None:
        cached = doc.user_data["casus.caseless"] = frozenset(_caseless_sentences(doc))
    return set(cached)


def _caseless_sentences(doc: Doc) -> set[int]:
    text = doc_text(doc)
    # the ASCII capitals and small letters of the whole text, counted in C: what is left of
    # its bytes with every other byte deleted (UTF-8 writes no other character with them)
    raw = text.encode("utf-8")
    upper = len(raw.translate(None, _NOT_ASCII_UPPER))
    lower = len(raw.translate(None, _NOT_ASCII_LOWER))
    if upper + lower == 0:
        return set()
    if upper < 0.005 * (upper + lower):
        return {sent.start for sent in sentences_of(doc)}
    return {
        sent.start for sent in sentences_of(doc) if shouting(text[sent.start_char : sent.end_char])
    }


def known_acronyms(dictionary: ActorDictionary) -> frozenset[str]:
    """The dictionary's names written in capitals ("NATO", "UN", "U.S."), which stay in
    capitals when a sentence in capitals is parsed in lower case; not those that in such a
    sentence are mostly an English word ("IS", "WHO"; the lexicon's `shouted_words`)."""
    return frozenset(
        key
        for key in dictionary.phrases
        if " " not in key
        and _UPPER.search(key)
        and key.upper() == key
        and key.lower() not in _WORDS.shouted_words
    )


def known_names(dictionary: ActorDictionary) -> frozenset[str]:
    """The dictionary's one-word names in lower case ("ghana", "kenyan", "milosevic") that
    are not also common words: a headline in Title Case keeps them capitalised when it is
    parsed in lower case."""
    return frozenset(
        key
        for key, entries in dictionary.phrases.items()
        if " " not in key
        and key.islower()
        and key not in _WORDS.caseless_ambiguous
        and all(e.kind != "ambiguous" for e in entries)
    )


def _inside_longer_name(span: Span) -> bool:
    """Whether a one-word organisation (or ambiguous place) name is only a word of a longer
    proper name ("Rift Valley").

    The name's own words come first: a capitalised proper noun right before it, in the same
    noun phrase, makes it part of another name ("District GOP organization").
    """
    if len(span) != 1 or span.start == 0:
        return False
    tok, before = span[0], span.doc[span.start - 1]
    return (
        before.pos_ == "PROPN"
        and before.text[:1].isupper()
        and before.dep_ == "compound"
        and before.head.i in {tok.i, tok.head.i}
        and not before.is_sent_start
    )


def _first_of_longer_name(span: Span) -> bool:
    """Whether a one-word person's name only begins another person's name ("Obama
    Kiprono"): it modifies a proper noun after it that is no body of theirs
    ("the Obama Administration")."""
    if len(span) != 1:
        return False
    tok = span[0]
    head = tok.head
    return (
        tok.dep_ == "compound"
        and head.i > tok.i
        and head.pos_ == "PROPN"
        and head.text[:1].isupper()
        and head.lower_ not in _WORDS.person_bodies
    )


def _given_name(span: Span, known: Callable[[int], bool]) -> bool:
    """Whether a one-word country name is a person's given name ("Jordan Whitfield").

    It modifies the last word of a proper name, and that word is no name, role, sector or
    body casus knows (a surname): "the Pakistan Army", "Kenya Airways' board" keep theirs.
    """
    if len(span) != 1:
        return False
    tok = span[0]
    head = tok.head
    if not (
        tok.is_alpha
        and tok.text[:1].isupper()
        and tok.text[1:].islower()  # "U.S. Chamber", "UK Border Force": no given name
        and tok.dep_ == "compound"
        and head.i == tok.i + 1
        and head.pos_ == "PROPN"
        and head.text[:1].isupper()
        and head.text[1:].islower()
    ):
        return False
    following = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    if following is not None and (
        (following.pos_ == "PROPN" and following.text[:1].isupper()) or following.lower_ == "of"
    ):
        return False  # a longer name ("Jordan River Authority", "Kenya Chamber of ..."): no one's
    return not known(head.i)


def _begins_other_name(span: Span, known: Callable[[int], bool]) -> bool:
    """Whether a one-word party name begins another proper name ("BNP Paribas"): it
    modifies the capitalised proper noun right after it, a word casus does not know (the
    party's "Chief", "MPs" or "Youth League" keep it)."""
    if len(span) != 1:
        return False
    tok = span[0]
    after = tok.i + 1
    if after >= len(tok.doc):
        return False
    head = tok.doc[after]
    return (
        tok.dep_ == "compound"
        and tok.head.i == after
        and head.pos_ == "PROPN"
        and head.text[:1].isupper()
        and not known(after)
    )


def _stance_prefix(texts: list[str], start: int) -> bool:
    """Whether a name is preceded by "pro-" or "anti-" ("pro-Russian", "anti-American");
    `texts` are the Doc's `token_texts` (a token's `lower_` is its text in lower case)."""
    if start >= 2 and texts[start - 1] == "-":
        return texts[start - 2].lower() in {"pro", "anti", "non"}
    return start >= 1 and texts[start - 1].lower() in {"pro-", "anti-"}


@dataclass(frozen=True, slots=True)
class Mention:
    """A dictionary match in the text: token range and the entries the phrase names."""

    start: int
    end: int
    entries: tuple[ActorEntry, ...]


class ActorResolver:
    """Find actor mentions in a parsed document and resolve phrases to actors."""

    def __init__(self, dictionary: ActorDictionary, nlp: Language) -> None:
        self.dictionary = dictionary
        self._acronyms = known_acronyms(dictionary)
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        lower_keys = [k for k in dictionary.phrases if k == k.lower()]
        exact_keys = [k for k in dictionary.phrases if k != k.lower()]
        for matcher, keys in ((self._lower, lower_keys), (self._exact, exact_keys)):
            for key in keys:
                matcher.add(key, [nlp.make_doc(key)])
        # A match's key by its id (the key's hash): the string store decodes it anew each time.
        self._keys = {nlp.vocab.strings[key]: key for key in dictionary.phrases}

    def _caseless_ok(self, key: str) -> bool:
        if key.lower() in _WORDS.caseless_ambiguous or len(key) < 3:
            return False
        return all(e.kind not in {"person", "ambiguous"} for e in self.dictionary.phrases[key])

    def _named_acronym(self, key: str, span: Span) -> bool:
        """Whether an acronym in a headline in capitals is a name: the parse (of the
        headline in lower case, the acronyms kept) makes it a proper noun, and one that is
        also a pronoun ("US") is no object ("TELL US TO LEAVE")."""
        if key not in self._acronyms or span.root.pos_ != "PROPN":
            return False
        return key.lower() not in STOP_WORDS or span.root.dep_ not in _OBJECT_DEPS

    def _known_word(self, t: Token) -> bool:
        """Whether the word is a dictionary name, role, sector noun or a body's head word:
        such a word after a country name makes a body of that country, not a person."""
        return bool(
            t.lower_ in self.dictionary.phrases
            or self.dictionary.sector_of(t.lemma_.lower())
            or self.dictionary.sector_of(t.lower_)
            or t.lower_ in _WORDS.organisation_heads
            or t.lower_ in _WORDS.person_bodies
        )

    def find_mentions(self, doc: Doc) -> dict[int, Mention]:
        """Map every token covered by a dictionary phrase to its (longest) mention."""
        found: list[tuple[int, int, str]] = []  # (start, end, key): no Span per match
        caseless = caseless_sentences(doc)
        keys = self._keys
        tokens = tokens_of(doc)
        texts = token_texts(doc)  # (the words' texts, with no Token made per look-up)
        for matcher in (self._exact, self._lower):
            for match_id, start, end in matcher(doc):
                key = keys[match_id]
                if caseless and sentence_of(tokens[start]).start in caseless:
                    # Archived lower-case text and all-caps headlines say nothing by case:
                    # match what is unambiguous, never a common word ("us", "turkey", "is"),
                    # but an acronym the parse takes for a name ("UN", "US").
                    if not self._caseless_ok(key) and not self._named_acronym(key, doc[start:end]):
                        continue
                elif not any([texts[i][:1].isupper() for i in range(start, end)]):
                    # Lower-case matching must not turn "us" or "turkey" into countries.
                    continue
                found.append((start, end, key))
        index: dict[int, Mention] = {}
        # The words after one-word matches; whether casus knows such a word is read only for
        # the few country names `_given_name` asks about.
        after_one_word = {end for start, end, _ in found if end - start == 1 and end < len(doc)}

        def known(i: int) -> bool:
            return i in after_one_word and self._known_word(tokens[i])

        for start, end, key in _longest_first(found):
            if _stance_prefix(texts, start):
                continue  # "pro-Russian separatists" are not Russian
            entries = tuple(self.dictionary.phrases[key])
            if entries[0].kind in {"organisation", "group", "ambiguous"} and _inside_longer_name(
                doc[start:end]
            ):
                continue  # "Fairfax County Commonwealth's Attorney" is no Commonwealth body
            if entries[0].kind == "person" and _first_of_longer_name(doc[start:end]):
                continue  # a famous surname as another person's first name
            if entries[0].kind == "country" and _given_name(doc[start:end], known):
                continue  # "Chad", "Georgia", "Jordan", "Israel" as a first name
            if entries[0].actor.sector == "PTY" and _begins_other_name(doc[start:end], known):
                continue  # "BNP Paribas" is a bank, not Bangladesh's BNP
            if wire_credit(doc, start, end):
                continue  # "KANO (Reuters) -": who sent the story, not who is in it
            mention = Mention(start, end, entries)
            for i in range(start, end):
                index[i] = mention
        return index


# A dateline's credit comes within this many tokens of its line's start ("SAN JOSE, Costa
# Rica, May 2 (Reuters) -" is twelve).
_CREDIT_REACH = 14
_CREDIT_DASHES = frozenset({"-", "--", "–", "—", "―"})


def wire_credit(doc: Doc, start: int, end: int) -> bool:
    """Whether a name is a dateline's credit: alone in brackets followed by a dash, near
    the start of its line ("QUITO (AP) --", "KANO, May 2 (AFP) —")."""
    if start == 0 or end >= len(doc) - 1:
        return False
    texts = token_texts(doc)  # (no Token made per look-up)
    if texts[start - 1] != "(" or texts[end] != ")" or texts[end + 1] not in _CREDIT_DASHES:
        return False
    for i in range(start - 2, max(-1, start - 2 - _CREDIT_REACH), -1):
        if "\n" in texts[i] or doc[i].is_sent_start:
            return True
    return start - 1 == 0  # the bracket opens the text


def _longest_first(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """spaCy's `filter_spans` on (start, end, key) matches: where matches overlap the
    (first) longest wins; the kept ones in text order."""
    ordered = sorted(found, key=lambda m: (m[1] - m[0], -m[0]), reverse=True)
    kept: list[tuple[int, int, str]] = []
    seen: set[int] = set()
    for start, end, key in ordered:
        if start not in seen and end - 1 not in seen:
            kept.append((start, end, key))
            seen.update(range(start, end))
    return sorted(kept, key=lambda m: m[0])
