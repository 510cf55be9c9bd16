"""Pairwise precision and recall of story clustering on a large generated set of wire copies.

    python benchmarks/eval_dedup.py [--stories 1000] [--seed 5] [--max-copies 5]

The base articles are composed from our own sentence templates (tests/wire_copies.py), so
unrelated stories share vocabulary and sentence frames — the hard case — and each base gets
0..max-copies syndicated copies (new headline, dateline, reordered or trimmed paragraphs,
outlet boilerplate, reworded phrases). Also runs the hand-written set of the tests, and a
few option settings for comparison.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from casus.analysis.dedup import ArticleText, DedupOptions, cluster_texts, pair_scores
from wire_copies import BASES, Copy, copies, generated_bases


def evaluate(items: list[Copy], options: DedupOptions) -> tuple[float, float, int, float]:
    start = time.perf_counter()
    predicted = cluster_texts((ArticleText(c.id, c.text) for c in items), options=options)
    seconds = time.perf_counter() - start
    precision, recall = pair_scores(predicted, {c.id: c.story for c in items})
    return precision, recall, len(set(predicted.values())), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--max-copies", type=int, default=5)
    args = parser.parse_args()
    sets = {
        "hand-written": copies(BASES),
        "templates": copies(
            generated_bases(args.stories, seed=args.seed),
            seed=args.seed,
            max_copies=args.max_copies,
        ),
    }
    settings = {
        "default": DedupOptions(),
        "containment 0.5": DedupOptions(containment=0.5),
        "containment 0.8": DedupOptions(containment=0.8),
        "lsh threshold 0.5": DedupOptions(threshold=0.5),
    }
    print(
        f"{'set':<14}{'setting':<20}{'articles':>9}{'stories':>9}{'found':>7}"
        f"{'precision':>11}{'recall':>8}{'seconds':>9}"
    )
    for name, items in sets.items():
        stories = len({c.story for c in items})
        for label, options in settings.items():
            p, r, found, seconds = evaluate(items, options)
            print(
                f"{name:<14}{label:<20}{len(items):>9}{stories:>9}{found:>7}"
                f"{p:>11.3f}{r:>8.3f}{seconds:>9.2f}"
            )


if __name__ == "__main__":
    main()
