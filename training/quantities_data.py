"""Training articles for the quantities stage: reading, analysis (cached), splitting, scoring.

Shared by ``training/train_quantities.py`` (the training command) and
``training/tools/quantity_errors.py`` (error analysis). Nothing here is imported by veille.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

import articles as articles_io  # noqa: E402

import veille  # noqa: E402
from veille.evaluation import EvalReport, score_exports  # noqa: E402
from veille.model import Analysis, Document  # noqa: E402
from veille.pipeline import Pipeline  # noqa: E402

# the stages the quantities stage reads from (sentences, segments, tokens)
UPSTREAM = ("veille.clean.v1", "veille.language.v1", "veille.nlp.v1")
_UPSTREAM_FILES = (
    "veille/stages/clean.py",
    "veille/stages/language.py",
    "veille/stages/nlp.py",
    "veille/stages/base.py",
    "veille/text.py",
    "veille/model.py",
    "veille/default_settings.toml",
    "veille/resources/lexicons/boilerplate.toml",
)
_TOOL_DATE = re.compile(r"^\s*date \d{4}(?:-\d{2}){0,2}\s+")


def _clean(rec: dict[str, Any]) -> dict[str, Any]:
    """Drop the search tool's "date YYYY-MM-DD" prefix that some excerpts kept (not page text)."""
    m = _TOOL_DATE.match(rec["text"])
    if not m:
        return rec
    return {**rec, "text": rec["text"][m.end() :]}


def load_articles(data: Path | Sequence[Path], lang: str | None = None) -> list[dict[str, Any]]:
    """Every article under ``data`` that the validator accepts (none of the development corpus)."""
    return articles_io.read(data, langs=[lang] if lang else None, transform=_clean, quiet=True)


split = articles_io.split


def _key(articles: Sequence[dict[str, Any]]) -> str:
    h = hashlib.sha256()
    for a in sorted(articles, key=lambda a: a["id"]):
        h.update(a["id"].encode())
        h.update(a["text"].encode())
        h.update(str(a.get("language")).encode())
    for name in _UPSTREAM_FILES:
        h.update((ROOT / name).read_bytes())
    return h.hexdigest()[:16]


def analyse(articles: Sequence[dict[str, Any]], cache_dir: Path) -> dict[str, Analysis]:
    """The pipeline up to the quantities stage (clean, language, nlp), cached by content."""
    cache = cache_dir / f"quantities-upstream-{_key(articles)}.pickle"
    if cache.exists():
        with cache.open("rb") as fh:
            cached: dict[str, Analysis] = pickle.load(fh)
        return cached
    pipeline = Pipeline(veille.load_settings(progress=False), stages=UPSTREAM)
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
    print(f"analysed {len(out)} articles in {time.time() - t0:.0f}s", file=sys.stderr)
    cache_dir.mkdir(parents=True, exist_ok=True)
    for old in cache_dir.glob("quantities-upstream-*.pickle"):
        old.unlink()
    with cache.open("wb") as fh:
        pickle.dump(out, fh)
    return out


def score(
    analyses: Iterable[Analysis], articles: Sequence[dict[str, Any]]
) -> EvalReport:
    """The project's one-to-one scorer, over the quantities of ``analyses`` only."""
    exports = [
        {
            "doc": an.document.id,
            "language": an.language,
            "quantities": [
                {
                    "value": q.value,
                    "unit": q.unit,
                    "what": q.what,
                    "evidence": q.evidence,
                    "start": q.start,
                    "end": q.end,
                }
                for q in an.quantities
            ],
        }
        for an in analyses
    ]
    golds = [
        {
            "doc": a["id"],
            "language": a["language"],
            "entities": [],
            "events": [],
            "quotes": [],
            "quantities": a["gold"]["quantities"],
        }
        for a in articles
    ]
    return score_exports(exports, golds, {a["id"]: a["text"] for a in articles})


def format_scores(report: EvalReport) -> str:
    lines = [f"{'':6}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    rows = [("all", report.kinds["quantities"])] + [
        (lang, report.by_language[lang]["quantities"]) for lang in sorted(report.by_language)
    ]
    for name, t in rows:
        lines.append(
            f"{name:6}{t.precision:7.3f}{t.recall:7.3f}{t.f1:7.3f}{t.tp:6}{t.fp:6}{t.fn:6}"
        )
    return "\n".join(lines)


def folds(articles: Sequence[dict[str, Any]], k: int, seed: int) -> list[list[dict[str, Any]]]:
    """``k`` seeded folds of the articles, each language spread over all of them."""
    out: list[list[dict[str, Any]]] = [[] for _ in range(k)]
    by_lang: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in articles:
        by_lang[a["language"]].append(a)
    rnd = random.Random(seed)
    for lang in sorted(by_lang):
        items = sorted(by_lang[lang], key=lambda a: a["id"])
        rnd.shuffle(items)
        for i, a in enumerate(items):
            out[i % k].append(a)
    return out
