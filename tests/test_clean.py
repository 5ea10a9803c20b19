"""Page furniture is classified, never deleted: offsets keep pointing at the original text."""

from __future__ import annotations

from veille.resources import Boilerplate
from veille.stages.clean import classify_lines, normalise_for_models

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
