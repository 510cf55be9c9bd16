"""Full-text search in event sentences: SQLite FTS5 and PostgreSQL text search, one meaning.

A search is for words as they follow each other in the sentence, the last of which may be
the start of a word ("shelled kha" finds "... shelled Kharkiv ..."); case and punctuation
are ignored. Both backends search the same words: `search_words` (Python, at save time)
folds case and keeps runs of letters and digits, and the store keeps them in
`events.search_text`, so SQLite and PostgreSQL tokenise nothing on their own.

- SQLite: an external-content FTS5 table `events_fts` over `events.search_text`, kept up to
  date by triggers; a search is an FTS5 phrase query with a prefix last token.
- PostgreSQL: a GIN index on `to_tsvector('simple', search_text)`; a search is
  `to_tsquery('simple', 'w1 <-> w2 <-> w3:*')` (a phrase with a prefix last word; the
  'simple' configuration neither stems nor drops stop words, like FTS5's unicode61).
- A SQLite build without FTS5 falls back to a LIKE scan over `search_text` with the same
  meaning (slower).

A text with no letters or digits matches nothing.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, literal, literal_column, select, table

from casus.store.schema import events

_WORD = re.compile(r"[^\W_]+")
SIMPLE = "'simple'::regconfig"
FTS_TABLE = "events_fts"
GIN_INDEX = "ix_events_search"


def words(text: str) -> list[str]:
    """The words of a text as they are indexed: case-folded runs of letters and digits."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def search_words(text: str) -> str:
    """What `events.search_text` holds for a sentence: its words, space-separated."""
    return " ".join(words(text))


def text_condition(kind: str, text: str) -> ColumnElement[bool]:
    """The WHERE condition of a text search on a store with search backend `kind`."""
    found = words(text)
    if not found:
        return false()
    if kind == "fts5":
        # the words are letters and digits only: nothing in them is FTS5 syntax
        query = '"' + " ".join(found) + '" *'
        fts = table(FTS_TABLE, literal_column("rowid"))
        match = literal_column(FTS_TABLE).op("MATCH")(literal(query))
        matches: Select[Any] = select(literal_column("rowid")).select_from(fts).where(match)
        return events.c.id.in_(matches.scalar_subquery())
    if kind == "tsvector":
        query = " <-> ".join([*found[:-1], found[-1] + ":*"])
        vector = func.to_tsvector(literal_column(SIMPLE), events.c.search_text)
        tsquery = func.to_tsquery(literal_column(SIMPLE), literal(query))
        condition: ColumnElement[bool] = vector.op("@@")(tsquery)
        return condition
    padded: Any = literal(" ") + events.c.search_text
    like: ColumnElement[bool] = padded.like(literal("% " + " ".join(found) + "%"))
    return like
