"""The written table of numbers, amounts, counts and dates in fr, en, es, de, and property
tests of the number grammar and of offsets."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veille.numbers import NumberGrammar, format_number
from veille.resources import Resources
from veille.stages.dates import DateGrammar, sentence_is_future
from veille.stages.quantities import QuantityGrammar
from veille.text import fold, words

from .conftest import DATA

LANGS = ("fr", "en", "es", "de")
ROWS = list(
    csv.DictReader(
        (DATA / "numbers_dates.tsv").read_text("utf-8").splitlines(),
        delimiter="\t",
        quoting=csv.QUOTE_NONE,
    )
)
FLOORS = json.loads((Path(__file__).parent / "score_floors.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def resources(settings) -> Resources:  # type: ignore[no-untyped-def]
    return Resources(settings)


@pytest.fixture(scope="module")
def numbers(resources: Resources) -> dict[str, NumberGrammar]:
    return {lang: NumberGrammar(resources.numbers, lang) for lang in LANGS}


@pytest.fixture(scope="module")
def quantities(resources: Resources) -> dict[str, QuantityGrammar]:
    return {lang: QuantityGrammar.from_resources(resources, lang) for lang in LANGS}


@pytest.fixture(scope="module")
def dates(resources: Resources) -> dict[str, DateGrammar]:
    preps = resources.grammar["dates"]["year_prepositions"]
    return {lang: DateGrammar(resources.dates, resources.numbers, lang, preps) for lang in LANGS}


def _context(text: str) -> frozenset[str]:
    ws = words(text)
    return frozenset(ws) | frozenset(" ".join(p) for p in itertools.pairwise(ws))


def _check(row: dict[str, str], numbers: Any, quantities: Any, dates: Any) -> bool:
    lang, kind, text, expected = row["lang"], row["kind"], row["text"], row["expected"]
    if kind == "number":
        value = numbers[lang].parse(text)
        return value is not None and abs(value - float(expected)) <= 1e-6 * max(1, float(expected))
    if kind in ("money", "quantity"):
        found = quantities[lang].extract(text, _context(fold(text)))
        want = float(expected)
        return any(q.unit == row["unit"] and abs(q.value - want) <= 0.01 * want for q in found)
    pub = dt.date.fromisoformat(row["published"]) if row["published"] else None
    refs = dates[lang].find(text, pub, sentence_is_future(text, [], lang))
    if kind == "nodate":
        return not refs
    if expected == "unresolved":
        return bool(refs) and refs[0].value is None
    first, _, last = expected.partition("/")
    return any(
        r.value == dt.date.fromisoformat(first)
        and (not last or r.end_value == dt.date.fromisoformat(last))
        and r.precision == row["precision"]
        for r in refs
    )


def test_the_table_is_large_and_covers_every_language_and_kind() -> None:
    assert len(ROWS) >= 200
    assert {r["lang"] for r in ROWS} == set(LANGS)
    assert {r["kind"] for r in ROWS} == {"number", "money", "quantity", "date", "nodate"}


def test_every_row_of_the_table_passes(numbers: Any, quantities: Any, dates: Any) -> None:
    failures = [
        f"{r['lang']} {r['kind']} {r['text']!r} -> {r['expected']}"
        for r in ROWS
        if not _check(r, numbers, quantities, dates)
    ]
    rate = 1 - len(failures) / len(ROWS)
    assert rate >= FLOORS["numbers_dates_table"]["pass_rate"], "\n".join(failures)


@settings(max_examples=300, deadline=None)
@given(
    lang=st.sampled_from(LANGS),
    value=st.one_of(
        st.integers(min_value=0, max_value=10**12),
        st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(float),
    ),
)
def test_every_number_round_trips_through_formatting(
    numbers: dict[str, NumberGrammar], lang: str, value: float
) -> None:
    text = format_number(value, lang)
    parsed = numbers[lang].parse(text)
    assert parsed is not None, text
    assert abs(parsed - float(value)) <= 1e-9 * max(1.0, float(value)), (text, parsed)


_PIECES = st.sampled_from(
    [
        "72 milliards d'euros",
        "4 500 millions de livres",
        "tuant deux personnes",
        "00:00",
        "@2021",
        "mercredi",
        "vendredi dernier",
        "12",
        "€",
        "£3bn",
        "la semaine dernière",
        "au",
        "printemps",
        "il y a trois semaines",
        "25 à 30",
        "«",
        "»",
        "\u00a0",
        "\u202f",
        "’",
        "é",
        "Zaporijia",
        "100%",
        "\n",
        " ",
        ",",
        ".",
        "dix-sept",
        "Mrd.",
        "hace tres semanas",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    lang=st.sampled_from(LANGS), parts=st.lists(_PIECES, max_size=14), noise=st.text(max_size=20)
)
def test_offsets_never_fall_outside_the_text(
    quantities: dict[str, QuantityGrammar],
    dates: dict[str, DateGrammar],
    lang: str,
    parts: list[str],
    noise: str,
) -> None:
    text = " ".join(parts) + noise
    for q in quantities[lang].extract(text, frozenset({"britannique", "royaume-uni"})):
        assert 0 <= q.start < q.end <= len(text)
    for d in dates[lang].find(text, dt.date(2025, 8, 6), False):
        assert 0 <= d.start < d.end <= len(text)


def test_relative_dates_stay_unresolved_without_a_publication_date(analyze) -> None:  # type: ignore[no-untyped-def]
    result = analyze("Vendredi dernier, les forces russes ont frappé Kharkiv.", published=None)
    assert result.dates and all(d.value is None for d in result.dates)


def test_weekday_direction_follows_tense_and_wording(analyze) -> None:  # type: ignore[no-untyped-def]
    past = analyze("Les ministres se sont réunis vendredi à Bruxelles.", published="2025-08-06")
    future = analyze("La nouvelle date limite se termine vendredi.", published="2025-08-06")
    assert [str(d.value) for d in past.dates] == ["2025-08-01"]
    assert [str(d.value) for d in future.dates] == ["2025-08-08"]


def test_document_quantities_link_equivalents_and_events(sample_analyses) -> None:  # type: ignore[no-untyped-def]
    doc = sample_analyses["003_2f2d85ce9e3b0e83"]
    gbp = next(q for q in doc.quantities if q.unit == "GBP")
    eur = next(q for q in doc.quantities if q.unit == "EUR" and q.value == 5.2e9)
    assert eur.equivalent_of == doc.quantities.index(gbp)
    killed = next(
        q for q in sample_analyses["000_da5d636b026594cb"].quantities if q.unit == "people_injured"
    )
    assert killed.value == 12 and "including 2" in killed.what
    strike = sample_analyses["000_da5d636b026594cb"].events[killed.event or 0]
    assert strike.type == "ASSAULT" and strike.location == "Zaporizhzhia"


def test_ranges_give_both_bounds(analyze) -> None:  # type: ignore[no-untyped-def]
    result = analyze("Selon Kiev, 25 à 30 de ces batteries seraient nécessaires.")
    assert [(q.value, q.unit, q.what, q.qualifier) for q in result.quantities] == [
        (25, "items", "batteries", "range_low"),
        (30, "items", "batteries", "range_high"),
    ]


def test_a_hypothetical_verb_points_a_date_forward(analyze) -> None:  # type: ignore[no-untyped-def]
    result = analyze(
        "Une offensive qui a commencé au printemps devrait se poursuivre à l'automne.",
        published="2025-08-06",
    )
    seasons = {d.text: (str(d.value), str(d.end_value)) for d in result.dates}
    assert seasons["au printemps"] == ("2025-03-20", "2025-06-20")
    assert seasons["à l'automne"] == ("2025-09-23", "2025-12-20")


@pytest.mark.parametrize(
    ("lang", "text", "want"),
    [
        (
            "fr",
            "Les rebelles sont entrés dans la ville le 22 février. Le lendemain, ils ont tué trois"
            " civils.",
            "2025-02-23",
        ),
        (
            "en",
            "The rebels entered the town on 22 February. Two days later, they killed three"
            " civilians.",
            "2025-02-24",
        ),
        (
            "es",
            "Los rebeldes entraron en la ciudad el 22 de febrero. Al día siguiente mataron a tres"
            " civiles.",
            "2025-02-23",
        ),
        (
            "de",
            "Die Rebellen drangen am 22. Februar in die Stadt ein. Am nächsten Tag töteten sie"
            " drei Zivilisten.",
            "2025-02-23",
        ),
    ],
)
def test_the_next_day_counts_from_the_day_the_story_named_last(  # type: ignore[no-untyped-def]
    analyze, lang: str, text: str, want: str
) -> None:
    result = analyze(text, published="2025-06-03", language=lang)
    story = [d for d in result.dates if d.sentence == 1]
    assert [(str(d.value), d.precision) for d in story] == [(want, "day")]


def test_the_next_day_without_a_day_before_it_stays_unresolved(analyze) -> None:  # type: ignore[no-untyped-def]
    result = analyze("The following day, the army shelled the town.", published="2025-06-03")
    assert [(d.value, d.precision) for d in result.dates] == [(None, "story")]
    # "the next day" does not move a date the sentence gives itself
    result = analyze(
        "The rebels entered the town on Monday. Troops arrived on Friday.",
        published="2025-06-04",
        language="en",
    )
    assert [str(d.value) for d in result.dates] == ["2025-06-02", "2025-05-30"]
