#!/usr/bin/env python3
"""Train the speaker model of the quotes stage from the labelled articles in ``training/data``.

    python training/train_quotes.py                  # held-out report, then the shipped model
    python training/train_quotes.py --no-final       # the held-out report only

One reproducible command (fixed seed, CPU only, a few minutes; the analyses are cached under
``training/.cache`` by data and code). It

1. reads every article under ``--data`` and drops any that the validator flags (among them
   anything overlapping the development corpus);
2. analyses them with veille's own pipeline up to the entities stage, then builds, with the
   quotes stage's own code, every quotation and its candidate speakers with their features;
3. labels a candidate 1 when its quotation is a gold quote (the scorer's rule: same first words
   or overlapping spans) and it names the gold speaker (canonical name or one of the gold
   entity's surface forms); the speaker of the previous quotation is the gold one (teacher
   forcing);
4. splits the articles (seeded, per language) into train and held-out test; on the train split,
   chooses the regularisation and the decision threshold by cross-validation, end to end: the
   real stage decodes the real pages of each fold and the project's scorer counts;
5. scores the held-out test articles the same way (all of them, and the real pages alone) and
   writes the report (``training/QUOTES_REPORT.md``);
6. refits on every article and writes ``veille/resources/models/quotes/model.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import pickle
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

import articles as articles_io  # noqa: E402

import veille  # noqa: E402
from veille.evaluation import find_span, normalise, same_name, score_exports  # noqa: E402
from veille.export import analysis_to_record, to_export  # noqa: E402
from veille.model import Analysis, Document  # noqa: E402
from veille.pipeline import Pipeline  # noqa: E402
from veille.stages.quotes import QuoteModel, QuotesStage  # noqa: E402
from veille.stages.quotes.model import NULL  # noqa: E402
from veille.stages.quotes.speakers import (  # noqa: E402
    QuoteGroup,
    group_features,
    speaker_candidates,
)

STAGES = ("veille.clean.v1", "veille.language.v1", "veille.nlp.v1", "veille.entities.v1")
MIN_COUNT = 2  # features seen fewer times in training are dropped
C_GRID = (0.1, 0.3, 1.0)
THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(11))


# ---------------------------------------------------------------------------- data
def load_articles(data: Path | Sequence[Path]) -> list[dict[str, Any]]:
    return articles_io.read(data)


data_hash = articles_io.data_hash


def code_hash() -> str:
    """The code and data the analyses up to the entities stage depend on."""
    h = hashlib.sha256()
    pkg = ROOT / "veille"
    for p in sorted(pkg.rglob("*")):
        if (
            p.is_file()
            and "models" not in p.parts
            and "quotes" not in p.parts
            and "events" not in p.parts
            and p.suffix in (".py", ".toml", ".json", ".jsonl", ".tsv")
        ):
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def analyse(articles: Sequence[dict[str, Any]], cache_dir: Path) -> dict[str, Analysis]:
    key = hashlib.sha256((data_hash(articles) + code_hash()).encode()).hexdigest()[:16]
    cache = cache_dir / f"quote-analyses-{key}.pickle"
    if cache.exists():
        with cache.open("rb") as fh:
            cached: dict[str, Analysis] = pickle.load(fh)
        print(f"analyses from cache {cache.name}", flush=True)
        return cached
    pipeline = Pipeline(veille.load_settings(progress=False), stages=STAGES)
    docs = [
        Document(
            id=a["id"],
            text=a["text"],
            title=a.get("title") or "",
            published=dt.date.fromisoformat(a["published"]) if a.get("published") else None,
            url=a.get("url"),
            language=a.get("language"),
        )
        for a in articles
    ]
    t0 = time.time()
    out = {an.document.id: an for an in pipeline.stream(docs)}
    print(f"analysed {len(out)} articles in {time.time() - t0:.0f}s", flush=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    for old in cache_dir.glob("quote-analyses-*.pickle"):
        old.unlink()
    with cache.open("wb") as fh:
        pickle.dump(out, fh)
    return out


split = articles_io.split


def folds(articles: Sequence[dict[str, Any]], k: int, seed: int) -> list[list[dict[str, Any]]]:
    items = sorted(articles, key=lambda a: a["id"])
    random.Random(seed).shuffle(items)
    return [items[i::k] for i in range(k)]


# ---------------------------------------------------------------------------- examples
def _aliases(gold: dict[str, Any]) -> dict[str, set[str]]:
    return {
        e["name"]: {normalise(e["name"])} | {normalise(f) for f in e.get("surface_forms", [])}
        for e in gold["entities"]
    }


def _speaks(gold_name: str, name: str, aliases: dict[str, set[str]]) -> bool:
    return same_name(gold_name, name) or normalise(name) in aliases.get(gold_name, set())


def _matches(text: str, g: dict[str, Any], qtext: str, start: int, end: int) -> bool:
    if normalise(qtext).startswith(normalise(g["text_start"])[:20]):
        return True
    loc = find_span(text, g["text_start"])
    return loc is not None and loc[0] < end and start < loc[1]


Example = tuple[list[str], list[list[str]], list[int]]


def examples(article: dict[str, Any], analysis: Analysis, stage: QuotesStage) -> list[Example]:
    """For every quotation of one article: its own features, its candidates' features and
    their labels (1: said it; all 0: nobody, or not a gold quote)."""
    text = analysis.document.text
    gold = article["gold"]
    aliases = _aliases(gold)
    doc, groups = stage.context(analysis)
    taken: set[int] = set()
    previous: tuple[str, str | None] | None = None
    previous_segment = -10
    out: list[Example] = []
    for group in groups:
        prev = previous if previous_segment >= group.segment - 1 else None
        base = group_features(doc, group)
        cands = speaker_candidates(doc, group, prev, base)
        g_idx = _gold_quote(text, gold["quotes"], group, stage, analysis, taken)
        labels = [0] * len(cands)
        if g_idx is not None:
            g = gold["quotes"][g_idx]
            labels = [int(_speaks(g["speaker"], c.name, aliases)) for c in cands]
            hit = next((c for c, y in zip(cands, labels, strict=True) if y), None)
            if hit is not None:
                taken.add(g_idx)
                previous = (hit.name, hit.entity_id)
                previous_segment = group.segment
        out.append((list(base), [list(c.features) for c in cands], labels))
    return out


def _gold_quote(
    text: str,
    quotes: Sequence[dict[str, Any]],
    group: QuoteGroup,
    stage: QuotesStage,
    analysis: Analysis,
    taken: set[int],
) -> int | None:
    if not quotes:
        return None
    probe = stage.quote(analysis, group, _NOBODY)
    for i, g in enumerate(quotes):
        if i not in taken and _matches(text, g, probe.text, probe.start, probe.end):
            return i
    return None


class _Nobody:
    name = ""
    entity_id = None


_NOBODY: Any = _Nobody()


# ---------------------------------------------------------------------------- fitting
def fit(rows: Sequence[Example], C: float, seed: int) -> QuoteModel:
    """A conditional logit over each quotation's candidates and "nobody" (L2, L-BFGS)."""
    del seed  # deterministic: L-BFGS from zero
    counts: Counter[str] = Counter()
    for base, cands, _ in rows:
        counts.update(NULL + f for f in set(base))
        for fs in cands:
            counts.update(set(fs))
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    vocab = {f: i for i, f in enumerate(names)}
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    target: list[bool] = []
    starts: list[int] = []

    def add(fs: Sequence[str], positive: bool) -> None:
        cols = sorted({vocab[f] for f in fs if f in vocab})
        indices.extend(cols)
        data.extend([1.0] * len(cols))
        indptr.append(len(indices))
        target.append(positive)

    for base, cands, labels in rows:
        starts.append(len(target))
        add([NULL + f for f in base], not any(labels))
        for fs, y in zip(cands, labels, strict=True):
            add(fs, bool(y))
    X = sparse.csr_matrix((data, indices, indptr), shape=(len(target), len(vocab)))
    XT = X.T.tocsr()
    t = np.asarray(target)
    st = np.asarray(starts)
    group_of = np.repeat(np.arange(len(st)), np.diff(np.append(st, len(t))))

    def objective(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = X @ w
        top = np.maximum.reduceat(z, st)
        e = np.exp(z - top[group_of])
        total = np.add.reduceat(e, st)
        ep = np.where(t, e, 0.0)
        total_pos = np.add.reduceat(ep, st)
        loss = float(np.sum(np.log(total) - np.log(total_pos)))
        resid = e / total[group_of] - ep / total_pos[group_of]
        grad = C * (XT @ resid) + w
        return C * loss + 0.5 * float(w @ w), grad

    res = minimize(
        objective, np.zeros(len(vocab)), jac=True, method="L-BFGS-B", options={"maxiter": 500}
    )
    weights = {f: round(float(res.x[i]), 4) for f, i in vocab.items() if abs(res.x[i]) >= 1e-3}
    return QuoteModel(weights=weights, threshold=0.5)


def decode(
    model: QuoteModel,
    articles: Sequence[dict[str, Any]],
    analyses: dict[str, Analysis],
    stage: QuotesStage,
    contexts: dict[str, Any],
) -> dict[str, Any]:
    """Decode the articles with ``model`` as the stage does and score with the project's
    scorer (``contexts`` holds each article's quotations, built once)."""
    exports = []
    for a in articles:
        an = analyses[a["id"]]
        doc, groups = contexts[a["id"]]
        quotes = stage.decide(an, doc, groups, model)
        exports.append(to_export(analysis_to_record(replace(an, quotes=tuple(quotes)))))
    golds = [
        {"doc": a["id"], "language": a["language"], **a["gold"], "events": [], "quantities": []}
        for a in articles
    ]
    report = score_exports(exports, golds, {a["id"]: a["text"] for a in articles})
    return {
        "quotes": report.kinds["quotes"].to_dict(),
        "by_language": {
            lang: t["quotes"].to_dict() for lang, t in sorted(report.by_language.items())
        },
    }


def tune(
    articles: Sequence[dict[str, Any]],
    rows_of: dict[str, list[Example]],
    analyses: dict[str, Analysis],
    stage: QuotesStage,
    contexts: dict[str, Any],
    seed: int,
    k: int = 4,
) -> tuple[float, float, dict[tuple[float, float], float]]:
    """The regularisation and threshold with the best cross-validated F1 (micro, all folds),
    counted on the real pages of each held-out fold: the written articles train the model but
    are easier than real pages, and real pages are what it will read."""
    parts = folds(articles, k, seed)
    tallies: dict[tuple[float, float], list[int]] = {}
    for C in C_GRID:
        for i, held in enumerate(parts):
            train = [a for j, p in enumerate(parts) if j != i for a in p]
            model = fit([r for a in train for r in rows_of[a["id"]]], C, seed)
            real = [a for a in held if not a.get("generated")] or held
            for t in THRESHOLDS:
                res = decode(QuoteModel(model.weights, t), real, analyses, stage, contexts)
                q = res["quotes"]
                acc = tallies.setdefault((C, t), [0, 0, 0])
                acc[0] += q["tp"]
                acc[1] += q["fp"]
                acc[2] += q["fn"]
    f1s = {
        key: (2 * tp / (2 * tp + fp + fn) if tp else 0.0) for key, (tp, fp, fn) in tallies.items()
    }
    (C, t), best = max(f1s.items(), key=lambda kv: (kv[1], -abs(kv[0][1] - 0.5)))
    print(f"cross-validated: C={C} threshold={t} F1={best:.3f}", flush=True)
    return C, t, f1s


# ---------------------------------------------------------------------------- report
def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def write_report(path: Path, card: dict[str, Any]) -> None:
    held = card["held_out"]
    lines = [
        "# Quotes: the speaker model's held-out scores",
        "",
        "Written by `python training/train_quotes.py` (do not edit by hand). The articles under",
        f"{' and '.join(f'`{d}`' for d in card['data'])} are split per language with a fixed seed; the regularisation and the",
        "decision threshold are chosen by cross-validation on the train split, end to end (the",
        "real stage decodes, the project's one-to-one scorer counts); the test split is scored",
        "once, the same way. The shipped model is then refitted on every article.",
        "",
        f"Trained {card['trained']}, seed {card['seed']}, data hash `{card['data_hash']}`; "
        f"{card['train_articles']} train and {card['held_out_articles']} held-out articles "
        f"({card['held_out_real_articles']} of them real pages); "
        f"C = {card['C']}, threshold = {card['threshold']}; {card['features']} features.",
        "",
        "| quotes | P | R | F1 | tp | fp | fn |",
        "|---|---|---|---|---|---|---|",
    ]
    for title, part in (("held-out articles", held), ("real pages only", card["held_out_real"])):
        rows = [(title, part["quotes"]), *part["by_language"].items()]
        for name, t in rows:
            cells = [f"{t[k]:.3f}" for k in ("p", "r", "f1")]
            cells += [str(t[k]) for k in ("tp", "fp", "fn")]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    articles_io.add_data_argument(ap)
    ap.add_argument(
        "--out",
        type=Path,
        default=ROOT / "veille" / "resources" / "models" / "quotes" / "model.json",
    )
    ap.add_argument("--report", type=Path, default=ROOT / "training" / "QUOTES_REPORT.md")
    ap.add_argument("--cache", type=Path, default=ROOT / "training" / ".cache")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--holdout", type=float, default=0.2)
    ap.add_argument("--no-final", action="store_true", help="stop after the held-out report")
    args = ap.parse_args(argv)
    t_start = time.time()
    articles = load_articles(args.data)
    analyses = analyse(articles, args.cache)
    resources = veille.Pipeline(veille.load_settings(progress=False), stages=[]).resources
    stage = QuotesStage.from_resources(resources.grammar, resources.kb, None, resources.dates)
    rows_of = {a["id"]: examples(a, analyses[a["id"]], stage) for a in articles}
    n_rows = sum(len(c) for r in rows_of.values() for _, c, _ in r)
    print(f"{sum(len(r) for r in rows_of.values())} quotations, {n_rows} candidates", flush=True)
    train_a, test_a = split(articles, args.holdout, args.seed)
    contexts = {a["id"]: stage.context(analyses[a["id"]]) for a in articles}
    C, threshold, _ = tune(train_a, rows_of, analyses, stage, contexts, args.seed)
    model = fit([r for a in train_a for r in rows_of[a["id"]]], C, args.seed)
    held = decode(QuoteModel(model.weights, threshold), test_a, analyses, stage, contexts)
    real_test = [a for a in test_a if not a.get("generated")]
    held_real = decode(QuoteModel(model.weights, threshold), real_test, analyses, stage, contexts)
    print(json.dumps({"all": held, "real": held_real}, indent=1), flush=True)
    final = fit([r for a in articles for r in rows_of[a["id"]]], C, args.seed)
    card = {
        "trained": dt.date.today().isoformat(),
        "data": [_relative(d) for d in args.data],
        "seed": args.seed,
        "data_hash": data_hash(articles),
        "articles": dict(sorted(Counter(a["language"] for a in articles).items())),
        "train_articles": len(train_a),
        "held_out_articles": len(test_a),
        "C": C,
        "threshold": threshold,
        "features": len(final.weights),
        "held_out": held,
        "held_out_real": held_real,
        "held_out_real_articles": len(real_test),
        "seconds": round(time.time() - t_start),
    }
    write_report(args.report, card)
    if args.no_final:
        return 0
    out = QuoteModel(final.weights, threshold, card)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out.to_json(), ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"model written to {args.out} in {time.time() - t_start:.0f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
