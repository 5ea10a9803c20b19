"""The labelled training articles (``training/data``, ``training/next``) stay valid: evidence
verbatim, actors among the entities, no development-corpus URL or passage, no URL twice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_training_articles_validate() -> None:
    out = subprocess.run(
        [sys.executable, "training/validate.py", "training/data", "training/next"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout[-3000:]
    assert out.stdout.rstrip().endswith("0 problem(s)")
    # both folders were read: the counts cover more than the shipped model's 2,152 articles
    last = [line for line in out.stdout.splitlines() if line.startswith("all ")][-1]
    assert int(last.split("'articles': ")[1].split(",")[0]) >= 2152 + 527, last
