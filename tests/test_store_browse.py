"""The analyst queries of the store contract, on SQLite and on a real PostgreSQL server:
filters, keyset pages, facets, the aggregates behind the charts, segments and statistics."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

import pytest

import veille
from veille.errors import QueryError
from veille.store import EventFilter, Store, open_store
from veille.store.browse import decode_cursor, encode_cursor
from veille.text import words

from .test_store import VERSION, _backend_url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def stored(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    sample_analyses: dict[str, veille.Analysis],
) -> Iterator[Store]:
    store = open_store(_backend_url(request.param, tmp_path_factory.mktemp("browse"), request))
    for analysis in sample_analyses.values():
        store.save(analysis, VERSION)
    yield store
    store.close()


def _all_events(store: Store) -> list[veille.EventRow]:
    return store.events()


def _ids(rows: object) -> list[tuple[str, int]]:
    return [(r.doc, r.idx) for r in rows]  # type: ignore[attr-defined]


def test_unfiltered_page_is_the_event_listing(stored: Store) -> None:
    everything = _all_events(stored)
    assert len(everything) >= 10
    page = stored.event_page(EventFilter(), limit=1000)
    assert _ids(page.items) == _ids(everything)
    assert page.next is None
    assert stored.event_count(EventFilter()) == len(everything)


@pytest.mark.parametrize(
    ("sort", "descending"),
    [("date", False), ("date", True), ("source", False), ("confidence", True)],
)
def test_pages_walk_every_event_once(stored: Store, sort: str, descending: bool) -> None:
    total = stored.event_count(EventFilter())
    seen: list[tuple[str, int]] = []
    cursor = None
    pages = 0
    while True:
        page = stored.event_page(
            EventFilter(),
            sort=sort,
            descending=descending,
            limit=3,
            cursor=cursor,  # type: ignore[arg-type]
        )
        assert len(page.items) <= 3
        seen.extend(_ids(page.items))
        pages += 1
        if page.next is None:
            break
        cursor = page.next
    assert len(seen) == len(set(seen)) == total
    assert pages == -(-total // 3)
    whole = stored.event_page(EventFilter(), sort=sort, descending=descending, limit=1000)  # type: ignore[arg-type]
    assert seen == _ids(whole.items)
    if sort == "source":
        keys = [e.source or "" for e in whole.items]
        assert keys == sorted(keys)
    if sort == "confidence":
        conf = [e.confidence for e in whole.items]
        assert conf == sorted(conf, reverse=True)


def test_filters_agree_with_the_rows(stored: Store) -> None:
    everything = _all_events(stored)
    assault = stored.event_page(EventFilter(type=("assault",)), limit=1000).items
    assert assault and all(e.type == "ASSAULT" for e in assault)
    assert len(assault) == sum(e.type == "ASSAULT" for e in everything)
    two = stored.event_count(EventFilter(type=("ASSAULT", "AID")))
    assert two == sum(e.type in ("ASSAULT", "AID") for e in everything)
    announced = stored.event_page(EventFilter(status=("announced",)), limit=1000).items
    assert announced and all(e.status == "announced" for e in announced)
    putin = stored.event_page(EventFilter(actor="putin"), limit=1000).items
    assert putin and all("Putin" in f"{e.source} {e.target}" for e in putin)
    key = putin[0].source_key if putin[0].source == "Vladimir Putin" else putin[0].target_key
    by_key = stored.event_page(EventFilter(entity=key), limit=1000).items
    assert _ids(by_key) == _ids(putin)
    day = dt.date(2025, 8, 6)
    on_day = stored.event_page(EventFilter(since=day, until=day), limit=1000).items
    assert on_day and all((e.date or e.published) == day for e in on_day)
    assert stored.event_count(EventFilter(lang=("de",))) == 0
    assert stored.event_count(EventFilter(lang=("fr",))) == len(everything)
    doc = everything[0].doc
    assert stored.event_count(EventFilter(doc=doc)) == sum(e.doc == doc for e in everything)


def test_country_and_place_filters(stored: Store) -> None:
    everything = _all_events(stored)
    ua = stored.event_page(EventFilter(country=("ua",)), limit=1000).items
    # every event with Ukraine as a party is there (persons and places of Ukraine count too)
    assert {(e.doc, e.idx) for e in everything if "Ukraine" in (e.source, e.target)} <= set(
        _ids(ua)
    )
    assert stored.event_count(EventFilter(country=("ZZ",))) == 0
    moscow = stored.event_page(EventFilter(place="moscou"), limit=1000).items
    assert moscow == ()  # names match by their canonical words, as actors do
    moscow = stored.event_page(EventFilter(place="mosc"), limit=1000).items
    assert moscow and all(e.location == "Moscow" for e in moscow)
    assert len(moscow) == sum(e.location == "Moscow" for e in everything)


def test_text_query_over_evidence(stored: Store) -> None:
    everything = _all_events(stored)
    hits = stored.event_page(EventFilter(text="Medvedev"), limit=1000).items
    assert hits and all("Medvedev" in e.evidence for e in hits)
    prefix = stored.event_page(EventFilter(text="ZAPOR"), limit=1000).items
    assert prefix and all("zapor" in " ".join(words(e.evidence)) for e in prefix)
    expected = [e for e in everything if any(w.startswith("zapor") for w in words(e.evidence))]
    assert _ids(prefix) == _ids(expected)
    both = stored.event_count(EventFilter(text="Trump tarifs"))
    assert both == sum(
        any(w.startswith("trump") for w in words(e.evidence))
        and any(w.startswith("tarifs") for w in words(e.evidence))
        for e in everything
    )
    assert both >= 1
    assert stored.event_count(EventFilter(text="   ")) == 0
    assert stored.event_count(EventFilter(text="zzzzunknown")) == 0


def test_restricting_to_event_ids(stored: Store) -> None:
    everything = _all_events(stored)
    chosen = tuple(_ids(everything[:3]))
    page = stored.event_page(EventFilter(events=chosen), limit=1000)
    assert sorted(_ids(page.items)) == sorted(chosen)
    assert stored.event_count(EventFilter(events=())) == 0


def test_facets_count_what_the_filter_leaves(stored: Store) -> None:
    everything = _all_events(stored)
    facets = stored.event_facets(EventFilter())
    assert facets.total == len(everything)
    assert {f.value: f.n for f in facets.type} == Counter(e.type for e in everything)
    assert {f.value: f.n for f in facets.status} == Counter(e.status for e in everything)
    assert {f.value: f.n for f in facets.lang} == {"fr": len(everything)}
    assert [f.n for f in facets.type] == sorted((f.n for f in facets.type), reverse=True)
    actors = {f.label: f.n for f in facets.actor}
    assert actors["Russia"] == sum("Russia" in (e.source, e.target) for e in everything)
    countries = {f.value: f for f in facets.country}
    assert countries["RU"].label == "Russia" and countries["RU"].n >= actors["Russia"]
    # a selected type keeps the other types' counts; the other facets narrow to it
    assault = stored.event_facets(EventFilter(type=("ASSAULT",)))
    assert {f.value: f.n for f in assault.type} == {f.value: f.n for f in facets.type}
    assert assault.total == sum(e.type == "ASSAULT" for e in everything)
    assert sum(f.n for f in assault.status) == assault.total
    assert len(stored.event_facets(EventFilter(), top=1).type) == 1


def test_days_places_pairs_and_amounts(stored: Store) -> None:
    everything = _all_events(stored)
    days = stored.event_days(EventFilter())
    assert sum(d.n for d in days) == sum(1 for e in everything if e.date or e.published)
    assert [d.day for d in days] == sorted(d.day for d in days)
    places = stored.event_places(EventFilter())
    by_name = Counter()
    for p in places:
        by_name[p.name] += p.n
    assert by_name == Counter(e.location for e in everything if e.location_key)
    moscow = next(p for p in places if p.name == "Moscow")
    assert (moscow.kind, moscow.country) == ("PLACE", "RU")
    pairs = stored.actor_pairs(EventFilter())
    assert sum(p.n for p in pairs) == sum(
        1 for e in everything if e.source_key and e.target_key and e.source_key != e.target_key
    )
    aid = stored.event_amounts(EventFilter(type=("AID",)))
    assert aid and all(a.event.type == "AID" and a.quantities for a in aid)
    for item in aid:
        assert [q.doc for q in item.quantities] == [item.event.doc] * len(item.quantities)
        assert all(
            q.event_idx == item.event.idx and q.equivalent_of is None for q in item.quantities
        )
        assert _ids([item.event]) and item.quantities == tuple(
            stored.event_quantities(item.event.doc, item.event.idx)
        )
    units = {q.unit for a in aid for q in a.quantities}
    assert "EUR" in units


def test_other_pages(stored: Store) -> None:
    entities = stored.entities()
    walked = []
    cursor = None
    while True:
        page = stored.entity_page(limit=7, cursor=cursor)
        walked.extend(page.items)
        if page.next is None:
            break
        cursor = page.next
    assert walked == entities
    people = stored.entity_page(type="person", country="ru", limit=100).items
    assert people and all(p.type == "PERSON" and p.country == "RU" for p in people)

    docs = stored.document_page(limit=1)
    assert len(docs.items) == 1 and docs.next
    rest = stored.document_page(limit=10, cursor=docs.next)
    summaries = [*docs.items, *rest.items]
    assert len(summaries) == stored.count("documents") == 2
    assert summaries[0].published and summaries[1].published
    assert summaries[0].published >= summaries[1].published  # newest first
    for s in summaries:
        assert s.events == stored.count("events", doc=s.id)
        assert s.quotes == stored.count("quotes", doc=s.id)

    quotes = stored.quotes()
    walked_q = []
    cursor = None
    while True:
        qpage = stored.quote_page(limit=2, cursor=cursor)
        walked_q.extend(qpage.items)
        if qpage.next is None:
            break
        cursor = qpage.next
    assert walked_q == quotes
    assert stored.quote_page(speaker="peskov").items == tuple(stored.quotes(speaker="peskov"))

    amounts = stored.quantity_page(limit=1000).items
    assert len(amounts) == stored.count("quantities")
    first = stored.quantity_page(limit=2)
    second = stored.quantity_page(limit=2, cursor=first.next)
    assert [*first.items, *second.items] == list(amounts[:4])
    assert all(q.unit == "EUR" for q in stored.quantity_page(unit="EUR").items)


def test_segments_and_statistics(
    stored: Store, sample_analyses: dict[str, veille.Analysis]
) -> None:
    kinds: set[str] = set()
    for doc_id, analysis in sample_analyses.items():
        segments = stored.segments(doc_id)
        assert [(s.kind, s.start, s.end) for s in segments] == [
            (s.kind, s.start, s.end) for s in analysis.segments
        ]
        kinds.update(s.kind for s in segments)
    assert {"title", "body"} <= kinds and kinds & {"furniture", "boilerplate"}
    assert stored.segments("no-such-doc") == []
    stats = stored.statistics()
    assert stats.documents == 2
    assert stats.events == stored.count("events")
    assert stats.quotes == stored.count("quotes")
    assert stats.entities == len(stored.entities())
    assert stats.first and stats.last and stats.first <= stats.last
    assert {f.value: f.n for f in stats.types} == Counter(e.type for e in stored.events())
    assert [f.value for f in stats.languages] == ["fr"]


def test_bad_queries_are_query_errors(stored: Store) -> None:
    with pytest.raises(QueryError, match="sort"):
        stored.event_page(EventFilter(), sort="colour")  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="limit"):
        stored.event_page(EventFilter(), limit=0)
    with pytest.raises(QueryError, match="limit"):
        stored.entity_page(limit=100_000)
    with pytest.raises(QueryError, match="cursor"):
        stored.event_page(EventFilter(), cursor="not-a-cursor!")
    other = stored.event_page(EventFilter(), sort="type", limit=1).next
    assert other
    with pytest.raises(QueryError, match="another listing"):
        stored.event_page(EventFilter(), sort="date", cursor=other)
    with pytest.raises(QueryError, match="another listing"):
        stored.quote_page(cursor=other)
    forged = encode_cursor("events:date:asc", ["2025", "x", "not an int", 1])
    with pytest.raises(QueryError, match="sort key"):
        stored.event_page(EventFilter(), cursor=forged)
    # a hostile value in a cursor is a value, never SQL
    hostile = encode_cursor("events:date:asc", ["'; DROP TABLE events; --", "x", 0, 0])
    after = stored.event_page(EventFilter(), cursor=hostile, limit=1000).items
    assert len(after) == stored.count("events") > 0  # "'" sorts before every date


def test_hostile_filter_values_are_values(stored: Store) -> None:
    for value in ("' OR 1=1 --", "%", "_", '"; DROP TABLE events; --'):
        assert stored.event_count(EventFilter(type=(value,))) == 0
        assert stored.event_count(EventFilter(actor=value)) == 0
        assert stored.event_count(EventFilter(doc=value)) == 0
        assert stored.event_count(EventFilter(country=(value,))) == 0
    assert stored.count("events") > 0


def test_cursor_round_trip() -> None:
    c = encode_cursor("quotes", ["2025-08-06", "dé", 3, 4])
    assert decode_cursor(c, "quotes", (str, str, int, int)) == ["2025-08-06", "dé", 3, 4]
    assert decode_cursor(encode_cursor("e", [1]), "e", (float,)) == [1]
    with pytest.raises(QueryError):
        decode_cursor(encode_cursor("e", [True]), "e", (int,))


def test_replacing_a_document_replaces_its_segments_and_words(
    store_url: str, sample_analyses: dict[str, veille.Analysis], pipeline: veille.Pipeline
) -> None:
    doc_id = "000_da5d636b026594cb"
    with open_store(store_url) as store:
        store.save(sample_analyses[doc_id], VERSION)
        assert store.event_count(EventFilter(text="Medvedev")) >= 1
        changed = veille.document_from_text(
            doc_id,
            "Poutine reçoit Witkoff\n\nLa Russie a frappé Kharkiv mercredi.\n",
            published=dt.date(2025, 8, 6),
            language="fr",
        )
        analysis = pipeline.analyze(changed)
        assert store.save(analysis, VERSION) == "replaced"
        assert [(s.start, s.end) for s in store.segments(doc_id)] == [
            (s.start, s.end) for s in analysis.segments
        ]
        assert store.event_count(EventFilter(text="Medvedev")) == 0
        assert store.event_count(EventFilter(text="kharkiv")) == len(analysis.events) >= 1
