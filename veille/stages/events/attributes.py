"""What an event carries besides its type and actors: status, claimant, date, place and mode.

* **status**: ``threatened`` for threats; ``denied`` when a negation governs the trigger;
  ``conditional`` after "si", "if", "wenn" …; ``announced`` for a future or an announcement;
  else ``happened``;
* **claimant**: who reports it ("…, a déclaré Zelensky", "according to the ministry"): never a
  party;
* **date**: the sentence's own date expression nearest the trigger (the most precise first);
  without one, the date of the latest earlier event of the document, marked ``context``; for
  an event that happened and has neither, the publication date, marked ``publication``;
* **place**: a place named in the sentence, those after a location preposition first, the
  nearest the trigger winning; a place mentioned only as the target's name is still a place;
* **mode**: the mode head of the model, among the modes of the event's type.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ...model import Analysis, DateRef, Entity, Event, Mention, index_at
from ...text import fold
from .actors import ActorCandidate
from .arguments import Roles
from .features import SentenceView, crossed
from .grammar import EventGrammar
from .model import EventModel

__all__ = ["Attributes", "DocumentIndex", "EventAttributes", "speaks"]

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "range": 4, "year": 5}


@dataclass(frozen=True, slots=True)
class EventAttributes:
    status: str
    claimant: Entity | None
    date: dt.date | None
    date_text: str | None
    date_precision: str | None
    location: Entity | None
    mode: str | None


@dataclass(frozen=True, slots=True)
class DocumentIndex:
    """A document's resolved dates and place mentions by sentence, built once."""

    dates: dict[int, list[DateRef]]
    places: dict[int, list[tuple[Mention, Entity]]]
    published: dt.date | None = None

    @classmethod
    def of(cls, analysis: Analysis) -> DocumentIndex:
        dates: dict[int, list[DateRef]] = defaultdict(list)
        for d in analysis.dates:
            if d.value is not None:
                dates[d.sentence].append(d)
        ents = {e.id: e for e in analysis.entities if e.type == "PLACE"}
        places: dict[int, list[tuple[Mention, Entity]]] = defaultdict(list)
        for m in analysis.mentions:
            # a dateline's place ("CAIRO (Reuters) -") is where the story was filed
            if m.entity in ents and m.via != "dateline":
                places[m.sentence].append((m, ents[m.entity]))
        return cls(dict(dates), dict(places), analysis.document.published)


def speaks(view: SentenceView, cand: ActorCandidate) -> bool:
    """Whether the sentence presents ``cand`` as speaking: a speech verb within three words
    after it, or before it past a comma ("…, a déclaré Zelensky"), or "according to" before it."""
    g = view.grammar
    folded = view.tree.folded
    # speech verbs are listed as lemmas in some languages, as inflected forms in others
    toks = view.tree.tokens
    lo, hi = max(0, cand.first - 3), cand.last + 3
    before = folded[lo : cand.first]
    after = slice(cand.last + 1, hi)
    spoken_before = set(before) | {fold(t.lemma) for t in toks[lo : cand.first]}
    spoken_after = set(folded[after]) | {fold(t.lemma) for t in toks[after]}
    said_after = bool(spoken_after & g.speech)
    said_before = bool(spoken_before & g.speech) and "," in folded[: cand.first]
    according = any(" ".join(before[i:]) in g.according_to for i in range(len(before)))
    return said_after or said_before or according


class Attributes:
    def __init__(self, grammar: EventGrammar, model: EventModel) -> None:
        self.grammar = grammar
        self.model = model

    def of(
        self,
        index: DocumentIndex,
        s_idx: int,
        view: SentenceView,
        etype: str,
        anchor: int,
        roles: Roles,
        earlier: Sequence[Event],
        features: list[str],
    ) -> EventAttributes:
        status = self._status(view, etype, anchor)
        date, date_text, precision = self._date(index, s_idx, view, anchor, earlier)
        if date is None and status == "happened" and index.published is not None:
            # news reports what happened as of its day: the publication date, marked so
            date, precision = index.published, "publication"
        return EventAttributes(
            status=status,
            claimant=self._claimant(view, roles),
            date=date,
            date_text=date_text,
            date_precision=precision,
            location=self._location(index, s_idx, view, anchor),
            mode=self._mode(features, etype),
        )

    # ------------------------------------------------------------ status
    def _status(self, view: SentenceView, etype: str, anchor: int) -> str:
        if etype == "THREATEN":
            return "threatened"
        g = view.grammar
        folded = view.tree.folded
        lo = max(0, anchor - 4)
        window = set(folded[lo : anchor + 1])
        tree = view.tree
        if tree.parsed:
            window |= {folded[c] for c in tree.children[anchor]}
            h = tree.head(anchor)
            if h != anchor:
                window |= {folded[c] for c in tree.children[h] if tree.tokens[c].dep == "advmod"}
        if window & g.negations:
            return "denied"
        if set(folded[:anchor]) & g.conditionals:
            return "conditional"
        tok = tree.tokens[anchor]
        if tok.tense == "Fut" or window & g.future_aux or set(folded) & g.announce:
            return "announced"
        return "happened"

    # ------------------------------------------------------------ claimant
    def _claimant(self, view: SentenceView, roles: Roles) -> Entity | None:
        taken = {c.key for c in (roles.source, roles.target) if c is not None}
        for cand in view.candidates:
            if cand.key in taken or cand.identity.type not in ("PERSON", "ORG", "COUNTRY"):
                continue
            if speaks(view, cand):
                return cand.identity
        return None

    # ------------------------------------------------------------ date
    def _date(
        self,
        index: DocumentIndex,
        s_idx: int,
        view: SentenceView,
        anchor: int,
        earlier: Sequence[Event],
    ) -> tuple[dt.date | None, str | None, str | None]:
        own = index.dates.get(s_idx, [])
        if own:
            at = view.tree.tokens[anchor].start
            best = min(own, key=lambda d: (_PRECISION_RANK.get(d.precision, 9), abs(d.start - at)))
            return best.value, best.text, best.precision
        for ev in reversed(earlier):
            if ev.date is not None and ev.date_precision in ("day", "context"):
                return ev.date, None, "context"
        return None, None, None

    # ------------------------------------------------------------ place
    def _location(
        self, index: DocumentIndex, s_idx: int, view: SentenceView, anchor: int
    ) -> Entity | None:
        preps = view.grammar.location_preps
        folded = view.tree.folded
        best: tuple[tuple[int, int], Entity] | None = None
        starts = [t.start for t in view.tree.tokens]
        for m, place in index.places.get(s_idx, []):
            k = index_at(starts, m.start)
            j = k - 1
            while j >= 0 and folded[j] in view.grammar.determiners:
                j -= 1
            marked = j >= 0 and folded[j] in preps
            key = (0 if marked else 1, abs(k - anchor))
            if best is None or key < best[0]:
                best = (key, place)
        return best[1] if best else None

    # ------------------------------------------------------------ mode
    def _mode(self, features: list[str], etype: str) -> str | None:
        head = self.model.modes
        probs = head.proba(crossed(etype, features))
        best, best_p = None, 0.0
        for label, p in zip(head.labels, probs, strict=True):
            if label != "none" and not label.startswith(f"{etype}:"):
                continue
            if p > best_p:
                best, best_p = label, float(p)
        if best is None or best == "none":
            return None
        return best.split(":", 1)[1]
