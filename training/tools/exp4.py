"""Feature variants for the sparse type model (held-out sentence micro F1)."""
from __future__ import annotations
import sys
from pathlib import Path
import numpy as np
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training")); sys.path.insert(0, str(ROOT))
import train  # noqa: E402
import veille  # noqa: E402
from veille.stages.events.grammar import EventGrammar  # noqa: E402
from veille.stages.events.triggers import TriggerIndex  # noqa: E402
from veille.stages.events.features import sentence_features  # noqa: E402
from sklearn.linear_model import LogisticRegression

arts = train.load_articles(ROOT / "training" / "data")
an = train.analyse(arts, ROOT / "training" / ".cache")
res = veille.Pipeline(veille.load_settings(progress=False), stages=[]).resources
parts = (TriggerIndex(res.triggers), EventGrammar.from_config(res.grammar), res.kb)
tr_a, te_a = train.split(arts, 0.15, 13)
tr, te = train.Corpus(tr_a, an, *parts), train.Corpus(te_a, an, *parts)
Ytr, Yte = tr.type_labels(), te.type_labels()

def chars(view):
    out = []
    for w in view.tree.folded:
        if len(w) >= 7 and w.isalpha():
            for i in range(len(w) - 4):
                out.append("c=" + w[i:i + 5])
    return out

def parse(view):
    t = view.tree
    out = []
    if not t.parsed:
        return out
    for k, tok in enumerate(t.tokens):
        if tok.pos == "VERB":
            lem = view.stems[k]
            out.append("v=" + lem)
            for c in t.children[k]:
                d = t.tokens[c].dep.split(":")[0]
                if d in ("obj", "nsubj", "obl", "dobj", "pobj"):
                    out.append(f"vd={lem}|{d}|{view.stems[c]}")
    return out

variants = {
    "base": lambda v: sentence_features(v),
    "chars": lambda v: sentence_features(v) + chars(v),
    "parse": lambda v: sentence_features(v) + parse(v),
    "both": lambda v: sentence_features(v) + chars(v) + parse(v),
}
for name, fn in variants.items():
    Xtr = train.hashed_matrix([fn(c.view) for _, c in tr.cases], train.TYPE_BITS)
    Xte = train.hashed_matrix([fn(c.view) for _, c in te.cases], train.TYPE_BITS)
    for C in (0.5, 1.0):
        P = np.zeros(Yte.shape)
        for j in range(16):
            clf = LogisticRegression(C=C, solver="liblinear", class_weight="balanced")
            clf.fit(Xtr, Ytr[:, j]); P[:, j] = clf.predict_proba(Xte)[:, 1]
        out = []
        for th in (0.3, 0.4, 0.5):
            pred = P >= th
            tp = (pred & (Yte == 1)).sum(); fp = (pred & (Yte == 0)).sum(); fn = (~pred & (Yte == 1)).sum()
            out.append(round(2 * tp / (2 * tp + fp + fn), 3))
        print(name, C, out, flush=True)
