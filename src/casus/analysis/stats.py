"""Corpus statistics of a store or a Parquet dataset.

The queries are the backends' (`casus.store.stats`): `Store.corpus_stats` and
`casus.dataset.ParquetEvents.corpus_stats` run the same statements, so this module holds no
SQL.
"""

from __future__ import annotations

from typing import Protocol

from casus.store.stats import CorpusStats

__all__ = ["CorpusStats", "StatsSource", "corpus_stats"]


class StatsSource(Protocol):
    """What statistics are read from: a `Store`, or a `casus.dataset.ParquetEvents`."""

    def corpus_stats(self, *, top: int) -> CorpusStats: ...


def corpus_stats(source: StatsSource, *, top: int = 10) -> CorpusStats:
    """Counts by root, quad class and modality, top actors and dyads, date span, failures.

    A dataset holds events only: its articles are those with at least one event, and it
    has no ingest runs or logged inputs to count.
    """
    return source.corpus_stats(top=top)
