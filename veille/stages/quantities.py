"""Stage ``veille.quantities.v1``: money, casualties, item counts, percentages and day counts.

Built on :mod:`veille.numbers`. A number becomes a quantity only when the words around it say
what it counts: a currency (symbol, code or word; "livres" only near the United Kingdom), a
percent sign, a day word, people with a killed/injured word, or an equipment noun. A sub-count
("dont deux enfants") is folded into the count it belongs to, and an amount restated in
parentheses in another currency is linked to the first one (``equivalent_of``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ..model import Analysis, Quantity
from ..numbers import NumberGrammar
from ..resources import Resources
from ..settings import Settings
from ..text import fold, fold_with_map
from .base import Stage, register
from .language import ANALYSED

__all__ = ["QuantitiesStage", "QuantityGrammar"]

_WORD = re.compile(r"[a-z0-9'%-]+")
# words skipped between a number and what it counts ("une dizaine de morts", "dozens of")
_FILLERS = frozenset({"de", "d'", "of", "des", "du"})


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


@dataclass(frozen=True, slots=True)
class _Raw:
    start: int
    end: int
    value: float
    unit: str
    what: str
    qualifier: str | None
    equivalent_of: int | None = None


class QuantityGrammar:
    def __init__(self, lexicon: dict[str, Any], grammar: dict[str, Any], lang: str) -> None:
        self.lang = lang
        self.numbers = NumberGrammar(lexicon, lang)
        words: dict[str, str] = {}
        symbols: dict[str, str] = {}
        self.ambiguous: dict[str, tuple[str, frozenset[str]]] = {}
        for code, cur in lexicon["currencies"].items():
            for w in cur.get("words", {}).get(lang, []) + cur.get("codes", []):
                words.setdefault(fold(w), code)
            for sym in cur.get("symbols", []):
                symbols.setdefault(fold(sym), code)
            ctx = frozenset(fold(c) for c in cur.get("context", []))
            for w in cur.get("ambiguous_words", []):
                if fold(w) in words and words[fold(w)] == code:
                    self.ambiguous[fold(w)] = (code, ctx)
        self.currency_words = words
        self.currency_symbols = symbols
        self.after_currency = re.compile(
            rf"\s*(?:d'|de\s+|of\s+|in\s+|en\s+)?({_alt(list(words))}|{_alt(list(symbols))})(?![a-z])"
        )
        self.before_symbol = re.compile(rf"({_alt(list(symbols))})\s*$")
        units = lexicon["units"]
        self.killed = frozenset(fold(w) for w in units["people_killed"].get(lang, []))
        self.injured = frozenset(fold(w) for w in units["people_injured"].get(lang, []))
        self.people = frozenset(fold(w) for w in units["people_nouns"].get(lang, []))
        self.subcount = [fold(w) for w in units.get("subcount_markers", {}).get(lang, [])]
        self.percent = re.compile(rf"\s*({_alt([fold(w) for w in units['percent']['all']])})")
        day_words = [fold(w).lstrip("-") for w in units["days"].get(lang, [])]
        self.days = re.compile(rf"\s*(?:-)?({_alt(day_words)})(?![a-z])")
        connectors = [
            fold(c) for c in lexicon["languages"].get(lang, {}).get("range_connectors", [])
        ]
        self.range_re = re.compile(rf"\s*(?:{_alt(connectors) or '-'})\s*")
        self.items = frozenset(fold(w) for w in grammar.get("items", {}).get(lang, []))

    def extract(self, text: str, doc_context: frozenset[str]) -> list[_Raw]:
        """Quantities in ``text`` with offsets into ``text``."""
        folded, omap = fold_with_map(text)
        out: list[_Raw] = []
        found = self.numbers.find(folded)
        low = None  # the first number of a range ("25 à 30 batteries") waits for the second
        for k, num in enumerate(found):
            if num.qualifier == "vague":
                continue
            before = folded[max(0, num.start - 25) : num.start]
            if before.endswith("@"):
                continue
            nxt = found[k + 1] if k + 1 < len(found) else None
            if nxt is not None and self.range_re.fullmatch(folded[num.end : nxt.start]):
                low = num
                continue
            raw = self._classify(
                folded, num.start, num.end, num.value, num.qualifier, before, doc_context, out
            )
            if raw is None:
                low = None
                continue
            if low is not None:
                out.append(
                    replace(
                        raw, start=low.start, end=low.end, value=low.value, qualifier="range_low"
                    )
                )
                raw = replace(raw, qualifier="range_high")
                low = None
            out.append(raw)
        return [replace(r, start=omap[r.start], end=omap[r.end]) for r in out]

    def _words_after(self, folded: str, end: int, n: int) -> list[tuple[str, int, int]]:
        return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(folded, end)][:n]

    def _classify(
        self,
        folded: str,
        start: int,
        end: int,
        value: float,
        qualifier: str | None,
        before: str,
        ctx: frozenset[str],
        previous: list[_Raw],
    ) -> _Raw | None:
        m = self.after_currency.match(folded, end)
        code = None
        if m:
            word = m.group(1)
            code = self.currency_words.get(word) or self.currency_symbols.get(word)
            amb = self.ambiguous.get(word)
            if amb is not None and not (amb[1] & ctx):
                code = None
            if code:
                end = m.end()
        if code is None and (s := self.before_symbol.search(before)):
            code = self.currency_symbols.get(s.group(1))
            start -= len(before) - s.start()
        if code:
            equiv = None
            if previous and previous[-1].unit not in (
                "people_killed",
                "people_injured",
                "items",
                "percent",
                "days",
            ):
                between = folded[previous[-1].end : start]
                if re.fullmatch(r"\s*\(\s*(?:[a-z]+\s+){0,2}", between):
                    equiv = len(previous) - 1
            return _Raw(start, end, value, code, "money", qualifier, equiv)
        if m := self.percent.match(folded, end):
            return _Raw(start, m.end(), value, "percent", "percent", qualifier)
        if 1900 <= value <= 2100 and float(value).is_integer():
            return None
        if m := self.days.match(folded, end):
            return _Raw(start, m.end(), value, "days", "days", qualifier)
        prev_words = re.findall(r"[a-z']+", before)[-3:]
        if any(" ".join(prev_words[-len(s.split()) :]) == s for s in self.subcount if s):
            if previous and previous[-1].unit in ("people_killed", "people_injured"):
                nxt = self._words_after(folded, end, 1)
                noun = nxt[0][0] if nxt else ""
                last = previous[-1]
                previous[-1] = replace(
                    last, what=f"{last.what} (including {int(value)} {noun})".strip()
                )
            return None
        after = [a for a in self._words_after(folded, end, 6) if a[0] not in _FILLERS]
        after_words = [w for w, _, _ in after]
        people_at = next((i for i, w in enumerate(after_words[:3]) if w in self.people), None)
        unit = self._casualty(prev_words, after_words, people_at)
        if unit is not None:
            stop = after[people_at][2] if people_at is not None else end
            if (
                people_at is None
                and after_words
                and (after_words[0] in self.killed or after_words[0] in self.injured)
            ):
                stop = after[0][2]
            what = "people killed" if unit == "people_killed" else "people injured"
            return _Raw(start, stop, value, unit, what, qualifier)
        for i, (w, _s, e) in enumerate(after[:3]):
            if w in self.items or w.rsplit("-", 1)[-1] in self.items:
                return _Raw(start, e, value, "items", w, qualifier)
            if i >= 1:
                break
        return None

    def _casualty(
        self, prev_words: list[str], after_words: list[str], people_at: int | None
    ) -> str | None:
        def kind(w: str) -> str | None:
            if w in self.killed:
                return "people_killed"
            if w in self.injured:
                return "people_injured"
            return None

        if people_at is None:
            if after_words and (k := kind(after_words[0])):
                return k  # "12 blessés", "20 morts"
            if prev_words and (k := kind(prev_words[-1])):
                return k  # "en blessant 12"
            return None
        # nearest killed/injured word around "<number> <people noun>"
        candidates: list[tuple[int, str]] = []
        for dist, w in enumerate(reversed(prev_words), start=1):
            if k := kind(w):
                candidates.append((dist, k))
        for dist, w in enumerate(after_words[people_at + 1 : people_at + 5], start=1):
            if k := kind(w):
                candidates.append((dist, k))
        if not candidates:
            return None
        return min(candidates)[1]


class QuantitiesStage(Stage):
    name = "veille.quantities.v1"
    requires = ("sentences", "segments")
    assigns = ("quantities",)

    def __init__(self, resources: Resources) -> None:
        self.resources = resources
        self._grammars: dict[str, QuantityGrammar] = {}

    def grammar(self, lang: str) -> QuantityGrammar:
        if lang not in self._grammars:
            self._grammars[lang] = QuantityGrammar(
                self.resources.numbers, self.resources.grammar, lang
            )
        return self._grammars[lang]

    def __call__(self, analysis: Analysis) -> Analysis:
        text = analysis.document.text
        ctx = frozenset(w for w in re.findall(r"[a-z][a-z.'-]+", fold(text)))
        ctx = ctx | frozenset(
            " ".join(pair) for pair in zip(fold(text).split(), fold(text).split()[1:], strict=False)
        )
        out: list[Quantity] = []
        for s_idx, sent in enumerate(analysis.sentences):
            if analysis.segments[sent.segment].kind not in ANALYSED:
                continue
            base = len(out)
            for raw in self.grammar(sent.language).extract(sent.text, ctx):
                what = raw.what
                if raw.unit == "items":  # the noun as written ("systèmes", "munitions")
                    what = sent.text[raw.start : raw.end].split()[-1]
                out.append(
                    Quantity(
                        value=raw.value,
                        unit=raw.unit,
                        what=what,
                        evidence=sent.text,
                        start=sent.start + raw.start,
                        end=sent.start + raw.end,
                        sentence=s_idx,
                        sentence_start=sent.start,
                        sentence_end=sent.end,
                        qualifier=raw.qualifier,
                        equivalent_of=None
                        if raw.equivalent_of is None
                        else base + raw.equivalent_of,
                    )
                )
        for i, q in enumerate(out[:-1]):
            if q.qualifier == "range_low":  # "25 à 30 batteries": both count batteries
                out[i] = replace(q, what=out[i + 1].what)
        return replace(analysis, quantities=tuple(out))


@register("veille.quantities.v1")
def make_quantities(settings: Settings, resources: Resources) -> Stage:
    return QuantitiesStage(resources)
