"""Storage of analyses. SQLite is the embedded default; every SQL statement lives here."""

from __future__ import annotations

from .base import IngestOutcome, Store
from .sqlite import SQLiteStore

__all__ = ["IngestOutcome", "SQLiteStore", "Store", "open_store"]


def open_store(path: str) -> Store:
    """Open the store at ``path`` (a SQLite file; ``:memory:`` for a throw-away one)."""
    return SQLiteStore(path)
