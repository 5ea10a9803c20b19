"""The typed records that pass between pipeline stages.

Every record is a frozen, slotted dataclass made of plain values, so it serialises with
:func:`to_dict` and crosses process boundaries. Offsets (``start``/``end``) always refer to the
original text of the document, exactly as it was read.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "ENTITY_TYPES",
    "EVENT_STATUSES",
    "EVENT_TYPES",
    "NAMED_VIA",
    "QUANTITY_UNITS",
    "Analysis",
    "DateRef",
    "Document",
    "Entity",
    "Event",
    "Mention",
    "Quantity",
    "Quote",
    "Segment",
    "SegmentKind",
    "Sentence",
    "Token",
    "index_at",
    "outermost",
    "to_dict",
]

ENTITY_TYPES = ("PERSON", "ORG", "COUNTRY", "PLACE", "WEAPON")
EVENT_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
QUANTITY_UNITS = ("people_killed", "people_injured", "items", "percent", "days")
EVENT_STATUSES = ("happened", "announced", "threatened", "conditional", "denied")
# ways a mention can name its entity (``Mention.via``); the others (title, pronoun, short name)
# only refer to an entity named elsewhere. Adjectives ("russe") and the organs that are a way of
# naming the state ("le Kremlin", "the Pentagon") name their country, as the gold guide counts
NAMED_VIA = frozenset(
    {"ner", "gazetteer", "fuzzy", "metonym", "demonym", "organ", "surname", "dateline"}
)

SegmentKind = Literal["title", "body", "heading", "furniture", "boilerplate"]


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read: the text is kept byte-for-byte as decoded (stray control
    characters read as spaces, one for one). ``source`` is the outlet (a page's site name),
    ``notes`` what the reader repaired or could not do ("3 NUL bytes read as spaces")."""

    id: str
    text: str
    title: str = ""
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    path: str | None = None
    content_hash: str = ""
    author: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Segment:
    """A paragraph or line of the original text, classified by the clean stage.

    ``text`` is the span of the original text with typographic characters normalised for the
    models; it has exactly the same length as ``end - start``.
    """

    start: int
    end: int
    text: str
    kind: SegmentKind
    language: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Token:
    i: int
    text: str
    start: int
    end: int
    lemma: str
    pos: str
    dep: str
    head: int
    tense: str = ""
    verb_form: str = ""
    is_sent_start: bool = False


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    segment: int
    language: str
    token_start: int
    token_end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A span that names an entity (or refers to one through a title or pronoun)."""

    text: str
    start: int
    end: int
    sentence: int
    label: str
    entity: str | None = None
    via: str = "ner"


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    type: str
    mentions: tuple[Mention, ...] = ()
    kb_id: str | None = None
    country: str | None = None
    role: str | None = None
    government_of: str | None = None
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class DateRef:
    """A date expression resolved against the publication date."""

    text: str
    start: int
    end: int
    value: dt.date | None
    end_value: dt.date | None
    precision: str
    sentence: int = -1

    @property
    def resolved(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True)
class Quantity:
    """An amount. ``start``/``end`` cover the amount as written: the number with its scale word
    and the currency, unit or noun that says what it counts ("21 000 millions d'euros", "12 000
    civils"); ``sentence_start``/``sentence_end`` cover its sentence, the ``evidence``."""

    value: float
    unit: str
    what: str
    evidence: str
    start: int
    end: int
    sentence: int = -1
    qualifier: str | None = None
    equivalent_of: int | None = None
    event: int | None = None
    sentence_start: int = -1
    sentence_end: int = -1


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation and who said it.

    ``text`` is the quoted words; a quotation split by its attribution (« A », a-t-il dit,
    « B ») or continued into the next paragraph is one quote whose ``parts`` give the offsets of
    each span, and whose ``text`` joins them with `` […] ``. ``start``/``end`` run from the
    first part's start to the last part's end."""

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_id: str | None = None
    sentence: int = -1
    parts: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    mode: str | None
    source: str | None
    target: str | None
    evidence: str
    start: int
    end: int
    sentence: int
    trigger: str = ""
    source_id: str | None = None
    target_id: str | None = None
    date: dt.date | None = None
    date_text: str | None = None
    date_precision: str | None = None
    location: str | None = None
    location_id: str | None = None
    claimant: str | None = None
    status: str = "happened"
    confidence: float = 0.5


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything veille knows about one document; each stage fills in its fields."""

    document: Document
    segments: tuple[Segment, ...] = ()
    title: str = ""
    language: str | None = None
    tokens: tuple[Token, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    dates: tuple[DateRef, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def entity(self, entity_id: str | None) -> Entity | None:
        if entity_id is None:
            return None
        for ent in self.entities:
            if ent.id == entity_id:
                return ent
        return None

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence containing ``offset``, or -1."""
        idx = index_at([s.start for s in self.sentences], offset)
        if self.sentences and self.sentences[idx].start <= offset < self.sentences[idx].end:
            return idx
        return -1


def index_at(starts: Sequence[int], offset: int) -> int:
    """Index of the last span (tokens, sentences) whose start is at or before ``offset``."""
    return max(0, bisect.bisect_right(starts, offset) - 1)


def outermost(mentions: Iterable[Mention]) -> list[Mention]:
    """The mentions that no other mention contains, in text order: a demonym inside a role
    title ("der polnische Außenminister") names its country, but the actor or speaker there is
    the person the title names."""
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    out: list[Mention] = []
    reach = -1
    for m in ordered:
        if m.end <= reach:
            continue  # inside an earlier mention that starts at or before it
        out.append(m)
        reach = max(reach, m.end)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def to_dict(record: Any) -> dict[str, Any]:
    """Serialise any record of this module to JSON-ready plain values."""
    if not (dataclasses.is_dataclass(record) and not isinstance(record, type)):
        raise TypeError(f"not a veille record: {type(record).__name__}")
    result = _plain(record)
    assert isinstance(result, dict)
    return result
