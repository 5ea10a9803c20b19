"""The learned unit of a number candidate: a softmax over hashed features.

Trained by ``training/train_quantities.py`` on the quantities of the labelled training articles
and shipped in ``veille/resources/models/quantities/``: ``model.npz`` holds the weights (plain
arrays, loaded without pickle) and ``model.json`` the card (the labels of each head, the
feature width, the bias given to "none", the training data's hash and the held-out scores).

A count (a number that is not money, a percentage or followed by a day word) is people killed,
people injured, items or nothing: the ``count`` head. Day counts are decided by rule (a day
word, unless the phrase is a point in time), since the training articles label them too
unevenly to learn from.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources as _res
from typing import Any

import numpy as np

from ...errors import ResourceError

__all__ = ["HEADS", "MODEL_DIR", "LinearHead", "QuantityModel", "feature_index"]

MODEL_DIR = "models/quantities"
# one softmax head per kind of candidate the model decides, "none" first
HEADS = {"count": ("none", "people_killed", "people_injured", "items")}


def feature_index(feats: Iterable[str], bits: int) -> np.ndarray:
    """Distinct column indices of the features (crc32 modulo 2**bits)."""
    mask = (1 << bits) - 1
    return np.unique(
        np.fromiter((zlib.crc32(f.encode("utf-8")) & mask for f in feats), dtype=np.int64)
    )


@dataclass(slots=True)
class LinearHead:
    """Softmax weights over hashed features."""

    labels: tuple[str, ...]
    weights: np.ndarray  # (labels, 2**bits)
    bias: np.ndarray  # (labels,)

    def proba(self, idx: np.ndarray, none_bias: float) -> dict[str, float]:
        z = self.weights[:, idx].sum(axis=1, dtype=np.float64) + self.bias
        z[0] += none_bias
        e = np.exp(z - z.max())
        p = e / e.sum()
        return {lab: float(v) for lab, v in zip(self.labels, p, strict=True)}


@dataclass(slots=True)
class QuantityModel:
    heads: dict[str, LinearHead]
    bits: int
    none_bias: float = 0.0  # added to the score of "none": above 0 trades recall for precision
    card: dict[str, Any] = field(default_factory=dict)

    def proba(self, feats: Iterable[str], kind: str) -> dict[str, float]:
        """The probability of each label a candidate of ``kind`` may take."""
        head = self.heads.get(kind)
        if head is None:
            return {"none": 1.0}
        return head.proba(feature_index(feats, self.bits), self.none_bias)

    def decide(self, feats: Iterable[str], kind: str) -> tuple[str, float]:
        """The most probable label and its probability."""
        p = self.proba(feats, kind)
        best = max(p, key=lambda k: p[k])
        return best, p[best]

    # ------------------------------------------------------------------ files
    def to_arrays(self) -> dict[str, np.ndarray]:
        out = {}
        for name, head in self.heads.items():
            out[f"{name}_w"] = head.weights.astype(np.float16)
            out[f"{name}_b"] = head.bias.astype(np.float64)
        return out

    def card_json(self) -> dict[str, Any]:
        return {
            **self.card,
            "heads": {name: list(h.labels) for name, h in self.heads.items()},
            "bits": self.bits,
            "none_bias": self.none_bias,
        }

    @classmethod
    def load(cls, directory: str = MODEL_DIR) -> QuantityModel:
        root = _res.files("veille.resources").joinpath(directory)
        try:
            card = json.loads(root.joinpath("model.json").read_text("utf-8"))
            bits = int(card["bits"])
            heads = {}
            with root.joinpath("model.npz").open("rb") as fh:
                arrays = np.load(fh, allow_pickle=False)
                for name, labels in HEADS.items():
                    if tuple(card["heads"][name]) != labels:
                        raise ValueError(f"head {name}: labels {card['heads'][name]}")
                    w = np.asarray(arrays[f"{name}_w"], dtype=np.float32)
                    b = np.asarray(arrays[f"{name}_b"], dtype=np.float64)
                    if w.shape != (len(labels), 1 << bits) or b.shape != (len(labels),):
                        raise ValueError(f"head {name}: shapes {w.shape}, {b.shape}")
                    heads[name] = LinearHead(labels, w, b)
        except (OSError, ValueError, KeyError, TypeError, json.JSONDecodeError) as exc:
            raise ResourceError(f"resource {directory}: {exc}") from exc
        return cls(heads=heads, bits=bits, none_bias=float(card.get("none_bias", 0.0)), card=card)
