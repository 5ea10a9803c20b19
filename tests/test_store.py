"""The SQLite store: idempotent ingest, replacement, atomic writes, offsets and queries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import veille
from veille.export import entity_key
from veille.ingest import ingest_documents
from veille.store import SQLiteStore
from veille.text import fold

EXTRACTED = ("entities", "mentions", "events", "quantities", "quotes")
TABLES = ("documents", *EXTRACTED)
WITH_OFFSETS = ("mentions", "events", "quantities", "quotes")
RECORD_KEYS = {
    "doc",
    "title",
    "language",
    "published",
    "entities",
    "events",
    "quantities",
    "quotes",
}

CHANGED_TEXT = (
    "Poutine reçoit l'envoyé américain à Moscou\n\n"
    "Le président russe Vladimir Poutine a rencontré mercredi à Moscou l'envoyé américain "
    "Steve Witkoff pour discuter d'un cessez-le-feu en Ukraine. « Nous voulons une paix "
    "durable », a déclaré Vladimir Poutine après la réunion.\n"
)


def _open(path: Path) -> SQLiteStore:
    store = veille.open_store(str(path))
    assert isinstance(store, SQLiteStore)
    return store


def _counts(store: SQLiteStore) -> dict[str, int]:
    return {t: store.count(t) for t in TABLES}


def _doc_counts(store: SQLiteStore, doc_id: str) -> dict[str, int]:
    out = {
        "documents": store.conn.execute(
            "SELECT COUNT(*) FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()[0]
    }
    for table in EXTRACTED:
        out[table] = store.conn.execute(
            f"SELECT COUNT(*) FROM {table} WHERE doc_id = ?", (doc_id,)
        ).fetchone()[0]
    return out


def _expected_counts(analysis: veille.Analysis) -> dict[str, int]:
    return {
        "documents": 1,
        "entities": len({entity_key(e.id, e.kb_id) for e in analysis.entities}),
        "mentions": sum(len(e.mentions) for e in analysis.entities),
        "events": len(analysis.events),
        "quantities": len(analysis.quantities),
        "quotes": len(analysis.quotes),
    }


@pytest.fixture(scope="module")
def stored(
    tmp_path_factory: pytest.TempPathFactory, sample_analyses: dict[str, veille.Analysis]
) -> Iterator[SQLiteStore]:
    """The two sample analyses saved once into a store that tests only read."""
    store = _open(tmp_path_factory.mktemp("store") / "samples.db")
    for analysis in sample_analyses.values():
        assert store.save(analysis, veille.PIPELINE_VERSION) == "stored"
    yield store
    store.close()


# ---------------------------------------------------------------------------- ingest


def test_ingest_twice_is_idempotent(
    tmp_path: Path, pipeline: veille.Pipeline, sample_docs: dict[str, veille.Document]
) -> None:
    db = tmp_path / "x.db"
    store = _open(db)
    first = ingest_documents(list(sample_docs.values()), pipeline, store)
    assert (first.stored, first.replaced, first.unchanged, first.rejected) == (2, 0, 0, [])
    assert first.summary() == "2 stored, 0 replaced, 0 unchanged, 0 rejected"
    before = _counts(store)
    assert before["documents"] == 2
    assert all(before[t] > 0 for t in EXTRACTED), before

    second = ingest_documents(list(sample_docs.values()), pipeline, store)
    assert (second.stored, second.replaced, second.unchanged) == (0, 0, 2)
    assert second.ok
    assert _counts(store) == before
    store.close()

    reopened = _open(db)  # the file keeps everything; nothing is re-analysed
    third = ingest_documents(list(sample_docs.values()), pipeline, reopened)
    assert third.unchanged == 2
    assert _counts(reopened) == before
    reopened.close()


def test_stored_rows_match_the_analysis(
    stored: SQLiteStore, sample_analyses: dict[str, veille.Analysis]
) -> None:
    for doc_id, analysis in sample_analyses.items():
        assert _doc_counts(stored, doc_id) == _expected_counts(analysis)
        assert stored.is_current(doc_id, analysis.document.content_hash, veille.PIPELINE_VERSION)
        assert not stored.is_current(doc_id, analysis.document.content_hash, "0.0.0")


def test_changed_document_is_replaced(
    tmp_path: Path,
    pipeline: veille.Pipeline,
    sample_analyses: dict[str, veille.Analysis],
) -> None:
    store = _open(tmp_path / "x.db")
    for analysis in sample_analyses.values():
        store.save(analysis, veille.PIPELINE_VERSION)
    target, other = sorted(sample_analyses)
    other_before = _doc_counts(store, other)
    old_counts = _doc_counts(store, target)

    changed = veille.document_from_text(
        target, CHANGED_TEXT, published=dt.date(2025, 8, 6), language="fr"
    )
    assert changed.content_hash != sample_analyses[target].document.content_hash
    report = ingest_documents([changed], pipeline, store, keep_analyses=True)
    assert (report.stored, report.replaced, report.unchanged) == (0, 1, 0)
    assert len(report.analyses) == 1
    new_counts = _doc_counts(store, target)
    assert new_counts == _expected_counts(report.analyses[0])
    assert new_counts != old_counts  # the long article's rows are gone
    assert _doc_counts(store, other) == other_before

    text = store.conn.execute("SELECT text FROM documents WHERE id = ?", (target,)).fetchone()[0]
    assert text == CHANGED_TEXT
    # no row of the document points past the new (much shorter) text
    for table in WITH_OFFSETS:
        worst = store.conn.execute(
            f'SELECT MAX("end") FROM {table} WHERE doc_id = ?', (target,)
        ).fetchone()[0]
        assert worst is None or worst <= len(CHANGED_TEXT)
    assert store.document(target)["title"] == changed.title  # type: ignore[index]
    store.close()


# ---------------------------------------------------------------------------- schema


def test_wal_and_schema_version(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    store = _open(db)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    versions = [r[0] for r in store.conn.execute("SELECT version FROM schema_migrations")]
    assert versions == [1]
    assert store.schema_version() == 1
    store.close()
    again = _open(db)  # reopening does not apply the migration twice
    versions = [r[0] for r in again.conn.execute("SELECT version FROM schema_migrations")]
    assert versions == [1]
    again.close()


def test_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "garbage.db"
    bad.write_bytes(b"this is not a sqlite database" * 200)
    with pytest.raises(veille.StoreError, match=r"garbage\.db"):
        veille.open_store(str(bad))


def test_count_rejects_unknown_table(stored: SQLiteStore) -> None:
    with pytest.raises(veille.StoreError):
        stored.count("sqlite_master")


# ---------------------------------------------------------------------------- atomicity


class _FailingQuotes:
    """Delegates to a real connection but fails every insert into ``quotes``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.real = conn

    def _check(self, sql: str) -> None:
        if sql.lstrip().upper().startswith("INSERT INTO QUOTES"):
            raise sqlite3.OperationalError("injected failure inserting quotes")

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self.real.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self.real.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def test_save_is_atomic(tmp_path: Path, sample_analyses: dict[str, veille.Analysis]) -> None:
    store = _open(tmp_path / "x.db")
    first_id, second_id = sorted(sample_analyses)
    first, second = sample_analyses[first_id], sample_analyses[second_id]
    assert store.save(first, veille.PIPELINE_VERSION) == "stored"
    intact = _doc_counts(store, first_id)
    assert intact == _expected_counts(first)

    real = store.conn
    store.conn = _FailingQuotes(real)  # type: ignore[assignment]
    with pytest.raises(sqlite3.OperationalError, match="injected"):
        store.save(second, veille.PIPELINE_VERSION)
    # a failed replacement leaves the old version in place
    newer = dataclasses.replace(
        first, document=dataclasses.replace(first.document, content_hash="f" * 64)
    )
    with pytest.raises(sqlite3.OperationalError, match="injected"):
        store.save(newer, veille.PIPELINE_VERSION)
    store.conn = real

    assert not real.in_transaction
    assert _doc_counts(store, second_id) == dict.fromkeys(TABLES, 0)
    assert _doc_counts(store, first_id) == intact
    assert store.is_current(first_id, first.document.content_hash, veille.PIPELINE_VERSION)
    # the connection is usable afterwards
    assert store.save(second, veille.PIPELINE_VERSION) == "stored"
    assert _doc_counts(store, second_id) == _expected_counts(second)
    store.close()


# ---------------------------------------------------------------------------- offsets


def test_every_offset_is_within_the_text(stored: SQLiteStore) -> None:
    texts = dict(stored.conn.execute("SELECT id, text FROM documents"))
    assert len(texts) == 2
    for table in WITH_OFFSETS:
        rows = stored.conn.execute(
            f'SELECT t.doc_id, t.start, t."end", d.text FROM {table} t '
            "JOIN documents d ON d.id = t.doc_id"
        ).fetchall()
        assert rows, f"no rows in {table}"
        for doc_id, start, end, text in rows:
            assert text == texts[doc_id]
            assert 0 <= start <= end <= len(text), (table, doc_id, start, end)
    for doc_id, text, start, end in stored.conn.execute(
        'SELECT doc_id, text, start, "end" FROM mentions'
    ):
        assert texts[doc_id][start:end] == text


# ---------------------------------------------------------------------------- queries


def _effective(row: dict[str, Any]) -> str:
    return str(row["date"] or row["published"])


def test_events_filters(stored: SQLiteStore, sample_analyses: dict[str, veille.Analysis]) -> None:
    everything = stored.events()
    assert len(everything) == sum(len(a.events) for a in sample_analyses.values())
    assert len(everything) >= 4

    types = {r["type"] for r in everything}
    etype = "ASSAULT" if "ASSAULT" in types else sorted(types)[0]
    by_type = stored.events(type=etype.lower())
    assert by_type
    assert all(r["type"] == etype for r in by_type)
    assert len(by_type) == sum(r["type"] == etype for r in everything)

    actor_rows = stored.events(actor="russ")
    assert actor_rows
    assert all(
        "russ" in fold(r["source"] or "") or "russ" in fold(r["target"] or "") for r in actor_rows
    )
    assert len(actor_rows) == sum(
        "russ" in fold(r["source"] or "") or "russ" in fold(r["target"] or "") for r in everything
    )
    assert stored.events(actor="Zzyzx Nobody") == []

    since = dt.date(2025, 6, 1)
    later = stored.events(since=since)
    assert later
    assert all(_effective(r) >= since.isoformat() for r in later)
    assert len(later) == sum(_effective(r) >= since.isoformat() for r in everything)
    until = dt.date(2025, 5, 1)
    earlier = stored.events(until=until)
    assert earlier
    assert all(_effective(r) <= until.isoformat() for r in earlier)
    assert len(earlier) + len(later) <= len(everything)
    window = stored.events(since=dt.date(2025, 4, 11), until=dt.date(2025, 4, 11))
    assert window
    assert all(_effective(r) == "2025-04-11" for r in window)

    assert len(stored.events(lang="fr")) == len(everything)
    assert stored.events(lang="en") == []

    doc_id = sorted(sample_analyses)[0]
    one_doc = stored.events(doc=doc_id)
    assert len(one_doc) == len(sample_analyses[doc_id].events)
    assert {r["doc"] for r in one_doc} == {doc_id}

    combined = stored.events(type=etype, since=since)
    assert all(r["type"] == etype and _effective(r) >= since.isoformat() for r in combined)


def test_entity_putin(stored: SQLiteStore, sample_analyses: dict[str, veille.Analysis]) -> None:
    info = stored.entity("Putin")
    assert info is not None
    assert info["name"] == "Vladimir Putin"
    assert info["type"] == "PERSON"
    forms = {f["text"] for f in info["surface_forms"]}
    assert {"Poutine", "Vladimir Poutine"} <= forms
    assert all(f["n"] >= 1 for f in info["surface_forms"])
    assert info["docs"] == sorted(sample_analyses)
    assert info["events"]
    for ev in info["events"]:
        assert "Vladimir Putin" in (ev["source"], ev["target"])
    assert stored.entity("Zzyzx Nobody") is None


def test_entities_and_quotes_queries(stored: SQLiteStore) -> None:
    people = stored.entities(type="person")
    assert people
    assert all(r["type"] == "PERSON" for r in people)
    assert "Vladimir Putin" in {r["name"] for r in people}
    named = stored.entities(name="poutine")  # matched on the canonical name only
    assert all("poutine" in fold(r["name"]) for r in named)
    quotes = stored.quotes()
    assert quotes
    by_speaker = stored.quotes(speaker="zelensky")
    assert by_speaker
    assert all("zelensky" in fold(r["speaker"] or "") for r in by_speaker)
    assert stored.quotes(lang="en") == []


def test_records_have_the_export_shape(
    stored: SQLiteStore, sample_analyses: dict[str, veille.Analysis]
) -> None:
    records = list(stored.records())
    assert [r["doc"] for r in records] == sorted(sample_analyses)
    for rec in records:
        assert set(rec) == RECORD_KEYS
        analysis = sample_analyses[rec["doc"]]
        assert rec["language"] == "fr"
        assert rec["published"] == analysis.document.published.isoformat()  # type: ignore[union-attr]
        assert rec["title"] == (analysis.title or analysis.document.title)
        assert not rec["title"].startswith("Home Monde")
        assert len(rec["events"]) == len(analysis.events)
        assert len(rec["quotes"]) == len(analysis.quotes)
        assert rec == stored.document(rec["doc"])
    assert stored.document("no-such-doc") is None
