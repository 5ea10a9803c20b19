"""Engines: local worker processes and a Ray actor pool store what one process stores, read
their input lazily, and fail loudly when a worker dies. Real processes, real models."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import veille
from veille.engine import ProcessEngine, open_engine, worker_db
from veille.errors import ConfigError, EngineError
from veille.ingest import ingest_documents, ingest_with
from veille.pipeline import DEFAULT_STAGES
from veille.readers import read_paths
from veille.store import open_store

from .pgserver import PgServer
from .scale import corpus, records, veille_cli, write_corpus

N_DOCS = 40


@pytest.fixture(scope="module")
def fast(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, veille.Settings]:
    """The corpus file, the settings file and the settings."""
    folder = tmp_path_factory.mktemp("engine")
    data, config = write_corpus(folder, N_DOCS)
    return data, config, veille.load_settings(config, environ={"HOME": str(folder)})


@pytest.fixture(scope="module")
def reference(
    fast: tuple[Path, Path, veille.Settings], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, Any]]:
    """The records of the corpus ingested by one process, in this one."""
    data, _, settings = fast
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    with open_store(db) as store:
        report = ingest_documents(read_paths([data]), veille.Pipeline(settings), store)
        assert (report.stored, report.rejected) == (N_DOCS, [])
        out = records(store)
    assert all(r["events"] and r["entities"] and r["quotes"] for r in out.values())
    return out


def _counting(items: list[veille.Document], taken: list[int]) -> Iterator[veille.Document]:
    for item in items:
        taken[0] += 1
        yield item


def test_worker_processes_store_what_one_process_stores_and_read_lazily(
    fast: tuple[Path, Path, veille.Settings],
    reference: dict[str, dict[str, Any]],
    tmp_path: Path,
) -> None:
    data, _, settings = fast
    db = str(tmp_path / "w.db")
    settings = settings.with_overrides(db=db, workers=2)
    docs = [d for d in read_paths([data]) if isinstance(d, veille.Document)]
    taken = [0]
    first_report_at: list[int] = []
    open_store(db).close()  # migrated before the workers connect
    with open_engine(settings) as engine:
        assert isinstance(engine, ProcessEngine)
        pids = {p.pid for p in engine._procs}
        assert len(pids) == 2 and os.getpid() not in pids
        report = ingest_with(
            _counting(docs, taken),
            engine,
            batch_size=settings.batch_size,
            on_document=lambda _o: first_report_at.append(taken[0]),
        )
        assert (report.stored, report.replaced, report.unchanged, report.rejected) == (
            N_DOCS,
            0,
            0,
            [],
        )
        # each worker reports its process and its peak memory (models loaded once each)
        assert {w.split(":")[1] for w in report.worker_peak_rss_mb} == {str(p) for p in pids}
        peaks = report.worker_peak_rss_mb
        assert all(100 < mb < 1200 for mb in peaks.values()), peaks
        # batches are taken as the workers free up: two per worker ahead, never the whole input
        assert first_report_at[0] <= (2 * 2 + 1) * settings.batch_size < N_DOCS

        # a worker that dies stops the run, loudly, naming it
        victim = engine._procs[0]
        assert victim.pid is not None
        os.kill(victim.pid, signal.SIGKILL)
        victim.join(10)
        with pytest.raises(EngineError, match=r"veille-worker-1 exit code -9"):
            list(engine.map([docs[:2]]))
    assert not any(p.is_alive() for p in engine._procs)
    with open_store(db) as store:
        assert records(store) == reference


def test_engine_settings_are_checked(tmp_path: Path, settings: veille.Settings) -> None:
    with pytest.raises(ConfigError, match="postgresql"):
        open_engine(settings.with_overrides(engine="ray", ray_address="ray://head:10001"))
    with pytest.raises(ConfigError, match="engine"):
        open_engine(settings.with_overrides(engine="dask"))
    with pytest.raises(ConfigError, match="workers"):
        open_engine(settings.with_overrides(workers=0))
    with pytest.raises(ConfigError, match="in-memory"):
        open_engine(settings.with_overrides(db=":memory:", workers=2))
    with pytest.raises(ConfigError, match="serial"):
        open_engine(settings.with_overrides(workers=2), keep_analyses=True)
    assert worker_db("postgresql://u@h/db") == "postgresql://u@h/db"
    assert worker_db("sqlite:///rel.db") == os.path.abspath("rel.db")
    assert DEFAULT_STAGES  # the engines run the same stages as the serial path


def test_the_command_line_runs_workers_and_a_ray_actor_pool(
    fast: tuple[Path, Path, veille.Settings],
    reference: dict[str, dict[str, Any]],
    postgres: PgServer,
    tmp_path: Path,
) -> None:
    pytest.importorskip("ray", reason="the Ray engine needs the ray extra")
    data, config, _ = fast
    runs = {
        "workers": ["--workers", "2"],
        "ray": ["--engine", "ray", "--workers", "2"],
    }
    for name, flags in runs.items():
        db = postgres.new_database(name)
        started = time.monotonic()
        proc = veille_cli(
            ["--db", db, "--config", str(config), "ingest", *flags, str(data)], tmp_path
        )
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, (name, err[-3000:])
        assert f"{N_DOCS} stored, 0 replaced, 0 unchanged, 0 rejected" in out, (name, out)
        with open_store(db) as store:
            assert records(store) == reference, name
        print(f"{name}: {time.monotonic() - started:.1f} s")


def test_corpus_documents_are_distinct() -> None:
    texts = [d["text"] for d in corpus(N_DOCS)]
    assert len(set(texts)) == N_DOCS
