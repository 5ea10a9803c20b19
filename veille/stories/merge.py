"""Merged events: the events of a story's documents that report one happening become one story
event that keeps every report.

Reports are taken in a fixed order (day, document, index), so the result does not depend on the
order the documents were ingested in. A report joins the merged event it agrees with most among
those it does not contradict: same type; parties that are the same entity, or of different kinds
without a conflict of country (the Russian army and Russia agree, Russia and Ukraine do not, nor
two different people), in their roles or, as extractors swap them, the other way round; dates
within :data:`DATE_TOLERANCE` days; places that are the same, one the other's country, or one
named after the other ("Kharkiv", "Kharkiv region"), where a site that the knowledge base does
not place ("the Okhmatdyt hospital", which may lie in Kyiv) contradicts no place. Reports that
merge may still differ: every value they give stays with its report.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ..store import StoryEventRow
from ..text import words
from .model import Profile, ProfileEntity, ProfileEvent

__all__ = ["DATE_TOLERANCE", "SYMMETRIC_TYPES", "merge_events"]

DATE_TOLERANCE = 2  # days between two reports' dates of one event
# types whose two parties may be given in either order ("A met B", "B met A")
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})


@dataclass(slots=True)
class _Member:
    prof: Profile
    copy_of: str


@dataclass(slots=True)
class _Cluster:
    type: str
    reports: list[tuple[_Member, ProfileEvent]] = field(default_factory=list)
    sources: Counter[str] = field(default_factory=Counter)
    targets: Counter[str] = field(default_factory=Counter)
    places: Counter[str] = field(default_factory=Counter)
    dates: Counter[dt.date] = field(default_factory=Counter)

    def add(self, member: _Member, ev: ProfileEvent) -> None:
        # roles are counted as the report gives them, even when it fits only swapped: a swap
        # is more often the extractor's error on one report than the truth of many
        self.reports.append((member, ev))
        if ev.source_key:
            self.sources[ev.source_key] += 1
        if ev.target_key:
            self.targets[ev.target_key] += 1
        if ev.location_key:
            self.places[ev.location_key] += 1
        if ev.date:
            self.dates[ev.date] += 1


class _Entities:
    """What the story's documents say about each entity key (kind, country, name)."""

    def __init__(self, members: Sequence[_Member]) -> None:
        self.info: dict[str, ProfileEntity] = {}
        for m in members:
            for ent in m.prof.entities:
                self.info.setdefault(ent.key, ent)

    def compatible(self, a: str, b: str) -> bool:
        if a == b:
            return True
        ea, eb = self.info.get(a), self.info.get(b)
        if ea is None or eb is None:
            return False
        if ea.type == eb.type:
            return False
        if ea.type == "COUNTRY" or eb.type == "COUNTRY":
            return not (ea.country and eb.country and ea.country != eb.country)
        return not (ea.country and eb.country and ea.country != eb.country)

    def placed(self, key: str) -> bool:
        """Whether the knowledge base says which country the place lies in."""
        ent = self.info.get(key)
        return ent is not None and bool(ent.country)

    def same_place(self, a: str, b: str) -> bool:
        if a == b:
            return True
        ea, eb = self.info.get(a), self.info.get(b)
        if ea is None or eb is None:
            return False
        for x, y in ((ea, eb), (eb, ea)):
            if x.type == "COUNTRY" and x.country and x.country == y.country:
                return True
        wa, wb = words(ea.name), words(eb.name)
        return bool(wa and wb and wa[0] == wb[0])


def _parties(ev: ProfileEvent) -> list[str]:
    return [k for k in (ev.source_key, ev.target_key) if k]


def _fits(keys: Counter[str], key: str | None, ok: Callable[[str, str], bool]) -> bool:
    if not key or not keys:
        return True
    return any(ok(key, k) for k in keys)


_NO, _AS_GIVEN, _SWAPPED = 0, 1, 2


def _parties_fit(c: _Cluster, ev: ProfileEvent, ents: _Entities) -> int:
    """How the report's parties can be the merged event's. A report naming one party only, or
    an event of a symmetric type, needs one party in common (or no conflict) whatever the roles;
    a report naming both parties must fit them in its roles or the other way round (an extractor
    that takes "the Russian attack" for an attack on Russia swaps them)."""
    parties = _parties(ev)
    everyone = c.sources + c.targets
    if not parties or not everyone:
        return _AS_GIVEN
    if ev.type in SYMMETRIC_TYPES or len(parties) == 1:
        fit = any(ents.compatible(p, q) for p in parties for q in everyone)
        return _AS_GIVEN if fit else _NO
    ok = ents.compatible
    if _fits(c.sources, ev.source_key, ok) and _fits(c.targets, ev.target_key, ok):
        return _AS_GIVEN
    if _fits(c.sources, ev.target_key, ok) and _fits(c.targets, ev.source_key, ok):
        return _SWAPPED
    return _NO


def _compatible(c: _Cluster, ev: ProfileEvent, ents: _Entities) -> int:
    """How the report fits the merged event (:data:`_NO` when it contradicts it)."""
    fit = _parties_fit(c, ev, ents) if ev.type == c.type else _NO
    if fit == _NO:
        return _NO
    if ev.date and c.dates and all(abs((ev.date - d).days) > DATE_TOLERANCE for d in c.dates):
        return _NO
    return fit if _place_fits(c, ev.location_key, ents) else _NO


def _place_fits(c: _Cluster, key: str | None, ents: _Entities) -> bool:
    """A place fits the merged event's places unless both are placed by the knowledge base and
    disagree: a site it does not place may lie in any of them."""
    if not key or not ents.placed(key):
        return True
    placed = [k for k in c.places if ents.placed(k)]
    return not placed or any(ents.same_place(key, k) for k in placed)


def _agreement(c: _Cluster, ev: ProfileEvent) -> float:
    parties = c.sources + c.targets
    score = 1.5 * sum(1 for p in _parties(ev) if p in parties)
    if ev.type not in SYMMETRIC_TYPES:  # in its role, a party counts more
        score += 0.5 * (ev.source_key in c.sources) + 0.5 * (ev.target_key in c.targets)
    score += 1.0 * (ev.location_key in c.places) + 1.0 * (ev.date in c.dates)
    return score + 0.001 * len({m.prof.doc for m, _ in c.reports})


def _top(counter: Counter[str]) -> str | None:
    """The most frequent value, the first given on a tie (reports come in a fixed order)."""
    return max(counter, key=counter.__getitem__) if counter else None


def _name_of(c: _Cluster, key: str | None) -> str | None:
    if key is None:
        return None
    for _, ev in c.reports:
        for k, name in (
            (ev.source_key, ev.source),
            (ev.target_key, ev.target),
            (ev.location_key, ev.location),
        ):
            if k == key:
                return name
    return None


def merge_events(
    story_id: str, members: Sequence[tuple[Profile, str]]
) -> list[tuple[StoryEventRow, list[tuple[str, int]]]]:
    """The merged events of one story (``members``: each document's profile and copy group)
    with their reports ``(doc, idx)``; the most reported first."""
    mems = sorted((_Member(p, c) for p, c in members), key=lambda m: (m.prof.day, m.prof.doc))
    ents = _Entities(mems)
    clusters: list[_Cluster] = []
    for m in mems:
        for ev in sorted(m.prof.events, key=lambda e: e.idx):
            if ev.status == "denied":
                continue
            best: _Cluster | None = None
            best_score = -1.0
            for c in clusters:
                if _compatible(c, ev, ents) != _NO:
                    s = _agreement(c, ev)
                    if s > best_score:
                        best, best_score = c, s
            if best is None:
                best = _Cluster(type=ev.type)
                clusters.append(best)
            best.add(m, ev)
    rows: list[tuple[StoryEventRow, list[tuple[str, int]]]] = []
    for c in clusters:
        src, place = _top(c.sources), _top(c.places)
        tgt = _top(Counter({k: n for k, n in c.targets.items() if k != src}))  # not itself
        date = min(c.dates, key=lambda d: (-c.dates[d], d)) if c.dates else None
        modes = Counter(ev.mode for _, ev in c.reports if ev.mode)
        row = StoryEventRow(
            story_id=story_id,
            idx=0,
            type=c.type,
            mode=min(modes, key=lambda k: (-modes[k], k)) if modes else None,
            source=_name_of(c, src),
            source_key=src,
            target=_name_of(c, tgt),
            target_key=tgt,
            date=date,
            location=_name_of(c, place),
            location_key=place,
            first_day=min(m.prof.day for m, _ in c.reports),
            reports=len(c.reports),
            originals=len({m.copy_of for m, _ in c.reports}),
            outlets=len({m.prof.outlet or m.prof.doc for m, _ in c.reports}),
            languages=tuple(sorted({m.prof.language for m, _ in c.reports if m.prof.language})),
        )
        rows.append((row, [(m.prof.doc, ev.idx) for m, ev in c.reports]))
    rows.sort(key=lambda r: (-r[0].originals, -r[0].reports, r[0].first_day, r[0].type, r[1][0]))
    return [(replace(row, idx=i), reports) for i, (row, reports) in enumerate(rows)]
