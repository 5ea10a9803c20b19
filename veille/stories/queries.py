"""Reading stories: overviews, one story with every report and claim, merged events, and the
story's export record."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from ..model import to_dict
from ..store import QuantityRow, Store, StoryEventRow, StoryReportRow
from .claims import claims
from .model import (
    Profile,
    Report,
    StoryDetail,
    StoryDocument,
    StoryEvent,
    StoryOverview,
)

__all__ = ["list_stories", "merged_events", "story_detail", "story_record"]

MAIN_EVENTS = 3
# violent events, and the figures that count their victims
CASUALTY_TYPES = ("ASSAULT",)
CASUALTY_UNITS = ("people_killed", "people_injured")
_DOCUMENT_KEYS = ("doc", "outlet", "language", "day", "copy_of")


def list_stories(
    store: Store,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str | None = None,
    limit: int | None = None,
) -> list[StoryOverview]:
    """Stories (the latest first) with their most reported merged events."""
    out = []
    for row in store.stories(since=since, until=until, lang=lang, limit=limit):
        events = store.story_events(story=row.id)
        out.append(StoryOverview(story=row, main_events=tuple(events[:MAIN_EVENTS])))
    return out


def merged_events(
    store: Store,
    *,
    type: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    story: str | None = None,
) -> list[StoryEventRow]:
    """One row per story event, with its report, original and outlet counts."""
    return store.story_events(story=story, type=type, since=since, until=until)


def _report(r: StoryReportRow) -> Report:
    ev = r.event
    return Report(
        doc=ev.doc,
        outlet=r.outlet,
        language=ev.language,
        day=ev.published,
        copy_of=r.copy_of,
        idx=ev.idx,
        source=ev.source,
        target=ev.target,
        date=ev.date,
        date_text=ev.date_text,
        location=ev.location,
        claimant=ev.claimant,
        status=ev.status,
        evidence=ev.evidence,
        start=ev.start,
        end=ev.end,
    )


def _variants(reports: list[Report]) -> tuple[tuple[str, str, int], ...]:
    out: list[tuple[str, str, int]] = []
    for attr in ("source", "target", "location", "date"):
        counts: Counter[str] = Counter()
        for r in reports:
            value = getattr(r, attr)
            if value is not None:
                counts[value.isoformat() if isinstance(value, dt.date) else str(value)] += 1
        if len(counts) > 1:
            out.extend((attr, v, n) for v, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])))
    return tuple(out)


def _loose_casualties(
    store: Store, events: list[StoryEventRow], by_event: dict[int, list[StoryReportRow]]
) -> dict[tuple[str, int], list[QuantityRow]]:
    """Casualty figures a document gives without the extractor tying them to an event belong to
    its report of the story's main violent event (the most reported of :data:`CASUALTY_TYPES`):
    ``(doc, idx)`` of that report -> figures."""
    main = next((e for e in events if e.type in CASUALTY_TYPES), None)
    if main is None:
        return {}
    out: dict[tuple[str, int], list[QuantityRow]] = {}
    for rep in by_event.get(main.idx, []):
        key = (rep.event.doc, rep.event.idx)
        if any(k[0] == key[0] for k in out):
            continue  # one report per document takes them
        doc = store.document(rep.event.doc)
        if doc is None:
            continue
        out[key] = [
            q
            for q in doc.quantities
            if q.event_idx is None and q.equivalent_of is None and q.unit in CASUALTY_UNITS
        ]
    return out


def story_detail(store: Store, story_id: str) -> StoryDetail | None:
    """A story's documents, and its merged events with every report, claim and variant."""
    row = store.story(story_id)
    if row is None:
        return None
    members = store.story_documents(story=story_id)
    documents = []
    for m in members:
        prof = Profile.from_json(m.profile)
        documents.append(
            StoryDocument(
                doc=m.doc,
                title=prof.title,
                outlet=m.source,
                language=m.language,
                day=m.day,
                copy_of=m.copy_of,
            )
        )
    by_event: dict[int, list[StoryReportRow]] = {}
    for rep in store.story_reports(story_id):
        by_event.setdefault(rep.event_idx, []).append(rep)
    story_events = store.story_events(story=story_id)
    loose = _loose_casualties(store, story_events, by_event)
    events = []
    for ev in story_events:
        reps = [_report(r) for r in by_event.get(ev.idx, [])]
        with_amounts: list[tuple[Report, list[QuantityRow]]] = [
            (r, store.event_quantities(r.doc, r.idx) + loose.get((r.doc, r.idx), [])) for r in reps
        ]
        events.append(
            StoryEvent(
                event=ev,
                reports=tuple(reps),
                claims=claims(with_amounts),
                variants=_variants(reps),
            )
        )
    return StoryDetail(story=row, documents=tuple(documents), events=tuple(events))


def story_record(detail: StoryDetail) -> dict[str, Any]:
    """The export record of a story (the shape ``veille stories --jsonl`` writes)."""
    st = detail.story
    return {
        "story": st.id,
        "title": st.title,
        "first_day": st.first_day.isoformat(),
        "last_day": st.last_day.isoformat(),
        "languages": list(st.languages),
        "outlets": list(st.outlets),
        "documents": [
            {
                k: v
                for k, v in to_dict(d).items()
                if k in ("doc", "outlet", "language", "day", "copy_of")
            }
            for d in detail.documents
        ],
        "originals": st.originals,
        "events": [
            {
                "type": e.event.type,
                "source": e.event.source,
                "target": e.event.target,
                "date": e.event.date.isoformat() if e.event.date else None,
                "location": e.event.location,
                "reports": e.event.reports,
                "originals": e.event.originals,
                "outlets": e.event.outlets,
                "languages": list(e.event.languages),
                "mentions": [
                    {
                        "doc": r.doc,
                        "outlet": r.outlet,
                        "evidence": r.evidence,
                        "start": r.start,
                        "end": r.end,
                        "date_text": r.date_text,
                        "claimant": r.claimant,
                    }
                    for r in e.reports
                ],
                "claims": [
                    {
                        "unit": c.unit,
                        "what": c.what,
                        "history": c.history,
                        "values": [
                            {
                                "value": v.value,
                                "claimants": list(v.claimants),
                                "outlets": list(v.outlets),
                                "first_day": v.first_day.isoformat() if v.first_day else None,
                            }
                            for v in c.values
                        ],
                    }
                    for c in e.claims
                ],
            }
            for e in detail.events
        ],
    }
