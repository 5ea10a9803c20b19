"""Stage ``veille.quotes.v1``: direct quotes and who said them.

Quotes are found per paragraph in « », “ ”, " ", ‘ ’ and „ “, and may span sentences; a quote
left open is kept only when a colon announced it ("a déclaré : « ..."). Scare quotes are not
statements: a quote needs a finite verb or at least twelve words. A quote split by its
attribution (« A », a-t-il dit, « B ») or followed directly by another is one quote.

The speaker comes from the attribution around the quote: a speech verb after it (« ... »,
a déclaré X / said X / dijo X / sagte X), before it in the same sentence or in the sentence
that announces it, "selon X" / "according to X"; through titles and pronouns as resolved by the
entities stage. A quote that follows another quote of the same or the previous paragraph with no
attribution of its own keeps that speaker. Otherwise the quote is reported unattributed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ..model import Analysis, Entity, Mention, Quote, Sentence, Token, index_at
from ..resources import Resources
from ..settings import Settings
from ..text import fold
from .base import Stage, register

__all__ = ["QuotesStage", "find_quote_spans"]

_PAIRS = {"«": "»", "“": "”", "„": "“”", "‘": "’", '"': '"', "'": "'", "»": "«"}
_MIN_WORDS_WITHOUT_VERB = 12
_MIN_WORDS = 3
_INVERTED = re.compile(r"»\s*[\w’']+\s*«")


@dataclass(frozen=True, slots=True)
class _Span:
    start: int  # offsets of the quoted text (inside the marks), document level
    end: int
    open_at: int  # offset of the opening mark
    close_at: int  # offset after the closing mark (or end of paragraph when left open)
    closed: bool


def find_quote_spans(text: str, start: int, end: int) -> list[_Span]:
    """Quotes inside ``text[start:end]`` (one paragraph)."""
    spans: list[_Span] = []
    i = start
    while i < end:
        ch = text[i]
        closers = _PAIRS.get(ch)
        if closers is None or ch == "»":
            i += 1
            continue
        if ch == "‘" and i > start and text[i - 1].isalpha():
            i += 1
            continue
        if ch == "'" and not (
            (i == start or text[i - 1].isspace() or text[i - 1] in ":,(")
            and i + 1 < end
            and text[i + 1].isalpha()
        ):
            i += 1  # an apostrophe, not a quotation mark
            continue
        j = i + 1
        while j < end and text[j] not in closers:
            if ch == '"' and text[j] == "\n":
                break
            j += 1
        while ch == "'" and j < end and j + 1 < end and text[j + 1].isalpha():
            j += 1  # "it's" inside 'single quotes': the closing mark is followed by no letter
            while j < end and text[j] != "'":
                j += 1
        inner_start = i + 1
        if j < end and text[j] in closers:
            spans.append(_Span(inner_start, j, i, j + 1, True))
            i = j + 1
        else:
            spans.append(_Span(inner_start, end, i, end, False))
            i = end
    return spans


class QuotesStage(Stage):
    name = "veille.quotes.v1"
    requires = ("sentences", "tokens", "mentions", "entities", "segments")
    assigns = ("quotes",)

    def __init__(self, grammar: dict[str, Any]) -> None:
        self.speech = {
            lang: frozenset(fold(w) for w in cfg.get("speech_verbs", []))
            for lang, cfg in grammar.items()
            if isinstance(cfg, dict) and "speech_verbs" in cfg
        }
        self.speech_acts = {
            lang: frozenset(fold(w) for w in cfg.get("speech_act_verbs", []))
            for lang, cfg in grammar.items()
            if isinstance(cfg, dict) and "speech_act_verbs" in cfg
        }
        self.according = {
            lang: [fold(w) for w in cfg.get("according_to", [])]
            for lang, cfg in grammar.items()
            if isinstance(cfg, dict) and "according_to" in cfg
        }

    # ------------------------------------------------------------ helpers
    def _is_speech(self, tok: Token, lang: str) -> bool:
        verbs = self.speech.get(lang, frozenset())
        return fold(tok.lemma) in verbs or fold(tok.text) in verbs

    def _people(self, analysis: Analysis) -> list[tuple[Mention, Entity]]:
        ents = {e.id: e for e in analysis.entities}
        out = []
        for m in analysis.mentions:
            ent = ents.get(m.entity or "")
            if ent is not None and ent.type == "PERSON":
                out.append((m, ent))
        return out

    def _speaker_near_verb(
        self,
        analysis: Analysis,
        verb: Token,
        people: list[tuple[Mention, Entity]],
        lo: int,
        hi: int,
    ) -> Entity | None:
        """The subject of a speech verb, else the person named closest to it in [lo, hi)."""
        tokens = analysis.tokens
        cands = [(m, e) for m, e in people if lo <= m.start and m.end <= hi]
        starts = [t.start for t in tokens] if cands else []
        for m, e in cands:
            t: Token | None = tokens[index_at(starts, m.start)] if tokens else None
            for _ in range(4):
                if t is None:
                    break
                if t.dep.startswith("nsubj") and t.head == verb.i:
                    return e
                if t.head == t.i:
                    break
                t = tokens[t.head]
        if not cands:
            return self._by_nationality(analysis, lo, hi, people)
        return min(cands, key=lambda p: abs(p[0].start - verb.start))[1]

    def _by_nationality(
        self, analysis: Analysis, lo: int, hi: int, people: list[tuple[Mention, Entity]]
    ) -> Entity | None:
        """ "a souligné l'Allemand", "le Britannique a insisté": the last person of that
        nationality named before."""
        ents = {e.id: e for e in analysis.entities}
        for m in analysis.mentions:
            if m.via != "demonym" or not (lo <= m.start and m.end <= hi):
                continue
            country = ents.get(m.entity or "")
            iso = country.country if country is not None else None
            earlier = [
                e
                for pm, e in people
                if pm.end <= m.start and e.country == iso and pm.via != "pronoun"
            ]
            if iso and earlier:
                return earlier[-1]
        return None

    def _attribution(
        self,
        analysis: Analysis,
        span: _Span,
        sent: Sentence,
        people: list[tuple[Mention, Entity]],
        prev_sent: Sentence | None,
    ) -> tuple[Entity | None, int]:
        """(speaker, end of the attribution) for a quote."""
        tokens = analysis.tokens
        lang = sent.language
        # after the quote: « ... », a déclaré X (in the sentence where the quote closes)
        close_sent = next(
            (s for s in analysis.sentences if s.start <= span.close_at - 1 < s.end), sent
        )
        after_end = close_sent.token_end
        rest = analysis.document.text[span.close_at : close_sent.end].strip()
        if not rest:
            # « … » | , a déclaré X. — the attribution landed in the next sentence
            nxt = next((s for s in analysis.sentences if s.start >= close_sent.end), None)
            if (nxt is not None and nxt.text.lstrip()[:1] in (",", "-")) or (
                nxt is not None and nxt.text.lstrip()[:1].islower()
            ):
                after_end = nxt.token_end
        after = [t for t in tokens[close_sent.token_start : after_end] if t.start >= span.close_at]
        for k, tok in enumerate(after[:6]):
            if self._is_speech(tok, lang):
                stop = next((t.start for t in after[k + 1 :] if t.text in '«“"'), close_sent.end)
                who = self._speaker_near_verb(analysis, tok, people, span.close_at, stop)
                if who is not None:
                    return who, stop
        # before the quote in the same sentence: X a déclaré : « ... », selon X
        before = [t for t in tokens[sent.token_start : sent.token_end] if t.end <= span.open_at]
        for tok in reversed(before):
            if self._is_speech(tok, lang):
                who = self._speaker_near_verb(analysis, tok, people, sent.start, span.open_at)
                if who is not None:
                    return who, span.close_at
                break
        low = fold(analysis.document.text[sent.start : span.open_at])
        for marker in self.according.get(lang, []):
            if marker in low:
                cut = sent.start + low.rfind(marker)
                cands = [e for m, e in people if m.start >= cut and m.end <= span.open_at]
                if cands:
                    return cands[0], span.close_at
        after_text = analysis.document.text[span.close_at : sent.end]
        for marker in self.according.get(lang, []):
            if marker in fold(after_text[:40]):
                cands = [e for m, e in people if span.close_at <= m.start < sent.end]
                if cands:
                    return cands[0], sent.end
        # the sentence that announces the quote: "X a insisté." / "Son message a déclaré :"
        if prev_sent is not None and span.open_at <= sent.start + 2:
            ptoks = list(tokens[prev_sent.token_start : prev_sent.token_end])
            for tok in reversed(ptoks):
                if self._is_speech(tok, prev_sent.language):
                    who = self._speaker_near_verb(
                        analysis, tok, people, prev_sent.start, prev_sent.end
                    )
                    if who is not None:
                        return who, span.close_at
                    break
        if before and before[-1].text == ":":
            earlier = [e for m, e in people if m.end <= span.open_at and m.via != "pronoun"]
            if earlier:
                return earlier[-1], span.close_at
        return None, span.close_at

    def _partial(
        self,
        analysis: Analysis,
        qtoks: list[Token],
        sent: Sentence,
        people: list[tuple[Mention, Entity]],
    ) -> Entity | None:
        """The speaker of a partial quote: the subject of the speech-act verb governing it."""
        tokens = analysis.tokens
        acts = self.speech_acts.get(sent.language, frozenset())
        inside = {t.i for t in qtoks}
        for tok in qtoks:
            t = tok
            for _ in range(2):
                if t.head == t.i or t.dep.split(":")[0] not in ("obj", "obl", "xcomp", "nmod"):
                    break
                t = tokens[t.head]
                if t.i in inside:
                    continue
                if t.pos in ("VERB", "AUX") and (fold(t.lemma) in acts or fold(t.text) in acts):
                    return self._speaker_near_verb(analysis, t, people, sent.start, sent.end)
        return None

    def __call__(self, analysis: Analysis) -> Analysis:
        text = analysis.document.text
        tokens = analysis.tokens
        people = self._people(analysis)
        sents = analysis.sentences
        out: list[Quote] = []
        last_para = -10
        last_speaker: Entity | None = None
        for seg_idx, seg in enumerate(analysis.segments):
            if seg.kind not in ("body",):
                continue
            seg_sents = [(i, s) for i, s in enumerate(sents) if s.segment == seg_idx]
            if not seg_sents:
                continue
            prev_end = -1
            prev_closed_at = -1
            # "à un » progrès « concret": marks turned the wrong way, pairing is unreliable
            inverted = bool(_INVERTED.search(text[seg.start : seg.end]))
            for span in find_quote_spans(text, seg.start, seg.end):
                inner = text[span.start : span.end].strip(" ,.;")
                if not span.closed:
                    before_txt = text[max(seg.start, span.open_at - 3) : span.open_at]
                    if ":" not in before_txt:
                        continue
                s_idx, sent = next(
                    ((i, s) for i, s in seg_sents if s.start <= span.open_at < s.end + 1),
                    seg_sents[-1],
                )
                qtoks = [t for t in tokens[sent.token_start :] if span.start <= t.start < span.end]
                n_words = len(inner.split())
                finite = any(t.verb_form == "Fin" for t in qtoks)
                parsed = any(t.verb_form or t.dep for t in qtoks)
                partial_speaker = None
                if n_words < _MIN_WORDS or not (
                    finite or n_words >= _MIN_WORDS_WITHOUT_VERB or not parsed
                ):
                    # a partial quote counts when a verb of saying or threatening governs it
                    # ("Il a menacé de “tarifs graves”"); other short quotes are scare quotes
                    partial_speaker = self._partial(analysis, qtoks, sent, people)
                    if n_words < 2 or partial_speaker is None:
                        continue
                prev_sent = sents[s_idx - 1] if s_idx > 0 else None
                speaker, attrib_end = self._attribution(analysis, span, sent, people, prev_sent)
                speaker = partial_speaker or speaker
                between = text[prev_closed_at : span.open_at] if prev_closed_at >= 0 else "x"
                only_attribution = (
                    prev_end >= 0
                    and span.open_at <= prev_end + 2
                    and len(between.split()) <= 14
                    and "." not in between.strip(" ,")
                )
                if out and prev_closed_at >= 0 and (not between.strip(" \n") or only_attribution):
                    # continuation: « A » « B », or « A », a-t-il dit, « B »
                    last = out[-1]
                    out[-1] = replace(
                        last,
                        end=span.end,
                        text=f"{last.text} […] {text[span.start : span.end].strip()}",
                    )
                    prev_closed_at = span.close_at
                    continue
                if speaker is None and last_speaker is not None and last_para >= seg_idx - 1:
                    speaker = last_speaker
                if speaker is None and inverted:
                    continue
                start = span.start + (
                    len(text[span.start : span.end]) - len(text[span.start : span.end].lstrip(" ,"))
                )
                end = span.end - (
                    len(text[span.start : span.end]) - len(text[span.start : span.end].rstrip(" ,"))
                )
                out.append(
                    Quote(
                        text=text[start:end],
                        start=start,
                        end=end,
                        speaker=speaker.name if speaker else None,
                        speaker_id=speaker.id if speaker else None,
                        sentence=s_idx,
                    )
                )
                prev_end = attrib_end
                prev_closed_at = span.close_at
                if speaker is not None:
                    last_speaker = speaker
                    last_para = seg_idx
        return replace(analysis, quotes=tuple(out))


@register("veille.quotes.v1")
def make_quotes(settings: Settings, resources: Resources) -> Stage:
    return QuotesStage(resources.grammar)
