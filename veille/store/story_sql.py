"""The story tables' SQL (migration 0003), shared by the SQL backends through :class:`StoryQueries`.

Candidate look-ups are index range searches bounded by a window of days: a document's LSH bands
in ``copy_bands``, its story keys in ``story_keys``, both keyed ``(key, day, doc)``, so the work
per document depends on how many documents share its window, not on the size of the store.
"""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from .records import (
    PendingDocument,
    StoryDocRow,
    StoryEventRow,
    StoryLink,
    StoryReportRow,
    StoryRow,
    StoryWrite,
)

__all__ = ["StoryQueries"]

_DOC_COLUMNS = (
    "doc_id",
    "content_hash",
    "pipeline_version",
    "day",
    "language",
    "source",
    "shingles",
    "signature",
    "profile",
    "copy_of",
    "story_id",
)
_DOC_SELECT = "SELECT " + ", ".join(f"s.{c}" for c in _DOC_COLUMNS) + " FROM story_docs s"
_STORY_COLUMNS = (
    "id",
    "title",
    "first_day",
    "last_day",
    "documents",
    "originals",
    "languages",
    "outlets",
    "events",
)
_EVENT_COLUMNS = (
    "story_id",
    "idx",
    "type",
    "mode",
    "source",
    "source_key",
    "target",
    "target_key",
    "date",
    "location",
    "location_key",
    "first_day",
    "reports",
    "originals",
    "outlets",
    "languages",
)
# lists (languages, outlets) are kept as one text, items separated by a character no name has
_SEP = "\x1f"
# how many ids go into one IN (...) list
_CHUNK = 500


def _day(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])


def _opt_day(value: Any) -> dt.date | None:
    return _day(value) if value not in (None, "") else None


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split(_SEP) if v)


def _marks(n: int) -> str:
    return ", ".join("?" for _ in range(n))


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _doc_row(row: Sequence[Any]) -> StoryDocRow:
    return StoryDocRow(
        doc=row[0],
        content_hash=row[1],
        pipeline_version=row[2],
        day=_day(row[3]),
        language=row[4],
        source=row[5],
        shingles=int(row[6]),
        signature=bytes(row[7]),
        profile=row[8],
        copy_of=row[9],
        story_id=row[10],
    )


def _story_row(row: Sequence[Any]) -> StoryRow:
    return StoryRow(
        id=row[0],
        title=row[1],
        first_day=_day(row[2]),
        last_day=_day(row[3]),
        documents=int(row[4]),
        originals=int(row[5]),
        languages=_split(row[6]),
        outlets=_split(row[7]),
        events=int(row[8]),
    )


def _event_row(row: Sequence[Any]) -> StoryEventRow:
    return StoryEventRow(
        story_id=row[0],
        idx=int(row[1]),
        type=row[2],
        mode=row[3],
        source=row[4],
        source_key=row[5],
        target=row[6],
        target_key=row[7],
        date=_opt_day(row[8]),
        location=row[9],
        location_key=row[10],
        first_day=_day(row[11]),
        reports=int(row[12]),
        originals=int(row[13]),
        outlets=int(row[14]),
        languages=_split(row[15]),
    )


def _insert(table: str, columns: Sequence[str]) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({cols}) VALUES ({_marks(len(columns))})"


class StoryQueries:
    """The story methods of :class:`veille.store.Store` over the SQL hooks of a backend."""

    @abstractmethod
    def _execute(self, sql: str, args: Sequence[Any] = ()) -> Any: ...

    @abstractmethod
    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[None]: ...

    @abstractmethod
    def _all(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def _one(self, sql: str, args: Sequence[Any] = ()) -> tuple[Any, ...] | None: ...

    # ------------------------------------------------------------------ clustering state
    def story_pending(self) -> list[PendingDocument]:
        rows = self._all(
            "SELECT d.id, s.doc_id FROM documents d LEFT JOIN story_docs s ON s.doc_id = d.id "
            "WHERE s.doc_id IS NULL OR s.content_hash <> d.content_hash "
            "OR s.pipeline_version <> d.pipeline_version "
            "ORDER BY COALESCE(d.published, SUBSTR(d.ingested_at, 1, 10)), d.id"
        )
        return [PendingDocument(doc=r[0], stale=r[1] is not None) for r in rows]

    def story_forget(self, doc: str) -> str | None:
        with self._transaction():
            row = self._one("SELECT story_id FROM story_docs WHERE doc_id = ?", (doc,))
            if row is None:
                return None
            for sql in (
                "DELETE FROM story_event_reports WHERE doc_id = ?",
                "DELETE FROM story_links WHERE doc_a = ? OR doc_b = ?",
                "DELETE FROM copy_bands WHERE doc_id = ?",
                "DELETE FROM story_keys WHERE doc_id = ?",
                "DELETE FROM story_docs WHERE doc_id = ?",
            ):
                self._execute(sql, (doc,) * sql.count("?"))
        return str(row[0])

    def copy_candidates(
        self, bands: Sequence[tuple[int, int]], since: dt.date, until: dt.date
    ) -> list[StoryDocRow]:
        if not bands:
            return []
        lo, hi = since.isoformat(), until.isoformat()
        # one index range per band: an OR of fully indexed terms
        terms = " OR ".join("(band = ? AND hash = ? AND day >= ? AND day <= ?)" for _ in bands)
        args: list[Any] = []
        for band, value in bands:
            args.extend((band, value, lo, hi))
        ids = [
            r[0] for r in self._all(f"SELECT DISTINCT doc_id FROM copy_bands WHERE {terms}", args)
        ]
        return self.story_documents(ids=sorted(ids)) if ids else []

    def story_candidates(
        self, keys: Sequence[str], since: dt.date, until: dt.date, limit: int
    ) -> list[tuple[str, int]]:
        if not keys:
            return []
        rows = self._all(
            f"SELECT doc_id, COUNT(*) AS n FROM story_keys WHERE key IN ({_marks(len(keys))}) "
            "AND day >= ? AND day <= ? GROUP BY doc_id ORDER BY n DESC, doc_id LIMIT ?",
            (*keys, since.isoformat(), until.isoformat(), limit),
        )
        return [(r[0], int(r[1])) for r in rows]

    def story_documents(
        self, *, ids: Sequence[str] | None = None, story: str | None = None
    ) -> list[StoryDocRow]:
        order = " ORDER BY s.day, s.doc_id"
        if story is not None:
            return [
                _doc_row(r)
                for r in self._all(_DOC_SELECT + " WHERE s.story_id = ?" + order, (story,))
            ]
        out: list[StoryDocRow] = []
        for chunk in _chunks(list(ids or ())):
            out.extend(
                _doc_row(r)
                for r in self._all(
                    _DOC_SELECT + f" WHERE s.doc_id IN ({_marks(len(chunk))})" + order, chunk
                )
            )
        return sorted(out, key=lambda r: (r.day, r.doc))

    def story_links(self, docs: Sequence[str]) -> list[StoryLink]:
        wanted = set(docs)
        out: dict[tuple[str, str], StoryLink] = {}
        for chunk in _chunks(sorted(wanted)):
            marks = _marks(len(chunk))
            for a, b, kind, score in self._all(
                "SELECT doc_a, doc_b, kind, score FROM story_links "
                f"WHERE doc_a IN ({marks}) OR doc_b IN ({marks})",
                (*chunk, *chunk),
            ):
                if a in wanted and b in wanted:
                    out[(a, b)] = StoryLink(doc_a=a, doc_b=b, kind=kind, score=float(score))
        return [out[k] for k in sorted(out)]

    def save_story_document(
        self,
        row: StoryDocRow,
        bands: Sequence[tuple[int, int]],
        keys: Sequence[str],
        links: Sequence[StoryLink],
    ) -> None:
        day = row.day.isoformat()
        with self._transaction():
            self._execute(
                _insert("story_docs", _DOC_COLUMNS),
                (
                    row.doc,
                    row.content_hash,
                    row.pipeline_version,
                    day,
                    row.language,
                    row.source,
                    row.shingles,
                    row.signature,
                    row.profile,
                    row.copy_of,
                    row.story_id,
                ),
            )
            if bands:
                self._executemany(
                    _insert("copy_bands", ("band", "hash", "day", "doc_id"))
                    + " ON CONFLICT DO NOTHING",
                    [(b, h, day, row.doc) for b, h in bands],
                )
            if keys:
                self._executemany(
                    _insert("story_keys", ("key", "day", "doc_id")) + " ON CONFLICT DO NOTHING",
                    [(k, day, row.doc) for k in sorted(set(keys))],
                )
            if links:
                self._executemany(
                    _insert("story_links", ("doc_a", "doc_b", "kind", "score"))
                    + " ON CONFLICT DO NOTHING",
                    [(ln.doc_a, ln.doc_b, ln.kind, ln.score) for ln in links],
                )

    def write_stories(self, removed: Sequence[str], stories: Sequence[StoryWrite]) -> None:
        with self._transaction():
            for sid in removed:
                self._execute("DELETE FROM story_event_reports WHERE story_id = ?", (sid,))
                self._execute("DELETE FROM story_events WHERE story_id = ?", (sid,))
                self._execute("DELETE FROM stories WHERE id = ?", (sid,))
            for item in stories:
                st = item.story
                self._execute(
                    _insert("stories", _STORY_COLUMNS),
                    (
                        st.id,
                        st.title,
                        st.first_day.isoformat(),
                        st.last_day.isoformat(),
                        st.documents,
                        st.originals,
                        _SEP.join(st.languages),
                        _SEP.join(st.outlets),
                        st.events,
                    ),
                )
                self._executemany(
                    "UPDATE story_docs SET story_id = ?, copy_of = ? WHERE doc_id = ?",
                    [(st.id, copy_of, doc) for doc, copy_of in item.members],
                )
                if item.events:
                    self._executemany(
                        _insert("story_events", _EVENT_COLUMNS),
                        [
                            (
                                ev.story_id,
                                ev.idx,
                                ev.type,
                                ev.mode,
                                ev.source,
                                ev.source_key,
                                ev.target,
                                ev.target_key,
                                ev.date.isoformat() if ev.date else None,
                                ev.location,
                                ev.location_key,
                                ev.first_day.isoformat(),
                                ev.reports,
                                ev.originals,
                                ev.outlets,
                                _SEP.join(ev.languages),
                            )
                            for ev in item.events
                        ],
                    )
                if item.reports:
                    self._executemany(
                        _insert("story_event_reports", ("story_id", "event_idx", "doc_id", "idx")),
                        [(st.id, e, doc, idx) for e, doc, idx in item.reports],
                    )

    # ------------------------------------------------------------------ reads
    def stories(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        lang: str | None = None,
        limit: int | None = None,
    ) -> list[StoryRow]:
        sql = [
            "SELECT " + ", ".join(f"t.{c}" for c in _STORY_COLUMNS) + " FROM stories t WHERE 1=1"
        ]
        args: list[Any] = []
        if since:
            sql.append("AND t.last_day >= ?")
            args.append(since.isoformat())
        if until:
            sql.append("AND t.first_day <= ?")
            args.append(until.isoformat())
        if lang:
            sql.append(
                "AND EXISTS (SELECT 1 FROM story_docs s WHERE s.story_id = t.id AND s.language = ?)"
            )
            args.append(lang)
        sql.append("ORDER BY t.last_day DESC, t.originals DESC, t.id")
        if limit is not None:
            sql.append("LIMIT ?")
            args.append(limit)
        return [_story_row(r) for r in self._all(" ".join(sql), args)]

    def story(self, story_id: str) -> StoryRow | None:
        row = self._one(
            "SELECT " + ", ".join(_STORY_COLUMNS) + " FROM stories WHERE id = ?", (story_id,)
        )
        return _story_row(row) if row else None

    def story_of(self, doc: str) -> str | None:
        row = self._one("SELECT story_id FROM story_docs WHERE doc_id = ?", (doc,))
        return str(row[0]) if row else None

    def story_events(
        self,
        *,
        story: str | None = None,
        type: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[StoryEventRow]:
        sql = ["SELECT " + ", ".join(_EVENT_COLUMNS) + " FROM story_events WHERE 1=1"]
        args: list[Any] = []
        if story:
            sql.append("AND story_id = ?")
            args.append(story)
        if type:
            sql.append("AND type = ?")
            args.append(type.upper())
        if since:
            sql.append("AND COALESCE(date, first_day) >= ?")
            args.append(since.isoformat())
        if until:
            sql.append("AND COALESCE(date, first_day) <= ?")
            args.append(until.isoformat())
        sql.append("ORDER BY COALESCE(date, first_day), story_id, idx")
        return [_event_row(r) for r in self._all(" ".join(sql), args)]

    def story_reports(self, story: str) -> list[StoryReportRow]:
        from .sql import event_from_row, event_select

        rows = self._all(
            event_select("r.story_id, r.event_idx, s.source, s.copy_of")
            + " JOIN story_event_reports r ON r.doc_id = e.doc_id AND r.idx = e.idx"
            " JOIN story_docs s ON s.doc_id = e.doc_id WHERE r.story_id = ?"
            " ORDER BY r.event_idx, s.day, e.doc_id, e.start, e.idx",
            (story,),
        )
        return [
            StoryReportRow(
                story_id=r[0],
                event_idx=int(r[1]),
                outlet=r[2],
                copy_of=r[3],
                event=event_from_row(r[4:]),
            )
            for r in rows
        ]
