"""Coding on a Dask cluster: `casus ingest … --dask local:N` or `--dask tcp://host:8786`.

The client lists the input files (it never reads them), groups them into partitions and
submits one task per partition. A worker plugin builds the coder once per worker process;
a task reads its files (the workers see the same paths: a shared file system on a
cluster), keys every document as the process pool's main process does, drops the keys the
store already holds, and codes the rest in `chunk_size` batches. Results come back to the
client in partition order, and the client commits them through the crash-safe path of
`casus.ingest` (`_Run.take`): one transaction per batch, idempotent article ids, the ingest
log for resuming. Workers never write to the store, so a worker killed mid-task only
costs that task's rerun (Dask reschedules it), and a store reachable only from the client
(a SQLite file, a PostgreSQL behind a firewall) works.

Big record files: a JSON Lines or CSV file bigger than `IngestOptions.split_bytes` is split
into byte ranges, one task each, without the client reading it: first a cheap task per
range moves its ends to line starts and counts its lines (and, for CSV, its quotes), then
the client numbers the ranges' first lines and submits one coding task per range. Records
keep the names (`path:LINE`) and so the keys of the unsplit file (casus.readers.ranges).
A WARC or WARC.gz file is split the same way at record starts, found by tasks that scan
and walk the records of their range (casus.readers.warc_ranges); records keep their names
(`path@OFFSET`, the offset in the uncompressed WARC).

Resuming: a store that already holds data gets a cheap first pass per partition, a task
that only reads and keys its documents; the client looks the keys up in the store and
the coding task skips those found. A fresh store skips that pass.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import dask
from distributed.diagnostics.plugin import WorkerPlugin

from casus.ingest import (
    IN_FLIGHT_PER_WORKER,
    IngestOptions,
    _ChunkResult,
    _code_chunk,
    _CoderConfig,
    _Run,
    _status,
    load_worker_coder,
    raw_key,
)
from casus.model import RawDoc
from casus.readers import FieldMap, ReadFailure, read_sources
from casus.readers.files import expand
from casus.readers.ranges import (
    ByteRange,
    RangeCount,
    count_range,
    file_size,
    nominal_ranges,
    plan_ranges,
    read_range,
    splittable_format,
)
from casus.readers.warc_ranges import (
    WarcCount,
    WarcRange,
    count_warc_range,
    is_warc,
    plan_warc_ranges,
    read_warc_range,
)
from casus.store import LogEntry

if TYPE_CHECKING:
    from distributed import Client

logger = logging.getLogger(__name__)

FILES_PER_PARTITION = 48  # small files (one document each) per task: the --chunk-size

# A local cluster's workers share the cores with this process and run nothing but casus:
# two of Dask's defaults for a shared, long-lived cluster only take CPU from coding there
# (5-7% of a worker's CPU on the benchmark corpus). Its statistical profiler walks each
# worker's stacks every 10 ms; its MALLOC_TRIM_THRESHOLD_ hands freed memory back to the
# system at once, which spaCy's steady allocate-and-free turns into system calls (twice a
# pool worker's system CPU). Without it a worker peaks some 30 MB higher, as a pool worker.
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


@dataclass(frozen=True, slots=True)
class ReadConfig:
    """How a worker reads its partition (the reader options of `IngestOptions`)."""

    fields: FieldMap
    fmt: str | None
    date: Any  # dt.date | None


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """What one task did: read counts, read failures and the coded chunks, in order."""

    read: int
    stored: int
    duplicates: list[tuple[str, str]]  # (name, raw key) of documents read twice
    failures: list[tuple[str, str, str]]  # (name, kind, reason) of unreadable inputs
    chunks: list[_ChunkResult]


def partitions(sources: Sequence[str], size: int = FILES_PER_PARTITION) -> Iterator[Any]:
    """Lists of input files (or a `ReadFailure` for a source that is not there), in order.

    Files of one document go `size` to a task; record files (JSON Lines, CSV, WARC, feeds)
    are big enough to be a task of their own.
    """
    seen: set[str] = set()
    pending: list[str] = []
    for name in expand(sources):
        if isinstance(name, ReadFailure):
            yield name
            continue
        if name in seen:
            continue
        seen.add(name)
        if _is_records(name):
            if pending:
                yield pending
                pending = []
            yield [name]
            continue
        pending.append(name)
        if len(pending) >= size:
            yield pending
            pending = []
    if pending:
        yield pending


def _is_records(name: str) -> bool:
    lowered = name.lower().removesuffix(".gz")
    return lowered.endswith((".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".warc", ".xml"))


# what one task reads: small files, lines of a big record file, or records of a big WARC
Part = list[str] | ByteRange | WarcRange


def _read(part: Part, read: ReadConfig) -> Iterator[RawDoc | ReadFailure]:
    if isinstance(part, ByteRange):
        return read_range(part, fields=read.fields, date=read.date)
    if isinstance(part, WarcRange):
        return read_warc_range(part, date=read.date)
    return read_sources(part, fields=read.fields, fmt=read.fmt, date=read.date)


def split_file(
    client: Client, path: str, fmt: str | None, split_bytes: int
) -> list[ByteRange] | list[WarcRange] | None:
    """The byte ranges of a big JSON Lines, CSV or WARC file, or None to read it as one task.

    The counting tasks run on the workers, which see the file; only its size is looked up
    here (a client that cannot see the file leaves it whole)."""
    kind = "warc" if is_warc(path, fmt) else splittable_format(path, fmt)
    size = file_size(path) if kind else None
    if kind is None or size is None or size <= split_bytes:
        return None
    ranges: list[ByteRange] | list[WarcRange] | None
    count = count_warc_range if kind == "warc" else count_range
    futures = [
        client.submit(count, path, a, b, pure=False, priority=20)
        for a, b in nominal_ranges(size, split_bytes)
    ]
    counts: list[Any] = client.gather(futures)  # type: ignore[no-untyped-call]
    if kind == "warc":
        warc_counts: list[WarcCount] = counts
        ranges = plan_warc_ranges(path, warc_counts)
    else:
        line_counts: list[RangeCount] = counts
        ranges = plan_ranges(path, kind, line_counts)
    logger.info("%s: %s", path, f"{len(ranges)} byte ranges" if ranges else "read whole")
    return ranges


def partition_keys(files: Part, read: ReadConfig) -> list[str]:
    """The raw keys of a partition's documents (the resume pass)."""
    return [raw_key(item) for item in _read(files, read) if isinstance(item, RawDoc)]


def code_partition(
    files: Part, read: ReadConfig, config: _CoderConfig, skip: frozenset[str], chunk: int
) -> PartitionResult:
    """Read, key and code one partition on a worker."""
    n_read = stored = 0
    duplicates: list[tuple[str, str]] = []
    failures: list[tuple[str, str, str]] = []
    chunks: list[_ChunkResult] = []
    seen: set[str] = set()
    pending: list[tuple[RawDoc, str]] = []
    for item in _read(files, read):
        n_read += 1
        if isinstance(item, ReadFailure):
            failures.append((item.name, item.kind, item.reason))
            continue
        key = raw_key(item)
        if key in skip:
            stored += 1
            continue
        if key in seen:
            duplicates.append((item.name, key))
            continue
        seen.add(key)
        pending.append((item, key))
        if len(pending) >= chunk:
            chunks.append(_code_chunk(pending, config))
            pending = []
    if pending:
        chunks.append(_code_chunk(pending, config))
    return PartitionResult(n_read, stored, duplicates, failures, chunks)


class CoderPlugin(WorkerPlugin):
    """Builds the coder once per worker process, before its first task."""

    name = "casus-coder"

    def __init__(self, config: _CoderConfig) -> None:
        self.config = config

    def setup(self, worker: Any) -> None:
        load_worker_coder(self.config)


def connect(address: str) -> tuple[Client, Any]:
    """A client for `local:N` (a LocalCluster of N processes) or a scheduler's address."""
    from distributed import Client, LocalCluster

    for quiet in ("distributed", "bokeh", "tornado"):
        logging.getLogger(quiet).setLevel(logging.WARNING)

    if address.startswith("local:"):
        try:
            n = int(address.removeprefix("local:"))
        except ValueError:
            raise ValueError(f"--dask {address!r}: expected local:N with N a number") from None
        if n < 1:
            raise ValueError(f"--dask {address!r}: N must be at least 1")
        # The workers get the config in force when their nannies are made.
        with dask.config.set(LOCAL_WORKER_CONFIG):
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.WARNING,
            )
        return Client(cluster), cluster  # type: ignore[no-untyped-call]
    return Client(address), None  # type: ignore[no-untyped-call]


def code_on_dask(
    sources: Sequence[str],
    run: _Run,
    config: _CoderConfig,
    options: IngestOptions,
    *,
    on_dashboard: Any = None,
) -> Generator[_ChunkResult, None, None]:
    """Chunk results, in input order, coded on the cluster at `options.dask`.

    Read failures, documents read twice and documents already stored are noted on `run`
    here; the caller hands every chunk to `run.take`.
    """
    assert options.dask is not None
    read = ReadConfig(fields=options.fields, fmt=options.fmt, date=options.date)
    client, cluster = connect(options.dask)
    try:
        link = getattr(client, "dashboard_link", None)
        if link and on_dashboard is not None:
            on_dashboard(link)
        client.register_plugin(CoderPlugin(config))
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        run.summary.workers = workers
        resume = run.store.count()["runs"] > 1  # an earlier run may have stored some
        limit = IN_FLIGHT_PER_WORKER * workers
        in_flight: deque[Any] = deque()
        chunk = max(1, options.chunk_size)
        for part in _split(client, partitions(sources, chunk), options):
            if isinstance(part, ReadFailure):
                run.summary.read += 1
                run.note(LogEntry(part.name, _status(part.kind), part.kind, part.reason))
                continue
            skip: frozenset[str] = frozenset()
            if resume:
                keys = client.submit(partition_keys, part, read, pure=False, priority=10)
                skip = frozenset(run.store.known_raw_keys(keys.result()))
            in_flight.append(
                client.submit(code_partition, part, read, config, skip, chunk, pure=False)
            )
            if len(in_flight) >= limit:
                yield from _taken(run, in_flight.popleft().result())
        while in_flight:
            yield from _taken(run, in_flight.popleft().result())
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()


def _split(client: Client, parts: Iterator[Any], options: IngestOptions) -> Iterator[Any]:
    """The partitions, with each big record file replaced by its byte ranges."""
    for part in parts:
        if isinstance(part, list) and len(part) == 1 and _is_records(part[0]):
            ranges = split_file(client, part[0], options.fmt, options.split_bytes)
            if ranges:
                yield from ranges
                continue
        yield part


def _taken(run: _Run, result: PartitionResult) -> Iterator[_ChunkResult]:
    run.summary.read += result.read
    if result.stored:
        run.skipped["stored"] += result.stored
    for name, kind, reason in result.failures:
        run.note(LogEntry(name, _status(kind), kind, reason))
    for name, key in result.duplicates:
        run.note(LogEntry(name, "skipped", "duplicate", "read twice", raw_key=key))
    yield from result.chunks
