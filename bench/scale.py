"""Scale-out benchmark: ``veille ingest`` on N documents into SQLite and PostgreSQL, with 1 and 2
local workers and a Ray pool of 2 actors, against bare spaCy ``nlp.pipe`` (n_process 1 and 2)
on the same texts, in one run.

The documents are the development-corpus articles (``tests/data/devcorpus/corpus.jsonl``, fr,
en, es, de) repeated with light variations: each copy has its own id, its paragraphs rotated
and its publication date moved, so every copy is a new document to analyse. Every configuration
runs in a fresh process (its memory measured alone) into a fresh database; the whole pipeline
is run and every result stored. Bare spaCy uses the same model per language as veille (a blank
pipeline with a sentencizer where veille has none) and stores nothing.

Usage::

    .venv/bin/python bench/scale.py [--docs 10000] [--configs sqlite-1,sqlite-2,...]
        [--postgres postgresql://…] [--out bench/results]

Without ``--postgres`` a private PostgreSQL server (Debian's, as for the tests, with its
default durability settings) is started in a temporary directory for the run. It prints a
markdown table and writes it, with the figures as JSON, under ``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEVCORPUS = ROOT / "tests" / "data" / "devcorpus" / "corpus.jsonl"
CONFIGS = ("sqlite-1", "sqlite-2", "postgresql-1", "postgresql-2", "ray-2", "spacy-1", "spacy-2")
TARGETS = {"speedup": 1.7, "minutes": 15.0, "rss_mb": 1200.0, "postgres_gap": 0.10}


def make_corpus(n: int, path: Path) -> tuple[int, int]:
    """Write ``n`` documents to ``path``; the number of words and of distinct base articles."""
    base = [json.loads(line) for line in DEVCORPUS.read_text("utf-8").splitlines() if line]
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            src = base[i % len(base)]
            copy = i // len(base)
            paras = src["text"].split("\n\n")
            if copy and len(paras) > 2:  # keep the first paragraph (the title), rotate the rest
                rest = paras[1:]
                k = copy % len(rest)
                paras = [paras[0], *rest[k:], *rest[:k]]
            text = "\n\n".join(paras)
            published = src.get("published")
            if published and copy:
                day = dt.date.fromisoformat(published) + dt.timedelta(days=copy % 28)
                published = day.isoformat()
            rec = {**src, "id": f"{src['id']}-{i:05d}", "text": text, "published": published}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            words += len(text.split())
    return words, len(base)


def _rss_mb(who: int) -> float:
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# ---------------------------------------------------------------------------- children


def child_ingest(data: str, db: str, engine: str, workers: int) -> dict[str, Any]:
    import veille

    settings = veille.load_settings(
        environ={"HOME": os.environ.get("HOME", "/")},
        db=db,
        engine=engine,
        workers=workers,
        progress=False,
    )
    veille.open_store(db).close()  # migrations are not timed
    t0 = time.perf_counter()
    report = veille.ingest_paths([data], settings)
    seconds = time.perf_counter() - t0
    with veille.open_store(db) as store:
        counts = {t: store.count(t) for t in ("documents", "events", "entities", "quotes")}
    rss = dict(report.worker_peak_rss_mb)
    return {
        "seconds": seconds,
        "stored": report.stored,
        "rejected": [str(e) for e in report.rejected[:5]],
        "counts": counts,
        "worker_rss_mb": rss,
        "driver_rss_mb": _rss_mb(resource.RUSAGE_SELF),
    }


def child_spacy(data: str, n_process: int) -> dict[str, Any]:
    import importlib

    import spacy

    import veille

    settings = veille.load_settings(environ={"HOME": os.environ.get("HOME", "/")})
    by_lang: dict[str, list[str]] = {}
    for line in Path(data).read_text("utf-8").splitlines():
        rec = json.loads(line)
        by_lang.setdefault(rec.get("language") or "xx", []).append(rec["text"])
    models = {}
    for lang in by_lang:
        package = settings.models.get(lang)
        try:
            models[lang] = importlib.import_module(package).load() if package else None
        except ImportError:
            models[lang] = None
        if models[lang] is None:
            models[lang] = spacy.blank(lang)
            models[lang].add_pipe("sentencizer")
    t0 = time.perf_counter()
    tokens = 0
    for lang, texts in by_lang.items():
        for doc in models[lang].pipe(texts, batch_size=settings.batch_size, n_process=n_process):
            tokens += len(doc)
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "tokens": tokens,
        "worker_rss_mb": {"self": _rss_mb(resource.RUSAGE_SELF)}
        | ({"children": _rss_mb(resource.RUSAGE_CHILDREN)} if n_process > 1 else {}),
    }


# ---------------------------------------------------------------------------- driver


def fresh_database(url: str, name: str) -> str:
    """A new empty database ``name`` on the server of ``url`` (dropped first if there)."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def run_config(config: str, data: Path, db: str | None) -> dict[str, Any]:
    kind, n = config.rsplit("-", 1)
    if kind == "spacy":
        args = ["spacy", str(data), n]
    else:
        engine = "ray" if kind == "ray" else "local"
        assert db is not None
        args = ["ingest", str(data), db, engine, n]
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{config} failed:\n{out.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall_s"] = time.perf_counter() - started  # start-up and model loading included
    # what else the machine was doing: the 5-minute load average when the run ended
    result["load_after"] = round(os.getloadavg()[1], 2)
    return result


def _fmt(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}".replace(",", " ")


def table(figures: dict[str, Any]) -> str:
    n, words = figures["documents"], figures["words"]
    runs = figures["runs"]
    lines = [
        "| configuration | time (s) | docs/s | words/s | ratio | peak RSS per worker (MB) | load |",
        "|---|---|---|---|---|---|---|",
    ]
    base = {
        "sqlite-2": "sqlite-1",
        "postgresql-1": "sqlite-1",
        "postgresql-2": "postgresql-1",
        "ray-2": "postgresql-1",
        "spacy-2": "spacy-1",
    }
    labels = {
        "sqlite-1": "veille, SQLite, 1 worker",
        "sqlite-2": "veille, SQLite, 2 workers",
        "postgresql-1": "veille, PostgreSQL, 1 worker",
        "postgresql-2": "veille, PostgreSQL, 2 workers",
        "ray-2": "veille, PostgreSQL, Ray 2 actors",
        "spacy-1": "bare spaCy `nlp.pipe`, n_process 1",
        "spacy-2": "bare spaCy `nlp.pipe`, n_process 2",
    }
    for config, r in runs.items():
        s = r["seconds"]
        ratio = ""
        if config in base and base[config] in runs:
            ratio = f"{runs[base[config]]['seconds'] / s:.2f}× {base[config]}"
        if config.startswith(("sqlite", "postgresql", "ray")) and f"spacy-{config[-1]}" in runs:
            bare = runs[f"spacy-{config[-1]}"]["seconds"]
            ratio += ("; " if ratio else "") + f"{bare / s:.2f}× spacy-{config[-1]}"
        rss = max(r["worker_rss_mb"].values()) if r["worker_rss_mb"] else 0.0
        lines.append(
            f"| {labels[config]} | {_fmt(s)} | {_fmt(n / s, 2)} | {_fmt(words / s, 0)} | "
            f"{ratio} | {_fmt(rss, 0)} | {r.get('load_after', '')} |"
        )
    lines.append("")
    lines.append(
        f"{n} documents, {words} words ({figures['base_articles']} development-corpus articles "
        f"repeated), {figures['machine']}; time = ingest from the first document read to the "
        "last stored, models loaded inside it; ratio: how many times faster than the named "
        "run; load: the machine's 5-minute load average as the run ended (2 cores: above 2, "
        f"other work was competing); total run {_fmt(figures['total_s'] / 60)} min."
    )
    lines.append("")
    lines.extend(f"- {c}" for c in checks(figures))
    return "\n".join(lines)


def checks(figures: dict[str, Any]) -> list[str]:
    runs, out = figures["runs"], []

    def have(*names: str) -> bool:
        return all(n in runs for n in names)

    for backend in ("sqlite", "postgresql"):
        if have(f"{backend}-1", f"{backend}-2"):
            speedup = runs[f"{backend}-1"]["seconds"] / runs[f"{backend}-2"]["seconds"]
            ok = speedup >= TARGETS["speedup"]
            out.append(
                f"2 workers vs 1 ({backend}): {speedup:.2f}× "
                f"(target ≥ {TARGETS['speedup']}×): {'met' if ok else 'MISSED'}"
            )
    for config, r in runs.items():
        if config.startswith("spacy"):
            continue
        minutes = r["seconds"] / 60
        ok = minutes < TARGETS["minutes"]
        out.append(
            f"{figures['documents']} documents, {config}: {minutes:.1f} min "
            f"(target < {TARGETS['minutes']:.0f} min): {'met' if ok else 'MISSED'}"
        )
    rss = {
        c: max(r["worker_rss_mb"].values())
        for c, r in runs.items()
        if not c.startswith("spacy") and r["worker_rss_mb"]
    }
    if rss:
        worst = max(rss, key=lambda c: rss[c])
        ok = rss[worst] <= TARGETS["rss_mb"]
        out.append(
            f"peak RSS per worker: at most {rss[worst]:.0f} MB ({worst}) "
            f"(target ≤ {TARGETS['rss_mb']:.0f} MB): {'met' if ok else 'MISSED'}"
        )
    for n in ("1", "2"):
        if have(f"sqlite-{n}", f"postgresql-{n}"):
            gap = runs[f"postgresql-{n}"]["seconds"] / runs[f"sqlite-{n}"]["seconds"] - 1
            ok = gap <= TARGETS["postgres_gap"]
            out.append(
                f"PostgreSQL vs SQLite, {n} worker(s): {gap * 100:+.1f} % time "
                f"(target within {TARGETS['postgres_gap'] * 100:.0f} %): "
                f"{'met' if ok else 'MISSED'}"
            )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        kind, *rest = argv[1:]
        if kind == "ingest":
            data, db, engine, n = rest
            print(json.dumps(child_ingest(data, db, engine, int(n))))
        else:
            data, n = rest
            print(json.dumps(child_spacy(data, int(n))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents (10000)")
    parser.add_argument(
        "--configs", default=",".join(CONFIGS), help=f"comma-separated, of {', '.join(CONFIGS)}"
    )
    parser.add_argument("--postgres", default=None, help="a PostgreSQL server to use (URL)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"), help="results folder")
    args = parser.parse_args(argv)
    configs = [c for c in args.configs.split(",") if c]
    unknown = set(configs) - set(CONFIGS)
    if unknown or args.docs < 1:
        parser.error(f"unknown configurations {sorted(unknown)}" if unknown else "--docs >= 1")
    started = time.perf_counter()
    server = None
    with tempfile.TemporaryDirectory(prefix="veille-bench-") as tmp:
        data = Path(tmp) / "corpus.jsonl"
        words, base = make_corpus(args.docs, data)
        needs_pg = any(c.startswith(("postgresql", "ray")) for c in configs)
        if needs_pg and args.postgres is None:
            sys.path.insert(0, str(ROOT))
            from tests.pgserver import PgServer, find_bindir

            bindir = find_bindir()
            if bindir is None:
                raise SystemExit("no PostgreSQL (bash scripts/postgres.sh), or give --postgres")
            server = PgServer(bindir, durable=True)
        figures: dict[str, Any] = {
            "documents": args.docs,
            "words": words,
            "base_articles": base,
            "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python "
            f"{platform.python_version()}",
            "runs": {},
        }
        try:
            for config in configs:
                db = None
                if config.startswith("sqlite"):
                    db = str(Path(tmp) / f"{config}.db")
                elif config.startswith(("postgresql", "ray")):
                    url = server.url() if server is not None else args.postgres
                    db = fresh_database(url, "veille_bench_" + config.replace("-", "_"))
                print(f"{config} ...", file=sys.stderr, flush=True)
                figures["runs"][config] = run_config(config, data, db)
                r = figures["runs"][config]
                print(f"{config}: {r['seconds']:.1f} s", file=sys.stderr, flush=True)
        finally:
            if server is not None:
                server.stop()
    figures["total_s"] = time.perf_counter() - started
    text = table(figures)
    print(text)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"scale-{args.docs}"
    (out / f"{stem}.md").write_text(text + "\n", encoding="utf-8")
    (out / f"{stem}.json").write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
