"""Memory of reading very large input: a JSONL file of SIZE gigabytes read through
``veille.read_paths`` (every record parsed into a Document), and a 10 MB single document.

Reports the growth of the reading process's peak RSS while it reads (constant memory means it
does not grow with the file), the time, and what happens to the 10 MB document under the
default ``max_document_chars``.

Usage::

    .venv/bin/python bench/bigfile.py [--gb 1.0]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVCORPUS = ROOT / "tests" / "data" / "devcorpus" / "corpus.jsonl"


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gb", type=float, default=1.0, help="size of the JSONL file (1.0)")
    args = parser.parse_args(argv)
    import veille
    from veille.readers import read_paths

    settings = veille.load_settings(progress=False)
    base = [json.loads(ln) for ln in DEVCORPUS.read_text("utf-8").splitlines() if ln]
    with tempfile.TemporaryDirectory(prefix="veille-big-") as tmp:
        big = Path(tmp) / "big.jsonl"
        target = int(args.gb * 1e9)
        n = 0
        with big.open("w", encoding="utf-8") as fh:
            while fh.tell() < target:
                rec = base[n % len(base)]
                fh.write(json.dumps({**rec, "id": f"{rec['id']}-{n}"}, ensure_ascii=False) + "\n")
                n += 1
        size_gb = big.stat().st_size / 1e9
        before = _peak_mb()
        t0 = time.perf_counter()
        docs = errors = 0
        for item in read_paths([big], max_chars=settings.max_document_chars):
            if isinstance(item, veille.Document):
                docs += 1
            else:
                errors += 1
        seconds = time.perf_counter() - t0
        grown = _peak_mb() - before
        print(
            f"JSONL {size_gb:.2f} GB, {docs} documents ({errors} errors) read in {seconds:.0f} s; "
            f"peak RSS {before:.0f} MB before, grew by {grown:.1f} MB while reading"
        )
        one = Path(tmp) / "ten_mb.txt"
        sentence = "La Russie a bombardé Kyiv mercredi, a déclaré Volodymyr Zelensky. "
        one.write_text(sentence * (10 * 1024 * 1024 // len(sentence) + 1), encoding="utf-8")
        t0 = time.perf_counter()
        (item,) = list(read_paths([one], max_chars=settings.max_document_chars))
        ms = (time.perf_counter() - t0) * 1000
        print(f"10 MB document: {type(item).__name__} in {ms:.1f} ms: {item}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
