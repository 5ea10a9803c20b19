"""The export record: one JSON object per document, the shape outside tools and the evaluation
read. ``document_record`` builds it from a stored document, ``analysis_to_record`` from an
analysis that was not stored (the two agree); ``EVENT_KEYS`` lists exactly what
``veille export`` writes (records carry a few more event fields: status, claimant, ids)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from .model import NAMED_VIA, Analysis
from .store import StoredDocument, entity_key

__all__ = [
    "EVENT_KEYS",
    "QUANTITY_KEYS",
    "QUOTE_KEYS",
    "analysis_to_record",
    "document_record",
    "entity_key",
    "to_csv_rows",
    "to_export",
    "write_csv",
    "write_jsonl",
]

QUANTITY_KEYS = (
    "value",
    "unit",
    "what",
    "evidence",
    "start",
    "end",
    "sentence_start",
    "sentence_end",
)
EVENT_KEYS = (
    "type",
    "mode",
    "source",
    "target",
    "date",
    "location",
    "evidence",
    "start",
    "end",
    "confidence",
)
# ``parts``: the [start, end] of each span a quote joins (one span for most quotes)
QUOTE_KEYS = ("speaker", "text", "start", "end", "parts")


def document_record(doc: StoredDocument) -> dict[str, Any]:
    """The record of a stored document (export shape, with the extra event fields)."""
    return {
        "doc": doc.id,
        "title": doc.title,
        "language": doc.language,
        "published": doc.published.isoformat() if doc.published else None,
        "url": doc.url,
        "source": doc.source,
        "author": doc.author,
        "entities": [
            {
                "id": ent.key,
                "name": ent.name,
                "type": ent.type,
                "country": ent.country,
                "role": ent.role,
                "mentions": [
                    {"text": m.text, "start": m.start, "end": m.end, "via": m.via}
                    for m in ent.mentions
                ],
            }
            for ent in doc.entities
            if ent.named  # only referred to (demonym, title, pronoun), never named
        ],
        "events": [
            {
                "type": ev.type,
                "mode": ev.mode,
                "source": ev.source,
                "target": ev.target,
                "date": ev.date.isoformat() if ev.date else None,
                "location": ev.location,
                "evidence": ev.evidence,
                "start": ev.start,
                "end": ev.end,
                "confidence": ev.confidence,
                "status": ev.status,
                "claimant": ev.claimant,
                "source_id": ev.source_key,
                "target_id": ev.target_key,
                "date_text": ev.date_text,
                "date_precision": ev.date_precision,
                "trigger": ev.trigger,
            }
            for ev in doc.events
        ],
        "quantities": [
            {
                "value": q.value,
                "unit": q.unit,
                "what": q.what,
                "evidence": q.evidence,
                "start": q.start,
                "end": q.end,
                "sentence_start": q.sentence_start,
                "sentence_end": q.sentence_end,
                "qualifier": q.qualifier,
            }
            for q in doc.quantities
        ],
        "quotes": [
            {
                "speaker": q.speaker,
                "text": q.text,
                "start": q.start,
                "end": q.end,
                "parts": [[a, b] for a, b in q.parts],
            }
            for q in doc.quotes
        ],
    }


def analysis_to_record(analysis: Analysis) -> dict[str, Any]:
    """The record the store gives back for this analysis once saved: entities that share a key
    are one entity, entity ids are their keys."""
    doc = analysis.document
    keys = {ent.id: entity_key(ent.id, ent.kb_id) for ent in analysis.entities}
    merged: dict[str, dict[str, Any]] = {}
    named: set[str] = set()
    for ent in analysis.entities:
        key = keys[ent.id]
        entry = merged.setdefault(
            key,
            {
                "id": key,
                "name": ent.name,
                "type": ent.type,
                "country": ent.country,
                "role": ent.role,
                "mentions": [],
            },
        )
        entry["mentions"].extend(
            {"text": m.text, "start": m.start, "end": m.end, "via": m.via} for m in ent.mentions
        )
        if any(m.via in NAMED_VIA for m in ent.mentions):
            named.add(key)
    events = []
    for ev in analysis.events:
        events.append(
            {
                "type": ev.type,
                "mode": ev.mode,
                "source": ev.source,
                "target": ev.target,
                "date": ev.date.isoformat() if ev.date else None,
                "location": ev.location,
                "evidence": ev.evidence,
                "start": ev.start,
                "end": ev.end,
                "confidence": ev.confidence,
                "status": ev.status,
                "claimant": ev.claimant,
                "source_id": keys.get(ev.source_id or "", ev.source_id),
                "target_id": keys.get(ev.target_id or "", ev.target_id),
                "date_text": ev.date_text,
                "date_precision": ev.date_precision,
                "trigger": ev.trigger,
            }
        )
    quantities = [
        {
            "value": q.value,
            "unit": q.unit,
            "what": q.what,
            "evidence": q.evidence,
            "start": q.start,
            "end": q.end,
            "sentence_start": q.sentence_start,
            "sentence_end": q.sentence_end,
            "qualifier": q.qualifier,
        }
        for q in analysis.quantities
    ]
    quotes = [
        {
            "speaker": q.speaker,
            "text": q.text,
            "start": q.start,
            "end": q.end,
            "parts": [[a, b] for a, b in (q.parts or ((q.start, q.end),))],
        }
        for q in analysis.quotes
    ]
    return {
        "doc": doc.id,
        "title": analysis.title or doc.title,
        "language": analysis.language,
        "published": doc.published.isoformat() if doc.published else None,
        "url": doc.url,
        "source": doc.source,
        "author": doc.author,
        "entities": [e for key, e in merged.items() if key in named],
        "events": events,
        "quantities": quantities,
        "quotes": quotes,
    }


def to_export(record: dict[str, Any]) -> dict[str, Any]:
    """Exactly the documented export shape."""
    return {
        "doc": record["doc"],
        "title": record["title"],
        "language": record["language"],
        "published": record["published"],
        "url": record["url"],
        "source": record["source"],
        "author": record["author"],
        "entities": [
            {
                "id": e["id"],
                "name": e["name"],
                "type": e["type"],
                "mentions": [
                    {"text": m["text"], "start": m["start"], "end": m["end"]} for m in e["mentions"]
                ],
            }
            for e in record["entities"]
        ],
        "events": [{k: ev.get(k) for k in EVENT_KEYS} for ev in record["events"]],
        "quantities": [{k: q.get(k) for k in QUANTITY_KEYS} for q in record["quantities"]],
        "quotes": [{k: q.get(k) for k in QUOTE_KEYS} for q in record["quotes"]],
    }


def write_jsonl(records: Iterable[dict[str, Any]], out: io.TextIOBase | Any) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(to_export(rec), ensure_ascii=False) + "\n")
        n += 1
    return n


CSV_COLUMNS = (
    "doc",
    "kind",
    "type",
    "name",
    "source",
    "target",
    "value",
    "unit",
    "date",
    "location",
    "text",
    "start",
    "end",
)


def to_csv_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per extracted item (entity, event, quantity, quote) of a document."""
    rec = to_export(record)
    doc = rec["doc"]
    rows: list[dict[str, Any]] = []
    for e in rec["entities"]:
        first = e["mentions"][0] if e["mentions"] else {"text": "", "start": None, "end": None}
        rows.append(
            {
                "doc": doc,
                "kind": "entity",
                "type": e["type"],
                "name": e["name"],
                "text": first["text"],
                "start": first["start"],
                "end": first["end"],
            }
        )
    for ev in rec["events"]:
        rows.append(
            {
                "doc": doc,
                "kind": "event",
                "type": ev["type"],
                "source": ev["source"],
                "target": ev["target"],
                "date": ev["date"],
                "location": ev["location"],
                "text": ev["evidence"],
                "start": ev["start"],
                "end": ev["end"],
            }
        )
    for q in rec["quantities"]:
        rows.append(
            {
                "doc": doc,
                "kind": "quantity",
                "type": q["what"],
                "value": q["value"],
                "unit": q["unit"],
                "text": q["evidence"],
                "start": q["start"],
                "end": q["end"],
            }
        )
    for q in rec["quotes"]:
        rows.append(
            {
                "doc": doc,
                "kind": "quote",
                "name": q["speaker"],
                "text": q["text"],
                "start": q["start"],
                "end": q["end"],
            }
        )
    return rows


def write_csv(records: Iterable[dict[str, Any]], out: io.TextIOBase | Any) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    n = 0
    for rec in records:
        for row in to_csv_rows(rec):
            writer.writerow({k: row.get(k) for k in CSV_COLUMNS})
        n += 1
    return n
