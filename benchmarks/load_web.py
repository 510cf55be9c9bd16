"""Load test of the events API: a generated store of ≥ 50,000 events, a server on loopback.

    python benchmarks/load_web.py [--events 50000] [--requests 3000] [--concurrency 8]

Generates articles and events (seeded, no coder: the point is the web layer and the
database) into a fresh SQLite file, starts `casus.web` with uvicorn in a child process on
127.0.0.1, and sends a fixed number of requests for filtered pages of 100 events from a pool
of keep-alive connections. Bounded twice: by --requests and by --max-seconds. Prints
requests/s and latency percentiles per filter and overall; exits 1 on any error or when the
overall p95 is 200 ms or more (the issue's floor).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from casus.model import Actor, ActorRef, Article, Event, Evidence, Place
from casus.store import LogEntry, open_store

HOST = "127.0.0.1"  # loopback only: this script never talks to another machine
P95_FLOOR_MS = 200.0

COUNTRIES = {
    "RUS": ("Russian", "Moscow", 55.75, 37.62),
    "UKR": ("Ukrainian", "Kyiv", 50.45, 30.52),
    "USA": ("American", "Washington", 38.9, -77.04),
    "ISR": ("Israeli", "Jerusalem", 31.77, 35.21),
    "PSE": ("Palestinian", "Ramallah", 31.9, 35.2),
    "CHN": ("Chinese", "Beijing", 39.9, 116.4),
    "IRN": ("Iranian", "Tehran", 35.69, 51.39),
    "PAK": ("Pakistani", "Islamabad", 33.69, 73.05),
    "AFG": ("Afghan", "Kabul", 34.53, 69.17),
    "TUR": ("Turkish", "Ankara", 39.93, 32.86),
    "SYR": ("Syrian", "Damascus", 33.51, 36.29),
    "NGA": ("Nigerian", "Abuja", 9.08, 7.4),
}
SECTORS = {"GOV": "government", "MIL": "forces", "": "officials"}
VERBS = [  # (verb, cameo, name, goldstein, quad class)
    ("met", "040", "Consult", 1.0, 1),
    ("praised", "051", "Praise or endorse", 3.4, 1),
    ("accused", "112", "Accuse", -2.0, 3),
    ("threatened", "130", "Threaten", -4.4, 3),
    ("attacked", "190", "Use conventional military force", -10.0, 4),
    ("shelled", "194", "Fight with artillery and tanks", -10.0, 4),
    ("aided", "070", "Provide aid", 7.0, 2),
    ("sanctioned", "163", "Impose embargo, boycott, or sanctions", -8.0, 4),
]
MODALITIES = ["asserted"] * 6 + ["reported"] * 3 + ["negated", "future", "hypothetical"]
OUTLETS = [f"outlet{i:02d}.example" for i in range(24)]


def _ref(code: str, sector: str, text: str, start: int) -> ActorRef:
    actor = Actor(country=code, sector=sector, name=f"{code}{sector}")
    return ActorRef(actor=actor, text=text, start=start, end=start + len(text))


def _article(rng: random.Random, index: int, per_article: int) -> tuple[Article, list[Event]]:
    published = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(730))
    sentences: list[str] = []
    events: list[Event] = []
    offset = 0
    for position in range(per_article):
        src, tgt = rng.sample(sorted(COUNTRIES), 2)
        s_sec, t_sec = rng.choice(sorted(SECTORS)), rng.choice(sorted(SECTORS))
        verb, cameo, name, goldstein, quad = rng.choice(VERBS)
        s_text = f"{COUNTRIES[src][0]} {SECTORS[s_sec]}"
        t_text = f"{COUNTRIES[tgt][0]} {SECTORS[t_sec]}"
        city, lat, lon = COUNTRIES[tgt][1:]
        sentence = f"{s_text} {verb} {t_text} near {city} in report {index}-{position}."
        start = offset
        v_start = start + len(s_text) + 1
        t_start = v_start + len(verb) + 1
        place = Place.from_dict(
            {
                "text": city,
                "start": start + sentence.index(city),
                "end": start + sentence.index(city) + len(city),
                "name": city,
                "kind": "city",
                "country": tgt,
                "countries": [tgt],
                "admin1": None,
                "lat": lat,
                "lon": lon,
                "geonames_id": None,
                "method": "sentence-place",
            }
        )
        events.append(
            Event(
                doc_id=f"load-{index}",
                sentence_index=position,
                sentence=sentence,
                source=_ref(src, s_sec, s_text, start),
                target=_ref(tgt, t_sec, t_text, t_start),
                cameo=cameo,
                cameo_name=name,
                goldstein=goldstein,
                quad_class=quad,
                plover_event="OTHER",
                plover_mode=None,
                modality=rng.choice(MODALITIES),  # type: ignore[arg-type]
                attribution=None,
                evidence=Evidence(verb, v_start, v_start + len(verb), f"load:{cameo}:{verb}"),
                confidence=0.8,
                group=position,
                place=place,
            )
        )
        sentences.append(sentence)
        offset += len(sentence) + 1
    text = " ".join(sentences)
    article = Article(
        id=f"{index:064d}",
        text=text,
        title=f"Generated report {index}",
        published=published,
        source_name=f"load-{index}",
        outlet=rng.choice(OUTLETS),
    )
    return article, events


def build_store(path: Path, *, events: int, per_article: int = 5, seed: int = 7) -> int:
    """Write ≥ `events` generated events into a fresh SQLite store; return how many."""
    rng = random.Random(seed)
    n_articles = -(-events // per_article)
    written = 0
    with open_store(path) as store:
        run = store.begin_run(sources=["benchmarks/load_web.py"], options={"seed": seed})
        batch: list[tuple[Article, str, list[Event]]] = []
        log: list[LogEntry] = []
        for i in range(n_articles):
            article, evs = _article(rng, i, per_article)
            batch.append((article, article.id, evs))
            log.append(LogEntry(name=f"load-{i}", status="coded", kind=None, reason=None))
            if len(batch) == 1000 or i == n_articles - 1:
                written += store.save_batch(run, batch, log).events_added
                batch, log = [], []
        store.end_run(run, summary={"events": written})
    return written


def _analyze(db: Path) -> None:
    """SQLite's planner statistics (PostgreSQL's autovacuum gathers its own)."""
    with open_store(db, create=False) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def _start_server(db: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    """uvicorn in a child process (our own, stopped by its pid at the end)."""
    env = {**os.environ, "CASUS_WEB_DB": str(db)}
    command = [sys.executable, "-m", "uvicorn", "--factory", "casus.web.app:app_from_environment"]
    command += ["--host", HOST, "--port", str(port), "--workers", str(workers)]
    command += ["--log-level", "error", "--no-access-log"]
    return subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _wait(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/api/v1/events?page_size=1")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


FILTERS = {
    "root": "root=19&page={page}",
    "actor+since": "actor=RUS&since=2023-06-01&page={page}",
    "quad+modality desc": "quad_class=4&modality=asserted&sort=day&order=desc&page={page}",
    "country+outlet": "country=UKR&outlet=outlet03.example&page={page}",
    "text search": "q=kyiv&sort=goldstein&page={page}",
}


def _worker(
    port: int,
    jobs: list[tuple[str, str]],
    results: list[tuple[str, float, int, int]],
    deadline: float,
) -> None:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    for name, path in jobs:
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            status = response.status
            count = len(json.loads(body)["events"]) if status == 200 else 0
        except (OSError, http.client.HTTPException, ValueError, KeyError):
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            status, count = 0, 0
        results.append((name, time.perf_counter() - started, status, count))
    conn.close()


def _percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def run(args: argparse.Namespace) -> int:
    folder = Path(args.db).parent if args.db else Path(tempfile.mkdtemp(prefix="casus-load-"))
    db = Path(args.db) if args.db else folder / "load.db"
    if db.exists():
        db.unlink()
    started = time.perf_counter()
    n_events = build_store(db, events=args.events)
    if args.analyze:
        _analyze(db)
    print(
        f"store: {n_events:,} events in {db} ({time.perf_counter() - started:.1f} s to build"
        f"{', ANALYZE run' if args.analyze else ', no ANALYZE'})"
    )
    port = _free_port()
    server = _start_server(db, port, args.workers)
    try:
        _wait(port)
        rng = random.Random(11)
        jobs = []
        names = sorted(FILTERS)
        for i in range(args.requests):
            name = names[i % len(names)]
            path = "/api/v1/events?page_size=100&" + FILTERS[name].format(page=rng.randint(1, 5))
            jobs.append((name, path))
        # warm-up: one of each, not measured
        warm = [(n, "/api/v1/events?page_size=100&" + FILTERS[n].format(page=1)) for n in names]
        _worker(port, warm, [], time.monotonic() + 60)
        results: list[tuple[str, float, int, int]] = []
        deadline = time.monotonic() + args.max_seconds
        threads = [
            threading.Thread(
                target=_worker, args=(port, jobs[k :: args.concurrency], results, deadline)
            )
            for k in range(args.concurrency)
        ]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=20)
    errors = [r for r in results if r[2] != 200]
    short = [r for r in results if r[2] == 200 and r[3] != 100]
    latencies = [r[1] * 1000 for r in results]
    print(
        f"requests: {len(results):,} in {elapsed:.1f} s with {args.concurrency} connections "
        f"on {HOST}: {len(results) / elapsed:.0f} requests/s, {len(errors)} errors"
    )
    print(f"{'filter':<22}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name in sorted(FILTERS):
        mine = [r[1] * 1000 for r in results if r[0] == name]
        if mine:
            print(
                f"{name:<22}{len(mine):>6}{statistics.median(mine):>9.1f}"
                f"{_percentile(mine, 95):>9.1f}{max(mine):>9.1f}"
            )
    p95 = _percentile(latencies, 95)
    print(
        f"{'all':<22}{len(latencies):>6}{statistics.median(latencies):>9.1f}"
        f"{p95:>9.1f}{max(latencies):>9.1f}"
    )
    if short:
        print(f"note: {len(short)} responses had fewer than 100 events (last pages)")
    ok = not errors and len(results) == args.requests and p95 < P95_FLOOR_MS
    print(
        f"floor (no errors, every request answered, p95 < {P95_FLOOR_MS:.0f} ms): "
        f"{'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--max-seconds", type=float, default=300.0)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn server processes")
    parser.add_argument("--db", help="SQLite file to (re)create (default: a temp dir)")
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="run ANALYZE after building, so SQLite's planner has statistics",
    )
    args = parser.parse_args()
    if args.events < 1 or args.requests < 1 or not 1 <= args.concurrency <= 64:
        parser.error("--events, --requests >= 1; --concurrency 1..64")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
