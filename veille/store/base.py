"""The store interface: what the CLI, the ingest, the engines and the HTTP API rely on.

Every backend (SQLite, PostgreSQL) implements it with the same results, checked by one contract
test suite. Queries return the typed records of :mod:`veille.store.records`.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Literal

from ..model import Analysis
from .records import (
    EntityProfile,
    EntityRow,
    EventRow,
    IngestOutcome,
    QuantityRow,
    QuoteRow,
    StoredDocument,
)

__all__ = ["TABLES", "IngestOutcome", "Store", "Table"]

Table = Literal["documents", "entities", "mentions", "events", "quantities", "quotes"]
TABLES: tuple[Table, ...] = ("documents", "entities", "mentions", "events", "quantities", "quotes")


class Store(ABC):
    """A database of analysed documents. ``url`` names it (``sqlite:///…``, ``postgresql://…``)."""

    url: str
    dialect: str

    @abstractmethod
    def is_current(self, doc_id: str, content_hash: str, pipeline_version: str) -> bool:
        """True when this exact document was already analysed by this pipeline version."""

    @abstractmethod
    def save(self, analysis: Analysis, pipeline_version: str) -> IngestOutcome:
        """Store one analysis in one transaction, replacing an older version of the document.

        Safe against other processes saving the same document at the same time: the document
        ends up stored once, with the rows of one analysis.
        """

    @abstractmethod
    def events(
        self,
        *,
        type: str | None = None,
        actor: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        lang: str | None = None,
        doc: str | None = None,
        status: str | None = None,
        min_confidence: float | None = None,
        limit: int | None = None,
    ) -> list[EventRow]:
        """Events by date (the event's own, else the document's), filtered; at most ``limit``.

        ``actor`` matches a source or target name in which each word of ``actor`` begins a word
        (case, accents and script folded: "poutine" does not match "Vladimir Putin", "putin"
        and "vlad put" do).
        """

    @abstractmethod
    def event_quantities(self, doc: str, idx: int) -> list[QuantityRow]:
        """The amounts attached to one event (money, casualties, items), restatements left out."""

    @abstractmethod
    def entities(
        self, *, type: str | None = None, name: str | None = None, doc: str | None = None
    ) -> list[EntityRow]:
        """Named entities, most mentioned first; ``name`` matches as ``actor`` does."""

    @abstractmethod
    def entity(self, name: str) -> EntityProfile | None:
        """The entity with this id or canonical name, else the most mentioned one that
        matches."""

    @abstractmethod
    def quotes(
        self,
        *,
        speaker: str | None = None,
        doc: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        lang: str | None = None,
    ) -> list[QuoteRow]: ...

    @abstractmethod
    def document(self, doc_id: str) -> StoredDocument | None: ...

    @abstractmethod
    def documents(self) -> Iterator[StoredDocument]:
        """Every stored document, ordered by id, read one at a time."""

    @abstractmethod
    def delete(self, doc_id: str) -> bool:
        """Remove one document and every row extracted from it; False when there was none."""

    @abstractmethod
    def count(self, table: Table, *, doc: str | None = None) -> int:
        """Rows in one table, of one document when ``doc`` is given."""

    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
