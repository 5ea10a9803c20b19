"""The stories the web layer shows, behind a small typed interface.

A story is a set of events from several reports, with the claims made about them. Story
building lives in its own part of veille; until a store holds stories, :class:`NoStories`
answers that there are none and says why, and the API and the view say so in turn. Wiring real
stories is one :class:`StorySource` over them.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass

from ..store import EventRow, Page, Store

__all__ = ["NoStories", "Story", "StoryClaim", "StoryReport", "StorySource", "StorySummary"]


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
