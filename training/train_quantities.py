#!/usr/bin/env python3
"""Train the unit model of the quantities stage from the labelled training articles.

    python training/train_quantities.py [--data DIR] [--out DIR] [--seed 29] [--holdout 0.2]

One reproducible command (fixed seed, CPU, a few minutes; the first run analyses the articles
with veille's clean, language and nlp stages and caches them under ``training/.cache``). It

1. reads every article under ``--data`` that the validator accepts (none of the development
   corpus) and splits them, seeded and per language, into train and held-out test articles;
2. turns every number candidate of every sentence into an example: its features
   (``veille.stages.quantities.features``) and, when a gold quantity of the article has its
   value and its evidence span, that quantity's unit (else "none");
3. fits a multinomial logistic regression over the hashed features on the train articles, and
   tunes the bias of "none" end to end (the whole stage, the project's one-to-one scorer) by
   cross-validation over them;
4. scores the held-out test articles with the whole stage and writes the figures to the model
   card, with the rules-only figures beside them;
5. refits on all articles with the same settings and writes ``--out`` (``model.npz``, plain
   arrays, and ``model.json``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

import articles as articles_io  # noqa: E402
import quantities_data as qd  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

import veille  # noqa: E402
from veille.evaluation import Tally, find_span  # noqa: E402
from veille.model import Analysis  # noqa: E402
from veille.resources import Resources  # noqa: E402
from veille.stages.language import ANALYSED  # noqa: E402
from veille.stages.quantities import QuantitiesStage, document_context  # noqa: E402
from veille.stages.quantities.features import candidate_features  # noqa: E402
from veille.stages.quantities.grammar import QuantityGrammar, supported  # noqa: E402
from veille.stages.quantities.model import (  # noqa: E402
    HEADS,
    LinearHead,
    QuantityModel,
    feature_index,
)

BITS = 17
LEARNED = {"people_killed", "people_injured", "items"}
NONE_BIASES = (-2.0, -1.5, -1.0, -0.5, 0.0, 0.5)


class Grammars:
    """Rules-only grammars by language (features never depend on the model)."""

    def __init__(self, resources: Resources) -> None:
        self.resources = resources
        self._by_lang: dict[str, QuantityGrammar | None] = {}

    def get(self, lang: str) -> QuantityGrammar | None:
        if lang not in self._by_lang:
            r = self.resources
            self._by_lang[lang] = (
                QuantityGrammar(r.numbers, r.grammar, lang, dates=r.dates)
                if supported(r.numbers, lang)
                else None
            )
        return self._by_lang[lang]


def examples(
    article: dict[str, Any], analysis: Analysis, grammars: Grammars
) -> tuple[list[list[str]], list[str]]:
    """Features and labels of every learned candidate (count or day count) of one article.

    A candidate takes the unit of the gold quantity that has its value and whose evidence
    span it overlaps (else starts within 80 characters of, the scorer's rule), one to one;
    the others are "none". The previous number's feature is its gold label, as the stage
    gives it its decided one.
    """
    text = article["text"]
    ctx = document_context(text)
    golds = []
    for g in article["gold"]["quantities"]:
        if g["unit"] in LEARNED:
            span = find_span(text, g.get("evidence"))
            if span is not None:
                golds.append((g, span))
    found = []  # (grammar, words, candidate, doc start) of every candidate, in order
    for sent in analysis.sentences:
        if analysis.segments[sent.segment].kind not in ANALYSED:
            continue
        grammar = grammars.get(sent.language)
        if grammar is None:
            continue
        w, cands = grammar.candidates(sent.text, ctx)
        for c in cands:
            found.append((grammar, w, c, sent.start + w.omap[c.start]))
    labels = [
        "money" if c.kind == "money" else "percent" if c.kind == "percent" else "none"
        for _g, _w, c, _s in found
    ]
    for g, (gs, ge) in golds:
        best, best_d = None, 1e9
        for i, (_gr, w, c, s) in enumerate(found):
            if labels[i] != "none" or c.range_low or c.kind != "count":
                continue
            if abs(c.count_value - g["value"]) > 0.01 * abs(g["value"]) + 1e-9:
                continue
            e = s + (w.omap[c.end] - w.omap[c.start])
            d = 0 if (s < ge and gs < e) else abs(s - gs)
            if d < 80 and d < best_d:
                best, best_d = i, d
        if best is not None:
            labels[best] = g["unit"]
    # a figure the gold reports once may stand again elsewhere ("the same figure restated in
    # another sentence is annotated once"): such a restatement teaches nothing, leave it out
    values = [g["value"] for g, _span in golds]
    restated = [
        label == "none"
        and c.kind == "count"
        and any(abs(c.count_value - v) <= 0.01 * abs(v) + 1e-9 for v in values)
        for (_g, _w, c, _s), label in zip(found, labels, strict=True)
    ]
    rows: list[list[str]] = []
    out: list[str] = []
    prev, last_words = "start", None
    for (grammar, w, c, _s), label, skip in zip(found, labels, restated, strict=True):
        if w is not last_words:
            prev, last_words = "start", w
        if c.kind == "days":
            prev = grammar.rule_unit(w, c) or "none"  # as the stage decides it
            continue
        if c.kind != "count":
            prev = label
            continue
        if c.range_low:
            continue  # decided with the number that closes the range
        if skip:
            prev = label
            continue
        rows.append(candidate_features(grammar, w, c, prev))
        out.append(label)
        prev = label
    return rows, out


def build_table(
    articles: Sequence[dict[str, Any]], analyses: dict[str, Analysis], grammars: Grammars
) -> dict[str, tuple[list[list[str]], list[str]]]:
    """The examples of every article."""
    return {a["id"]: examples(a, analyses[a["id"]], grammars) for a in articles}


def design(rows: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    indptr, indices = [0], []
    for feats in rows:
        idx = feature_index(feats, BITS)
        indices.extend(idx.tolist())
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), 1 << BITS))


def fit(
    articles: Sequence[dict[str, Any]],
    table: dict[str, tuple[list[list[str]], list[str]]],
    C: float,
    seed: int,
) -> QuantityModel:
    """One multinomial logistic regression per head, over the hashed features."""
    by_head: dict[str, tuple[list[list[str]], list[int]]] = {h: ([], []) for h in HEADS}
    for a in articles:
        for feats, label in zip(*table[a["id"]], strict=True):
            head = "count"
            by_head[head][0].append(feats)
            by_head[head][1].append(HEADS[head].index(label))
    heads = {}
    for name, labels in HEADS.items():
        rows, y = by_head[name]
        weights = np.zeros((len(labels), 1 << BITS), dtype=np.float32)
        bias = np.full(len(labels), -30.0)
        bias[0] = 0.0
        if len(set(y)) > 1:
            X = design(rows)
            cols = np.unique(X.indices)  # fit over the columns in use only (much faster)
            clf = LogisticRegression(C=C, max_iter=3000, random_state=seed)
            clf.fit(X[:, cols], np.array(y))
            coef, icpt = clf.coef_, clf.intercept_
            if len(clf.classes_) == 2:  # a binary fit gives one row: split it as a softmax
                coef = np.vstack([-coef / 2, coef / 2])
                icpt = np.array([-icpt[0] / 2, icpt[0] / 2])
            for row, cls in enumerate(clf.classes_):
                weights[cls, cols] = coef[row]
                bias[cls] = icpt[row]
        heads[name] = LinearHead(labels, weights, bias)
    return QuantityModel(heads=heads, bits=BITS)


def run_stage(
    model: QuantityModel | None,
    articles: Sequence[dict[str, Any]],
    analyses: dict[str, Analysis],
    resources: Resources,
) -> qd.EvalReport:
    stage = QuantitiesStage(resources)
    for lang in ("fr", "en", "es", "de"):
        g = QuantityGrammar(
            resources.numbers, resources.grammar, lang, dates=resources.dates, model=model
        )
        stage._grammars[lang] = g
    done = [stage(replace(analyses[a["id"]], quantities=())) for a in articles]
    return qd.score(done, articles)


def figures(report: qd.EvalReport) -> dict[str, Any]:
    out: dict[str, Any] = {"all": report.kinds["quantities"].to_dict()}
    for lang in sorted(report.by_language):
        out[lang] = report.by_language[lang]["quantities"].to_dict()
    return out


data_hash = articles_io.data_hash


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    articles_io.add_data_argument(ap)
    ap.add_argument(
        "--out", type=Path, default=ROOT / "veille" / "resources" / "models" / "quantities"
    )
    ap.add_argument("--cache", type=Path, default=ROOT / "training" / ".cache")
    ap.add_argument("--seed", type=int, default=29)
    ap.add_argument("--holdout", type=float, default=0.2)
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--no-write", action="store_true", help="report only")
    args = ap.parse_args(argv)

    articles = qd.load_articles(args.data)
    analyses = qd.analyse(articles, args.cache)
    resources = Resources(veille.load_settings(progress=False))
    grammars = Grammars(resources)
    table = build_table(articles, analyses, grammars)
    counts = Counter(lab for _r, labs in table.values() for lab in labs)
    gold_learned = sum(1 for a in articles for g in a["gold"]["quantities"] if g["unit"] in LEARNED)
    print(f"{len(articles)} articles, candidates {dict(counts)}, learned gold {gold_learned}")

    train, test = qd.split(articles, args.holdout, args.seed)

    # the bias of "none", tuned end to end by cross-validation over the train articles
    totals = {b: Tally() for b in NONE_BIASES}
    folds = qd.folds(train, args.folds, args.seed)
    for k, fold in enumerate(folds):
        model = fit([a for j, f in enumerate(folds) if j != k for a in f], table, args.C, args.seed)
        for b in NONE_BIASES:
            model.none_bias = b
            totals[b].merge(run_stage(model, fold, analyses, resources).kinds["quantities"])
    for b in NONE_BIASES:
        print(f"  none bias {b:+.2f}: cross-validated F1 {totals[b].f1:.3f}")
    best_bias = max(NONE_BIASES, key=lambda b: totals[b].f1)

    # held-out report: fit on the whole train split, score the test split
    model = fit(train, table, args.C, args.seed)
    model.none_bias = best_bias
    held = run_stage(model, test, analyses, resources)
    rules = run_stage(None, test, analyses, resources)
    print(f"held-out ({len(test)} articles), rules only:\n{qd.format_scores(rules)}")
    print(f"held-out, with the model (none bias {best_bias:+.2f}):\n{qd.format_scores(held)}")

    if args.no_write:
        return 0
    final = fit(articles, table, args.C, args.seed)
    final.none_bias = best_bias
    final.card = {
        "version": f"{dt.date.today():%Y.%m.%d}-{data_hash(articles)[:8]}",
        "trained": dt.date.today().isoformat(),
        "command": "python training/train_quantities.py",
        "seed": args.seed,
        "C": args.C,
        "data_hash": data_hash(articles),
        "articles": dict(sorted(Counter(a["language"] for a in articles).items())),
        "candidates": dict(sorted(counts.items())),
        "held_out": {
            "train_articles": len(train),
            "held_out_articles": len(test),
            "model": figures(held),
            "rules_only": figures(rules),
        },
    }
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / "model.npz", **final.to_arrays())
    (args.out / "model.json").write_text(
        json.dumps(final.card_json(), indent=1, ensure_ascii=False) + "\n", "utf-8"
    )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
