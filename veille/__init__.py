"""veille: turn raw multilingual news into PLOVER political and conflict events, each tied to
the sentence that supports it.

>>> import veille
>>> result = veille.analyze("Les forces russes ont frappé Kharkiv mercredi.",
...                         published="2025-08-06")            # doctest: +SKIP
>>> [(e.type, e.source, e.target, e.date) for e in result.events]  # doctest: +SKIP
[('ASSAULT', 'Russia', 'Ukraine', datetime.date(2025, 8, 6))]
"""

from __future__ import annotations

import datetime as dt
import functools

from .errors import (
    ConfigError,
    DecodeError,
    EmptyDocumentError,
    EvaluationError,
    FetchError,
    InputError,
    MalformedRecordError,
    MissingPathError,
    ModelError,
    QueryError,
    ResourceError,
    StoreError,
    UnsupportedFormatError,
    VeilleError,
)
from .ingest import IngestReport, ingest, ingest_paths
from .model import (
    Analysis,
    DateRef,
    Document,
    Entity,
    Event,
    Mention,
    Quantity,
    Quote,
    Segment,
    Sentence,
    Token,
    to_dict,
)
from .pipeline import DEFAULT_STAGES, Pipeline
from .readers import document_from_text, read_paths
from .resources import ResourceCache
from .settings import Settings, load_settings
from .store import (
    EntityProfile,
    EntityRow,
    EventRow,
    QuantityRow,
    QuoteRow,
    SQLiteStore,
    Store,
    StoredDocument,
    open_store,
)

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_STAGES",
    "Analysis",
    "ConfigError",
    "DateRef",
    "DecodeError",
    "Document",
    "EmptyDocumentError",
    "Entity",
    "EntityProfile",
    "EntityRow",
    "EvaluationError",
    "Event",
    "EventRow",
    "FetchError",
    "IngestReport",
    "InputError",
    "MalformedRecordError",
    "Mention",
    "MissingPathError",
    "ModelError",
    "Pipeline",
    "Quantity",
    "QuantityRow",
    "QueryError",
    "Quote",
    "QuoteRow",
    "ResourceCache",
    "ResourceError",
    "SQLiteStore",
    "Segment",
    "Sentence",
    "Settings",
    "Store",
    "StoreError",
    "StoredDocument",
    "Token",
    "UnsupportedFormatError",
    "VeilleError",
    "__version__",
    "analyze",
    "default_pipeline",
    "document_from_text",
    "ingest",
    "ingest_paths",
    "load_settings",
    "open_store",
    "read_paths",
    "to_dict",
]


@functools.lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The pipeline built from the default settings, created on first use and kept."""
    return Pipeline(load_settings())


def analyze(
    text: str,
    *,
    published: dt.date | str | None = None,
    language: str | None = None,
    title: str | None = None,
    doc_id: str = "text",
    pipeline: Pipeline | None = None,
) -> Analysis:
    """Analyse one article without touching a database."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    doc = document_from_text(doc_id, text, title=title, published=published, language=language)
    return (pipeline or default_pipeline()).analyze(doc)
