"""Speed of casus end to end against spaCy's own nlp.pipe on the same texts.

Usage: python benchmarks/bench_coder.py [--repeat N] [--rounds R]

The demo corpus is read R times per round; each round times (a) spaCy `nlp.pipe` with the
whole model (all components) on the extracted texts, (a') `nlp.pipe` with the components casus
loads (the model without NER), and (b) casus end to end (read files, extract, parse, code).
The figures of merit are the median ratios b/a and b/a'. Start-up is reported apart.
The same ratios in CPU time (`time.process_time`, this process) are reported too: on a
machine shared with other work they move much less than the wall-clock ones.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from pathlib import Path

import spacy

from casus.extract import extract, read_file
from casus.nlp import MODEL_PACKAGE
from casus.pipeline import Coder

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "demo" / "corpus").glob("*"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=8, help="copies of the corpus per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    coder = Coder()
    startup = time.perf_counter() - started
    full = spacy.load(MODEL_PACKAGE)
    files = CORPUS * args.repeat
    texts = [extract(read_file(p)).text for p in files]
    words = sum(len(t.split()) for t in texts)

    def spacy_full() -> int:
        return sum(len(list(doc.sents)) for doc in full.pipe(texts, batch_size=32))

    def spacy_same() -> int:
        return sum(len(list(doc.sents)) for doc in coder.nlp.pipe(texts, batch_size=32))

    def casus_end_to_end() -> int:
        articles = (extract(read_file(p)) for p in files)
        return sum(len(events) for _, events in coder.code_many(articles, batch_size=32))

    spacy_full()  # warm-up every path so none pays first-call costs
    spacy_same()
    casus_end_to_end()
    spacy_times, same_times, casus_times = [], [], []
    spacy_cpu, same_cpu, casus_cpu = [], [], []
    sentences = events = 0
    for _ in range(args.rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        sentences = spacy_full()
        spacy_times.append(time.perf_counter() - t0)
        spacy_cpu.append(time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        spacy_same()
        same_times.append(time.perf_counter() - t0)
        same_cpu.append(time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        events = casus_end_to_end()
        casus_times.append(time.perf_counter() - t0)
        casus_cpu.append(time.process_time() - c0)
    ratios = [c / s for c, s in zip(casus_times, spacy_times, strict=True)]
    same_ratios = [c / s for c, s in zip(casus_times, same_times, strict=True)]
    cpu_ratios = [c / s for c, s in zip(casus_cpu, spacy_cpu, strict=True)]
    cpu_same_ratios = [c / s for c, s in zip(casus_cpu, same_cpu, strict=True)]
    result = {
        "articles": len(files),
        "words": words,
        "sentences": sentences,
        "events": events,
        "startup_seconds": round(startup, 2),
        "spacy_full_model_seconds_median": round(statistics.median(spacy_times), 3),
        "spacy_casus_components_seconds_median": round(statistics.median(same_times), 3),
        "casus_seconds_median": round(statistics.median(casus_times), 3),
        "ratio_casus_to_spacy_full_model": round(statistics.median(ratios), 3),
        "ratio_casus_to_spacy_same_components": round(statistics.median(same_ratios), 3),
        "cpu_ratio_casus_to_spacy_full_model": round(statistics.median(cpu_ratios), 3),
        "cpu_ratio_casus_to_spacy_same_components": round(statistics.median(cpu_same_ratios), 3),
        "casus_sentences_per_second": round(sentences / statistics.median(casus_times), 1),
        "casus_words_per_second": round(words / statistics.median(casus_times), 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
