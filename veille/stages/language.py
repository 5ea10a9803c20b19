"""Stage ``veille.language.v1``: identify the language of the document and of each paragraph.

lingua is restricted to the configured languages and to the languages it recognises only to
set aside (``recognised_languages``: an Italian page is Italian, not poorly read Spanish). A
paragraph long enough to judge on its own gets its own language, so an English block in a French
page is not parsed as French; shorter segments take the document's language.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from ..errors import ConfigError
from ..model import Analysis, Segment
from ..resources import Resources
from ..settings import Settings
from .base import Stage, register

__all__ = ["LanguageStage", "build_detector"]

ANALYSED = ("title", "body", "heading", "furniture")


def build_detector(languages: tuple[str, ...]) -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    unknown = [code for code in languages if not hasattr(IsoCode639_1, code.upper())]
    if unknown:
        raise ConfigError(f"unknown language codes in the settings: {', '.join(unknown)}")
    codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
    if len(codes) < 2:
        codes.append(IsoCode639_1.EN if codes[0] != IsoCode639_1.EN else IsoCode639_1.FR)
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


class LanguageStage(Stage):
    name = "veille.language.v1"
    requires = ("segments",)
    assigns = ("language", "segments")

    def __init__(self, settings: Settings, detector: Any) -> None:
        self.settings = settings
        self.detector = detector

    def _detect(self, text: str) -> str | None:
        lang = self.detector.detect_language_of(text)
        return None if lang is None else str(lang.iso_code_639_1.name).lower()

    def __call__(self, analysis: Analysis) -> Analysis:
        segments = analysis.segments
        doc_lang = analysis.document.language
        own: list[str | None] = []
        for seg in segments:
            if seg.kind in ANALYSED and len(seg.text) >= self.settings.min_language_chars:
                own.append(self._detect(seg.text))
            else:
                own.append(None)
        if not doc_lang:
            votes: Counter[str] = Counter()
            for seg, lang in zip(segments, own, strict=True):
                if lang and seg.kind in ("body", "title"):
                    votes[lang] += len(seg.text)
            if votes:
                doc_lang = votes.most_common(1)[0][0]
            else:
                body = " ".join(s.text for s in segments if s.kind in ANALYSED)
                doc_lang = self._detect(body) if body.strip() else None
        doc_lang = doc_lang or self.settings.default_language
        out: list[Segment] = []
        given = analysis.document.language
        for seg, lang in zip(segments, own, strict=True):
            # a language given with the document holds for all of it
            out.append(replace(seg, language=given or lang or doc_lang))
        return replace(analysis, language=doc_lang, segments=tuple(out))


@register("veille.language.v1")
def make_language(settings: Settings, resources: Resources) -> Stage:
    known = tuple(dict.fromkeys((*settings.languages, *settings.recognised_languages)))
    detector = resources.shared("language.detector", lambda: build_detector(known))
    return LanguageStage(settings, detector)
