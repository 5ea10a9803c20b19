"""A document's profile: what clustering keeps of a stored analysis, and the story keys drawn
from it.

Story keys are language-independent: canonical entity ids (knowledge-base ids, or the
transliteration-insensitive key of a name the knowledge base does not know), event signatures
(type with both parties, type with a place), and casualty figures. Each key has a weight from
data (:data:`TYPE_WEIGHTS`, :data:`EVENT_WEIGHTS`) times the salience of what it names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from urllib.parse import urlparse

from ..model import NAMED_VIA
from ..store import StoredDocument
from ..text import name_key
from .model import Profile, ProfileEntity, ProfileEvent, ProfileQuantity

__all__ = [
    "CANDIDATE_WEIGHT",
    "EVENT_WEIGHTS",
    "TOKEN_WEIGHT",
    "TYPE_WEIGHTS",
    "candidate_keys",
    "document_day",
    "entity_key",
    "outlet",
    "profile",
    "story_keys",
]

# how much a shared entity says that two documents tell one happening, by type: countries are
# shared by most articles of a region, people and places less so
TYPE_WEIGHTS = {"PERSON": 3.0, "ORG": 2.0, "PLACE": 2.0, "WEAPON": 1.0, "COUNTRY": 0.6}
EVENT_WEIGHTS = {"pair": 2.5, "place": 2.0, "party": 1.0}
# a figure two reports share supports a link, never makes one alone: "12 killed" is said of
# many happenings (the benchmark's repeated corpus chained unrelated ones through such keys)
QUANTITY_WEIGHT = 1.0
# figures that identify a happening when two reports give the same one
QUANTITY_UNITS = ("people_killed", "people_injured")
# keys at least this heavy find candidates (index look-ups); lighter ones only add to a score
CANDIDATE_WEIGHT = 1.5
# the first characters of a text: an entity named there is central to it
LEAD_CHARS = 400
# name and number tokens: written alike in every language, so they tell one story across
# languages (never within one, where they are only shared words); light, and never used to find
# candidates
TOKEN_WEIGHT = 0.5
MAX_TOKENS = 60
CANDIDATE_TOKENS = 12  # the first name tokens also find candidates (in other languages)
_NAME_TOKEN = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-Þ][\w'’-]{3,}")
_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?![\w])|(?<![\w.,])\d{2,}(?![\w.,]\d)"
)
_SENTENCE_END = frozenset('.!?:;\n"«»“”„()–—-')


def document_day(doc: StoredDocument) -> dt.date:
    """The day a document counts for: its publication date, else the day it was ingested."""
    if doc.published:
        return doc.published
    return dt.date.fromisoformat(doc.ingested_at[:10])


def outlet(doc: StoredDocument) -> str | None:
    """The outlet: the document's source, else the host of its URL."""
    if doc.source:
        return doc.source
    if doc.url:
        host = urlparse(doc.url).netloc
        return host.removeprefix("www.") or None
    return None


def entity_key(key: str, kb_id: str | None, name: str) -> str:
    """A key shared across documents: the knowledge-base id, else the stored key when the
    knowledge base made it (``veille:…``), else the transliteration-insensitive name."""
    if kb_id:
        return kb_id
    if key.startswith("veille:"):
        return key
    return "name:" + name_key(name)


def _tokens(text: str) -> tuple[str, ...]:
    """Capitalised words not opening a sentence, and numbers of two digits or more (years
    left out), in order of first appearance."""
    out: dict[str, None] = {}
    for m in _NAME_TOKEN.finditer(text):
        before = text[: m.start()].rstrip()
        if not before or before[-1] in _SENTENCE_END:
            continue
        key = name_key(m.group())
        if key:
            out.setdefault("name:" + key, None)
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if digits and not (len(digits) == 4 and 1900 <= int(digits) <= 2100):
            out.setdefault("num:" + str(int(digits)), None)
    return tuple(list(out)[:MAX_TOKENS])


def profile(doc: StoredDocument) -> Profile:
    keys = {ent.key: entity_key(ent.key, ent.kb_id, ent.name) for ent in doc.entities}
    actors: set[str] = set()
    for ev in doc.events:
        for k in (ev.source_key, ev.target_key, ev.location_key):
            if k:
                actors.add(keys.get(k, k))
    entities: dict[str, ProfileEntity] = {}
    for ent in doc.entities:
        if not ent.named:
            continue
        named = [m for m in ent.mentions if m.via in NAMED_VIA]
        key = keys[ent.key]
        salience = min(1.0, 0.4 + 0.2 * len(named))
        if any(m.start < LEAD_CHARS for m in named):
            salience = max(salience, 0.8)
        if key in actors:
            salience = min(1.0, salience + 0.3)
        old = entities.get(key)
        if old is None or old.salience < salience:
            entities[key] = ProfileEntity(
                key=key, name=ent.name, type=ent.type, country=ent.country, salience=salience
            )
    by_event: dict[int, list[ProfileQuantity]] = {}
    for q in doc.quantities:
        if q.event_idx is not None and q.equivalent_of is None:
            by_event.setdefault(q.event_idx, []).append(
                ProfileQuantity(value=q.value, unit=q.unit, what=q.what, qualifier=q.qualifier)
            )
    events = tuple(
        ProfileEvent(
            idx=ev.idx,
            type=ev.type,
            mode=ev.mode,
            source=ev.source,
            source_key=keys.get(ev.source_key, ev.source_key) if ev.source_key else None,
            target=ev.target,
            target_key=keys.get(ev.target_key, ev.target_key) if ev.target_key else None,
            date=ev.date,
            location=ev.location,
            location_key=keys.get(ev.location_key, ev.location_key) if ev.location_key else None,
            claimant=ev.claimant,
            status=ev.status,
            quantities=tuple(by_event.get(ev.idx, ())),
        )
        for ev in doc.events
    )
    return Profile(
        doc=doc.id,
        day=document_day(doc),
        language=doc.language,
        outlet=outlet(doc),
        title=doc.title,
        entities=tuple(sorted(entities.values(), key=lambda e: e.key)),
        events=events,
        tokens=_tokens(doc.text),
    )


def _event_keys(ev: ProfileEvent) -> Iterable[tuple[str, float]]:
    if ev.status == "denied":
        return
    src, tgt = ev.source_key, ev.target_key
    if src and tgt:
        pair = "|".join(sorted((src, tgt)))
        yield f"ev:{ev.type}:{pair}", EVENT_WEIGHTS["pair"]
    if ev.location_key:
        yield f"ev:{ev.type}@{ev.location_key}", EVENT_WEIGHTS["place"]
    for party in (src, tgt):
        if party:
            yield f"ev:{ev.type}:{party}", EVENT_WEIGHTS["party"]
    for q in ev.quantities:
        if q.unit in QUANTITY_UNITS and q.value >= 2:
            yield f"q:{q.unit}:{q.value:g}", QUANTITY_WEIGHT


def story_keys(prof: Profile) -> dict[str, float]:
    """Every story key of a document with its weight (the heaviest when a key comes twice)."""
    out: dict[str, float] = {}

    def put(key: str, weight: float) -> None:
        if weight > out.get(key, 0.0):
            out[key] = weight

    for ent in prof.entities:
        put("ent:" + ent.key, TYPE_WEIGHTS.get(ent.type, 1.0) * ent.salience)
    for ev in prof.events:
        for key, weight in _event_keys(ev):
            put(key, weight)
    for tok in prof.tokens:
        put("tok:" + tok, TOKEN_WEIGHT)
    return out


def candidate_keys(keys: dict[str, float], prof: Profile | None = None) -> list[str]:
    """The keys heavy enough to look candidates up by, and the first name tokens."""
    heavy = {k for k, w in keys.items() if w >= CANDIDATE_WEIGHT}
    if prof is not None:
        names = [t for t in prof.tokens if t.startswith("name:")][:CANDIDATE_TOKENS]
        heavy |= {"tok:" + t for t in names}
    return sorted(heavy)
