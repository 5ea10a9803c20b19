"""veille's own NER pipelines (``veille/resources/models/ner/<lang>``): every one loads, is the
pipeline the nlp stage uses where spaCy has no model, and finds names in its language."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.stages.nlp import ModelRegistry, packaged_ner_dir

MODELS = sorted(p.name for p in packaged_ner_dir().iterdir() if (p / "meta.json").is_file())


def test_models_ship_for_the_languages_without_a_spacy_model() -> None:
    assert {"es", "de"} <= set(MODELS)


@pytest.mark.parametrize("lang", MODELS)
def test_every_model_file_loads(lang: str) -> None:
    import spacy

    path = packaged_ner_dir() / lang
    nlp = spacy.load(path)
    assert nlp.lang == lang
    assert nlp.pipe_names == ["ner"]
    assert set(nlp.get_pipe("ner").labels) == {"PER", "ORG", "LOC"}
    card = nlp.meta["veille"]
    assert card["seed"] == 13 and card["held_out"]["held_out_spans"]["f"] > 0.5
    size = sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())
    assert size < 15_000_000, f"{lang}: {size} bytes"


@pytest.mark.parametrize(
    ("lang", "text", "name", "label"),
    [
        (
            "es",
            "El gobernador Ramiro Etxeberría visitó Cartagena el lunes.",
            "Ramiro Etxeberría",
            "PER",
        ),
        (
            "de",
            "Der Landrat Peter Hollenbach kündigte am Dienstag in Görlitz neue Kontrollen an.",
            "Peter Hollenbach",
            "PER",
        ),
    ],
)
def test_the_registry_gives_veille_ner_where_spacy_has_none(lang, text, name, label) -> None:  # type: ignore[no-untyped-def]
    registry = ModelRegistry({})  # no spaCy package for any language
    nlp = registry.get(lang)
    assert "ner" in nlp.pipe_names and "sentencizer" in nlp.pipe_names
    assert "veille's own NER" in registry.warnings[lang]
    assert (name, label) in {(e.text, e.label_) for e in nlp(text).ents}
    assert registry.get(lang) is nlp  # loaded once


def test_the_dateline_dash_is_split_off() -> None:
    nlp = ModelRegistry({}).get("es")
    tokens = [t.text for t in nlp.make_doc("MADRID, 9 sep (EFE).- El Gobierno")]
    assert "EFE" in tokens and "Gobierno" in tokens


def test_without_veille_ner_a_blank_pipeline_warns() -> None:
    registry = ModelRegistry({}, own_ner=False)
    nlp = registry.get("es")
    assert "ner" not in nlp.pipe_names and "es" in registry.warnings
