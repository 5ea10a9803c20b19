"""What the SQL backends share: the schema's columns, writes, queries and migrations.

Statements are written once, with ``?`` placeholders; a backend supplies the connection, the
transactions and its placeholder style. Names are folded (case, accents, script) when they are
written, and every word of every name is indexed in ``name_words``, so a name look-up is an index
search on both backends and no Python function runs inside SQL.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from abc import abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ..errors import StoreError
from ..model import NAMED_VIA, Analysis
from ..text import fold, words
from .base import TABLES, Store, Table
from .records import (
    EntityProfile,
    EntityRow,
    EventRow,
    IngestOutcome,
    QuantityRow,
    QuoteRow,
    StoredDocument,
    StoredEntity,
    StoredMention,
    SurfaceForm,
)
from .story_sql import StoryQueries

__all__ = ["SQLStore", "entity_key", "event_from_row", "event_select", "migrations", "name_match"]

log = logging.getLogger(__name__)

DOCUMENT_COLUMNS = (
    "id",
    "title",
    "language",
    "published",
    "url",
    "source",
    "path",
    "content_hash",
    "pipeline_version",
    "text",
    "ingested_at",
    "author",
)
ENTITY_COLUMNS = (
    "doc_id",
    "idx",
    "entity_key",
    "kb_id",
    "name",
    "name_fold",
    "type",
    "country",
    "role",
    "named",
)
MENTION_COLUMNS = ("doc_id", "idx", "entity_key", "text", "start", "end", "sentence", "via")
EVENT_COLUMNS = (
    "doc_id",
    "idx",
    "type",
    "mode",
    "source",
    "source_fold",
    "source_key",
    "target",
    "target_fold",
    "target_key",
    "date",
    "date_text",
    "date_precision",
    "location",
    "location_key",
    "claimant",
    "status",
    "confidence",
    "trigger",
    "evidence",
    "start",
    "end",
)
QUANTITY_COLUMNS = (
    "doc_id",
    "idx",
    "value",
    "unit",
    "what",
    "qualifier",
    "equivalent_of",
    "event_idx",
    "evidence",
    "start",
    "end",
    "sentence_start",
    "sentence_end",
)
QUOTE_COLUMNS = (
    "doc_id",
    "idx",
    "speaker",
    "speaker_fold",
    "speaker_key",
    "text",
    "start",
    "end",
    "parts",
)
NAME_WORD_COLUMNS = ("word", "name_fold")
SEGMENT_COLUMNS = ("doc_id", "idx", "kind", "start", "end", "language")
EVENT_WORD_COLUMNS = ("word", "doc_id", "idx")
# children first: the order in which a document's rows are deleted before it is replaced
_CHILD_TABLES = (
    "event_words",
    "segments",
    "quantities",
    "quotes",
    "events",
    "mentions",
    "entities",
)

_EVENT_FIELDS = (
    "e.doc_id, e.idx, d.published, d.language, e.type, e.mode, e.source, e.source_key, "
    "e.target, e.target_key, e.date, e.date_text, e.date_precision, e.location, e.location_key, "
    'e.claimant, e.status, e.confidence, e.trigger, e.evidence, e.start, e."end"'
)
_EVENT_FROM = "FROM events e JOIN documents d ON d.id = e.doc_id"
_EVENT_SELECT = f"SELECT {_EVENT_FIELDS} {_EVENT_FROM} WHERE 1=1"
_EVENT_ORDER = "ORDER BY COALESCE(e.date, d.published, ''), e.doc_id, e.start, e.idx"
_QUOTE_SELECT = (
    "SELECT q.doc_id, q.idx, d.published, d.language, q.speaker, q.speaker_key, q.text, "
    'q.start, q."end", q.parts FROM quotes q JOIN documents d ON d.id = q.doc_id WHERE 1=1'
)
_QUANTITY_SELECT = (
    "SELECT doc_id, idx, value, unit, what, qualifier, equivalent_of, event_idx, evidence, "
    'start, "end", sentence_start, sentence_end FROM quantities WHERE 1=1'
)
_SAVE_ATTEMPTS = 5


def entity_key(entity_id: str, kb_id: str | None) -> str:
    """The stored id of an entity: its knowledge-base id, else its id in the document."""
    return kb_id or entity_id


def migrations(dialect: str) -> list[tuple[int, str, str]]:
    """``(version, name, sql)`` of the numbered migrations for one dialect, in order.

    ``NNNN_name.sql`` serves every backend unless ``NNNN_name.<dialect>.sql`` exists beside it;
    that file then replaces it for that dialect (the dialect differences live in these files).
    """
    shared: dict[int, tuple[str, str]] = {}
    special: dict[int, tuple[str, str]] = {}
    for item in resources.files("veille.store").joinpath("migrations").iterdir():
        name = item.name
        if not (name.endswith(".sql") and name[:4].isdigit()):
            continue
        parts = name[:-4].split(".")
        version = int(name[:4])
        if len(parts) == 1:
            shared[version] = (name, item.read_text("utf-8"))
        elif parts[1] == dialect:
            special[version] = (name, item.read_text("utf-8"))
    merged = {**shared, **special}
    return [(v, merged[v][0], merged[v][1]) for v in sorted(merged)]


def statements(sql: str) -> list[str]:
    """The statements of a migration file: ``--`` comment lines dropped, split at ``;`` + EOL."""
    kept = "\n".join(ln for ln in sql.splitlines() if not ln.lstrip().startswith("--"))
    return [s.strip() for s in kept.split(";\n") if s.strip().rstrip(";").strip()]


def _insert(table: str, columns: Sequence[str]) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({cols}) VALUES ({marks})"


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _folded(name: str | None) -> str | None:
    return fold(name).strip() if name else None


def _prefix_bounds(word: str) -> tuple[str, str]:
    """``[low, high)`` of the words that begin with ``word`` (folded words are ASCII)."""
    return word, word[:-1] + chr(ord(word[-1]) + 1)


@dataclass(slots=True)
class _Rows:
    """The rows one analysis writes, by table, in column order."""

    document: tuple[Any, ...]
    entities: list[tuple[Any, ...]] = field(default_factory=list)
    mentions: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    quantities: list[tuple[Any, ...]] = field(default_factory=list)
    quotes: list[tuple[Any, ...]] = field(default_factory=list)
    name_words: list[tuple[str, str]] = field(default_factory=list)
    segments: list[tuple[Any, ...]] = field(default_factory=list)
    event_words: list[tuple[str, str, int]] = field(default_factory=list)


def _rows(analysis: Analysis, pipeline_version: str) -> _Rows:
    doc = analysis.document
    rows = _Rows(
        (
            doc.id,
            analysis.title or doc.title,
            analysis.language,
            _iso(doc.published),
            doc.url,
            doc.source,
            doc.path,
            doc.content_hash,
            pipeline_version,
            doc.text,
            dt.datetime.now(dt.UTC).isoformat(),
            doc.author,
        )
    )
    names: set[str] = set()

    def folded(name: str | None) -> str | None:
        f = _folded(name)
        if name and f:
            names.add(name)
        return f

    # entities that share a key (one knowledge-base id) are one entity of the document
    keys: dict[str, str] = {}
    merged: dict[str, list[Any]] = {}
    for ent in analysis.entities:
        key = entity_key(ent.id, ent.kb_id)
        keys[ent.id] = key
        named = any(m.via in NAMED_VIA for m in ent.mentions)
        if key in merged:
            merged[key][1] = merged[key][1] or named
            merged[key][2].extend(ent.mentions)
        else:
            merged[key] = [ent, named, list(ent.mentions)]
    m_idx = 0
    for e_idx, (key, (ent, named, mentions)) in enumerate(merged.items()):
        rows.entities.append(
            (
                doc.id,
                e_idx,
                key,
                ent.kb_id,
                ent.name,
                folded(ent.name),
                ent.type,
                ent.country,
                ent.role,
                int(named),
            )
        )
        for m in mentions:
            rows.mentions.append((doc.id, m_idx, key, m.text, m.start, m.end, m.sentence, m.via))
            m_idx += 1
    for i, ev in enumerate(analysis.events):
        rows.events.append(
            (
                doc.id,
                i,
                ev.type,
                ev.mode,
                ev.source,
                folded(ev.source),
                keys.get(ev.source_id or "", ev.source_id),
                ev.target,
                folded(ev.target),
                keys.get(ev.target_id or "", ev.target_id),
                _iso(ev.date),
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
            )
        )
    for i, q in enumerate(analysis.quantities):
        rows.quantities.append(
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
                q.sentence_start,
                q.sentence_end,
            )
        )
    for i, qt in enumerate(analysis.quotes):
        rows.quotes.append(
            (
                doc.id,
                i,
                qt.speaker,
                folded(qt.speaker),
                keys.get(qt.speaker_id or "", qt.speaker_id),
                qt.text,
                qt.start,
                qt.end,
                json.dumps([list(p) for p in (qt.parts or ((qt.start, qt.end),))]),
            )
        )
    for i, seg in enumerate(analysis.segments):
        rows.segments.append((doc.id, i, seg.kind, seg.start, seg.end, seg.language))
    for i, ev in enumerate(analysis.events):
        rows.event_words.extend((w, doc.id, i) for w in sorted(set(words(ev.evidence))))
    pairs = {(w, f) for name in names if (f := _folded(name)) for w in words(name)}
    # sorted, so that concurrent writers take the index entries' locks in one order
    rows.name_words = sorted(pairs)
    return rows


class _Query:
    """A SELECT built from optional filters: each one adds its condition and arguments."""

    def __init__(self, head: str) -> None:
        self.sql = [head]
        self.args: list[Any] = []

    def where(self, condition: str, *args: Any) -> None:
        self.sql.append(f"AND {condition}")
        self.args.extend(args)

    def name(self, columns: Sequence[str], query: str) -> None:
        """Any of ``columns`` (folded names) holds a name in which each word of ``query`` begins
        a word; each word is an index range search in ``name_words``."""
        condition, args = name_match(columns, query)
        self.where(condition, *args)

    def text(self, tail: str) -> str:
        return " ".join([*self.sql, tail])


def _event(row: Sequence[Any]) -> EventRow:
    return EventRow(
        doc=row[0],
        idx=int(row[1]),
        published=_date(row[2]),
        language=row[3],
        type=row[4],
        mode=row[5],
        source=row[6],
        source_key=row[7],
        target=row[8],
        target_key=row[9],
        date=_date(row[10]),
        date_text=row[11],
        date_precision=row[12],
        location=row[13],
        location_key=row[14],
        claimant=row[15],
        status=row[16],
        confidence=float(row[17]),
        trigger=row[18],
        evidence=row[19],
        start=int(row[20]),
        end=int(row[21]),
    )


def event_select(columns: str) -> str:
    """``SELECT columns, <the columns of an EventRow> FROM events e JOIN documents d``: further
    joins and conditions follow; :func:`event_from_row` reads the event's part of a row."""
    return f"SELECT {columns}, {_EVENT_FIELDS} {_EVENT_FROM}"


event_from_row = _event


def _quantity(row: Sequence[Any]) -> QuantityRow:
    return QuantityRow(
        doc=row[0],
        idx=int(row[1]),
        value=float(row[2]),
        unit=row[3],
        what=row[4],
        qualifier=row[5],
        equivalent_of=row[6],
        event_idx=row[7],
        evidence=row[8],
        start=int(row[9]),
        end=int(row[10]),
        sentence_start=int(row[11]),
        sentence_end=int(row[12]),
    )


def _quote(row: Sequence[Any]) -> QuoteRow:
    return QuoteRow(
        doc=row[0],
        idx=int(row[1]),
        published=_date(row[2]),
        language=row[3],
        speaker=row[4],
        speaker_key=row[5],
        text=row[6],
        start=int(row[7]),
        end=int(row[8]),
        parts=tuple((int(a), int(b)) for a, b in json.loads(row[9] or "[]"))
        or ((int(row[7]), int(row[8])),),
    )


def name_match(columns: Sequence[str], query: str) -> tuple[str, list[Any]]:
    """The condition (and its arguments) that any of ``columns`` (folded names) holds a name in
    which each word of ``query`` begins a word, each word an index range search."""
    terms = words(query)
    if not terms:
        return "1 = 0", []
    inner = " AND ".join(
        "{col} IN (SELECT name_fold FROM name_words WHERE word >= ? AND word < ?)" for _ in terms
    )
    parts: list[str] = []
    args: list[Any] = []
    for col in columns:
        parts.append("(" + inner.format(col=col) + ")")
        for term in terms:
            args.extend(_prefix_bounds(term))
    return "(" + " OR ".join(parts) + ")", args


def _entity(row: Sequence[Any]) -> EntityRow:
    return EntityRow(
        id=row[0],
        name=row[1],
        type=row[2],
        kb_id=row[3],
        country=row[4],
        role=row[5],
        documents=int(row[6]),
        mentions=int(row[7]),
    )


class SQLStore(StoryQueries, Store):
    """The queries and writes of every SQL backend; subclasses connect and run statements."""

    dialect = "sql"

    # --------------------------------------------------------------- backend hooks
    @abstractmethod
    def _execute(self, sql: str, args: Sequence[Any] = ()) -> Any:
        """Run one statement written with ``?`` placeholders; return a DB-API cursor."""

    @abstractmethod
    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[None]:
        """A write transaction, committed on exit and rolled back on an exception."""

    @abstractmethod
    def _migration_lock(self) -> AbstractContextManager[None]:
        """A transaction that holds this database's migration lock until it ends."""

    @abstractmethod
    def _retryable(self, exc: BaseException) -> bool:
        """True for a failure a second attempt may not meet (deadlock, lock time-out)."""

    lock_suffix = ""  # appended to the SELECT that locks a document row before replacing it

    def _all(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._execute(sql, args).fetchall())

    def _one(self, sql: str, args: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row = self._execute(sql, args).fetchone()
        return tuple(row) if row is not None else None

    # --------------------------------------------------------------- schema
    def _migrate(self) -> None:
        with self._migration_lock():
            self._execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, applied_at TEXT)"
            )
            done = {int(r[0]) for r in self._all("SELECT version FROM schema_migrations")}
            for version, name, sql in migrations(self.dialect):
                if version in done:
                    continue
                log.info("applying migration %s to %s", name, self.url)
                for statement in statements(sql):
                    self._execute(statement)
                self._execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                    (version, dt.datetime.now(dt.UTC).isoformat()),
                )

    def schema_version(self) -> int:
        row = self._one("SELECT MAX(version) FROM schema_migrations")
        return int(row[0] or 0) if row else 0

    # --------------------------------------------------------------- writes
    def is_current(self, doc_id: str, content_hash: str, pipeline_version: str) -> bool:
        row = self._one(
            "SELECT content_hash, pipeline_version FROM documents WHERE id = ?", (doc_id,)
        )
        return row is not None and row[0] == content_hash and row[1] == pipeline_version

    def save(self, analysis: Analysis, pipeline_version: str) -> IngestOutcome:
        rows = _rows(analysis, pipeline_version)
        for attempt in range(1, _SAVE_ATTEMPTS + 1):
            try:
                return self._save(rows)
            except Exception as exc:
                if attempt < _SAVE_ATTEMPTS and self._retryable(exc):
                    log.info("saving %s met %s; trying again", analysis.document.id, exc)
                    time.sleep(0.05 * attempt)
                    continue
                raise StoreError(
                    f"cannot save document {analysis.document.id!r} to {self.url}: {exc}"
                ) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _save(self, rows: _Rows) -> IngestOutcome:
        doc_id, content_hash, version = rows.document[0], rows.document[7], rows.document[8]
        with self._transaction():
            # the unique key decides: the first writer inserts, any other one finds the row
            cur = self._execute(
                _insert("documents", DOCUMENT_COLUMNS) + " ON CONFLICT (id) DO NOTHING",
                rows.document,
            )
            outcome: IngestOutcome = "stored"
            if cur.rowcount != 1:
                held = self._one(
                    "SELECT content_hash, pipeline_version FROM documents WHERE id = ?"
                    + self.lock_suffix,
                    (doc_id,),
                )
                if held is not None and held[0] == content_hash and held[1] == version:
                    return "unchanged"  # another writer stored this very analysis
                outcome = "replaced"
                sets = ", ".join(f'"{c}" = ?' for c in DOCUMENT_COLUMNS[1:])
                self._execute(
                    f"UPDATE documents SET {sets} WHERE id = ?", (*rows.document[1:], doc_id)
                )
                for table in _CHILD_TABLES:
                    self._execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
            if rows.name_words:
                self._executemany(
                    _insert("name_words", NAME_WORD_COLUMNS) + " ON CONFLICT DO NOTHING",
                    rows.name_words,
                )
            for table, columns, values in (
                ("entities", ENTITY_COLUMNS, rows.entities),
                ("mentions", MENTION_COLUMNS, rows.mentions),
                ("events", EVENT_COLUMNS, rows.events),
                ("quantities", QUANTITY_COLUMNS, rows.quantities),
                ("quotes", QUOTE_COLUMNS, rows.quotes),
                ("segments", SEGMENT_COLUMNS, rows.segments),
                ("event_words", EVENT_WORD_COLUMNS, rows.event_words),
            ):
                if values:
                    self._executemany(_insert(table, columns), values)
        return outcome

    # --------------------------------------------------------------- reads
    def events(
        self,
        *,
        type: str | None = None,
        actor: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        lang: str | None = None,
        doc: str | None = None,
        status: str | None = None,
        min_confidence: float | None = None,
        limit: int | None = None,
    ) -> list[EventRow]:
        q = _Query(_EVENT_SELECT)
        if type:
            q.where("e.type = ?", type.upper())
        if actor:
            q.name(("e.source_fold", "e.target_fold"), actor)
        if since:
            q.where("COALESCE(e.date, d.published) >= ?", since.isoformat())
        if until:
            q.where("COALESCE(e.date, d.published) <= ?", until.isoformat())
        if lang:
            q.where("d.language = ?", lang)
        if doc:
            q.where("e.doc_id = ?", doc)
        if status:
            q.where("e.status = ?", status)
        if min_confidence is not None:
            q.where("e.confidence >= ?", min_confidence)
        tail = _EVENT_ORDER
        if limit is not None:
            tail += " LIMIT ?"
            q.args.append(int(limit))
        return [_event(r) for r in self._all(q.text(tail), q.args)]

    def event_quantities(self, doc: str, idx: int) -> list[QuantityRow]:
        return [
            _quantity(r)
            for r in self._all(
                _QUANTITY_SELECT + " AND doc_id = ? AND event_idx = ? AND equivalent_of IS NULL "
                "ORDER BY start, idx",
                (doc, idx),
            )
        ]

    def _entity_query(self) -> _Query:
        marks = ", ".join("?" for _ in NAMED_VIA)
        q = _Query(
            "SELECT en.entity_key, MAX(en.name) AS name, MAX(en.type), MAX(en.kb_id), "
            "MAX(en.country), MAX(en.role), COUNT(DISTINCT en.doc_id), "
            "(SELECT COUNT(*) FROM mentions m WHERE m.entity_key = en.entity_key "
            f"AND m.via IN ({marks})) AS mentions "
            "FROM entities en WHERE en.named = 1"
        )
        q.args.extend(sorted(NAMED_VIA))
        return q

    def _entities(self, q: _Query) -> list[EntityRow]:
        tail = "GROUP BY en.entity_key ORDER BY mentions DESC, name, en.entity_key"
        return [_entity(r) for r in self._all(q.text(tail), q.args)]

    def entities(
        self, *, type: str | None = None, name: str | None = None, doc: str | None = None
    ) -> list[EntityRow]:
        q = self._entity_query()
        if type:
            q.where("en.type = ?", type.upper())
        if name:
            q.name(("en.name_fold",), name)
        if doc:
            q.where("en.doc_id = ?", doc)
        return self._entities(q)

    def entity(self, name: str) -> EntityProfile | None:
        by_key = self._entity_query()
        by_key.where("en.entity_key = ?", name)
        exact = self._entity_query()
        exact.where("en.name_fold = ?", _folded(name) or "")
        found = self._entities(by_key) or self._entities(exact) or self.entities(name=name)
        if not found:
            return None
        info = found[0]
        key = info.id
        forms = tuple(
            SurfaceForm(text=r[0], n=int(r[1]))
            for r in self._all(
                "SELECT text, COUNT(*) AS n FROM mentions WHERE entity_key = ? "
                "GROUP BY text ORDER BY n DESC, text",
                (key,),
            )
        )
        docs = tuple(
            r[0]
            for r in self._all(
                "SELECT DISTINCT doc_id FROM entities WHERE entity_key = ? ORDER BY doc_id", (key,)
            )
        )
        q = _Query(_EVENT_SELECT)
        q.where("(e.source_key = ? OR e.target_key = ?)", key, key)
        events = tuple(_event(r) for r in self._all(q.text(_EVENT_ORDER), q.args))
        return EntityProfile(
            id=info.id,
            name=info.name,
            type=info.type,
            kb_id=info.kb_id,
            country=info.country,
            role=info.role,
            documents=info.documents,
            mentions=info.mentions,
            surface_forms=forms,
            docs=docs,
            events=events,
        )

    def quotes(
        self,
        *,
        speaker: str | None = None,
        doc: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        lang: str | None = None,
    ) -> list[QuoteRow]:
        q = _Query(_QUOTE_SELECT)
        if speaker:
            q.name(("q.speaker_fold",), speaker)
        if doc:
            q.where("q.doc_id = ?", doc)
        if since:
            q.where("d.published >= ?", since.isoformat())
        if until:
            q.where("d.published <= ?", until.isoformat())
        if lang:
            q.where("d.language = ?", lang)
        tail = "ORDER BY COALESCE(d.published, ''), q.doc_id, q.start, q.idx"
        return [_quote(r) for r in self._all(q.text(tail), q.args)]

    def document(self, doc_id: str) -> StoredDocument | None:
        head = self._one(
            "SELECT " + ", ".join(f'"{c}"' for c in DOCUMENT_COLUMNS) + " FROM documents "
            "WHERE id = ?",
            (doc_id,),
        )
        if head is None:
            return None
        mentions: dict[str, list[StoredMention]] = {}
        for key, text, start, end, sentence, via in self._all(
            'SELECT entity_key, text, start, "end", sentence, via FROM mentions '
            "WHERE doc_id = ? ORDER BY idx",
            (doc_id,),
        ):
            mentions.setdefault(key, []).append(
                StoredMention(text=text, start=start, end=end, sentence=sentence, via=via)
            )
        entities = tuple(
            StoredEntity(
                key=key,
                name=name,
                type=etype,
                kb_id=kb_id,
                country=country,
                role=role,
                named=bool(named),
                mentions=tuple(mentions.get(key, ())),
            )
            for key, name, etype, kb_id, country, role, named in self._all(
                "SELECT entity_key, name, type, kb_id, country, role, named FROM entities "
                "WHERE doc_id = ? ORDER BY idx",
                (doc_id,),
            )
        )
        q = _Query(_EVENT_SELECT)
        q.where("e.doc_id = ?", doc_id)
        events = tuple(_event(r) for r in self._all(q.text("ORDER BY e.idx"), q.args))
        quantities = tuple(
            _quantity(r)
            for r in self._all(_QUANTITY_SELECT + " AND doc_id = ? ORDER BY idx", (doc_id,))
        )
        qq = _Query(_QUOTE_SELECT)
        qq.where("q.doc_id = ?", doc_id)
        quotes = tuple(_quote(r) for r in self._all(qq.text("ORDER BY q.idx"), qq.args))
        return StoredDocument(
            id=head[0],
            title=head[1],
            language=head[2],
            published=_date(head[3]),
            url=head[4],
            source=head[5],
            path=head[6],
            content_hash=head[7],
            pipeline_version=head[8],
            text=head[9],
            ingested_at=head[10],
            author=head[11],
            entities=entities,
            events=events,
            quantities=quantities,
            quotes=quotes,
        )

    def documents(self) -> Iterator[StoredDocument]:
        last = ""
        while True:  # keyset pages: constant memory, whatever the size of the store
            ids = [
                r[0]
                for r in self._all(
                    "SELECT id FROM documents WHERE id > ? ORDER BY id LIMIT 200", (last,)
                )
            ]
            if not ids:
                return
            for doc_id in ids:
                stored = self.document(doc_id)
                if stored is not None:
                    yield stored
            last = ids[-1]

    def delete(self, doc_id: str) -> bool:
        with self._transaction():
            row = self._one("SELECT 1 FROM documents WHERE id = ?" + self.lock_suffix, (doc_id,))
            if row is None:
                return False
            for table in _CHILD_TABLES:
                self._execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
            self._execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        return True

    def count(self, table: Table, *, doc: str | None = None) -> int:
        if table not in TABLES:
            raise StoreError(f"no table {table!r}")
        sql = f"SELECT COUNT(*) FROM {table}"
        args: tuple[Any, ...] = ()
        if doc is not None:
            sql += " WHERE " + ("id" if table == "documents" else "doc_id") + " = ?"
            args = (doc,)
        row = self._one(sql, args)
        return int(row[0]) if row else 0
