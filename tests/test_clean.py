"""Page furniture is classified, never deleted: offsets keep pointing at the original text."""

from __future__ import annotations

from veille.resources import Boilerplate
from veille.stages.clean import classify_lines, normalise_for_models, with_title

PAGE = """Home Monde Des frappes russes touchent Kharkiv

Des frappes russes touchent Kharkiv

by News Team
0 comment

Les forces russes ont frappé Kharkiv mardi, tuant trois personnes.

Regardez la vidéo du jour:

Le Canada envoie des drones

Des images de la frappe circulent. Images fournies par Getty Images et Reuters.

Le maire a demandé de l’aide à l’Europe.

You may also like

Leave a Comment

@2021 – All Right Reserved. Designed and Developed by RIVEDIN
00:00
Update Required Flash plugin
"""


def test_furniture_is_classified_and_offsets_hold() -> None:
    segments = classify_lines(PAGE, Boilerplate.load())
    kinds: dict[str, tuple[str, str | None]] = {}
    for s in segments:
        kinds.setdefault(PAGE[s.start : s.end], (s.kind, s.reason))
    assert kinds["Home Monde "][0] == "boilerplate"
    assert kinds["Des frappes russes touchent Kharkiv"] == ("title", None)
    assert kinds["Les forces russes ont frappé Kharkiv mardi, tuant trois personnes."][0] == "body"
    assert kinds["Le maire a demandé de l’aide à l’Europe."][0] == "body"
    for junk in (
        "by News Team",
        "0 comment",
        "Regardez la vidéo du jour:",
        "You may also like",
        "Leave a Comment",
        "00:00",
        "Update Required Flash plugin",
    ):
        assert kinds[junk][0] == "boilerplate", junk
    assert kinds["Le Canada envoie des drones"] == ("furniture", "teaser title")
    assert kinds["Images fournies par Getty Images et Reuters."] == ("boilerplate", "credit")
    for seg in segments:
        assert len(seg.text) == seg.end - seg.start
        assert seg.text == normalise_for_models(PAGE[seg.start : seg.end])


def test_the_repeated_title_line_is_dropped() -> None:
    segments = classify_lines(PAGE, Boilerplate.load())
    titles = [s for s in segments if PAGE[s.start : s.end] == "Des frappes russes touchent Kharkiv"]
    assert [(s.kind, s.reason) for s in titles] == [
        ("title", None),
        ("boilerplate", "duplicate line"),
    ]


def test_apostrophes_are_normalised_without_moving_offsets() -> None:
    assert normalise_for_models("l’OTAN\u00a0a dit") == "l'OTAN a dit"


def test_a_first_paragraph_that_is_a_sentence_is_the_lead() -> None:
    lead = "La Russie a bombardé Kyiv mercredi, tuant deux civils, selon les autorités."
    text = f"{lead}\n\nLe maire a demandé de l'aide à l'Europe. Les secours sont sur place.\n"
    first = classify_lines(text, Boilerplate.load())[0]
    assert (first.kind, text[first.start : first.end]) == ("body", lead)
    titled = f"Frappes sur Kyiv\n\n{text}"
    kinds = [s.kind for s in classify_lines(titled, Boilerplate.load())]
    assert kinds[:2] == ["title", "body"]
    # a question or a quote is still a headline
    quoted = f"Zelensky : « Nous ne céderons pas »\n\n{text}"
    assert classify_lines(quoted, Boilerplate.load())[0].kind == "title"


def test_the_line_that_repeats_the_publishers_title_is_the_title() -> None:
    title = "Une centaine de policiers kényans déployés à Haïti"
    body = "Le Kenya a déployé lundi une centaine de policiers à Haïti, a annoncé Nairobi."
    text = f"https://example.org/2025/12/09/policiers-kenyans-haiti\n\n{title}\n\n{body}\n"
    segments = classify_lines(text, Boilerplate.load())
    fixed = with_title(segments, text, title)
    kinds = {text[s.start : s.end]: s.kind for s in fixed}
    assert kinds[title] == "title"
    assert list(kinds.values()).count("title") == 1
    assert kinds[body] == "body"
    # no line says the title, or no title given: the line heuristics stand
    assert with_title(segments, text, "Haïti : la mission kényenne renforcée") == segments
    assert with_title(segments, text, "") == segments
    # a text that is one line, its title read from it, keeps that line as its body
    alone = "Hamas rejected the Israeli proposal."
    one = classify_lines(alone, Boilerplate.load())
    assert [s.kind for s in with_title(one, alone, alone)] == ["body"]


def test_a_file_without_headline_keeps_the_events_of_its_lead(analyze) -> None:  # type: ignore[no-untyped-def]
    lead = "Les forces russes ont bombardé Kharkiv mercredi, selon les autorités ukrainiennes."
    result = analyze(f"{lead}\n\nLe maire a demandé de l'aide à l'Europe et aux États-Unis.\n")
    assert result.title == ""
    assert any(ev.type == "ASSAULT" and ev.start < len(lead) for ev in result.events)


def test_a_quotation_an_excerpt_cuts_short_at_the_end_is_body() -> None:
    body = "Indonesia's police chief offered a public apology and promised an investigation."
    text = f'Protests in Jakarta\n\n{body}\n\n"I deeply regret the incident and extend my sincer\n'
    kinds = [s.kind for s in classify_lines(text, Boilerplate.load())]
    assert kinds == ["title", "body", "body"]
    # a short trailing line that opens no quotation is still the page's footer
    footer = f"Protests in Jakarta\n\n{body}\n\nShare this article\n"
    assert [s.kind for s in classify_lines(footer, Boilerplate.load())][-1] == "boilerplate"
