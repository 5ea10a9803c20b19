"""Stage ``veille.events.v1``: PLOVER events with source, target, date, place and status.

Triggers come from ``events/triggers.tsv`` (lemmas or word forms, per language). For each
trigger in a body sentence:

* arguments come from the dependency parse where there is one: the subject (climbing through
  ``xcomp``/``advcl``/``conj`` and from a nominal trigger to its verb), passive subjects as
  targets and passive agents ("par", "by") as sources, objects and prepositional complements as
  targets; where there is no parse, or the parse gives nothing, the nearest actors before and
  after the trigger;
* actors are entities of the entities stage; a capital or seat of government acting as a party is
  its country ("Moscou", "le Kremlin" -> Russia); a demonym counts when it qualifies an actor
  noun ("les forces russes"); for the types in ``country_level_types`` (aid, sanctions) a
  government official stands for the country;
* reported speech: the subject of a speech verb ("..., a déclaré Z") is the claimant, never a
  party;
* a trigger inside another trigger's clause ("a menacé de ... sanctions") only gives its mode;
* status: denied (negation), conditional ("si", "if"), announced (future, "annoncer"), else
  happened;
* a missing target is taken from the previous event of the paragraph (a reaction targets the
  previous actor), and an assault with no target hits the country of its place.

Headings, titles and page furniture give no events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..kb import KnowledgeBase
from ..model import Analysis, DateRef, Entity, Event, Mention, Sentence, Token, index_at
from ..resources import Resources, Trigger
from ..settings import Settings
from ..text import fold
from .base import Stage, register

__all__ = ["EventsStage"]

_SUBJ = ("nsubj", "nsubj:pass", "csubj")
_CLIMB = ("xcomp", "advcl", "conj", "acl", "acl:relcl", "ccomp", "obl", "obj", "nmod", "parataxis")
_ARG_DEPS = ("obj", "obl", "obl:arg", "iobj", "nmod", "obl:mod", "dative", "pobj", "prep", "dobj")
_ACTOR_TYPES = ("PERSON", "ORG", "COUNTRY")
_NESTED = ("advcl", "acl:relcl", "ccomp", "csubj", "parataxis")
_PURPOSE = frozenset({"pour", "afin", "to", "para", "um", "per"})
# passive auxiliaries for texts without a parse (es, de ...)
_PASSIVE_AUX = frozenset(
    {
        "fue",
        "fueron",
        "sido",
        "wurde",
        "wurden",
        "worden",
        "was",
        "were",
        "ete",
        "a ete",
        "ont ete",
        "foi",
        "foram",
        "stato",
        "stata",
    }
)


@dataclass(slots=True)
class _Actor:
    entity: Entity
    mention: Mention
    token: int
    qualified: bool = True  # False: a demonym on an ordinary noun ("la proposition russe")
    last: int = -1  # last token of the mention

    def within(self, tokens: set[int]) -> bool:
        return any(t in tokens for t in range(self.token, max(self.token, self.last) + 1))


@dataclass(slots=True)
class _Lang:
    negations: frozenset[str]
    conditionals: frozenset[str]
    hypothetical: frozenset[str]
    future_aux: frozenset[str]
    speech: frozenset[str]
    actor_nouns: frozenset[str]
    agent_preps: frozenset[str]
    location_preps: frozenset[str]
    announce: frozenset[str]
    negating_verbs: frozenset[str]
    target_preps: frozenset[str]
    with_preps: frozenset[str]
    background: frozenset[str]


@dataclass(slots=True)
class _Candidate:
    trigger: Trigger
    head: int
    first: int
    last: int
    mode: str | None = None
    absorbed: list[Trigger] = field(default_factory=list)


def _words(cfg: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(fold(w) for w in cfg.get(key, []))


class EventsStage(Stage):
    name = "veille.events.v1"
    requires = ("sentences", "tokens", "mentions", "entities", "dates", "quantities", "segments")
    assigns = ("events", "quantities")

    def __init__(
        self, triggers: Sequence[Trigger], grammar: dict[str, Any], kb: KnowledgeBase
    ) -> None:
        self.kb = kb
        self.by_lang: dict[str, dict[str, list[Trigger]]] = defaultdict(lambda: defaultdict(list))
        # prefix patterns ("bombard*") are indexed by their first three letters
        self.prefix_index: dict[str, dict[str, list[Trigger]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.wildcard: dict[str, list[Trigger]] = defaultdict(list)
        for trig in triggers:
            first = trig.tokens[0]
            if first == "_" or (first.endswith("*") and len(first) < 4):
                self.wildcard[trig.lang].append(trig)
            elif first.endswith("*"):
                self.prefix_index[trig.lang][first[:3]].append(trig)
            else:
                self.by_lang[trig.lang][first].append(trig)
        self.country_level = frozenset(grammar.get("country_level_types", []))
        self.dyadic = frozenset(grammar.get("dyadic_types", []))
        self.monadic = frozenset(grammar.get("monadic_types", []))
        self.noun_deps = frozenset(grammar.get("noun_trigger_deps", []))
        self.langs: dict[str, _Lang] = {}
        announce = grammar.get("announce", {})
        for lang, cfg in grammar.items():
            if not isinstance(cfg, dict) or "speech_verbs" not in cfg:
                continue
            self.langs[lang] = _Lang(
                negations=_words(cfg, "negations"),
                conditionals=_words(cfg, "conditionals"),
                hypothetical=_words(cfg, "hypothetical"),
                future_aux=_words(cfg, "future_auxiliaries"),
                speech=_words(cfg, "speech_verbs"),
                actor_nouns=_words(cfg, "actor_nouns"),
                agent_preps=_words(cfg, "agent_prepositions"),
                location_preps=_words(cfg, "location_prepositions"),
                announce=frozenset(fold(w) for w in announce.get(lang, [])),
                negating_verbs=_words(cfg, "negating_verbs"),
                target_preps=_words(cfg, "target_prepositions"),
                with_preps=_words(cfg, "with_prepositions"),
                background=_words(cfg, "background_verbs"),
            )
        self.modes: list[tuple[str, tuple[str, ...]]] = [
            (mode, tuple(fold(w) for w in ws)) for mode, ws in grammar.get("modes", {}).items()
        ]

    # ------------------------------------------------------------ triggers
    def _match(self, forms: Sequence[tuple[str, str]], i: int, trig: Trigger) -> bool:
        if i + len(trig.tokens) > len(forms):
            return False
        for k, pat in enumerate(trig.tokens):
            if pat == "_":
                continue
            lemma, text = forms[i + k]
            if pat.endswith("*"):
                stem = pat[:-1]
                if not (lemma.startswith(stem) or text.startswith(stem)):
                    return False
            elif pat not in (lemma, text):
                return False
        return True

    def _triggers(self, toks: Sequence[Token], lang: str, parsed: bool) -> list[_Candidate]:
        table = self.by_lang.get(lang, {})
        prefixes = self.prefix_index.get(lang, {})
        forms = [(fold(t.lemma), fold(t.text)) for t in toks]
        found: list[_Candidate] = []
        covered: set[int] = set()
        for i, (lemma, text) in enumerate(forms):
            if i in covered:
                continue
            options = table.get(lemma, []) + (table.get(text, []) if text != lemma else [])
            options += (
                prefixes.get(lemma[:3], [])
                + (prefixes.get(text[:3], []) if text[:3] != lemma[:3] else [])
                + self.wildcard.get(lang, [])
            )
            best: _Candidate | None = None
            for trig in options:
                if not self._match(forms, i, trig):
                    continue
                head = self._head_of(toks, i, trig)
                if parsed and "noun" in trig.flags and not self._noun_role_ok(toks, head):
                    continue
                after_aux = head > 0 and toks[head - 1].pos == "AUX"
                if parsed and len(trig.tokens) == 1 and not after_aux:
                    pos = toks[head].pos
                    if "noun" in trig.flags and pos not in ("NOUN", "PROPN", "X", ""):
                        continue
                    if "noun" not in trig.flags and pos in ("NOUN", "PROPN"):
                        continue
                if best is None or len(trig.tokens) > len(best.trigger.tokens):
                    best = _Candidate(trig, head, i, i + len(trig.tokens) - 1, trig.mode)
            if best is not None:
                found.append(best)
                covered.update(range(best.first, best.last + 1))
        return found

    def _noun_role_ok(self, toks: Sequence[Token], k: int) -> bool:
        base = toks[0].i
        for _ in range(4):
            dep = toks[k].dep
            if dep not in self.noun_deps:
                return False
            if dep != "conj":
                return True
            k = toks[k].head - base
            if not 0 <= k < len(toks):
                return False
        return False

    def _head_of(self, toks: Sequence[Token], i: int, trig: Trigger) -> int:
        span = range(i, i + len(trig.tokens))
        for k in span:
            if toks[k].pos in ("VERB",) and trig.tokens[k - i] != "_":
                return k
        for k in span:
            if toks[k].pos in ("NOUN", "PROPN") and trig.tokens[k - i] != "_":
                return k
        return i

    # ------------------------------------------------------------ parse helpers
    @staticmethod
    def _children(toks: Sequence[Token], base: int) -> dict[int, list[int]]:
        kids: dict[int, list[int]] = defaultdict(list)
        for k, t in enumerate(toks):
            h = t.head - base
            if h != k and 0 <= h < len(toks):
                kids[h].append(k)
        return kids

    @staticmethod
    def _subtree(kids: dict[int, list[int]], k: int) -> set[int]:
        out = {k}
        stack = [k]
        while stack:
            for c in kids.get(stack.pop(), []):
                if c not in out:
                    out.add(c)
                    stack.append(c)
        return out

    def _case_of(self, toks: Sequence[Token], kids: dict[int, list[int]], k: int) -> str:
        for c in kids.get(k, []):
            if toks[c].dep in ("case", "mark", "prep"):
                return fold(toks[c].lemma)
        return ""

    # ------------------------------------------------------------ actors
    def _country_entity(self, iso: str | None, ents: dict[str, Entity]) -> Entity | None:
        """The document's entity for a country, or one made from the knowledge base."""
        country = self.kb.country(iso)
        if country is None:
            return None
        return ents.get(country.id) or Entity(
            id=country.id,
            name=country.name,
            type="COUNTRY",
            kb_id=country.qid,
            country=country.country,
        )

    def _actor_identity(self, entity: Entity, ents: dict[str, Entity]) -> Entity:
        """A capital or seat of government acting as a party is its country."""
        if entity.government_of and entity.type in ("PLACE", "ORG"):
            return self._country_entity(entity.government_of, ents) or entity
        return entity

    def _to_country(self, entity: Entity, ents: dict[str, Entity]) -> Entity:
        """A person or organisation of a country, as that country."""
        if entity.type in ("PERSON", "ORG") and entity.country:
            return self._country_entity(entity.country, ents) or entity
        return entity

    def _actors(
        self,
        analysis: Analysis,
        sent: Sentence,
        toks: Sequence[Token],
        ents: dict[str, Entity],
        lang: _Lang | None,
        for_assault: bool,
    ) -> list[_Actor]:
        base = sent.token_start
        out: list[_Actor] = []
        starts = [t.start for t in toks]
        for m in analysis.mentions:
            if m.sentence < 0 or analysis.sentences[m.sentence] is not sent or not m.entity:
                continue
            ent = ents.get(m.entity)
            if ent is None:
                continue
            k = index_at(starts, m.start)
            k_last = max(k, index_at(starts, m.end - 1))
            tok = toks[k]
            if m.via == "demonym":
                head = toks[tok.head - base] if 0 <= tok.head - base < len(toks) else None
                nouns = lang.actor_nouns if lang else frozenset()
                qualifies = head is not None and head is not tok and fold(head.lemma) in nouns
                if not qualifies and not tok.dep:  # no parse: neighbouring words
                    near = [fold(toks[j].text) for j in (k - 1, k + 1) if 0 <= j < len(toks)]
                    qualifies = any(w in nouns for w in near)
                if tok.pos in ("NOUN", "PROPN") or (tok.text[:1].isupper() and tok.dep):
                    qualifies = True  # "des milliers d'Israéliens": the people themselves
                if not qualifies:
                    out.append(_Actor(ent, m, k, qualified=for_assault, last=k_last))
                    continue
            if ent.type == "PLACE" and m.via != "demonym" and (not for_assault or not ent.country):
                continue  # places where things happen; capitals acting as parties are countries
            if ent.type == "WEAPON":
                continue
            out.append(_Actor(ent, m, k, last=k_last))
        return out

    # ------------------------------------------------------------ main
    def __call__(self, analysis: Analysis) -> Analysis:
        ents = {e.id: e for e in analysis.entities}
        events: list[Event] = []
        seg_kind = [s.kind for s in analysis.segments]
        last_by_segment: dict[int, Event] = {}
        for s_idx, sent in enumerate(analysis.sentences):
            if seg_kind[sent.segment] != "body":
                continue
            toks = analysis.tokens[sent.token_start : sent.token_end]
            lang = self.langs.get(sent.language)
            parsed = any(t.dep for t in toks)
            cands = self._triggers(toks, sent.language, parsed)
            if not cands:
                continue
            kids = self._children(toks, sent.token_start) if parsed else {}
            cands = self._absorb(cands, kids, toks, lang)
            money = any(q.sentence == s_idx and q.unit.isupper() for q in analysis.quantities)
            sent_events: list[Event] = []
            for cand in cands:
                if "money" in cand.trigger.flags and not money:
                    continue
                prev = last_by_segment.get(sent.segment) or (
                    events[-1] if events and events[-1].sentence == s_idx - 1 else None
                )
                ev = self._event(analysis, s_idx, sent, toks, kids, cand, ents, lang, parsed, prev)
                if ev is not None:
                    sent_events.append(ev)
            for ev in _dedupe(sent_events):
                events.append(ev)
                last_by_segment[sent.segment] = ev
        quantities = list(analysis.quantities)
        for q_idx, q in enumerate(quantities):
            same = [i for i, e in enumerate(events) if e.sentence == q.sentence]
            if same:
                best = min(same, key=lambda i: abs(events[i].start - q.start))
                quantities[q_idx] = replace(q, event=best)
        return replace(analysis, events=tuple(events), quantities=tuple(quantities))

    def _absorb(
        self,
        cands: list[_Candidate],
        kids: dict[int, list[int]],
        toks: Sequence[Token],
        lang: _Lang | None,
    ) -> list[_Candidate]:
        """A trigger in the clause of another (verbal) trigger gives it its mode only."""
        if len(cands) < 2:
            return cands
        if not kids:  # no parse: a trigger within three words after a threat is its content
            keep = []
            for c in cands:
                outer = [
                    o
                    for o in cands
                    if o is not c
                    and o.trigger.type in ("THREATEN", "REQUEST")
                    and 0 < c.first - o.last <= 5
                ]
                if outer:
                    outer[0].mode = outer[0].mode or c.mode
                    continue
                keep.append(c)
            return keep
        keep = []
        for c in cands:
            outer = [
                o
                for o in cands
                if o is not c
                and toks[o.head].pos in ("VERB", "AUX")
                and c.head in self._subtree(kids, o.head)
                and o.trigger.type
                in (
                    "THREATEN",
                    "REQUEST",
                    "ASSAULT",
                    "REJECT",
                    "ACCUSE",
                    "AID",
                    "SUPPORT",
                    "SANCTION",
                )
            ]
            if outer:
                o = outer[0]
                if o.mode is None and c.mode:
                    o.mode = c.mode
                o.absorbed.append(c.trigger)
                continue
            keep.append(c)
        return keep

    def _event(
        self,
        analysis: Analysis,
        s_idx: int,
        sent: Sentence,
        toks: Sequence[Token],
        kids: dict[int, list[int]],
        cand: _Candidate,
        ents: dict[str, Entity],
        lang: _Lang | None,
        parsed: bool,
        prev: Event | None,
    ) -> Event | None:
        trig = cand.trigger
        etype = trig.type
        actors = self._actors(analysis, sent, toks, ents, lang, etype == "ASSAULT")
        head = cand.head
        base = sent.token_start
        if parsed:
            claimant, claim_toks = self._claimant(toks, kids, head, actors, lang)
        else:
            claimant, claim_toks = self._claimant_flat(toks, cand, actors, lang)
        actors = [
            a
            for a in actors
            if a.token not in claim_toks and (claimant is None or a.entity.id != claimant.id)
        ]
        loose = [a for a in actors if not a.qualified]
        actors = [a for a in actors if a.qualified]
        source: _Actor | None = None
        target: _Actor | None = None
        how = 0
        if parsed:
            source, target, how = self._parse_args(toks, kids, head, actors, lang, base, loose)
            if how < 0:
                return None
        target_parsed = target is not None
        if not parsed:
            source, target = self._flat_args(toks, cand, actors, loose, lang)
            target_parsed = target is not None
        if source is None and how != 9:
            before = [a for a in actors if a.token < cand.first and a is not target]
            if target is not None:
                before = [a for a in before if not self._same_side(target.entity, a.entity)]
            if before:
                source = before[-1]
                # "L'Allemagne et le Royaume-Uni ont annoncé": the first of a coordination
                by_tok = {a.token: a for a in before}
                k = source.token
                while toks[k].dep == "conj" and (toks[k].head - base) in by_tok:
                    k = toks[k].head - base
                source = by_tok.get(k, source)
        others = [
            a
            for a in actors
            if a is not source and (source is None or not self._same_side(a.entity, source.entity))
        ]
        if etype == "AID" and lang is not None:
            # aid goes "à l'Ukraine", "to Ukraine": a recipient marked so beats other complements
            marked = [a for a in others if self._marked(toks, a.token, lang)]
            if marked:
                target = min(marked, key=lambda a: abs(a.token - head))
                target_parsed = True
        if target is None:
            after = [a for a in others if a.token > cand.last]
            # "l'envoyé américain Steve Witkoff": the name, not the adjective, is the actor
            named_heads = {toks[a.token].head for a in after if a.mention.via != "demonym"}
            named_toks = {toks[a.token].i for a in after if a.mention.via != "demonym"}
            after = [
                a
                for a in after
                if a.mention.via != "demonym"
                or not ({toks[a.token].head} & (named_heads | named_toks))
            ]
            if after:
                target = after[0]
        if "reverse" in trig.flags:
            source, target = target, source  # "l'Ukraine a reçu des armes de l'Allemagne"
        src = self._actor_identity(source.entity, ents) if source else None
        tgt = self._actor_identity(target.entity, ents) if target else None
        if tgt is not None and tgt.type == "PLACE" and tgt.country:
            # a city or region attacked: its country is the target
            tgt = self._country_entity(tgt.country, ents) or tgt
        if etype in self.country_level:
            src = self._to_country(src, ents) if src else None
        if src and tgt and (src.id == tgt.id or self._same_side(tgt, src)):
            tgt = None
        location, location_id, loc_country = self._location(
            analysis, sent, toks, kids, head, ents, lang
        )
        if (
            tgt is None
            and etype == "ASSAULT"
            and loc_country
            and (src is None or src.country != loc_country)
        ):
            tgt = self._country_entity(loc_country, ents)
        if tgt is None and prev is not None and src is not None and "weak" not in trig.flags:
            carried = None
            if prev.source_id and prev.source_id != src.id and prev.source_id in ents:
                carried = ents[prev.source_id]
            elif prev.source_id == src.id and prev.target_id and prev.target_id in ents:
                carried = ents[prev.target_id]
            elif prev.source_id == src.id and prev.target:
                carried = self._entity_by_name(prev.target, ents)
            if carried is not None:
                carried = self._to_country(self._actor_identity(carried, ents), ents)
                if carried.id != src.id and not self._same_side(carried, src):
                    tgt = carried
        if tgt is None and etype == "AID" and src is not None:
            tgt = self._main_country(analysis, ents, src)
        if src is None and etype != "ASSAULT":
            return None
        if tgt is None and (
            etype in self.dyadic or ("weak" in trig.flags and etype not in self.monadic)
        ):
            return None
        if (
            parsed
            and "weak" in trig.flags
            and "money" not in trig.flags
            and etype != "AID"
            and etype not in self.monadic
            and not target_parsed
        ):
            return None  # an ambiguous trigger needs the parse to give its target
        status = (
            self._status(toks, kids, head, lang, sent, base)
            if parsed
            else self._status_flat(toks, cand, lang)
        )
        date = self._date(analysis.dates, s_idx, toks[head].start)
        if date is None and parsed and self._background(toks, head, lang, base):
            return None  # "continuait de bombarder", "poussent à capturer": no event of its own
        mode = cand.mode or self._mode(toks, cand)
        confidence = (
            0.45 + 0.15 * (how if how != 9 else 0) + (0.1 if src else 0) + (0.1 if tgt else 0)
        )
        if "weak" in trig.flags:
            confidence -= 0.15
        return Event(
            type=etype,
            mode=mode,
            source=src.name if src else None,
            target=tgt.name if tgt else None,
            evidence=sent.text,
            start=sent.start,
            end=sent.end,
            sentence=s_idx,
            trigger=analysis.document.text[toks[cand.first].start : toks[cand.last].end],
            source_id=src.id if src else None,
            target_id=tgt.id if tgt else None,
            date=date.value if date else None,
            date_text=date.text if date else None,
            date_precision=date.precision if date else None,
            location=location,
            location_id=location_id,
            claimant=claimant.name if claimant else None,
            status=status,
            confidence=round(max(0.05, min(0.95, confidence)), 2),
        )

    @staticmethod
    def _marked(toks: Sequence[Token], k: int, lang: _Lang) -> bool:
        """The actor at k follows a target preposition ("à l'Ukraine", "to Kyiv")."""
        j = k - 1
        while j >= 0 and (
            toks[j].pos == "DET" or fold(toks[j].text) in ("l'", "la", "le", "les", "the")
        ):
            j -= 1
        return j >= 0 and fold(toks[j].text) in lang.target_preps

    def _main_country(
        self, analysis: Analysis, ents: dict[str, Entity], src: Entity
    ) -> Entity | None:
        """The country the story is about: most named in the document, other than the source's."""
        best: tuple[int, Entity] | None = None
        for e in analysis.entities:
            if e.type != "COUNTRY" or e.id == src.id or self._same_side(e, src):
                continue
            n = len(e.mentions)
            if best is None or n > best[0]:
                best = (n, e)
        return best[1] if best else None

    def _entity_by_name(self, name: str, ents: dict[str, Entity]) -> Entity | None:
        for e in ents.values():
            if e.name == name:
                return e
        return None

    def _same_side(self, country: Entity, member: Entity) -> bool:
        """``country`` is the country ``member`` belongs to or acts for: it cannot be the target
        of its own member (Medvedev warning "la Russie et les États-Unis"), while a country can
        act on one of its own people (Israelis protesting against Netanyahu)."""
        ca = country.country if country.type == "COUNTRY" else None
        return bool(
            ca and member.type != "COUNTRY" and (member.country == ca or member.government_of == ca)
        )

    def _in_subject(self, toks: Sequence[Token], k: int, base: int) -> bool:
        t = toks[k]
        for _ in range(5):
            if t.dep.startswith("nsubj"):
                return True
            h = t.head - base
            if h == k or not 0 <= h < len(toks) or t.dep in ("obj", "obl", "iobj"):
                return False
            k, t = h, toks[h]
        return False

    def _governing_verb(self, toks: Sequence[Token], k: int, base: int) -> int:
        """From a nominal trigger up to the verb it depends on."""
        for _ in range(4):
            t = toks[k]
            if t.pos in ("VERB", "AUX") and t.dep not in ("amod",):
                return k
            h = t.head - base
            if h == k or not 0 <= h < len(toks):
                return k
            k = h
        return k

    def _subject_of(
        self, toks: Sequence[Token], kids: dict[int, list[int]], v: int, base: int
    ) -> tuple[int | None, bool]:
        """(subject token, passive) of verb v, climbing to governing clauses when v has none.

        An infinitive of purpose ("pour exiger", "to demand") shares the subject of the main
        clause, however the parser attached it; -2 means the main clause has none either."""
        gov = toks[v].head - base
        if (
            toks[v].verb_form == "Inf"
            and any(
                toks[c].dep == "mark" and fold(toks[c].text) in _PURPOSE for c in kids.get(v, [])
            )
            and 0 <= gov < len(toks)
            and toks[gov].dep == "acl:relcl"  # the parser hung it inside a relative clause
        ):
            root = next((k for k, t in enumerate(toks) if t.dep.upper() == "ROOT"), None)
            if root is not None and root != v:
                subj = next(
                    (c for c in kids.get(root, []) if toks[c].dep.startswith("nsubj")), None
                )
                if subj is None:
                    return -2, False
                return subj, toks[subj].dep.endswith(":pass")
        for _ in range(4):
            reflexive = any(toks[c].dep.startswith("expl") for c in kids.get(v, []))
            for c in kids.get(v, []):
                if toks[c].dep in _SUBJ or toks[c].dep.startswith("nsubj"):
                    # "les forces se sont retirées": a reflexive is no passive
                    passive = toks[c].dep.endswith(":pass") or toks[c].dep == "nsubjpass"
                    return c, passive and not reflexive
            t = toks[v]
            h = t.head - base
            if t.dep not in _CLIMB or h == v or not 0 <= h < len(toks):
                return None, False
            if toks[h].pos in ("NOUN", "PROPN", "PRON") and toks[v].pos in ("VERB", "AUX"):
                return -1, False  # a clause inside a noun phrase: its subject is unknown
            v = h
        return None, False

    def _clause(self, toks: Sequence[Token], kids: dict[int, list[int]], root: int) -> set[int]:
        """The subtree of root without the clauses nested in it."""
        out = {root}
        stack = [root]
        while stack:
            for c in kids.get(stack.pop(), []):
                if (
                    c not in out
                    and toks[c].dep not in _NESTED
                    and toks[c].dep.split(":")[0] not in _NESTED
                ):
                    out.add(c)
                    stack.append(c)
        return out

    def _best_in(
        self,
        toks: Sequence[Token],
        kids: dict[int, list[int]],
        root: int,
        actors: list[_Actor],
        exclude: set[int],
        own_clause: bool = False,
    ) -> _Actor | None:
        sub = self._clause(toks, kids, root) if own_clause else self._subtree(kids, root)
        inside = [a for a in actors if a.within(sub) and a.token not in exclude]
        if not inside:
            return None

        def cost(a: _Actor) -> tuple[int, int, int]:
            hops = 0
            # an appositive name ("l'envoyé de X, Steve Witkoff") is the referent of its phrase
            appos = 0
            k = a.token
            while toks[k].dep.startswith("flat") and k != root:
                k = toks[k].head - toks[0].i
            if toks[k].dep == "appos":
                appos = 1
            k = a.token
            base_guard = 0
            while k != root and base_guard < 12:
                t = toks[k]
                if t.dep.startswith("nmod") or t.dep == "poss":
                    hops += 1
                parent = [p for p, cs in kids.items() if k in cs]
                if not parent:
                    break
                k = parent[0]
                base_guard += 1
            named = 0 if a.mention.via in ("ner", "gazetteer", "fuzzy", "metonym") else 1
            if a.entity.type == "PLACE":
                named = 2  # a place is a target only when nothing else is
            return (named, hops - appos, a.token)

        return min(inside, key=cost)

    def _parse_args(
        self,
        toks: Sequence[Token],
        kids: dict[int, list[int]],
        head: int,
        actors: list[_Actor],
        lang: _Lang | None,
        base: int,
        loose: Sequence[_Actor] = (),
    ) -> tuple[_Actor | None, _Actor | None, int]:
        if toks[head].pos in ("NOUN", "PROPN"):
            own = [
                a
                for a in actors
                if a.token in self._subtree(kids, head)
                and toks[a.token].dep in ("amod", "nmod:poss", "poss")
            ]
            if own or toks[head].dep.startswith("nsubj"):
                # "une offensive russe", "la coalition de pays": the noun phrase holds its agent
                src = own[0] if own else None
                tgt = None
                for c in kids.get(head, []):
                    if src is not None and c == src.token:
                        continue
                    if toks[c].dep.startswith("nmod") or toks[c].dep in ("obl", "acl"):
                        tgt = self._best_in(toks, kids, c, actors, {src.token} if src else set())
                        if tgt is not None:
                            break
                return src, tgt, (9 if src is None else 1) + (1 if tgt and src else 0)
        verb = self._governing_verb(toks, head, base) if toks[head].pos != "VERB" else head
        subj, passive = self._subject_of(toks, kids, verb, base)
        source = target = None
        how = 0
        if subj == -1:
            return None, None, -1
        if subj == -2:  # purpose clause of a main clause without subject: its first actor
            first = next(iter(sorted(actors, key=lambda a: a.token)), None)
            if first is not None and first.token < head:
                rest = [
                    a
                    for a in actors
                    if a is not first and not self._same_side(a.entity, first.entity)
                ]
                target = min(rest, key=lambda a: abs(a.token - head)) if rest else None
                return first, target, 1 + (1 if target else 0)
            return None, None, -1
        if subj is not None:
            found = self._best_in(toks, kids, subj, actors, set())
            if passive:
                target = found
            else:
                source = found
                if found is None:
                    how = 9  # the subject is known and is no actor: no guessing
        # passive agent: "par les pays du groupe de contact", "by Russian forces"
        agents = lang.agent_preps if lang else frozenset()
        for c in kids.get(verb, []):
            if toks[c].dep in ("obl:agent", "agent") or (
                toks[c].dep.startswith("obl")
                and self._case_of(toks, kids, c) in agents
                and (passive or subj is None)
            ):
                found = self._best_in(toks, kids, c, actors, set())
                if found is not None:
                    if source is not None and target is None:
                        target = source
                    source = found
                    break
        if source is not None:
            how = 1
        # complements of the trigger (and of its verb for nominal triggers)
        exclude = {source.token} if source else set()
        if target is None:
            roots = [head] if head != verb else []
            roots.append(verb)
            withs = lang.with_preps if lang else frozenset()
            for r in roots:
                order = sorted(
                    kids.get(r, []),
                    key=lambda c: (
                        self._case_of(toks, kids, c) not in withs,
                        toks[c].dep != "obj",
                        c,
                    ),
                )
                for c in order:
                    if toks[c].dep.split(":")[0] not in (
                        "obj",
                        "obl",
                        "iobj",
                        "nmod",
                        "dobj",
                        "dative",
                        "prep",
                        "advcl",
                        "xcomp",
                        "acl",
                        "ccomp",
                    ):
                        continue
                    if c == subj or (source is not None and source.token in self._subtree(kids, c)):
                        continue
                    # a demonym on the complement's own noun names the target
                    # ("a rejeté la proposition française", "a arrêté un journaliste américain")
                    own = [a for a in loose if toks[a.token].head - base == c]
                    pool = [
                        a
                        for a in [*actors, *own]
                        if source is None or not self._same_side(a.entity, source.entity)
                    ]
                    found = self._best_in(toks, kids, c, pool, exclude, own_clause=True)
                    if found is not None and (
                        source is None or found.entity.id != source.entity.id
                    ):
                        target = found
                        break
                if target is not None:
                    break
        if target is not None and how != 9:
            how += 1
        return source, target, how

    def _claimant(
        self,
        toks: Sequence[Token],
        kids: dict[int, list[int]],
        head: int,
        actors: list[_Actor],
        lang: _Lang | None,
    ) -> tuple[Entity | None, set[int]]:
        """The speaker of "X a frappé Y, a déclaré Z"; Z's tokens are kept out of the args."""
        if lang is None:
            return None, set()
        base = toks[0].i
        trig_tree = None
        for k, t in enumerate(toks):
            if k == head or t.pos not in ("VERB", "AUX"):
                continue
            if fold(t.lemma) not in lang.speech and fold(t.text) not in lang.speech:
                continue
            trig_tree = trig_tree or self._subtree(kids, head)
            attached = toks[k].head - base == head and toks[k].dep.split(":")[0] in (
                "parataxis",
                "conj",
                "advcl",
            )
            if k in trig_tree and not attached:
                continue  # a speech verb inside what the trigger governs is content, not source
            subj = next((c for c in kids.get(k, []) if toks[c].dep.startswith("nsubj")), None)
            region = self._subtree(kids, subj) if subj is not None else set()
            if not region:
                # inverted subject: "a déclaré le gouverneur Ivan Fedorov"
                region = {
                    j
                    for j in range(k + 1, len(toks))
                    if j not in trig_tree and toks[j].head - base != head
                }
            speaker = next(
                (
                    a
                    for a in actors
                    if a.token in region and a.entity.type in ("PERSON", "ORG", "COUNTRY")
                ),
                None,
            )
            if speaker is not None:
                return speaker.entity, region
        return None, set()

    def _status(
        self,
        toks: Sequence[Token],
        kids: dict[int, list[int]],
        head: int,
        lang: _Lang | None,
        sent: Sentence,
        base: int,
    ) -> str:
        if lang is None:
            return "happened"
        verb = self._governing_verb(toks, head, base)
        near = set(kids.get(verb, [])) | set(kids.get(head, []))
        if any(
            fold(toks[c].lemma) in lang.negations or fold(toks[c].text) in lang.negations
            for c in near
        ):
            return "denied"
        if (
            fold(toks[verb].lemma) in lang.negating_verbs
            or fold(toks[verb].text) in lang.negating_verbs
        ):
            return "denied"
        k = verb
        for _ in range(4):
            if any(
                toks[c].dep == "mark" and fold(toks[c].text) in lang.conditionals
                for c in kids.get(k, [])
            ):
                return "conditional"
            h = toks[k].head - base
            if h == k or not 0 <= h < len(toks):
                break
            k = h
        if toks[verb].tense == "Fut" or any(
            fold(toks[c].lemma) in lang.future_aux
            or fold(toks[c].text) in lang.future_aux
            or toks[c].tense == "Fut"
            for c in kids.get(verb, [])
            if toks[c].pos == "AUX"
        ):
            return "announced"
        if fold(toks[verb].lemma) in lang.announce and verb != head:
            return "announced"
        return "happened"

    def _background(self, toks: Sequence[Token], head: int, lang: _Lang | None, base: int) -> bool:
        """The trigger depends on a continuation or intention verb."""
        if lang is None:
            return False
        k = head
        for _ in range(2):
            h = toks[k].head - base
            if (
                h == k
                or not 0 <= h < len(toks)
                or toks[k].dep not in ("xcomp", "advcl", "ccomp", "obj", "obl:arg", "conj")
            ):
                return False
            if fold(toks[h].lemma) in lang.background or fold(toks[h].text) in lang.background:
                return True
            k = h
        return False

    def _claimant_flat(
        self, toks: Sequence[Token], cand: _Candidate, actors: list[_Actor], lang: _Lang | None
    ) -> tuple[Entity | None, set[int]]:
        """Without a parse: "…, dijo Zelenski" / "…, sagte Selenskyj" after the event."""
        if lang is None:
            return None, set()
        for k in range(cand.last + 1, len(toks)):
            if (
                fold(toks[k].text) in lang.speech
                and k > 0
                and toks[k - 1].text in (",", "«", "»", '"')
            ):
                region = set(range(k + 1, len(toks)))
                speaker = next((a for a in actors if a.token in region), None)
                if speaker is not None:
                    return speaker.entity, region
        return None, set()

    def _flat_args(
        self,
        toks: Sequence[Token],
        cand: _Candidate,
        actors: list[_Actor],
        loose: Sequence[_Actor],
        lang: _Lang | None,
    ) -> tuple[_Actor | None, _Actor | None]:
        """Without a parse: the first actor before the trigger acts on the first one after it
        (demonyms on ordinary nouns count after it); a passive ("fue bombardeada por", "wurde von
        ... beschossen") swaps them; a verb at the end of the clause (German) takes the first two
        actors in order."""
        before = [a for a in actors if a.token < cand.first]
        # a wildcard inside the trigger ("droht* _ mit Vergeltung") may hold the target
        slots = {cand.first + k for k, tok in enumerate(cand.trigger.tokens) if tok == "_"}
        after = sorted(
            [a for a in [*actors, *loose] if a.token > cand.last or a.token in slots],
            key=lambda a: a.token,
        )
        agents = lang.agent_preps if lang else frozenset()
        words = [fold(t.text) for t in toks]
        by_agent = [
            a
            for a in [*actors, *loose]
            if any(w in agents for w in words[max(0, a.token - 3) : a.token])
        ]
        passive = any(w in _PASSIVE_AUX for w in words[: cand.first + 1]) and by_agent
        source: _Actor | None
        if passive:
            source = by_agent[0]
            target = next((a for a in before if a is not source), None)
            return source, target
        source = before[0] if before else None
        rest = [a for a in after if source is None or not self._same_side(a.entity, source.entity)]
        target = rest[0] if rest else None
        if target is None and len(before) >= 2:
            target = next(
                (
                    a
                    for a in before[1:]
                    if source is None or not self._same_side(a.entity, source.entity)
                ),
                None,
            )
        return source, target

    def _status_flat(self, toks: Sequence[Token], cand: _Candidate, lang: _Lang | None) -> str:
        if lang is None:
            return "happened"
        window = [fold(t.text) for t in toks[max(0, cand.first - 6) : cand.last + 2]]
        if any(w in lang.negations for w in window):
            return "denied"
        before = [fold(t.text) for t in toks[: cand.first]]
        if any(w in lang.conditionals for w in before):
            return "conditional"
        if any(w in lang.future_aux for w in window):
            return "announced"
        return "happened"

    def _mode(self, toks: Sequence[Token], cand: _Candidate) -> str | None:
        window = " ".join(fold(t.text) for t in toks[max(0, cand.first - 2) : cand.last + 17])
        for mode, keys in self.modes:
            if any(f" {k} " in f" {window} " for k in keys):
                return mode
        return None

    def _date(self, dates: Sequence[DateRef], s_idx: int, offset: int) -> DateRef | None:
        same = [d for d in dates if d.sentence == s_idx and d.value is not None]
        if not same:
            return None
        rank = {"day": 0, "week": 1, "month": 2, "season": 3, "range": 4, "year": 5}
        return min(same, key=lambda d: (rank.get(d.precision, 9), abs(d.start - offset)))

    def _location(
        self,
        analysis: Analysis,
        sent: Sentence,
        toks: Sequence[Token],
        kids: dict[int, list[int]],
        head: int,
        ents: dict[str, Entity],
        lang: _Lang | None,
    ) -> tuple[str | None, str | None, str | None]:
        """The place where the event happened: a place after a location preposition."""
        preps = lang.location_preps if lang else frozenset()
        best: tuple[int, Entity] | None = None
        for m in analysis.mentions:
            if not (sent.start <= m.start < sent.end) or not m.entity:
                continue
            ent = ents.get(m.entity)
            if ent is None or ent.type != "PLACE":
                continue
            before = analysis.document.text[max(sent.start, m.start - 40) : m.start]
            words = [fold(w) for w in before.replace("'", " ").split()]
            if not any(w in preps for w in words[-6:]):
                continue
            # regions and cities beat larger areas; the one nearest the trigger wins
            dist = abs(m.start - toks[head].start)
            if best is None or dist < best[0]:
                best = (dist, ent)
        if best is None:
            return None, None, None
        ent = best[1]
        return ent.name, ent.id, ent.country


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per type and actor pair in a sentence: the most confident."""
    best: dict[tuple[str, str | None, str | None], Event] = {}
    for ev in events:
        key = (ev.type, ev.source_id, ev.target_id)
        if key not in best or ev.confidence > best[key].confidence:
            best[key] = ev
    by_type: dict[str, list[Event]] = defaultdict(list)
    for ev in best.values():
        by_type[ev.type].append(ev)
    out = []
    for evs in by_type.values():
        full = [e for e in evs if e.source and e.target]
        for e in evs:
            # a half-filled event beside a full one of the same type is the same event
            if not (e.source and e.target) and any(
                f.source == e.source or f.target == e.target for f in full
            ):
                continue
            out.append(e)
    return sorted(out, key=lambda e: e.confidence, reverse=True)


@register("veille.events.v1")
def make_events(settings: Settings, resources: Resources) -> Stage:
    return EventsStage(resources.triggers, resources.grammar, resources.kb)
