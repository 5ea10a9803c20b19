"""Copies: the same wire text under several outlets, found with MinHash (datasketch) over word
shingles and locality-sensitive hashing, so that finding a document's copies costs the same
whatever the size of the store: its bands are index look-ups, never a comparison with every
stored document.

A candidate that shares a band is a copy when the estimated share of the shorter text's shingles
found in the other (containment, from the Jaccard estimate and the two shingle counts) reaches
``copy_containment``: a wire story with another headline, a byline or page furniture around it is
a copy; a rewrite in other words, or a translation, is not.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from ..text import words

__all__ = [
    "BANDS",
    "NUM_PERM",
    "ROWS",
    "SHINGLE",
    "Signature",
    "bands",
    "containment",
    "jaccard",
    "signature",
]

SHINGLE = 5  # words per shingle
NUM_PERM = 128
ROWS = 2  # minhash values per band: pairs with Jaccard 0.2 share a band with probability 0.93
BANDS = NUM_PERM // ROWS
SEED = 7
MIN_SHINGLES = 8  # shorter texts are too short to call copies


@dataclass(frozen=True, slots=True)
class Signature:
    """A text's MinHash values (``NUM_PERM`` unsigned 32-bit integers) and its shingle count."""

    values: bytes
    shingles: int


def _shingles(text: str) -> set[bytes]:
    w = words(text)
    if len(w) < SHINGLE:
        return {" ".join(w).encode()} if w else set()
    return {" ".join(w[i : i + SHINGLE]).encode() for i in range(len(w) - SHINGLE + 1)}


def signature(text: str) -> Signature:
    shingles = _shingles(text)
    mh = MinHash(num_perm=NUM_PERM, seed=SEED)
    mh.update_batch(sorted(shingles))
    values = np.asarray(mh.hashvalues, dtype="<u4")
    return Signature(values=values.tobytes(), shingles=len(shingles))


def _values(sig: bytes) -> np.ndarray:
    return np.frombuffer(sig, dtype="<u4")


def bands(sig: Signature) -> list[tuple[int, int]]:
    """``(band, hash)`` of each LSH band: a 63-bit hash of the band's ``ROWS`` values."""
    if sig.shingles < MIN_SHINGLES:
        return []
    values = _values(sig.values)
    out = []
    for b in range(BANDS):
        chunk = values[b * ROWS : (b + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        out.append((b, int.from_bytes(digest, "little") & 0x7FFF_FFFF_FFFF_FFFF))
    return out


def jaccard(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two texts' shingle sets."""
    return float(np.mean(_values(a) == _values(b)))


def containment(a: Signature, b: Signature) -> float:
    """Estimated share of the smaller shingle set found in the other."""
    small = min(a.shingles, b.shingles)
    if small < MIN_SHINGLES:
        return 0.0
    j = jaccard(a.values, b.values)
    inter = j * (a.shingles + b.shingles) / (1.0 + j)
    return min(1.0, inter / small)
