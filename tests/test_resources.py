"""Packaged data files: each loads with its loader and carries a version; the KB is consistent."""

from __future__ import annotations

import importlib.resources
import json
import tomllib

import numpy as np
import pytest

import veille
from veille.kbcheck import check_kb
from veille.model import EVENT_TYPES
from veille.resources import data_files, read_jsonl, read_text, read_tsv

FILES = data_files()
# sample articles and their manifest are inputs, not versioned data
EXEMPT_PREFIX = "samples/"
# veille's own spaCy pipelines: each folder is loaded whole by tests/test_ner_models.py
NER_PREFIX = "models/ner/"
# rule tables that are legitimately empty while no alias needs a rule
MAY_BE_EMPTY = {"kb/ambiguous.tsv"}


def _first_line(name: str) -> str:
    for line in read_text(name).splitlines():
        if line.strip():
            return line
    return ""


def test_data_files_found() -> None:
    assert sorted(FILES) == FILES
    assert "kb/people.jsonl" in FILES
    assert "events/triggers.tsv" in FILES
    assert any(f.startswith(EXEMPT_PREFIX) for f in FILES)
    assert not any(f.endswith((".py", ".pyc")) for f in FILES)


@pytest.mark.parametrize("name", FILES)
def test_data_file_loads_and_is_versioned(name: str) -> None:
    if name.startswith(NER_PREFIX):
        lang = name.split("/")[2]
        meta = json.loads(read_text(f"{NER_PREFIX}{lang}/meta.json"))
        assert meta.get("version") and meta.get("lang") == lang, f"{name}: bad meta.json"
        return
    if name.startswith(EXEMPT_PREFIX):
        assert name.endswith((".txt", ".csv")), f"{name}: unexpected sample file"
        assert read_text(name).strip()
        return
    if name.endswith(".jsonl"):
        objs = list(read_jsonl(name))
        assert objs, f"{name}: no records"
        for obj in objs:
            missing = {"id", "name", "type"} - set(obj)
            assert not missing, f"{name}: {obj.get('id')!r} lacks {sorted(missing)}"
        header = json.loads(_first_line(name))
        assert header.get("version"), f"{name}: first line has no version"
    elif name.endswith(".tsv"):
        rows = read_tsv(name)
        assert rows or name in MAY_BE_EMPTY, f"{name}: no rows"
        lines = [ln for ln in read_text(name).splitlines() if ln.strip()]
        columns = next(ln for ln in lines if not ln.startswith("#")).split("\t")
        assert all(c.strip() for c in columns), f"{name}: empty column name"
        for row in rows:
            assert set(row) == set(columns), f"{name}: row {row} does not match {columns}"
        assert lines[0].startswith("# version"), f"{name}: first line is not '# version ...'"
        assert lines[0].split("# version", 1)[1].strip(), f"{name}: empty version"
    elif name.endswith(".toml"):
        data = tomllib.loads(read_text(name))
        assert data.get("version"), f"{name}: no version key"
    elif name.endswith(".json"):
        data = json.loads(read_text(name))
        assert isinstance(data, dict)
        assert data.get("version"), f"{name}: no version key"
    elif name.endswith(".npz"):  # model weights: plain arrays beside their JSON card
        with importlib.resources.files("veille.resources").joinpath(name).open("rb") as fh:
            arrays = np.load(fh, allow_pickle=False)
            assert arrays.files, f"{name}: no arrays"
        card = name.rsplit("/", 1)[0] + "/model.json"
        assert card in FILES, f"{name}: no model card {card}"
    else:
        pytest.fail(f"{name}: no loader for this kind of file")


def test_resources_object_loads_everything(pipeline: veille.Pipeline) -> None:
    res = pipeline.resources
    assert res.triggers
    assert {t.type for t in res.triggers} <= set(EVENT_TYPES)
    assert {t.lang for t in res.triggers} >= {"fr", "en"}
    assert all(t.tokens for t in res.triggers)
    for data in (res.numbers, res.dates, res.grammar):
        assert data.get("version")
    assert res.boilerplate.version
    assert res.boilerplate.lines


def test_kb_check_finds_no_problems() -> None:
    problems, summary = check_kb()
    assert problems == []
    assert "people.jsonl: " in summary
    assert "titles: " in summary
    counts = [int(part.rsplit(": ", 1)[1]) for part in summary.split(", ")]
    assert all(n > 0 for n in counts), summary
