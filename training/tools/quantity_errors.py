#!/usr/bin/env python3
"""Error analysis of the quantities stage on the training articles, never on the held-out ones:
cross-validation over the train split (the model fitted on the other folds scores each fold,
with the whole stage and the project's one-to-one scorer), pooled, with the misses and
spurious items.

    python training/tools/quantity_errors.py [--data DIR] [--folds 4] [--lang es]
                                             [--unit items] [--rules] [--details]

The upstream stages are cached under ``training/.cache`` (see ``training/quantities_data.py``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training"))

import quantities_data as qd  # noqa: E402
import train_quantities as tq  # noqa: E402

import veille  # noqa: E402
from veille.evaluation import EvalReport, Tally  # noqa: E402
from veille.resources import Resources  # noqa: E402


def merge(into: EvalReport, part: EvalReport) -> None:
    into.kinds["quantities"].merge(part.kinds["quantities"])
    for lang, kinds in part.by_language.items():
        mine = into.by_language.setdefault(lang, {"quantities": Tally()})
        mine["quantities"].merge(kinds["quantities"])
    into.missed += part.missed
    into.spurious += part.spurious


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT / "training" / "data")
    ap.add_argument("--cache", type=Path, default=ROOT / "training" / ".cache")
    ap.add_argument("--lang", default=None)
    ap.add_argument("--seed", type=int, default=29)
    ap.add_argument("--holdout", type=float, default=0.2)
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--none-bias", type=float, default=None)
    ap.add_argument("--rules", action="store_true", help="rules only, no model")
    ap.add_argument("--details", action="store_true")
    ap.add_argument("--unit", default=None)
    args = ap.parse_args()
    articles = qd.load_articles(args.data)
    analyses = qd.analyse(articles, args.cache)
    resources = Resources(veille.load_settings(progress=False))
    train, _test = qd.split(articles, args.holdout, args.seed)  # the test split stays unseen
    grammars = tq.Grammars(resources)
    table = tq.build_table(train, analyses, grammars)
    folds = qd.folds(train, args.folds, args.seed)
    biases = (args.none_bias,) if args.none_bias is not None else tq.NONE_BIASES
    reports = {b: EvalReport() for b in biases}
    for k, fold in enumerate(folds):
        rest = [a for j, f in enumerate(folds) if j != k for a in f]
        model = None if args.rules else tq.fit(rest, table, args.C, args.seed)
        part = [a for a in fold if not args.lang or a["language"] == args.lang]
        for b in biases:
            if model is not None:
                model.none_bias = b
            merge(reports[b], tq.run_stage(model, part, analyses, resources))
            if model is None:
                break
    for b in biases:
        if reports[b].kinds["quantities"].tp + reports[b].kinds["quantities"].fn:
            print(f"none bias {b}:\n{qd.format_scores(reports[b])}")
    best = max(biases, key=lambda b: reports[b].kinds["quantities"].f1)
    report = reports[best]
    if args.details:
        print(f"\ndetails at none bias {best}")
        for title, items in (("missed", report.missed), ("spurious", report.spurious)):
            print(f"\n{title}:")
            for line in items:
                if args.unit and f" {args.unit} |" not in line:
                    continue
                print(" ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
