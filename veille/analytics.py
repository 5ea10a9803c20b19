"""What analysts look at, built from the store's queries: aid flows (donor by recipient, pledged
against delivered, each figure tied to its sentence), the actor network (who acts on whom,
cooperation or conflict) and the map of event places. The HTTP API and the web views show these
records as they are."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .geo import Geocoder
from .model import QUANTITY_UNITS
from .plover import is_cooperation
from .store import EventFilter, FacetCount, Store

__all__ = [
    "ActorNetwork",
    "AidFigure",
    "AidFlow",
    "Amount",
    "MapPlace",
    "NetworkEdge",
    "NetworkNode",
    "actor_network",
    "aid_flows",
    "event_map",
]

# what an aid event is when it has not happened yet
PLEDGED = ("announced", "conditional")
DELIVERED = ("happened",)


@dataclass(frozen=True, slots=True)
class Amount:
    """A sum: money by currency code (``unit``), or a count of items (``unit`` their noun)."""

    kind: str  # "money" or "items"
    unit: str
    value: float


@dataclass(frozen=True, slots=True)
class AidFigure:
    """One amount of one aid event, with where it is written: the amount (``start``/``end``)
    and the event's sentence (``evidence_start``/``evidence_end``)."""

    doc: str
    event_idx: int
    quantity_idx: int
    status: str
    pledged: bool
    kind: str
    unit: str
    value: float
    text: str
    start: int
    end: int
    evidence: str
    evidence_start: int
    evidence_end: int


@dataclass(frozen=True, slots=True)
class AidFlow:
    donor_key: str | None
    donor: str
    recipient_key: str | None
    recipient: str
    events: int
    pledged: tuple[Amount, ...]
    delivered: tuple[Amount, ...]
    figures: tuple[AidFigure, ...]


def _amount_kind(unit: str) -> str | None:
    if unit == "items":
        return "items"
    if unit in QUANTITY_UNITS:  # casualties, percentages, days: not aid
        return None
    return "money"


def aid_flows(store: Store, where: EventFilter) -> list[AidFlow]:
    """AID events that carry amounts, by donor and recipient; denied aid is left out. Sums are
    by currency and by item noun, pledged (announced, conditional) apart from delivered."""
    where = dataclasses.replace(where, type=("AID",))
    groups: dict[tuple[str, str], list[AidFigure]] = defaultdict(list)
    names: dict[tuple[str, str], tuple[str | None, str, str | None, str]] = {}
    events: dict[tuple[str, str], set[tuple[str, int]]] = defaultdict(set)
    for item in store.event_amounts(where):
        ev = item.event
        if ev.status not in PLEDGED + DELIVERED:
            continue
        group = (ev.source_key or ev.source or "?", ev.target_key or ev.target or "?")
        names[group] = (ev.source_key, ev.source or "?", ev.target_key, ev.target or "?")
        for q in item.quantities:
            kind = _amount_kind(q.unit)
            if kind is None:
                continue
            events[group].add((ev.doc, ev.idx))
            groups[group].append(
                AidFigure(
                    doc=ev.doc,
                    event_idx=ev.idx,
                    quantity_idx=q.idx,
                    status=ev.status,
                    pledged=ev.status in PLEDGED,
                    kind=kind,
                    unit=q.unit if kind == "money" else (q.what or "items"),
                    value=q.value,
                    text=q.evidence,
                    start=q.start,
                    end=q.end,
                    evidence=ev.evidence,
                    evidence_start=ev.start,
                    evidence_end=ev.end,
                )
            )
    flows = []
    for group, figures in groups.items():
        donor_key, donor, recipient_key, recipient = names[group]
        flows.append(
            AidFlow(
                donor_key=donor_key,
                donor=donor,
                recipient_key=recipient_key,
                recipient=recipient,
                events=len(events[group]),
                pledged=_sums(f for f in figures if f.pledged),
                delivered=_sums(f for f in figures if not f.pledged),
                figures=tuple(figures),
            )
        )
    flows.sort(key=lambda f: (-f.events, f.donor, f.recipient))
    return flows


def _sums(figures: Iterable[AidFigure]) -> tuple[Amount, ...]:
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for f in figures:
        totals[(f.kind, f.unit)] += f.value
    return tuple(Amount(kind=k, unit=u, value=v) for (k, u), v in sorted(totals.items()))


@dataclass(frozen=True, slots=True)
class NetworkNode:
    key: str
    name: str
    events: int


@dataclass(frozen=True, slots=True)
class NetworkEdge:
    """Events from one actor to another: ``cooperation`` and ``conflict`` count them by PLOVER
    quad class, ``types`` by event type."""

    source_key: str
    target_key: str
    source: str
    target: str
    n: int
    cooperation: int
    conflict: int
    types: tuple[FacetCount, ...]


@dataclass(frozen=True, slots=True)
class ActorNetwork:
    nodes: tuple[NetworkNode, ...]
    edges: tuple[NetworkEdge, ...]


def actor_network(store: Store, where: EventFilter, *, top: int = 60) -> ActorNetwork:
    """Who acts on whom: the ``top`` actors by events and the edges between them."""
    edges: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    label: dict[str, str] = {}
    degree: dict[str, int] = defaultdict(int)
    for pair in store.actor_pairs(where):
        edges[(pair.source_key, pair.target_key)][pair.type] += pair.n
        label.setdefault(pair.source_key, pair.source)
        label.setdefault(pair.target_key, pair.target)
        degree[pair.source_key] += pair.n
        degree[pair.target_key] += pair.n
    kept = set(sorted(degree, key=lambda k: (-degree[k], label[k]))[:top])
    out = []
    for (src, dst), types in edges.items():
        if src not in kept or dst not in kept:
            continue
        coop = sum(n for t, n in types.items() if is_cooperation(t) is True)
        conflict = sum(n for t, n in types.items() if is_cooperation(t) is False)
        out.append(
            NetworkEdge(
                source_key=src,
                target_key=dst,
                source=label[src],
                target=label[dst],
                n=sum(types.values()),
                cooperation=coop,
                conflict=conflict,
                types=tuple(
                    FacetCount(value=t, label=t, n=n)
                    for t, n in sorted(types.items(), key=lambda x: (-x[1], x[0]))
                ),
            )
        )
    out.sort(key=lambda e: (-e.n, e.source, e.target))
    nodes = tuple(
        NetworkNode(key=k, name=label[k], events=degree[k])
        for k in sorted(kept, key=lambda k: (-degree[k], label[k]))
    )
    return ActorNetwork(nodes=nodes, edges=tuple(out))


@dataclass(frozen=True, slots=True)
class MapPlace:
    """Events at one place. A country has no point (``latitude`` is None): a map places it by
    its shape, found by ``country_numeric`` (ISO 3166 numeric, the id of Natural Earth's
    shapes)."""

    key: str
    name: str
    country: str | None
    country_numeric: str | None
    latitude: float | None
    longitude: float | None
    precision: str | None
    n: int
    types: tuple[FacetCount, ...]


def event_map(store: Store, where: EventFilter, geocoder: Geocoder) -> list[MapPlace]:
    """Event places with their coordinates and the events there by type."""
    by_key: dict[str, list[tuple[str, int]]] = defaultdict(list)
    info: dict[str, tuple[str, str | None, str | None]] = {}
    for p in store.event_places(where):
        by_key[p.key].append((p.type, p.n))
        info.setdefault(p.key, (p.name, p.kind, p.country))
    out = []
    for key, types in by_key.items():
        name, kind, country = info[key]
        point = geocoder.locate(key, name, country, kind)
        cc = (point.country if point else None) or country
        codes = Geocoder.country(cc)
        out.append(
            MapPlace(
                key=key,
                name=name,
                country=cc,
                country_numeric=codes.numeric if codes else None,
                latitude=point.latitude if point else None,
                longitude=point.longitude if point else None,
                precision=point.precision if point else None,
                n=sum(n for _, n in types),
                types=tuple(
                    FacetCount(value=t, label=t, n=n)
                    for t, n in sorted(types, key=lambda x: (-x[1], x[0]))
                ),
            )
        )
    out.sort(key=lambda p: (-p.n, p.name))
    return out
