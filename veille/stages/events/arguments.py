"""From role scores to the events of one type in one sentence.

Candidates that share an identity (two mentions of Russia) are one actor, scored by their best
mention. The best source over its threshold acts on the best other actor over the target
threshold. Further actors that score as sources above the (higher) ``extra`` threshold act on the
same target in events of their own ("l'Allemagne et la France ont livré…": two AID events), and
likewise further targets ("X a rencontré A et B").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from .actors import ActorCandidate

__all__ = ["Roles", "decode_roles"]


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
    for item in scored:
        cand, p = item[0], float(item[which])
        if cand.key not in best or p > best[cand.key][1]:
            best[cand.key] = (cand, p)
    return best


def decode_roles(
    scored: Sequence[tuple[ActorCandidate, float, float]], thresholds: Mapping[str, float]
) -> Iterator[Roles]:
    """Yield one ``Roles`` per event: at least one, with None where no actor qualifies."""
    t_src = thresholds.get("source", 0.5)
    t_tgt = thresholds.get("target", 0.5)
    t_extra = thresholds.get("extra", 0.8)
    srcs = _best(scored, 1)
    tgts = _best(scored, 2)
    ranked_src = sorted(srcs.values(), key=lambda x: -x[1])
    source, sp = ranked_src[0] if ranked_src and ranked_src[0][1] >= t_src else (None, 0.0)
    skey = source.key if source else None
    ranked_tgt = sorted(
        (x for k, x in tgts.items() if k != skey), key=lambda x: -x[1]
    )
    target, tp = (
        ranked_tgt[0] if ranked_tgt and ranked_tgt[0][1] >= t_tgt else (None, 0.0)
    )
    tkey = target.key if target else None
    yield Roles(source, target, sp, tp)
    if source is None:
        return
    for cand, p in ranked_src[1:]:
        if p < t_extra or cand.key == tkey:
            continue
        yield Roles(cand, target, p, tp)
    if target is None:
        return
    for cand, p in ranked_tgt[1:]:
        if p < t_extra or cand.key == skey:
            continue
        # an actor that is more source than target is not a second target
        if srcs.get(cand.key, (cand, 0.0))[1] > p:
            continue
        yield Roles(source, cand, sp, p)
