"""The store contract, on SQLite and on a real PostgreSQL server: idempotent ingest,
replacement, atomic writes, offsets, typed queries, the same answers from both backends."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import veille
from veille.export import analysis_to_record, document_record
from veille.ingest import ingest_documents
from veille.store import TABLES, EventRow, SQLiteStore, Store, entity_key, open_store, sqlite_path
from veille.store.sql import migrations, statements
from veille.text import fold

from .pgserver import PgServer

EXTRACTED = ("entities", "mentions", "events", "quantities", "quotes")
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
VERSION = "test-pipeline"

CHANGED_TEXT = (
    "Poutine reçoit l'envoyé américain à Moscou\n\n"
    "Le président russe Vladimir Poutine a rencontré mercredi à Moscou l'envoyé américain "
    "Steve Witkoff pour discuter d'un cessez-le-feu en Ukraine. « Nous voulons une paix "
    "durable », a déclaré Vladimir Poutine après la réunion.\n"
)
STORE_DIR = Path(veille.__file__).parent / "store"


def _counts(store: Store, doc: str | None = None) -> dict[str, int]:
    return {t: store.count(t, doc=doc) for t in TABLES}


def _expected_counts(analysis: veille.Analysis) -> dict[str, int]:
    return {
        "documents": 1,
        "entities": len({entity_key(e.id, e.kb_id) for e in analysis.entities}),
        "mentions": sum(len(e.mentions) for e in analysis.entities),
        "events": len(analysis.events),
        "quantities": len(analysis.quantities),
        "quotes": len(analysis.quotes),
    }


def _backend_url(kind: str, tmp: Path, request: pytest.FixtureRequest) -> str:
    if kind == "sqlite":
        return str(tmp / "samples.db")
    server: PgServer = request.getfixturevalue("postgres")
    return server.new_database("samples")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def stored(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    sample_analyses: dict[str, veille.Analysis],
) -> Iterator[Store]:
    """The two sample analyses saved once into a store (of each backend) that tests only read."""
    store = open_store(_backend_url(request.param, tmp_path_factory.mktemp("store"), request))
    for analysis in sample_analyses.values():
        assert store.save(analysis, VERSION) == "stored"
    yield store
    store.close()


# ---------------------------------------------------------------------------- ingest


def test_ingest_twice_is_idempotent(
    store_url: str, pipeline: veille.Pipeline, sample_docs: dict[str, veille.Document]
) -> None:
    store = open_store(store_url)
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

    reopened = open_store(store_url)  # the database keeps everything; nothing is re-analysed
    third = ingest_documents(list(sample_docs.values()), pipeline, reopened)
    assert third.unchanged == 2
    assert _counts(reopened) == before
    reopened.close()


def test_saving_the_same_analysis_again_changes_nothing(
    store_url: str, sample_analyses: dict[str, veille.Analysis]
) -> None:
    analysis = next(iter(sample_analyses.values()))
    with open_store(store_url) as store:
        assert store.save(analysis, VERSION) == "stored"
        before = _counts(store)
        assert store.save(analysis, VERSION) == "unchanged"
        assert store.save(analysis, VERSION + "-next") == "replaced"
        assert _counts(store) == before


def test_stored_rows_match_the_analysis(
    stored: Store, sample_analyses: dict[str, veille.Analysis]
) -> None:
    for doc_id, analysis in sample_analyses.items():
        assert _counts(stored, doc_id) == _expected_counts(analysis)
        assert stored.is_current(doc_id, analysis.document.content_hash, VERSION)
        assert not stored.is_current(doc_id, analysis.document.content_hash, "0.0.0")
        assert not stored.is_current(doc_id, "0" * 64, VERSION)


def test_changed_document_is_replaced(
    store_url: str,
    pipeline: veille.Pipeline,
    sample_analyses: dict[str, veille.Analysis],
) -> None:
    store = open_store(store_url)
    for analysis in sample_analyses.values():
        store.save(analysis, pipeline.version)
    target, other = sorted(sample_analyses)
    other_before = _counts(store, other)
    old_counts = _counts(store, target)

    changed = veille.document_from_text(
        target, CHANGED_TEXT, published=dt.date(2025, 8, 6), language="fr"
    )
    assert changed.content_hash != sample_analyses[target].document.content_hash
    report = ingest_documents([changed], pipeline, store, keep_analyses=True)
    assert (report.stored, report.replaced, report.unchanged) == (0, 1, 0)
    assert len(report.analyses) == 1
    new_counts = _counts(store, target)
    assert new_counts == _expected_counts(report.analyses[0])
    assert new_counts != old_counts  # the long article's rows are gone
    assert _counts(store, other) == other_before

    doc = store.document(target)
    assert doc is not None
    assert doc.text == CHANGED_TEXT
    assert doc.title == changed.title
    # no row of the document points past the new (much shorter) text
    rows: list[Any] = [*doc.events, *doc.quantities, *doc.quotes]
    rows += [m for e in doc.entities for m in e.mentions]
    assert rows
    assert all(r.end <= len(CHANGED_TEXT) for r in rows)
    store.close()


# ---------------------------------------------------------------------------- schema


def test_every_migration_applies_once(store_url: str) -> None:
    latest = max(v for v, _, _ in migrations("sqlite"))
    assert latest == max(v for v, _, _ in migrations("postgresql")) >= 2
    with open_store(store_url) as store:
        assert store.schema_version() == latest
    with open_store(store_url) as again:  # reopening applies nothing twice
        assert again.schema_version() == latest
        assert again.count("documents") == 0


def test_dialect_files_replace_the_shared_one() -> None:
    names = {d: [n for _, n, _ in migrations(d)] for d in ("sqlite", "postgresql")}
    assert names["sqlite"][0] == names["postgresql"][0] == "0001_init.sql"
    assert names["sqlite"][1] == "0002_keys_and_names.sql"
    assert names["postgresql"][1] == "0002_keys_and_names.postgresql.sql"
    pg = dict((v, sql) for v, _, sql in migrations("postgresql"))[2]
    assert 'COLLATE "C"' in pg and "DOUBLE PRECISION" in pg
    assert statements("-- a comment\nCREATE TABLE a (x INT);\n\nDROP TABLE a;\n") == [
        "CREATE TABLE a (x INT)",
        "DROP TABLE a;",
    ]


def test_sqlite_wal_and_foreign_keys(tmp_path: Path) -> None:
    store = open_store(tmp_path / "x.db")
    assert isinstance(store, SQLiteStore)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    versions = [r[0] for r in store.conn.execute("SELECT version FROM schema_migrations")]
    assert versions == [v for v, _, _ in migrations("sqlite")]
    store.close()


def test_a_version_1_database_is_migrated_and_reanalysed(
    tmp_path: Path, pipeline: veille.Pipeline, sample_docs: dict[str, veille.Document]
) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    for statement in statements(migrations("sqlite")[0][2]):
        conn.execute(statement)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)")
    conn.execute("INSERT INTO schema_migrations VALUES (1, '2026-11-01')")
    doc = next(iter(sample_docs.values()))
    conn.execute(
        "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            doc.id,
            doc.title,
            "fr",
            None,
            None,
            None,
            None,
            doc.content_hash,
            "2026.11.1",
            doc.text,
            "{}",
            "2026-11-01",
        ),
    )
    conn.execute(
        "INSERT INTO events (doc_id, idx, type, status, confidence, evidence, start, "
        "\"end\") VALUES (?, 0, 'ASSAULT', 'happened', 1, 'x', 0, 1)",
        (doc.id,),
    )
    conn.commit()
    conn.close()

    with open_store(db) as store:
        assert store.schema_version() == max(v for v, _, _ in migrations("sqlite"))
        assert store.count("documents") == 1  # the text is kept...
        assert store.count("events") == 0  # ...the old rows are gone
        assert not store.is_current(doc.id, doc.content_hash, pipeline.version)
        report = ingest_documents([doc], pipeline, store)
        assert (report.stored, report.replaced) == (0, 1)
        assert store.count("events", doc=doc.id) > 0


def test_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "garbage.db"
    bad.write_bytes(b"this is not a sqlite database" * 200)
    with pytest.raises(veille.StoreError, match=r"garbage\.db"):
        open_store(str(bad))


def test_unreachable_server_names_it_without_the_password() -> None:
    url = "postgresql://veille:s3cret@127.0.0.1:1/none?connect_timeout=2"
    with pytest.raises(veille.StoreError, match=r"127\.0\.0\.1") as info:
        open_store(url)
    assert "s3cret" not in str(info.value)


def test_urls_name_the_backend(tmp_path: Path) -> None:
    assert sqlite_path("veille.db") == "veille.db"
    assert sqlite_path("sqlite:///veille.db") == "veille.db"
    assert sqlite_path("sqlite:////data/veille.db") == "/data/veille.db"
    assert sqlite_path(":memory:") == ":memory:"
    for bad in ("mysql://x/y", "sqlite://veille.db"):
        with pytest.raises(veille.StoreError, match="sqlite:///"):
            sqlite_path(bad)
    store = open_store(f"sqlite:///{tmp_path / 'u.db'}")
    assert isinstance(store, SQLiteStore)
    assert Path(store.path) == tmp_path / "u.db"
    store.close()


def test_count_rejects_unknown_table(stored: Store) -> None:
    with pytest.raises(veille.StoreError):
        stored.count("sqlite_master")  # type: ignore[arg-type]


def test_the_store_imports_nothing_from_the_stages_or_the_export() -> None:
    for path in STORE_DIR.glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                assert not module.lstrip(".").startswith(("stages", "export", "pipeline")), (
                    path.name,
                    module,
                )
                assert "veille.stages" not in module and "veille.export" not in module


# ---------------------------------------------------------------------------- indexes


def test_every_foreign_key_has_an_index_sqlite(tmp_path: Path) -> None:
    store = open_store(tmp_path / "i.db")
    assert isinstance(store, SQLiteStore)
    conn = store.conn
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    checked = 0
    for table in tables:
        fks: dict[int, list[str]] = {}
        for row in conn.execute(f"PRAGMA foreign_key_list({table})"):
            fks.setdefault(row[0], []).append(row[3])
        indexed = [
            [r[2] for r in conn.execute(f"PRAGMA index_info('{ix[1]}')")]
            for ix in conn.execute(f"PRAGMA index_list({table})")
        ]
        for cols in fks.values():
            assert any(ix[: len(cols)] == cols for ix in indexed), (table, cols)
            checked += 1
    assert checked >= 5
    for column in ("source_key", "target_key", "source_fold", "target_fold"):
        assert any(
            [r[2] for r in conn.execute(f"PRAGMA index_info('{ix[1]}')")] == [column]
            for ix in conn.execute("PRAGMA index_list(events)")
        ), column
    store.close()


def test_every_foreign_key_has_an_index_postgresql(postgres: PgServer) -> None:
    import psycopg

    url = postgres.new_database("ix")
    open_store(url).close()
    with psycopg.connect(url) as conn:
        fks = conn.execute(
            "SELECT conrelid::regclass::text, conkey FROM pg_constraint WHERE contype = 'f'"
        ).fetchall()
        indexes = conn.execute(
            "SELECT indrelid::regclass::text, string_to_array(indkey::text, ' ')::int[] "
            "FROM pg_index"
        ).fetchall()
        actors = conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'events'"
        ).fetchall()
    assert len(fks) >= 5
    for table, cols in fks:
        assert any(t == table and ix[: len(cols)] == cols for t, ix in indexes), (table, cols)
    defs = " ".join(r[0] for r in actors)
    for column in ("source_key", "target_key", "source_fold", "target_fold"):
        assert f"({column})" in defs


def test_name_lookups_search_indexes(stored: Store) -> None:
    if not isinstance(stored, SQLiteStore):
        pytest.skip("query plans are read on SQLite")
    plans: list[str] = []
    real = stored._execute

    def explain(sql: str, args: Any = ()) -> Any:
        if sql.lstrip().startswith("SELECT") and "name_words" in sql:
            plans.extend(r[3] for r in real("EXPLAIN QUERY PLAN " + sql, args).fetchall())
        return real(sql, args)

    stored._execute = explain  # type: ignore[method-assign]
    try:
        assert stored.events(actor="putin")
        assert stored.entity("Putin") is not None
        assert stored.quotes(speaker="zelensky")
    finally:
        del stored._execute
    assert sum("SEARCH name_words USING COVERING INDEX" in line for line in plans) >= 3
    assert not [line for line in plans if line.startswith("SCAN")], plans  # no full scan


# ---------------------------------------------------------------------------- atomicity


def test_save_is_atomic(store_url: str, sample_analyses: dict[str, veille.Analysis]) -> None:
    store = open_store(store_url)
    first_id, second_id = sorted(sample_analyses)
    first, second = sample_analyses[first_id], sample_analyses[second_id]
    assert store.save(first, VERSION) == "stored"
    intact = _counts(store, first_id)
    assert intact == _expected_counts(first)

    real = store._executemany  # type: ignore[attr-defined]

    def failing(sql: str, rows: Any) -> None:
        if sql.startswith("INSERT INTO quotes"):
            raise RuntimeError("injected failure inserting quotes")
        real(sql, rows)

    store._executemany = failing  # type: ignore[attr-defined]
    with pytest.raises(veille.StoreError, match="injected"):
        store.save(second, VERSION)
    # a failed replacement leaves the old version in place
    newer = dataclasses.replace(
        first, document=dataclasses.replace(first.document, content_hash="f" * 64)
    )
    with pytest.raises(veille.StoreError, match="injected"):
        store.save(newer, VERSION)
    store._executemany = real  # type: ignore[attr-defined]

    assert _counts(store, second_id) == dict.fromkeys(TABLES, 0)
    assert _counts(store, first_id) == intact
    assert store.is_current(first_id, first.document.content_hash, VERSION)
    # the connection is usable afterwards
    assert store.save(second, VERSION) == "stored"
    assert _counts(store, second_id) == _expected_counts(second)
    store.close()


# ---------------------------------------------------------------------------- offsets


def test_every_offset_is_within_the_text(stored: Store) -> None:
    docs = list(stored.documents())
    assert len(docs) == 2
    seen = dict.fromkeys(("mentions", "events", "quantities", "quotes"), 0)
    for doc in docs:
        text = doc.text
        for ent in doc.entities:
            for m in ent.mentions:
                assert text[m.start : m.end] == m.text
                seen["mentions"] += 1
        for kind, rows in (
            ("events", doc.events),
            ("quantities", doc.quantities),
            ("quotes", doc.quotes),
        ):
            for row in rows:
                assert 0 <= row.start <= row.end <= len(text), (kind, doc.id, row)
                seen[kind] += 1
        for ev in doc.events:
            assert text[ev.start : ev.end] == ev.evidence
    assert all(seen.values()), seen


# ---------------------------------------------------------------------------- queries


def _effective(row: EventRow) -> str:
    return str(row.date or row.published)


def test_events_filters(stored: Store, sample_analyses: dict[str, veille.Analysis]) -> None:
    everything = stored.events()
    assert len(everything) == sum(len(a.events) for a in sample_analyses.values())
    assert len(everything) >= 4
    assert all(isinstance(r, EventRow) for r in everything)

    types = {r.type for r in everything}
    etype = "ASSAULT" if "ASSAULT" in types else sorted(types)[0]
    by_type = stored.events(type=etype.lower())
    assert by_type
    assert all(r.type == etype for r in by_type)
    assert len(by_type) == sum(r.type == etype for r in everything)

    def names(r: EventRow) -> list[str]:
        return [w for n in (r.source, r.target) if n for w in fold(n).split()]

    actor_rows = stored.events(actor="russ")
    assert actor_rows
    assert all(any(w.startswith("russ") for w in names(r)) for r in actor_rows)
    assert len(actor_rows) == sum(any(w.startswith("russ") for w in names(r)) for r in everything)
    assert stored.events(actor="Zzyzx Nobody") == []
    assert stored.events(actor="ussia") == []  # words match from their start
    two_words = stored.events(actor="vlad PUT")
    assert two_words
    assert all("Vladimir Putin" in (r.source, r.target) for r in two_words)

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
    assert {r.doc for r in one_doc} == {doc_id}

    combined = stored.events(type=etype, since=since)
    assert all(r.type == etype and _effective(r) >= since.isoformat() for r in combined)


def test_event_quantities(stored: Store) -> None:
    with_amounts = [
        (r, stored.event_quantities(r.doc, r.idx)) for r in stored.events(type="ASSAULT")
    ]
    assert any(qs for _, qs in with_amounts)
    for event, qs in with_amounts:
        for q in qs:
            assert (q.doc, q.event_idx, q.equivalent_of) == (event.doc, event.idx, None)


def test_entity_putin(stored: Store, sample_analyses: dict[str, veille.Analysis]) -> None:
    info = stored.entity("Putin")
    assert info is not None
    assert info.name == "Vladimir Putin"
    assert info.type == "PERSON"
    forms = {f.text for f in info.surface_forms}
    assert {"Poutine", "Vladimir Poutine"} <= forms
    assert all(f.n >= 1 for f in info.surface_forms)
    assert list(info.docs) == sorted(sample_analyses)
    assert info.events
    for ev in info.events:
        assert "Vladimir Putin" in (ev.source, ev.target)
    assert stored.entity("vladimir putin") == info  # the exact name, folded
    assert stored.entity("Zzyzx Nobody") is None


def test_entities_and_quotes_queries(stored: Store) -> None:
    people = stored.entities(type="person")
    assert people
    assert all(r.type == "PERSON" for r in people)
    assert "Vladimir Putin" in {r.name for r in people}
    counts = [r.mentions for r in people]
    assert counts == sorted(counts, reverse=True)
    assert stored.entities(name="poutine") == []  # matched on the canonical name only
    assert [r.name for r in stored.entities(name="putin")] == ["Vladimir Putin"]
    quotes = stored.quotes()
    assert quotes
    by_speaker = stored.quotes(speaker="zelensky")
    assert by_speaker
    assert all("zelensky" in fold(r.speaker or "") for r in by_speaker)
    assert stored.quotes(lang="en") == []


def test_documents_give_back_the_record_of_the_analysis(
    stored: Store, sample_analyses: dict[str, veille.Analysis]
) -> None:
    docs = list(stored.documents())
    assert [d.id for d in docs] == sorted(sample_analyses)
    for doc in docs:
        rec = document_record(doc)
        assert set(rec) == RECORD_KEYS
        analysis = sample_analyses[doc.id]
        assert rec == analysis_to_record(analysis)
        assert rec["language"] == "fr"
        assert not rec["title"].startswith("Home Monde")
        assert doc == stored.document(doc.id)
        assert doc.pipeline_version == VERSION
        assert doc.text == analysis.document.text
    assert stored.document("no-such-doc") is None


def test_both_backends_answer_alike(
    postgres: PgServer, tmp_path: Path, sample_analyses: dict[str, veille.Analysis]
) -> None:
    answers = []
    for url in (str(tmp_path / "a.db"), postgres.new_database("alike")):
        with open_store(url) as store:
            for analysis in sample_analyses.values():
                store.save(analysis, VERSION)
            answers.append(
                (
                    store.events(),
                    store.events(actor="russia", since=dt.date(2025, 1, 1)),
                    store.entities(),
                    store.entity("Zelensky"),
                    store.quotes(),
                    [dataclasses.replace(d, ingested_at="") for d in store.documents()],
                    [store.event_quantities(e.doc, e.idx) for e in store.events()],
                )
            )
    assert answers[0] == answers[1]


def test_the_model_and_the_entities_stage_agree_on_naming_mentions() -> None:
    from veille.model import NAMED_VIA
    from veille.stages import entities

    assert entities.NAMED_VIA == NAMED_VIA
