"""Embedded DuckDB store for document records and their events.

``Store(path)`` opens (and creates) the database; :func:`default_db_path` is
``$REDLINE_DB`` when set, else ``./redline.duckdb``.
"""

from redline.store.db import (
    DOCUMENT_COLUMNS,
    EVENT_COLUMNS,
    Store,
    StoreError,
    default_db_path,
    document_hash,
    event_filter,
)
from redline.store.schema import SCHEMA_VERSION, TABLES

__all__ = [
    "DOCUMENT_COLUMNS",
    "EVENT_COLUMNS",
    "SCHEMA_VERSION",
    "TABLES",
    "Store",
    "StoreError",
    "default_db_path",
    "document_hash",
    "event_filter",
]
