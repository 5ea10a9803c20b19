#!/usr/bin/env python3
"""Agreement of two annotations of the same articles: the second scored against the first with
the project's one-to-one scorer (``veille.evaluation.score_exports``).

    python training/tools/agreement.py training/review/second.jsonl [training/data]
"""
from __future__ import annotations
import json, sys
from pathlib import Path
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from veille.evaluation import format_report, score_exports  # noqa: E402


def as_export(rec: dict) -> dict:
    g = rec["gold"]
    return {
        "doc": rec["id"], "language": rec["language"],
        "entities": [{"name": e["name"], "type": e["type"],
                      "mentions": [{"text": f} for f in e.get("surface_forms", [])]}
                     for e in g["entities"]],
        "events": [{k: e.get(k) for k in ("type", "mode", "source", "target", "date", "location", "evidence")}
                   for e in g["events"] if not e.get("optional")],
        "quantities": [{"value": q["value"], "unit": q["unit"], "evidence": q["evidence"]} for q in g["quantities"]],
        "quotes": [{"speaker": q["speaker"], "text": q["text_start"]} for q in g["quotes"]],
    }


def main() -> int:
    second = [json.loads(l) for l in Path(sys.argv[1]).read_text("utf-8").splitlines() if l.strip()]
    data = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "training" / "data"
    first = {}
    for p in data.rglob("*.jsonl"):
        for l in p.read_text("utf-8").splitlines():
            if l.strip():
                r = json.loads(l); first[r["id"]] = r
    golds = [{"doc": r["id"], "language": r["language"], **first[r["id"]]["gold"]} for r in second]
    report = score_exports([as_export(r) for r in second], golds, {r["id"]: r["text"] for r in second})
    print(format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
