"""A real PostgreSQL server for the tests, started and stopped by the tests themselves.

`pg_server` (session) runs initdb into a fresh temp dir and starts postgres on 127.0.0.1 at
a free port; `db_url` is parametrised over SQLite and PostgreSQL and gives each test an
empty database. initdb refuses to run as root, so as root the server runs as the
`postgres` system user (created by Debian's postgresql package) through `runuser`.
Without PostgreSQL binaries the PostgreSQL cases skip, naming what is missing.
The end of the module holds sample records for the store, export and stats tests;
`ingest_log` (what ingest wrote to a store's log) and `events_digest`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import hashlib
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from casus.extract import article_id
from casus.model import Actor, ActorRef, Article, Event, Evidence, Modality, Place
from casus.store import LogEntry, Store
from casus.store.schema import ingest_log as ingest_log_table

BACKENDS = ("sqlite", "postgresql")


@dataclass(frozen=True)
class PgServer:
    host: str
    port: int
    user: str

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"


def _bindir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(versions[0]).parent if versions else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_as() -> list[str]:
    """The command prefix that drops root to the `postgres` user; [] when not root."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and no 'postgres' system user to run the server as")
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--"]
    if shutil.which("setpriv"):
        entry = pwd.getpwnam("postgres")
        return ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--init-groups"]
    pytest.skip("running as root and neither runuser nor setpriv is available")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bindir = _bindir()
    if bindir is None or not (bindir / "pg_ctl").exists():
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found; .ci/run installs them")
    prefix = _run_as()
    # as root, somewhere the postgres user can reach (TMPDIR may be private to root)
    parent = "/tmp" if prefix and Path("/tmp").is_dir() else None
    base = Path(tempfile.mkdtemp(prefix="casus-pg-", dir=parent))
    if prefix:
        entry = pwd.getpwnam("postgres")
        os.chown(base, entry.pw_uid, entry.pw_gid)
    data = base / "data"
    user = "casus"
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}

    def run(*args: str) -> None:
        done = subprocess.run(
            [*prefix, *args], capture_output=True, text=True, env=env, cwd=base, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed:\n{done.stdout}\n{done.stderr}")

    port = 0
    try:
        run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            user,
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        for attempt in range(3):  # the free port can be taken before the server binds it
            port = _free_port()
            # no unix socket (-k ''), no fsync: a throwaway server for tests
            options = f"-h 127.0.0.1 -p {port} -k '' -F -c max_connections=50"
            try:
                run(
                    str(bindir / "pg_ctl"),
                    *("-D", str(data), "-l", str(base / "server.log"), "-o", options),
                    *("-w", "-t", "60", "start"),
                )
                break
            except RuntimeError:
                if attempt == 2:
                    log = base / "server.log"
                    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                    raise RuntimeError(f"PostgreSQL did not start:\n{tail}") from None
        yield PgServer("127.0.0.1", port, user)
    finally:
        with contextlib.suppress(Exception):
            run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@contextlib.contextmanager
def _database(request: pytest.FixtureRequest, backend: str, tmp: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield str(tmp / "casus.db")
        return
    import psycopg

    server: PgServer = request.getfixturevalue("pg_server")
    name = f"t_{uuid.uuid4().hex}"
    with psycopg.connect(server.url(), autocommit=True) as conn:
        # FILE_COPY (PostgreSQL 15+) makes a small database in ms instead of ~0.3 s
        fast = " STRATEGY FILE_COPY" if conn.info.server_version >= 150000 else ""
        conn.execute(f'CREATE DATABASE "{name}"{fast}')  # generated name, not input
    try:
        yield server.url(name)
    finally:
        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database per test: a SQLite file, or a fresh PostgreSQL database."""
    with _database(request, request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="module", params=BACKENDS)
def module_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An empty database shared by one module's read-only tests."""
    with _database(request, request.param, tmp_path_factory.mktemp("db")) as url:
        yield url


# -- sample records shared by the store, export and stats tests (written by us) ----------


def actor_ref(country: str, sector: str, org: str, name: str, text: str, start: int) -> ActorRef:
    return ActorRef(Actor(country, sector, org, name), text, start, start + len(text))


def make_event(
    doc_id: str,
    sentence_index: int,
    cameo: str,
    *,
    source: ActorRef | None,
    target: ActorRef | None,
    quad_class: int,
    modality: Modality = "asserted",
    goldstein: float = -1.5,
    attribution: ActorRef | None = None,
    place: Place | None = None,
    date: str | None = None,
    group: int = 0,
) -> Event:
    return Event(
        doc_id=doc_id,
        sentence_index=sentence_index,
        sentence=f"Sentence {sentence_index} of {doc_id} — «ünïcödé» 🚀",
        source=source,
        target=target,
        cameo=cameo,
        cameo_name=f"name of {cameo}",
        goldstein=goldstein,
        quad_class=quad_class,
        plover_event="ASSAULT" if quad_class == 4 else "CONSULT",
        plover_mode=None if quad_class != 4 else "aerial",
        modality=modality,
        attribution=attribution,
        evidence=Evidence(f"trigger{sentence_index}", 3, 3 + 8, f"events.yml:{cameo}:pattern"),
        confidence=0.75,
        group=group,
        place=place,
        date=date,
    )


def sample_corpus() -> list[tuple[Article, str, list[Event]]]:
    """Four articles: two dated, one undated, one without events; 6 events in all."""
    rus_mil = actor_ref("RUS", "MIL", "", "Russian military", "Russian forces", 0)
    ukr_mil = actor_ref("UKR", "MIL", "", "Ukrainian military", "Ukrainian positions", 30)
    ukr_gov = actor_ref("UKR", "GOV", "", "Ukrainian government", "Kyiv", 60)
    rus_gov = actor_ref("RUS", "GOV", "", "Путин", "Путин", 70)
    egy = actor_ref("EGY", "GOV", "", "Egyptian government", "Cairo", 0)
    isr = actor_ref("ISR", "GOV", "", "Israeli government", "Israel", 20)
    syr = actor_ref("SYR", "", "", "Syria", "سوريا", 40)
    un = actor_ref("IGO", "UNO", "", "United Nations", "the UN", 0)
    texts = [
        "Russian forces shelled Ukrainian positions. Kyiv condemned Путин. 🚀",
        "Cairo will host Israel next week. Five people were killed in سوريا.",
        "The UN could urge Syria to talk — «undated» piece.",
        "An opinion piece with no events at all.",
    ]
    a1 = Article(
        id=article_id(texts[0]),
        text=texts[0],
        title="Shelling — день первый",
        url="https://www.example-news.org/a1",
        published=dt.date(2021, 3, 1),
        source_name="feed:1",
    )
    a2 = Article(
        id=article_id(texts[1]),
        text=texts[1],
        title="Talks",
        url="https://wire.example.com/a2",
        published=dt.date(2021, 1, 15),
        source_name="dump.jsonl:2",
        outlet="Example Wire",
    )
    a3 = Article(id=article_id(texts[2]), text=texts[2], source_name="undated.txt")
    a4 = Article(
        id=article_id(texts[3]),
        text=texts[3],
        genre="opinion",
        published=dt.date(2021, 2, 1),
        source_name="op.html",
    )
    place = Place(
        text="Ukraine",
        start=5,
        end=12,
        name="Ukraine",
        kind="country",
        country="UKR",
        countries=("UKR",),
        admin1=None,
        lat=None,
        lon=None,
        geonames_id=None,
        method="test",
    )
    e1 = [
        make_event(a1.id, 0, "190", source=rus_mil, target=ukr_mil, quad_class=4, place=place),
        make_event(
            a1.id,
            1,
            "111",
            source=ukr_gov,
            target=rus_gov,
            quad_class=3,
            modality="reported",
            attribution=actor_ref("UKR", "GOV", "", "", "officials", 80),
        ),
    ]
    e2 = [
        make_event(a2.id, 0, "036", source=egy, target=isr, quad_class=1, modality="future"),
        make_event(a2.id, 0, "036", source=egy, target=isr, quad_class=1, group=1),
        make_event(a2.id, 1, "180", source=None, target=syr, quad_class=4, date="2021-01-10"),
    ]
    e3 = [make_event(a3.id, 0, "025", source=un, target=syr, quad_class=1, modality="hypothetical")]
    return [(a1, "raw-1", e1), (a2, "raw-2", e2), (a3, "raw-3", e3), (a4, "raw-4", [])]


def ingest_log(store: Store, run_id: int | None = None) -> list[LogEntry]:
    """The store's ingest log in the order it was written, optionally of one run."""
    stmt = select(ingest_log_table).order_by(ingest_log_table.c.id)
    if run_id is not None:
        stmt = stmt.where(ingest_log_table.c.run_id == run_id)
    with store.engine.connect() as conn:
        return [LogEntry.from_row(row) for row in conn.execute(stmt).mappings()]


def events_digest(store: Store) -> str:
    """SHA-256 of every stored event in the JSON event schema, in the store's default order:
    two stores hold the same events, down to every field, when their digests are equal."""
    digest = hashlib.sha256()
    for event in store.iter_events():
        digest.update(json.dumps(event, sort_keys=True, default=str).encode())
    return digest.hexdigest()
