"""Stage ``veille.quantities.v1``: money, casualties, item counts, percentages and day counts.

Built on :mod:`veille.numbers`. Every number expression of a sentence is a candidate
(:mod:`.grammar`); a currency (symbol, code or word; "livres" only near the United Kingdom)
makes it money and a percent sign a percentage; whether any other number counts people killed,
people injured, items, days or nothing is decided by a small learned model over the words
around it (:mod:`.model`, :mod:`.features`). Ranges give both bounds, an amount restated in
parentheses in another currency is linked to the first one (``equivalent_of``), a sub-count
("dont deux enfants") is noted in the ``what`` of the count it belongs to, and the same figure
restated in a later sentence is reported once.

A language with no number lexicon gets no quantities and one warning per document; there is no
fallback to another language's words.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from ...model import Analysis, Quantity, Sentence
from ...resources import Resources
from ...settings import Settings
from ...text import fold
from ..base import Stage, register
from ..language import ANALYSED
from .grammar import QuantityGrammar, RawQuantity, supported
from .model import QuantityModel

__all__ = [
    "QuantitiesStage",
    "QuantityGrammar",
    "QuantityModel",
    "document_context",
    "unsupported_warning",
]


def document_context(text: str) -> frozenset[str]:
    """The folded words and word pairs of a whole document (what makes "livres" pounds)."""
    folded = fold(text)
    words = folded.split()
    return frozenset(re.findall(r"[a-z][a-z.'-]+", folded)) | frozenset(
        " ".join(pair) for pair in itertools.pairwise(words)
    )


def unsupported_warning(lang: str) -> str:
    return f"quantities: no number lexicon for language {lang!r}; no quantities extracted"


#: Segments that head an article or a section: what they state, the body says again.
HEADLINES = ("title",)


class QuantitiesStage(Stage):
    name = "veille.quantities.v1"
    requires = ("sentences", "segments")
    assigns = ("quantities", "warnings")

    def __init__(self, resources: Resources) -> None:
        self.resources = resources
        self._grammars: dict[str, QuantityGrammar | None] = {}

    def grammar(self, lang: str) -> QuantityGrammar | None:
        """The grammar of ``lang``, or None when the lexicon does not have the language."""
        if lang not in self._grammars:
            self._grammars[lang] = (
                QuantityGrammar.from_resources(self.resources, lang)
                if supported(self.resources.numbers, lang)
                else None
            )
        return self._grammars[lang]

    def __call__(self, analysis: Analysis) -> Analysis:
        ctx = document_context(analysis.document.text)
        out: list[Quantity] = []
        unsupported: list[str] = []
        found: list[tuple[int, Sentence, list[RawQuantity]]] = []
        for s_idx, sent in enumerate(analysis.sentences):
            if analysis.segments[sent.segment].kind not in ANALYSED:
                continue
            grammar = self.grammar(sent.language)
            if grammar is None:
                if sent.language not in unsupported:
                    unsupported.append(sent.language)
                continue
            found.append((s_idx, sent, grammar.extract(sent.text, ctx)))
        # a headline's figure that the body restates is reported once, where the body gives it
        # with its context ("15 drones" in the title, "15 attack drones" in the third sentence)
        in_body = {
            (raw.unit, raw.value)
            for _, sent, raws in found
            if analysis.segments[sent.segment].kind not in HEADLINES
            for raw in raws
        }
        seen: set[tuple[str, float]] = set()
        for s_idx, sent, raws in found:
            headline = analysis.segments[sent.segment].kind in HEADLINES
            base = len(out)
            here: set[tuple[str, float]] = set()
            kept: dict[int, int] = {}
            for r_idx, raw in enumerate(raws):
                key = (raw.unit, raw.value)
                restated = (key in seen and raw.unit != "percent") or (headline and key in in_body)
                here.add(key)
                if restated:
                    continue
                kept[r_idx] = base + len(kept)
                out.append(
                    Quantity(
                        value=raw.value,
                        unit=raw.unit,
                        what=raw.what,
                        evidence=sent.text,
                        start=sent.start + raw.start,
                        end=sent.start + raw.end,
                        sentence=s_idx,
                        sentence_start=sent.start,
                        sentence_end=sent.end,
                        qualifier=raw.qualifier,
                        equivalent_of=kept.get(raw.equivalent_of)
                        if raw.equivalent_of is not None
                        else None,
                    )
                )
            if not headline:
                seen |= here
        warnings = list(analysis.warnings)
        for lang in unsupported:
            msg = unsupported_warning(lang)
            if msg not in warnings:
                warnings.append(msg)
        return replace(analysis, quantities=tuple(out), warnings=tuple(warnings))


@register("veille.quantities.v1")
def make_quantities(settings: Settings, resources: Resources) -> Stage:
    return QuantitiesStage(resources)
