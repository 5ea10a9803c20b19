"""The public surface: exported names, typing marker, analyze(), stage declarations."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

import veille
from veille.model import EVENT_TYPES
from veille.stages.nlp import NlpStage

ROOT = Path(__file__).resolve().parent.parent

TEXT = (
    "Frappes sur Kyiv\n\n"
    "La Russie a bombardé Kyiv mercredi, tuant deux civils, selon les autorités ukrainiennes. "
    "Vladimir Poutine a menacé l'Ukraine de nouvelles frappes. « Nous ne céderons pas », a "
    "déclaré le maire de Kyiv, Vitali Klitschko.\n"
)


def test_every_exported_name_exists() -> None:
    missing = [name for name in veille.__all__ if not hasattr(veille, name)]
    assert not missing


def _isort_key(name: str) -> tuple[int, str]:
    # the order ruff's RUF022 keeps: CONSTANTS, then Classes, then everything else
    if name.isupper():
        return (0, name)
    if name[0].isupper():
        return (1, name)
    return (2, name)


def test_all_is_sorted_and_unique() -> None:
    names = list(veille.__all__)
    assert len(names) == len(set(names))
    assert names == sorted(names, key=_isort_key)


def test_py_typed_ships() -> None:
    marker = resources.files("veille").joinpath("py.typed")
    assert marker.is_file()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "py.typed" in pyproject["tool"]["setuptools"]["package-data"]["veille"]


def test_exceptions_share_one_root() -> None:
    errors = [getattr(veille, n) for n in veille.__all__ if n.endswith("Error")]
    assert len(errors) >= 10
    for err in errors:
        assert issubclass(err, veille.VeilleError), err
    for sub in (
        veille.MissingPathError,
        veille.UnsupportedFormatError,
        veille.DecodeError,
        veille.EmptyDocumentError,
        veille.MalformedRecordError,
    ):
        assert issubclass(sub, veille.InputError)
        err = sub("some/file.txt", "the reason")
        assert (err.path, err.reason) == ("some/file.txt", "the reason")
        assert str(err) == "some/file.txt: the reason"


def test_analyze_offsets(pipeline: veille.Pipeline) -> None:
    result = veille.analyze(TEXT, published="2025-05-01", doc_id="kyiv", pipeline=pipeline)
    assert isinstance(result, veille.Analysis)
    assert result.document.text == TEXT
    assert result.document.id == "kyiv"
    assert result.language == "fr"
    n = len(TEXT)
    assert result.mentions
    assert result.events
    assert result.quantities
    assert result.quotes
    for m in result.mentions:
        assert 0 <= m.start <= m.end <= n
        assert TEXT[m.start : m.end] == m.text
    for ent in result.entities:
        for m in ent.mentions:
            assert TEXT[m.start : m.end] == m.text
    for item in (*result.events, *result.quantities, *result.quotes):
        assert 0 <= item.start <= item.end <= n, item
    for ev in result.events:
        assert ev.type in EVENT_TYPES
    for q in result.quantities:
        assert q.sentence_start <= q.start < q.end <= q.sentence_end
        assert TEXT[q.sentence_start : q.sentence_end] == q.evidence
    # every record serialises to plain JSON
    json.dumps(veille.to_dict(result))


def test_analyze_accepts_dates_and_strings(pipeline: veille.Pipeline) -> None:
    a = veille.analyze(
        "La Russie a bombardé Kyiv mercredi.", published=dt.date(2025, 5, 1), pipeline=pipeline
    )
    b = veille.analyze(
        "La Russie a bombardé Kyiv mercredi.", published="2025-05-01", pipeline=pipeline
    )
    assert a.document.published == b.document.published == dt.date(2025, 5, 1)
    assert a.document.content_hash == b.document.content_hash
    with pytest.raises(veille.EmptyDocumentError):
        veille.analyze("   ", pipeline=pipeline)


def test_models_load_once(pipeline: veille.Pipeline) -> None:
    nlp_stage = pipeline.stages[2]
    assert isinstance(nlp_stage, NlpStage)
    before = veille.default_pipeline.cache_info()
    veille.analyze("Vladimir Poutine a rencontré Steve Witkoff à Moscou.", pipeline=pipeline)
    loaded = nlp_stage.registry._loaded
    assert "fr" in loaded
    first = id(loaded["fr"])
    veille.analyze("Les forces russes ont frappé Kharkiv mercredi.", pipeline=pipeline)
    assert nlp_stage.registry._loaded is loaded
    assert id(nlp_stage.registry._loaded["fr"]) == first
    assert nlp_stage.registry.get("fr") is loaded["fr"]
    # passing a pipeline never builds the default one
    assert veille.default_pipeline.cache_info() == before


def test_stage_names_are_versioned(pipeline: veille.Pipeline) -> None:
    assert pipeline.names == list(veille.DEFAULT_STAGES)
    fields = {f.name for f in dataclasses.fields(veille.Analysis)}
    for stage in pipeline.stages:
        assert re.fullmatch(r"veille\.[a-z_]+\.v[0-9]+", stage.name), stage.name
        assert stage.requires, stage.name
        assert stage.assigns, stage.name
        assert set(stage.requires) <= fields, stage.name
        assert set(stage.assigns) <= fields - {"document"}, stage.name


def test_missing_requirements_is_a_config_error(pipeline: veille.Pipeline) -> None:
    with pytest.raises(veille.ConfigError) as info:
        veille.Pipeline(
            pipeline.settings, stages=["veille.events.v2"], resources=pipeline.resources
        )
    message = str(info.value)
    assert "veille.events.v2" in message
    assert "sentences" in message


def test_unknown_stage_is_a_config_error(pipeline: veille.Pipeline) -> None:
    with pytest.raises(veille.ConfigError) as info:
        veille.Pipeline(
            pipeline.settings,
            stages=["veille.clean.v1", "veille.sentiment.v1"],
            resources=pipeline.resources,
        )
    assert "veille.sentiment.v1" in str(info.value)
    assert "veille.clean.v1" in str(info.value)  # the known names are listed
