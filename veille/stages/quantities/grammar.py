"""Number candidates of one sentence and the words around them, for one language.

:class:`QuantityGrammar` reads the number lexicon (``lexicons/numbers.json``: number words,
scales, bounds, currencies, unit words), the ``[items]`` nouns of ``lexicons/grammar.toml`` and
the month names of ``lexicons/dates.json``. It finds every number expression of a sentence
(:class:`Candidate`) and says what is sure from the words alone: a currency makes money, a
percent sign a percentage, a day word a possible day count. Whether any other number counts
people killed, people injured, items or nothing is decided by the learned model
(:mod:`.model`) over :func:`.features.candidate_features`, or, without a model, by
:meth:`QuantityGrammar.rule_unit`.

All matching is done on folded text (:func:`veille.text.fold_with_map`); offsets map back to
the sentence as written.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ...numbers import NumberGrammar, NumberMatch
from ...text import fold, fold_with_map
from .features import candidate_features

if TYPE_CHECKING:
    from .model import QuantityModel

__all__ = [
    "COUNT_UNITS",
    "Candidate",
    "QuantityGrammar",
    "RawQuantity",
    "Tok",
    "Words",
    "supported",
]

# what a counted number (not money, not a percentage) can be
COUNT_UNITS = ("people_killed", "people_injured", "items")
_CASUALTY = ("people_killed", "people_injured")
# folded words ("sous-marins" is one), digit runs apart from letters ("23-jahrige" is three)
_TOKEN = re.compile(r"(?:qu|[a-z])'(?=[a-z])|[a-z]+(?:['-][a-z]+)*|[0-9]+|[^\s\w]|_")
# words skipped between a number and what it counts ("une dizaine de morts", "dozens of")
_FILLERS = frozenset({"de", "d'", "of", "des", "du"})
# the article forms of "one" that may count a casualty ("un homme a été tué")
_ARTICLES = frozenset({"un", "une", "a", "an", "ein", "eine", "einen", "einem", "uno", "una"})
_ARTICLE_REACH = 5  # tokens within which a casualty word must follow an article "one"


def supported(lexicon: Mapping[str, Any], lang: str) -> bool:
    """Whether the number lexicon has ``lang`` (numbers, unit words): no fallback to another."""
    units = lexicon.get("units", {})
    return lang in lexicon.get("languages", {}) and all(
        lang in units.get(key, {}) for key in ("people_killed", "people_injured", "days")
    )


def _alt(words: Sequence[str]) -> str:
    alts = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)
    return alts or r"(?!x)x"  # an empty list matches nothing, never everything


def _tokens_of(phrase: str) -> tuple[str, ...]:
    return tuple(m.group(0) for m in _TOKEN.finditer(fold(phrase)))


@dataclass(frozen=True, slots=True)
class Tok:
    """A folded word, digit run or punctuation mark of the sentence."""

    text: str
    start: int
    end: int
    cap: bool  # written with a capital letter


@dataclass(frozen=True, slots=True)
class Words:
    """A folded sentence cut into tokens, with the unit words found among them."""

    folded: str
    omap: tuple[int, ...]  # folded offset -> offset in the sentence as written
    toks: tuple[Tok, ...]
    cues: tuple[str | None, ...]  # per token: "people_killed", "people_injured" or None


@dataclass(frozen=True, slots=True)
class Candidate:
    """One number expression of a sentence; offsets into the folded sentence."""

    start: int
    end: int  # end of the number (and of its currency, percent or day word)
    value: float
    qualifier: str | None
    kind: str  # "money", "percent", "days" or "count"
    unit: str | None  # currency code, "percent", "days"; None for a count
    after: int  # index of the first token after the expression
    before: int  # index of the last token before it (and before its bound), -1 if none
    shape: str  # "digits", "words", "approx" or "article"
    scale: float = 1.0
    raw: str = ""  # the expression as written (folded)
    range_low: bool = False  # the first number of a range ("25 à 30 batteries")
    prev_char: str = ""  # the characters touching it: "a" a letter, "9" a digit, "_" a space
    next_char: str = ""

    @property
    def count_value(self) -> float:
        """The value as a count: whole, so "2,100 personas" and "10,000 heridas" (thousands
        written with a comma where the comma is the decimal mark) are 2100 and 10000."""
        if self.scale != 1.0 or not re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", self.raw):
            return self.value
        return float(re.sub(r"[.,]", "", self.raw))


@dataclass(frozen=True, slots=True)
class RawQuantity:
    """A decided quantity; offsets into the sentence as written."""

    start: int
    end: int
    value: float
    unit: str
    what: str
    qualifier: str | None
    equivalent_of: int | None = None
    confidence: float = 1.0


@functools.lru_cache(maxsize=8)
def _stemmer(name: str) -> Any:
    import Stemmer

    return Stemmer.Stemmer(name)


class QuantityGrammar:
    """Number candidates and unit words of one language."""

    def __init__(
        self,
        lexicon: Mapping[str, Any],
        grammar: Mapping[str, Any],
        lang: str,
        *,
        dates: Mapping[str, Any] | None = None,
        model: QuantityModel | None = None,
    ) -> None:
        if not supported(lexicon, lang):
            raise ValueError(f"no number lexicon for language {lang!r}")
        self.lang = lang
        self.model = model
        self.numbers = NumberGrammar(dict(lexicon), lang)
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
        # a symbol written as letters ("Rs", "TL") must start a word: "Reuters 2024" is no rupee
        self.before_symbol = re.compile(rf"(?<![a-z])({_alt(list(symbols))})\s*$")
        units = lexicon["units"]
        self.cue_phrases: dict[tuple[str, ...], str] = {}
        for unit in ("people_injured", "people_killed"):  # killed wins a tie
            for w in units[unit].get(lang, []):
                self.cue_phrases[_tokens_of(w)] = unit
        self.cue_length = max((len(k) for k in self.cue_phrases), default=1)
        self.people = frozenset(fold(w) for w in units["people_nouns"].get(lang, []))
        self.measures = frozenset(fold(w) for w in units.get("measures", {}).get(lang, []))
        self.subcount = [_tokens_of(w) for w in units.get("subcount_markers", {}).get(lang, [])]
        offsets = units.get("day_offsets", {})
        self.offset_after = [_tokens_of(w) for w in offsets.get("after", {}).get(lang, [])]
        self.offset_before = [_tokens_of(w) for w in offsets.get("before", {}).get(lang, [])]
        self.percent = re.compile(rf"\s*({_alt([fold(w) for w in units['percent']['all']])})")
        day_words = [fold(w).lstrip("-") for w in units["days"].get(lang, [])]
        self.days = re.compile(rf"\s*-?({_alt(day_words)})(?![a-z])")
        connectors = [fold(c) for c in lexicon["languages"][lang].get("range_connectors", [])]
        self.range_re = re.compile(rf"\s*(?:{_alt(connectors)})\s*")
        self.items = frozenset(fold(w) for w in grammar.get("items", {}).get(lang, []))
        # compound heads ("Flugabwehrsysteme" ends in "systeme"), long enough to be safe
        self.item_heads = tuple(sorted((w for w in self.items if len(w) >= 5), key=len))
        months = (dates or {}).get("languages", {}).get(lang, {}).get("months", {})
        self.months = frozenset(fold(m).rstrip(".") for m in months)
        cfg = grammar.get(lang, {})
        self.stemmer_name = str(cfg.get("stemmer", "")) if isinstance(cfg, Mapping) else ""

    @classmethod
    def from_resources(cls, resources: Any, lang: str) -> QuantityGrammar:
        """The grammar the pipeline uses: the lexicons and the shipped model."""
        return cls(
            resources.numbers,
            resources.grammar,
            lang,
            dates=resources.dates,
            model=resources.quantity_model,
        )

    # ------------------------------------------------------------------ words
    def stem(self, word: str) -> str:
        if not self.stemmer_name or not word.isalpha():
            return word
        return str(_stemmer(self.stemmer_name).stemWord(word))

    def is_item(self, word: str) -> bool:
        if word in self.items or word.rsplit("-", 1)[-1] in self.items:
            return True
        return self.lang == "de" and any(word.endswith(h) for h in self.item_heads)

    def words(self, text: str) -> Words:
        """``text`` folded and cut into tokens, casualty words marked."""
        folded, omap = fold_with_map(text)
        toks = []
        for m in _TOKEN.finditer(folded):
            ch = text[omap[m.start()]] if omap[m.start()] < len(text) else ""
            toks.append(Tok(m.group(0), m.start(), m.end(), ch.isupper()))
        cues: list[str | None] = [None] * len(toks)
        i = 0
        while i < len(toks):
            for n in range(min(self.cue_length, len(toks) - i), 0, -1):
                unit = self.cue_phrases.get(tuple(t.text for t in toks[i : i + n]))
                if unit is not None:
                    cues[i : i + n] = [unit] * n
                    i += n - 1
                    break
            i += 1
        return Words(folded, tuple(omap), tuple(toks), tuple(cues))

    # ------------------------------------------------------------- candidates
    def candidates(self, text: str, ctx: frozenset[str]) -> tuple[Words, list[Candidate]]:
        """The words of a sentence and its number candidates."""
        w = self.words(text)
        folded = w.folded
        found = [n for n in self.numbers.find(folded) if n.qualifier != "vague"]
        found += self._articles(w, found)
        found.sort(key=lambda n: n.start)
        starts = [t.start for t in w.toks]
        out: list[Candidate] = []
        for k, num in enumerate(found):
            if folded[max(0, num.start - 1) : num.start] == "@":
                continue
            if re.search(r"[a-z]-$", folded[max(0, num.start - 2) : num.start]):
                continue  # a name: "F-16", "Su-25", "COVID-19"
            nxt = found[k + 1] if k + 1 < len(found) else None
            low = nxt is not None and bool(self.range_re.fullmatch(folded[num.end : nxt.start]))
            out.append(replace(self._candidate(folded, num, starts, ctx), range_low=low))
        return w, out

    def _articles(self, w: Words, found: Sequence[NumberMatch]) -> list[NumberMatch]:
        """Article "one"s close to a casualty word ("un homme a été tué", "killed a man")."""
        starts = sorted(n.start for n in found)
        out = []
        for i, t in enumerate(w.toks):
            if t.text not in _ARTICLES or any(n.start <= t.start < n.end for n in found):
                continue
            ahead = next(
                (j for j in range(i + 1, min(len(w.toks), i + 1 + _ARTICLE_REACH)) if w.cues[j]),
                None,
            )
            behind = i > 0 and w.cues[i - 1] is not None
            if ahead is not None:
                k = bisect.bisect_right(starts, t.start)
                if k < len(starts) and starts[k] < w.toks[ahead].start:
                    ahead = None  # another number stands between ("un poste ... tuant 4")
            if ahead is not None or behind:
                out.append(NumberMatch(t.start, t.end, 1.0))
        return out

    def _candidate(
        self, folded: str, num: NumberMatch, starts: Sequence[int], ctx: frozenset[str]
    ) -> Candidate:
        start, end = num.start, num.end
        raw = folded[num.start : num.end]
        if num.approximate:
            shape = "approx"
        elif raw[:1].isdigit():
            shape = "digits"
        elif raw in _ARTICLES:
            shape = "article"
        else:
            shape = "words"
        kind, unit = "count", None
        m = self.after_currency.match(folded, end)
        if m:
            word = m.group(1)
            code = self.currency_words.get(word) or self.currency_symbols.get(word)
            amb = self.ambiguous.get(word)
            if amb is not None and not (amb[1] & ctx):
                code = None
            if code:
                kind, unit, end = "money", code, m.end()
        if kind == "count":
            before = folded[max(0, start - 25) : start]
            if s := self.before_symbol.search(before):
                kind, unit = "money", self.currency_symbols.get(s.group(1))
                start -= len(before) - s.start()
        if kind == "count" and (m := self.percent.match(folded, end)):
            kind, unit, end = "percent", "percent", m.end()
        if kind == "count" and (m := self.days.match(folded, end)):
            kind, unit, end = "days", "days", m.end()
        window = folded[max(0, start - 20) : start]
        bound = self.numbers.bound_re.search(window)
        lead = start - (len(window) - bound.start()) if bound else start
        return Candidate(
            start=start,
            end=end,
            value=num.value,
            qualifier=num.qualifier,
            kind=kind,
            unit=unit,
            after=bisect.bisect_left(starts, end),
            before=bisect.bisect_left(starts, lead) - 1,
            shape=shape,
            scale=num.scale,
            raw=raw,
            prev_char=_char_class(folded[start - 1 : start] if start else ""),
            next_char=_char_class(folded[end : end + 1]),
        )

    # ----------------------------------------------------------------- rules
    def is_year(self, c: Candidate) -> bool:
        return c.raw.isdigit() and len(c.raw) == 4 and 1900 <= c.value <= 2100

    def subcount_before(self, w: Words, c: Candidate) -> bool:
        """ "dont deux enfants", "including eight children": a part of the count before."""
        prev = tuple(t.text for t in w.toks[max(0, c.before - 2) : c.before + 1])
        return any(s and prev[-len(s) :] == s for s in self.subcount)

    def _after(self, w: Words, c: Candidate, n: int) -> list[int]:
        """Indices of the next ``n`` tokens after the number, fillers ("de", "of") skipped."""
        end = min(len(w.toks), c.after + n + 1)
        return [i for i in range(c.after, end) if w.toks[i].text not in _FILLERS][:n]

    def noun_after(self, w: Words, c: Candidate) -> int | None:
        """Index of the noun a count counts: the first of the next three words that a lexicon
        knows, else the first word (in German the first capitalised one)."""
        window = self._after(w, c, 3)
        if not window or not w.toks[window[0]].text[:1].isalpha():
            return None
        # an abbreviation is no noun ("16 U.S. companies")
        words = [
            i
            for i in range(window[0], min(len(w.toks), window[0] + 6))
            if w.toks[i].text[:1].isalpha() and len(w.toks[i].text) > 1
        ][:3]
        if not words:
            return None
        for i in words:
            t = w.toks[i].text
            if t in self.people or self.is_item(t):
                return i
            if w.cues[i]:  # "61'827 Palästinenser getötet": the word before the verb
                return words[0]
        if self.lang == "de":
            return next((i for i in words if w.toks[i].cap), words[0])
        return words[0]

    def is_day_offset(self, w: Words, c: Candidate) -> bool:
        """ "deux jours après", "three days ago", "seit zehn Tagen": a time, not a day count."""
        nxt = tuple(t.text for t in w.toks[c.after : c.after + 3])
        prev = tuple(t.text for t in w.toks[max(0, c.before - 2) : c.before + 1])
        return any(s and nxt[: len(s)] == s for s in self.offset_after) or any(
            s and prev[-len(s) :] == s for s in self.offset_before
        )

    def rule_unit(self, w: Words, c: Candidate) -> str | None:
        """What the lexicons alone say a count counts (``None``: nothing worth reporting)."""
        if c.kind == "days":
            return None if self.is_day_offset(w, c) else "days"
        if c.kind != "count" or self.is_year(c):
            return None
        after = self._after(w, c, 8)
        first = after[0] if after else None
        if first is not None and (kind := w.cues[first]):
            return kind  # "12 blessés", "20 morts"
        if first is not None and w.toks[first].text in self.measures:
            return None  # "trois ans", "48 hours"
        people_at = next(
            (n for n, i in enumerate(after[:3]) if w.toks[i].text in self.people), None
        )
        prev_cue = w.cues[c.before] if c.before >= 0 else None
        if people_at is not None:
            if prev_cue:
                return prev_cue  # "killing at least 16 people": the verb before comes first
            for i in after[people_at + 1 : people_at + 5]:
                if w.toks[i].text[:1].isdigit():
                    break
                if kind := w.cues[i]:
                    return kind  # "20 civils ont été tués"
            return None
        if prev_cue and not (first is not None and w.toks[first].text[:1].isalpha()):
            return prev_cue  # "en blessant 12."
        if c.shape == "article":
            return None
        for i in after[:2]:
            if self.is_item(w.toks[i].text):
                return "items"
        return None

    # ---------------------------------------------------------------- output
    def extract(self, text: str, ctx: frozenset[str]) -> list[RawQuantity]:
        """The quantities of one sentence, offsets into ``text``."""
        w, cands = self.candidates(text, ctx)
        decided: dict[int, tuple[str, float]] = {}
        prev = "start"
        for k, c in enumerate(cands):
            if c.kind in ("money", "percent"):
                decided[k] = (c.unit or "", 1.0)
                prev = "money" if c.kind == "money" else "percent"
                continue
            if c.range_low:
                continue  # decided with the number that closes the range
            if self.model is not None and c.kind == "count":
                unit, p = self.model.decide(candidate_features(self, w, c, prev), c.kind)
            else:  # a day word decides by rule: a day count unless it is a point in time
                unit, p = self.rule_unit(w, c) or "none", 1.0
            prev = unit
            if unit != "none":
                decided[k] = (unit, p)
        return self._assemble(text, w, cands, decided)

    def _assemble(
        self,
        text: str,
        w: Words,
        cands: Sequence[Candidate],
        decided: Mapping[int, tuple[str, float]],
    ) -> list[RawQuantity]:
        out: list[RawQuantity] = []
        for k, c in enumerate(cands):
            if c.kind == "count" and self.subcount_before(w, c):
                self._note_subcount(out, w, c)
            if c.range_low or k not in decided:
                continue
            unit, p = decided[k]
            q = self._quantity(text, w, c, unit, p, out)
            low = cands[k - 1] if k and cands[k - 1].range_low else None
            if low is not None and low.kind in ("count", c.kind):
                value = low.count_value if c.kind in ("count", "days") else low.value
                if low.scale == 1.0 and c.scale > 1.0 and value * c.scale <= c.value:
                    value *= c.scale  # "entre 400 y 600 millones": 400 millions
                out.append(
                    replace(
                        q,
                        start=w.omap[low.start],
                        end=w.omap[low.end],
                        value=value,
                        qualifier="range_low",
                        equivalent_of=None,
                    )
                )
                q = replace(q, qualifier="range_high")
            out.append(q)
        return out

    def _note_subcount(self, out: list[RawQuantity], w: Words, c: Candidate) -> None:
        """ "12 blessés, dont deux enfants": the count before says what it includes."""
        if not out or out[-1].unit not in _CASUALTY:
            return
        noun = w.toks[c.after].text if c.after < len(w.toks) else ""
        last = out[-1]
        out[-1] = replace(last, what=f"{last.what} (including {int(c.value)} {noun})".strip())

    def _quantity(
        self,
        text: str,
        w: Words,
        c: Candidate,
        unit: str,
        p: float,
        previous: Sequence[RawQuantity],
    ) -> RawQuantity:
        value = c.count_value if c.kind in ("count", "days") else c.value
        end = c.end
        what = {"percent": "percent", "days": "days"}.get(unit, "money")
        equiv = None
        if c.kind == "money":
            if previous and previous[-1].unit.isupper():
                between = text[previous[-1].end : w.omap[c.start]]
                if re.fullmatch(r"\s*\(\s*(?:\w+\s+){0,2}", between):
                    equiv = len(previous) - 1
        elif unit in COUNT_UNITS:
            noun = self.noun_after(w, c)
            head = ""
            if noun is not None:
                end = w.toks[noun].end
                if not w.cues[noun]:
                    head = text[w.omap[w.toks[noun].start] : w.omap[w.toks[noun].end]]
            if unit == "items":
                what = head or "items"
            else:
                what = f"{head or 'people'} {'killed' if unit == 'people_killed' else 'injured'}"
        if c.qualifier:
            what = f"{what} ({c.qualifier.replace('_', ' ')})"
        return RawQuantity(
            start=w.omap[c.start],
            end=w.omap[end],
            value=value,
            unit=unit,
            what=what,
            qualifier=c.qualifier,
            equivalent_of=equiv,
            confidence=p,
        )


def _char_class(ch: str) -> str:
    if not ch:
        return "^"
    if ch.isalpha():
        return "a"
    if ch.isdigit():
        return "9"
    if ch.isspace():
        return "_"
    return ch
