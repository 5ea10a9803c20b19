"""Storage of analyses: every SQL statement lives in this package, which imports nothing from
the stages or the export.

``open_store(url)`` picks the backend: a path or ``sqlite:///path`` for the embedded SQLite
default, ``postgresql://user@host/db`` for a shared PostgreSQL server (psycopg 3). Both
implement :class:`Store` and return the typed records of :mod:`veille.store.records`.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import StoreError
from .base import EVENT_SORTS, MAX_PAGE, TABLES, EventSort, Store, Table
from .records import (
    ActorPair,
    DayCount,
    DocumentSummary,
    EntityProfile,
    EntityRow,
    EventAmounts,
    EventFacets,
    EventFilter,
    EventRow,
    FacetCount,
    IngestOutcome,
    Page,
    PendingDocument,
    PlaceCount,
    QuantityRow,
    QuoteRow,
    StoredDocument,
    StoredEntity,
    StoredMention,
    StoredSegment,
    StoreStatistics,
    StoryDocRow,
    StoryEventRow,
    StoryLink,
    StoryReportRow,
    StoryRow,
    StoryWrite,
    SurfaceForm,
)
from .sql import entity_key
from .sqlite import SQLiteStore

__all__ = [
    "EVENT_SORTS",
    "MAX_PAGE",
    "TABLES",
    "ActorPair",
    "DayCount",
    "DocumentSummary",
    "EntityProfile",
    "EntityRow",
    "EventAmounts",
    "EventFacets",
    "EventFilter",
    "EventRow",
    "EventSort",
    "FacetCount",
    "IngestOutcome",
    "Page",
    "PendingDocument",
    "PlaceCount",
    "QuantityRow",
    "QuoteRow",
    "SQLiteStore",
    "Store",
    "StoreStatistics",
    "StoredDocument",
    "StoredEntity",
    "StoredMention",
    "StoredSegment",
    "StoryDocRow",
    "StoryEventRow",
    "StoryLink",
    "StoryReportRow",
    "StoryRow",
    "StoryWrite",
    "SurfaceForm",
    "Table",
    "entity_key",
    "is_shared",
    "open_store",
    "sqlite_path",
]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_shared(url: str | Path) -> bool:
    """True for a server other processes and machines can reach (PostgreSQL)."""
    return str(url).startswith(_POSTGRES_SCHEMES)


def sqlite_path(url: str | Path) -> str:
    """The file of a SQLite URL or path: ``sqlite:///veille.db`` is ``veille.db`` (relative),
    ``sqlite:////data/veille.db`` is ``/data/veille.db``; ``:memory:`` stays itself."""
    text = str(url)
    if text.startswith("sqlite:///"):
        return text[len("sqlite:///") :] or ":memory:"
    if text.startswith("sqlite:"):
        raise StoreError(f"{text}: a SQLite URL is sqlite:///relative/path or sqlite:////abs/path")
    if "://" in text:
        raise StoreError(f"{text}: veille stores in sqlite:/// or postgresql:// databases")
    return text


def open_store(url: str | Path) -> Store:
    """Open (and migrate) the store named by ``url``: a SQLite path or ``sqlite:///`` URL, or a
    ``postgresql://`` URL."""
    if is_shared(url):
        from .postgres import PostgresStore

        return PostgresStore(str(url))
    return SQLiteStore(sqlite_path(url))
