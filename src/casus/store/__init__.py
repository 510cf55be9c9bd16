"""Store coded articles and events in SQLite or PostgreSQL, and read them back."""

from casus.store.store import (
    EventFilter,
    LogEntry,
    SaveResult,
    Store,
    StoreError,
    database_url,
    open_store,
)

__all__ = [
    "EventFilter",
    "LogEntry",
    "SaveResult",
    "Store",
    "StoreError",
    "database_url",
    "open_store",
]
