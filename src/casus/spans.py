"""Sentence look-ups cached on the Doc.

spaCy rebuilds `Span.text` from its tokens on every call and `Token.sent` walks the parse to
find the sentence's ends; the coder and the context stage ask both many times for the same
sentence (each trigger, each event). These give the same values, computed once per Doc.
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, HEAD, IDX, LEMMA, LOWER, ORTH, POS
from spacy.tokens import Doc, Span, Token

_DOC_TEXT = "casus.doc_text"
_SENTENCES = "casus.sentence_of"
_SENTENCE_LIST = "casus.sentences"
_CHILDREN = "casus.children"
_COORDINATED = "casus.coordinated"
_TOKENS = "casus.tokens"
_TEXTS = "casus.token_texts"
_SUBTREES = "casus.subtrees"
_STARTS = "casus.token_starts"
_WORDS = "casus.words"
_LABELS = "casus.pos_dep"


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


def parsed_from(doc: Doc, text: str) -> Doc:
    """The doc, its `doc_text` taken to be `text`: the text it was parsed from. spaCy's
    tokenizer loses no character, so the tokens' texts and spaces join to exactly that
    text, and the join (a Token made per word) need not be done."""
    doc.user_data[_DOC_TEXT] = (doc, text)
    return doc


def span_text(span: Span) -> str:
    """`span.text`: a slice of the Doc's text (the tokens' texts and spaces, joined, are
    the Doc's text, and `start_char`/`end_char` are offsets into it)."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def sentences_of(doc: Doc) -> list[Span]:
    """`list(doc.sents)`, made once per Doc (like `doc_text`'s cache): spaCy finds the
    sentence ends and makes a Span per sentence on every call, and the coder, the resolver
    and the context stage each ask."""
    found: tuple[Doc, list[Span]] | None = doc.user_data.get(_SENTENCE_LIST)
    if found is not None and found[0] is doc:
        return found[1]
    sentences = list(doc.sents)
    doc.user_data[_SENTENCE_LIST] = (doc, sentences)
    return sentences


def sentence_of(token: Token) -> Span:
    """`token.sent`: the sentences of the Doc are listed once, then looked up by token."""
    doc = token.doc
    found: dict[int, Span] | None = doc.user_data.get(_SENTENCES)
    if found is None:
        found = {}
        for sent in sentences_of(doc):
            for i in range(sent.start, sent.end):
                found[i] = sent
        doc.user_data[_SENTENCES] = found
    return found[token.i]


def tokens_of(doc: Doc) -> list[Token]:
    """The Doc's tokens, made once per Doc (like `doc_text`'s cache). Indexing a Doc or
    iterating a Span makes a new Token object every time; the coder walks every sentence
    several times (its noun phrases, its triggers, its place names)."""
    found: tuple[Doc, list[Token]] | None = doc.user_data.get(_TOKENS)
    if found is not None and found[0] is doc:
        return found[1]
    tokens = list(doc)
    doc.user_data[_TOKENS] = (doc, tokens)
    return tokens


def token_starting_at(doc: Doc, char: int) -> Token | None:
    """The token that begins at character offset `char`, if one does. `Doc.char_span` makes
    a Span and walks the tokens for each offset; the starts are read once per Doc (the cache
    holds the Doc it was made for, like `doc_text`'s)."""
    found: tuple[Doc, dict[int, int]] | None = doc.user_data.get(_STARTS)
    if found is None or found[0] is not doc:
        starts = doc.to_array([IDX]).astype("int64").ravel().tolist() if len(doc) else []
        found = (doc, {start: i for i, start in enumerate(starts)})
        doc.user_data[_STARTS] = found
    i = found[1].get(char)
    return None if i is None else tokens_of(doc)[i]


# A word's id in spaCy's string store (a hash of its text, the same in every Doc and
# process) -> its text in lower case: most words of an article were in the ones before, and
# the store's look-up costs more than a dict's. Emptied when it grows past _LOWERED_MAX.
_LOWERED: dict[int, str] = {}
_LOWERED_MAX = 500_000
_SPELLED: dict[int, str] = {}  # the same, of the words as written (`token_texts`)


def _read_strings(doc: Doc, ids: numpy.ndarray, cache: dict[int, str], lower: bool) -> list[str]:
    """The strings of a flat array of string ids, by position (in lower case if `lower`):
    each distinct id is looked up once, in `cache`, else in the Doc's string store. An
    article repeats its words: a few hundred look-ups in a large cache cost more than
    numpy's sort of the ids."""
    distinct, at = numpy.unique(ids, return_inverse=True)
    if len(cache) > _LOWERED_MAX:
        cache.clear()
    get = cache.get
    strings = doc.vocab.strings
    forms: list[str] = []
    for i in distinct.tolist():
        form = get(i)
        if form is None:
            form = cache[i] = strings[i].lower() if lower else strings[i]
        forms.append(form)
    return list(map(forms.__getitem__, at.ravel().tolist()))


def word_forms(doc: Doc) -> tuple[list[str], list[str]]:
    """Every token's `lemma_.lower()` and `lower_`, by token index, read once per Doc (the
    cache holds the Doc it was made for, like `doc_text`'s): the ids come in one array and
    each id new to the process is looked up once, where `Token.lemma_` makes a Token and
    looks its lemma up on every call."""
    found: tuple[Doc, list[str], list[str]] | None = doc.user_data.get(_WORDS)
    if found is not None and found[0] is doc:
        return found[1], found[2]
    lemmas: list[str] = []
    lowers: list[str] = []
    if len(doc):
        # (a LOWER id's text is in lower case already: lowering it again changes nothing)
        both = _read_strings(doc, doc.to_array([LEMMA, LOWER]).ravel(), _LOWERED, True)
        lemmas, lowers = both[0::2], both[1::2]  # (the array's rows are lemma, lower)
    doc.user_data[_WORDS] = (doc, lemmas, lowers)
    return lemmas, lowers


def pos_dep_ids(doc: Doc) -> tuple[list[int], list[int]]:
    """Every token's `pos` and `dep` as plain ids, by token index, read once per Doc in one
    array (the cache holds the Doc it was made for, like `doc_text`'s): `Token.pos` makes a
    Python enum member and `Token.dep_` a new string on every read. Compare with the ids of
    the symbols (`spacy.symbols`) or of the labels (`spacy.strings.get_string_id`)."""
    found: tuple[Doc, list[int], list[int]] | None = doc.user_data.get(_LABELS)
    if found is not None and found[0] is doc:
        return found[1], found[2]
    poses: list[int] = []
    deps: list[int] = []
    if len(doc):
        poses, deps = doc.to_array([POS, DEP]).T.tolist()
    doc.user_data[_LABELS] = (doc, poses, deps)
    return poses, deps


def token_texts(doc: Doc) -> list[str]:
    """Every token's `text`, read once per Doc (see `tokens_of`): the context stage reads
    each word's text several times while it looks for place names. Read as `word_forms`
    reads the lemmas: the ids in one array, each id new to the process looked up once."""
    found: tuple[Doc, list[str]] | None = doc.user_data.get(_TEXTS)
    if found is not None and found[0] is doc:
        return found[1]
    texts: list[str] = []
    if len(doc):
        texts = _read_strings(doc, doc.to_array([ORTH]).ravel(), _SPELLED, False)
    doc.user_data[_TEXTS] = (doc, texts)
    return texts


def sentence_tokens(sent: Span) -> list[Token]:
    """`list(sent)`, from the Doc's tokens made once (see `tokens_of`)."""
    return tokens_of(sent.doc)[sent.start : sent.end]


def children_of(token: Token) -> tuple[Token, ...]:
    """`token.children`, as a tuple. spaCy scans the token's whole subtree for them on
    every call; here the heads are read once per Doc and each token's children kept (the
    cache holds the Doc it was made for, like `doc_text`'s)."""
    doc = token.doc
    found: tuple[Doc, list[tuple[Token, ...]]] | None = doc.user_data.get(_CHILDREN)
    if found is None or found[0] is not doc:
        # (most tokens have no children: they share one empty tuple)
        kids: list[tuple[Token, ...]] = [()] * len(doc)
        if len(doc):
            # HEAD is the offset of the head (the array's unsigned type wraps negative ones).
            offsets = doc.to_array([HEAD]).astype("int64").ravel().tolist()
            tokens = tokens_of(doc)
            heads: dict[int, list[Token]] = {}
            for i, offset in enumerate(offsets):
                if offset:
                    children = heads.get(i + offset)
                    if children is None:
                        heads[i + offset] = [tokens[i]]
                    else:
                        children.append(tokens[i])
            for head, children in heads.items():
                kids[head] = tuple(children)
        found = (doc, kids)
        doc.user_data[_CHILDREN] = found
    return found[1][token.i]


def subtree_of(token: Token) -> tuple[Token, ...]:
    """`token.subtree`, as a tuple. spaCy walks the subtree anew on every call; the convention
    steps and the coder read the same clauses' subtrees several times. Kept per token (the
    cache holds the Doc it was made for, like `doc_text`'s)."""
    doc = token.doc
    found: tuple[Doc, dict[int, tuple[Token, ...]]] | None = doc.user_data.get(_SUBTREES)
    if found is None or found[0] is not doc:
        found = (doc, {})
        doc.user_data[_SUBTREES] = found
    subtree = found[1].get(token.i)
    if subtree is None:
        children_of(token)  # (the children, read once per Doc)
        kids: list[tuple[Token, ...]] = doc.user_data[_CHILDREN][1]
        words: list[Token] = []
        _walk(token, token.i, kids, words)
        subtree = found[1][token.i] = tuple(words)
    return subtree


def _walk(token: Token, at: int, kids: list[tuple[Token, ...]], words: list[Token]) -> None:
    """spaCy's order for `Token.subtree` (each left child's subtree, the token, each right
    child's), walked over `children_of`'s lists: spaCy makes a Token and a generator per
    word, and walks the edges of every subtree to find each token's children."""
    below = kids[at]
    if not below:
        words.append(token)
        return
    for child in below:
        i = child.i
        if i < at:
            _walk(child, i, kids, words)
    words.append(token)
    for child in below:
        i = child.i
        if i > at:
            _walk(child, i, kids, words)


def lefts_of(token: Token) -> list[Token]:
    """`token.lefts`, as a list (see `children_of`)."""
    at = token.i
    return [c for c in children_of(token) if c.i < at]


def rights_of(token: Token) -> list[Token]:
    """`token.rights`, as a list (see `children_of`)."""
    at = token.i
    return [c for c in children_of(token) if c.i > at]


def auxiliaries_of(verb: Token) -> set[str]:
    """The lower-case auxiliaries (active and passive) a verb has."""
    return {c.lower_ for c in children_of(verb) if c.dep_ in {"aux", "auxpass"}}


def conjuncts_of(token: Token) -> tuple[Token, ...]:
    """`token.conjuncts`. spaCy walks the token's coordination on every call, and most
    tokens are in none: a token neither a "conj" nor the head of one has no conjuncts. Those
    that are in one are listed once per Doc (like `children_of`'s cache); only they ask
    spaCy."""
    doc = token.doc
    if "conjuncts" in doc.user_token_hooks:
        return tuple(token.conjuncts)
    found: tuple[Doc, frozenset[int]] | None = doc.user_data.get(_COORDINATED)
    if found is None or found[0] is not doc:
        coordinated: set[int] = set()
        if len(doc):
            conj = doc.vocab.strings["conj"]  # the symbol's id, what Token.dep holds
            rows = doc.to_array([DEP, HEAD]).astype("int64")
            # (the conjuncts and their heads found by numpy, not by a loop over every token)
            at = numpy.flatnonzero(rows[:, 0] == conj)
            coordinated.update(at.tolist(), (at + rows[at, 1]).tolist())
        found = (doc, frozenset(coordinated))
        doc.user_data[_COORDINATED] = found
    if token.i not in found[1]:
        return ()
    return tuple(token.conjuncts)
