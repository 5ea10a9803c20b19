"""Actors: one canonical identity whatever the language, spelling, transliteration or
translation damage; titles resolved against role data on the article's date; repairs."""

from __future__ import annotations

import pytest

import veille


def _names(result: veille.Analysis) -> dict[str, str]:
    return {m.text: e.name for e in result.entities for m in e.mentions}


@pytest.mark.parametrize(
    ("lang", "text", "surface", "canonical"),
    [
        ("fr", "Vladimir Poutine a parlé mercredi.", "Vladimir Poutine", "Vladimir Putin"),
        ("en", "Putin spoke on Wednesday.", "Putin", "Vladimir Putin"),
        ("es", "Vladímir Putin habló el miércoles.", "Vladímir Putin", "Vladimir Putin"),
        ("de", "Wladimir Putin sprach am Mittwoch.", "Wladimir Putin", "Vladimir Putin"),
        ("ru", "Путин выступил в среду.", "Путин", "Vladimir Putin"),
        # translation damage and transliteration
        (
            "fr",
            "Le président Voluminir Zelenski a parlé.",
            "Voluminir Zelenski",
            "Volodymyr Zelensky",
        ),
        ("en", "Volodymyr Zelenskyy spoke.", "Volodymyr Zelenskyy", "Volodymyr Zelensky"),
        ("de", "Wolodymyr Selenskyj sprach.", "Wolodymyr Selenskyj", "Volodymyr Zelensky"),
        ("fr", "Le ministre Rustem Uumerov a parlé.", "Rustem Uumerov", "Rustem Umerov"),
        ("fr", "Dmitri Peskov a parlé.", "Dmitri Peskov", "Dmitry Peskov"),
        # places with their spellings
        ("fr", "Les forces russes ont frappé Zaporijia.", "Zaporijia", "Zaporizhzhia"),
        ("fr", "Une frappe a touché Zaporojie.", "Zaporojie", "Zaporizhzhia"),
        ("en", "A strike hit Zaporizhzhia.", "Zaporizhzhia", "Zaporizhzhia"),
        ("de", "Wladimir Putin traf Wolodymyr Selenskyj in Kiew.", "Kiew", "Kyiv"),
        ("es", "Los ministros se reunieron en Estambul.", "Estambul", "Istanbul"),
        # organisations in every language
        ("fr", "L'OTAN a tenu un sommet.", "OTAN", "NATO"),
        ("es", "La OTAN celebró una cumbre.", "OTAN", "NATO"),
        (
            "de",
            "Die Ukraine-Kontaktgruppe traf sich in Ramstein.",
            "Ukraine-Kontaktgruppe",
            "Ukraine Defense Contact Group",
        ),
    ],
)
def test_variants_link_to_one_canonical_name(
    analyze,
    lang: str,
    text: str,
    surface: str,  # type: ignore[no-untyped-def]
    canonical: str,
) -> None:
    names = _names(analyze(text, language=lang))
    assert names.get(surface) == canonical, names


@pytest.mark.parametrize(
    ("lang", "text", "published", "title", "person"),
    [
        ("fr", "Le leader russe a parlé mercredi.", "2025-05-01", "leader russe", "Vladimir Putin"),
        (
            "fr",
            "Le président ukrainien a parlé mercredi.",
            "2025-05-01",
            "président ukrainien",
            "Volodymyr Zelensky",
        ),
        (
            "fr",
            "Le président américain a parlé.",
            "2025-05-01",
            "président américain",
            "Donald Trump",
        ),
        # the same title on another date is another person
        ("fr", "Le président américain a parlé.", "2023-05-01", "président américain", "Joe Biden"),
        (
            "fr",
            "Le secrétaire britannique à la Défense a parlé.",
            "2025-04-11",
            "secrétaire britannique à la Défense",
            "John Healey",
        ),
        (
            "en",
            "The British prime minister spoke.",
            "2025-05-01",
            "British prime minister",
            "Keir Starmer",
        ),
        (
            "es",
            "El presidente ucraniano habló.",
            "2025-05-01",
            "presidente ucraniano",
            "Volodymyr Zelensky",
        ),
        (
            "de",
            "Der französische Präsident sprach.",
            "2025-05-01",
            "französische Präsident",
            "Emmanuel Macron",
        ),
    ],
)
def test_titles_resolve_against_roles_on_the_article_date(  # type: ignore[no-untyped-def]
    analyze, lang: str, text: str, published: str, title: str, person: str
) -> None:
    names = _names(analyze(text, published=published, language=lang))
    assert names.get(title) == person, names


def test_capitals_and_the_kremlin_acting_as_parties_are_the_country(analyze) -> None:  # type: ignore[no-untyped-def]
    result = analyze("Moscou a rejeté la proposition américaine, a déclaré le Kremlin.")
    assert _names(result)["Moscou"] == "Russia"
    (event,) = result.events
    assert (event.type, event.source, event.target) == ("REJECT", "Russia", "United States")
    assert event.claimant == "Kremlin"


def test_a_capital_after_a_place_preposition_is_a_place(analyze) -> None:  # type: ignore[no-untyped-def]
    names = _names(analyze("Witkoff a rencontré Poutine à Moscou mercredi."))
    assert names["Moscou"] == "Moscow"


def test_demonyms_stand_for_countries_in_events(analyze) -> None:  # type: ignore[no-untyped-def]
    result = analyze("Les forces russes ont frappé une école britannique à Kharkiv.")
    assert [(e.source, e.target) for e in result.events] == [("Russia", "United Kingdom")]


def test_spans_the_model_gets_wrong_are_repaired(sample_analyses) -> None:  # type: ignore[no-untyped-def]
    doc = sample_analyses["003_2f2d85ce9e3b0e83"]
    surfaces = {m.text: e.name for e in doc.entities for m in e.mentions}
    assert surfaces["Keir Starmer"] == "Keir Starmer"
    assert surfaces["Pistorius"] == "Boris Pistorius"
    assert surfaces["Margarita Robles"] == "Margarita Robles"
    assert not any(
        t in surfaces
        for t in ("Keir Starmer Ukraine", "Pistorius de Bruxelles", "Défense Margarita Robles")
    )


def test_page_furniture_is_not_an_entity(sample_analyses) -> None:  # type: ignore[no-untyped-def]
    names = {e.name for a in sample_analyses.values() for e in a.entities}
    assert not names & {"Home Monde", "Update Required Flash", "Getty Images", "News Team"}


def test_short_names_and_pronouns_refer_back(sample_analyses) -> None:  # type: ignore[no-untyped-def]
    doc = sample_analyses["000_da5d636b026594cb"]
    witkoff = next(e for e in doc.entities if e.name == "Steve Witkoff")
    assert {m.text for m in witkoff.mentions} >= {"Witkoff", "Steve Witkoff"}
    trump = next(e for e in doc.entities if e.name == "Donald Trump")
    assert any(m.via == "pronoun" for m in trump.mentions)


def test_entities_carry_ids_country_and_role(sample_analyses) -> None:  # type: ignore[no-untyped-def]
    doc = sample_analyses["000_da5d636b026594cb"]
    putin = next(e for e in doc.entities if e.name == "Vladimir Putin")
    assert putin.kb_id == "Q7747" and putin.country == "RU" and putin.role == "head_of_state"


def test_unknown_people_keep_their_name_and_merge_across_documents(tmp_path, pipeline) -> None:  # type: ignore[no-untyped-def]
    from veille.ingest import ingest_documents

    docs = [
        veille.document_from_text("a", "Jean Dupontel a rencontré Emmanuel Macron à Paris."),
        veille.document_from_text("b", "Le député Jean Dupontel a critiqué le gouvernement."),
    ]
    with veille.open_store(str(tmp_path / "m.db")) as store:
        ingest_documents(docs, pipeline, store)
        rows = store.entities(name="Dupontel")
    assert len(rows) == 1 and rows[0].documents == 2 and rows[0].type == "PERSON"
