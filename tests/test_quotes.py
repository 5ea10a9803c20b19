"""Direct quotes in every quotation style of fr, en, es and de, and who said them.

The sentences are written for these tests (none comes from the development corpus). Each rule
has a positive case and, where a rule could overfire, a negative one.
"""

from __future__ import annotations

import json

import pytest

import veille
from veille.export import QUOTE_KEYS, analysis_to_record, to_export
from veille.model import Analysis
from veille.resources import read_text
from veille.stages.quotes import JOINER, QuoteModel, find_quote_groups, find_quote_spans
from veille.stages.quotes.spans import dash_span


def _spans(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quote_spans(text, 0, len(text))]


# ------------------------------------------------------------------ quote marks
@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("« Nous tiendrons », a dit le maire.", [" Nous tiendrons "]),
        ("«Sin agua no hay cosecha», dijo el alcalde.", ["Sin agua no hay cosecha"]),
        ("„Das reicht nicht“, sagte sie.", ["Das reicht nicht"]),
        ("Er nannte es »unannehmbar« und ging.", ["unannehmbar"]),
        ("“We stay,” she said.", ["We stay,"]),
        ('"We stay," she said.', ["We stay,"]),
        ("He said: 'the port is closed.'", ["the port is closed."]),
        ("Sie sprach von einer ‚roten Linie‘ im Norden.", ["roten Linie"]),
        # hurried copy: a guillemet closed by a straight mark
        ('«Die Lage ist ernst", sagte der Bürgermeister.', ["Die Lage ist ernst"]),
        # doubled apostrophes standing for a double mark
        ("''It is over,'' the envoy said.", ["It is over,"]),
        # nested quotes stay inside the outer one
        (
            "« Il m'a dit “jamais” et il est parti », raconte-t-elle.",
            [" Il m'a dit “jamais” et il est parti "],
        ),
    ],
)
def test_quote_marks_pair_by_context(text: str, quoted: list[str]) -> None:
    assert _spans(text) == quoted


@pytest.mark.parametrize(
    "text",
    [
        "L'armée n'a pas précisé d'où venaient les tirs.",
        "It's the soldiers' families who wait, and they're tired.",
        "Die Partei d'Hondt-Verfahren: kein Zitat hier.",
    ],
)
def test_apostrophes_are_not_quote_marks(text: str) -> None:
    assert _spans(text) == []


def test_single_quotes_beside_apostrophes() -> None:
    text = "Il n’a pas cédé, mais c'est 'très grave' selon lui."
    assert _spans(text) == ["très grave"]


def test_a_quote_left_open_runs_to_the_paragraph_end() -> None:
    text = "Le ministre a conclu : « Nous ne reculerons pas"
    (span,) = find_quote_spans(text, 0, len(text))
    assert not span.closed and text[span.start : span.end] == " Nous ne reculerons pas"


def test_a_closing_mark_alone_closes_a_quote_that_began_the_paragraph() -> None:
    text = "Merci à nos voisins pour leur aide”, a écrit le président."
    (span,) = find_quote_spans(text, 0, len(text))
    assert text[span.start : span.end] == "Merci à nos voisins pour leur aide" and span.mark == ""


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("– Wir haben keine Angst vor Sanktionen.", "Wir haben keine Angst vor Sanktionen."),
        ("—No cederemos —dijo el ministro—.", "No cederemos"),
        ("— Nous voulons la paix, pas la guerre.", "Nous voulons la paix, pas la guerre."),
    ],
)
def test_dash_introduced_paragraphs(text: str, quoted: str) -> None:
    span = dash_span(text, 0, len(text))
    assert span is not None and text[span.start : span.end] == quoted


@pytest.mark.parametrize(
    "text",
    [
        "-Anzeige-",
        "- suite de la liste",
        "Le 12 - 14 mai, rien.",
        # a bulleted list item that opens with a capital is no dialogue either
        "- México reforzará la frontera norte con 10,000 elementos de la Guardia Nacional.",
    ],
)
def test_hyphens_and_lists_are_not_dash_quotes(text: str) -> None:
    assert dash_span(text, 0, len(text)) is None


# ------------------------------------------------------------------ speakers
@pytest.mark.parametrize(
    ("lang", "text", "speaker", "quote"),
    [
        # fr: inverted subject after the quote
        (
            "fr",
            "« Nous ne céderons jamais face au chantage », a déclaré Emmanuel Macron jeudi.",
            "Emmanuel Macron",
            "Nous ne céderons jamais face au chantage",
        ),
        # fr: colon before, spanning two sentences
        (
            "fr",
            "Emmanuel Macron a affirmé : « L'Europe doit se protéger. Nous n'avons pas le choix. »",
            "Emmanuel Macron",
            "L'Europe doit se protéger. Nous n'avons pas le choix.",
        ),
        # fr: "selon X"
        (
            "fr",
            "Selon Sergueï Lavrov, « les discussions n'ont produit aucun résultat concret ».",
            "Sergei Lavrov",
            "les discussions n'ont produit aucun résultat concret",
        ),
        # fr: a partial quote in a reported sentence
        (
            "fr",
            "Donald Trump a qualifié la rencontre de « formidable succès » mardi soir.",
            "Donald Trump",
            "formidable succès",
        ),
        # en: "X said" after the quote
        (
            "en",
            '"We will keep our troops at the border for as long as needed," Keir Starmer said.',
            "Keir Starmer",
            "We will keep our troops at the border for as long as needed",
        ),
        # en: "said X" inverted
        (
            "en",
            "“The ceasefire has to hold, and both sides know it,” said Marco Rubio on Monday.",
            "Marco Rubio",
            "The ceasefire has to hold, and both sides know it",
        ),
        # en: "according to X"
        (
            "en",
            'According to Kaja Kallas, "the new sanctions package will be adopted next week."',
            "Kaja Kallas",
            "the new sanctions package will be adopted next week.",
        ),
        # en: British single marks and a colon
        (
            "en",
            "Keir Starmer told MPs: 'Our support for Kyiv will not weaken this winter.'",
            "Keir Starmer",
            "Our support for Kyiv will not weaken this winter.",
        ),
        # es: "dijo X" after the quote (no parser for Spanish)
        (
            "es",
            "«No vamos a negociar bajo amenazas», dijo Pedro Sánchez en Madrid.",
            "Pedro Sánchez",
            "No vamos a negociar bajo amenazas",
        ),
        # es: "según X"
        (
            "es",
            "Según Claudia Sheinbaum, «la frontera seguirá abierta para el comercio».",
            "Claudia Sheinbaum",
            "la frontera seguirá abierta para el comercio",
        ),
        # es: colon before
        (
            "es",
            "Marco Rubio aseguró: «Estados Unidos no abandonará a sus aliados en la región».",
            "Marco Rubio",
            "Estados Unidos no abandonará a sus aliados en la región",
        ),
        # de: "sagte X" after the quote (no parser for German)
        (
            "de",
            "„Wir werden die Lieferungen im Frühjahr fortsetzen“, sagte Boris Pistorius am Montag.",
            "Boris Pistorius",
            "Wir werden die Lieferungen im Frühjahr fortsetzen",
        ),
        # de: ", so X"
        (
            "de",
            "„Die Gespräche waren offen und schwierig“, so Friedrich Merz nach dem Treffen.",
            "Friedrich Merz",
            "Die Gespräche waren offen und schwierig",
        ),
        # de: "laut X" and reversed guillemets
        (
            "de",
            "Laut Friedrich Merz ist die Lage »ernster als vor einem Jahr, aber beherrschbar«.",
            "Friedrich Merz",
            "ernster als vor einem Jahr, aber beherrschbar",
        ),
    ],
)
def test_quotes_and_their_speakers(analyze, lang: str, text: str, speaker: str, quote: str) -> None:  # type: ignore[no-untyped-def]
    result = analyze(text, language=lang)
    assert [(q.speaker, q.text) for q in result.quotes] == [(speaker, quote)]
    (q,) = result.quotes
    assert text[q.start : q.end] == q.text
    assert q.parts == ((q.start, q.end),)


@pytest.mark.parametrize(
    ("lang", "text", "speaker", "texts"),
    [
        # the previous speaker goes on in the next paragraph
        (
            "fr",
            "« La situation est grave », a déclaré Emmanuel Macron.\n"
            "« Nous devons agir vite et ensemble. »",
            "Emmanuel Macron",
            ["La situation est grave", "Nous devons agir vite et ensemble."],
        ),
        # Spanish drops the subject: "Añadió que «…»" is still the last speaker
        (
            "es",
            "«El diálogo sigue abierto», afirmó Pedro Sánchez.\n"
            "Añadió que «no habrá más concesiones sin una tregua real».",
            "Pedro Sánchez",
            ["El diálogo sigue abierto", "no habrá más concesiones sin una tregua real"],
        ),
    ],
)
def test_an_unattributed_quote_keeps_the_previous_speaker(analyze, lang, text, speaker, texts):  # type: ignore[no-untyped-def]
    result = analyze(text, language=lang)
    assert [q.text for q in result.quotes] == texts
    assert {q.speaker for q in result.quotes} == {speaker}


def test_a_title_resolved_by_the_entities_stage_speaks(analyze) -> None:  # type: ignore[no-untyped-def]
    text = "Le président ukrainien a dit : « Nous avons besoin de systèmes Patriot. »"
    (q,) = analyze(text, published="2025-05-01").quotes
    assert q.speaker == "Volodymyr Zelensky"


def test_a_government_organ_speaks_for_its_country(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "„Die Übung richtet sich gegen niemanden“, teilte das russische Verteidigungsministerium "
        "am Samstag mit."
    )
    (q,) = analyze(text, language="de").quotes
    assert q.speaker == "Russia"


# ------------------------------------------------------------------ what is not a quote
@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # scare quotes and names of things
        ("fr", "Les partenaires de Kiev ont dû faire une étape « en avant » cette année."),
        ("fr", "L'opération « Bouclier du désert » a débuté à l'aube dans le nord du pays."),
        ("en", 'The tankers, part of a so-called "shadow fleet", left port on Sunday.'),
        ("es", "La operación «Frontera Segura» comenzó el lunes en tres provincias."),
        ("de", "Das Manöver „Nordwind“ beginnt am Montag an der Küste."),
        # a quotation whose speaker the text does not say
        ("fr", "« Cette guerre doit cesser, et elle cessera. »"),
        ("en", '"Nobody knows how long this will last."'),
    ],
)
def test_scare_quotes_titles_and_unattributed_quotes_are_not_kept(analyze, lang, text):  # type: ignore[no-untyped-def]
    assert analyze(text, language=lang).quotes == ()


# ------------------------------------------------------------------ joined quotes
def _groups(analysis: Analysis) -> list[list[str]]:
    text = analysis.document.text
    return [[text[p.start : p.end].strip() for p in g.parts] for g in find_quote_groups(analysis)]


def test_a_quote_split_by_its_attribution_is_one_quote(analyze) -> None:  # type: ignore[no-untyped-def]
    text = "« Nous resterons », a déclaré Emmanuel Macron, « aussi longtemps qu'il le faudra ». "
    result = analyze(text)
    assert _groups(result) == [["Nous resterons", "aussi longtemps qu'il le faudra"]]
    (q,) = result.quotes
    assert q.speaker == "Emmanuel Macron"
    assert q.text == f"Nous resterons{JOINER}aussi longtemps qu'il le faudra"
    assert [text[a:b] for a, b in q.parts] == ["Nous resterons", "aussi longtemps qu'il le faudra"]
    assert (q.start, q.end) == (q.parts[0][0], q.parts[-1][1])


def test_quotes_of_two_sentences_stay_apart(analyze) -> None:  # type: ignore[no-untyped-def]
    text = '"We are ready," Keir Starmer said. "We will not wait for others to act first."'
    assert _groups(analyze(text, language="en")) == [
        ["We are ready,"],
        ["We will not wait for others to act first."],
    ]


def test_a_quote_continued_in_the_next_paragraph_is_one_quote(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Emmanuel Macron a déclaré : « Nous ne laisserons personne seul face à la guerre.\n"
        "« Les Européens tiendront ensemble jusqu'au bout. »"
    )
    result = analyze(text)
    assert _groups(result) == [
        [
            "Nous ne laisserons personne seul face à la guerre.",
            "Les Européens tiendront ensemble jusqu'au bout.",
        ]
    ]
    (q,) = result.quotes
    assert q.speaker == "Emmanuel Macron" and len(q.parts) == 2


def test_a_closed_quote_is_not_continued_by_the_next_paragraph(analyze) -> None:  # type: ignore[no-untyped-def]
    text = "« Nous tiendrons », a dit Emmanuel Macron.\n« Rien n'est joué », a répondu Olaf Scholz."
    assert _groups(analyze(text)) == [["Nous tiendrons"], ["Rien n'est joué"]]


# ------------------------------------------------------------------ model, store, export
def test_the_speaker_model_loads_with_its_card() -> None:
    model = QuoteModel.load()
    assert model.weights and 0.0 < model.threshold < 1.0
    card = model.card
    assert card["held_out"]["quotes"]["f1"] > 0.5
    assert set(card["articles"]) == {"fr", "en", "es", "de"}
    assert json.loads(read_text("models/quotes/model.json"))["version"]


def test_exported_quotes_carry_their_parts(analyze) -> None:  # type: ignore[no-untyped-def]
    text = "« Nous resterons », a déclaré Emmanuel Macron, « aussi longtemps qu'il le faudra ». "
    record = to_export(analysis_to_record(analyze(text)))
    (q,) = record["quotes"]
    assert set(q) == set(QUOTE_KEYS)
    assert q["parts"] == [[q["start"], q["parts"][0][1]], [q["parts"][1][0], q["end"]]]


def test_split_quotes_in_the_sample_are_one_quote(sample_analyses) -> None:  # type: ignore[no-untyped-def]
    doc = sample_analyses["003_2f2d85ce9e3b0e83"]
    joined = [q for q in doc.quotes if q.text.startswith("L’Ukraine n’en veut")]
    assert len(joined) == 1 and "il est prêt" in joined[0].text and len(joined[0].parts) == 2
    assert joined[0].speaker == "Volodymyr Zelensky"
    assert all(q.speaker for q in doc.quotes)


def test_quotes_command_filters_by_speaker(tmp_path, pipeline, sample_docs) -> None:  # type: ignore[no-untyped-def]
    from veille.ingest import ingest_documents

    with veille.open_store(str(tmp_path / "q.db")) as store:
        ingest_documents(list(sample_docs.values()), pipeline, store)
        rows = store.quotes(speaker="Zelensky")
        record = store.document("003_2f2d85ce9e3b0e83")
    assert rows and {str(r.published) for r in rows} <= {"2025-08-06", "2025-04-11"}
    assert all(r.speaker for r in rows)
    assert record is not None and all(q.parts for q in record.quotes)


def test_a_lone_surname_and_the_full_name_are_one_speaker() -> None:
    from veille.stages.quotes.model import speaker_keys
    from veille.stages.quotes.speakers import SpeakerCandidate

    def cand(name: str, entity: str | None) -> SpeakerCandidate:
        return SpeakerCandidate(name, entity, 0, 1, ())

    cands = [cand("North Korea", "kp"), cand("Kim Jong Un", "kim"), cand("Kim", None)]
    assert speaker_keys(cands) == ["North Korea", "Kim Jong Un", "Kim Jong Un"]
    # a linked one-word name, or a word two people share, stays itself
    assert speaker_keys([cand("Hamas", "h"), cand("Hamas Leader", None)]) == [
        "Hamas",
        "Hamas Leader",
    ]
    two = [cand("Kim Jong Un", "kim"), cand("Kim Yo Jong", "kyj"), cand("Kim", None)]
    assert speaker_keys(two)[2] == "Kim"


def test_the_split_votes_for_one_speaker_add_up() -> None:
    from veille.stages.quotes.speakers import SpeakerCandidate

    # nobody 0.2, the country 0.32, the full name 0.24, the lone surname 0.24
    model = QuoteModel(weights={"country": 0.47, "name": 0.182}, threshold=0.35)
    cands = [
        SpeakerCandidate("North Korea", "kp", 0, 1, ("country",)),
        SpeakerCandidate("Kim Jong Un", "kim", 2, 3, ("name",)),
        SpeakerCandidate("Kim", None, 4, 5, ("name",)),
    ]
    _, ps = model.probabilities((), cands)
    assert max(ps) == ps[0] and ps[0] < 0.35 and ps[1] + ps[2] > ps[0]
    chosen = model.choose((), cands)
    # the surname's share goes to the full name, which is the one reported
    assert chosen is not None and cands[chosen[0]].name == "Kim Jong Un"
    assert chosen[1] == pytest.approx(ps[1] + ps[2])


def test_a_named_spokesperson_and_the_organisation_they_speak_for_are_one_speaker() -> None:
    from veille.stages.quotes.model import speaker_keys
    from veille.stages.quotes.speakers import SpeakerCandidate

    def cand(name: str, kind: str, *extra: str) -> SpeakerCandidate:
        return SpeakerCandidate(name, name.lower(), 0, 1, (f"type={kind}", "rel=same", *extra))

    # "…, said Gan Yu, a spokesperson for China's Coast Guard"
    person = cand("Gan Yu", "PERSON", "speaker_noun")
    cands = [
        cand("Philippines", "COUNTRY"),
        person,
        cand("China", "COUNTRY", "speaker_noun"),
        cand("Coast Guard", "ORG", "speaker_noun"),
    ]
    assert speaker_keys(cands) == ["Philippines", "Gan Yu", "Gan Yu", "Gan Yu"]
    model = QuoteModel(weights={"speaker_noun": 0.5}, threshold=0.35)
    chosen = model.choose((), cands)
    assert chosen is not None and cands[chosen[0]].name == "Gan Yu"
    # an unnamed spokesperson's organisation speaks for itself; two named people: no merging
    assert speaker_keys(cands[2:]) == ["China", "Coast Guard"]
    other = cand("Liu Dejun", "PERSON", "speaker_noun")
    assert speaker_keys([person, other, cands[3]]) == ["Gan Yu", "Liu Dejun", "Coast Guard"]


@pytest.mark.parametrize(
    ("lang", "text", "speaker"),
    [
        # a person named inside the quotation is the quoted words', not the pronoun's referent
        (
            "fr",
            "Ursula von der Leyen a réagi mercredi soir. « Nous prenons acte de la décision du"
            " président Trump », a-t-elle déclaré.",
            "Ursula von der Leyen",
        ),
        (
            "en",
            'Kaja Kallas spoke after the meeting. "We welcome the decision of President Trump,"'
            " she said.",
            "Kaja Kallas",
        ),
        # outside quotation marks the pronoun still takes the person named before it
        (
            "fr",
            "Emmanuel Macron a reçu Olaf Scholz à Paris. « La réunion a été très utile », a-t-il"
            " déclaré.",
            "Emmanuel Macron",
        ),
    ],
)
def test_a_pronoun_attributing_a_quote_skips_the_names_inside_it(
    pipeline: veille.Pipeline, lang: str, text: str, speaker: str
) -> None:
    got = veille.analyze(text, language=lang, published="2025-04-10", pipeline=pipeline)
    assert [q.speaker for q in got.quotes] == [speaker]
