"""The analyst queries of the SQL backends: filtered event pages, counts, facets and the
aggregates behind the timeline, the map, the actor network and the aid table.

Every filter is a parameterised condition; pages are keyset pages (the cursor holds the sort key
of the last row), so the cost of a page does not grow with its depth.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from ..errors import QueryError
from ..text import words
from .base import EVENT_SORTS, MAX_PAGE, EventSort
from .records import (
    ActorPair,
    DayCount,
    DocumentSummary,
    EntityRow,
    EventAmounts,
    EventFacets,
    EventFilter,
    EventRow,
    FacetCount,
    Page,
    PlaceCount,
    QuantityRow,
    QuoteRow,
    StoredSegment,
    StoreStatistics,
)
from .sql import (
    _EVENT_SELECT,
    _QUANTITY_SELECT,
    _QUOTE_SELECT,
    SQLStore,
    _date,
    _entity,
    _event,
    _prefix_bounds,
    _quantity,
    _quote,
    name_match,
)

__all__ = ["QueryStore", "decode_cursor", "encode_cursor"]

_EVENT_FROM = " FROM events e JOIN documents d ON d.id = e.doc_id WHERE 1=1"
# the sort expressions of event pages; ties are broken by document, offset and index
_EVENT_SORT_SQL: dict[str, tuple[str, type]] = {
    "date": ("COALESCE(e.date, d.published, '')", str),
    "type": ("e.type", str),
    "mode": ("COALESCE(e.mode, '')", str),
    "source": ("COALESCE(e.source, '')", str),
    "target": ("COALESCE(e.target, '')", str),
    "location": ("COALESCE(e.location, '')", str),
    "status": ("e.status", str),
    "confidence": ("e.confidence", float),
    "doc": ("e.doc_id", str),
    "lang": ("COALESCE(d.language, '')", str),
}
# the entities an event involves: its source, its target and its place
_INVOLVED = "c.doc_id = e.doc_id AND c.entity_key IN (e.source_key, e.target_key, e.location_key)"


def encode_cursor(tag: str, values: Sequence[Any]) -> str:
    """An opaque cursor: the listing it belongs to and the sort key of the last row shown."""
    raw = json.dumps([tag, *values], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, tag: str, kinds: Sequence[type]) -> list[Any]:
    """The sort key in ``cursor``; a :class:`QueryError` when it is not one this listing gave."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise QueryError(f"cursor {cursor[:40]!r} is not a cursor veille gave") from exc
    if not isinstance(data, list) or not data or data[0] != tag:
        raise QueryError(f"cursor {cursor[:40]!r} belongs to another listing or order")
    values = data[1:]
    ok = len(values) == len(kinds) and all(
        not isinstance(v, bool) and (isinstance(v, kind) or (kind is float and isinstance(v, int)))
        for v, kind in zip(values, kinds, strict=True)
    )
    if not ok:
        raise QueryError(f"cursor {cursor[:40]!r} does not hold a sort key of this listing")
    return values


def _check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_PAGE:
        raise QueryError(f"limit must be between 1 and {MAX_PAGE}, not {limit}")
    return int(limit)


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


class _Conditions:
    """The WHERE conditions of an event filter, with their arguments."""

    def __init__(self) -> None:
        self.sql: list[str] = []
        self.args: list[Any] = []

    def add(self, condition: str, *args: Any) -> None:
        self.sql.append(condition)
        self.args.extend(args)

    def any_of(self, column: str, values: Sequence[str]) -> None:
        if values:
            self.add(f"{column} IN ({_marks(values)})", *values)

    def text(self) -> str:
        return "".join(f" AND {c}" for c in self.sql)


def _event_conditions(where: EventFilter, skip: str | None = None) -> _Conditions:
    """The conditions of ``where``; ``skip`` names a field left out (for its own facet)."""
    c = _Conditions()
    if skip != "type":
        c.any_of("e.type", [t.upper() for t in where.type])
    if skip != "mode":
        c.any_of("e.mode", list(where.mode))
    if skip != "status":
        c.any_of("e.status", list(where.status))
    if skip != "lang":
        c.any_of("d.language", list(where.lang))
    if skip != "country" and where.country:
        codes = [code.upper() for code in where.country]
        c.add(
            f"EXISTS (SELECT 1 FROM entities c WHERE {_INVOLVED} "
            f"AND c.country IN ({_marks(codes)}))",
            *codes,
        )
    if where.actor:
        c.add(*_flatten(name_match(("e.source_fold", "e.target_fold"), where.actor)))
    if skip != "actor" and where.entity:
        c.add("(e.source_key = ? OR e.target_key = ?)", where.entity, where.entity)
    if where.place:
        cond, args = name_match(("p.name_fold",), where.place)
        c.add(
            "EXISTS (SELECT 1 FROM entities p WHERE p.doc_id = e.doc_id "
            f"AND p.entity_key = e.location_key AND {cond})",
            *args,
        )
    if where.since:
        c.add("COALESCE(e.date, d.published) >= ?", where.since.isoformat())
    if where.until:
        c.add("COALESCE(e.date, d.published) <= ?", where.until.isoformat())
    if where.doc:
        c.add("e.doc_id = ?", where.doc)
    if where.text is not None:
        terms = words(where.text)
        if not terms:
            c.add("1 = 0")
        for term in terms:
            c.add(
                "(e.doc_id, e.idx) IN (SELECT w.doc_id, w.idx FROM event_words w "
                "WHERE w.word >= ? AND w.word < ?)",
                *_prefix_bounds(term),
            )
    if where.events is not None:
        if not where.events:
            c.add("1 = 0")
        else:
            values = ", ".join("(?, ?)" for _ in where.events)
            c.add(
                f"(e.doc_id, e.idx) IN (VALUES {values})",
                *(v for pair in where.events for v in (pair[0], int(pair[1]))),
            )
    return c


def _flatten(pair: tuple[str, list[Any]]) -> list[Any]:
    return [pair[0], *pair[1]]


class QueryStore(SQLStore):
    """:class:`SQLStore` with the analyst queries; the SQLite and PostgreSQL stores are these."""

    # --------------------------------------------------------------- events
    def event_page(
        self,
        where: EventFilter,
        *,
        sort: EventSort = "date",
        descending: bool = False,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[EventRow]:
        if sort not in EVENT_SORTS:
            raise QueryError(f"cannot sort events by {sort!r}: one of {', '.join(EVENT_SORTS)}")
        limit = _check_limit(limit)
        expr, kind = _EVENT_SORT_SQL[sort]
        tag = f"events:{sort}:{'desc' if descending else 'asc'}"
        c = _event_conditions(where)
        key = f"({expr}, e.doc_id, e.start, e.idx)"
        if cursor:
            values = decode_cursor(cursor, tag, (kind, str, int, int))
            c.add(f"{key} {'<' if descending else '>'} (?, ?, ?, ?)", *values)
        way = " DESC" if descending else ""
        order = f" ORDER BY {expr}{way}, e.doc_id{way}, e.start{way}, e.idx{way} LIMIT ?"
        sql = _EVENT_SELECT.replace(" FROM events e", f", {expr} AS sort_key FROM events e", 1)
        rows = self._all(sql + c.text() + order, [*c.args, limit + 1])
        items = tuple(_event(r) for r in rows[:limit])
        nxt = None
        if len(rows) > limit:
            last, ev = rows[limit - 1], items[-1]
            nxt = encode_cursor(tag, [last[-1], ev.doc, ev.start, ev.idx])
        return Page(items=items, next=nxt)

    def event_count(self, where: EventFilter) -> int:
        c = _event_conditions(where)
        row = self._one("SELECT COUNT(*)" + _EVENT_FROM + c.text(), c.args)
        return int(row[0]) if row else 0

    def _facet(self, column: str, where: EventFilter, field: str, top: int) -> list[FacetCount]:
        c = _event_conditions(where, skip=field)
        rows = self._all(
            f"SELECT {column}, COUNT(*) AS n" + _EVENT_FROM + c.text() + f" AND {column} IS NOT "
            f"NULL GROUP BY {column} ORDER BY n DESC, {column} LIMIT ?",
            [*c.args, top],
        )
        return [FacetCount(value=str(r[0]), label=str(r[0]), n=int(r[1])) for r in rows]

    def event_facets(self, where: EventFilter, *, top: int = 20) -> EventFacets:
        top = _check_limit(top)
        c = _event_conditions(where, skip="country")
        countries = [
            FacetCount(value=r[0], label=r[1] or r[0], n=int(r[2]))
            for r in self._all(
                "SELECT t.country, (SELECT MAX(x.name) FROM entities x WHERE x.type = 'COUNTRY' "
                "AND x.country = t.country), COUNT(*) AS n FROM (SELECT DISTINCT e.doc_id, e.idx, "
                "c.country AS country FROM events e JOIN documents d ON d.id = e.doc_id "
                f"JOIN entities c ON {_INVOLVED} WHERE c.country IS NOT NULL"
                + c.text()
                + ") t GROUP BY t.country ORDER BY n DESC, t.country LIMIT ?",
                [*c.args, top],
            )
        ]
        a = _event_conditions(where, skip="actor")
        side = "SELECT e.doc_id, e.idx, e.{0}_key AS k, e.{0} AS name" + _EVENT_FROM + a.text()
        actors = [
            FacetCount(value=r[0], label=r[1] or r[0], n=int(r[2]))
            for r in self._all(
                "SELECT t.k, MAX(t.name) AS label, COUNT(*) AS n FROM ("
                + side.format("source")
                + " AND e.source_key IS NOT NULL UNION "
                + side.format("target")
                + " AND e.target_key IS NOT NULL) t GROUP BY t.k ORDER BY n DESC, label LIMIT ?",
                [*a.args, *a.args, top],
            )
        ]
        return EventFacets(
            total=self.event_count(where),
            type=tuple(self._facet("e.type", where, "type", top)),
            mode=tuple(self._facet("e.mode", where, "mode", top)),
            status=tuple(self._facet("e.status", where, "status", top)),
            lang=tuple(self._facet("d.language", where, "lang", top)),
            country=tuple(countries),
            actor=tuple(actors),
        )

    def event_days(self, where: EventFilter) -> list[DayCount]:
        c = _event_conditions(where)
        day = "COALESCE(e.date, d.published)"
        rows = self._all(
            f"SELECT {day} AS day, e.type, COUNT(*)" + _EVENT_FROM + c.text() + f" AND {day} IS "
            f"NOT NULL GROUP BY {day}, e.type ORDER BY day, e.type",
            c.args,
        )
        return [DayCount(day=_date(r[0]) or dt.date.min, type=r[1], n=int(r[2])) for r in rows]

    def actor_pairs(self, where: EventFilter) -> list[ActorPair]:
        c = _event_conditions(where)
        rows = self._all(
            "SELECT e.source_key, MAX(e.source), e.target_key, MAX(e.target), e.type, COUNT(*) "
            "AS n"
            + _EVENT_FROM
            + c.text()
            + " AND e.source_key IS NOT NULL AND e.target_key IS NOT NULL "
            "AND e.source_key <> e.target_key GROUP BY e.source_key, e.target_key, e.type "
            "ORDER BY n DESC, e.source_key, e.target_key, e.type",
            c.args,
        )
        return [
            ActorPair(
                source_key=r[0],
                source=r[1] or r[0],
                target_key=r[2],
                target=r[3] or r[2],
                type=r[4],
                n=int(r[5]),
            )
            for r in rows
        ]

    def event_places(self, where: EventFilter) -> list[PlaceCount]:
        c = _event_conditions(where)
        rows = self._all(
            "SELECT e.location_key, MAX(e.location), MAX(p.type), MAX(p.country), e.type, "
            "COUNT(*) AS n FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN entities p "
            "ON p.doc_id = e.doc_id AND p.entity_key = e.location_key "
            "WHERE e.location_key IS NOT NULL"
            + c.text()
            + " GROUP BY e.location_key, e.type ORDER BY n DESC, e.location_key, e.type",
            c.args,
        )
        return [
            PlaceCount(key=r[0], name=r[1] or r[0], kind=r[2], country=r[3], type=r[4], n=int(r[5]))
            for r in rows
        ]

    def event_amounts(self, where: EventFilter) -> list[EventAmounts]:
        c = _event_conditions(where)
        amounts: dict[tuple[str, int], list[QuantityRow]] = {}
        for r in self._all(
            _QUANTITY_SELECT
            + " AND equivalent_of IS NULL AND (doc_id, event_idx) IN (SELECT e.doc_id, e.idx"
            + _EVENT_FROM
            + c.text()
            + ") ORDER BY doc_id, start, idx",
            c.args,
        ):
            q = _quantity(r)
            amounts.setdefault((q.doc, q.event_idx or 0), []).append(q)
        if not amounts:
            return []
        page = self._all(_EVENT_SELECT + c.text() + " ORDER BY e.doc_id, e.idx", c.args)
        out = []
        for row in page:
            ev = _event(row)
            found = amounts.get((ev.doc, ev.idx))
            if found:
                out.append(EventAmounts(event=ev, quantities=tuple(found)))
        return out

    # --------------------------------------------------------------- other listings
    def entity_page(
        self,
        *,
        type: str | None = None,
        name: str | None = None,
        country: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[EntityRow]:
        limit = _check_limit(limit)
        q = self._entity_query()
        if type:
            q.where("en.type = ?", type.upper())
        if name:
            q.name(("en.name_fold",), name)
        if country:
            q.where("en.country = ?", country.upper())
        inner = q.text("GROUP BY en.entity_key")
        inner = inner.replace("MAX(en.type)", "MAX(en.type) AS type", 1)
        inner = inner.replace("MAX(en.kb_id)", "MAX(en.kb_id) AS kb_id", 1)
        inner = inner.replace("MAX(en.country)", "MAX(en.country) AS country", 1)
        inner = inner.replace("MAX(en.role)", "MAX(en.role) AS role", 1)
        inner = inner.replace("COUNT(DISTINCT en.doc_id)", "COUNT(DISTINCT en.doc_id) AS docs", 1)
        args = list(q.args)
        tail = ""
        if cursor:
            values = decode_cursor(cursor, "entities", (int, str, str))
            tail = " WHERE (-t.mentions, t.name, t.entity_key) > (?, ?, ?)"
            args.extend(values)
        rows = self._all(
            "SELECT t.entity_key, t.name, t.type, t.kb_id, t.country, t.role, t.docs, t.mentions "
            f"FROM ({inner}) t{tail} ORDER BY t.mentions DESC, t.name, t.entity_key LIMIT ?",
            [*args, limit + 1],
        )
        items = tuple(_entity(r) for r in rows[:limit])
        nxt = None
        if len(rows) > limit:
            last = items[-1]
            nxt = encode_cursor("entities", [-last.mentions, last.name, last.id])
        return Page(items=items, next=nxt)

    def document_page(
        self,
        *,
        lang: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[DocumentSummary]:
        limit = _check_limit(limit)
        c = _Conditions()
        if lang:
            c.add("d.language = ?", lang)
        if since:
            c.add("d.published >= ?", since.isoformat())
        if until:
            c.add("d.published <= ?", until.isoformat())
        if cursor:
            values = decode_cursor(cursor, "documents", (str, str))
            c.add("(COALESCE(d.published, ''), d.id) < (?, ?)", *values)
        rows = self._all(
            "SELECT d.id, d.title, d.language, d.published, d.url, d.source, "
            "(SELECT COUNT(*) FROM events x WHERE x.doc_id = d.id), "
            "(SELECT COUNT(*) FROM entities x WHERE x.doc_id = d.id AND x.named = 1), "
            "(SELECT COUNT(*) FROM quantities x WHERE x.doc_id = d.id), "
            "(SELECT COUNT(*) FROM quotes x WHERE x.doc_id = d.id), "
            "COALESCE(d.published, '') FROM documents d WHERE 1=1"
            + c.text()
            + " ORDER BY COALESCE(d.published, '') DESC, d.id DESC LIMIT ?",
            [*c.args, limit + 1],
        )
        items = tuple(
            DocumentSummary(
                id=r[0],
                title=r[1],
                language=r[2],
                published=_date(r[3]),
                url=r[4],
                source=r[5],
                events=int(r[6]),
                entities=int(r[7]),
                quantities=int(r[8]),
                quotes=int(r[9]),
            )
            for r in rows[:limit]
        )
        nxt = None
        if len(rows) > limit:
            nxt = encode_cursor("documents", [rows[limit - 1][10], items[-1].id])
        return Page(items=items, next=nxt)

    def quote_page(
        self,
        *,
        speaker: str | None = None,
        doc: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        lang: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[QuoteRow]:
        limit = _check_limit(limit)
        c = _Conditions()
        if speaker:
            c.add(*_flatten(name_match(("q.speaker_fold",), speaker)))
        if doc:
            c.add("q.doc_id = ?", doc)
        if since:
            c.add("d.published >= ?", since.isoformat())
        if until:
            c.add("d.published <= ?", until.isoformat())
        if lang:
            c.add("d.language = ?", lang)
        key = "(COALESCE(d.published, ''), q.doc_id, q.start, q.idx)"
        if cursor:
            values = decode_cursor(cursor, "quotes", (str, str, int, int))
            c.add(f"{key} > (?, ?, ?, ?)", *values)
        sql = _QUOTE_SELECT.replace(" FROM quotes q", ", COALESCE(d.published, '') FROM quotes q")
        rows = self._all(
            sql + c.text() + " ORDER BY COALESCE(d.published, ''), q.doc_id, q.start, q.idx "
            "LIMIT ?",
            [*c.args, limit + 1],
        )
        items = tuple(_quote(r) for r in rows[:limit])
        nxt = None
        if len(rows) > limit:
            last = items[-1]
            nxt = encode_cursor("quotes", [rows[limit - 1][10], last.doc, last.start, last.idx])
        return Page(items=items, next=nxt)

    def quantity_page(
        self,
        *,
        unit: str | None = None,
        doc: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[QuantityRow]:
        limit = _check_limit(limit)
        c = _Conditions()
        if unit:
            c.add("unit = ?", unit)
        if doc:
            c.add("doc_id = ?", doc)
        if cursor:
            values = decode_cursor(cursor, "quantities", (str, int))
            c.add("(doc_id, idx) > (?, ?)", *values)
        rows = self._all(
            _QUANTITY_SELECT + c.text() + " ORDER BY doc_id, idx LIMIT ?", [*c.args, limit + 1]
        )
        items = tuple(_quantity(r) for r in rows[:limit])
        nxt = None
        if len(rows) > limit:
            nxt = encode_cursor("quantities", [items[-1].doc, items[-1].idx])
        return Page(items=items, next=nxt)

    def segments(self, doc_id: str) -> list[StoredSegment]:
        return [
            StoredSegment(idx=int(r[0]), kind=r[1], start=int(r[2]), end=int(r[3]), language=r[4])
            for r in self._all(
                'SELECT idx, kind, start, "end", language FROM segments WHERE doc_id = ? '
                "ORDER BY start, idx",
                (doc_id,),
            )
        ]

    def statistics(self) -> StoreStatistics:
        def one(sql: str) -> Any:
            row = self._one(sql)
            return row[0] if row else None

        span = self._one(
            "SELECT MIN(COALESCE(e.date, d.published)), MAX(COALESCE(e.date, d.published))"
            + _EVENT_FROM
        )
        languages = self._all(
            "SELECT language, COUNT(*) AS n FROM documents WHERE language IS NOT NULL "
            "GROUP BY language ORDER BY n DESC, language"
        )
        types = self._all(
            "SELECT type, COUNT(*) AS n FROM events GROUP BY type ORDER BY n DESC, type"
        )
        return StoreStatistics(
            documents=int(one("SELECT COUNT(*) FROM documents") or 0),
            events=int(one("SELECT COUNT(*) FROM events") or 0),
            entities=int(
                one("SELECT COUNT(DISTINCT entity_key) FROM entities WHERE named = 1") or 0
            ),
            quantities=int(one("SELECT COUNT(*) FROM quantities") or 0),
            quotes=int(one("SELECT COUNT(*) FROM quotes") or 0),
            first=_date(span[0]) if span else None,
            last=_date(span[1]) if span else None,
            languages=tuple(FacetCount(value=r[0], label=r[0], n=int(r[1])) for r in languages),
            types=tuple(FacetCount(value=r[0], label=r[0], n=int(r[1])) for r in types),
        )
