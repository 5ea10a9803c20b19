"""Typed records that the store's queries return.

Every record is a frozen, slotted dataclass of plain values (dates as :class:`datetime.date`), so
``veille.to_dict`` turns it into JSON and it crosses process boundaries. Offsets (``start``,
``end``) are offsets into the stored text of the document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

__all__ = [
    "ActorPair",
    "DayCount",
    "DocumentSummary",
    "EntityProfile",
    "EntityRow",
    "EventAmounts",
    "EventFacets",
    "EventFilter",
    "EventRow",
    "FacetCount",
    "IngestOutcome",
    "Page",
    "PendingDocument",
    "PlaceCount",
    "QuantityRow",
    "QuoteRow",
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
]

T = TypeVar("T")

IngestOutcome = Literal["stored", "replaced", "unchanged"]


@dataclass(frozen=True, slots=True)
class EventRow:
    """One stored event, with the publication date and language of its document."""

    doc: str
    idx: int
    published: dt.date | None
    language: str | None
    type: str
    mode: str | None
    source: str | None
    source_key: str | None
    target: str | None
    target_key: str | None
    date: dt.date | None
    date_text: str | None
    date_precision: str | None
    location: str | None
    location_key: str | None
    claimant: str | None
    status: str
    confidence: float
    trigger: str | None
    evidence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class QuantityRow:
    doc: str
    idx: int
    value: float
    unit: str
    what: str | None
    qualifier: str | None
    equivalent_of: int | None
    event_idx: int | None
    evidence: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int


@dataclass(frozen=True, slots=True)
class QuoteRow:
    doc: str
    idx: int
    published: dt.date | None
    language: str | None
    speaker: str | None
    speaker_key: str | None
    text: str
    start: int
    end: int
    # the spans the quote joins, [start, end] each (one for most quotes)
    parts: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class EntityRow:
    """A canonical entity over every document: ``documents`` naming it, ``mentions`` by name."""

    id: str
    name: str
    type: str
    kb_id: str | None
    country: str | None
    role: str | None
    documents: int
    mentions: int


@dataclass(frozen=True, slots=True)
class SurfaceForm:
    text: str
    n: int


@dataclass(frozen=True, slots=True)
class EntityProfile:
    """Everything stored about one entity: its row, how it was written, where, what it did."""

    id: str
    name: str
    type: str
    kb_id: str | None
    country: str | None
    role: str | None
    documents: int
    mentions: int
    surface_forms: tuple[SurfaceForm, ...]
    docs: tuple[str, ...]
    events: tuple[EventRow, ...]


@dataclass(frozen=True, slots=True)
class StoredMention:
    text: str
    start: int
    end: int
    sentence: int
    via: str


@dataclass(frozen=True, slots=True)
class StoredEntity:
    """An entity of one document; ``named`` is false when it is only referred to (pronoun,
    title, demonym) and never named."""

    key: str
    name: str
    type: str
    kb_id: str | None
    country: str | None
    role: str | None
    named: bool
    mentions: tuple[StoredMention, ...]


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """One stored document with every row extracted from it, in the order of the analysis."""

    id: str
    title: str | None
    language: str | None
    published: dt.date | None
    url: str | None
    source: str | None
    path: str | None
    content_hash: str
    pipeline_version: str
    text: str
    ingested_at: str
    author: str | None
    entities: tuple[StoredEntity, ...]
    events: tuple[EventRow, ...]
    quantities: tuple[QuantityRow, ...]
    quotes: tuple[QuoteRow, ...]


# ------------------------------------------------------------------ analyst queries


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events a listing, a count, a facet or a chart covers. Every field is optional and
    every field given must hold; a tuple field holds when any of its values does.

    ``actor`` and ``place`` match names as :meth:`Store.events` does ``actor``; ``entity`` is an
    entity key (source or target); ``country`` an ISO 3166 alpha-2 code of the source, the
    target or the place; ``text`` words that each begin a word of the evidence; ``events``
    restricts to those ``(doc, idx)`` ids (a story's events).
    """

    type: tuple[str, ...] = ()
    mode: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    lang: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    actor: str | None = None
    entity: str | None = None
    place: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    doc: str | None = None
    text: str | None = None
    events: tuple[tuple[str, int], ...] | None = None


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing; ``next`` is the opaque cursor of the following page, or None."""

    items: tuple[T, ...]
    next: str | None


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    label: str
    n: int


@dataclass(frozen=True, slots=True)
class EventFacets:
    """Event counts by value of each field. Each field's counts apply the filter without that
    field's own condition, so the other values of a selected field keep their counts."""

    total: int
    type: tuple[FacetCount, ...]
    mode: tuple[FacetCount, ...]
    status: tuple[FacetCount, ...]
    lang: tuple[FacetCount, ...]
    country: tuple[FacetCount, ...]
    actor: tuple[FacetCount, ...]


@dataclass(frozen=True, slots=True)
class DayCount:
    """Events of one type on one day (the event's date, else its document's)."""

    day: dt.date
    type: str
    n: int


@dataclass(frozen=True, slots=True)
class ActorPair:
    """Events of one type from one actor to another."""

    source_key: str
    source: str
    target_key: str
    target: str
    type: str
    n: int


@dataclass(frozen=True, slots=True)
class PlaceCount:
    """Events of one type located at one place; ``kind`` is the place's entity type (PLACE or
    COUNTRY), ``country`` its ISO code."""

    key: str
    name: str
    kind: str | None
    country: str | None
    type: str
    n: int


@dataclass(frozen=True, slots=True)
class EventAmounts:
    """An event with the amounts attached to it (restatements left out)."""

    event: EventRow
    quantities: tuple[QuantityRow, ...]


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    id: str
    title: str | None
    language: str | None
    published: dt.date | None
    url: str | None
    source: str | None
    events: int
    entities: int
    quantities: int
    quotes: int


@dataclass(frozen=True, slots=True)
class StoredSegment:
    """A line or paragraph of a stored document as the clean stage classified it."""

    idx: int
    kind: str
    start: int
    end: int
    language: str | None


@dataclass(frozen=True, slots=True)
class StoreStatistics:
    documents: int
    events: int
    entities: int
    quantities: int
    quotes: int
    first: dt.date | None
    last: dt.date | None
    languages: tuple[FacetCount, ...]
    types: tuple[FacetCount, ...]


# ------------------------------------------------------------------------------------ stories
# Rows of the story tables (migration 0003). The store keeps them; veille.stories computes them.


@dataclass(frozen=True, slots=True)
class PendingDocument:
    """A stored document that stories have not clustered yet (``stale``: clustered under an
    older analysis, so its story rows are forgotten first)."""

    doc: str
    stale: bool


@dataclass(frozen=True, slots=True)
class StoryDocRow:
    """One clustered document: its day (publication, else ingestion), MinHash signature,
    profile (an opaque JSON text written by veille.stories), copy group and story."""

    doc: str
    content_hash: str
    pipeline_version: str
    day: dt.date
    language: str | None
    source: str | None
    shingles: int
    signature: bytes
    profile: str
    copy_of: str
    story_id: str


@dataclass(frozen=True, slots=True)
class StoryLink:
    """Two documents found to be copies (``kind="copy"``) or about one happening (``"story"``);
    ``doc_a < doc_b``."""

    doc_a: str
    doc_b: str
    kind: str
    score: float


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: str
    title: str | None
    first_day: dt.date
    last_day: dt.date
    documents: int
    originals: int
    languages: tuple[str, ...]
    outlets: tuple[str, ...]
    events: int


@dataclass(frozen=True, slots=True)
class StoryEventRow:
    """One merged event of a story: the attributes most reports give, and report counts
    (``originals``: copy groups, each counted once)."""

    story_id: str
    idx: int
    type: str
    mode: str | None
    source: str | None
    source_key: str | None
    target: str | None
    target_key: str | None
    date: dt.date | None
    location: str | None
    location_key: str | None
    first_day: dt.date
    reports: int
    originals: int
    outlets: int
    languages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoryReportRow:
    """One report of a merged event: the stored event, with its document's outlet and copy group."""

    story_id: str
    event_idx: int
    outlet: str | None
    copy_of: str
    event: EventRow


@dataclass(frozen=True, slots=True)
class StoryWrite:
    """A story as veille.stories computed it: its row, its members ``(doc, copy_of)``, its merged
    events and their reports ``(event_idx, doc, idx)``."""

    story: StoryRow
    members: tuple[tuple[str, str], ...]
    events: tuple[StoryEventRow, ...]
    reports: tuple[tuple[int, str, int], ...]
