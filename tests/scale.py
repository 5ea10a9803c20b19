"""Helpers for the tests that run veille in several processes: a corpus of short English
articles (real English model, the gazetteer without cities: a start-up of a few seconds), its
settings file, and a way to run the command line as a separate process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import veille
from veille.export import document_record

__all__ = ["FAST_SETTINGS", "corpus", "records", "veille_cli", "write_corpus"]

FAST_SETTINGS = """\
languages = ["en", "fr"]
city_gazetteer = false
progress = false
batch_size = 4
[models]
fr = ""
"""

_PLACES = ("Kharkiv", "Odesa", "Dnipro", "Kherson", "Sumy", "Lviv")
_DONORS = ("Germany", "France", "Poland", "Canada", "Japan")
_SPEAKERS = ("Volodymyr Zelensky", "Dmytro Kuleba", "Andriy Yermak")


def corpus(n: int) -> list[dict[str, Any]]:
    """``n`` distinct short articles, each with entities, events, amounts and a quote."""
    docs = []
    for i in range(n):
        place, donor, speaker = _PLACES[i % 6], _DONORS[i % 5], _SPEAKERS[i % 3]
        text = (
            f"Strikes on {place}\n\n"
            f"Russian forces struck {place} on Wednesday, killing {i % 17 + 2} civilians, "
            f'Ukrainian officials said. "We will rebuild {place}," said {speaker}. '
            f"{donor} pledged {i + 10} million euros in aid to Ukraine.\n"
        )
        docs.append({"id": f"d{i:04d}", "text": text, "published": "2025-05-01"})
    return docs


def write_corpus(folder: Path, n: int) -> tuple[Path, Path]:
    """The corpus as ``folder/corpus.jsonl`` and the settings as ``folder/fast.toml``."""
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "corpus.jsonl"
    data.write_text("".join(json.dumps(d) + "\n" for d in corpus(n)), encoding="utf-8")
    config = folder / "fast.toml"
    config.write_text(FAST_SETTINGS, encoding="utf-8")
    return data, config


def veille_cli(args: Sequence[str], home: Path, **popen: Any) -> subprocess.Popen[str]:
    """``veille ARGS`` as a separate process, with no user settings file nor VEILLE_* vars."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEILLE_")}
    env["HOME"] = str(home)
    # processes run side by side on few cores: one thread each for the numeric libraries
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    return subprocess.Popen(
        [sys.executable, "-m", "veille", *args],
        env=env,
        text=True,
        stdout=popen.pop("stdout", subprocess.PIPE),
        stderr=popen.pop("stderr", subprocess.PIPE),
        **popen,
    )


def records(store: veille.Store) -> dict[str, dict[str, Any]]:
    """Every stored document's record, by id."""
    return {d.id: document_record(d) for d in store.documents()}
