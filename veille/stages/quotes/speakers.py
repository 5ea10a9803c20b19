"""Who may have said a quotation: the candidate speakers around it and what describes them.

Candidates are the actors named in the quotation's sentences and in the two sentences before it
(people, organisations, countries, and capitals or government organs standing for their
country), names that the entities stage did not link (a run of capitalised words), and the
speaker of the quotation just before. Each candidate is described by plain binary features:
which side of the quotation it stands on and how far, the verb of saying next to it ("a déclaré
X", "X said", "dijo X", "sagte X", "X sagte"), an attribution marker before it ("selon X",
"according to X", "según X", "laut X", ", so X") or after it ("X zufolge"), a colon between it
and the quotation, its grammatical role where a parse exists, what lies between it and the
quotation, and the quotation's own shape (marks, length, verb). The learned model in
:mod:`.model` weighs them; nothing here decides.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ...model import Analysis, Entity, Mention, Token, index_at, outermost
from ...text import fold, words
from .spans import QuoteSpan

__all__ = [
    "DocumentContext",
    "QuoteGrammar",
    "QuoteGroup",
    "SpeakerCandidate",
    "SpeakerKnowledge",
    "group_features",
    "load_quote_grammars",
    "speaker_candidates",
]

_ACTOR_TYPES = ("PERSON", "ORG", "COUNTRY")
_CLIMB = frozenset({"appos", "flat", "compound", "conj", "amod", "nmod", "poss", "case", "det"})
_MODIFIERS = frozenset({"amod", "nmod", "compound", "poss"})
_CONTEXT = 6  # tokens looked at on each side of a candidate
_SENTENCES_BEFORE = 2
_PARTICLES = frozenset(
    {
        "de",
        "del",
        "da",
        "di",
        "van",
        "von",
        "der",
        "den",
        "al",
        "el",
        "bin",
        "ibn",
        "la",
        "le",
        "y",
        "zu",
        "ben",
        "abu",
    }
)
# in a language that capitalises its nouns, articles join no name ("Verbot der Aktivitäten")
_PARTICLES_CAPITALISED = _PARTICLES - {"der", "den", "el", "la", "le", "y"}
_MARK_FAMILY = {
    "«": "guillemet",
    "»": "guillemet",
    "„": "low",
    "“": "curly",
    "”": "curly",
    '"': "straight",
    "‚": "single",
    "‘": "single",
    "'": "single",
    "‹": "single",
    "–": "dash",
    "": "orphan",
}


def _folded(cfg: Mapping[str, Any], key: str) -> frozenset[str]:
    return frozenset(fold(str(w)) for w in cfg.get(key, []))


def _phrase(text: str) -> str:
    return " ".join(fold(text).replace("'", "' ").split()).replace("' ", "'")


@dataclass(frozen=True, slots=True)
class QuoteGrammar:
    """The words of one language that attribute quotations, folded."""

    lang: str
    speech: frozenset[str] = frozenset()
    acts: frozenset[str] = frozenset()
    according: tuple[str, ...] = ()
    according_after: frozenset[str] = frozenset()
    according_post: frozenset[str] = frozenset()
    speaker_nouns: frozenset[str] = frozenset()
    statement_nouns: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    pronouns: frozenset[str] = frozenset()
    pronoun_forms: frozenset[str] = frozenset()  # lower case, accents kept
    honorifics: frozenset[str] = frozenset()
    indefinites: frozenset[str] = frozenset()
    stopwords: frozenset[str] = frozenset()
    backref: Mapping[str, str] = field(default_factory=dict)  # folded noun -> kind
    capitalised_nouns: bool = False

    @classmethod
    def from_config(cls, lang: str, cfg: Mapping[str, Any]) -> QuoteGrammar:
        acts = _folded(cfg, "speech_act_verbs")
        return cls(
            lang=lang,
            speech=_folded(cfg, "speech_verbs") | _folded(cfg, "quote_verbs") | acts,
            acts=acts,
            according=tuple(
                sorted(
                    {
                        _phrase(w)
                        for k in ("according_to", "quote_according")
                        for w in cfg.get(k, [])
                    },
                    key=len,
                    reverse=True,
                )
            ),
            according_after=_folded(cfg, "according_after"),
            according_post=_folded(cfg, "according_post"),
            speaker_nouns=_folded(cfg, "speaker_nouns"),
            statement_nouns=_folded(cfg, "statement_nouns"),
            determiners=_folded(cfg, "determiners"),
            pronouns=_folded(cfg, "subject_pronouns"),
            pronoun_forms=frozenset(str(w).lower() for w in cfg.get("subject_pronouns", [])),
            honorifics=frozenset(fold(str(w)).rstrip(".") for w in cfg.get("honorifics", [])),
            indefinites=_folded(cfg, "indefinite_determiners"),
            stopwords=_folded(cfg, "name_stopwords")
            | _folded(cfg, "coordinators")
            | _folded(cfg, "negations"),
            capitalised_nouns=bool(cfg.get("capitalised_nouns", False)),
            backref={
                **{w: "person" for w in _folded(cfg, "backref_person_nouns")},
                **{w: "org" for w in _folded(cfg, "backref_org_nouns")},
                **{w: "state" for w in _folded(cfg, "backref_state_nouns")},
            },
        )


def load_quote_grammars(
    grammar: Mapping[str, Any], calendar: Mapping[str, Iterable[str]] | None = None
) -> dict[str, QuoteGrammar]:
    """One :class:`QuoteGrammar` per language section that lists verbs of saying; the words of
    ``calendar`` (month and weekday names by language) and the social platforms
    (``quote_platforms``: "escribió en Twitter") never begin or make a name."""
    platforms = frozenset(fold(str(w)) for w in grammar.get("quote_platforms", []))
    out = {}
    for lang, cfg in grammar.items():
        if isinstance(cfg, dict) and "speech_verbs" in cfg:
            g = QuoteGrammar.from_config(lang, cfg)
            extra = frozenset(fold(w).rstrip(".") for w in (calendar or {}).get(lang, ()))
            out[lang] = replace(g, stopwords=g.stopwords | extra | platforms)
    return out


@dataclass(frozen=True, slots=True)
class SpeakerKnowledge:
    """What the knowledge base tells the quotes stage: country names by ISO code, the words of
    role titles and actor nouns (never part of a name), and the ids of news outlets (they
    report, they are rarely the speaker of a quotation)."""

    country_name: Mapping[str, str] = field(default_factory=dict)
    title_words: frozenset[str] = frozenset()
    media: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """One quotation: one or more spans (split by an attribution, or continued into the next
    paragraph), read as a whole."""

    parts: tuple[QuoteSpan, ...]
    segment: int
    sentence: int  # the sentence where it opens
    close_sentence: int

    @property
    def open_at(self) -> int:
        return self.parts[0].open_at

    @property
    def close_at(self) -> int:
        return self.parts[-1].close_at


@dataclass(frozen=True, slots=True)
class SpeakerCandidate:
    """Someone who may have said a quotation, with the features that describe the pairing."""

    name: str
    entity_id: str | None
    start: int
    end: int
    features: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Actor:
    """A mention that can speak, with the entity it speaks as."""

    start: int
    end: int
    first: int  # token indices
    last: int
    sentence: int
    name: str
    entity_id: str | None
    type: str
    via: str
    media: bool = False


class DocumentContext:
    """What every quotation of one document looks up, computed once (linear in the text)."""

    def __init__(
        self,
        analysis: Analysis,
        groups: Sequence[QuoteGroup],
        grammars: Mapping[str, QuoteGrammar],
        knowledge: SpeakerKnowledge,
    ) -> None:
        self.analysis = analysis
        self.tokens = analysis.tokens
        self.starts = [t.start for t in self.tokens]
        self.grammars = grammars
        self.knowledge = knowledge
        self.title_words = knowledge.title_words
        intervals = sorted((p.start, p.end) for g in groups for p in g.parts)
        self.quote_starts = [a for a, _ in intervals]
        self.quote_ends = [b for _, b in intervals]
        self.marks = frozenset(p.open_at for g in groups for p in g.parts) | frozenset(
            p.close_at - 1 for g in groups for p in g.parts if p.closed
        )
        self.in_quote = [self.inside_quote(t.start, t.end) for t in self.tokens]
        self.sent_of_token = [0] * len(self.tokens)
        self.speech = [False] * len(self.tokens)
        for s_idx, sent in enumerate(analysis.sentences):
            speech = self.grammar(sent.language).speech
            for k in range(sent.token_start, sent.token_end):
                self.sent_of_token[k] = s_idx
                tok = self.tokens[k]
                self.speech[k] = tok.text[:1].isalpha() and (
                    fold(tok.text) in speech or fold(tok.lemma) in speech
                )
        self.actors = self._actors(knowledge)
        self.actor_starts = [a.start for a in self.actors]
        counts: dict[str, int] = {}
        for a in self.actors:
            counts[a.name] = counts.get(a.name, 0) + 1
        self.name_counts = counts
        self.covered = [False] * len(self.tokens)
        for m in analysis.mentions:
            if not self.tokens:
                break
            for k in range(index_at(self.starts, m.start), len(self.tokens)):
                if self.tokens[k].start >= m.end:
                    break
                self.covered[k] = True
        self.generic: list[str | None] = [None] * len(self.tokens)
        for sent in analysis.sentences:
            table = self.grammar(sent.language).backref
            for k in range(sent.token_start, sent.token_end):
                if not self.covered[k] and not self.in_quote[k]:
                    self.generic[k] = table.get(fold(self.tokens[k].text))
        self.title_suffixes = tuple(w for w in self.title_words if len(w) >= 5)
        self.names = _name_runs(self)
        self.name_starts = [x.start for x in self.names]
        for x in self.names:
            counts[x.name] = counts.get(x.name, 0) + 1

    # ---------------------------------------------------------------- lookups
    def inside_quote(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self.quote_starts, start) - 1
        return k >= 0 and start >= self.quote_starts[k] and end <= self.quote_ends[k]

    def grammar(self, lang: str) -> QuoteGrammar:
        return self.grammars.get(lang) or QuoteGrammar(lang)

    def _is_pronoun(self, m: Mention) -> bool:
        """A pronoun mention whose word is one of its language's subject pronouns, accents
        included (folding makes the article "el" look like "él")."""
        lang = self.analysis.sentences[m.sentence].language
        word = m.text.lower().lstrip("-")
        word = word[2:] if word.startswith("t-") else word
        return word in self.grammar(lang).pronoun_forms

    def _actors(self, knowledge: SpeakerKnowledge) -> list[_Actor]:
        ents = {e.id: e for e in self.analysis.entities}
        countries = {
            e.country: e for e in self.analysis.entities if e.type == "COUNTRY" and e.country
        }
        out = []
        for m in outermost(self.analysis.mentions):
            ent = ents.get(m.entity or "")
            if ent is None or not self.tokens or self.inside_quote(m.start, m.end):
                continue
            if m.via == "pronoun" and not self._is_pronoun(m):
                continue  # the article "el" is not the pronoun "él"
            who = _identity(ent, countries, knowledge.country_name)
            if who is None:
                continue
            name = who[0]
            if ent.kb_id is None and ent.type == "PERSON":
                lang = self.analysis.sentences[m.sentence].language
                name = _without_honorific(name, self.grammar(lang).honorifics)
                name += _hyphenated_rest(self.analysis.document.text, m.end, name)
            who = (name, who[1])
            first = index_at(self.starts, m.start)
            last = max(first, index_at(self.starts, m.end - 1))
            media = (ent.kb_id or ent.id) in knowledge.media
            out.append(
                _Actor(
                    m.start, m.end, first, last, m.sentence, who[0], who[1], ent.type, m.via, media
                )
            )
        out.sort(key=lambda a: a.start)
        return out

    def actors_in(self, lo: int, hi: int) -> list[_Actor]:
        """Actors whose mention starts in [lo, hi)."""
        i = bisect.bisect_left(self.actor_starts, lo)
        j = bisect.bisect_left(self.actor_starts, hi)
        return self.actors[i:j]

    def names_in(self, lo: int, hi: int) -> list[_Actor]:
        """Unlinked names that start in [lo, hi)."""
        i = bisect.bisect_left(self.name_starts, lo)
        j = bisect.bisect_left(self.name_starts, hi)
        return self.names[i:j]


def _hyphenated_rest(text: str, end: int, name: str) -> str:
    """ "Kuan Bi" + "-ling": the rest of a hyphenated name a recogniser cut short."""
    if not name.endswith(text[max(0, end - 3) : end]) or text[end : end + 1] != "-":
        return ""
    k = end + 1
    while k < len(text) and text[k].isalpha():
        k += 1
    return text[end:k] if k > end + 1 else ""


def _without_honorific(name: str, honorifics: frozenset[str]) -> str:
    """ "M. Pepy" -> "Pepy": a courtesy title is not part of a name."""
    head, _, rest = name.partition(" ")
    return rest if rest and fold(head).rstrip(".") in honorifics else name


def _identity(
    ent: Entity, countries: Mapping[str, Entity], country_name: Mapping[str, str]
) -> tuple[str, str | None] | None:
    """The name (and entity id) a mention speaks as: a government organ or a capital speaks
    for its country."""
    if ent.type in ("PERSON", "COUNTRY"):
        return ent.name, ent.id
    if ent.type in ("ORG", "PLACE") and ent.government_of:
        country = countries.get(ent.government_of)
        if country is not None:
            return country.name, country.id
        name = country_name.get(ent.government_of)
        if name:
            return name, None
        return (ent.name, ent.id) if ent.type == "ORG" else None
    if ent.type == "ORG":
        return ent.name, ent.id
    return None


# -------------------------------------------------------------------- candidates
def _bucket(n: int, edges: Sequence[int]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f"{edges[-1]}+"


def _sentence_bounds(doc: DocumentContext, group: QuoteGroup) -> tuple[int, int]:
    """The sentences whose actors may have said the quotation: from two before it (in its
    paragraph or the one before) to the one after it (in its paragraph)."""
    sents = doc.analysis.sentences
    lo = group.sentence
    while lo > 0 and group.sentence - lo < _SENTENCES_BEFORE:
        prev = sents[lo - 1]
        if prev.segment < sents[group.sentence].segment - 1:
            break
        lo -= 1
    hi = group.close_sentence
    if hi + 1 < len(sents) and sents[hi + 1].segment == sents[group.close_sentence].segment:
        hi += 1
    return lo, hi


def group_features(doc: DocumentContext, group: QuoteGroup) -> list[str]:
    """Features of the quotation itself, shared by all its candidates."""
    a = doc.analysis
    text = a.document.text
    first = group.parts[0]
    inner = " ".join(text[p.start : p.end] for p in group.parts).strip()
    n_words = len(inner.split())
    sent = a.sentences[group.sentence]
    g = doc.grammar(sent.language)
    feats = [
        "bias",
        f"lang={sent.language}",
        f"mark={_MARK_FAMILY.get(first.mark, 'other')}",
        f"words={_bucket(n_words, (1, 2, 3, 5, 8, 12, 20))}",
    ]
    if not group.parts[-1].closed:
        feats.append("open")
    if len(group.parts) > 1:
        feats.append("parts>1")
    if a.sentences[group.close_sentence].segment != sent.segment:
        feats.append("paragraphs>1")
    qtoks = [
        t
        for t in a.tokens[sent.token_start : a.sentences[group.close_sentence].token_end]
        if any(p.start <= t.start < p.end for p in group.parts)
    ]
    if any(t.dep for t in qtoks):
        feats.append("parsed")
        feats.append("finite" if any(t.verb_form == "Fin" for t in qtoks) else "no_finite")
    if inner[:1].isupper():
        feats.append("upper")
    before = text[max(0, first.open_at - 3) : first.open_at]
    if ":" in before:
        feats.append("colon_before")
    seg = a.segments[group.segment]
    if not text[seg.start : first.open_at].strip():
        feats.append("para_start")
        if not text[group.close_at : seg.end].strip(" .,;"):
            feats.append("whole_para")
    if not text[sent.start : first.open_at].strip():
        feats.append("sent_start")
    after = text[group.close_at : group.close_at + 3]
    if after.lstrip()[:1] == ",":
        feats.append("comma_after")
    # verbs of saying around the quotation, outside it
    s_lo, s_hi = a.sentences[group.sentence], a.sentences[group.close_sentence]
    outside = [
        k
        for k in range(s_lo.token_start, s_hi.token_end)
        if not doc.in_quote[k] and doc.tokens[k].start not in doc.marks
    ]
    verbs_before = [k for k in outside if doc.tokens[k].end <= first.open_at and doc.speech[k]]
    verbs_after = [k for k in outside if doc.tokens[k].start >= group.close_at and doc.speech[k]]
    if verbs_before:
        feats.append("verb_in_sentence_before")
        if (
            fold(doc.tokens[verbs_before[-1]].text) in g.acts
            or fold(doc.tokens[verbs_before[-1]].lemma) in g.acts
        ):
            feats.append("act_verb_before")
    if verbs_after:
        feats.append("verb_in_sentence_after")
        if verbs_after[0] - _first_token_after(doc, group.close_at) <= 2:
            feats.append("verb_right_after")
    if not verbs_before and not verbs_after:
        feats.append("no_verb_in_sentence")
    # "…, a senior officer said", "un témoin a raconté : « … »": a speaker the text does not name
    near: list[Token] = []
    if verbs_after:
        near += doc.tokens[verbs_after[0] + 1 : min(verbs_after[0] + 4, s_hi.token_end)]
    if verbs_before:
        near += doc.tokens[max(verbs_before[-1] - 3, s_lo.token_start) : verbs_before[-1]]
    if any(fold(t.text) in g.indefinites for t in near):
        feats.append("unnamed_speaker")
    words_before = [k for k in outside if doc.tokens[k].end <= first.open_at]
    words_before = [k for k in words_before if doc.tokens[k].text[:1].isalpha()]
    if words_before and doc.speech[words_before[0]]:
        feats.append("verb_starts_sentence")
    if not [k for k in outside if doc.tokens[k].text[:1].isalnum()]:
        feats.append("sentence_is_quote")
    return feats


def _first_token_after(doc: DocumentContext, offset: int) -> int:
    k = bisect.bisect_left(doc.starts, offset)
    return min(k, len(doc.tokens) - 1)


def _context(doc: DocumentContext, first: int, last: int, step: int) -> list[int]:
    """Up to ``_CONTEXT`` token indices beside a candidate, stopping at the sentence edge, a
    quote or a mark."""
    out: list[int] = []
    sent = doc.analysis.sentences[doc.sent_of_token[first]]
    k = first - 1 if step < 0 else last + 1
    while sent.token_start <= k < sent.token_end and len(out) < _CONTEXT:
        tok = doc.tokens[k]
        if doc.in_quote[k] or tok.start in doc.marks or tok.text in '«»“”„"':
            break
        out.append(k)
        k += step
    return out


def _subject_of_speech(doc: DocumentContext, first: int, last: int) -> str | None:
    """The grammatical role of a candidate where a parse exists."""
    tokens = doc.tokens
    t = tokens[first]
    if not t.dep:
        return None
    for k in range(first, last + 1):
        if not (first <= tokens[k].head <= last) or tokens[k].head == k:
            t = tokens[k]
            break
    via = ""
    for _ in range(4):
        if t.dep.startswith("nsubj") or t.dep in ("expl:subj",):
            return ("subj_speech" if doc.speech[t.head] else "subj_other") + via
        if t.dep.startswith(("obl", "obj", "iobj", "dative", "pobj", "dobj", "agent")):
            return "object" + via
        if t.head != t.i and t.dep.split(":")[0] in _CLIMB:
            # "le ministère tunisien", "the spokesman for the army", "X, ministre, ...": the
            # role of the phrase the name stands in, marked as reached through a modifier
            if t.dep.split(":")[0] in _MODIFIERS:
                via = "_of_head"
            t = tokens[t.head]
            continue
        return "other_role"
    return "other_role"


def _lexical(
    doc: DocumentContext, g: QuoteGrammar, left: list[int], right: list[int], first: int
) -> list[str]:
    tokens = doc.tokens
    feats: list[str] = []
    lf = [fold(tokens[k].text) for k in left]  # nearest first
    rf = [fold(tokens[k].text) for k in right]
    content_left = [i for i, w in enumerate(lf) if w not in g.determiners and w.isalpha()]
    for i, k in enumerate(left):
        if doc.speech[k]:
            d = len([j for j in content_left if j < i])
            feats.append(f"verb_left_{min(d, 3)}")
            feats.append(f"verb_left={g.lang}:{_verb_key(tokens[k])}")
            break
    for i, k in enumerate(right):
        if doc.speech[k]:
            d = len([j for j in range(i) if rf[j].isalpha() and rf[j] not in g.determiners])
            feats.append(f"verb_right_{min(d, 3)}")
            feats.append(f"verb_right={g.lang}:{_verb_key(tokens[k])}")
            break
    joined = _phrase(" ".join(reversed(lf)))
    if any(joined.endswith(p) or f"{p} " in joined for p in g.according):
        feats.append("according_before")
    if lf and lf[0] in g.according_after:
        feats.append("so_before" if len(lf) > 1 and lf[1] == "," else "so_word_before")
    if rf and rf[0] in g.according_post:
        feats.append("according_after")
    if rf and rf[0] == ":":
        feats.append("colon_after")
    if any(w in g.speaker_nouns for w in lf[:4]) or any(w in g.speaker_nouns for w in rf[:3]):
        feats.append("speaker_noun")
    if any(w in g.statement_nouns for w in lf[:4] + rf[:5]):
        feats.append("statement_noun")
    if lf and lf[0] == ",":
        feats.append("comma_left")
    if rf and rf[0] == ",":
        feats.append("comma_right")
    if lf and lf[0] in g.determiners:
        feats.append("det_left")
    lang = g.lang
    feats.append(f"w-1={lang}:{lf[0] if lf else '<s>'}")
    feats.append(f"w+1={lang}:{rf[0] if rf else '</s>'}")
    if first == doc.analysis.sentences[doc.sent_of_token[first]].token_start:
        feats.append("sentence_initial")
    return feats


def _verb_key(tok: Token) -> str:
    return fold(tok.lemma) if tok.pos else fold(tok.text)


def _gap_features(doc: DocumentContext, lo_tok: int, hi_tok: int, side: str) -> list[str]:
    """What stands between a candidate and the quotation (token range [lo, hi))."""
    gap = [k for k in range(lo_tok, hi_tok) if not doc.in_quote[k]]
    feats = [f"{side}:gap={_bucket(len(gap), (0, 1, 2, 4, 8, 15, 30))}"]
    if any(doc.speech[k] for k in gap):
        feats.append(f"{side}:verb_between")
    if any(doc.tokens[k].text in (".", "!", "?") for k in gap):
        feats.append(f"{side}:stop_between")
    if any(doc.in_quote[k] for k in range(lo_tok, hi_tok)):
        feats.append(f"{side}:quote_between")
    return feats


def speaker_candidates(
    doc: DocumentContext,
    group: QuoteGroup,
    previous: tuple[str, str | None] | None,
    base: Sequence[str] | None = None,
) -> list[SpeakerCandidate]:
    """Every candidate speaker of a quotation with its features (``base``: the quotation's own
    features, from :func:`group_features`; a few candidate features combine with them).

    ``previous`` is the speaker of the quotation just before, in this paragraph or the one
    before, when there is one."""
    a = doc.analysis
    if not doc.tokens:
        return []
    base = group_features(doc, group) if base is None else base
    sent = a.sentences[group.sentence]
    g = doc.grammar(sent.language)
    s_lo, s_hi = _sentence_bounds(doc, group)
    lo, hi = a.sentences[s_lo].start, a.sentences[s_hi].end
    open_tok = bisect.bisect_left(doc.starts, group.open_at)
    close_tok = bisect.bisect_left(doc.starts, group.close_at)
    actors = [
        x for x in doc.actors_in(lo, hi) if not (group.open_at <= x.start < group.parts[0].start)
    ]
    n_lo = a.sentences[max(s_lo, group.sentence - 1)].start
    # names between the parts of a quotation are its attribution ("«A», dijo X, «B»")
    fallback = [
        x for x in doc.names_in(n_lo, hi) if not group.open_at <= x.start < group.parts[0].start
    ]
    pool: list[_Actor] = actors + fallback
    pool.sort(key=lambda x: x.start)
    out: list[SpeakerCandidate] = []
    before = [x for x in pool if x.end <= group.open_at]
    after = [x for x in pool if x.start >= group.close_at]
    order = {id(x): i for i, x in enumerate(reversed(before))} | {
        id(x): i for i, x in enumerate(after)
    }
    for x in pool:
        if x.end <= group.open_at:
            side = "before"
            gap = (x.last + 1, open_tok)
        elif x.start >= group.close_at:
            side = "after"
            gap = (close_tok, x.first)
        else:
            side = "between"
            gap = (x.first, x.first)
        x_sent = x.sentence
        if group.sentence <= x_sent <= group.close_sentence:
            rel = "same"
        elif x_sent < group.sentence:
            rel = f"prev{min(group.sentence - x_sent, 2)}"
        else:
            rel = "next"
        rank = order.get(id(x), 0)
        left = _context(doc, x.first, x.last, -1)
        right = _context(doc, x.first, x.last, +1)
        lex = _lexical(doc, g, left, right, x.first)
        role = _subject_of_speech(doc, x.first, x.last)
        feats = [
            f"side={side}",
            f"rel={rel}",
            f"side_rel={side}:{rel}",
            f"rank={side}:{min(rank, 2)}",
            f"type={x.type}",
            f"via={x.via}",
            f"type_via={x.type}:{x.via}",
            f"lang_via={sent.language}:{x.via}",
        ]
        if x.media:
            feats += ["media", f"{side}:media"]
        feats += _gap_features(doc, gap[0], gap[1], side)
        if side == "before":
            others = {y.name for y in pool if x.end <= y.start and y.end <= group.open_at}
        elif side == "after":
            others = {y.name for y in pool if group.close_at <= y.start and y.end <= x.start}
        else:
            others = set()
        others.discard(x.name)
        feats.append(f"{side}:others_between={min(len(others), 2)}")
        firsts = [y for y in pool if y.sentence == x.sentence]
        if firsts and firsts[0] is x:
            feats.append(f"{side}:first_in_sentence")
        feats += lex
        feats += [f"{side}:{f}" for f in lex if not f.startswith("w")]
        if role:
            feats += [f"role={role}", f"{side}:role={role}"]
        short = "short" if "words=1" in base or "words=2" in base or "words=3" in base else "long"
        feats.append(f"{short}:{side}:{rel}")

        cnt = doc.name_counts.get(x.name, 1)
        feats.append(f"count={_bucket(cnt, (1, 3))}")
        if previous is not None and x.name == previous[0]:
            feats += ["previous_speaker", *_with_previous(base)]
        out.append(SpeakerCandidate(x.name, x.entity_id, x.start, x.end, tuple(feats)))
    out += _backrefs(doc, group, out, pool, s_lo)
    if previous is not None and not any(c.name == previous[0] for c in out):
        feats = ["previous_only", "previous_speaker", "side=previous", *_with_previous(base)]
        out.append(SpeakerCandidate(previous[0], previous[1], -1, -1, tuple(feats)))
    return out


_BACKREF_TYPES = {"person": ("PERSON", "NAME"), "org": ("ORG", "NAME"), "state": ("COUNTRY",)}
_BACKREF_SENTENCES = 12


def _backrefs(
    doc: DocumentContext,
    group: QuoteGroup,
    out: list[SpeakerCandidate],
    pool: Sequence[_Actor],
    s_lo: int,
) -> list[SpeakerCandidate]:
    """ "L'ONG a dénoncé « … »", "dijo el mandatario", "sagte der Bundespräsident": a noun in
    the quotation's sentence that refers back to someone named before. The two last names of
    the right kind before the quotation get a feature (and become candidates when they were
    named outside the window)."""
    a = doc.analysis
    first, last = a.sentences[group.sentence], a.sentences[group.close_sentence]
    kinds = {
        kind
        for k in range(first.token_start, last.token_end)
        if (kind := doc.generic[k]) is not None
    }
    added: list[SpeakerCandidate] = []
    for kind in sorted(kinds):
        types = _BACKREF_TYPES[kind]
        lo_sent = max(0, group.sentence - _BACKREF_SENTENCES)
        earlier = [
            x
            for x in (
                *doc.actors_in(a.sentences[lo_sent].start, group.open_at),
                *doc.names_in(a.sentences[lo_sent].start, group.open_at),
            )
            if x.type in types and x.via not in ("pronoun",)
        ]
        earlier.sort(key=lambda x: x.start, reverse=True)
        names: list[_Actor] = []
        for x in earlier:
            if all(x.name != y.name for y in names):
                names.append(x)
            if len(names) == 2:
                break
        for rank, x in enumerate(names):
            tag = [f"backref={kind}", f"backref={kind}:{rank}"]
            hit = False
            for i, c in enumerate(out):
                if c.name == x.name:
                    out[i] = SpeakerCandidate(
                        c.name, c.entity_id, c.start, c.end, (*c.features, *tag)
                    )
                    hit = True
            if not hit:
                dist = _bucket(group.sentence - x.sentence, (1, 3, 6))
                feats = ["backref_only", f"type={x.type}", f"backref_dist={dist}", *tag]
                added.append(SpeakerCandidate(x.name, x.entity_id, x.start, x.end, tuple(feats)))
    return added


_PREVIOUS_CUES = frozenset(
    {"no_verb_in_sentence", "sentence_is_quote", "para_start", "verb_starts_sentence", "upper"}
)


def _with_previous(base: Sequence[str]) -> list[str]:
    """The quotation's own cues that make the previous speaker likely (a quotation standing
    alone, a sentence that begins with its verb: "Añadió que « … »")."""
    return [f"previous&{f}" for f in base if f in _PREVIOUS_CUES]


def _name_runs(doc: DocumentContext) -> list[_Actor]:
    """Runs of capitalised words that no mention covers, outside quotes: names the entities
    stage did not find (in a Spanish or German text without a name recogniser). A lone word
    counts as the surname of a longer run of the document (before or after it); where every
    noun is capitalised (German), only then."""
    a = doc.analysis
    tokens = doc.tokens
    runs: list[tuple[int, list[int]]] = []
    for s_idx, sent in enumerate(a.sentences):
        g = doc.grammar(sent.language)
        particles = _PARTICLES_CAPITALISED if g.capitalised_nouns else _PARTICLES
        k = sent.token_start
        while k < sent.token_end:
            if not _name_word(tokens[k], doc, k, g):
                k += 1
                continue
            j = k_first = k
            while j + 1 < sent.token_end and (
                _name_word(tokens[j + 1], doc, j + 1, g)
                or (
                    fold(tokens[j + 1].text) in particles
                    and j + 2 < sent.token_end
                    and _name_word(tokens[j + 2], doc, j + 2, g)
                )
            ):
                j += 1
            before = tokens[k - 1] if k > sent.token_start else None
            run = _strip_titles(doc, g, list(range(k, j + 1)))
            k = j + 1
            if (
                g.capitalised_nouns
                and run
                and run[0] == k_first
                and before is not None
                and _is_number(before.text)
            ):
                continue  # "500 Millionen Euro": a number's nouns, not a name
            if (
                g.capitalised_nouns
                and len(run) > 2
                and not any(fold(tokens[i].text) in particles for i in run)
            ):
                run = run[-2:]  # "Rheinmetall-Chef Armin Papperger": nouns before the name
            if run:
                runs.append((s_idx, run))
    surnames: dict[str, str] = {}
    for _, run in runs:
        if len(run) > 1:
            start, end = tokens[run[0]].start, tokens[run[-1]].end
            surnames.setdefault(fold(tokens[run[-1]].text), a.document.text[start:end])
    out: list[_Actor] = []
    for s_idx, run in runs:
        sent = a.sentences[s_idx]
        g = doc.grammar(sent.language)
        start, end = tokens[run[0]].start, tokens[run[-1]].end
        name = a.document.text[start:end]
        letters = sum(ch.isalpha() for ch in name)
        if letters < 2 or (len(run) == 1 and letters < 3 and not name.isupper()):
            continue
        if len(run) > 1:
            via = "name2" if len(run) == 2 else "name3"
        else:
            full = surnames.get(fold(name))
            if full is not None:
                name, via = full, "name_surname"
            elif g.capitalised_nouns or run[0] == sent.token_start:
                continue  # a capitalised word alone is no evidence of a name
            else:
                via = "name1"
        out.append(_Actor(start, end, run[0], run[-1], s_idx, name, None, "NAME", via))
    return out


def _is_number(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _strip_titles(doc: DocumentContext, g: QuoteGrammar, run: list[int]) -> list[int]:
    """A run without its leading titles and articles ("Bundesjustizminister Marco Buschmann",
    "El general Hugo López") and trailing particles."""
    tokens = doc.tokens
    run = list(run)
    while run:
        f = fold(tokens[run[0]].text)
        if (
            f in doc.title_words
            or f.rstrip(".") in g.honorifics
            or f in g.determiners
            or set(words(tokens[run[0]].text)) & doc.title_words
            or (len(run) > 2 and any(f.endswith(w) for w in doc.title_suffixes))
        ):
            run.pop(0)
            continue
        break
    while run and fold(tokens[run[-1]].text) in _PARTICLES:
        run.pop()
    return run


def _name_word(tok: Token, doc: DocumentContext, k: int, g: QuoteGrammar) -> bool:
    text = tok.text
    if not text[:1].isupper() or doc.covered[k] or doc.in_quote[k] or tok.start in doc.marks:
        return False
    if not any(ch.isalpha() for ch in text) or doc.speech[k]:
        return False
    f = fold(text)
    return f not in g.determiners and f not in g.pronouns and f not in g.stopwords
