"""Crash safety and concurrency, on SQLite and on PostgreSQL, with real ``veille ingest``
processes:

* two processes ingesting the same documents into one store at once end with every document
  stored exactly once (unique keys and upserts decide, not timing);
* ``veille ingest`` killed with SIGKILL at random moments (some right as it starts saving a
  document) again and again, then run to completion, leaves every document stored exactly
  once with all its rows, none half-stored, after every kill as at the end.
"""

from __future__ import annotations

import random
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import veille
from veille.export import document_record
from veille.ingest import ingest_documents
from veille.readers import read_paths
from veille.store import TABLES, open_store

from .pgserver import PgServer
from .scale import records, veille_cli, write_corpus

N_DOCS = 300
RACED = 120  # documents the two concurrent writers race on
KILLS = 20
SEED = 20261201


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("crash")
    data, config = write_corpus(folder, N_DOCS)
    return folder, data, config


Reference = dict[str, tuple[dict[str, Any], dict[str, int]]]


@pytest.fixture(scope="module")
def reference(corpus: tuple[Path, Path, Path]) -> Reference:
    """Every document's record and row counts from one uninterrupted ingest in this process."""
    folder, data, config = corpus
    settings = veille.load_settings(config, environ={"HOME": str(folder)})
    with open_store(folder / "reference.db") as store:
        report = ingest_documents(read_paths([data]), veille.Pipeline(settings), store)
        assert (report.stored, report.rejected) == (N_DOCS, [])
        return {
            doc: (rec, {t: store.count(t, doc=doc) for t in TABLES})
            for doc, rec in records(store).items()
        }


def _urls(kind: str, folder: Path, postgres: Callable[[], PgServer], name: str) -> str:
    if kind == "sqlite":
        return str(folder / f"{name}.db")
    return postgres().new_database(name)


def _check_whole(
    url: str, reference: Reference, every: bool, checked: set[str] | None = None
) -> int:
    """Each stored document has exactly the rows of its analysis, every table counted, and no
    row is left over; the number of documents stored. Documents in ``checked`` were found whole
    before (and committed rows do not change); the ones checked now are added to it."""
    checked = set() if checked is None else checked
    with open_store(url) as store:
        ids = [d.id for d in store.documents()]
        for doc_id in ids:
            if doc_id in checked:
                continue
            want, counts = reference[doc_id]
            stored = store.document(doc_id)
            assert stored is not None and document_record(stored) == want, doc_id
            got_counts = {t: store.count(t, doc=doc_id) for t in TABLES}
            assert got_counts == counts, f"{doc_id} is half-stored: {got_counts} != {counts}"
            checked.add(doc_id)
        total = {t: store.count(t) for t in TABLES}
    # no row belongs to a document that is not stored, no document is there twice
    assert total == {t: sum(reference[d][1][t] for d in ids) for t in TABLES}
    assert len(set(ids)) == len(ids) == total["documents"]
    if every:
        assert set(ids) == set(reference)
    return len(ids)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_two_processes_ingesting_the_same_documents_store_each_once(
    kind: str,
    corpus: tuple[Path, Path, Path],
    reference: Reference,
    request: pytest.FixtureRequest,
) -> None:
    folder, data, config = corpus
    url = _urls(kind, folder, lambda: request.getfixturevalue("postgres"), "twice")
    open_store(url).close()  # created and migrated; the two writers race on the documents
    raced = folder / "raced.jsonl"
    raced.write_text("".join(data.read_text("utf-8").splitlines(True)[:RACED]), "utf-8")
    args = ["--db", url, "--config", str(config), "ingest", str(raced)]
    procs = [veille_cli(args, folder) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    for proc, (_, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, err[-3000:]
    counts = []
    for out, _ in outs:
        line = next(ln for ln in out.splitlines() if ln.endswith("rejected"))
        stored, replaced, unchanged, rejected = (int(w) for w in line.split()[::2])
        assert (replaced, rejected) == (0, 0), line
        assert stored + unchanged == RACED
        counts.append(stored)
    assert sum(counts) == RACED  # each document was stored by exactly one of them
    raced_ref = {d: reference[d] for d in sorted(reference)[:RACED]}
    assert _check_whole(url, raced_ref, every=True) == RACED


def _kill_loop(
    url: str,
    args: list[str],
    home: Path,
    reference: Reference,
    rng: random.Random,
) -> dict[str, int]:
    """Start ``veille ingest``, kill it with SIGKILL once it is under way, check the store, and
    again, until ``KILLS`` kills; then run it to completion."""
    stats = {"kills": 0, "while_saving": 0, "runs": 0}
    stored = 0
    checked: set[str] = set()
    while stats["kills"] < KILLS:
        # -vv: the workers' debug messages, "saving DOC" among them
        proc = veille_cli(["-vv", *args], home, stdout=subprocess.DEVNULL)
        stats["runs"] += 1
        saving = threading.Event()
        last: list[str] = [""]
        tail: list[str] = []

        def watch(
            stream: Any = proc.stderr,
            seen: threading.Event = saving,
            last: list[str] = last,
            tail: list[str] = tail,
        ) -> None:
            for line in stream:
                tail[:] = [*tail[-40:], line]
                if "veille.engine.worker:" in line:
                    last[0] = line.strip()
                    if "saving" in line:
                        seen.set()

        reader = threading.Thread(target=watch, daemon=True)
        reader.start()
        if stats["kills"] % 2 == 0:  # right as a document is being saved
            saving.wait(timeout=120)
            time.sleep(rng.uniform(0, 0.004))
        else:  # at a random moment once the run is under way
            saving.wait(timeout=120)
            time.sleep(rng.uniform(0, 0.6))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            reader.join(timeout=10)
            stats["kills"] += 1
            if " saving " in f" {last[0]} ":
                stats["while_saving"] += 1
        else:
            proc.wait()
            reader.join(timeout=10)
            assert proc.returncode == 0, "".join(tail)
            break  # it finished before it could be killed
        now = _check_whole(url, reference, every=False, checked=checked)
        assert now >= stored  # what was committed stays
        stored = now
    final = veille_cli(args, home)
    out, err = final.communicate(timeout=600)
    assert final.returncode == 0, err[-3000:]
    assert "0 rejected" in out and "0 replaced" in out, out
    assert _check_whole(url, reference, every=True) == N_DOCS
    return stats


def test_ingest_killed_at_random_moments_loses_and_duplicates_nothing(
    corpus: tuple[Path, Path, Path],
    reference: Reference,
    postgres: PgServer,
) -> None:
    folder, data, config = corpus
    runs = {}
    for kind in ("sqlite", "postgresql"):
        url = _urls(kind, folder, lambda: postgres, "killed")
        args = ["--db", url, "--config", str(config), "ingest", str(data)]
        runs[kind] = (url, args)
    # the two backends are killed side by side: the machine has two cores
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            kind: pool.submit(_kill_loop, url, args, folder, reference, random.Random(SEED + i))
            for i, (kind, (url, args)) in enumerate(runs.items())
        }
        stats = {kind: f.result() for kind, f in futures.items()}
    for kind, st in stats.items():
        assert st["kills"] >= KILLS, (kind, st)
        # some kills landed between "saving" and "saved": inside a document's transaction
        assert st["while_saving"] >= 1, (kind, st)
    print(stats)
