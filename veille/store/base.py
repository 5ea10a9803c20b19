"""The store interface: what the CLI, the evaluation and later the HTTP API rely on."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Any, Literal

from ..model import Analysis

__all__ = ["IngestOutcome", "Store"]

IngestOutcome = Literal["stored", "replaced", "unchanged"]


class Store(ABC):
    @abstractmethod
    def is_current(self, doc_id: str, content_hash: str, pipeline_version: str) -> bool:
        """True when this exact document was already analysed by this pipeline version."""

    @abstractmethod
    def save(self, analysis: Analysis, pipeline_version: str) -> IngestOutcome:
        """Store one analysis in one transaction, replacing an older version of the document."""

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
    ) -> list[dict[str, Any]]: ...

    @abstractmethod
    def event_quantities(self, doc: str, idx: int) -> list[dict[str, Any]]: ...

    @abstractmethod
    def entities(
        self, *, type: str | None = None, name: str | None = None, doc: str | None = None
    ) -> list[dict[str, Any]]: ...

    @abstractmethod
    def entity(self, name: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def quotes(
        self,
        *,
        speaker: str | None = None,
        doc: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        lang: str | None = None,
    ) -> list[dict[str, Any]]: ...

    @abstractmethod
    def document(self, doc_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def records(self) -> Iterator[dict[str, Any]]:
        """Every document in the export shape, ordered by id."""

    @abstractmethod
    def count(self, table: str) -> int: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
