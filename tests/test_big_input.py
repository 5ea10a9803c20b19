"""Big and hostile input: a document over the size limit is refused at once with a clear error,
long paragraphs reach spaCy in pieces, JSONL streams in flat memory, and a file of NUL bytes,
a 1 MB single line, deeply nested HTML and a truncated gzip each get a clear message while
the batch goes on."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import veille
from veille.cli import cli
from veille.errors import DecodeError, DocumentTooLargeError, EmptyDocumentError, InputError
from veille.readers import read_paths
from veille.resources import ResourceCache
from veille.stages.nlp import pieces

SENTENCE = "La Russie a bombardé Kyiv mercredi, a déclaré Volodymyr Zelensky. "


def test_a_10_mb_document_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as fh:
        for _ in range(10 * 1024 * 1024 // len(SENTENCE) + 1):
            fh.write(SENTENCE)
    started = time.monotonic()
    (err,) = list(read_paths([big], max_chars=200_000))
    assert time.monotonic() - started < 1.0  # refused from its size, not read and decoded
    assert isinstance(err, DocumentTooLargeError)
    assert err.path == str(big)
    assert "200,000 characters" in err.reason and "max_document_chars" in err.reason


def test_the_limit_holds_for_every_reader_and_for_documents_given_directly(
    tmp_path: Path, pipeline: veille.Pipeline, tmp_path_factory: pytest.TempPathFactory
) -> None:
    text = SENTENCE * 40
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "j", "text": text}) + "\n", "utf-8")
    with gzip.open(tmp_path / "b.txt.gz", "wt", encoding="utf-8") as fh:
        fh.write(text)
    items = list(read_paths([tmp_path], max_chars=len(text) - 1))
    assert len(items) == 2
    assert all(isinstance(i, DocumentTooLargeError) for i in items), items
    from veille.ingest import ingest_documents

    small = pipeline.settings.with_overrides(max_document_chars=100)
    store = veille.open_store(":memory:")
    report = ingest_documents(
        [veille.document_from_text("long", text), veille.document_from_text("ok", "Court.")],
        veille.Pipeline(small, resources=pipeline.resources),
        store,
    )
    assert report.stored == 1
    (err,) = report.rejected
    assert isinstance(err, DocumentTooLargeError) and err.path == "long"
    store.close()


def test_pieces_cover_the_text_at_sentence_ends() -> None:
    text = SENTENCE * 100
    cut = pieces(text, 1000)
    assert "".join(p for _, p in cut) == text
    assert all(len(p) <= 1000 and text[o : o + len(p)] == p for o, p in cut)
    assert all(p.endswith(". ") for _, p in cut[:-1])
    assert pieces("x" * 25, 10) == [(0, "x" * 10), (10, "x" * 10), (20, "x" * 5)]
    assert pieces("court", 10) == [(0, "court")]


def test_a_long_single_line_is_parsed_in_pieces(pipeline: veille.Pipeline) -> None:
    text = SENTENCE * 60  # ~4,000 characters on one line: one segment
    whole = veille.analyze(text, pipeline=pipeline)
    chunked_pipe = veille.Pipeline(
        pipeline.settings.with_overrides(nlp_max_chars=700), resources=pipeline.resources
    )
    chunked = veille.analyze(text, pipeline=chunked_pipe)
    assert chunked_pipe.version != pipeline.version
    assert len([s for s in chunked.segments if s.kind == "body"]) == 1
    for result in (whole, chunked):
        toks = result.tokens
        assert [t.i for t in toks] == list(range(len(toks)))
        assert all(text[t.start : t.end] == t.text for t in toks)
        assert all(0 <= t.head < len(toks) for t in toks)
        for s in result.sentences:
            assert text[s.start : s.end] == s.text
            assert toks[s.token_start].start >= s.start
        for m in result.mentions:
            assert text[m.start : m.end] == m.text
    # every piece boundary is a sentence boundary, and the findings are the same
    starts = {s.start for s in chunked.sentences}
    assert all(o in starts for o, _ in pieces(text, 700)[1:])
    assert len(chunked.sentences) == len(whole.sentences)
    assert {e.name for e in chunked.entities} == {e.name for e in whole.entities}
    assert len(chunked.events) == len(whole.events)


def test_jsonl_streams_in_flat_memory(tmp_path: Path) -> None:
    """A JSONL file far larger than what reading it adds to the process's memory."""
    big = tmp_path / "big.jsonl"
    line = json.dumps({"id": "", "text": SENTENCE * 30})
    with big.open("w", encoding="utf-8") as fh:
        for i in range(25_000):  # ~50 MB
            fh.write(line.replace('"id": ""', f'"id": "d{i}"', 1) + "\n")
    size_mb = big.stat().st_size / 1e6
    assert size_mb > 45
    code = (
        "import resource, sys\n"
        "from veille.readers import read_paths\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "n = sum(1 for _ in read_paths([sys.argv[1]], max_chars=200000))\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(n, (after - before) / 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(big)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert int(out[0]) == 25_000
    grown_mb = float(out[1])
    assert grown_mb < 20, f"reading {size_mb:.0f} MB of JSONL grew the process by {grown_mb} MB"


def test_hostile_files_get_clear_messages_and_the_batch_goes_on(
    tmp_path: Path, resource_cache: ResourceCache
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("Frappes sur Kyiv\n\n" + SENTENCE, encoding="utf-8")
    (inputs / "nul.txt").write_bytes(b"\x00" * 100_000)
    (inputs / "line.txt").write_text(SENTENCE * (1024 * 1024 // len(SENTENCE) + 1), "utf-8")
    depth = 5000
    (inputs / "nested.html").write_text(
        "<html><body>" + "<div>" * depth + f"<p>{SENTENCE * 5}</p>" + "</div>" * depth,
        encoding="utf-8",
    )
    lines = "".join(
        json.dumps({"id": f"z{i}", "text": f"{SENTENCE} Numéro {i}."}) + "\n" for i in range(400)
    )
    packed = gzip.compress(lines.encode("utf-8"))
    (inputs / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])

    items = list(read_paths([inputs], max_chars=200_000))
    errors = {Path(e.path.split(":")[0]).name: e for e in items if isinstance(e, InputError)}
    docs = [d for d in items if isinstance(d, veille.Document)]
    assert set(errors) == {"nul.txt", "line.txt", "nested.html", "cut.jsonl.gz"}
    assert isinstance(errors["nul.txt"], DecodeError) and "NUL" in errors["nul.txt"].reason
    assert isinstance(errors["line.txt"], DocumentTooLargeError)
    assert isinstance(errors["nested.html"], EmptyDocumentError)
    assert "depth" in errors["nested.html"].reason.lower()
    assert isinstance(errors["cut.jsonl.gz"], DecodeError)
    assert "truncated gzip" in errors["cut.jsonl.gz"].reason
    read_before_cut = [d for d in docs if d.id.startswith("z")]
    assert 0 < len(read_before_cut) < 400  # what precedes the damage is read
    assert "good" in {d.id for d in docs}

    env = {"HOME": str(tmp_path)}
    result = CliRunner(env=env).invoke(
        cli,
        ["--db", str(tmp_path / "x.db"), "--quiet", "ingest", str(inputs)],
        obj=resource_cache,
    )
    assert result.exit_code == 1, result.output
    stored = len(read_before_cut) + 1
    assert f"{stored} stored, 0 replaced, 0 unchanged, 4 rejected" in result.stdout
    messages = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert len(messages) == 4, result.stderr
    for name in errors:
        assert any(name in m for m in messages), (name, messages)
