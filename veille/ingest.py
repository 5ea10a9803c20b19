"""Read inputs, analyse them and store the results, one transaction per document.

``ingest`` is what ``veille ingest`` calls: it never stops at a bad input; every rejection is
reported with the file and the reason, and the summary counts what was stored and rejected.
Documents stream through: they are read as the engine's workers ask for batches, so the memory
used does not grow with the size of the input.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .engine import Engine, SerialEngine, Worker, open_engine
from .engine.base import Outcome
from .errors import DocumentTooLargeError, InputError
from .model import Analysis, Document
from .pipeline import Pipeline, StageTick
from .readers import Manifest, read_paths
from .resources import ResourceCache
from .settings import Settings
from .store import Store, is_shared, sqlite_path

__all__ = [
    "IngestReport",
    "Outcome",
    "database_files",
    "ingest",
    "ingest_documents",
    "ingest_paths",
    "ingest_with",
]

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
    # the peak resident memory of each worker process (``host:pid``), in MB
    worker_peak_rss_mb: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def summary(self) -> str:
        return (
            f"{self.stored} stored, {self.replaced} replaced, {self.unchanged} unchanged, "
            f"{len(self.rejected)} rejected"
        )


def database_files(db: str) -> list[str]:
    """The files of a SQLite database and its journals, never read as inputs, even when the
    database lies in a directory being ingested (it exists before the directory is walked)."""
    if is_shared(db):
        return []
    path = sqlite_path(db)
    if path == ":memory:":
        return []
    return [path + suffix for suffix in ("", "-wal", "-shm", "-journal")]


def ingest_with(
    items: Iterable[Document | InputError],
    engine: Engine,
    *,
    batch_size: int,
    max_chars: int | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_document: Callable[[Outcome], None] | None = None,
    on_warning: Callable[[str, str], None] | None = None,
    on_progress: Callable[[StageTick], None] | None = None,
) -> IngestReport:
    """Send ``items`` to ``engine`` in batches and gather what became of each.

    Rejected inputs, duplicate ids and documents over ``max_chars`` are reported here and never
    reach a worker. ``on_document`` is given the outcome of every document saved or skipped,
    ``on_warning`` what the analysis of a stored document could not do (where, message), and
    ``on_progress`` where a batch is within the stages (from an engine that runs in this
    process; others only report finished batches).
    """
    report = IngestReport()
    seen: set[str] = set()

    def reject(err: InputError) -> None:
        report.rejected.append(err)
        if on_error:
            on_error(err)

    def batches() -> Iterator[list[Document]]:
        batch: list[Document] = []
        for item in items:
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
            if max_chars is not None and len(item.text) > max_chars:
                reject(
                    DocumentTooLargeError(
                        item.path or item.id,
                        f"{len(item.text):,} characters; documents are limited to "
                        f"{max_chars:,} characters (max_document_chars)",
                    )
                )
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    for done in engine.map(batches(), on_progress=on_progress):
        for err in done.rejected:
            reject(err)
        for o in done.outcomes:
            if o.outcome == "stored":
                report.stored += 1
            elif o.outcome == "replaced":
                report.replaced += 1
            else:
                report.unchanged += 1
            if on_document:
                on_document(o)
        for where, message in done.warnings:
            report.warnings.append((where, message))
            if on_warning:
                on_warning(where, message)
        report.analyses.extend(done.analyses)
        if done.worker:
            peak = report.worker_peak_rss_mb.get(done.worker, 0.0)
            report.worker_peak_rss_mb[done.worker] = max(peak, done.peak_rss_mb)
    log.info("ingest: %s", report.summary())
    return report


def ingest_documents(
    items: Iterable[Document | InputError],
    pipeline: Pipeline,
    store: Store,
    *,
    on_error: Callable[[InputError], None] | None = None,
    on_document: Callable[[Outcome], None] | None = None,
    keep_analyses: bool = False,
    on_warning: Callable[[str, str], None] | None = None,
    on_progress: Callable[[StageTick], None] | None = None,
) -> IngestReport:
    """Analyse ``items`` with ``pipeline`` in this process and save them in ``store``."""
    engine = SerialEngine(Worker(pipeline, store, keep_analyses=keep_analyses), owns_store=False)
    return ingest_with(
        items,
        engine,
        batch_size=pipeline.settings.batch_size,
        max_chars=pipeline.settings.max_document_chars,
        on_error=on_error,
        on_document=on_document,
        on_warning=on_warning,
        on_progress=on_progress,
    )


def ingest(
    paths: list[str | Path],
    pipeline: Pipeline,
    store: Store,
    *,
    published: dt.date | None = None,
    override_published: bool = False,
    manifest: Manifest | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_document: Callable[[Outcome], None] | None = None,
) -> IngestReport:
    """Read ``paths`` and ingest them with ``pipeline`` into ``store``, in this process."""
    items = read_paths(
        paths,
        published=published,
        override_published=override_published,
        manifest=manifest,
        max_chars=pipeline.settings.max_document_chars,
    )
    return ingest_documents(items, pipeline, store, on_error=on_error, on_document=on_document)


def ingest_paths(
    paths: list[str | Path],
    settings: Settings,
    *,
    published: dt.date | None = None,
    override_published: bool = False,
    manifest: Manifest | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_document: Callable[[Outcome], None] | None = None,
    on_warning: Callable[[str, str], None] | None = None,
    cache: ResourceCache | None = None,
) -> IngestReport:
    """What ``veille ingest`` does: read ``paths`` and ingest them into ``settings.db`` with the
    engine the settings name (``engine``, ``workers``, ``ray_address``)."""
    items = read_paths(
        paths,
        published=published,
        override_published=override_published,
        manifest=manifest,
        max_chars=settings.max_document_chars,
        skip=database_files(settings.db),
    )
    with open_engine(settings, cache=cache) as engine:
        return ingest_with(
            items,
            engine,
            batch_size=settings.batch_size,
            max_chars=settings.max_document_chars,
            on_error=on_error,
            on_document=on_document,
            on_warning=on_warning,
        )
