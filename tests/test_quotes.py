"""Direct quotes in every quotation style, and who said them."""

from __future__ import annotations

import pytest

import veille
from veille.stages.quotes import find_quote_spans


@pytest.mark.parametrize(
    ("lang", "text", "speaker", "quote"),
    [
        # after the quote, inverted subject
        (
            "fr",
            "« Nous ne céderons jamais », a déclaré Volodymyr Zelensky.",
            "Volodymyr Zelensky",
            "Nous ne céderons jamais",
        ),
        # before, with a colon, spanning two sentences
        (
            "fr",
            "Emmanuel Macron a déclaré : « L'Europe doit se réarmer. Nous n'avons pas le choix. »",
            "Emmanuel Macron",
            "L'Europe doit se réarmer. Nous n'avons pas le choix.",
        ),
        (
            "fr",
            "Selon Sergueï Lavrov, « les négociations sont dans une impasse ».",
            "Sergei Lavrov",
            "les négociations sont dans une impasse",
        ),
        # through a title resolved on the article's date
        (
            "fr",
            "Le président ukrainien a dit : « Nous avons besoin de systèmes Patriot. »",
            "Volodymyr Zelensky",
            "Nous avons besoin de systèmes Patriot.",
        ),
        (
            "en",
            '"We will not give up," Zelenskyy said on Tuesday.',
            "Volodymyr Zelensky",
            "We will not give up",
        ),
        (
            "en",
            "According to Marco Rubio, “the talks made real progress this week.”",
            "Marco Rubio",
            "the talks made real progress this week.",
        ),
        (
            "en",
            "Keir Starmer said: 'Britain stands with Ukraine for as long as it takes.'",
            "Keir Starmer",
            "Britain stands with Ukraine for as long as it takes.",
        ),
        # nested quotes stay inside the outer one
        (
            "en",
            "\"He told me 'never again' and then he left,\" said Kaja Kallas.",
            "Kaja Kallas",
            "He told me 'never again' and then he left",
        ),
        # languages without a parser
        (
            "es",
            "«No vamos a rendirnos», dijo Volodímir Zelenski.",
            "Volodymyr Zelensky",
            "No vamos a rendirnos",
        ),
        (
            "de",
            "„Wir werden die Ukraine weiter unterstützen“, sagte Boris Pistorius.",
            "Boris Pistorius",
            "Wir werden die Ukraine weiter unterstützen",
        ),
        # a partial quote governed by a verb of threatening
        (
            "fr",
            "Il a menacé de “tarifs graves” si rien ne change, a déclaré Donald Trump.",
            "Donald Trump",
            "tarifs graves",
        ),
    ],
)
def test_quotes_and_their_speakers(analyze, lang: str, text: str, speaker: str, quote: str) -> None:  # type: ignore[no-untyped-def]
    result = analyze(text, language=lang)
    assert [(q.speaker, q.text) for q in result.quotes] == [(speaker, quote)]
    (q,) = result.quotes
    assert text[q.start : q.end] == q.text


def test_unattributed_quotes_say_so(analyze) -> None:  # type: ignore[no-untyped-def]
    (q,) = analyze("« Cette guerre doit cesser, et elle cessera. »").quotes
    assert q.speaker is None and q.speaker_id is None


def test_scare_quotes_are_not_quotes(analyze) -> None:  # type: ignore[no-untyped-def]
    result = analyze("Les partenaires de Kiev ont dû faire une étape « en avant » cette année.")
    assert result.quotes == ()


def test_split_quotes_are_one_quote(sample_analyses) -> None:  # type: ignore[no-untyped-def]
    doc = sample_analyses["003_2f2d85ce9e3b0e83"]
    joined = [q for q in doc.quotes if q.text.startswith("L’Ukraine n’en veut")]
    assert len(joined) == 1 and "il est prêt" in joined[0].text
    assert joined[0].speaker == "Volodymyr Zelensky"


def test_quote_spans_ignore_apostrophes() -> None:
    text = "L’Ukraine n’en veut pas, dit-il, mais c'est 'très important' selon lui."
    assert [text[s.start : s.end] for s in find_quote_spans(text, 0, len(text))] == [
        "très important"
    ]


def test_quotes_command_filters_by_speaker(tmp_path, pipeline, sample_docs) -> None:  # type: ignore[no-untyped-def]
    from veille.ingest import ingest_documents

    with veille.open_store(str(tmp_path / "q.db")) as store:
        ingest_documents(list(sample_docs.values()), pipeline, store)
        rows = store.quotes(speaker="Zelensky")
    assert len(rows) == 4 and {str(r.published) for r in rows} == {"2025-08-06", "2025-04-11"}
