"""Shared fixtures. The pipeline (spaCy models, knowledge base) loads once per test session."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import veille
from veille.readers import read_paths

from .pgserver import PgServer, find_bindir

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "veille" / "resources" / "samples"
# the gold annotations live beside the repository (../shared/gold); a copy ships in tests/data
GOLD = ROOT / "tests" / "data" / "gold"
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> veille.Settings:
    db = tmp_path_factory.mktemp("db") / "session.db"
    return veille.load_settings(
        environ={"HOME": str(tmp_path_factory.mktemp("home"))}, db=str(db), progress=False
    )


@pytest.fixture(scope="session")
def resource_cache() -> veille.ResourceCache:
    """Models and knowledge base for the session: pipelines (and in-process CLI runs, given it
    as ``obj``) with the default analysis settings load them once."""
    return veille.ResourceCache()


@pytest.fixture(scope="session")
def pipeline(settings: veille.Settings, resource_cache: veille.ResourceCache) -> veille.Pipeline:
    return veille.Pipeline(settings, cache=resource_cache)


@pytest.fixture(scope="session")
def sample_docs() -> dict[str, veille.Document]:
    docs = {d.id: d for d in read_paths([SAMPLES]) if isinstance(d, veille.Document)}
    assert len(docs) == 2
    return docs


@pytest.fixture(scope="session")
def sample_analyses(
    pipeline: veille.Pipeline, sample_docs: dict[str, veille.Document]
) -> dict[str, veille.Analysis]:
    return {a.document.id: a for a in pipeline.analyze_batch(list(sample_docs.values()))}


@pytest.fixture
def analyze(pipeline: veille.Pipeline):  # type: ignore[no-untyped-def]
    def run(
        text: str, published: str | None = "2025-05-01", language: str | None = None
    ) -> veille.Analysis:
        pub = dt.date.fromisoformat(published) if published else None
        return veille.analyze(text, published=pub, language=language, pipeline=pipeline)

    return run


# ---------------------------------------------------------------------------- PostgreSQL


@pytest.fixture(scope="session")
def postgres() -> Iterator[PgServer]:
    """A private PostgreSQL server for the session (see tests/pgserver.py).

    Without PostgreSQL installed the tests that need it are skipped, loudly; with
    ``VEILLE_REQUIRE_POSTGRES=1`` (CI) they fail instead.
    """
    bindir = find_bindir()
    if bindir is None:
        message = "PostgreSQL is not installed (bash scripts/postgres.sh installs it)"
        if os.environ.get("VEILLE_REQUIRE_POSTGRES") == "1":
            pytest.fail(message + " and VEILLE_REQUIRE_POSTGRES=1")
        pytest.skip(message + ": PostgreSQL tests NOT RUN")
    server = PgServer(bindir)
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new empty store on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    server: PgServer = request.getfixturevalue("postgres")
    return server.new_database()
