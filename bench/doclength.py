"""Time per word of the whole pipeline on one document of 10 KB, 100 KB and 1 MB.

Each document is French news text (the training articles under ``training/data/fr``, or the
bundled samples when the training data is not there) joined paragraph after paragraph until the
size is reached. A cost that grows with the length of the document shows as a time per word that
grows with the size; the target is flat (the largest size within 1.5x of the smallest). Bare spaCy
on the same text is timed beside it as the baseline of the same run.

Usage::

    .venv/bin/python bench/doclength.py [--sizes 10000,100000,1000000] [--json]
"""

from __future__ import annotations

import argparse
import importlib
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import veille
from veille.readers import read_paths

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "training" / "data" / "fr"
SAMPLES = Path(veille.__file__).resolve().parent / "resources" / "samples"


def paragraphs() -> list[str]:
    """News paragraphs in French, in a fixed order."""
    texts: list[str] = []
    for path in sorted(TRAINING.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    if not texts:
        texts = [d.text for d in read_paths([SAMPLES]) if isinstance(d, veille.Document)]
    return [p.strip() for t in texts for p in t.split("\n") if len(p.strip()) > 40]


def document_of(size: int, pool: Sequence[str]) -> str:
    out: list[str] = []
    total = 0
    i = 0
    while total < size:
        para = pool[i % len(pool)]
        out.append(para)
        total += len(para.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(out)


def run(sizes: Sequence[int]) -> dict[str, Any]:
    settings = veille.load_settings(progress=False)
    pipeline = veille.Pipeline(settings)
    nlp = importlib.import_module(settings.models.get("fr", "fr_core_news_md")).load()
    nlp.max_length = max(nlp.max_length, 2 * max(sizes))
    pool = paragraphs()
    warm = document_of(5_000, pool)
    veille.analyze(warm, language="fr", pipeline=pipeline)
    nlp(warm)
    rows = []
    for size in sizes:
        text = document_of(size, pool)
        words = len(text.split())
        t0 = time.perf_counter()
        analysis = veille.analyze(text, language="fr", pipeline=pipeline)
        veille_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        nlp(text)
        bare_s = time.perf_counter() - t0
        rows.append(
            {
                "bytes": len(text.encode("utf-8")),
                "words": words,
                "veille_s": round(veille_s, 2),
                "veille_us_per_word": round(1e6 * veille_s / words, 1),
                "spacy_s": round(bare_s, 2),
                "spacy_us_per_word": round(1e6 * bare_s / words, 1),
                "events": len(analysis.events),
                "mentions": len(analysis.mentions),
            }
        )
    first, last = rows[0]["veille_us_per_word"], rows[-1]["veille_us_per_word"]
    return {
        "sizes": rows,
        # time per word at the largest size over time per word at the smallest (flat: about 1)
        "growth_largest_over_smallest": round(last / first, 2),
        "flat": last / first <= 1.5,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="bytes, comma-separated")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if not sizes or min(sizes) < 1000:
        parser.error("--sizes: sizes of at least 1000 bytes")
    figures = run(sizes)
    if args.json:
        print(json.dumps(figures, indent=1))
        return 0
    print("| document | words | veille s | µs/word | bare spaCy s | µs/word | events |")
    print("|---|---|---|---|---|---|---|")
    for r in figures["sizes"]:
        print(
            f"| {r['bytes'] / 1000:,.0f} KB | {r['words']:,} | {r['veille_s']} | "
            f"{r['veille_us_per_word']} | {r['spacy_s']} | {r['spacy_us_per_word']} | "
            f"{r['events']} |"
        )
    print(
        f"time per word, largest over smallest: {figures['growth_largest_over_smallest']}"
        f" ({'flat' if figures['flat'] else 'NOT flat'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
