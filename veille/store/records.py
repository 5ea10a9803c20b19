"""Typed records that the store's queries return.

Every record is a frozen, slotted dataclass of plain values (dates as :class:`datetime.date`), so
``veille.to_dict`` turns it into JSON and it crosses process boundaries. Offsets (``start``,
``end``) are offsets into the stored text of the document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "EntityProfile",
    "EntityRow",
    "EventRow",
    "IngestOutcome",
    "QuantityRow",
    "QuoteRow",
    "StoredDocument",
    "StoredEntity",
    "StoredMention",
    "SurfaceForm",
]

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
