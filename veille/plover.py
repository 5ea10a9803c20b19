"""The PLOVER event-record shape (the field names of the PLOVER specification's JSON data
fields, as POLECAT uses them) and PLOVER's quad categories.

``plover_records`` turns one stored document into one record per event: the event type (a
list, as the specification allows several), mode, quad code, source and recipient actors with
their names, identifiers and country codes, date, location with country and coordinates, the
evidence sentence with its offsets and its document. veille's own fields (status, claimant,
confidence, date precision) ride along under their own names, as the specification invites.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from .geo import Geocoder
from .store import EventRow, StoredDocument, StoredEntity

__all__ = [
    "CODEBOOK",
    "QUAD_CLASSES",
    "QUAD_NAMES",
    "is_cooperation",
    "plover_records",
    "quad_class",
    "write_plover",
]

CODEBOOK = "PLOVER 2021"
# PLOVER's quad categories (1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
# 4 material conflict) for the event types veille codes
QUAD_CLASSES: dict[str, int] = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "SANCTION": 3,
    "PROTEST": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def quad_class(event_type: str) -> int | None:
    return QUAD_CLASSES.get(event_type.upper())


def is_cooperation(event_type: str) -> bool | None:
    """True for cooperation, False for conflict, None for a type outside the quad classes."""
    quad = quad_class(event_type)
    return None if quad is None else quad <= 2


def _actor(
    key: str | None, name: str | None, ev: EventRow, entities: dict[str, StoredEntity]
) -> list[dict[str, Any]]:
    if not name:
        return []
    ent = entities.get(key or "")
    country = ent.country if ent else None
    codes = Geocoder.country(country)
    text = None
    if ent is not None:
        inside = [m for m in ent.mentions if ev.start <= m.start and m.end <= ev.end]
        text = inside[0].text if inside else None
    kb_id = ent.kb_id if ent else None
    return [
        {
            "actor_text": text,
            "identifier_id": kb_id or key,
            "identifier_text": name,
            "code": codes.alpha3 if codes else None,
            "country": country,
            "type": ent.type if ent else None,
            "office": ent.role if ent else None,
        }
    ]


def _location(
    ev: EventRow, entities: dict[str, StoredEntity], geocoder: Geocoder
) -> dict[str, Any] | None:
    if not ev.location:
        return None
    ent = entities.get(ev.location_key or "")
    country = ent.country if ent else None
    point = geocoder.locate(ev.location_key, ev.location, country, ent.type if ent else None)
    codes = Geocoder.country(point.country if point and point.country else country)
    return {
        "geonameid": point.geonameid if point else None,
        "name": ev.location,
        "identifier_id": ev.location_key,
        "latitude": point.latitude if point else None,
        "longitude": point.longitude if point else None,
        "feature_class": ("P" if point.precision == "city" else "A") if point else None,
        "country_code": codes.alpha2 if codes else None,
        "cc3": codes.alpha3 if codes else None,
    }


def plover_records(
    doc: StoredDocument, geocoder: Geocoder, *, coder: str = "veille"
) -> Iterator[dict[str, Any]]:
    """One PLOVER record per event of a stored document."""
    entities = {e.key: e for e in doc.entities}
    for ev in doc.events:
        amounts = [q for q in doc.quantities if q.event_idx == ev.idx and q.equivalent_of is None]
        dead = sum(q.value for q in amounts if q.unit == "people_killed")
        injured = sum(q.value for q in amounts if q.unit == "people_injured")
        date = ev.date or doc.published
        yield {
            "id": f"{doc.id}-{ev.idx}",
            "date": date.isoformat() if date else None,
            "event": [ev.type],
            "mode": ev.mode,
            "quad_code": quad_class(ev.type),
            "source": _actor(ev.source_key, ev.source, ev, entities),
            "recipient": _actor(ev.target_key, ev.target, ev, entities),
            "event_loc": _location(ev, entities, geocoder),
            "event_text": [ev.evidence],
            "text_info": {"start": ev.start, "end": ev.end},
            "dead": int(dead) if dead else None,
            "injured": int(injured) if injured else None,
            "cite_info": {
                "citation": doc.id,
                "url": doc.url,
                "title": doc.title,
                "language": doc.language,
                "publication": doc.source,
                "publication_date": doc.published.isoformat() if doc.published else None,
                "coder": coder,
                "codebook": CODEBOOK,
            },
            "status": ev.status,
            "claimant": ev.claimant,
            "confidence": ev.confidence,
            "date_text": ev.date_text,
            "date_precision": ev.date_precision if ev.date else "publication",
            "trigger": ev.trigger,
        }


def write_plover(docs: Iterable[StoredDocument], out: TextIO, geocoder: Geocoder) -> int:
    """Write the PLOVER records of ``docs`` as JSON lines; the number of records written."""
    from . import __version__

    n = 0
    for doc in docs:
        for rec in plover_records(doc, geocoder, coder=f"veille {__version__}"):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n
