"""Throughput of the whole veille pipeline against bare spaCy on the same texts.

The bundled sample articles are repeated to N documents. Both sides are warmed up on 5 documents
first, then timed in the same process:

* veille: ``Pipeline(load_settings(progress=False)).analyze_batch`` in batches of
  ``settings.batch_size`` (nothing is stored);
* bare spaCy: ``nlp.pipe`` with the same French model, the same batch size, on the raw texts.

Usage::

    .venv/bin/python bench/throughput.py [--docs 300] [--json]
"""

from __future__ import annotations

import argparse
import importlib
import json
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import veille
from veille.readers import read_paths

SAMPLES = Path(veille.__file__).resolve().parent / "resources" / "samples"
WARMUP = 5


def sample_documents(n: int) -> list[veille.Document]:
    """The sample articles repeated (with distinct ids) to ``n`` documents."""
    base = [d for d in read_paths([SAMPLES]) if isinstance(d, veille.Document)]
    if not base:
        raise SystemExit(f"no sample articles under {SAMPLES}")
    docs = []
    for i in range(n):
        src = base[i % len(base)]
        docs.append(
            veille.document_from_text(
                f"{src.id}-{i:05d}",
                src.text,
                title=src.title,
                published=src.published,
                language=src.language,
            )
        )
    return docs


def _batches(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # kilobytes on Linux, bytes on macOS
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run(n_docs: int) -> dict[str, Any]:
    settings = veille.load_settings(progress=False)
    batch = settings.batch_size
    docs = sample_documents(n_docs)
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    model_name = settings.models.get("fr", "fr_core_news_md")

    t0 = time.perf_counter()
    pipeline = veille.Pipeline(settings)
    nlp = importlib.import_module(model_name).load()
    setup_s = time.perf_counter() - t0

    warm = sample_documents(WARMUP)
    pipeline.analyze_batch(warm)
    for _ in nlp.pipe([d.text for d in warm], batch_size=batch):
        pass

    t0 = time.perf_counter()
    events = 0
    for chunk in _batches(docs, batch):
        events += sum(len(a.events) for a in pipeline.analyze_batch(chunk))
    veille_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=batch):
        tokens += len(doc)
    bare_s = time.perf_counter() - t0

    return {
        "documents": n_docs,
        "words": words,
        "batch_size": batch,
        "model": model_name,
        "setup_s": round(setup_s, 2),
        "veille": {
            "seconds": round(veille_s, 3),
            "docs_per_s": round(n_docs / veille_s, 2),
            "words_per_s": round(words / veille_s, 1),
            "events": events,
        },
        "spacy": {
            "seconds": round(bare_s, 3),
            "docs_per_s": round(n_docs / bare_s, 2),
            "words_per_s": round(words / bare_s, 1),
            "tokens": tokens,
        },
        # pipeline docs/s divided by bare spaCy docs/s (below 1: the pipeline is slower)
        "throughput_ratio_pipeline_over_bare": round(bare_s / veille_s, 3),
        # how many times longer the whole pipeline takes than bare spaCy
        "time_ratio_pipeline_over_bare": round(veille_s / bare_s, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300, help="documents to analyse (300)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.docs < 1:
        parser.error("--docs must be at least 1")
    figures = run(args.docs)
    if args.json:
        print(json.dumps(figures, indent=1))
        return 0
    v, s = figures["veille"], figures["spacy"]
    print(
        f"{figures['documents']} documents, {figures['words']} words, "
        f"batch size {figures['batch_size']}, model {figures['model']}"
    )
    print(
        f"veille pipeline: {v['seconds']:8.2f} s  {v['docs_per_s']:8.2f} docs/s  "
        f"{v['words_per_s']:10.1f} words/s  ({v['events']} events)"
    )
    print(
        f"bare spaCy:      {s['seconds']:8.2f} s  {s['docs_per_s']:8.2f} docs/s  "
        f"{s['words_per_s']:10.1f} words/s"
    )
    print(
        f"pipeline / bare: {figures['throughput_ratio_pipeline_over_bare']:.3f} of the "
        f"throughput ({figures['time_ratio_pipeline_over_bare']:.2f}x the time)"
    )
    print(f"peak memory (RSS): {figures['peak_rss_mb']:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
