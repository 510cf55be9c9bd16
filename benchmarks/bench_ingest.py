"""Speed of `casus ingest` with 1 and 2 workers, against spaCy's own nlp.pipe on the same texts.

Usage: python benchmarks/bench_ingest.py [--corpus DIR] [--articles N] [--workers 1 2]
                                         [--in-process] [--batch-size B] [--chunk-size C]

Builds the corpus with make_corpus.py when DIR does not exist yet (default
benchmarks/corpus/, 5,000 articles). Each ingest goes into a fresh SQLite file and is timed
from the call to the last commit, worker start-up (spawn, model and dictionaries) included.
With N workers, N processes code and the main process reads, keys and saves. `--in-process`
also times casus with no worker processes at all (one process does everything).

Then the texts casus extracted are parsed by spaCy `nlp.pipe` in this one process: the whole
model (all components) and the components casus loads (no NER), as bench_coder.py does.
Sentences are counted from spaCy's parse (casus parses with the same parser). Floors: 2
workers at least 1.6x faster than 1; casus (1 worker) at most 1.5x spaCy's whole-model time.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import spacy

from casus.extract import InputError, extract
from casus.ingest import IngestOptions, ingest
from casus.model import RawDoc
from casus.nlp import MODEL_PACKAGE, load_pipeline
from casus.readers import read_sources
from casus.store import open_store
from make_corpus import DEFAULT_OUT, write_corpus

MIB = 2**20


def run_ingest(corpus: Path, workers: int, options: IngestOptions) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.sqlite") as store:
        t0, cpu0 = time.perf_counter(), _cpu_seconds()
        summary = ingest([str(corpus)], store=store, options=options)
        seconds, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
        db_bytes = sum(p.stat().st_size for p in Path(tmp).iterdir())
        digest = hashlib.sha256()
        for event in store.iter_events():
            digest.update(json.dumps(event, sort_keys=True, default=str).encode())
    return {
        "workers": workers,
        "seconds": round(seconds, 2),
        "articles": summary.coded,
        "events": summary.events,
        "failed": summary.failed,
        "skipped": summary.skipped,
        "articles_per_second": round(summary.coded / seconds, 1),
        # this process: reading (pool), receiving, saving; with Dask also the scheduler
        "main_process_cpu_seconds_per_1000_articles": round(cpu / max(summary.coded, 1) * 1000, 2),
        "events_per_second": round(summary.events / seconds, 1),
        "worker_peak_rss_mib": sorted(round(v / MIB) for v in summary.worker_peak_rss.values()),
        "database_mib": round(db_bytes / MIB, 1),
        "events_sha256": digest.hexdigest()[:16],
    }


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def extracted_texts(corpus: Path) -> list[str]:
    texts = []
    for item in read_sources([str(corpus)]):
        if isinstance(item, RawDoc):
            with contextlib.suppress(InputError):
                texts.append(extract(item).text)
    return texts


def time_pipe(nlp: Any, texts: list[str], batch_size: int) -> tuple[float, int]:
    t0 = time.perf_counter()
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=batch_size))
    return time.perf_counter() - t0, sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--articles", type=int, default=5000, help="when building the corpus")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--in-process", action="store_true", help="also time workers=0")
    parser.add_argument("--batch-size", type=int, default=IngestOptions().batch_size)
    parser.add_argument("--chunk-size", type=int, default=IngestOptions().chunk_size)
    args = parser.parse_args()

    if not args.corpus.exists():
        write_corpus(args.corpus, articles=args.articles, seed=2024)
    runs = []
    for workers in ([0] if args.in_process else []) + args.workers:
        options = IngestOptions(
            workers=workers, batch_size=args.batch_size, chunk_size=args.chunk_size
        )
        runs.append(run_ingest(args.corpus, workers, options))
    main_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    texts = extracted_texts(args.corpus)
    words = sum(len(t.split()) for t in texts)
    full_seconds, sentences = time_pipe(spacy.load(MODEL_PACKAGE), texts, args.chunk_size)
    same_seconds, _ = time_pipe(load_pipeline(), texts, args.chunk_size)
    for run in runs:
        run["sentences_per_second"] = round(sentences / run["seconds"], 1)
        run["words_per_second"] = round(words / run["seconds"], 1)

    by_workers = {r["workers"]: r for r in runs}
    same = len({r["events_sha256"] for r in runs}) == 1
    result: dict[str, Any] = {
        "corpus": str(args.corpus),
        "texts": len(texts),
        "words": words,
        "sentences": sentences,
        "batch_size": args.batch_size,
        "chunk_size": args.chunk_size,
        "ingest": runs,
        "same_events_for_every_worker_count": same,
        "main_process_peak_rss_mib": round(main_rss / MIB),
        "spacy_full_model_seconds": round(full_seconds, 2),
        "spacy_casus_components_seconds": round(same_seconds, 2),
    }
    if 1 in by_workers:
        one = by_workers[1]["seconds"]
        result["ratio_casus_1_worker_to_spacy_full_model"] = round(one / full_seconds, 3)
        result["ratio_casus_1_worker_to_spacy_same_components"] = round(one / same_seconds, 3)
    if 0 in by_workers:
        alone = by_workers[0]["seconds"]
        result["ratio_casus_in_process_to_spacy_full_model"] = round(alone / full_seconds, 3)
    if 1 in by_workers and 2 in by_workers:
        result["speedup_2_workers_over_1"] = round(
            by_workers[1]["seconds"] / by_workers[2]["seconds"], 3
        )
        result["floor_speedup_at_least_1.6"] = result["speedup_2_workers_over_1"] >= 1.6
    if 1 in by_workers:
        ratio = result["ratio_casus_1_worker_to_spacy_full_model"]
        result["floor_ratio_at_most_1.5"] = ratio <= 1.5
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
