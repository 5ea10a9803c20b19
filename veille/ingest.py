"""Read inputs, analyse them and store the results, one transaction per document.

``ingest`` is what ``veille ingest`` calls: it never stops at a bad input; every rejection is
reported with the file and the reason, and the summary counts what was stored and rejected.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .model import Analysis, Document
from .pipeline import Pipeline, StageTick
from .readers import Manifest, read_paths
from .store import Store

__all__ = ["IngestReport", "ingest", "ingest_documents"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class IngestReport:
    stored: int = 0
    replaced: int = 0
    unchanged: int = 0
    rejected: list[InputError] = field(default_factory=list)
    analyses: list[Analysis] = field(default_factory=list)
    # (where, message): what the analysis of a stored document could not do
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def summary(self) -> str:
        return (
            f"{self.stored} stored, {self.replaced} replaced, {self.unchanged} unchanged, "
            f"{len(self.rejected)} rejected"
        )


def _batches(
    items: Iterable[Document | InputError], size: int
) -> Iterator[list[Document | InputError]]:
    batch: list[Document | InputError] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest_documents(
    items: Iterable[Document | InputError],
    pipeline: Pipeline,
    store: Store,
    *,
    on_error: Callable[[InputError], None] | None = None,
    on_document: Callable[[Document, str], None] | None = None,
    keep_analyses: bool = False,
    on_warning: Callable[[str, str], None] | None = None,
    on_progress: Callable[[StageTick], None] | None = None,
) -> IngestReport:
    report = IngestReport()
    seen: set[str] = set()

    def reject(err: InputError) -> None:
        report.rejected.append(err)
        if on_error:
            on_error(err)

    for batch in _batches(items, pipeline.settings.batch_size):
        todo: list[Document] = []
        for item in batch:
            if isinstance(item, InputError):
                reject(item)
                continue
            if item.id in seen:
                reject(
                    InputError(
                        item.path or item.id, f"duplicate document id {item.id!r} in this batch"
                    )
                )
                continue
            seen.add(item.id)
            if store.is_current(item.id, item.content_hash, pipeline.version):
                report.unchanged += 1
                if on_document:
                    on_document(item, "unchanged")
                continue
            todo.append(item)
        log.info(
            "batch of %d inputs: %d to analyse, %d unchanged or rejected so far",
            len(batch),
            len(todo),
            report.unchanged + len(report.rejected),
        )
        if not todo:
            continue
        try:
            analyses = pipeline.analyze_batch(todo, on_progress=on_progress)
        except Exception:  # one bad document must not sink the batch: retry one by one
            log.exception("batch failed; analysing its documents one by one")
            analyses = []
            for doc in todo:
                try:
                    analyses.append(pipeline.analyze(doc))
                except Exception as exc:
                    reject(InputError(doc.path or doc.id, f"analysis failed: {exc!r}"))
        for analysis in analyses:
            outcome = store.save(analysis, pipeline.version)
            if outcome == "stored":
                report.stored += 1
            elif outcome == "replaced":
                report.replaced += 1
            else:
                report.unchanged += 1
            for message in analysis.warnings:
                where = analysis.document.path or analysis.document.id
                report.warnings.append((where, message))
                if on_warning:
                    on_warning(where, message)
            if keep_analyses:
                report.analyses.append(analysis)
            if on_document:
                on_document(analysis.document, outcome)
    log.info("ingest: %s", report.summary())
    return report


def ingest(
    paths: list[str | Path],
    pipeline: Pipeline,
    store: Store,
    *,
    published: dt.date | None = None,
    override_published: bool = False,
    manifest: Manifest | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_document: Callable[[Document, str], None] | None = None,
) -> IngestReport:
    return ingest_documents(
        read_paths(
            paths, published=published, override_published=override_published, manifest=manifest
        ),
        pipeline,
        store,
        on_error=on_error,
        on_document=on_document,
    )
