"""Whether two documents tell one happening, from their story keys (not from shared words).

The score is a weighted overlap coefficient: the weight of the keys both documents have (each
counted at the lighter of its two weights) over the total weight of the lighter document, so a
short wire brief and a long feature on one happening score as high as two briefs. Two documents
are linked when they were published within the story window, share at least one key heavy
enough to find candidates by (a person, a place, an organisation, an event signature, a casualty
figure: never countries alone) and score at least ``story_min_score``. Between documents in two
languages, capitalised names and numbers written alike in both ("Gershkovich", "2750") count
too, lightly: they make up for entities an extractor without a model for one of the languages
misses, and mean nothing between two documents of one language.
"""

from __future__ import annotations

from .profile import CANDIDATE_WEIGHT

__all__ = ["similarity"]


def similarity(a: dict[str, float], b: dict[str, float], same_language: bool = False) -> float:
    """Score of two documents' story keys (0–1); 0 when they share no heavy key. Name and number
    tokens (``tok:`` keys) count only between documents in two languages."""
    if same_language:
        a = {k: w for k, w in a.items() if not k.startswith("tok:")}
        b = {k: w for k, w in b.items() if not k.startswith("tok:")}
    if len(a) > len(b):
        a, b = b, a
    shared = 0.0
    tokens = 0.0
    heavy = False
    for key, wa in a.items():
        wb = b.get(key)
        if wb is None:
            continue
        w = min(wa, wb)
        shared += w
        heavy = heavy or w >= CANDIDATE_WEIGHT
        if key.startswith("tok:name:"):
            tokens += w
    if not (heavy or tokens >= CANDIDATE_WEIGHT):
        return 0.0
    norm = min(sum(a.values()), sum(b.values()))
    return shared / norm if norm > 0 else 0.0
