"""Sentence-level type model experiments (out-of-fold micro F1 with tuned thresholds)."""
from __future__ import annotations
import sys, time
from pathlib import Path
import numpy as np
from scipy import sparse
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training")); sys.path.insert(0, str(ROOT))
import train  # noqa: E402
import veille  # noqa: E402
from veille.stages.events.grammar import EventGrammar  # noqa: E402
from veille.stages.events.triggers import TriggerIndex  # noqa: E402
from veille.stages.events.features import sentence_features  # noqa: E402

arts = train.load_articles(ROOT / "training" / "data")
an = train.analyse(arts, ROOT / "training" / ".cache")
res = veille.Pipeline(veille.load_settings(progress=False), stages=[]).resources
parts = (TriggerIndex(res.triggers), EventGrammar.from_config(res.grammar), res.kb)
c = train.Corpus(arts, an, *parts)
Y = c.type_labels()
groups = [d for d, _ in c.cases]
langs = np.array([d.split("-")[0] for d in groups])
Xs = train.hashed_matrix([sentence_features(cs.view) for _, cs in c.cases], train.TYPE_BITS)
vec_cache = ROOT / "training" / ".cache" / f"vectors-{train.data_hash(arts)}.npy"
if vec_cache.exists():
    V = np.load(vec_cache)
else:
    t = time.time(); V = np.asarray(res.sentence_encoder([cs.view.text for _, cs in c.cases]), dtype=np.float32)
    print("encode", time.time() - t); np.save(vec_cache, V)

def evaluate(X, C, name, cw=None):
    from sklearn.linear_model import LogisticRegression
    import random
    uniq = sorted(set(groups)); rnd = random.Random(13); rnd.shuffle(uniq)
    fold = {g: i % 4 for i, g in enumerate(uniq)}; f = np.array([fold[g] for g in groups])
    P = np.zeros(Y.shape)
    for k in range(4):
        tr, te = f != k, f == k
        for j in range(Y.shape[1]):
            clf = LogisticRegression(C=C, solver="liblinear", max_iter=300, class_weight=cw)
            clf.fit(X[tr], Y[tr, j]); P[te, j] = clf.predict_proba(X[te])[:, 1]
    th = train.tune_thresholds(P, Y)
    pred = np.column_stack([P[:, j] >= th[t] for j, t in enumerate(train.EVENT_TYPES)])
    def f1(mask):
        tp = (pred[mask] & (Y[mask] == 1)).sum(); fp = (pred[mask] & (Y[mask] == 0)).sum(); fn = (~pred[mask] & (Y[mask] == 1)).sum()
        return round(2 * tp / (2 * tp + fp + fn), 3)
    print(name, "C", C, cw, "micro", f1(np.ones(len(Y), bool)), {l: f1(langs == l) for l in ("fr", "en", "es", "de")}, flush=True)

for C in (float(a) for a in sys.argv[1:] or ["1"]):
    evaluate(Xs, C, "sparse")
    evaluate(sparse.hstack([Xs, sparse.csr_matrix(V)], format="csr"), C, "sparse+vec")
    evaluate(sparse.csr_matrix(V), C, "vec")
