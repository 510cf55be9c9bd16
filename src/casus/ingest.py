"""Code a corpus into a store: read, skip what is stored, code in worker processes, save.

The main process reads the sources and keys every raw document (`raw_key`), drops the keys
the store already holds, and sends bounded chunks to worker processes, each of which loads
the coder once. Results come back in input order and are saved one transaction per batch,
so the stored data do not depend on the number of workers, and a run killed at any point
(even with SIGKILL) resumes by running it again: committed batches are skipped by key, the
rest is redone, and article ids (sha256 of the normalised text) keep out duplicates.
Inputs that failed are tried again by the next run; skipped ones (duplicate, not English)
are not.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import logging
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casus.extract import InputError, article_id, extract
from casus.model import Article, Event, RawDoc
from casus.readers import FieldMap, ReadFailure, input_of, read_sources
from casus.store import LogEntry, Store
from casus.store.rows import ArticleRows, article_rows

if TYPE_CHECKING:  # imported where coding happens, so the main process need not load spaCy
    from casus.pipeline import Coder

logger = logging.getLogger(__name__)

# Not errors: inputs that are fine but not coded. Everything else counts as a failure.
SKIP_KINDS = frozenset({"duplicate", "stored", "not-english", "non-html-record"})
# Log rows (and stderr lines) per input file for failed records, and for skipped records
# that keep no key; the rest are counted in the summary and in one closing row per file.
MAX_ISSUES_PER_INPUT = 100
DEFAULT_TIME_BUDGET = 60.0  # seconds per document (casus.pipeline.DEFAULT_TIME_BUDGET)
# Chunks in flight per worker, results taken in input order. A worker that runs ahead of
# the oldest chunk waits once all its chunks in flight are done; tasks of unequal length
# (short texts, long pages) made that wait frequent with two per worker, and a result
# held for saving is small (~0.5 MB for 48 articles).
IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestOptions:
    """How to read, code and save; `workers=0` codes in this process (tests, debugging)."""

    workers: int | None = None  # None: one per core
    batch_size: int = 256  # articles per store transaction
    chunk_size: int = 48  # documents per worker task; also the nlp.pipe batch
    fmt: str | None = None
    fields: FieldMap = field(default_factory=FieldMap)
    date: dt.date | None = None
    actor_dictionaries: tuple[Path, ...] = ()
    event_dictionaries: tuple[Path, ...] = ()
    require_source: bool = False
    time_budget: float | None = DEFAULT_TIME_BUDGET  # seconds per document; None: no limit
    conventions: str = "casus"  # coding conventions profile (coding.yml)
    min_confidence: float = 0.0
    ner: bool = False  # the model's NER tells unknown organisations from unknown people
    dask: str | None = None  # local:N or a scheduler address: code on a Dask cluster
    out: Path | None = None  # also write the events as a Parquet dataset (casus.dataset)
    # with dask: a JSON Lines/CSV/WARC file bigger than this is coded as byte ranges this big
    split_bytes: int = 4 << 20

    @property
    def worker_count(self) -> int:
        return (os.cpu_count() or 1) if self.workers is None else self.workers

    def as_dict(self) -> dict[str, Any]:
        return {
            "workers": self.worker_count,
            "batch_size": self.batch_size,
            "chunk_size": self.chunk_size,
            "format": self.fmt,
            "fields": asdict(self.fields),
            "date": self.date.isoformat() if self.date else None,
            "actor_dictionaries": [str(p) for p in self.actor_dictionaries],
            "event_dictionaries": [str(p) for p in self.event_dictionaries],
            "require_source": self.require_source,
            "time_budget": self.time_budget,
            "conventions": self.conventions,
            "min_confidence": self.min_confidence,
            "ner": self.ner,
            "dask": self.dask,
            "out": str(self.out) if self.out else None,
            "split_bytes": self.split_bytes,
        }


@dataclass(frozen=True, slots=True)
class Progress:
    """Counts so far, passed to `on_progress` after every chunk."""

    read: int
    coded: int
    skipped: int
    failed: int
    events: int
    elapsed: float


@dataclass(slots=True)
class IngestSummary:
    """What a run did. `read` counts documents and records, including unreadable ones."""

    run_id: int
    read: int = 0
    coded: int = 0
    events: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    workers: int = 0
    worker_peak_rss: dict[int, int] = field(default_factory=dict)  # worker pid → bytes

    @property
    def ok(self) -> bool:
        return not self.failed

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["worker_peak_rss"] = {str(k): v for k, v in self.worker_peak_rss.items()}
        return data


@dataclass(frozen=True, slots=True)
class _Coded:
    name: str
    raw_key: str
    rows: ArticleRows  # made in the worker: cheap to send back, to receive and to insert


@dataclass(frozen=True, slots=True)
class _Failed:
    name: str
    raw_key: str
    kind: str
    reason: str


@dataclass(frozen=True, slots=True)
class _ChunkResult:
    outcomes: list[_Coded | _Failed]
    pid: int
    peak_rss: int


@dataclass(frozen=True, slots=True)
class _CoderConfig:
    actor_dictionaries: tuple[Path, ...]
    event_dictionaries: tuple[Path, ...]
    require_source: bool
    time_budget: float | None = None
    conventions: str = "casus"
    min_confidence: float = 0.0
    ner: bool = False


def raw_key(raw: RawDoc) -> str:
    """sha256 of a document's name and content: what was read, before any parsing."""
    content = raw.content.encode("utf-8") if isinstance(raw.content, str) else raw.content
    digest = hashlib.sha256(raw.name.encode("utf-8"))
    digest.update(b"\0")
    digest.update(content)
    return digest.hexdigest()


def ingest(
    sources: Sequence[str],
    *,
    store: Store,
    options: IngestOptions = IngestOptions(),
    on_progress: Callable[[Progress], None] | None = None,
    on_issue: Callable[[LogEntry], None] | None = None,
    on_dashboard: Callable[[str], None] | None = None,
) -> IngestSummary:
    """Code every document in `sources` into `store`; return what was read, coded and skipped.

    `on_issue` gets every failed or skipped document (the CLI prints the failures). Worker
    processes are spawned, so a script that calls this with workers needs the usual
    `if __name__ == "__main__":` guard.
    """
    started = time.perf_counter()
    run_id = store.begin_run(sources=list(sources), options=options.as_dict())
    run = _Run(store=store, run_id=run_id, options=options, on_issue=on_issue)
    run.summary.workers = options.worker_count
    config = _CoderConfig(
        actor_dictionaries=tuple(options.actor_dictionaries),
        event_dictionaries=tuple(options.event_dictionaries),
        require_source=options.require_source,
        time_budget=options.time_budget,
        conventions=options.conventions,
        min_confidence=options.min_confidence,
        ner=options.ner,
    )
    results: Iterable[_ChunkResult]
    with contextlib.ExitStack() as stack:
        if options.dask is not None:  # the third executor: a Dask cluster (casus.distributed)
            from casus.distributed import code_on_dask

            on_cluster = code_on_dask(sources, run, config, options, on_dashboard=on_dashboard)
            stack.callback(on_cluster.close)  # closes the client (and a local cluster)
            results = on_cluster
        else:
            stream = read_sources(
                sources, fields=options.fields, fmt=options.fmt, date=options.date
            )
            code = stack.enter_context(_Coding(config, options.worker_count))
            results = code(run.chunks(stream))
        dataset = None
        if options.out is not None:
            from casus.dataset import DatasetWriter

            dataset = DatasetWriter(options.out, run_id)
        for result in results:
            taken = run.take(result)
            if dataset is not None and taken:
                dataset.write(taken)
            if on_progress is not None:
                on_progress(run.progress(time.perf_counter() - started))
    run.close_inputs()
    run.flush()
    run.progress(0.0)  # brings the summary's skip and failure counts up to date
    run.summary.seconds = round(time.perf_counter() - started, 3)
    store.end_run(run_id, summary=run.summary.as_dict())
    return run.summary


class _Run:
    """The main process's side of a run: chunking, de-duplication and batched saves."""

    def __init__(
        self,
        *,
        store: Store,
        run_id: int,
        options: IngestOptions,
        on_issue: Callable[[LogEntry], None] | None,
    ) -> None:
        self.store = store
        self.run_id = run_id
        self.options = options
        self.on_issue = on_issue
        self.summary = IngestSummary(run_id=run_id)
        self.skipped: Counter[str] = Counter()
        self.failed: Counter[str] = Counter()
        self.seen_keys: set[str] = set()
        self.seen_ids: set[str] = set()
        self.coded: list[ArticleRows] = []
        self.log: list[LogEntry] = []
        # (input file, status) → rows logged, and kinds of those counted but not logged
        self.issues: Counter[tuple[str, str]] = Counter()
        self.unlisted: dict[tuple[str, str], Counter[str]] = {}

    def chunks(self, stream: Iterable[RawDoc | ReadFailure]) -> Iterator[list[tuple[RawDoc, str]]]:
        """Chunks of documents still to code; failures and stored documents are logged here."""
        size = max(1, self.options.chunk_size)
        pending: list[tuple[RawDoc, str]] = []
        for item in stream:
            self.summary.read += 1
            if isinstance(item, ReadFailure):
                self.note(LogEntry(item.name, _status(item.kind), item.kind, item.reason))
                continue
            key = raw_key(item)
            if key in self.seen_keys:
                self.note(LogEntry(item.name, "skipped", "duplicate", "read twice", raw_key=key))
                continue
            self.seen_keys.add(key)
            pending.append((item, key))
            if len(pending) >= size:
                chunk = self.unstored(pending)
                pending = []
                if chunk:
                    yield chunk
        chunk = self.unstored(pending)
        if chunk:
            yield chunk

    def unstored(self, pending: list[tuple[RawDoc, str]]) -> list[tuple[RawDoc, str]]:
        if not pending:
            return []
        known = self.store.known_raw_keys(key for _, key in pending)
        # A resumed run passes over stored input silently: it was logged when it was coded.
        if known:
            self.skipped["stored"] += sum(key in known for _, key in pending)
        return [(raw, key) for raw, key in pending if key not in known]

    def note(self, entry: LogEntry) -> None:
        (self.skipped if entry.status == "skipped" else self.failed)[entry.kind or "error"] += 1
        if entry.raw_key is None:
            # Keyless rows serve no resume: past the cap for its input, count the rest.
            where = (input_of(entry.name), entry.status)
            if self.issues[where] >= MAX_ISSUES_PER_INPUT:
                self.unlisted.setdefault(where, Counter())[entry.kind or "error"] += 1
                return
            self.issues[where] += 1
        self.log.append(entry)
        if self.on_issue is not None:
            self.on_issue(entry)
        # A crawl of mostly non-HTML records codes little; its log must not pile up unsaved.
        if len(self.log) >= 8 * self.options.batch_size:
            self.flush()

    def close_inputs(self) -> None:
        """One row per input whose failures (or keyless skips) went over the cap."""
        for (name, status), kinds in self.unlisted.items():
            total = sum(kinds.values())
            detail = ", ".join(f"{kind} {n:,}" for kind, n in kinds.most_common())
            what = "failed" if status == "failed" else "skipped"
            reason = unlisted_reason(total, what, detail)
            entry = LogEntry(name, status, kinds.most_common(1)[0][0], reason)
            self.log.append(entry)
            if self.on_issue is not None:
                self.on_issue(entry)
        self.unlisted = {}

    def take(self, result: _ChunkResult) -> list[ArticleRows]:
        """Note a chunk's outcomes and save them when a batch is full; return the articles
        (with their events) new to this run."""
        taken: list[ArticleRows] = []
        rss = self.summary.worker_peak_rss
        rss[result.pid] = max(rss.get(result.pid, 0), result.peak_rss)
        for outcome in result.outcomes:
            if isinstance(outcome, _Failed):
                kind, status = outcome.kind, _status(outcome.kind)
                # A failure keeps no raw_key, so the next run tries the input again (casus
                # or the file may have been fixed), as it does for unreadable inputs.
                key = outcome.raw_key if status == "skipped" else None
                self.note(LogEntry(outcome.name, status, kind, outcome.reason, raw_key=key))
                continue
            aid = outcome.rows.id
            if aid in self.seen_ids:
                reason = "same text as an article read earlier in this run"
                self.note(
                    LogEntry(outcome.name, "skipped", "duplicate", reason, aid, outcome.raw_key)
                )
                continue
            self.seen_ids.add(aid)
            taken.append(outcome.rows)
            self.coded.append(outcome.rows)
            self.log.append(LogEntry(outcome.name, "coded", None, None, aid, outcome.raw_key))
        if len(self.coded) >= self.options.batch_size:
            self.flush()
        return taken

    def flush(self) -> None:
        if not self.coded and not self.log:
            return
        result = self.store.save_rows(self.run_id, self.coded, self.log)
        self.summary.coded += result.articles_added
        self.summary.events += result.events_added
        if result.articles_duplicate:
            self.skipped["duplicate"] += result.articles_duplicate
        self.coded, self.log = [], []

    def progress(self, elapsed: float) -> Progress:
        self.summary.skipped = {k: n for k, n in sorted(self.skipped.items()) if n}
        self.summary.failed = {k: n for k, n in sorted(self.failed.items()) if n}
        return Progress(
            read=self.summary.read,
            coded=self.summary.coded + len(self.coded),
            skipped=sum(self.skipped.values()),
            failed=sum(self.failed.values()),
            events=self.summary.events + sum(len(rows.events) for rows in self.coded),
            elapsed=elapsed,
        )


def unlisted_reason(total: int, what: str, detail: str = "") -> str:
    """The closing line of an input whose failures went over `MAX_ISSUES_PER_INPUT`."""
    kinds = f" ({detail})" if detail else ""
    return (
        f"{total:,} more {what} records not listed one by one{kinds}; "
        f"the first {MAX_ISSUES_PER_INPUT} are"
    )


def _status(kind: str) -> str:
    return "skipped" if kind in SKIP_KINDS else "failed"


# --- the coding side: runs in worker processes (or in this one with workers=0) ---

_coder_cache: dict[_CoderConfig, Coder] = {}
_worker_config: _CoderConfig | None = None


def _coder(config: _CoderConfig) -> Coder:
    """The Coder for `config`, built once per process (whatever the time budget)."""
    key = replace(config, time_budget=None)
    if key not in _coder_cache:
        from casus.events.coder import CodingOptions
        from casus.pipeline import Coder

        _coder_cache[key] = Coder(
            actor_dictionaries=config.actor_dictionaries,
            event_dictionaries=config.event_dictionaries,
            options=CodingOptions(
                require_source=config.require_source,
                min_confidence=config.min_confidence,
                conventions=config.conventions,
            ),
            ner=config.ner,
        )
    return _coder_cache[key]


def _init_worker(config: _CoderConfig) -> None:
    global _worker_config
    # Ctrl-C is the main process's to handle: it stops the pool, committed work stays.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A pool worker blocks on its task queue forever if the main process is SIGKILLed.
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    _worker_config = config
    load_worker_coder(config)


def load_worker_coder(config: _CoderConfig) -> None:
    """Build the coder in a worker process (pool or Dask) before its first task.

    The coder's half a million Python objects live as long as the process: frozen, the
    garbage collector stops walking them in every full collection (0.5 ms of CPU per
    article) and at exit (0.9 s → 0.15 s, while the run waits for its workers to stop).
    """
    _coder(config)
    gc.collect()
    gc.freeze()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _code_chunk_in_worker(chunk: list[tuple[RawDoc, str]]) -> _ChunkResult:
    assert _worker_config is not None, "worker not initialised"
    return _code_chunk(chunk, _worker_config)


def _code_chunk(chunk: list[tuple[RawDoc, str]], config: _CoderConfig) -> _ChunkResult:
    """Extract and code a chunk of documents; outcomes in input order."""
    from casus.pipeline import DocumentTimeout, time_budget

    coder = _coder(config)
    outcomes: list[_Coded | _Failed | None] = [None] * len(chunk)
    articles: list[tuple[int, Article]] = []
    for i, (raw, key) in enumerate(chunk):
        unit = "bytes" if isinstance(raw.content, bytes) else "characters"
        try:
            # extraction (trafilatura on a hostile page) gets a budget of its own
            with time_budget(config.time_budget, len(raw.content), unit):
                article = extract(raw)
        except InputError as exc:
            outcomes[i] = _Failed(raw.name, key, getattr(exc, "kind", "unreadable"), str(exc))
            continue
        except DocumentTimeout as exc:
            outcomes[i] = _Failed(raw.name, key, "timeout", f"extraction {exc}")
            continue
        # Events name the document as the user knows it; the store keys it by its text.
        articles.append((i, replace(article, id=raw.id or raw.name)))
    for i, article, events in _code_articles(coder, articles, config.time_budget):
        raw, key = chunk[i]
        if isinstance(events, DocumentTimeout):
            outcomes[i] = _Failed(raw.name, key, "timeout", str(events))
            continue
        if isinstance(events, Exception):
            detail = " ".join(str(events).split())[:200]
            outcomes[i] = _Failed(
                raw.name, key, "coding-error", f"{type(events).__name__}: {detail}"
            )
            continue
        stored = replace(article, id=article_id(article.text))
        outcomes[i] = _Coded(raw.name, key, article_rows(stored, key, events))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return _ChunkResult([o for o in outcomes if o is not None], os.getpid(), rss)


def _code_articles(
    coder: Coder, articles: list[tuple[int, Article]], time_budget: float | None
) -> Iterator[tuple[int, Article, list[Event] | Exception]]:
    """Code with nlp.pipe batching; a document that fails or runs over its time budget
    comes back as its exception, the others are coded."""
    if not articles:
        return
    results = coder.code_results(
        [a for _, a in articles], batch_size=len(articles), time_budget=time_budget
    )
    for (i, _), (article, events) in zip(articles, results, strict=True):
        yield i, article, events


class _Coding:
    """Map chunks to results in input order, in worker processes or in this process."""

    def __init__(self, config: _CoderConfig, workers: int) -> None:
        self.config = config
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Callable[[Iterable[list[tuple[RawDoc, str]]]], Iterator[_ChunkResult]]:
        if self.workers <= 0:
            return self._in_process
        # spawn, not fork: the CLI's progress bar runs a thread, and forking a process with
        # threads can copy a held lock into the child.
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.config,),
        )
        return self._in_pool

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def _in_process(self, chunks: Iterable[list[tuple[RawDoc, str]]]) -> Iterator[_ChunkResult]:
        for chunk in chunks:
            yield _code_chunk(chunk, self.config)

    def _in_pool(self, chunks: Iterable[list[tuple[RawDoc, str]]]) -> Iterator[_ChunkResult]:
        assert self.pool is not None
        limit = IN_FLIGHT_PER_WORKER * self.workers
        in_flight: deque[Future[_ChunkResult]] = deque()
        for chunk in chunks:
            in_flight.append(self.pool.submit(_code_chunk_in_worker, chunk))
            if len(in_flight) >= limit:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()
