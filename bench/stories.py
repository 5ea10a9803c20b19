"""Clustering cost per document, from 1,000 to 10,000 documents.

The development corpus (86 real articles, ``tests/data/devcorpus/corpus.jsonl``) is analysed
once; its analyses are then repeated, with variations, into a stream of N documents published at
a constant rate (``--per-day``, 50 a day: 10,000 documents over 200 days), so that the NLP is not
re-run and the benchmark measures the clustering alone:

* each repetition ("round") is a new set of happenings: the actors' ids and names get the
  round's mark and every word of the text is altered (one letter, in place), so a round's
  articles form stories and copies among themselves, as the corpus's articles do, and not with
  the same article's other rounds;
* every fifth document of a round is a wire copy of the one before (the same text under another
  outlet, a line of page furniture appended); every document gets its outlet's trailer line.

Documents are stored in batches of ``--batch`` (not timed), then ``update_stories`` clusters the
new batch (timed): the cost per document of each batch is printed, wall clock and CPU time of
this process (the machine is shared), with the number of candidate documents each new one was
compared with (the work, free of any noise), and the ratio of the median CPU cost per document
of the last three batches to that of the first three (flat is 1.0).

Usage::

    .venv/bin/python bench/stories.py [--docs 10000] [--batch 1000] [--json]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import veille
from veille.readers import read_paths
from veille.stories import update_stories

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "devcorpus" / "corpus.jsonl"
START = dt.date(2025, 1, 1)
VERSION = "bench-stories"


def _alter(text: str, rnd: int) -> str:
    """Each word's second letter shifted by the round (same length, so every offset stays
    right): a round's texts share no word 5-gram, nor a name, with another round's."""
    if rnd == 0:
        return text
    out = list(text)
    for i in range(1, len(text)):
        ch, prev = text[i], text[i - 1]
        if (
            ch.isascii()
            and ch.isalpha()
            and prev.isalpha()
            and (i < 2 or not text[i - 2].isalpha())
        ):
            base = "a" if ch.islower() else "A"
            out[i] = chr((ord(ch) - ord(base) + rnd) % 26 + ord(base))
    return "".join(out)


def _variant(an: veille.Analysis, i: int, rnd: int, copy: bool, day: dt.date) -> veille.Analysis:
    mark = f"~r{rnd}"
    ids = {e.id: e.id + mark for e in an.entities}
    doc = an.document
    outlet = f"Outlet {i % 37}"
    trailer = f"\n\n{outlet} · all rights reserved" + ("\nRelated: more on this" if copy else "")
    text = _alter(doc.text, rnd) + trailer
    new_doc = veille.document_from_text(
        f"{doc.id}-{i:05d}", text, title=doc.title, published=day, language=doc.language
    )
    new_doc = dataclasses.replace(new_doc, source=outlet)
    entities = tuple(
        dataclasses.replace(
            e,
            id=ids[e.id],
            name=e.name + mark,
            kb_id=e.kb_id + mark if e.kb_id else None,
            mentions=tuple(
                dataclasses.replace(m, entity=ids.get(m.entity or "", m.entity)) for m in e.mentions
            ),
        )
        for e in an.entities
    )

    def remap(value: str | None) -> str | None:
        return ids.get(value, value) if value else value

    events = tuple(
        dataclasses.replace(
            ev,
            source_id=remap(ev.source_id),
            target_id=remap(ev.target_id),
            location_id=remap(ev.location_id),
        )
        for ev in an.events
    )
    quotes = tuple(dataclasses.replace(q, speaker_id=remap(q.speaker_id)) for q in an.quotes)
    return dataclasses.replace(
        an, document=new_doc, entities=entities, events=events, quotes=quotes
    )


def stream(analyses: list[veille.Analysis], n: int, per_day: int) -> list[veille.Analysis]:
    out = []
    size = len(analyses)
    for i in range(n):
        rnd, pos = divmod(i, size)
        copy = pos % 5 == 4
        base = analyses[pos - 1 if copy else pos]
        out.append(_variant(base, i, rnd, copy, START + dt.timedelta(days=i // per_day)))
    return out


def run(n_docs: int, batch: int, per_day: int) -> dict[str, Any]:
    settings = veille.load_settings(progress=False)
    docs = [d for d in read_paths([CORPUS]) if isinstance(d, veille.Document)]
    t0 = time.perf_counter()
    analyses = veille.Pipeline(settings).analyze_batch(docs)
    analyse_s = time.perf_counter() - t0
    items = stream(analyses, n_docs, per_day)
    rows = []
    with tempfile.TemporaryDirectory(prefix="veille-bench-") as tmp:
        store = veille.open_store(str(Path(tmp) / "bench.db"))
        done = 0
        while done < n_docs:
            chunk = items[done : done + batch]
            for an in chunk:
                store.save(an, VERSION)
            t, c = time.perf_counter(), time.process_time()
            update = update_stories(store, settings)
            spent, cpu = time.perf_counter() - t, time.process_time() - c
            done += len(chunk)
            rows.append(
                {
                    "documents": done,
                    "batch": len(chunk),
                    "seconds": round(spent, 3),
                    "ms_per_doc": round(1000 * spent / len(chunk), 3),
                    "cpu_ms_per_doc": round(1000 * cpu / len(chunk), 3),
                    "copy_links": update.copies,
                    "compared_per_doc": round(update.compared / len(chunk), 1),
                }
            )
        stories = store.stories()
        store.close()

    def median3(part: list[dict[str, Any]]) -> float:
        return float(sorted(r["cpu_ms_per_doc"] for r in part)[len(part) // 2])

    first, last = median3(rows[:3]), median3(rows[-3:])
    return {
        "documents": n_docs,
        "per_day": per_day,
        "corpus": len(docs),
        "analyse_s": round(analyse_s, 1),
        "batches": rows,
        "stories": len(stories),
        "originals": sum(s.originals for s in stories),
        "ratio_last_first": round(last / first, 3) if first else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--batch", type=int, default=1_000)
    ap.add_argument("--per-day", type=int, default=50)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result = run(args.docs, args.batch, args.per_day)
    if args.json:
        print(json.dumps(result, indent=1))
        return
    print(
        f"{result['documents']} documents ({result['corpus']} articles analysed once in "
        f"{result['analyse_s']} s), {result['per_day']} a day; "
        f"{result['stories']} stories, {result['originals']} original reports"
    )
    print(
        f"{'documents':>10} {'ms/doc':>8} {'cpu ms/doc':>11} {'compared/doc':>13} "
        f"{'copy links':>11}"
    )
    for row in result["batches"]:
        print(
            f"{row['documents']:>10} {row['ms_per_doc']:>8.2f} {row['cpu_ms_per_doc']:>11.2f} "
            f"{row['compared_per_doc']:>13.1f} {row['copy_links']:>11}"
        )
    print(
        "CPU cost per document, last three batches / first three (medians): "
        f"{result['ratio_last_first']}"
    )


if __name__ == "__main__":
    main()
