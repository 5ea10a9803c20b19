"""From role scores to the events of one type in one sentence.

Candidates that share an identity (two mentions of Russia) are one actor, scored by their best
mention. The best source over its threshold acts on the best other actor over the target
threshold. Further actors that score as sources above the (higher) ``extra`` threshold act on the
same target in events of their own ("l'Allemagne et la France ont livré…": two AID events), and
likewise further targets ("X a rencontré A et B").
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from .actors import ActorCandidate
from .features import SentenceView

__all__ = ["Roles", "decode_roles", "joined", "mutual_roles"]


@dataclass(frozen=True, slots=True)
class Roles:
    source: ActorCandidate | None
    target: ActorCandidate | None
    source_p: float = 0.0
    target_p: float = 0.0


def _best(
    scored: Sequence[tuple[ActorCandidate, float, float]], which: int
) -> dict[str, tuple[ActorCandidate, float]]:
    best: dict[str, tuple[ActorCandidate, float]] = {}
    for cand, source_p, target_p in scored:
        p = source_p if which == 1 else target_p
        if cand.key not in best or p > best[cand.key][1]:
            best[cand.key] = (cand, p)
    return best


def _represents(source: ActorCandidate, target: ActorCandidate, offices: frozenset[str]) -> bool:
    """Whether ``source`` holds one of the ``offices`` of the country ``target`` stands for: a
    minister does not act on the state they speak for ("le chef de la diplomatie française")."""
    person, state = source.identity, target.identity
    return (
        person.type == "PERSON"
        and person.role in offices
        and state.type == "COUNTRY"
        and bool(state.country)
        and person.country == state.country
    )


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def decode_roles(
    scored: Sequence[tuple[ActorCandidate, float, float]],
    thresholds: Mapping[str, float],
    offices: frozenset[str] = frozenset(),
) -> Iterator[Roles]:
    """Yield one ``Roles`` per event: at least one, with None where no actor qualifies.

    Source and target are chosen together: the pair with the highest summed log-odds, where
    "no source" and "no target" score the log-odds of their thresholds, so an actor that is
    likelier source than target is not made the target of a weaker source. A source holding
    one of ``offices`` (knowledge-base roles) of a country is never given that country as its
    target: the next best target is taken, or none."""
    t_src = thresholds.get("source", 0.5)
    t_tgt = thresholds.get("target", 0.5)
    t_extra = thresholds.get("extra", 0.8)
    srcs = _best(scored, 1)
    tgts = _best(scored, 2)
    keys = list(srcs)
    options_s: list[tuple[str | None, float]] = [(None, _logit(t_src))]
    options_s += [(k, _logit(srcs[k][1])) for k in keys]
    options_t: list[tuple[str | None, float]] = [(None, _logit(t_tgt))]
    options_t += [(k, _logit(tgts[k][1])) for k in keys]
    best: tuple[float, str | None, str | None] = (-1e18, None, None)
    for ks, vs in options_s:
        for kt, vt in options_t:
            if ks is not None and ks == kt:
                continue
            if vs + vt > best[0]:
                best = (vs + vt, ks, kt)
    _, skey, tkey = best
    if skey is not None and tkey is not None and _represents(srcs[skey][0], tgts[tkey][0], offices):
        # the source speaks for the state it was given as target: the next target, or none
        others = [(v, k) for k, v in options_t if k != tkey and k != skey]
        tkey = max(others, key=lambda o: o[0])[1]
        if tkey is not None and _represents(srcs[skey][0], tgts[tkey][0], offices):
            tkey = None
    source, sp = srcs[skey] if skey is not None else (None, 0.0)
    target, tp = tgts[tkey] if tkey is not None else (None, 0.0)
    yield Roles(source, target, sp, tp)
    if source is None:
        return
    for k in keys:
        cand, p = srcs[k]
        if k in (skey, tkey) or p < t_extra or tgts[k][1] > p:
            continue
        if target is not None and _represents(cand, target, offices):
            continue
        yield Roles(cand, target, p, tp)
    if target is None:
        return
    for k in keys:
        cand, p = tgts[k]
        if k in (skey, tkey) or p < t_extra or srcs[k][1] > p or _represents(source, cand, offices):
            continue
        yield Roles(source, cand, sp, p)


def joined(view: SentenceView, a: ActorCandidate, b: ActorCandidate) -> bool:
    """Whether two candidates are joined by a conjunction as one party: "Israël et le Hamas",
    "Russia and Ukraine", "Israel und der Hamas" (determiners between them allowed)."""
    if a.first > b.first:
        a, b = b, a
    g = view.grammar
    between = [w for w in view.tree.folded[a.last + 1 : b.first] if w not in g.determiners]
    if not between or " ".join(between) not in g.conjunctions:
        return False
    # the last two of a longer list ("la Turquie, les États-Unis et l'Ukraine") are no pair
    before = [w for w in view.tree.folded[max(0, a.first - 2) : a.first] if w not in g.determiners]
    return not (
        before
        and before[-1] == ","
        and any(c.last < a.first for c in view.candidates if a.first - c.last <= 3)
    )


def mutual_roles(roles: list[Roles], view: SentenceView) -> list[Roles]:
    """For a type whose acts between two joined parties are mutual: when the first event's
    source is joined to another actor of the sentence and acts on it or on nobody named, the
    two act on each other, one event each way, in place of the events between them alone."""
    first = roles[0] if roles else None
    a = first.source if first is not None else None
    if first is None or a is None:
        return roles
    partner = next(
        (
            c
            for c in view.candidates
            if c.key != a.key and c.identity.type != "PLACE" and joined(view, a, c)
        ),
        None,
    )
    if partner is None or (first.target is not None and first.target.key != partner.key):
        return roles
    pair = {a.key, partner.key}
    rest = [
        r
        for r in roles[1:]
        if not (r.source and r.source.key in pair and (r.target is None or r.target.key in pair))
    ]
    return [
        Roles(a, partner, first.source_p, first.target_p),
        Roles(partner, a, first.source_p, first.target_p),
        *rest,
    ]
