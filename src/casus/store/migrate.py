"""Bring a database made by an earlier casus up to the current schema, in place.

Schema 2 added to `events` the stable `event_id` (see `casus.model.event_ids`),
`evidence_conventions` (empty for events coded before) and `search_text` (see
`casus.store.search`), with the full-text index over it (SQLite: the
FTS5 table `events_fts` and its triggers; PostgreSQL: a GIN index). Opening an older
database adds the columns, computes both for every stored event, and builds the index, in
one transaction; concurrent openers wait for it (SQLite `BEGIN IMMEDIATE`, a PostgreSQL
advisory lock) and then find nothing left to do. A database that is already current is
only read, so read-only files and sessions open as before; one that needs the upgrade but
cannot be written gets a StoreError saying so.

Schema 3 added `{source,target,attribution}_method` and `_person` (how a slot's actor was
resolved, see `casus.model.Resolution`): added empty, since only coding can tell; events
stored before stay NULL ("not recorded") until they are coded again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, inspect, select, update
from sqlalchemy.exc import DBAPIError, OperationalError

from casus.model import event_key, ids_of_keys
from casus.store.schema import events
from casus.store.search import FTS_TABLE, GIN_INDEX, SIMPLE, search_words

logger = logging.getLogger(__name__)

NEW_COLUMNS = {"event_id": "VARCHAR(32)", "search_text": "TEXT", "evidence_conventions": "JSON"}
# schema 3: how each slot's actor was resolved (NULL, i.e. not recorded, for older events)
RESOLUTION_COLUMNS = {
    f"{side}_{name}": sql_type
    for side in ("source", "target", "attribution")
    for name, sql_type in (("method", "VARCHAR(16)"), ("person", "TEXT"))
}
EVENT_ID_INDEX = "ix_events_event_id"
_PG_LOCK = 0x63617375  # "casu": serialises concurrent upgrades of one PostgreSQL database
_BATCH = 2000
SIDES = ("source", "target")

_FTS_TRIGGERS = (
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON events BEGIN
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON events BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update AFTER UPDATE OF search_text ON events
        BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""",
)


class UpgradeError(RuntimeError):
    """The database needs an upgrade and it cannot be written."""


def upgrade(engine: Engine) -> str:
    """Upgrade in place if needed; return the text-search backend ("fts5", "tsvector", "like")."""
    dialect = engine.dialect.name
    with engine.connect() as conn:
        needed = _pending(conn, dialect)
    if needed:
        logger.info("upgrading %s: %s", engine.url, ", ".join(needed))
        try:
            with engine.connect() as conn:
                _lock(conn, dialect)
                _apply(conn, dialect)
                conn.commit()
        except (OperationalError, DBAPIError) as exc:
            reason = str(exc.orig if getattr(exc, "orig", None) else exc).splitlines()[0]
            raise UpgradeError(
                f"the database was made by an older casus and needs an upgrade "
                f"({', '.join(needed)}), which failed: {reason}; open it once where it "
                "can be written (e.g. `casus stats --db ...`)"
            ) from None
    if dialect == "postgresql":
        return "tsvector"
    with engine.connect() as conn:
        return "fts5" if _has_table(conn, FTS_TABLE) else "like"


def _pending(conn: Connection, dialect: str) -> list[str]:
    """What the database lacks (read-only checks)."""
    columns = {c["name"] for c in inspect(conn).get_columns("events")}
    needed = [f"column {name}" for name in NEW_COLUMNS if name not in columns]
    resolution = [f"column {name}" for name in RESOLUTION_COLUMNS if name not in columns]
    if needed:
        return [*needed, *resolution, "event ids", "search index"]
    needed = resolution
    if conn.execute(select(events.c.id).where(events.c.event_id.is_(None)).limit(1)).first():
        needed.append("event ids")
    indexes = {i["name"] for i in inspect(conn).get_indexes("events")}
    if EVENT_ID_INDEX not in indexes:
        needed.append("event id index")
    if dialect == "postgresql":
        if GIN_INDEX not in indexes:
            needed.append("search index")
    elif _fts5_available(conn) and not (_has_table(conn, FTS_TABLE) and _has_triggers(conn)):
        needed.append("search index")
    return needed


def _lock(conn: Connection, dialect: str) -> None:
    if dialect == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock first: one upgrader at a time
    elif dialect == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK})")


def _apply(conn: Connection, dialect: str) -> None:
    columns = {c["name"] for c in inspect(conn).get_columns("events")}
    for name, sql_type in {**NEW_COLUMNS, **RESOLUTION_COLUMNS}.items():
        if name not in columns:
            conn.exec_driver_sql(f"ALTER TABLE events ADD COLUMN {name} {sql_type}")
    filled = _backfill(conn)
    if filled:
        logger.info("computed event ids and search words of %d events", filled)
    conn.exec_driver_sql(f"CREATE UNIQUE INDEX IF NOT EXISTS {EVENT_ID_INDEX} ON events (event_id)")
    if dialect == "postgresql":
        conn.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON events "
            f"USING gin (to_tsvector({SIMPLE}, search_text))"
        )
        return
    if not _fts5_available(conn):
        logger.warning("this SQLite has no FTS5: text search scans every sentence")
        return
    fresh = not _has_table(conn, FTS_TABLE)
    if fresh:
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_text, content='events', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 0')"
        )
    for trigger in _FTS_TRIGGERS:
        conn.exec_driver_sql(trigger)
    if fresh:
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def _backfill(conn: Connection) -> int:
    """Compute event_id and search_text where they are missing, article by article."""
    c = events.c
    todo = select(c.article_id).where(c.event_id.is_(None) | c.search_text.is_(None)).distinct()
    article_ids = [row[0] for row in conn.execute(todo)]
    n = 0
    for start in range(0, len(article_ids), 200):
        chunk = article_ids[start : start + 200]
        updates = list(_updates(conn, chunk))
        for i in range(0, len(updates), _BATCH):
            conn.execute(
                update(events)
                .where(events.c.id == bindparam("row_id"))
                .values(
                    event_id=bindparam("new_event_id"),
                    search_text=bindparam("new_search_text"),
                ),
                updates[i : i + _BATCH],
            )
        n += len(updates)
    return n


def _updates(conn: Connection, article_ids: list[str]) -> Iterator[dict[str, Any]]:
    c = events.c
    stmt = (
        select(
            c.id,
            c.article_id,
            c.sentence_index,
            c.sentence,
            c.evidence_start,
            c.evidence_end,
            c.cameo,
            *(c[f"{side}_{k}"] for side in SIDES for k in ("text", "code", "start", "end")),
        )
        .where(c.article_id.in_(article_ids))
        .order_by(c.article_id, c.position)
    )
    rows = conn.execute(stmt).mappings().all()
    by_article: dict[str, list[Any]] = {}
    for row in rows:
        by_article.setdefault(row["article_id"], []).append(row)
    for article_key, group in by_article.items():
        keys = [
            event_key(
                r["sentence_index"],
                r["evidence_start"],
                r["evidence_end"],
                r["cameo"],
                _actor(r, "source"),
                _actor(r, "target"),
            )
            for r in group
        ]
        for r, event_id in zip(group, ids_of_keys(article_key, keys), strict=True):
            yield {
                "row_id": r["id"],
                "new_event_id": event_id,
                "new_search_text": search_words(r["sentence"]),
            }


def _actor(row: Any, side: str) -> tuple[str, int, int] | None:
    if row[f"{side}_text"] is None:
        return None
    return (row[f"{side}_code"] or "", row[f"{side}_start"], row[f"{side}_end"])


def _fts5_available(conn: Connection) -> bool:
    if conn.dialect.name != "sqlite":
        return False
    options = {str(r[0]).upper() for r in conn.exec_driver_sql("PRAGMA compile_options")}
    return "ENABLE_FTS5" in options


def _has_table(conn: Connection, name: str) -> bool:
    found = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).first()
    return found is not None


def _has_triggers(conn: Connection) -> bool:
    found = conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
        (f"{FTS_TABLE}_%",),
    ).scalar_one()
    return int(found) == len(_FTS_TRIGGERS)
