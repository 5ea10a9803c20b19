"""The labelled articles every training command reads, read one way.

``read(folders)`` yields each article of the ``*.jsonl`` files under the folders (in path order)
that the validator accepts and whose id was not seen before: none of the development corpus
reaches a model. ``split`` is the seeded per-language train / held-out split all the training
commands share (the same seed gives the same split to each), ``data_hash`` the hash their model
cards record.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import validate

__all__ = ["FOLDERS", "add_data_argument", "data_hash", "read", "split"]

Article = dict[str, Any]

ROOT = Path(__file__).resolve().parents[1]
# the labelled folders: the shipped batches and those the event model does not read yet
FOLDERS = (ROOT / "training" / "data", ROOT / "training" / "next")


def add_data_argument(
    ap: argparse.ArgumentParser,
    default: Sequence[Path] = FOLDERS,
    help: str = "folders of labelled articles (default: training/data and training/next)",
) -> None:
    """The ``--data`` option every training command takes: one or more folders."""
    ap.add_argument("--data", type=Path, nargs="+", default=list(default), help=help)


def read(
    folders: Path | Iterable[Path],
    *,
    langs: Iterable[str] | None = None,
    transform: Callable[[Article], Article] | None = None,
    quiet: bool = False,
) -> list[Article]:
    """The validated, unique articles under ``folders`` (a language filter and a per-article
    transform optional)."""
    dev_urls, dev_sh = validate._dev_guard()
    wanted = set(langs) if langs is not None else None
    out: list[Article] = []
    seen: set[str] = set()
    dropped = 0
    paths = [folders] if isinstance(folders, Path) else list(folders)
    for path in [p for folder in paths for p in sorted(folder.rglob("*.jsonl"))]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            if wanted is not None and rec.get("language") not in wanted:
                continue
            if rec["id"] in seen or validate.problems(rec, dev_urls, dev_sh):
                dropped += 1
                continue
            seen.add(rec["id"])
            out.append(transform(rec) if transform else rec)
    if not quiet:
        print(f"{len(out)} articles read, {dropped} dropped by the validator", flush=True)
    return out


def data_hash(articles: Sequence[Article]) -> str:
    h = hashlib.sha256()
    for a in sorted(articles, key=lambda a: a["id"]):
        h.update(json.dumps(a, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()[:16]


def split(
    articles: Sequence[Article], frac: float, seed: int
) -> tuple[list[Article], list[Article]]:
    """Seeded train / held-out split, per language, by article."""
    by_lang: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        by_lang[a["language"]].append(a)
    train: list[Article] = []
    test: list[Article] = []
    rnd = random.Random(seed)
    for lang in sorted(by_lang):
        items = sorted(by_lang[lang], key=lambda a: a["id"])
        rnd.shuffle(items)
        n = max(1, round(len(items) * frac))
        test += items[:n]
        train += items[n:]
    return train, test
