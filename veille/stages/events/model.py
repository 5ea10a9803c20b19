"""The learned event layer: linear heads over hashed features (and sentence vectors).

Three heads, trained by ``training/train.py`` on the labelled articles under ``training/data``
and shipped in ``veille/resources/models/events/``:

* ``types``: one logistic regression per PLOVER type over a sentence's hashed features (and,
  when the model was trained with them, its multilingual sentence vector); a type whose
  probability passes its tuned threshold gives events;
* ``roles``: a softmax over none / source / target for one candidate actor and one event type;
* ``modes``: a softmax over the PLOVER modes (and "none") for one event.

The file holds plain arrays (``model.npz``) and a JSON card (``model.json``: labels, feature
widths, thresholds, the training data's hash and held-out scores); nothing is unpickled.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources as _res
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import ResourceError
from .features import hash_features

__all__ = ["MODEL_DIR", "EventModel", "LinearHead"]

MODEL_DIR = "models/events"


@dataclass(slots=True)
class LinearHead:
    """Weights over hashed features (``bits`` wide) and optionally a dense vector."""

    labels: tuple[str, ...]
    weights: np.ndarray  # (labels, 2**bits)
    bias: np.ndarray  # (labels,)
    bits: int
    softmax: bool
    dense: np.ndarray | None = None  # (labels, dims)

    def scores(self, feats: list[str], vector: np.ndarray | None = None) -> np.ndarray:
        idx = np.unique(hash_features(feats, self.bits))
        z = self.weights[:, idx].sum(axis=1, dtype=np.float64) + self.bias
        if self.dense is not None and vector is not None:
            z = z + self.dense.astype(np.float64) @ vector.astype(np.float64)
        return np.asarray(z)

    def proba(self, feats: list[str], vector: np.ndarray | None = None) -> np.ndarray:
        z = self.scores(feats, vector)
        if self.softmax:
            e = np.exp(z - z.max())
            return np.asarray(e / e.sum())
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def weight_of(self, label: str, feat: str) -> float:
        row = self.labels.index(label)
        col = int(hash_features([feat], self.bits)[0])
        return float(self.weights[row, col])

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        out = {f"{prefix}_w": self.weights.astype(np.float16), f"{prefix}_b": self.bias}
        if self.dense is not None:
            out[f"{prefix}_d"] = self.dense.astype(np.float16)
        return out

    @classmethod
    def from_arrays(
        cls, arrays: Any, prefix: str, labels: list[str], bits: int, softmax: bool
    ) -> LinearHead:
        dense = arrays.get(f"{prefix}_d", None)
        return cls(
            labels=tuple(labels),
            # kept as stored (half precision): sums are taken in float64, so the scores are
            # those of the float32 copy, in half the memory of each worker
            weights=np.asarray(arrays[f"{prefix}_w"], dtype=np.float16),
            bias=np.asarray(arrays[f"{prefix}_b"], dtype=np.float64),
            bits=bits,
            softmax=softmax,
            dense=None if dense is None else np.asarray(dense, dtype=np.float32),
        )


@dataclass(slots=True)
class EventModel:
    types: LinearHead
    roles: LinearHead
    modes: LinearHead
    thresholds: dict[str, float]
    role_thresholds: dict[str, float]
    card: dict[str, Any] = field(default_factory=dict)

    @property
    def uses_vectors(self) -> bool:
        return self.types.dense is not None

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        arrays.update(self.types.to_arrays("types"))
        arrays.update(self.roles.to_arrays("roles"))
        arrays.update(self.modes.to_arrays("modes"))
        np.savez_compressed(directory / "model.npz", **arrays)  # type: ignore[arg-type]
        card = {
            **self.card,
            "types": {"labels": list(self.types.labels), "bits": self.types.bits},
            "roles": {"labels": list(self.roles.labels), "bits": self.roles.bits},
            "modes": {"labels": list(self.modes.labels), "bits": self.modes.bits},
            "thresholds": self.thresholds,
            "role_thresholds": self.role_thresholds,
        }
        (directory / "model.json").write_text(
            json.dumps(card, indent=1, ensure_ascii=False) + "\n", "utf-8"
        )

    @classmethod
    def load(cls, directory: Path | None = None) -> EventModel:
        """Load from ``directory``, by default the model shipped in the package."""
        try:
            if directory is None:
                root = _res.files("veille.resources").joinpath(MODEL_DIR)
                card = json.loads(root.joinpath("model.json").read_text("utf-8"))
                with root.joinpath("model.npz").open("rb") as fh:
                    arrays = dict(np.load(fh))
            else:
                card = json.loads((directory / "model.json").read_text("utf-8"))
                arrays = dict(np.load(directory / "model.npz"))
        except (OSError, ValueError, KeyError) as exc:
            raise ResourceError(f"event model {directory or MODEL_DIR}: {exc}") from exc
        try:
            return cls(
                types=LinearHead.from_arrays(
                    arrays, "types", card["types"]["labels"], card["types"]["bits"], False
                ),
                roles=LinearHead.from_arrays(
                    arrays, "roles", card["roles"]["labels"], card["roles"]["bits"], True
                ),
                modes=LinearHead.from_arrays(
                    arrays, "modes", card["modes"]["labels"], card["modes"]["bits"], True
                ),
                thresholds={k: float(v) for k, v in card["thresholds"].items()},
                role_thresholds={k: float(v) for k, v in card["role_thresholds"].items()},
                card=card,
            )
        except KeyError as exc:
            raise ResourceError(f"event model {directory or MODEL_DIR}: missing {exc}") from exc
