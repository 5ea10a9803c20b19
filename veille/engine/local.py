"""Local worker processes: ``veille ingest --workers N``.

Each process is started fresh (``spawn``), builds its own pipeline (models loaded once per
process) and store connection, then takes batches from a bounded queue until told to stop. At
most two batches per worker are queued, so a directory or JSONL file of any size is read only
as fast as the workers analyse it. On Linux the workers die with the driver, even on SIGKILL.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import pickle
import queue
import signal
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from ..errors import EngineError, VeilleError
from ..model import Document
from ..pipeline import StageTick
from ..settings import Settings
from .base import BatchReport, Engine

__all__ = ["ProcessEngine"]

log = logging.getLogger(__name__)

_POLL_S = 1.0


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (no-op elsewhere)."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _failure(exc: BaseException) -> Any:
    """The exception itself when it pickles (a StoreError stays one), else its traceback."""
    if isinstance(exc, VeilleError):
        with contextlib.suppress(Exception):
            pickle.dumps(exc)
            return exc
    return "".join(traceback.format_exception(exc))


def _serve(settings: Settings, db: str, stages: Sequence[str], tasks: Any, results: Any) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the driver decides when to stop
    from .worker import Worker

    try:
        worker = Worker.open(settings, db, stages)
    except BaseException as exc:
        results.put(("failed", _failure(exc)))
        return
    try:
        while (batch := tasks.get()) is not None:
            try:
                results.put(("done", worker.process(batch)))
            except BaseException as exc:
                results.put(("failed", _failure(exc)))
                return
    finally:
        worker.close()


class ProcessEngine(Engine):
    def __init__(self, settings: Settings, db: str, stages: Sequence[str], *, workers: int) -> None:
        self.workers = workers
        ctx = multiprocessing.get_context("spawn")
        self._tasks = ctx.Queue(maxsize=2 * workers)
        self._results = ctx.Queue()
        self._procs = [
            ctx.Process(
                target=_serve,
                args=(settings, db, tuple(stages), self._tasks, self._results),
                name=f"veille-worker-{i + 1}",
                daemon=True,
            )
            for i in range(workers)
        ]
        for proc in self._procs:
            proc.start()

    def _check_alive(self) -> None:
        dead = [p for p in self._procs if not p.is_alive()]
        if dead:
            codes = ", ".join(f"{p.name} exit code {p.exitcode}" for p in dead)
            raise EngineError(f"worker process died ({codes}); its batch is not stored")

    def _next(self) -> BatchReport:
        while True:
            # a worker that died holding a batch would leave the run waiting for ever
            self._check_alive()
            try:
                kind, value = self._results.get(timeout=_POLL_S)
            except queue.Empty:
                continue
            if kind == "done":
                report: BatchReport = value
                return report
            if isinstance(value, VeilleError):
                raise value
            raise EngineError(f"a worker failed:\n{value}")

    def map(
        self,
        batches: Iterable[Sequence[Document]],
        on_progress: Callable[[StageTick], None] | None = None,
    ) -> Iterator[BatchReport]:
        # the workers run elsewhere: what they report is finished batches
        in_flight = 0
        pending = iter(batches)
        exhausted = False
        while True:
            while not exhausted and in_flight < 2 * self.workers:
                batch = next(pending, None)
                if batch is None:
                    exhausted = True
                    break
                self._tasks.put(list(batch))
                in_flight += 1
            if in_flight == 0:
                return
            report = self._next()
            in_flight -= 1
            yield report

    def close(self) -> None:
        for proc in self._procs:
            if proc.is_alive():
                with contextlib.suppress(Exception):
                    self._tasks.put(None, timeout=_POLL_S)
        for proc in self._procs:
            proc.join(timeout=30)
            if proc.is_alive():
                log.warning("%s did not stop; terminating it", proc.name)
                proc.terminate()
                proc.join(timeout=5)
        self._tasks.close()
        self._results.close()
