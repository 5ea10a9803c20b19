"""Events: the regression corpus (fr, en, es, de) with pinned scores, and the behaviours an
analyst relies on: reported speech, passive voice, negation, conditions, announcements,
deadlines, places and furniture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import veille
from veille.evaluation import Tally, score_sentences

from .conftest import DATA

FLOORS = json.loads((Path(__file__).parent / "score_floors.json").read_text("utf-8"))
CASES = [
    json.loads(x)
    for x in (DATA / "events_regression.jsonl").read_text("utf-8").splitlines()
    if x.strip()
]


@pytest.fixture(scope="module")
def regression(pipeline: veille.Pipeline) -> dict[str, Tally]:
    def run(text: str, published: str | None, lang: str | None) -> veille.Analysis:
        return veille.analyze(text, published=published, language=lang, pipeline=pipeline)

    scores = {}
    for lang in ("fr", "en", "es", "de"):
        scores[lang], _ = score_sentences([c for c in CASES if c["lang"] == lang], run)
    total = Tally()
    for s in scores.values():
        total.merge(s)
    scores["all"] = total
    return scores


def test_the_corpus_covers_every_type_and_the_hard_cases() -> None:
    types = {e["type"] for c in CASES for e in c["events"]}
    assert len(types) == 16
    statuses = {e.get("status") for c in CASES for e in c["events"]}
    assert {"denied", "threatened", "announced"} <= statuses
    assert sum(1 for c in CASES if not c["events"]) >= 20


@pytest.mark.parametrize(
    "group", sorted(g for g in FLOORS["event_regression"] if not g.startswith("_"))
)
def test_regression_scores_stay_above_their_floors(
    regression: dict[str, Tally], group: str
) -> None:
    score = regression[group]
    for metric, floor in FLOORS["event_regression"][group].items():
        assert getattr(score, metric) >= floor, f"{group} {metric} {getattr(score, metric):.3f}"


def _one(result: veille.Analysis) -> veille.Event:
    assert len(result.events) == 1, [(e.type, e.source, e.target) for e in result.events]
    return result.events[0]


def test_reported_speech_names_the_claimant_not_a_party(analyze) -> None:  # type: ignore[no-untyped-def]
    ev = _one(analyze("Les forces russes ont frappé Kharkiv, a déclaré Volodymyr Zelensky."))
    assert (ev.type, ev.source, ev.target) == ("ASSAULT", "Russia", "Ukraine")
    assert ev.claimant == "Volodymyr Zelensky"


def test_passive_voice_puts_the_agent_first(analyze) -> None:  # type: ignore[no-untyped-def]
    ev = _one(analyze("Kyiv was struck by Russian missiles on Tuesday.", language="en"))
    assert (ev.type, ev.source, ev.target) == ("ASSAULT", "Russia", "Ukraine")


def test_a_negated_meeting_is_never_one_that_happened(analyze) -> None:  # type: ignore[no-untyped-def]
    result = analyze("Vladimir Poutine n'a pas rencontré Volodymyr Zelensky.")
    assert not [e for e in result.events if e.type == "CONSULT" and e.status == "happened"]
    met = analyze("Vladimir Poutine a rencontré Volodymyr Zelensky à Istanbul.")
    assert [e for e in met.events if e.type == "CONSULT" and e.status == "happened"]


def test_conditional_threats_and_announcements(analyze) -> None:  # type: ignore[no-untyped-def]
    threat = _one(analyze("Trump a menacé d'imposer des tarifs à la Chine si Pékin ne cède pas."))
    assert (threat.type, threat.source, threat.target, threat.status) == (
        "THREATEN",
        "Donald Trump",
        "China",
        "threatened",
    )
    # a promise of aid is AID announced (and may be AGREE too, as the gold guide allows)
    result = analyze("L'Allemagne enverra des chars à l'Ukraine.")
    assert ("AID", "Germany", "Ukraine", "announced") in {
        (e.type, e.source, e.target, e.status) for e in result.events
    }
    assert {e.type for e in result.events} <= {"AID", "AGREE"}


def test_deadlines_resolve_their_target_date(sample_analyses) -> None:  # type: ignore[no-untyped-def]
    doc = sample_analyses["000_da5d636b026594cb"]
    deadline = next(e for e in doc.events if e.type == "REQUEST")
    assert (deadline.source, deadline.target) == ("Donald Trump", "Russia")
    assert str(deadline.date) == "2025-08-08" and deadline.date_precision == "day"


def test_seed_events_read_like_an_analysts_summary(sample_analyses) -> None:  # type: ignore[no-untyped-def]
    got = {
        (e.type, e.source, e.target, str(e.date) if e.date else None, e.location)
        for a in sample_analyses.values()
        for e in a.events
    }
    assert ("ASSAULT", "Russia", "Ukraine", "2025-08-06", "Zaporizhzhia") in got
    pairs = {(e.type, e.source, e.target) for a in sample_analyses.values() for e in a.events}
    # what the learned model finds of the seed gold's events; it misses, among others, Putin's
    # talks with Witkoff, European aid, the Contact Group's, and takes Medvedev's threat to be
    # against Ukraine (see the development-corpus scores)
    assert {
        ("CONSULT", "Steve Witkoff", "Kirill Dmitriev"),
        ("THREATEN", "Donald Trump", "Russia"),
        ("REQUEST", "Donald Trump", "Russia"),
        ("AID", "Germany", "Ukraine"),
        ("AID", "United Kingdom", "Ukraine"),
    } <= pairs


def test_every_event_points_at_its_sentence(sample_analyses) -> None:  # type: ignore[no-untyped-def]
    for a in sample_analyses.values():
        for e in a.events:
            assert a.document.text[e.start : e.end] == e.evidence
            assert e.trigger and e.trigger in e.evidence


def test_page_furniture_gives_no_events(sample_analyses) -> None:  # type: ignore[no-untyped-def]
    doc = sample_analyses["000_da5d636b026594cb"]
    kinds = {i: s.kind for i, s in enumerate(doc.segments)}
    for e in doc.events:
        assert kinds[doc.sentences[e.sentence].segment] == "body"
    assert not any("Andrew Chang" in e.evidence or "Regarder" in e.evidence for e in doc.events)


# Rows fitted to single sample sentences were removed from the trigger table; buying, lump sums,
# "commettre" and gathering are no aid and no meeting by themselves.
@pytest.mark.parametrize(
    ("text", "language", "wrong"),
    [
        ("La Chine achète du pétrole russe pour 2 milliards de dollars.", "fr", "AID"),
        ("India bought Russian oil worth $2 billion last month.", "en", "AID"),
        pytest.param(
            "Alemania compró gas noruego por valor de 3.000 millones de euros.",
            "es",
            "AID",
            marks=pytest.mark.xfail(strict=True, reason="the model still reads this as aid"),
        ),
        ("Deutschland kaufte im Mai Flüssiggas aus Katar.", "de", "AID"),
        ("Le forfait mobile de l'opérateur coûte désormais 20 euros par mois.", "fr", "AID"),
        ("Des milliers de supporters se sont rassemblés devant le stade.", "fr", "CONSULT"),
    ],
)
def test_buying_and_gathering_are_no_aid_and_no_meeting(
    analyze, text: str, language: str, wrong: str
) -> None:  # type: ignore[no-untyped-def]
    result = analyze(text, language=language)
    assert wrong not in {e.type for e in result.events}, [(e.type, e.source) for e in result.events]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("L'Allemagne livrera des systèmes Patriot supplémentaires à l'Ukraine.", "fr", "AID"),
        ("Russian forces shelled Kharkiv overnight, killing three civilians.", "en", "ASSAULT"),
        ("Miles de personas marcharon en Bogotá contra la reforma.", "es", "PROTEST"),
        ("Die EU verhängte neue Sanktionen gegen Russland.", "de", "SANCTION"),
    ],
)
def test_plain_news_sentences_give_their_event(
    analyze, text: str, language: str, expected: str
) -> None:  # type: ignore[no-untyped-def]
    result = analyze(text, language=language)
    assert expected in {e.type for e in result.events}, [(e.type, e.source) for e in result.events]


_FILLER = (
    " The city council met to discuss the school budget. Schools will reopen next week."
    " The weather stayed cold. Shops opened late. Trains ran on time."
    " The mayor visited a hospital."
)


def test_an_attack_reported_without_its_author_takes_the_documents_attacker(
    pipeline: veille.Pipeline,
) -> None:
    # far from the last named strike (past the carrying window): the document's one attacker
    text = (
        "Russian forces launched a massive missile attack on Ukraine overnight. Russia also"
        " bombed the city of Kharkiv with drones on Tuesday."
        + _FILLER
        + " In Odesa, a drone attack killed two people and injured five."
    )
    a = veille.analyze(text, language="en", published="2025-05-01", pipeline=pipeline)
    last = [e for e in a.events if e.type == "ASSAULT"][-1]
    assert last.evidence.startswith("In Odesa")
    assert (last.source, last.target) == ("Russia", "Ukraine")


def test_no_attacker_is_guessed_when_both_sides_strike(pipeline: veille.Pipeline) -> None:
    text = (
        "Israeli jets struck targets in Iran on Friday. Iran fired missiles at Israel on"
        " Saturday." + _FILLER + " In Haifa, a drone attack killed two people and injured five."
    )
    a = veille.analyze(text, language="en", published="2025-05-01", pipeline=pipeline)
    last = [e for e in a.events if e.type == "ASSAULT"][-1]
    assert last.evidence.startswith("In Haifa")
    assert last.source is None


@pytest.mark.parametrize(
    ("lang", "text", "etype", "a", "b"),
    [
        (
            "fr",
            "Israël et le Hamas ont conclu un accord de cessez-le-feu mercredi.",
            "AGREE",
            "Israel",
            "Hamas",
        ),
        (
            "es",
            "Rusia y Ucrania intercambiaron 150 prisioneros de guerra el viernes.",
            "RETREAT",
            "Russia",
            "Ukraine",
        ),
        (
            "de",
            "Russland und die Ukraine haben am Freitag 150 Kriegsgefangene ausgetauscht.",
            "RETREAT",
            "Russia",
            "Ukraine",
        ),
    ],
)
def test_a_mutual_act_of_two_joined_parties_goes_both_ways(
    pipeline: veille.Pipeline, lang: str, text: str, etype: str, a: str, b: str
) -> None:
    got = veille.analyze(text, language=lang, published="2025-05-01", pipeline=pipeline)
    pairs = {(e.source, e.target) for e in got.events if e.type == etype}
    assert {(a, b), (b, a)} <= pairs


@pytest.mark.parametrize(
    ("text", "one", "other"),
    [
        # two attackers of a third party act together, not on each other
        ("Israel and the United States struck Iran on Saturday.", "Israel", "United States"),
        # the last two of a list of three are no pair
        (
            "Turkey, the United States and Ukraine agreed on a new round of talks.",
            "Ukraine",
            "United States",
        ),
        # one side acting alone stays one event
        ("Russia released 150 Ukrainian prisoners of war on Friday.", "Ukraine", "Russia"),
    ],
)
def test_no_reverse_event_for_parties_not_joined_as_one_side(
    pipeline: veille.Pipeline, text: str, one: str, other: str
) -> None:
    got = veille.analyze(text, language="en", published="2025-05-01", pipeline=pipeline)
    assert got.events
    assert (one, other) not in {(e.source, e.target) for e in got.events}


def test_a_named_state_organ_acts_for_its_state(pipeline: veille.Pipeline) -> None:
    got = veille.analyze(
        "The Israel Defense Forces struck targets in Gaza on Monday.",
        language="en",
        published="2025-05-01",
        pipeline=pipeline,
    )
    assert "Israel Defense Forces" in {e.name for e in got.entities}
    assert [(e.type, e.source) for e in got.events][:1] == [("ASSAULT", "Israel")]


def test_an_event_that_happened_without_a_date_is_dated_by_publication(
    pipeline: veille.Pipeline,
) -> None:
    got = veille.analyze(
        "Israel launched strikes on Iranian nuclear sites.",
        language="en",
        published="2025-06-13",
        pipeline=pipeline,
    )
    ev = next(e for e in got.events if e.type == "ASSAULT")
    assert (str(ev.date), ev.date_precision) == ("2025-06-13", "publication")
    # a date the sentence gives wins; a threat or an announcement is not dated so
    got = veille.analyze(
        "Israel launched strikes on Iranian nuclear sites on Tuesday. Iran threatened to close"
        " the Strait of Hormuz.",
        language="en",
        published="2025-06-13",
        pipeline=pipeline,
    )
    dated = {e.type: (str(e.date), e.date_precision, e.status) for e in got.events}
    assert dated["ASSAULT"] == ("2025-06-10", "day", "happened")
    assert dated["THREATEN"][1] != "publication"
    # without a publication date nothing is invented
    got = veille.analyze(
        "Israel launched strikes on Iranian nuclear sites.", language="en", pipeline=pipeline
    )
    assert all(e.date is None for e in got.events)


@pytest.mark.parametrize(
    ("lang", "text", "dateline", "its_country"),
    [
        (
            "en",
            "CAIRO (Reuters) - Hamas leader Ismail Haniyeh was killed in an Israeli strike in"
            " Tehran on Wednesday.",
            "Cairo",
            "Egypt",
        ),
        # Israel is a party here, named in the sentence, not for its dateline
        (
            "de",
            "Jerusalem: Der Iran hat am Dienstag Raketen auf Israel abgefeuert.",
            "Jerusalem",
            None,
        ),
    ],
)
def test_a_datelines_place_is_neither_party_nor_place_of_the_event(
    pipeline: veille.Pipeline, lang: str, text: str, dateline: str, its_country: str | None
) -> None:
    got = veille.analyze(text, language=lang, published="2024-07-31", pipeline=pipeline)
    # the place stays an entity of the article, where the story was filed
    assert dateline in {e.name for e in got.entities}
    assert got.events
    for e in got.events:
        assert dateline not in (e.location, e.source, e.target)
        assert its_country is None or its_country not in (e.source, e.target)


@pytest.mark.parametrize(
    ("lang", "text", "etype", "speaker"),
    [
        # a demand in the speaker's own words names another state first
        (
            "es",
            "«Exigimos que Estados Unidos levante de inmediato el bloqueo contra Cuba», dijo el"
            " presidente Miguel Díaz-Canel.",
            "REQUEST",
            "Miguel Díaz-Canel",
        ),
        (
            "en",
            "\"China's blockade of the strait is a reckless provocation that threatens the whole"
            ' region," said Lai Ching-te.',
            "ACCUSE",
            "Lai Ching-te",
        ),
    ],
)
def test_an_act_of_speech_in_a_quotation_is_the_speakers(
    pipeline: veille.Pipeline, lang: str, text: str, etype: str, speaker: str
) -> None:
    got = veille.analyze(text, language=lang, published="2025-05-01", pipeline=pipeline)
    assert [q.speaker for q in got.quotes] == [speaker]
    acts = [e for e in got.events if e.type == etype]
    assert acts and all(e.source == speaker and e.target != speaker for e in acts)


def test_a_material_act_told_in_a_quotation_stays_its_doers(pipeline: veille.Pipeline) -> None:
    text = (
        "„Russland muss die Angriffe auf die Ukraine sofort einstellen“, sagte Annalena Baerbock."
    )
    got = veille.analyze(text, language="de", published="2025-05-01", pipeline=pipeline)
    assert [q.speaker for q in got.quotes] == ["Annalena Baerbock"]
    attacks = [e for e in got.events if e.type == "ASSAULT"]
    assert attacks and all(e.source == "Russia" for e in attacks)
