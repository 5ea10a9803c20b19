"""The learned speaker model: a conditional logit over a quotation's candidate speakers.

Each quotation has its candidates and one more outcome, "nobody": no identifiable speaker, or
not a quotation an analyst records (a scare quote, a title, a nickname). A candidate scores the
sum of its features' weights, "nobody" the sum of the quotation's own features' weights (named
``null:…``); a softmax over them gives probabilities, and the mentions of one name add up. The
best name speaks when its probability reaches the threshold.

``training/train_quotes.py`` fits it on the quotations of the labelled articles under
``training/data`` and writes ``veille/resources/models/quotes/model.json``: the weight of every
feature it kept, the threshold tuned end to end with the project's scorer, and a card (training
data hash, held-out scores). Plain JSON; nothing is unpickled.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...errors import ResourceError
from ...resources import read_text
from .speakers import SpeakerCandidate

__all__ = ["MODEL_FILE", "NULL", "QuoteModel", "speaker_keys"]

MODEL_FILE = "models/quotes/model.json"
NULL = "null:"


def _kind(c: SpeakerCandidate) -> str:
    return next((f[5:] for f in c.features if f.startswith("type=")), "")


def speaker_keys(candidates: Sequence[SpeakerCandidate]) -> list[str]:
    """Who each candidate is, for adding up the model's vote: its name, except that

    * a one-word name no entity was linked to ("Kim") is the candidate whose name ends or starts
      with that word ("Kim Jong Un"), when exactly one does;
    * the organisations and countries a speaker noun ties to one named person ("Gan Yu, a
      spokesperson for China's Coast Guard") are that person: the guide's speaker is the named
      person, the organisation only for an unnamed spokesperson."""
    names = {c.name for c in candidates}
    spokes = {
        c.name
        for c in candidates
        if "speaker_noun" in c.features and "rel=same" in c.features and _kind(c) == "PERSON"
    }
    keys = []
    for c in candidates:
        key = c.name
        if c.entity_id is None and " " not in c.name:
            fuller = {n for n in names if n != c.name and c.name in (n.split()[0], n.split()[-1])}
            if len(fuller) == 1:
                key = fuller.pop()
        elif (
            len(spokes) == 1
            and "speaker_noun" in c.features
            and "rel=same" in c.features
            and _kind(c) in ("ORG", "COUNTRY")
        ):
            key = next(iter(spokes))
        keys.append(key)
    return keys


@dataclass(frozen=True, slots=True)
class QuoteModel:
    weights: Mapping[str, float]
    threshold: float
    card: Mapping[str, Any] = field(default_factory=dict)

    def _z(self, features: Iterable[str], prefix: str = "") -> float:
        w = self.weights
        return sum(w.get(prefix + f, 0.0) for f in set(features))

    def probabilities(
        self, group_features: Sequence[str], candidates: Sequence[SpeakerCandidate]
    ) -> tuple[float, list[float]]:
        """P(nobody) and P(each candidate) for one quotation."""
        z0 = self._z(group_features, NULL)
        zs = [self._z(c.features) for c in candidates]
        top = max([z0, *zs])
        e0 = math.exp(z0 - top)
        es = [math.exp(z - top) for z in zs]
        total = e0 + sum(es)
        return e0 / total, [e / total for e in es]

    def choose(
        self, group_features: Sequence[str], candidates: Sequence[SpeakerCandidate]
    ) -> tuple[int, float] | None:
        """The candidate that speaks (its index and its name's probability), or None."""
        if not candidates:
            return None
        _, ps = self.probabilities(group_features, candidates)
        who = speaker_keys(candidates)
        by_name: dict[str, float] = {}
        for key, p in zip(who, ps, strict=True):
            by_name[key] = by_name.get(key, 0.0) + p
        name, p = max(by_name.items(), key=lambda kv: kv[1])
        if p < self.threshold:
            return None
        # the speaker's own name, linked where one of its mentions is, rather than the surname
        # or the organisation that voted for it
        best = max(
            (i for i, c in enumerate(candidates) if c.name == name),
            key=lambda i: (candidates[i].entity_id is not None, ps[i]),
        )
        return best, p

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "threshold": self.threshold,
            "card": dict(self.card),
            "weights": dict(sorted(self.weights.items())),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], where: str = MODEL_FILE) -> QuoteModel:
        try:
            weights = {str(k): float(v) for k, v in data["weights"].items()}
            return cls(
                weights=weights,
                threshold=float(data["threshold"]),
                card=dict(data.get("card", {})),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ResourceError(f"resource {where}: not a quote model ({exc})") from exc

    @classmethod
    def load(cls, name: str = MODEL_FILE) -> QuoteModel:
        try:
            data = json.loads(read_text(name))
        except json.JSONDecodeError as exc:
            raise ResourceError(f"resource {name}: {exc}") from exc
        if not isinstance(data, dict):
            raise ResourceError(f"resource {name}: top level must be an object")
        return cls.from_json(data, name)
