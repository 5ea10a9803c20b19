"""The embedded default store: one SQLite file in WAL mode, schema from numbered migrations."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..export import analysis_to_record, entity_key
from ..model import Analysis
from ..stages.entities import NAMED_VIA
from ..text import fold
from .base import IngestOutcome, Store

__all__ = ["SQLiteStore", "migrations"]


def migrations() -> list[tuple[int, str]]:
    """The numbered migrations shipped with the package, in order."""
    found = []
    for item in resources.files("veille.store").joinpath("migrations").iterdir():
        name = item.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), item.read_text("utf-8")))
    return sorted(found)


class _Query:
    """A SELECT built from optional filters: each one adds its condition and arguments."""

    def __init__(self, head: str) -> None:
        self.sql = [head]
        self.args: list[Any] = []

    def where(self, condition: str, *args: Any) -> None:
        self.sql.append(f"AND {condition}")
        self.args.extend(args)

    def run(self, conn: sqlite3.Connection, tail: str) -> list[dict[str, Any]]:
        return _rows(conn.execute(" ".join([*self.sql, tail]), self.args))


def _rows(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    cols = [c[0] for c in cur.description or ()]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


class SQLiteStore(Store):
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None)
            self.conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.create_function("fold", 1, lambda s: fold(s) if s else s, deterministic=True)
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc

    # ------------------------------------------------------------------ schema
    def _migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, applied_at TEXT)"
        )
        done = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
        for version, sql in migrations():
            if version in done:
                continue
            self.conn.execute("BEGIN")
            try:
                for statement in sql.split(";\n"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?)",
                    (version, dt.datetime.now(dt.UTC).isoformat()),
                )
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError:
                self.conn.execute("ROLLBACK")
                raise

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    # ------------------------------------------------------------------ writes
    def is_current(self, doc_id: str, content_hash: str, pipeline_version: str) -> bool:
        row = self.conn.execute(
            "SELECT content_hash, pipeline_version FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return row is not None and row[0] == content_hash and row[1] == pipeline_version

    def save(self, analysis: Analysis, pipeline_version: str) -> IngestOutcome:
        doc = analysis.document
        if self.is_current(doc.id, doc.content_hash, pipeline_version):
            return "unchanged"
        record = analysis_to_record(analysis)
        c = self.conn
        try:
            c.execute("BEGIN IMMEDIATE")
            existed = c.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone()
            c.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
            c.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    doc.id,
                    analysis.title or doc.title,
                    analysis.language,
                    doc.published.isoformat() if doc.published else None,
                    doc.url,
                    doc.source,
                    doc.path,
                    doc.content_hash,
                    pipeline_version,
                    doc.text,
                    json.dumps(record, ensure_ascii=False),
                    dt.datetime.now(dt.UTC).isoformat(),
                ),
            )
            keys = {}
            for ent in analysis.entities:
                key = entity_key(ent.id, ent.kb_id)
                keys[ent.id] = key
                named = any(m.via in NAMED_VIA for m in ent.mentions)
                c.execute(
                    "INSERT OR IGNORE INTO entities VALUES (?,?,?,?,?,?,?,?)",
                    (doc.id, key, ent.kb_id, ent.name, ent.type, ent.country, ent.role, int(named)),
                )
                c.executemany(
                    "INSERT INTO mentions VALUES (?,?,?,?,?,?,?)",
                    [
                        (doc.id, key, m.text, m.start, m.end, m.sentence, m.via)
                        for m in ent.mentions
                    ],
                )
            for i, ev in enumerate(analysis.events):
                c.execute(
                    "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        doc.id,
                        i,
                        ev.type,
                        ev.mode,
                        ev.source,
                        keys.get(ev.source_id or "", ev.source_id),
                        ev.target,
                        keys.get(ev.target_id or "", ev.target_id),
                        ev.date.isoformat() if ev.date else None,
                        ev.date_text,
                        ev.date_precision,
                        ev.location,
                        keys.get(ev.location_id or "", ev.location_id),
                        ev.claimant,
                        ev.status,
                        ev.confidence,
                        ev.trigger,
                        ev.evidence,
                        ev.start,
                        ev.end,
                    ),
                )
            c.executemany(
                "INSERT INTO quantities VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        doc.id,
                        i,
                        q.value,
                        q.unit,
                        q.what,
                        q.qualifier,
                        q.equivalent_of,
                        q.event,
                        q.evidence,
                        q.start,
                        q.end,
                    )
                    for i, q in enumerate(analysis.quantities)
                ],
            )
            c.executemany(
                "INSERT INTO quotes VALUES (?,?,?,?,?,?,?)",
                [
                    (
                        doc.id,
                        i,
                        q.speaker,
                        keys.get(q.speaker_id or "", q.speaker_id),
                        q.text,
                        q.start,
                        q.end,
                    )
                    for i, q in enumerate(analysis.quotes)
                ],
            )
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return "replaced" if existed else "stored"

    # ------------------------------------------------------------------ reads
    def events(
        self,
        *,
        type: str | None = None,
        actor: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        lang: str | None = None,
        doc: str | None = None,
    ) -> list[dict[str, Any]]:
        q = _Query(
            "SELECT e.doc_id AS doc, e.idx, d.published, d.language, e.type, e.mode, e.source, "
            "e.target, e.date, e.date_text, e.date_precision, e.location, e.claimant, e.status, "
            'e.confidence, e.trigger, e.evidence, e.start, e."end" '
            "FROM events e JOIN documents d ON d.id = e.doc_id WHERE 1=1"
        )
        if type:
            q.where("e.type = ?", type.upper())
        if actor:
            q.where("(fold(e.source) LIKE ? OR fold(e.target) LIKE ?)", *[f"%{fold(actor)}%"] * 2)
        if since:
            q.where("COALESCE(e.date, d.published) >= ?", since.isoformat())
        if until:
            q.where("COALESCE(e.date, d.published) <= ?", until.isoformat())
        if lang:
            q.where("d.language = ?", lang)
        if doc:
            q.where("e.doc_id = ?", doc)
        return q.run(self.conn, "ORDER BY COALESCE(e.date, d.published), e.doc_id, e.start")

    def event_quantities(self, doc: str, idx: int) -> list[dict[str, Any]]:
        """The amounts attached to one event (money, casualties, items)."""
        return _rows(
            self.conn.execute(
                'SELECT value, unit, what, qualifier, start, "end" FROM quantities '
                "WHERE doc_id = ? AND event_idx = ? AND equivalent_of IS NULL ORDER BY start",
                (doc, idx),
            )
        )

    def entities(
        self, *, type: str | None = None, name: str | None = None, doc: str | None = None
    ) -> list[dict[str, Any]]:
        named = ", ".join(f"'{v}'" for v in sorted(NAMED_VIA))
        q = _Query(
            "SELECT en.entity_key AS id, MAX(en.name) AS name, MAX(en.type) AS type, "
            "MAX(en.kb_id) AS kb_id, MAX(en.country) AS country, MAX(en.role) AS role, "
            "COUNT(DISTINCT en.doc_id) AS documents, "
            "(SELECT COUNT(*) FROM mentions m WHERE m.entity_key = en.entity_key "
            f"AND m.via IN ({named})) AS mentions "
            "FROM entities en WHERE en.named = 1"
        )
        if type:
            q.where("en.type = ?", type.upper())
        if name:
            q.where("fold(en.name) LIKE ?", f"%{fold(name)}%")
        if doc:
            q.where("en.doc_id = ?", doc)
        return q.run(self.conn, "GROUP BY en.entity_key ORDER BY mentions DESC, name")

    def entity(self, name: str) -> dict[str, Any] | None:
        rows = self.entities(name=name)
        exact = [r for r in rows if fold(r["name"]) == fold(name)]
        if not (exact or rows):
            return None
        info = (exact or rows)[0]
        key = info["id"]
        forms = _rows(
            self.conn.execute(
                "SELECT text, COUNT(*) AS n FROM mentions WHERE entity_key = ? "
                "GROUP BY text ORDER BY n DESC",
                (key,),
            )
        )
        docs = [
            r["doc_id"]
            for r in _rows(
                self.conn.execute(
                    "SELECT DISTINCT doc_id FROM entities WHERE entity_key = ? ORDER BY doc_id",
                    (key,),
                )
            )
        ]
        events = _rows(
            self.conn.execute(
                'SELECT doc_id AS doc, type, source, target, date, status, evidence, start, "end" '
                "FROM events WHERE source_key = ? OR target_key = ? ORDER BY date, doc_id, start",
                (key, key),
            )
        )
        return {**info, "surface_forms": forms, "docs": docs, "events": events}

    def quotes(
        self,
        *,
        speaker: str | None = None,
        doc: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        lang: str | None = None,
    ) -> list[dict[str, Any]]:
        q = _Query(
            'SELECT q.doc_id AS doc, d.published, q.speaker, q.text, q.start, q."end" '
            "FROM quotes q JOIN documents d ON d.id = q.doc_id WHERE 1=1"
        )
        if speaker:
            q.where("fold(q.speaker) LIKE ?", f"%{fold(speaker)}%")
        if doc:
            q.where("q.doc_id = ?", doc)
        if since:
            q.where("d.published >= ?", since.isoformat())
        if until:
            q.where("d.published <= ?", until.isoformat())
        if lang:
            q.where("d.language = ?", lang)
        return q.run(self.conn, "ORDER BY d.published, q.doc_id, q.start")

    def document(self, doc_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT record FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        record: dict[str, Any] = json.loads(row[0])
        return record

    def records(self) -> Iterator[dict[str, Any]]:
        for (raw,) in self.conn.execute("SELECT record FROM documents ORDER BY id"):
            yield json.loads(raw)

    def count(self, table: str) -> int:
        if table not in {"documents", "entities", "mentions", "events", "quantities", "quotes"}:
            raise StoreError(f"no table {table!r}")
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def close(self) -> None:
        self.conn.close()
