"""The pipeline version (derived from content, never bumped by hand) and model sharing."""

from __future__ import annotations

import re

import veille
from veille.pipeline import (
    ANALYSIS_PACKAGES,
    DEFAULT_STAGES,
    derive_version,
    pipeline_version,
    version_inputs,
)
from veille.resources import ResourceCache, data_files
from veille.settings import ANALYSIS_SETTINGS, RESOURCE_SETTINGS, SETTINGS, analysis_key


def test_the_version_is_a_hash_of_what_the_analysis_depends_on(
    pipeline: veille.Pipeline, settings: veille.Settings
) -> None:
    assert re.fullmatch(r"[0-9a-f]{16}", pipeline.version)
    assert pipeline.version == pipeline_version(settings)
    # settings that do not change what is found leave it alone
    for same in ({"db": "elsewhere.db"}, {"batch_size": 3}, {"progress": True}):
        assert pipeline_version(settings.with_overrides(**same)) == pipeline.version, same
    # settings that do change it
    for other in (
        {"fuzzy_threshold": 90},
        {"languages": ["fr", "en"]},
        {"models": {"fr": "fr_core_news_sm"}},
        {"city_gazetteer": False},
    ):
        assert pipeline_version(settings.with_overrides(**other)) != pipeline.version, other
    assert pipeline_version(settings, DEFAULT_STAGES[:3]) != pipeline.version


def test_every_analysis_resource_and_model_file_is_hashed(settings: veille.Settings) -> None:
    names = {name for name, _ in version_inputs(settings)}
    data = [n for n in data_files() if not n.startswith("samples/")]
    assert data
    assert {f"data:{n}" for n in data} <= names
    assert not any(n.startswith("data:samples/") for n in names)  # inputs, not resources
    for module in ("stages/entities.py", "stages/nlp.py", "kb.py", "text.py"):
        assert any(n.startswith("code:") and n.endswith(module) for n in names), module
    for package in (*ANALYSIS_PACKAGES, *settings.models.values()):
        assert f"package:{package}" in names


def test_editing_one_lexicon_changes_the_version(settings: veille.Settings) -> None:
    inputs = version_inputs(settings)
    key = dict(analysis_key(settings))
    base = derive_version(DEFAULT_STAGES, key, inputs)
    assert derive_version(DEFAULT_STAGES, key, list(reversed(inputs))) == base  # order-free
    lexicon = next(i for i, (n, _) in enumerate(inputs) if n.startswith("data:lexicons/"))
    name, content = inputs[lexicon]
    edited = [*inputs[:lexicon], (name, content + b"\n"), *inputs[lexicon + 1 :]]
    assert derive_version(DEFAULT_STAGES, key, edited) != base


def test_analysis_settings_are_declared() -> None:
    assert set(ANALYSIS_SETTINGS) >= {
        "languages",
        "models",
        "fuzzy_threshold",
        "min_city_population",
    }
    assert not {"db", "batch_size", "progress"} & set(ANALYSIS_SETTINGS)
    assert all(s.name in ANALYSIS_SETTINGS for s in SETTINGS if s.analysis)
    # what resources are loaded from changes what is found (the language detector is built from
    # the analysed and the recognised languages)
    assert set(RESOURCE_SETTINGS) == {
        "languages",
        "recognised_languages",
        "models",
        "min_city_population",
        "city_gazetteer",
    }
    assert set(RESOURCE_SETTINGS) <= set(ANALYSIS_SETTINGS)


def test_pipelines_with_the_same_analysis_settings_share_their_models(
    pipeline: veille.Pipeline, settings: veille.Settings, resource_cache: ResourceCache
) -> None:
    other = veille.Pipeline(
        settings.with_overrides(db="other.db", batch_size=4), cache=resource_cache
    )
    assert other.resources is pipeline.resources
    veille.analyze("Vladimir Poutine a parlé à Moscou.", pipeline=other)
    assert {"nlp.models", "language.detector"} <= set(pipeline.resources.loaded)
    nlp_a, nlp_b = pipeline.stages[2], other.stages[2]
    assert nlp_a.registry is nlp_b.registry  # type: ignore[attr-defined]
    assert pipeline.stages[1].detector is other.stages[1].detector  # type: ignore[attr-defined]
    assert pipeline.stages[3].kb is other.stages[3].kb  # type: ignore[attr-defined]

    # different analysis settings get their own resources; nothing is loaded until asked
    cache = ResourceCache()
    first = cache.get(settings)
    assert cache.get(settings.with_overrides(batch_size=1)) is first
    assert cache.get(settings.with_overrides(fuzzy_threshold=99)) is first  # not a resource
    assert cache.get(settings.with_overrides(min_city_population=99)) is not first
    assert len(cache) == 2
    assert first.loaded == ()
    cache.clear()
    assert len(cache) == 0 and cache.get(settings) is not first
