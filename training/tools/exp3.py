"""Learning curve of the sparse type model (held-out sentence micro F1)."""
from __future__ import annotations
import sys, random
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
te = train.Corpus(te_a, an, *parts)
Xte = train.hashed_matrix([sentence_features(c.view) for _, c in te.cases], train.TYPE_BITS)
Yte = te.type_labels()
random.seed(0)
for frac in (0.25, 0.5, 1.0):
    sub = random.sample(tr_a, int(len(tr_a) * frac))
    tr = train.Corpus(sub, an, *parts)
    Xtr = train.hashed_matrix([sentence_features(c.view) for _, c in tr.cases], train.TYPE_BITS)
    Ytr = tr.type_labels()
    P = np.zeros(Yte.shape)
    for j in range(16):
        clf = LogisticRegression(C=1.0, solver="liblinear", class_weight="balanced")
        clf.fit(Xtr, Ytr[:, j]); P[:, j] = clf.predict_proba(Xte)[:, 1]
    out = []
    for th in (0.3, 0.4, 0.5):
        pred = P >= th
        tp = (pred & (Yte == 1)).sum(); fp = (pred & (Yte == 0)).sum(); fn = (~pred & (Yte == 1)).sum()
        out.append(round(2 * tp / (2 * tp + fp + fn), 3))
    print(frac, len(sub), len(tr.cases), out, flush=True)
