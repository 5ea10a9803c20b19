"""Clustering stored documents into copy groups and stories, incrementally.

Each document not yet clustered under its current analysis is profiled once, then linked to the
documents of its publication window that are its copies (LSH bands, then containment) or that
tell the same happening (story keys, then :func:`~veille.stories.linking.similarity`). Links are
a function of the two documents alone, so the stories, the connected components of the links,
and the copy groups, the components of the copy links, do not depend on the order documents
arrive in (beyond the candidate cap, :data:`MAX_CANDIDATES`, which only binds in a window with
that many documents sharing keys). Only the stories a new document touches are recomputed:
their components, summaries and merged events.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence

from ..settings import Settings
from ..store import Store, StoryDocRow, StoryEventRow, StoryLink, StoryRow, StoryWrite
from . import copies
from .linking import similarity
from .merge import merge_events
from .model import Profile, StoryUpdate
from .profile import candidate_keys, profile, story_keys

__all__ = ["MAX_CANDIDATES", "recompute_stories", "story_id_for", "update_stories"]

log = logging.getLogger(__name__)

MAX_CANDIDATES = 200  # story candidates scored per document, the most shared keys first


def story_id_for(first_doc: str) -> str:
    """A story is named after its earliest document (by day, then id)."""
    return "s-" + first_doc


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {i: i for i in items}

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[str]]:
        out: dict[str, list[str]] = {}
        for x in self.parent:
            out.setdefault(self.find(x), []).append(x)
        return list(out.values())


def _link(a: str, b: str, kind: str, score: float) -> StoryLink:
    lo, hi = (a, b) if a < b else (b, a)
    return StoryLink(doc_a=lo, doc_b=hi, kind=kind, score=round(score, 4))


def _cluster_one(store: Store, doc_id: str, settings: Settings) -> tuple[set[str], int, int]:
    """Profile, link and store one document; return the stories it touches, its copy links and
    how many candidates it was compared with."""
    doc = store.document(doc_id)
    if doc is None:  # removed meanwhile
        return set(), 0, 0
    prof = profile(doc)
    sig = copies.signature(doc.text)
    bands = copies.bands(sig)
    window = dt.timedelta(days=settings.story_window_days)
    since, until = prof.day - window, prof.day + window
    links: list[StoryLink] = []
    linked: dict[str, StoryDocRow] = {}
    near = store.copy_candidates(bands, since, until)
    for cand in near:
        if cand.doc == doc.id or cand.language != doc.language:
            continue
        other = copies.Signature(values=cand.signature, shingles=cand.shingles)
        score = copies.containment(sig, other)
        if score >= settings.copy_containment:
            links.append(_link(doc.id, cand.doc, "copy", score))
            linked[cand.doc] = cand
    n_copies = len(links)
    keys = story_keys(prof)
    heavy = candidate_keys(keys, prof)
    found = store.story_candidates(heavy, since, until, MAX_CANDIDATES)
    rows = store.story_documents(ids=[d for d, _ in found if d != doc.id and d not in linked])
    for row in rows:
        same = row.language == doc.language
        score = similarity(keys, story_keys(Profile.from_json(row.profile)), same)
        if score >= settings.story_min_score:
            links.append(_link(doc.id, row.doc, "story", score))
            linked[row.doc] = row
    touched = {r.story_id for r in linked.values()}
    own_story = min(touched) if touched else story_id_for(doc.id)
    store.save_story_document(
        StoryDocRow(
            doc=doc.id,
            content_hash=doc.content_hash,
            pipeline_version=doc.pipeline_version,
            day=prof.day,
            language=doc.language,
            source=prof.outlet,
            shingles=sig.shingles,
            signature=sig.values,
            profile=prof.to_json(),
            copy_of=doc.id,  # provisional: recompute_stories names the group
            story_id=own_story,
        ),
        bands,
        heavy,
        links,
    )
    return touched | {own_story}, n_copies, len(near) + len(rows)


def update_stories(store: Store, settings: Settings) -> StoryUpdate:
    """Cluster every stored document not yet clustered under its current analysis, and
    recompute the stories they join."""
    dirty: set[str] = set()
    clustered = forgotten = n_copies = compared = 0
    for pending in store.story_pending():
        if pending.stale:
            old = store.story_forget(pending.doc)
            forgotten += 1
            if old:
                dirty.add(old)
        touched, c, n = _cluster_one(store, pending.doc, settings)
        dirty |= touched
        clustered += 1
        n_copies += c
        compared += n
    written = recompute_stories(store, sorted(dirty)) if dirty else 0
    update = StoryUpdate(
        clustered=clustered,
        forgotten=forgotten,
        copies=n_copies,
        stories=written,
        compared=compared,
    )
    log.info("stories: %s", update.summary())
    return update


def _summary(
    story_id: str,
    members: Sequence[tuple[StoryDocRow, Profile]],
    copy_of: dict[str, str],
    n_events: int,
) -> StoryRow:
    first = members[0][1]
    originals = [p for r, p in members if copy_of[r.doc] == r.doc]
    titled = [p.title for p in originals if p.title] or [p.title for _, p in members if p.title]
    return StoryRow(
        id=story_id,
        title=titled[0] if titled else None,
        first_day=first.day,
        last_day=max(p.day for _, p in members),
        documents=len(members),
        originals=len({copy_of[r.doc] for r, _ in members}),
        languages=tuple(sorted({p.language for _, p in members if p.language})),
        outlets=tuple(sorted({p.outlet or p.doc for _, p in members})),
        events=n_events,
    )


def recompute_stories(store: Store, story_ids: Sequence[str]) -> int:
    """Recompute the given stories from their members' links: components, copy groups,
    summaries, merged events. Returns how many stories were written."""
    rows: dict[str, StoryDocRow] = {}
    for sid in story_ids:
        for row in store.story_documents(story=sid):
            rows[row.doc] = row
    links = store.story_links(sorted(rows))
    stories = _UnionFind(rows)
    groups = _UnionFind(rows)
    for ln in links:
        stories.union(ln.doc_a, ln.doc_b)
        if ln.kind == "copy":
            groups.union(ln.doc_a, ln.doc_b)
    order = {d: (r.day, d) for d, r in rows.items()}
    copy_of: dict[str, str] = {}
    for group in groups.groups():
        head = min(group, key=order.__getitem__)
        for d in group:
            copy_of[d] = head
    writes = []
    for component in stories.groups():
        component.sort(key=order.__getitem__)
        sid = story_id_for(component[0])
        members = [(rows[d], Profile.from_json(rows[d].profile)) for d in component]
        merged = merge_events(sid, [(p, copy_of[r.doc]) for r, p in members])
        events: list[StoryEventRow] = [ev for ev, _ in merged]
        reports = tuple((ev.idx, doc, idx) for ev, reps in merged for doc, idx in reps)
        writes.append(
            StoryWrite(
                story=_summary(sid, members, copy_of, len(events)),
                members=tuple((d, copy_of[d]) for d in component),
                events=tuple(events),
                reports=reports,
            )
        )
    store.write_stories(sorted(set(story_ids)), writes)
    return len(writes)
