"""The stories the web layer shows, behind a small typed interface.

A story is a set of events from several reports, with the claims made about them. Story
building lives in :mod:`veille.stories` (``veille stories`` clusters the stored documents, the
ingest does not); :class:`StoreStories` reads the stories it wrote into the store, and says why
there are none to show while clustering has not run. :class:`NoStories` is the source of a
server that shows no stories at all.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass

from ..errors import QueryError
from ..store import EventRow, Page, Store, StoryReportRow, StoryRow

__all__ = [
    "NoStories",
    "StoreStories",
    "Story",
    "StoryClaim",
    "StoryReport",
    "StorySource",
    "StorySummary",
]

# the migration that adds the story tables
STORY_SCHEMA = 5


@dataclass(frozen=True, slots=True)
class StoryReport:
    """A document that reports the story."""

    doc: str
    title: str | None
    published: dt.date | None
    source: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class StoryClaim:
    """What someone (``claimant``) says happened, where it is written."""

    claimant: str | None
    status: str
    text: str
    doc: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class StorySummary:
    id: str
    title: str
    first: dt.date | None
    last: dt.date | None
    events: int
    reports: int


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    first: dt.date | None
    last: dt.date | None
    events: tuple[EventRow, ...]
    reports: tuple[StoryReport, ...]
    claims: tuple[StoryClaim, ...]


class StorySource(ABC):
    """Where stories come from. ``available`` is false when there are none to show, and
    ``reason`` then says why."""

    available: bool = True
    reason: str = ""

    def status(self, store: Store) -> tuple[bool, str]:
        """``(available, reason)`` for this store now; by default the class's own."""
        return self.available, self.reason

    @abstractmethod
    def stories(self, store: Store, *, limit: int, cursor: str | None) -> Page[StorySummary]: ...

    @abstractmethod
    def story(self, store: Store, story_id: str) -> Story | None: ...

    @abstractmethod
    def event_ids(self, store: Store, story_id: str) -> tuple[tuple[str, int], ...] | None:
        """The ``(doc, idx)`` of the story's events, None when there is no such story."""


class NoStories(StorySource):
    available = False
    reason = (
        "this store holds no stories: story building (copies, stories, merged events, claims) "
        "is not part of this version of veille yet"
    )

    def stories(self, store: Store, *, limit: int, cursor: str | None) -> Page[StorySummary]:
        return Page(items=(), next=None)

    def story(self, store: Store, story_id: str) -> Story | None:
        return None

    def event_ids(self, store: Store, story_id: str) -> tuple[tuple[str, int], ...] | None:
        return None


class StoreStories(StorySource):
    """The stories :mod:`veille.stories` wrote into the store (``veille stories`` builds them).

    A story's ``events`` are the stored events its reports are made of; its ``claims`` are what
    each of those reports says happened (claimant, status, the sentence and its offsets)."""

    reason = ""

    def status(self, store: Store) -> tuple[bool, str]:
        if store.schema_version() < STORY_SCHEMA:
            return False, "this store has no story tables (migrate it with a current veille)"
        if store.stories(limit=1):
            return True, ""
        pending = len(store.story_pending())
        if pending:
            return False, (
                f"stories have not been built: {pending} stored documents are not clustered "
                "yet (run `veille stories` to build them)"
            )
        return False, "the store holds no stories: there are no stored documents to cluster"

    def stories(self, store: Store, *, limit: int, cursor: str | None) -> Page[StorySummary]:
        rows = store.stories()
        start = 0
        if cursor:
            ids = [r.id for r in rows]
            if cursor not in ids:
                raise QueryError(f"invalid cursor {cursor!r}: no such story")
            start = ids.index(cursor) + 1
        chunk = rows[start : start + limit]
        more = start + limit < len(rows)
        return Page(
            items=tuple(_summary(r) for r in chunk),
            next=chunk[-1].id if more and chunk else None,
        )

    def story(self, store: Store, story_id: str) -> Story | None:
        row = store.story(story_id)
        if row is None:
            return None
        reports = store.story_reports(story_id)
        documents = []
        for member in store.story_documents(story=story_id):
            doc = store.document(member.doc)
            documents.append(
                StoryReport(
                    doc=member.doc,
                    title=doc.title if doc else None,
                    published=doc.published if doc and doc.published else member.day,
                    source=(doc.source if doc else None) or member.source,
                    url=doc.url if doc else None,
                )
            )
        return Story(
            id=row.id,
            title=_title(row),
            first=row.first_day,
            last=row.last_day,
            events=_events(reports),
            reports=tuple(documents),
            claims=_claims(reports),
        )

    def event_ids(self, store: Store, story_id: str) -> tuple[tuple[str, int], ...] | None:
        if store.story(story_id) is None:
            return None
        return tuple((e.doc, e.idx) for e in _events(store.story_reports(story_id)))


def _title(row: StoryRow) -> str:
    return row.title or f"story {row.id}"


def _summary(row: StoryRow) -> StorySummary:
    return StorySummary(
        id=row.id,
        title=_title(row),
        first=row.first_day,
        last=row.last_day,
        events=row.events,
        reports=row.documents,
    )


def _events(reports: list[StoryReportRow]) -> tuple[EventRow, ...]:
    """The stored events behind a story's merged events, once each, by document and index."""
    seen: dict[tuple[str, int], EventRow] = {}
    for r in reports:
        seen.setdefault((r.event.doc, r.event.idx), r.event)
    return tuple(seen[k] for k in sorted(seen))


def _claims(reports: list[StoryReportRow]) -> tuple[StoryClaim, ...]:
    """What each report says happened, once per sentence, claimant and status, in the order of
    the merged events."""
    out: dict[tuple[str, int, int, str | None, str], StoryClaim] = {}
    for r in reports:
        ev = r.event
        claim = StoryClaim(
            claimant=ev.claimant,
            status=ev.status,
            text=ev.evidence,
            doc=ev.doc,
            start=ev.start,
            end=ev.end,
        )
        out.setdefault((ev.doc, ev.start, ev.end, ev.claimant, ev.status), claim)
    return tuple(out.values())
