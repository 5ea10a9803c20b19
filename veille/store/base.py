"""The store interface: what the CLI, the ingest, the engines and the HTTP API rely on.

Every backend (SQLite, PostgreSQL) implements it with the same results, checked by one contract
test suite. Queries return the typed records of :mod:`veille.store.records`.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from typing import Literal

from ..model import Analysis
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
    IngestOutcome,
    Page,
    PendingDocument,
    PlaceCount,
    QuantityRow,
    QuoteRow,
    StoredDocument,
    StoredSegment,
    StoreStatistics,
    StoryDocRow,
    StoryEventRow,
    StoryLink,
    StoryReportRow,
    StoryRow,
    StoryWrite,
)

__all__ = ["EVENT_SORTS", "MAX_PAGE", "TABLES", "EventSort", "IngestOutcome", "Store", "Table"]

Table = Literal["documents", "entities", "mentions", "events", "quantities", "quotes"]
TABLES: tuple[Table, ...] = ("documents", "entities", "mentions", "events", "quantities", "quotes")
EventSort = Literal[
    "date", "type", "mode", "source", "target", "location", "status", "confidence", "doc", "lang"
]
EVENT_SORTS: tuple[EventSort, ...] = (
    "date",
    "type",
    "mode",
    "source",
    "target",
    "location",
    "status",
    "confidence",
    "doc",
    "lang",
)
# the most rows one page of a listing holds
MAX_PAGE = 1000


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

    # ------------------------------------------------------------------ stories
    # What veille.stories reads and writes; the store only keeps the rows.

    @abstractmethod
    def story_pending(self) -> list[PendingDocument]:
        """Stored documents not clustered under their current analysis, by day then id."""

    @abstractmethod
    def story_forget(self, doc: str) -> str | None:
        """Remove one document's story rows (signature, bands, keys, links, reports); return the
        story it belonged to."""

    @abstractmethod
    def copy_candidates(
        self, bands: Sequence[tuple[int, int]], since: dt.date, until: dt.date
    ) -> list[StoryDocRow]:
        """Clustered documents of a day in ``[since, until]`` sharing one of the LSH ``(band,
        hash)`` pairs, by id."""

    @abstractmethod
    def story_candidates(
        self, keys: Sequence[str], since: dt.date, until: dt.date, limit: int
    ) -> list[tuple[str, int]]:
        """``(doc, shared)``: clustered documents of a day in ``[since, until]`` sharing story
        keys, the most shared first (then by id), at most ``limit``."""

    @abstractmethod
    def story_documents(
        self, *, ids: Sequence[str] | None = None, story: str | None = None
    ) -> list[StoryDocRow]:
        """Clustered documents by id, or the members of one story; by day then id."""

    @abstractmethod
    def story_links(self, docs: Sequence[str]) -> list[StoryLink]:
        """Links with both ends among ``docs``."""

    @abstractmethod
    def save_story_document(
        self,
        row: StoryDocRow,
        bands: Sequence[tuple[int, int]],
        keys: Sequence[str],
        links: Sequence[StoryLink],
    ) -> None:
        """Store one clustered document with its bands, story keys and links, in one
        transaction."""

    @abstractmethod
    def write_stories(self, removed: Sequence[str], stories: Sequence[StoryWrite]) -> None:
        """Replace the stories ``removed`` by ``stories`` (rows, members' story and copy group,
        merged events, reports), in one transaction."""

    @abstractmethod
    def stories(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        lang: str | None = None,
        limit: int | None = None,
    ) -> list[StoryRow]:
        """Stories overlapping ``[since, until]``, with a document in ``lang``; the latest first,
        then the most original reports."""

    @abstractmethod
    def story(self, story_id: str) -> StoryRow | None: ...

    @abstractmethod
    def story_of(self, doc: str) -> str | None:
        """The story a document belongs to."""

    @abstractmethod
    def story_events(
        self,
        *,
        story: str | None = None,
        type: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[StoryEventRow]:
        """Merged events (by date, else first report, then story and index), filtered."""

    @abstractmethod
    def story_reports(self, story: str) -> list[StoryReportRow]:
        """The reports of a story's merged events, by event, then day, document and offset."""

    @abstractmethod
    def close(self) -> None: ...

    # ------------------------------------------------------------------ analyst queries
    # Listings come in pages: ``limit`` rows (1 to MAX_PAGE) after ``cursor``, the ``next`` of
    # the previous page; a cursor holds the sort key of the last row, so a page costs an index
    # seek whatever its depth, and rows written meanwhile neither repeat nor vanish.

    @abstractmethod
    def event_page(
        self,
        where: EventFilter,
        *,
        sort: EventSort = "date",
        descending: bool = False,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[EventRow]:
        """Events that match ``where`` ordered by ``sort`` (then document, offset, index)."""

    @abstractmethod
    def event_count(self, where: EventFilter) -> int: ...

    @abstractmethod
    def event_facets(self, where: EventFilter, *, top: int = 20) -> EventFacets:
        """Counts by type, mode, status, language, country and actor (the ``top`` most
        frequent values of each)."""

    @abstractmethod
    def event_days(self, where: EventFilter) -> list[DayCount]:
        """Events per day and type, by day."""

    @abstractmethod
    def actor_pairs(self, where: EventFilter) -> list[ActorPair]:
        """Events per (source, target, type) for events with both actors known."""

    @abstractmethod
    def event_places(self, where: EventFilter) -> list[PlaceCount]:
        """Events per (place, type) for events with a known place."""

    @abstractmethod
    def event_amounts(self, where: EventFilter) -> list[EventAmounts]:
        """The events that match with the amounts attached to each, events without any left
        out, in event order."""

    @abstractmethod
    def entity_page(
        self,
        *,
        type: str | None = None,
        name: str | None = None,
        country: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[EntityRow]:
        """Named entities, most mentioned first, as :meth:`entities` orders them."""

    @abstractmethod
    def document_page(
        self,
        *,
        lang: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[DocumentSummary]:
        """Documents, newest first, with the number of rows extracted from each."""

    @abstractmethod
    def quote_page(
        self,
        *,
        speaker: str | None = None,
        doc: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        lang: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[QuoteRow]:
        """Quotes as :meth:`quotes` orders them."""

    @abstractmethod
    def quantity_page(
        self,
        *,
        unit: str | None = None,
        doc: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[QuantityRow]:
        """Amounts by document and position; restatements included (``equivalent_of``)."""

    @abstractmethod
    def segments(self, doc_id: str) -> list[StoredSegment]:
        """The segments of one document in text order (none for documents stored before
        segments were kept)."""

    @abstractmethod
    def statistics(self) -> StoreStatistics: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
