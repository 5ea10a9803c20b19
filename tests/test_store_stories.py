"""The story tables' store methods, on SQLite and on a real PostgreSQL server: candidates bounded
by their window, links, replacing stories, listings, reports joined to their events."""

from __future__ import annotations

import datetime as dt

import veille
from veille.store import StoryDocRow, StoryEventRow, StoryLink, StoryRow, StoryWrite, open_store

VERSION = "test-pipeline"
DAY = dt.date(2025, 8, 6)


def _row(doc: veille.Analysis, day: dt.date, story: str) -> StoryDocRow:
    d = doc.document
    return StoryDocRow(
        doc=d.id,
        content_hash=d.content_hash,
        pipeline_version=VERSION,
        day=day,
        language=doc.language,
        source="Outlet " + d.id[:3],
        shingles=40,
        signature=bytes(range(16)),
        profile=f'{{"doc": "{d.id}"}}',
        copy_of=d.id,
        story_id=story,
    )


def test_story_tables_contract(store_url: str, sample_analyses: dict[str, veille.Analysis]) -> None:
    (a_id, a), (b_id, b) = sorted(sample_analyses.items())
    with open_store(store_url) as store:
        assert store.schema_version() >= 3
        for an in (a, b):
            store.save(an, VERSION)
        assert [p.doc for p in store.story_pending()] == sorted(
            [a_id, b_id], key=lambda i: (sample_analyses[i].document.published, i)
        )
        assert not any(p.stale for p in store.story_pending())
        store.save_story_document(_row(a, DAY, "s-a"), [(0, 11), (1, 12)], ["ent:x", "ent:y"], [])
        store.save_story_document(
            _row(b, DAY + dt.timedelta(days=2), "s-a"),
            [(0, 11), (1, 99)],
            ["ent:x"],
            [StoryLink(doc_a=min(a_id, b_id), doc_b=max(a_id, b_id), kind="copy", score=0.9)],
        )
        assert store.story_pending() == []
        # candidates: shared bands / keys within the window only
        near = store.copy_candidates([(0, 11)], DAY, DAY + dt.timedelta(days=2))
        assert [r.doc for r in near] == sorted([a_id, b_id], key=lambda i: (i != a_id, i))
        assert [r.doc for r in store.copy_candidates([(1, 12)], DAY, DAY)] == [a_id]
        assert (
            store.copy_candidates([(0, 11)], DAY + dt.timedelta(days=3), DAY + dt.timedelta(days=9))
            == []
        )
        got = store.copy_candidates([(0, 11)], DAY, DAY)[0]
        assert got.signature == bytes(range(16)) and got.day == DAY and got.shingles == 40
        assert store.story_candidates(["ent:x", "ent:y"], DAY, DAY + dt.timedelta(days=2), 10) == [
            (a_id, 2),
            (b_id, 1),
        ]
        assert store.story_candidates(["ent:x"], DAY, DAY + dt.timedelta(days=2), 1) == [(a_id, 1)]
        assert len(store.story_links([a_id, b_id])) == 1
        assert store.story_links([a_id]) == []
        # write a story with one merged event reported by both documents
        ev_a, ev_b = a.events[0], b.events[0]
        story = StoryRow(
            id="s-" + a_id,
            title="t",
            first_day=DAY,
            last_day=DAY + dt.timedelta(days=2),
            documents=2,
            originals=1,
            languages=("fr",),
            outlets=("Outlet 1", "Outlet 2"),
            events=1,
        )
        merged = StoryEventRow(
            story_id=story.id,
            idx=0,
            type=ev_a.type,
            mode=None,
            source=ev_a.source,
            source_key=None,
            target=ev_a.target,
            target_key=None,
            date=ev_a.date,
            location=None,
            location_key=None,
            first_day=DAY,
            reports=2,
            originals=1,
            outlets=2,
            languages=("fr",),
        )
        store.write_stories(
            ["s-a"],
            [
                StoryWrite(
                    story=story,
                    members=((a_id, a_id), (b_id, a_id)),
                    events=(merged,),
                    reports=((0, a_id, 0), (0, b_id, 0)),
                )
            ],
        )
        assert store.story(story.id) == story
        assert store.story("s-a") is None
        assert store.story_of(b_id) == story.id
        assert {r.copy_of for r in store.story_documents(story=story.id)} == {a_id}
        assert store.stories() == [story]
        assert store.stories(lang="de") == []
        assert store.stories(since=DAY + dt.timedelta(days=3)) == []
        assert store.stories(until=DAY - dt.timedelta(days=1)) == []
        assert store.story_events(story=story.id) == [merged]
        assert store.story_events(type=ev_a.type.lower()) == [merged]
        reports = store.story_reports(story.id)
        assert [(r.event.doc, r.event.idx) for r in reports] == [(a_id, 0), (b_id, 0)]
        assert reports[0].event.evidence == ev_a.evidence and reports[1].copy_of == a_id
        assert reports[1].event.evidence == ev_b.evidence and reports[0].outlet
        # forgetting a document removes its rows and names its story
        assert store.story_forget(b_id) == story.id
        assert store.story_forget(b_id) is None
        assert [p.doc for p in store.story_pending()] == [b_id]
        assert [(r.event.doc) for r in store.story_reports(story.id)] == [a_id]
        assert store.story_links([a_id, b_id]) == []
        store.write_stories([story.id], [])
        assert store.stories() == [] and store.story_events() == []
