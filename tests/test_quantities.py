"""The quantities stage: counts of people and things, casualties, day counts, money and
percentages in fr, en, es, de, what must not be counted, unsupported languages, the shipped
model and its training data's conventions (GUIDE.md of the development corpus).

Every sentence here was written for these tests."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest

import veille
from veille.errors import ResourceError
from veille.numbers import NumberGrammar
from veille.resources import Resources
from veille.stages.quantities import QuantityGrammar, unsupported_warning
from veille.stages.quantities.grammar import supported
from veille.stages.quantities.model import HEADS, QuantityModel


@pytest.fixture(scope="module")
def resources(settings: veille.Settings) -> Resources:
    return Resources(settings)


def _found(analysis: veille.Analysis) -> set[tuple[float, str]]:
    return {(q.value, q.unit) for q in analysis.quantities}


# ------------------------------------------------------------------------- counts
COUNTS = [
    # counts of people and things that are not weapons
    ("fr", "Trois otages ont été libérés mardi par le groupe armé.", {(3, "items")}),
    ("es", "La policía informó de 59 detenidos tras los disturbios.", {(59, "items")}),
    ("en", "Beijing added 16 U.S. companies to its export control list.", {(16, "items")}),
    ("de", "Die Polizei nahm 45 Demonstranten fest.", {(45, "items")}),
    # casualty phrasings
    (
        "en",
        "The strike killed at least nine people and wounded 40 others in the port.",
        {(9, "people_killed"), (40, "people_injured")},
    ),
    ("en", "Another nine were wounded when the convoy was ambushed.", {(9, "people_injured")}),
    (
        "es",
        "El ataque contra el cuartel dejó un muerto y tres heridos.",
        {(1, "people_killed"), (3, "people_injured")},
    ),
    (
        "de",
        "Bei dem Gefecht wurden vier der Angreifer getötet, drei weitere Polizisten wurden "
        "verletzt.",
        {(4, "people_killed"), (3, "people_injured")},
    ),
    (
        "fr",
        "Au moins 20 civils ont été tués et 12 blessés.",
        {(20, "people_killed"), (12, "people_injured")},
    ),
    # numbers in the shapes the news writes them
    ("es", "Más de 3 mil 760 personas murieron en los combates.", {(3760, "people_killed")}),
    ("de", "Bisher wurden 61'827 Palästinenser getötet.", {(61827, "people_killed")}),
    (
        "es",
        "Más de 2,100 personas murieron y 10,000 han resultado heridas.",
        {(2100, "people_killed"), (10000, "people_injured")},
    ),
    ("fr", "L'Union a promis plus d'un milliard d'euros à Kiev.", {(1e9, "EUR")}),
    ("en", "He was fined Rs 500, according to the court.", {(500, "INR")}),
    # day counts, and days that are a point in time
    ("es", "Dos días después, el gobierno anunció un alto el fuego de 30 días.", {(30, "days")}),
    ("de", "Seit zehn Tagen gilt eine Waffenruhe von 60 Tagen.", {(60, "days")}),
]


@pytest.mark.parametrize(("lang", "text", "want"), COUNTS)
def test_counts_casualties_and_shapes(analyze, lang: str, text: str, want: set[Any]) -> None:  # type: ignore[no-untyped-def]
    assert _found(analyze(text, language=lang)) == want


NOTHING = [
    # ages, dates, times, ordinals, ranks, names, years, "two nations", durations, offsets
    ("fr", "Un homme de 45 ans a été arrêté le 3 mars à 14h30."),
    ("en", "The 3rd Brigade marked its 25th anniversary on May 30, and the two nations signed."),
    ("es", "El presidente, de 62 años, viajó el 12 de mayo a Lima."),
    ("de", "Am 22. April trafen sich beide Staaten; der 64-Jährige sprach um 10 Uhr."),
    ("en", "Thai F-16 jets flew over the border in 2024."),
    ("fr", "Deux jours après l'attaque, le ministre est arrivé."),
    ("en", "The talks ended three days ago in Doha."),
    ("en", "The report was published by Thomson Reuters 2024."),
    ("de", "Die Verhandlungen dauerten drei Stunden und zwei Monate."),
]


@pytest.mark.parametrize(("lang", "text"), NOTHING)
def test_what_must_not_be_counted(analyze, lang: str, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _found(analyze(text, language=lang)) == set()


def test_offsets_are_the_numbers_span_and_what_says_what_is_counted(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le bombardement a fait 17 morts. Plus de 40 soldats ont été blessés. "
        "Kiev recevra quatre systèmes IRIS-T."
    )
    result = analyze(text, language="fr")
    by_value = {q.value: q for q in result.quantities}
    assert text[by_value[17].start : by_value[17].end] == "17 morts"
    soldiers = by_value[40]
    assert text[soldiers.start : soldiers.end] == "40 soldats"
    assert soldiers.unit == "people_injured" and soldiers.what == "soldats injured (more than)"
    assert soldiers.evidence == "Plus de 40 soldats ont été blessés."
    assert text[by_value[4].start : by_value[4].end] == "quatre systèmes"
    assert by_value[4].what == "systèmes"
    for q in result.quantities:
        assert 0 <= q.start < q.end <= len(text)
        sent = result.sentences[q.sentence]
        assert sent.start <= q.start and q.end <= sent.end


def test_a_figure_restated_in_a_later_sentence_is_reported_once(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Russia launched 80 drones at Kharkiv overnight. "
        "Air defences shot down most of the 80 drones, the air force said."
    )
    result = analyze(text, language="en")
    assert [(q.value, q.unit, q.sentence) for q in result.quantities] == [(80, "items", 0)]


def test_a_headline_figure_the_body_restates_is_reported_where_the_body_gives_it(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ukraine downs 15 drones over Kharkiv\n\n"
        "Air defences shot down 15 attack drones and two missiles over Kharkiv overnight, "
        "the air force said.\n"
    )
    result = analyze(text, language="en")
    assert result.segments[0].kind == "title"
    got = {(q.value, q.unit): q.sentence for q in result.quantities}
    assert got[(15, "items")] == 1
    # a headline figure the body does not give stays on the headline
    only = "Kharkiv: 3 killed in strike\n\nA Russian strike hit the city centre overnight.\n"
    result = analyze(only, language="en")
    assert [(q.value, q.unit, q.sentence) for q in result.quantities] == [(3, "people_killed", 0)]


def test_a_subcount_is_noted_in_the_count_it_belongs_to(analyze) -> None:  # type: ignore[no-untyped-def]
    result = analyze("La frappe a fait 12 blessés, dont deux enfants.", language="fr")
    injured = next(q for q in result.quantities if q.value == 12)
    assert injured.unit == "people_injured" and "including 2 enfants" in injured.what


# --------------------------------------------------------------- unsupported languages
@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("it", "L'attacco ha ucciso 12 persone e ferito 30 civili. Sono stati lanciati 40 droni."),
        ("pt", "O ataque matou 12 pessoas e feriu 30 civis. Foram disparados 40 mísseis."),
    ],
)
def test_a_language_without_lexicon_extracts_nothing_and_says_so_once(  # type: ignore[no-untyped-def]
    analyze, lang: str, text: str
) -> None:
    result = analyze(text, language=lang)
    assert result.quantities == ()
    # said once: by the pipeline, which skips the stages the language has no lexicons for, or
    # by the quantities stage itself when it is run on such a document
    said = [
        w for w in result.warnings if f"'{lang}'" in w and ("amounts" in w or "quantities" in w)
    ]
    assert len(said) == 1, result.warnings
    assert said[0] == unsupported_warning(lang) or "no dates, amounts" in said[0]


def test_no_language_falls_back_to_english(resources: Resources) -> None:
    for lang in ("it", "pt", "ru", "uk"):
        assert not supported(resources.numbers, lang)
        with pytest.raises(ValueError, match=lang):
            QuantityGrammar(resources.numbers, resources.grammar, lang)
    for lang in ("fr", "en", "es", "de"):
        assert supported(resources.numbers, lang)


def test_an_empty_word_list_matches_nothing(resources: Resources) -> None:
    """A language whose day words are missing must not turn every number into days."""
    lexicon = copy.deepcopy(resources.numbers)
    lexicon["units"]["days"]["fr"] = []
    grammar = QuantityGrammar(lexicon, resources.grammar, "fr", dates=resources.dates)
    found = grammar.extract("Le convoi compte 40 véhicules et 12 blessés.", frozenset())
    assert {q.unit for q in found} == {"items", "people_injured"}


# ------------------------------------------------------------------------ the rules
def test_the_rules_alone_keep_killed_and_injured_apart(resources: Resources) -> None:
    grammar = QuantityGrammar(resources.numbers, resources.grammar, "en", dates=resources.dates)
    assert grammar.model is None
    found = grammar.extract(
        "The raid ended, killing at least nine people and wounding 40 others.", frozenset()
    )
    assert [(q.value, q.unit) for q in found] == [(9, "people_killed"), (40, "people_injured")]


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("es", "3 mil 760", 3760),
        ("es", "mil 200", 1200),
        ("de", "61'827", 61827),
        ("fr", "d'un milliard", None),  # "d'" is not a number, so the phrase is not one
    ],
)
def test_number_shapes(resources: Resources, lang: str, text: str, value: float | None) -> None:
    assert NumberGrammar(resources.numbers, lang).parse(text) == value


def test_one_million_after_an_elision_is_read(resources: Resources) -> None:
    found = NumberGrammar(resources.numbers, "fr").find("plus d'un milliard")
    assert [(n.value, n.scale) for n in found] == [(1e9, 1e9)]


# ------------------------------------------------------------------------- the model
def test_the_model_loads_once_from_plain_arrays(resources: Resources) -> None:
    model = resources.quantity_model
    assert resources.quantity_model is model
    assert {name: h.labels for name, h in model.heads.items()} == HEADS
    head = model.heads["count"]
    assert head.weights.shape == (len(HEADS["count"]), 1 << model.bits)
    assert np.isfinite(head.weights).all() and np.isfinite(head.bias).all()
    held = model.card["held_out"]["model"]["all"]
    assert held["f1"] > model.card["held_out"]["rules_only"]["all"]["f1"]
    p = model.proba(["kind=count", "people@1", "near=people_killed"], "count")
    assert abs(sum(p.values()) - 1) < 1e-9 and set(p) == set(HEADS["count"])


def test_a_broken_model_file_is_a_resource_error(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import importlib.resources as ir

    (tmp_path / "model.json").write_text('{"bits": 4, "heads": {"count": ["none"]}}')
    np.savez(tmp_path / "model.npz", count_w=np.zeros((1, 16)), count_b=np.zeros(1))
    monkeypatch.setattr(ir, "files", lambda _pkg: tmp_path.parent)
    with pytest.raises(ResourceError, match="head count"):
        QuantityModel.load(tmp_path.name)
