"""Stage ``veille.events.v2``: PLOVER events from a learned model, with their arguments.

For every body sentence of a document:

1. **types** — the sentence's hashed features (word stems, trigger-table cues, negation,
   conditionals, actors present, casualty and money figures) and, when the model uses them, its
   multilingual sentence vector go through one logistic regression per PLOVER type; each type
   over its threshold gives at least one event (``model.py``);
2. **arguments** — every candidate actor of the sentence (``actors.py``) is scored as source,
   target or neither of that type by the role model, from its position, the words before it
   (prepositions of agent or target), its syntactic role where there is a parse, and whether it
   speaks; the best source and the best other target are kept, and coordinated actors that also
   score as sources give one event each (``arguments.py``);
3. **attributes** — status, claimant, date, place and mode (``attributes.py``).

Titles, headings and page furniture give no events.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ...model import Analysis, Entity, Event, Mention
from ...resources import Resources
from ...settings import Settings
from ..base import Stage, register
from .actors import ActorCandidate, implied_actors, sentence_actors
from .arguments import Roles, decode_roles, mutual_roles
from .attributes import Attributes, DocumentIndex, speaks
from .context import Told, carry_actors, quoted_speakers, spoken_by, story_attacker
from .features import SentenceView, actor_features, crossed, sentence_features
from .grammar import EventGrammar
from .model import EventModel
from .tree import SentenceTree
from .triggers import TriggerIndex

__all__ = ["EventsStage", "SentenceCase", "sentence_cases"]

log = logging.getLogger(__name__)

ATTACK_TYPES = frozenset({"ASSAULT"})


@dataclass(slots=True)
class SentenceCase:
    """One body sentence ready for the model: its index, its view and its vector."""

    index: int
    view: SentenceView
    vector: np.ndarray | None = None
    features: list[str] | None = None

    def sentence_features(self) -> list[str]:
        if self.features is None:
            self.features = sentence_features(self.view)
        return self.features


def _country_lookup(kb: Any, entities: dict[str, Entity]) -> Callable[[str | None], Entity | None]:
    by_code = {e.country: e for e in entities.values() if e.type == "COUNTRY" and e.country}
    cache: dict[str, Entity | None] = {}

    def country_of(code: str | None) -> Entity | None:
        if not code:
            return None
        if code in by_code:
            return by_code[code]
        if code not in cache:
            entry = kb.country(code)
            cache[code] = (
                None
                if entry is None
                else Entity(
                    id=entry.id,
                    name=entry.name,
                    type="COUNTRY",
                    kb_id=entry.qid,
                    country=entry.country,
                )
            )
        return cache[code]

    return country_of


def _home_country(
    analysis: Analysis,
    entities: dict[str, Entity],
    country_of: Callable[[str | None], Entity | None],
) -> Entity | None:
    """The country the document is most about: its country names, demonyms, capitals and places
    counted together (the first named wins a tie)."""
    counts: dict[str, int] = defaultdict(int)
    first: dict[str, int] = {}
    found: dict[str, Entity] = {}
    for m in analysis.mentions:
        ent = entities.get(m.entity or "")
        if ent is None:
            continue
        country = ent if ent.type == "COUNTRY" else None
        if ent.type == "PLACE" or (ent.type == "ORG" and ent.government_of):
            country = country_of(ent.government_of) or country_of(ent.country)
        if country is None:
            continue
        counts[country.id] += 1
        first.setdefault(country.id, m.start)
        found[country.id] = country
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first[k]))
    return found[best]


def _recent_org(
    analysis: Analysis, entities: dict[str, Entity], media: frozenset[str]
) -> Callable[[int], Entity | None]:
    """For an offset, the organisation (not an organ of a state, not a news outlet) named last
    within the four sentences before it."""
    orgs = [
        m
        for m in analysis.mentions
        if m.entity in entities
        and m.entity not in media
        and entities[m.entity].type == "ORG"
        and not entities[m.entity].government_of
    ]
    starts = [m.start for m in orgs]

    def last(offset: int) -> Entity | None:
        import bisect

        i = bisect.bisect_left(starts, offset) - 1
        if i < 0:
            return None
        m = orgs[i]
        here = analysis.sentence_at(offset)
        if here >= 0 and m.sentence >= 0 and here - m.sentence > 4:
            return None
        return entities[m.entity or ""]

    return last


def sentence_cases(
    analysis: Analysis, triggers: TriggerIndex, grammar: EventGrammar, kb: Any
) -> list[SentenceCase]:
    """The body sentences of a document with everything the model reads (vectors not filled)."""
    entities = {e.id: e for e in analysis.entities}
    country_of = _country_lookup(kb, entities)
    media = frozenset(
        e.id
        for e in analysis.entities
        if (entry := kb.entries.get(e.kb_id or e.id)) is not None and entry.kind == "media"
    )
    by_sentence: dict[int, list[Mention]] = defaultdict(list)
    for m in analysis.mentions:
        if m.sentence >= 0:
            by_sentence[m.sentence].append(m)
    q_by_sentence: dict[int, set[str]] = defaultdict(set)
    for q in analysis.quantities:
        q_by_sentence[q.sentence].add(q.unit)
    dated = {d.sentence for d in analysis.dates if d.value is not None}
    seg_kind = [s.kind for s in analysis.segments]
    home = _home_country(analysis, entities, country_of)
    recent_org = _recent_org(analysis, entities, media)
    cases: list[SentenceCase] = []
    position = 0
    for s_idx, sent in enumerate(analysis.sentences):
        if seg_kind[sent.segment] != "body":
            continue
        toks = analysis.tokens[sent.token_start : sent.token_end]
        if not toks:
            continue
        g = grammar.of(sent.language)
        tree = SentenceTree.of(toks)
        cands = sentence_actors(by_sentence.get(s_idx, []), tree, entities, country_of, media)
        cands = sorted(
            [*cands, *implied_actors(tree, g, s_idx, cands, home, recent_org)],
            key=lambda c: c.first,
        )
        units = q_by_sentence.get(s_idx, set())
        view = SentenceView.build(
            sent.text,
            sent.language,
            tree,
            g,
            triggers.hits(toks, sent.language),
            cands,
            position=position,
            killed="people_killed" in units,
            injured="people_injured" in units,
            money=any(u.isupper() for u in units),
            dated=s_idx in dated,
        )
        if home is not None and all(c.key != home.id for c in cands):
            m = Mention(home.name, sent.start, sent.start, s_idx, "HOME", home.id, "home")
            view.extra = [ActorCandidate(m, home, home, -1, -1, "home")]
        cases.append(SentenceCase(s_idx, view))
        position += 1
    return cases


def anchor_of(view: SentenceView, etype: str, model: EventModel) -> int:
    """The token where ``etype`` is expressed: a trigger of that type, else the word the type
    model weighs most for it."""
    for hit in view.triggers:
        if hit.type == etype:
            return hit.head
    best, best_w = 0, -1e9
    for k, s in enumerate(view.stems):
        if not s:
            continue
        w = model.types.weight_of(etype, f"w={s}")
        if w > best_w:
            best, best_w = k, w
    return best


def role_scores(
    view: SentenceView, etype: str, anchor: int, model: EventModel
) -> list[tuple[ActorCandidate, float, float]]:
    """(candidate, P(source), P(target)) for every candidate actor of the sentence."""
    src_i = model.roles.labels.index("source")
    tgt_i = model.roles.labels.index("target")
    out = []
    for cand in view.all_candidates:
        p = model.roles.proba(crossed(etype, actor_features(view, cand, anchor)))
        out.append((cand, float(p[src_i]), float(p[tgt_i])))
    return out


class EventsStage(Stage):
    name = "veille.events.v2"
    requires = ("sentences", "tokens", "mentions", "entities", "dates", "quantities", "segments")
    assigns = ("events", "quantities")

    def __init__(
        self,
        model: EventModel,
        triggers: TriggerIndex,
        grammar: EventGrammar,
        kb: Any,
        encode: Callable[[list[str]], np.ndarray] | None,
    ) -> None:
        self.model = model
        self.triggers = triggers
        self.grammar = grammar
        self.kb = kb
        self.encode = encode
        self.attributes = Attributes(grammar, model)

    def __call__(self, analysis: Analysis) -> Analysis:
        return self.process_batch([analysis])[0]

    def process_batch(self, analyses: Sequence[Analysis]) -> list[Analysis]:
        all_cases = [sentence_cases(a, self.triggers, self.grammar, self.kb) for a in analyses]
        if self.model.uses_vectors and self.encode is not None:
            flat = [c for cases in all_cases for c in cases]
            if flat:
                vectors = self.encode([c.view.text for c in flat])
                for c, v in zip(flat, vectors, strict=True):
                    c.vector = v
        return [self._document(a, cases) for a, cases in zip(analyses, all_cases, strict=True)]

    def _document(self, analysis: Analysis, cases: list[SentenceCase]) -> Analysis:
        told: list[Told] = []
        events: list[Event] = []
        index = DocumentIndex.of(analysis)
        entities = {e.id: e for e in analysis.entities}
        speakers = quoted_speakers(
            analysis.sentences, analysis.quotes, entities, _country_lookup(self.kb, entities)
        )
        for case in cases:
            found = self._sentence(analysis, index, case, events, speakers.get(case.index))
            told.extend(found)
            events.extend(t.event for t in found)
        events = story_attacker(told, ATTACK_TYPES)
        quantities = list(analysis.quantities)
        for q_idx, q in enumerate(quantities):
            same = [i for i, e in enumerate(events) if e.sentence == q.sentence]
            if same:
                best = min(same, key=lambda i: abs(events[i].start - q.start))
                quantities[q_idx] = replace(q, event=best)
        return replace(analysis, events=tuple(events), quantities=tuple(quantities))

    def _sentence(
        self,
        analysis: Analysis,
        index: DocumentIndex,
        case: SentenceCase,
        earlier: list[Event],
        speaker: Entity | None = None,
    ) -> list[Told]:
        """The events of one sentence; ``speaker`` is who says it when it is mostly a quotation."""
        model = self.model
        view = case.view
        probs = model.types.proba(case.sentence_features(), case.vector)
        sent = analysis.sentences[case.index]
        out: list[Told] = []
        found = [
            (float(p) / model.thresholds.get(etype, 0.5), etype, p)
            for etype, p in zip(model.types.labels, probs, strict=True)
            if p >= model.thresholds.get(etype, 0.5)
        ]
        # a sentence tells one or two kinds of happening (87% and 12% of the labelled ones):
        # the types furthest above their thresholds are kept, at most ``max_types`` of them
        found.sort(key=lambda f: (-f[0], f[1]))
        cap = int(model.role_thresholds.get("max_types", 0))
        for _, etype, p in found[:cap] if cap > 0 else found:
            anchor = anchor_of(view, etype, model)
            scored = role_scores(view, etype, anchor, model)
            window = int(model.role_thresholds.get("context", 0))
            decoded = list(decode_roles(scored, model.role_thresholds, self.grammar.state_offices))
            quoted = speaker is not None and etype in self.grammar.quoted_types
            if etype in self.grammar.mutual_types and not quoted:
                decoded = mutual_roles(decoded, view)
            attack = etype in ATTACK_TYPES
            for roles in decoded:
                event = self._event(
                    analysis, index, case, sent, etype, float(p), anchor, roles, earlier
                )
                kind = roles.source.kind if roles.source else ""
                if quoted and speaker is not None:
                    spoken = spoken_by(event, speaker)
                    if spoken is not event:
                        event, kind = spoken, "quoted"
                    if any(
                        t.event.type == etype
                        and (t.event.source_id, t.event.target_id)
                        == (event.source_id, event.target_id)
                        for t in out
                    ):
                        continue  # two parties the quotation names, one speaker's act
                carried = carry_actors(event, earlier, window)
                if carried.source_id != event.source_id:
                    kind = "carried"
                out.append(
                    Told(
                        carried,
                        kind,
                        # only the document's attacker reads who speaks
                        speaking=attack and roles.source is not None and speaks(view, roles.source),
                        target_speaking=attack
                        and roles.target is not None
                        and speaks(view, roles.target),
                    )
                )
        return out

    def _event(
        self,
        analysis: Analysis,
        index: DocumentIndex,
        case: SentenceCase,
        sent: Any,
        etype: str,
        p: float,
        anchor: int,
        roles: Roles,
        earlier: list[Event],
    ) -> Event:
        view = case.view
        toks = view.tree.tokens
        src, tgt = roles.source, roles.target
        attrs = self.attributes.of(
            index, case.index, view, etype, anchor, roles, earlier, case.sentence_features()
        )
        anchor_tok = toks[anchor]
        confidence = p * (0.5 + 0.5 * roles.source_p if src else 0.5)
        return Event(
            type=etype,
            mode=attrs.mode,
            source=src.identity.name if src else None,
            target=tgt.identity.name if tgt else None,
            evidence=sent.text,
            start=sent.start,
            end=sent.end,
            sentence=case.index,
            trigger=analysis.document.text[anchor_tok.start : anchor_tok.end],
            source_id=src.identity.id if src else None,
            target_id=tgt.identity.id if tgt else None,
            date=attrs.date,
            date_text=attrs.date_text,
            date_precision=attrs.date_precision,
            location=attrs.location.name if attrs.location else None,
            location_id=attrs.location.id if attrs.location else None,
            claimant=attrs.claimant.name if attrs.claimant else None,
            status=attrs.status,
            confidence=round(min(0.99, confidence), 3),
        )


@register("veille.events.v2")
def make_events(settings: Settings, resources: Resources) -> Stage:
    model = resources.event_model
    encode = resources.sentence_encoder if model.uses_vectors else None
    return EventsStage(
        model,
        TriggerIndex(resources.triggers),
        EventGrammar.from_config(resources.grammar),
        resources.kb,
        encode,
    )
