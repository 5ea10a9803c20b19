"""Features of a sentence (for the event-type model) and of a candidate actor (for the role
model), as strings hashed into a fixed-width sparse vector.

The same functions serve training (``training/train.py``) and analysis, so a model never sees
features computed another way. Word features are Snowball stems of folded tokens, so that
"attaqué", "attaquent" and "attaque" share one; the trigger table adds language-independent
cues ("a CONSULT trigger is here"); the closed-class words of each language (negations,
conditionals, prepositions of agent and target) add the cues that decide roles and status.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ...text import fold
from .actors import ActorCandidate
from .grammar import LanguageGrammar, stem
from .tree import SentenceTree
from .triggers import TriggerHit

__all__ = [
    "HASH_BITS",
    "SentenceView",
    "actor_features",
    "hash_features",
    "sentence_features",
]

HASH_BITS = 18
_QUOTES = frozenset('«»“”„"')
_PUNCT = frozenset(".,;:!?()[]{}«»“”„\"'’-–—/…")


@dataclass(slots=True)
class SentenceView:
    """What the feature functions read about one sentence."""

    text: str
    lang: str
    tree: SentenceTree
    grammar: LanguageGrammar
    stems: list[str]
    triggers: list[TriggerHit]
    candidates: list[ActorCandidate]
    position: int = 0  # rank of the sentence among the document's body sentences
    killed: bool = False
    injured: bool = False
    money: bool = False
    dated: bool = False
    in_quote: list[bool] = field(default_factory=list)
    # actors no word of the sentence names (the country the document is about)
    extra: list[ActorCandidate] = field(default_factory=list)

    @property
    def all_candidates(self) -> list[ActorCandidate]:
        return [*self.candidates, *self.extra]

    @classmethod
    def build(
        cls,
        text: str,
        lang: str,
        tree: SentenceTree,
        grammar: LanguageGrammar,
        triggers: list[TriggerHit],
        candidates: list[ActorCandidate],
        **flags: bool | int,
    ) -> SentenceView:
        stems = [
            "" if w in _PUNCT or not w.strip() else stem(w, grammar.stemmer) for w in tree.folded
        ]
        inside = False
        in_quote = []
        for tok in tree.tokens:
            if any(ch in _QUOTES for ch in tok.text):
                inside = not inside
                in_quote.append(True)
            else:
                in_quote.append(inside)
        view = cls(text, lang, tree, grammar, stems, triggers, candidates, in_quote=in_quote)
        for key, value in flags.items():
            setattr(view, key, value)
        return view


def _bucket(n: int) -> str:
    return str(n) if n < 3 else ("3-5" if n < 6 else ("6-10" if n < 11 else "11+"))


def sentence_features(view: SentenceView) -> list[str]:
    """Features for the event-type model."""
    g = view.grammar
    feats: list[str] = [f"lang={view.lang}", "bias"]
    words = [s for s in view.stems if s]
    for s in words:
        feats.append(f"w={s}")
    for a, b in itertools.pairwise(words):
        feats.append(f"b={a}_{b}")
    # pieces of long words: compounds and inflections ("Drohnenangriff", "bombardeos")
    for w in view.tree.folded:
        if len(w) >= 7 and w.isalpha():
            feats.extend(f"c={w[i : i + 5]}" for i in range(len(w) - 4))
    for hit in view.triggers:
        feats.append(f"tt={hit.type}")
        feats.append(f"tt={hit.type}|{'noun' if 'noun' in hit.flags else 'verb'}")
        if "weak" in hit.flags:
            feats.append(f"tt={hit.type}|weak")
    folded = view.tree.folded
    fset = set(folded)
    if fset & g.negations:
        feats.append("neg")
    if fset & g.conditionals:
        feats.append("cond")
    if fset & g.hypothetical:
        feats.append("hypo")
    if fset & g.future_aux:
        feats.append("fut")
    if fset & g.speech:
        feats.append("speech")
    if view.text.rstrip().endswith("?"):
        feats.append("question")
    if any(view.in_quote):
        feats.append("quote")
    kinds = {c.identity.type for c in view.candidates}
    for k in sorted(kinds):
        feats.append(f"has={k}")
    n_ids = len({c.key for c in view.candidates})
    feats.append(f"nact={_bucket(n_ids)}")
    if view.killed:
        feats.append("q=killed")
    if view.injured:
        feats.append("q=injured")
    if view.money:
        feats.append("q=money")
    if view.dated:
        feats.append("dated")
    feats.append(f"pos={_bucket(view.position)}")
    feats.append(f"len={_bucket(len(words) // 5)}")
    return feats


def _prev_word(view: SentenceView, k: int) -> tuple[str, str]:
    """The nearest word before token k that is not a determiner, and the one before it."""
    g = view.grammar
    j = k - 1
    while j >= 0 and (view.tree.folded[j] in g.determiners or not view.stems[j]):
        j -= 1
    w1 = view.tree.folded[j] if j >= 0 else "^"
    w2 = view.tree.folded[j - 1] if j >= 1 else "^"
    return w1, w2


def actor_features(view: SentenceView, cand: ActorCandidate, anchor: int) -> list[str]:
    """Features of one candidate for the role model; ``anchor`` is the token where the event
    type is expressed most strongly (a trigger, or the word the type model weighs most)."""
    g = view.grammar
    tree = view.tree
    if cand.kind == "home":
        return _home_features(view)
    feats = [
        "bias",
        f"kind={cand.kind}",
        f"etype={cand.identity.type}",
        f"src_type={cand.entity.type}",
    ]
    others = [c for c in view.candidates if c.key != cand.key]
    order = sorted({c.first for c in view.candidates})
    rank = order.index(cand.first) if cand.first in order else 0
    feats.append(f"rank={min(rank, 3)}")
    feats.append(f"rrank={min(len(order) - 1 - rank, 3)}")
    feats.append(f"nother={_bucket(len({c.key for c in others}))}")
    if cand.first > anchor:
        side, dist = "after", cand.first - anchor
    elif cand.last < anchor:
        side, dist = "before", anchor - cand.last
    else:
        side, dist = "on", 0
    feats.append(f"side={side}")
    feats.append(f"dist={_bucket(dist)}")
    feats.append(f"side={side}|dist={_bucket(dist)}")
    between = [c for c in others if min(cand.first, anchor) < c.first < max(cand.first, anchor)]
    feats.append(f"between={min(len(between), 2)}")
    p1, p2 = _prev_word(view, cand.first)
    feats.append(f"prev={p1}")
    feats.append(f"prev2={p2}_{p1}")
    if p1 in g.agent_preps:
        feats.append("prep=agent")
    if p1 in g.target_preps:
        feats.append("prep=target")
    if p1 in g.with_preps:
        feats.append("prep=with")
    if p1 in g.location_preps:
        feats.append("prep=location")
    if p1 in g.according_to or f"{p2} {p1}" in g.according_to:
        feats.append("prep=according")
    nxt = tree.folded[cand.last + 1] if cand.last + 1 < len(tree) else "$"
    feats.append(f"next={nxt}")
    nxt_stem = view.stems[cand.last + 1] if cand.last + 1 < len(tree) else "$"
    if nxt in g.speech or nxt_stem in g.speech:
        feats.append("next=speech")
    if p1 in g.speech:
        feats.append("prev=speech")
    if view.in_quote and view.in_quote[cand.first]:
        feats.append("in_quote")
    if cand.first == 0 or all(not s for s in view.stems[: cand.first]):
        feats.append("starts")
    if anchor < len(view.stems) and view.stems[anchor]:
        feats.append(f"anchor={view.stems[anchor]}")
        feats.append(f"anchor={view.stems[anchor]}|side={side}")
    # coordination with another candidate ("l'Allemagne et la France")
    for c in others:
        lo, hi = sorted((cand.last, c.first)) if c.first > cand.last else (c.last, cand.first)
        gap = tree.folded[lo + 1 : hi]
        if 0 < hi - lo <= 3 and (set(gap) & g.coordinators or gap == [","]):
            feats.append("coord")
            break
    if tree.parsed:
        k = cand.last
        # the head of the mention: the token whose head lies outside the span
        for j in range(cand.first, cand.last + 1):
            h = tree.head(j)
            if not cand.first <= h <= cand.last or h == j:
                k = j
                break
        dep = tree.tokens[k].dep.split(":")[0].lower()
        full = tree.tokens[k].dep.lower()
        feats.append(f"dep={dep}")
        feats.append(f"depfull={full}")
        case = tree.case_word(k)
        if case:
            feats.append(f"case={case}")
        h = tree.head(k)
        hdep = tree.tokens[h].dep.split(":")[0].lower() if h != k else "root"
        feats.append(f"hdep={hdep}")
        feats.append(f"dep={dep}|hdep={hdep}")
        if h == anchor:
            feats.append("head=anchor")
            feats.append(f"head=anchor|dep={dep}")
        elif anchor in set(tree.ancestors(k)):
            feats.append("under_anchor")
            feats.append(f"under_anchor|dep={dep}")
        # subject of a speech verb: a claimant, not a party
        head_forms = {tree.folded[h], fold(tree.tokens[h].lemma or "")}
        if dep.startswith("nsubj") and head_forms & g.speech:
            feats.append("speaker")
    return feats


_PASSIVE = frozenset(
    {"ete", "was", "were", "been", "fue", "fueron", "sido", "wurde", "wurden", "worden"}
)


def _home_features(view: SentenceView) -> list[str]:
    """The country the document is about, which no word of the sentence names."""
    kinds = {c.identity.type for c in view.candidates}
    feats = ["bias", "kind=home", "etype=COUNTRY", f"n={_bucket(len(view.candidates))}"]
    feats += [f"home_has={k}" for k in sorted(kinds)]
    if not view.candidates:
        feats.append("home_alone")
    if set(view.tree.folded) & _PASSIVE:
        feats.append("home_passive")
    if any(c.kind == "implied" for c in view.candidates):
        feats.append("home_organ")
    return feats


def hash_features(feats: Iterable[str], bits: int = HASH_BITS) -> np.ndarray:
    """Column indices of the features (crc32 modulo 2**bits), repeats kept."""
    mask = (1 << bits) - 1
    return np.fromiter((zlib.crc32(f.encode("utf-8")) & mask for f in feats), dtype=np.int64)


def crossed(prefix: str, feats: Sequence[str]) -> list[str]:
    """Each feature also joined with a prefix (an event type), so weights can differ by type."""
    return [*feats, *(f"{prefix}|{f}" for f in feats)]
