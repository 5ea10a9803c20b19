"""Typed records of the stories layer: what a clustered document keeps of its analysis (its
profile), and what the story queries return (overviews, details, reports, claims).

Every record is a frozen, slotted dataclass of plain values; ``veille.to_dict`` serialises it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from ..model import to_dict
from ..store import StoryEventRow, StoryRow

__all__ = [
    "Claim",
    "ClaimValue",
    "Profile",
    "ProfileEntity",
    "ProfileEvent",
    "ProfileQuantity",
    "Report",
    "StoryDetail",
    "StoryDocument",
    "StoryEvent",
    "StoryOverview",
    "StoryUpdate",
]


@dataclass(frozen=True, slots=True)
class ProfileEntity:
    """A named entity of a document: canonical key, its country (ISO code) and how central it is
    to the document (``salience``, 0–1: mentions, mention in the lead, part in an event)."""

    key: str
    name: str
    type: str
    country: str | None
    salience: float


@dataclass(frozen=True, slots=True)
class ProfileQuantity:
    value: float
    unit: str
    what: str | None
    qualifier: str | None


@dataclass(frozen=True, slots=True)
class ProfileEvent:
    """An event of a document, with the amounts attached to it."""

    idx: int
    type: str
    mode: str | None
    source: str | None
    source_key: str | None
    target: str | None
    target_key: str | None
    date: dt.date | None
    location: str | None
    location_key: str | None
    claimant: str | None
    status: str
    quantities: tuple[ProfileQuantity, ...] = ()


@dataclass(frozen=True, slots=True)
class Profile:
    """What clustering keeps of one stored analysis (kept as JSON in the story tables)."""

    doc: str
    day: dt.date
    language: str | None
    outlet: str | None
    title: str | None
    entities: tuple[ProfileEntity, ...]
    events: tuple[ProfileEvent, ...]
    tokens: tuple[str, ...] = ()

    def to_json(self) -> str:
        return json.dumps(to_dict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Profile:
        data: dict[str, Any] = json.loads(text)
        return cls(
            doc=data["doc"],
            day=dt.date.fromisoformat(data["day"]),
            language=data["language"],
            outlet=data["outlet"],
            title=data["title"],
            entities=tuple(ProfileEntity(**e) for e in data["entities"]),
            events=tuple(
                ProfileEvent(
                    **{
                        **e,
                        "date": dt.date.fromisoformat(e["date"]) if e["date"] else None,
                        "quantities": tuple(ProfileQuantity(**q) for q in e["quantities"]),
                    }
                )
                for e in data["events"]
            ),
            tokens=tuple(data.get("tokens", ())),
        )


@dataclass(frozen=True, slots=True)
class StoryUpdate:
    """What one :func:`veille.stories.update_stories` run did."""

    clustered: int = 0
    forgotten: int = 0
    copies: int = 0
    stories: int = 0
    compared: int = 0  # candidate documents compared (copy and story candidates)

    def summary(self) -> str:
        return (
            f"{self.clustered} documents clustered ({self.forgotten} again), "
            f"{self.copies} copy links, {self.stories} stories written"
        )


@dataclass(frozen=True, slots=True)
class StoryOverview:
    """A story with its main merged events (the most reported first)."""

    story: StoryRow
    main_events: tuple[StoryEventRow, ...]


@dataclass(frozen=True, slots=True)
class StoryDocument:
    doc: str
    title: str | None
    outlet: str | None
    language: str | None
    day: dt.date
    copy_of: str


@dataclass(frozen=True, slots=True)
class Report:
    """One document's report of a merged event: the sentence, its offsets, the report's own date
    expression and claimant."""

    doc: str
    outlet: str | None
    language: str | None
    day: dt.date | None
    copy_of: str
    idx: int
    source: str | None
    target: str | None
    date: dt.date | None
    date_text: str | None
    location: str | None
    claimant: str | None
    status: str
    evidence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ClaimValue:
    """One value of a figure and who gives it: claimants named in the reports, the outlets that
    ran it (``originals``: copy groups, counted once)."""

    value: float
    qualifier: str | None
    claimants: tuple[str, ...]
    outlets: tuple[str, ...]
    documents: tuple[str, ...]
    originals: int
    first_day: dt.date | None
    evidence: str


@dataclass(frozen=True, slots=True)
class Claim:
    """Every value given for one figure (unit, and what is counted) of a merged event.

    ``disputed``: the reports disagree; ``history``: the value changed with publication time
    (each value after the first was published later and is larger, as a death toll grows)."""

    unit: str
    what: str | None
    values: tuple[ClaimValue, ...]
    disputed: bool
    history: bool


@dataclass(frozen=True, slots=True)
class StoryEvent:
    """A merged event with every report and claim; ``variants`` lists the values reports give
    for an attribute where they differ (``("location", "Kharkiv", 3)``)."""

    event: StoryEventRow
    reports: tuple[Report, ...]
    claims: tuple[Claim, ...]
    variants: tuple[tuple[str, str, int], ...]


@dataclass(frozen=True, slots=True)
class StoryDetail:
    story: StoryRow
    documents: tuple[StoryDocument, ...]
    events: tuple[StoryEvent, ...]
