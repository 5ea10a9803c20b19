"""Held-out sentence-level micro F1: sparse LR, dense LR on sentence vectors, and their blend."""
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
from veille.model import EVENT_TYPES  # noqa: E402
from sklearn.linear_model import LogisticRegression

arts = train.load_articles(ROOT / "training" / "data")
an = train.analyse(arts, ROOT / "training" / ".cache")
res = veille.Pipeline(veille.load_settings(progress=False), stages=[]).resources
parts = (TriggerIndex(res.triggers), EventGrammar.from_config(res.grammar), res.kb)
tr_a, te_a = train.split(arts, 0.15, 13)
tr, te = train.Corpus(tr_a, an, *parts), train.Corpus(te_a, an, *parts)
cache = ROOT / "training" / ".cache" / "vec.npz"
texts_tr = [c.view.text for _, c in tr.cases]; texts_te = [c.view.text for _, c in te.cases]
enc = res.sentence_encoder
Vtr = np.asarray(enc(texts_tr), dtype=np.float32); Vte = np.asarray(enc(texts_te), dtype=np.float32)
Xtr = train.hashed_matrix([sentence_features(c.view) for _, c in tr.cases], train.TYPE_BITS)
Xte = train.hashed_matrix([sentence_features(c.view) for _, c in te.cases], train.TYPE_BITS)
Ytr, Yte = tr.type_labels(), te.type_labels()

def f1(P, th):
    pred = P >= th
    tp = (pred & (Yte == 1)).sum(); fp = (pred & (Yte == 0)).sum(); fn = (~pred & (Yte == 1)).sum()
    return round(2 * tp / (2 * tp + fp + fn), 3), round(tp / max(1, tp + fp), 3), round(tp / (tp + fn), 3)

def fit(X, Xt, C, solver, cw):
    P = np.zeros(Yte.shape); Z = np.zeros(Yte.shape)
    for j in range(16):
        clf = LogisticRegression(C=C, solver=solver, class_weight=cw, max_iter=1000)
        clf.fit(X, Ytr[:, j]); P[:, j] = clf.predict_proba(Xt)[:, 1]; Z[:, j] = clf.decision_function(Xt)
    return P, Z

res_ = {}
for C in (0.5, 2.0):
    Ps, Zs = fit(Xtr, Xte, C, "liblinear", "balanced")
    print("sparse C", C, [f1(Ps, t) for t in (0.3, 0.4, 0.5)], flush=True)
    res_[("s", C)] = Zs
for C in (1.0, 10.0):
    Pd, Zd = fit(Vtr, Vte, C, "lbfgs", "balanced")
    print("dense C", C, [f1(Pd, t) for t in (0.3, 0.4, 0.5)], flush=True)
    res_[("d", C)] = Zd
for ks in [("s", 0.5), ("s", 2.0)]:
    for kd in [("d", 1.0), ("d", 10.0)]:
        for w in (0.3, 0.5):
            Z = (1 - w) * res_[ks] + w * res_[kd]
            P = 1 / (1 + np.exp(-Z))
            print("blend", ks, kd, w, [f1(P, t) for t in (0.3, 0.4, 0.5, 0.6)], flush=True)
