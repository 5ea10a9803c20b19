"""A Ray actor pool: ``veille ingest --engine ray [--ray-address ADDR] --workers N``.

Each actor holds a :class:`~veille.engine.worker.Worker` (pipeline and store connection) for its
life. Without an address a local Ray is started for the run and stopped after it; with one
(``ray://head:10001`` or ``auto``) the actors run on that cluster, which must have veille
installed, and write to the shared store. At most two batches per actor are in flight.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from ..errors import EngineError, VeilleError
from ..model import Document
from ..pipeline import StageTick
from ..settings import Settings
from .base import BatchReport, Engine

__all__ = ["RayEngine"]

log = logging.getLogger(__name__)

# how long actors may take to start (load their models) before the run gives up
_START_TIMEOUT_S = 600


class _Actor:
    """The Ray actor: one worker, built in the actor's process."""

    def __init__(self, settings: Settings, db: str, stages: Sequence[str]) -> None:
        from .worker import Worker

        self.worker = Worker.open(settings, db, stages)

    def process(self, batch: Sequence[Document]) -> BatchReport:
        return self.worker.process(batch)

    def ready(self) -> int:
        return os.getpid()


class RayEngine(Engine):
    def __init__(self, settings: Settings, db: str, stages: Sequence[str], *, actors: int) -> None:
        try:
            import ray
        except ImportError as exc:
            raise EngineError("the Ray engine needs ray (pip install 'veille[ray]')") from exc
        self._ray = ray
        self.workers = actors
        self._started = False
        if not ray.is_initialized():
            address = settings.ray_address or None
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
            if address is None:  # a local Ray for this run, sized for the actors asked for
                options["num_cpus"] = max(actors, os.cpu_count() or 1)
                options["object_store_memory"] = 256 * 1024 * 1024
            try:
                ray.init(address=address, **options)
            except Exception as exc:
                raise EngineError(
                    f"cannot start or reach Ray ({address or 'local'}): {exc}"
                ) from exc
            self._started = True
        remote = ray.remote(num_cpus=1)(_Actor)
        self._actors: list[Any] = [
            remote.remote(settings, db, tuple(stages)) for _ in range(actors)
        ]
        try:  # surface a worker that cannot start (no model, no database) now
            refs = [a.ready.remote() for a in self._actors]
            ready, _ = ray.wait(refs, num_returns=len(refs), timeout=_START_TIMEOUT_S)
            ray.get(ready)
        except Exception as exc:
            self.close()
            raise self._error(exc) from exc
        if len(ready) < actors:
            self.close()
            raise EngineError(
                f"only {len(ready)} of {actors} Ray actors started within {_START_TIMEOUT_S} s; "
                "each needs one free CPU in the cluster"
            )

    def _error(self, exc: Exception) -> Exception:
        cause = getattr(exc, "cause", None)
        if isinstance(cause, VeilleError):
            return cause
        return EngineError(f"a Ray actor failed: {exc}")

    def map(
        self,
        batches: Iterable[Sequence[Document]],
        on_progress: Callable[[StageTick], None] | None = None,
    ) -> Iterator[BatchReport]:
        # the workers run elsewhere: what they report is finished batches
        load = dict.fromkeys(range(len(self._actors)), 0)
        pending: dict[Any, int] = {}
        for batch in batches:
            while len(pending) >= 2 * len(self._actors):
                yield self._wait(pending, load)
            actor = min(load, key=lambda i: load[i])
            pending[self._actors[actor].process.remote(list(batch))] = actor
            load[actor] += 1
        while pending:
            yield self._wait(pending, load)

    def _wait(self, pending: dict[Any, int], load: dict[int, int]) -> BatchReport:
        done, _ = self._ray.wait(list(pending), num_returns=1)
        ref = done[0]
        load[pending.pop(ref)] -= 1
        try:
            report: BatchReport = self._ray.get(ref)
        except Exception as exc:
            raise self._error(exc) from exc
        return report

    def close(self) -> None:
        for actor in self._actors:
            try:
                self._ray.kill(actor)
            except Exception:  # already gone
                log.debug("actor already stopped")
        self._actors.clear()
        if self._started:
            self._ray.shutdown()
            self._started = False
