"""Engines map the whole pipeline over batches of documents and save what it finds.

The stages know nothing of engines: an engine only decides where :class:`Worker` objects (a
pipeline and a store connection each) run.

* :class:`SerialEngine`: one worker in this process (``--workers 1``, the default);
* :class:`ProcessEngine`: N local worker processes (``--workers N``), each loading the models
  once and writing through its own store connection;
* :class:`RayEngine`: N Ray actors (``--engine ray [--ray-address ADDR]``), on a local Ray or an
  existing cluster; on a cluster the store must be shared (PostgreSQL).

``open_engine`` picks one from the settings.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ..errors import ConfigError
from ..pipeline import DEFAULT_STAGES, Pipeline
from ..resources import ResourceCache
from ..settings import Settings
from ..store import Store, is_shared, open_store, sqlite_path
from .base import BatchReport, Engine
from .local import ProcessEngine
from .worker import SerialEngine, Worker

__all__ = [
    "ENGINES",
    "BatchReport",
    "Engine",
    "ProcessEngine",
    "RayEngine",
    "SerialEngine",
    "Worker",
    "open_engine",
    "worker_db",
]

ENGINES = ("local", "ray")


def worker_db(db: str) -> str:
    """The database URL as other processes must see it: a SQLite path made absolute."""
    if is_shared(db):
        return db
    path = sqlite_path(db)
    return path if path == ":memory:" else os.path.abspath(path)


def open_engine(
    settings: Settings,
    stages: Sequence[str] = DEFAULT_STAGES,
    *,
    store: Store | None = None,
    cache: ResourceCache | None = None,
    keep_analyses: bool = False,
) -> Engine:
    """The engine the settings ask for (``engine``, ``workers``, ``ray_address``), writing to
    ``settings.db``; a serial engine uses ``store`` when it is given."""
    if settings.engine not in ENGINES:
        raise ConfigError(f"engine must be one of {', '.join(ENGINES)}, not {settings.engine!r}")
    if settings.workers < 1:
        raise ConfigError(f"workers must be 1 or more, not {settings.workers}")
    if keep_analyses and (settings.engine != "local" or settings.workers > 1):
        raise ConfigError("analyses can be kept only by the serial engine (--workers 1)")
    db = worker_db(settings.db)
    if settings.engine == "ray":
        if settings.ray_address and not is_shared(db):
            raise ConfigError("a Ray cluster needs a store every node reaches: --db postgresql://…")
        if db == ":memory:":
            raise ConfigError("Ray actors cannot share an in-memory database")
        from .ray import RayEngine

        return RayEngine(settings, db, stages, actors=settings.workers)
    if settings.workers == 1:
        pipeline = Pipeline(settings, stages, cache=cache)
        return SerialEngine(
            Worker(pipeline, store or open_store(db), keep_analyses=keep_analyses),
            owns_store=store is None,
        )
    if db == ":memory:":
        raise ConfigError("worker processes cannot share an in-memory database")
    return ProcessEngine(settings, db, stages, workers=settings.workers)


def __getattr__(name: str) -> object:
    if name == "RayEngine":  # ray is an optional extra: imported when asked for
        from .ray import RayEngine

        return RayEngine
    raise AttributeError(name)
