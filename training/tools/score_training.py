#!/usr/bin/env python3
"""Score the whole pipeline on the labelled training articles (for error analysis of every
stage without touching the development corpus).

    python training/tools/score_training.py [--lang es] [--details quantities] [--limit N]

Prints the one-to-one scores per kind and language (the same scorer as ``veille eval``); with
``--details KIND`` also lists that kind's misses and spurious items.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training"))
sys.path.insert(0, str(ROOT))

import validate  # noqa: E402

import veille  # noqa: E402
from veille.evaluation import format_report, score_exports  # noqa: E402
from veille.export import analysis_to_record, to_export  # noqa: E402
from veille.model import Document  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT / "training" / "data")
    ap.add_argument("--lang", default=None)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--details", default=None, help="entities|events_trigger|events_full|quantities|quotes")
    args = ap.parse_args()
    dev_urls, dev_sh = validate._dev_guard()
    arts = []
    for p in sorted(args.data.rglob("*.jsonl")):
        for line in p.read_text("utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                if (args.lang is None or r["language"] == args.lang) and not validate.problems(r, dev_urls, dev_sh):
                    arts.append(r)
    if args.limit:
        arts = arts[: args.limit]
    docs = [Document(id=a["id"], text=a["text"], title=a.get("title") or "",
                     published=dt.date.fromisoformat(a["published"]) if a.get("published") else None,
                     url=a.get("url"), language=a.get("language")) for a in arts]
    pipe = veille.Pipeline(veille.load_settings(progress=False))
    exports = [to_export(analysis_to_record(an)) for an in pipe.stream(docs)]
    golds = [{"doc": a["id"], "language": a["language"], **a["gold"]} for a in arts]
    report = score_exports(exports, golds, {a["id"]: a["text"] for a in arts})
    print(format_report(report))
    if args.details:
        print("\nmissed:")
        for m in report.missed:
            if f" {args.details}:" in m:
                print(" ", m)
        print("spurious:")
        for s in report.spurious:
            if f" {args.details}:" in s:
                print(" ", s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
