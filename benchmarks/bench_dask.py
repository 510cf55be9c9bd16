"""Speed of `casus ingest --dask local:2` against the process pool with 1 and 2 workers.

Usage: python benchmarks/bench_dask.py [--corpus DIR] [--articles N] [--dask-workers 2]
                                       [--chunk-size C] [--split-mb M] [--tasks T]

On the benchmark corpus (make_corpus.py; built when DIR does not exist yet, default
benchmarks/corpus/ with 5,000 articles, or benchmarks/corpus-N/ for another --articles N),
in one run: ingest with one worker, with `--workers 2`, and with `--dask local:2`, each
into a fresh SQLite file and timed from the call to the last commit, start-up included
(spawning the processes or the LocalCluster, loading the model in each). Prints articles/s
for each, the ratios, the peak RSS of every worker, the CPU seconds of the main process per
1,000 articles (it shares the cores with the workers), whether the three stored the same events,
and Dask's own costs on a LocalCluster of the same size: starting it with the coder loaded in
each worker, and the time per task of no-op tasks (one at a time, and many in flight).

Floors (the issue's): Dask at least 0.9x `--workers 2` and at least 1.7x one worker; peak RSS
per worker at most 700 MB. The JSON Lines dumps of the corpus are split into byte ranges of
`--split-mb` (default 0.25 MB, about 60 articles: a task the size of a 48-file partition).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import time
from pathlib import Path
from typing import Any

from bench_ingest import run_ingest
from casus.ingest import IngestOptions, _CoderConfig
from make_corpus import benchmark_corpus

MB = 10**6


def _noop(x: int) -> int:
    return x


def dask_costs(workers: int, tasks: int) -> dict[str, Any]:
    """Seconds to start a LocalCluster and load the coder in it; ms per no-op task."""
    from casus.distributed import CoderPlugin, connect

    t0 = time.perf_counter()
    client, cluster = connect(f"local:{workers}")
    try:
        started = time.perf_counter() - t0
        client.register_plugin(CoderPlugin(_CoderConfig((), (), False)))
        loaded = time.perf_counter() - t0
        client.submit(_noop, -1, pure=False).result()  # warm: the function is known
        t1 = time.perf_counter()
        for i in range(tasks):
            client.submit(_noop, i, pure=False).result()
        one_at_a_time = (time.perf_counter() - t1) / tasks
        t2 = time.perf_counter()
        client.gather(client.map(_noop, range(tasks), pure=False))
        in_flight = (time.perf_counter() - t2) / tasks
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return {
        "cluster_start_seconds": round(started, 2),
        "cluster_start_and_coder_loaded_seconds": round(loaded, 2),
        "noop_task_round_trip_ms": round(one_at_a_time * 1000, 2),
        "noop_task_ms_with_all_in_flight": round(in_flight * 1000, 2),
        "noop_tasks": tasks,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--articles", type=int, default=5000, help="when building the corpus")
    parser.add_argument("--dask-workers", type=int, default=2)
    parser.add_argument("--chunk-size", type=int, default=IngestOptions().chunk_size)
    parser.add_argument("--split-mb", type=float, default=0.25)
    parser.add_argument("--tasks", type=int, default=200, help="no-op tasks timed")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    corpus = benchmark_corpus(args.corpus, articles=args.articles)
    load_start = os.getloadavg()
    n = args.dask_workers
    runs: dict[str, dict[str, Any]] = {}
    for label, options in (
        ("1 worker", IngestOptions(workers=1, chunk_size=args.chunk_size)),
        (f"{n} workers", IngestOptions(workers=n, chunk_size=args.chunk_size)),
        (
            f"dask local:{n}",
            IngestOptions(
                dask=f"local:{n}",
                chunk_size=args.chunk_size,
                split_bytes=int(args.split_mb * MB),
            ),
        ),
    ):
        before = os.getloadavg()[0]
        run = run_ingest(corpus, options.worker_count if options.dask is None else n, options)
        run["load_average_before_after"] = [round(before, 2), round(os.getloadavg()[0], 2)]
        runs[label] = run
    costs = dask_costs(n, args.tasks)
    one, pool, dask = (runs[k]["articles_per_second"] for k in runs)
    peak = max(max(r["worker_peak_rss_mib"]) for r in runs.values())
    peak_dask_mb = max(runs[f"dask local:{n}"]["worker_peak_rss_mib"]) * 2**20 / MB
    result = {
        "corpus": str(corpus),
        "split_mb": args.split_mb,
        "chunk_size": args.chunk_size,
        "runs": runs,
        "same_events_in_every_run": len({r["events_sha256"] for r in runs.values()}) == 1,
        "ratio_dask_to_pool": round(dask / pool, 3),
        "ratio_dask_to_one_worker": round(dask / one, 3),
        "ratio_pool_to_one_worker": round(pool / one, 3),
        "dask_per_worker_articles_per_second": round(dask / n, 1),
        "peak_rss_per_worker_mib_max": peak,
        "dask": costs,
        "floor_dask_at_least_0.9x_pool": dask / pool >= 0.9,
        "floor_dask_at_least_1.7x_one_worker": dask / one >= 1.7,
        "floor_peak_rss_per_dask_worker_at_most_700_mb": peak_dask_mb <= 700,
        "load_average_start": [round(x, 2) for x in load_start],
        "load_average_end": [round(x, 2) for x in os.getloadavg()],
        "cores": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
