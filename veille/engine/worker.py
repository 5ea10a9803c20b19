"""A worker: one pipeline and one store connection; and the engine that runs one in-process."""

from __future__ import annotations

import logging
import os
import resource
import socket
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence

from ..errors import InputError
from ..model import Analysis, Document
from ..pipeline import Pipeline, StageTick
from ..resources import ResourceCache
from ..settings import Settings
from ..store import Store, open_store
from .base import BatchReport, Engine, Outcome

__all__ = ["SerialEngine", "Worker", "peak_rss_mb"]

log = logging.getLogger(__name__)


def peak_rss_mb() -> float:
    """The largest resident memory this process has had, in MB.

    On Linux this is ``VmHWM`` of ``/proc/self/status``: the high-water mark of this process's
    own memory. ``ru_maxrss`` would not do for a spawned worker, since Linux carries it across
    ``exec`` from the parent it was forked from (a worker of a 2.7 GB parent would report 2.7 GB
    before doing anything)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class Worker:
    """Analyses batches with its pipeline and saves them through its store, one transaction per
    document: a worker killed at any moment leaves every document stored whole or not at all."""

    def __init__(self, pipeline: Pipeline, store: Store, *, keep_analyses: bool = False) -> None:
        self.pipeline = pipeline
        self.store = store
        self.keep_analyses = keep_analyses

    @classmethod
    def open(
        cls, settings: Settings, db: str, stages: Sequence[str], cache: ResourceCache | None = None
    ) -> Worker:
        """A worker for a new process: its own pipeline (models loaded once) and connection."""
        pipeline = Pipeline(settings, stages, cache=cache)
        return cls(pipeline, open_store(db))

    def process(
        self,
        batch: Sequence[Document],
        on_progress: Callable[[StageTick], None] | None = None,
    ) -> BatchReport:
        """Analyse and save one batch; ``on_progress`` hears where it is within the stages."""
        report = BatchReport(worker=f"{socket.gethostname()}:{os.getpid()}")
        try:
            self._process(batch, report, on_progress)
        finally:
            report.peak_rss_mb = peak_rss_mb()
        return report

    def _process(
        self,
        batch: Sequence[Document],
        report: BatchReport,
        on_progress: Callable[[StageTick], None] | None,
    ) -> None:
        version = self.pipeline.version
        todo: list[Document] = []
        for doc in batch:
            if self.store.is_current(doc.id, doc.content_hash, version):
                report.outcomes.append(Outcome(doc.id, doc.path, "unchanged", len(doc.text)))
            else:
                todo.append(doc)
        log.info(
            "batch of %d documents: %d to analyse, %d unchanged",
            len(batch),
            len(todo),
            len(batch) - len(todo),
        )
        if not todo:
            return
        for analysis in self._analyse(todo, report, on_progress):
            doc = analysis.document
            log.debug("saving %s", doc.id)
            outcome = self.store.save(analysis, version)
            log.debug("saved %s: %s", doc.id, outcome)
            report.outcomes.append(Outcome(doc.id, doc.path, outcome, len(doc.text)))
            report.warnings.extend((doc.path or doc.id, message) for message in analysis.warnings)
            if self.keep_analyses:
                report.analyses.append(analysis)

    def _analyse(
        self,
        todo: list[Document],
        report: BatchReport,
        on_progress: Callable[[StageTick], None] | None,
    ) -> list[Analysis]:
        try:
            return self.pipeline.analyze_batch(todo, on_progress=on_progress)
        except Exception:  # one bad document must not sink the batch: retry one by one
            log.exception("batch failed; analysing its documents one by one")
        analyses = []
        for doc in todo:
            try:
                analyses.append(self.pipeline.analyze(doc))
            except Exception as exc:
                report.rejected.append(InputError(doc.path or doc.id, f"analysis failed: {exc!r}"))
        return analyses

    def close(self) -> None:
        self.store.close()


class SerialEngine(Engine):
    """One worker, in this process."""

    def __init__(self, worker: Worker, *, owns_store: bool = True) -> None:
        self.worker = worker
        self.owns_store = owns_store

    def map(
        self,
        batches: Iterable[Sequence[Document]],
        on_progress: Callable[[StageTick], None] | None = None,
    ) -> Iterator[BatchReport]:
        for batch in batches:
            yield self.worker.process(batch, on_progress)

    def close(self) -> None:
        if self.owns_store:
            self.worker.close()
