"""Print held-out sentence-level type errors of a quickly fitted type model (sparse features)."""
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
from veille.model import EVENT_TYPES  # noqa: E402

C = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
lang = sys.argv[2] if len(sys.argv) > 2 else None
arts = train.load_articles(ROOT / "training" / "data")
an = train.analyse(arts, ROOT / "training" / ".cache")
res = veille.Pipeline(veille.load_settings(progress=False), stages=[]).resources
parts = (TriggerIndex(res.triggers), EventGrammar.from_config(res.grammar), res.kb)
tr_a, te_a = train.split(arts, 0.15, 13)
tr, te = train.Corpus(tr_a, an, *parts), train.Corpus(te_a, an, *parts)
Xtr = train.hashed_matrix([sentence_features(c.view) for _, c in tr.cases], train.TYPE_BITS)
Xte = train.hashed_matrix([sentence_features(c.view) for _, c in te.cases], train.TYPE_BITS)
Ytr, Yte = tr.type_labels(), te.type_labels()
from sklearn.linear_model import LogisticRegression
P = np.zeros(Yte.shape)
for j in range(len(EVENT_TYPES)):
    clf = LogisticRegression(C=C, solver="liblinear", class_weight="balanced")
    clf.fit(Xtr, Ytr[:, j]); P[:, j] = clf.predict_proba(Xte)[:, 1]
for th in (0.3, 0.4, 0.5, 0.6, 0.7):
    pred = P >= th
    tp = (pred & (Yte == 1)).sum(); fp = (pred & (Yte == 0)).sum(); fn = (~pred & (Yte == 1)).sum()
    print("balanced C", C, "th", th, "P", round(tp / (tp + fp), 3), "R", round(tp / (tp + fn), 3), "F1", round(2 * tp / (2 * tp + fp + fn), 3))
random.seed(3)
idx = [i for i, (d, c) in enumerate(te.cases) if lang is None or d.startswith(lang)]
random.shuffle(idx)
for i in idx[:40]:
    g = {EVENT_TYPES[j] for j in range(16) if Yte[i, j]}
    p = {EVENT_TYPES[j]: round(P[i, j], 2) for j in range(16) if P[i, j] >= 0.4}
    mark = "OK " if set(p) == g else "ERR"
    print(mark, sorted(g), p, "|", te.cases[i][1].view.text[:160].replace("\n", " "))
