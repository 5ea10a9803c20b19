"""Stage ``veille.quotes.v1``: direct quotations and who said them.

1. **Spans** (:mod:`.spans`): quotations per paragraph, their marks paired by context (« »,
   “ ”, „ “, » «, " ", ‚ ‘, ‘ ’, ' '), and paragraphs introduced by a dash. Spans of one
   sentence separated only by an attribution or a few words (« A », a-t-il dit, « B »;
   qualified as "A" and "B") are one quotation, and so is a quotation left open at the end of a
   paragraph that the next paragraph reopens; :attr:`veille.model.Quote.parts` records the
   spans joined.
2. **Speakers** (:mod:`.speakers`): the candidates around each quotation (actors of its
   sentences and of the two before, unlinked names, the previous quotation's speaker), each
   described by features of the attribution: verbs of saying before or after (inverted or
   not), "selon"/"according to"/"según"/"laut"/", so"/"zufolge", a colon, the grammatical role,
   the distance.
3. **Decision** (:mod:`.model`): a conditional logit trained on the labelled articles
   (``training/train_quotes.py``) gives each candidate, and "nobody", a probability; the best
   name speaks if its probability reaches the model's threshold. A quotation's speaker is a
   candidate of the next one, so quotes with no attribution of their own continue it.

A quotation with no candidate over the threshold is not kept: scare quotes, titles and
nicknames, and quotations whose speaker the text does not identify, leave no record (the
analysis, the store and the export hold attributed quotes only).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from ...kb import KnowledgeBase
from ...model import Analysis, Quote, Segment, index_at
from ...resources import Resources
from ...settings import Settings
from ...text import words
from ..base import Stage, register
from .model import QuoteModel
from .spans import QuoteSpan, dash_span, find_quote_spans, opens_paragraph
from .speakers import (
    DocumentContext,
    QuoteGrammar,
    QuoteGroup,
    SpeakerCandidate,
    SpeakerKnowledge,
    group_features,
    load_quote_grammars,
    speaker_candidates,
)

__all__ = [
    "JOINER",
    "QuoteGroup",
    "QuoteModel",
    "QuoteSpan",
    "QuotesStage",
    "SpeakerCandidate",
    "find_quote_groups",
    "find_quote_spans",
]

log = logging.getLogger(__name__)

_JOIN_MAX_WORDS = 14
_TITLE_AS_BODY_WORDS = 15
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
JOINER = " […] "


def find_quote_groups(analysis: Analysis) -> list[QuoteGroup]:
    """Every quotation of the body, with its spans joined as the module docstring says."""
    text = analysis.document.text
    groups: list[QuoteGroup] = []
    if not analysis.sentences:
        return groups
    starts = [s.start for s in analysis.sentences]
    prev_body = -2
    for seg_idx, seg in enumerate(analysis.segments):
        if not _quotable(seg):
            continue
        spans = find_quote_spans(text, seg.start, seg.end)
        if not spans:
            dash = dash_span(text, seg.start, seg.end)
            spans = [dash] if dash is not None else []
        spans = [s for s in spans if text[s.start : s.end].strip(" ,.;:")]
        if not spans:
            prev_body = seg_idx
            continue
        current: list[QuoteSpan] = []
        for k, span in enumerate(spans):
            if (
                k == 0
                and groups
                and not groups[-1].parts[-1].closed
                and _segment_of(analysis, groups[-1]) == prev_body
                and opens_paragraph(text, seg.start, seg.end) is not None
                and not text[seg.start : span.open_at].strip()
            ):
                # the quotation of the paragraph before goes on here
                last = groups.pop()
                current = [*last.parts, span]
                continue
            if current and _joins(text, current[-1], span):
                current.append(span)
                continue
            if current:
                groups.append(_group(analysis, current, starts))
            current = [span]
        if current:
            groups.append(_group(analysis, current, starts))
        prev_body = seg_idx
    return groups


def _quotable(seg: Segment) -> bool:
    """Body paragraphs, and a first line taken for a title that reads as a paragraph (a text
    with no title of its own): a long line, or one that ends a sentence as headlines do not."""
    if seg.kind == "body":
        return True
    line = seg.text.rstrip()
    return seg.kind == "title" and (
        len(line.split()) >= _TITLE_AS_BODY_WORDS or line[-1:] in (".", "!", "?")
    )


def _segment_of(analysis: Analysis, group: QuoteGroup) -> int:
    """The paragraph where a quotation ends."""
    return analysis.sentences[group.close_sentence].segment


def _joins(text: str, a: QuoteSpan, b: QuoteSpan) -> bool:
    """Two spans of one sentence read as one quotation: nothing but an attribution or a few
    words between them, and no sentence end."""
    if not a.closed:
        return False
    between = text[a.close_at : b.open_at]
    if "\n" in between or _SENTENCE_END.search(between):
        return False
    return len(between.split()) <= _JOIN_MAX_WORDS


def _group(analysis: Analysis, parts: Sequence[QuoteSpan], starts: Sequence[int]) -> QuoteGroup:
    # the sentence of the first quoted word, not of the mark: a sentence splitter may leave an
    # opening mark at the end of the sentence before
    a, _ = _trimmed(analysis.document.text, parts[0].start, parts[0].end)
    first = _sentence_of(analysis, starts, a)
    last = _sentence_of(analysis, starts, max(parts[-1].end - 1, parts[-1].start))
    return QuoteGroup(tuple(parts), analysis.sentences[first].segment, first, max(first, last))


def _sentence_of(analysis: Analysis, starts: Sequence[int], offset: int) -> int:
    """The sentence that holds ``offset``; between two sentences, the next one."""
    idx = index_at(starts, offset)
    sent = analysis.sentences[idx]
    if offset >= sent.end and idx + 1 < len(starts):
        return idx + 1
    return idx


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    chunk = text[start:end]
    start += len(chunk) - len(chunk.lstrip(" ,\n\t\u00a0\u202f"))
    end -= len(chunk) - len(chunk.rstrip(" ,\n\t\u00a0\u202f"))
    return start, max(start, end)


class QuotesStage(Stage):
    name = "veille.quotes.v1"
    requires = ("sentences", "tokens", "mentions", "entities", "segments")
    assigns = ("quotes",)

    def __init__(
        self,
        grammars: Mapping[str, QuoteGrammar],
        model: QuoteModel | None,
        knowledge: SpeakerKnowledge,
    ) -> None:
        self.grammars = dict(grammars)
        self.model = model
        self.knowledge = knowledge

    @classmethod
    def from_resources(
        cls,
        grammar: Mapping[str, Any],
        kb: KnowledgeBase,
        model: QuoteModel | None,
        dates: Mapping[str, Any] | None = None,
    ) -> QuotesStage:
        titles = frozenset(w for _lang, phrase, _role in kb.titles for w in phrase)
        actor_nouns = frozenset(
            w
            for cfg in grammar.values()
            if isinstance(cfg, dict)
            for x in cfg.get("actor_nouns", [])
            for w in words(x)
        )
        knowledge = SpeakerKnowledge(
            country_name={iso: e.name for iso, e in kb.countries.items()},
            title_words=titles | actor_nouns,
            media=frozenset(e.id for e in kb.entries.values() if e.kind == "media"),
        )
        calendar = {
            lang: [w for key in ("months", "weekdays") for w in cfg.get(key, {})]
            for lang, cfg in (dates or {}).get("languages", {}).items()
        }
        return cls(load_quote_grammars(grammar, calendar), model, knowledge)

    def context(self, analysis: Analysis) -> tuple[DocumentContext, list[QuoteGroup]]:
        """The quotations of a document and what their candidates are read from (the training
        command builds its examples from exactly this)."""
        groups = find_quote_groups(analysis)
        doc = DocumentContext(analysis, groups, self.grammars, self.knowledge)
        return doc, groups

    def quote(self, analysis: Analysis, group: QuoteGroup, speaker: SpeakerCandidate) -> Quote:
        text = analysis.document.text
        parts = tuple(_trimmed(text, p.start, p.end) for p in group.parts)
        parts = tuple(p for p in parts if p[1] > p[0]) or parts[:1]
        return Quote(
            text=JOINER.join(text[a:b] for a, b in parts),
            start=parts[0][0],
            end=parts[-1][1],
            speaker=speaker.name,
            speaker_id=speaker.entity_id,
            sentence=group.sentence,
            parts=parts,
        )

    def __call__(self, analysis: Analysis) -> Analysis:
        if self.model is None or not analysis.sentences:
            return replace(analysis, quotes=())
        doc, groups = self.context(analysis)
        quotes = self.decide(analysis, doc, groups, self.model)
        warnings = analysis.warnings
        missing = {analysis.sentences[g.sentence].language for g in groups} - set(self.grammars)
        for lang in sorted(missing):
            msg = f"quotes: no attribution words for {lang!r}; speakers found by position only"
            if msg not in warnings:
                log.warning(msg)
                warnings = (*warnings, msg)
        return replace(analysis, quotes=tuple(quotes), warnings=warnings)

    def decide(
        self,
        analysis: Analysis,
        doc: DocumentContext,
        groups: Sequence[QuoteGroup],
        model: QuoteModel,
    ) -> list[Quote]:
        """The attributed quotations: each group's best candidate where it passes the model's
        threshold; a quotation's speaker is a candidate of the next one."""
        out: list[Quote] = []
        previous: tuple[str, str | None] | None = None
        previous_segment = -10
        for group in groups:
            prev = previous if previous_segment >= group.segment - 1 else None
            base = group_features(doc, group)
            cands = speaker_candidates(doc, group, prev, base)
            chosen = model.choose(base, cands)
            if chosen is None:
                continue
            i = chosen[0]
            out.append(self.quote(analysis, group, cands[i]))
            previous = (cands[i].name, cands[i].entity_id)
            previous_segment = _segment_of(analysis, group)
        return out


@register("veille.quotes.v1")
def make_quotes(settings: Settings, resources: Resources) -> Stage:
    return QuotesStage.from_resources(
        resources.grammar, resources.kb, resources.quote_model, resources.dates
    )
