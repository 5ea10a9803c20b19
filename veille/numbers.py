"""veille's number grammar for French, English, Spanish and German.

Digits with spaced, dotted or comma thousands and decimal commas ("10 000", "10.000", "114,8"),
number words ("deux", "douze", "a dozen", "zwei"), scale words ("milliards", "billion",
"mil millones", "Mrd."), so "21 000 millions" is 21 000 000 000. All matching is done on folded
text (lower case, no accents) with a map back to the original offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .text import fold

__all__ = ["NumberGrammar", "NumberMatch", "format_number"]

_ARTICLE_ONES = frozenset({"un", "une", "a", "an", "uno", "una", "ein", "eine", "einen", "einem"})


@dataclass(frozen=True, slots=True)
class NumberMatch:
    start: int  # offsets in the folded text
    end: int
    value: float
    qualifier: str | None = None
    approximate: bool = False
    scale: float = 1.0  # the scale word's factor ("72 milliards": 1e9), 1 when none


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


class NumberGrammar:
    """Number expressions of one language."""

    def __init__(self, lexicon: dict[str, Any], lang: str) -> None:
        cfg = lexicon["languages"].get(lang) or lexicon["languages"]["en"]
        self.lang = lang
        self.units: dict[str, float] = {fold(k): float(v) for k, v in cfg["units"].items()}
        self.approx: dict[str, float] = {
            fold(k): float(v) for k, v in cfg.get("approx_nouns", {}).items()
        }
        self.scales: dict[str, float] = {
            fold(k).rstrip("."): float(v) for k, v in cfg["scales"].items()
        }
        self.bounds: dict[str, str] = {fold(k): v for k, v in cfg.get("bounds", {}).items()}
        self.range_connectors = [fold(c) for c in cfg.get("range_connectors", [])]
        dec = cfg.get("decimal_separator", ".")
        thousands = [s for s in cfg.get("thousands_separators", [","]) if s != dec]
        tsep = "".join(re.escape(s) if s != " " else " " for s in thousands)
        tsep = tsep.replace("\u00a0", "").replace("\u202f", "") or ","
        dec_re = re.escape(dec)
        self.digits = re.compile(
            rf"(?<![\w@.,])(\d{{1,3}}(?:[{tsep}]\d{{3}})+(?:{dec_re}\d+)?|\d+(?:{dec_re}\d+)?)(?:(?![\w@])|(?=(?:bn|mn|mds?|mrd|mio|md|k|m)\b))"
        )
        self.dec = dec
        self.thousands = set(thousands) | {" "} if " " in thousands else set(thousands)
        scale_alt = _alternation([k for k in self.scales if len(k) > 1 or k in ("m", "k")])
        self.scale_re = re.compile(rf"\s*(?:de\s+|d')?({scale_alt})\.?(?![a-z])")
        word_alt = _alternation(list(self.units))
        self.word_re = re.compile(
            rf"(?<![a-z])((?:{word_alt})(?:[\s-]+(?:et[\s-]+)?(?:{word_alt}))*)(?![a-z])"
        )
        approx_alt = _alternation(list(self.approx))
        self.approx_re = re.compile(
            rf"(?<![a-z])(?:(un|une|a|an|uno|una|ein|eine|einem|des|de)\s+)?({approx_alt})(?![a-z])"
        )
        additive = [fold(w) for w in cfg.get("additive_thousands", [])]
        self.additive = re.compile(rf"(?:^|\s)(?:{_alternation(additive)})$") if additive else None
        bound_alt = _alternation(list(self.bounds))
        self.bound_re = re.compile(rf"(?:^|(?<=[\s(]))({bound_alt})\s*$")

    def parse_digits(self, raw: str) -> float:
        text = raw
        for sep in self.thousands:
            if sep != self.dec:
                text = text.replace(sep, "")
        return float(text.replace(self.dec, "."))

    def _split_words(self, phrase: str) -> list[str] | None:
        """Split a phrase into lexicon words, longest first ("quatre-vingt-dix" is one)."""
        parts = re.split(r"([\s-]+)", phrase)
        out: list[str] = []
        i = 0
        while i < len(parts):
            for j in range(len(parts), i, -1):
                cand = "".join(parts[i:j]).strip(" -")
                if cand in self.units or cand in ("et", "y", "und", "and"):
                    out.append(cand)
                    i = j
                    break
            else:
                if parts[i].strip(" -"):
                    return None
                i += 1
        return out

    def parse_words(self, phrase: str) -> float | None:
        total = 0.0
        current = 0.0
        seen = False
        split = self._split_words(phrase)
        if split is None:
            return None
        for word in split:
            if word in ("et", "y", "und", "and"):
                continue
            value = self.units.get(word)
            if value is None:
                return None
            seen = True
            if value == 100:
                current = max(1.0, current) * 100
            elif value >= 1000:
                total += max(1.0, current) * value
                current = 0
            else:
                current += value
        return total + current if seen else None

    def _scale_after(self, folded: str, end: int) -> tuple[float, int]:
        m = self.scale_re.match(folded, end)
        if m:
            # "mil millones" style two-word scales are listed whole in the lexicon
            return self.scales[m.group(1)], m.end()
        return 1.0, end

    def _bound_before(self, folded: str, start: int) -> str | None:
        m = self.bound_re.search(folded[max(0, start - 20) : start])
        return self.bounds[m.group(1)] if m else None

    def find(self, folded: str) -> list[NumberMatch]:
        """Every number expression in ``folded`` (already folded text)."""
        found: list[NumberMatch] = []
        taken: list[tuple[int, int]] = []

        def free(a: int, b: int) -> bool:
            return all(b <= s or a >= e for s, e in taken)

        for m in self.approx_re.finditer(folded):
            value = self.approx[m.group(2)]
            scale, end = self._scale_after(folded, m.end())
            vague = m.group(1) in (None, "des", "de")
            found.append(
                NumberMatch(
                    m.start(), end, value * scale, "vague" if vague else "about", True, scale
                )
            )
            taken.append((m.start(), end))
        for m in self.digits.finditer(folded):
            if not free(m.start(), m.end()):
                continue
            raw = m.group(1)
            # "1.5" in a comma-decimal language, or a clock time, is not a number we read
            if re.match(r"\d{1,2}[:h]\d{2}", folded[m.start() : m.end() + 3]):
                continue
            try:
                value = self.parse_digits(raw)
            except ValueError:
                continue
            scale, end = self._scale_after(folded, m.end())
            bound = self._bound_before(folded, m.start())
            found.append(NumberMatch(m.start(), end, value * scale, bound, False, scale))
            taken.append((m.start(), end))
        for m in self.word_re.finditer(folded):
            if not free(m.start(), m.end()):
                continue
            phrase = m.group(1)
            scale, end = self._scale_after(folded, m.end())
            if phrase in _ARTICLE_ONES and scale == 1.0:
                continue
            wvalue = self.parse_words(phrase)
            if wvalue is None:
                continue
            bound = self._bound_before(folded, m.start())
            found.append(NumberMatch(m.start(), end, wvalue * scale, bound, False, scale))
            taken.append((m.start(), end))
        return self._join_additive(folded, sorted(found, key=lambda n: n.start))

    def _join_additive(self, folded: str, found: list[NumberMatch]) -> list[NumberMatch]:
        """ "3 mil 760" and "mil 200" (Mexican usage) are one number: 3760 and 1200."""
        if not self.additive:
            return found
        out: list[NumberMatch] = []
        for n in found:
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.value >= 1000
                and n.value < 1000
                and n.scale == 1.0
                and not n.approximate
                and folded[n.start : n.start + 1].isdigit()
                and folded[prev.end : n.start].isspace()
                and self.additive.search(folded[prev.start : prev.end])
            ):
                out[-1] = NumberMatch(
                    prev.start, n.end, prev.value + n.value, prev.qualifier, False, prev.scale
                )
                continue
            out.append(n)
        return out

    def parse(self, text: str) -> float | None:
        """The value of a text that is one number expression, or None."""
        folded = fold(text).strip()
        matches = self.find(folded)
        if not matches and folded in _ARTICLE_ONES:
            return 1.0
        m = matches[0] if len(matches) == 1 else None
        if m is None:
            return None
        return m.value if m.start == 0 and m.end == len(folded) else None


def format_number(value: float, lang: str) -> str:
    """Write a number as a newspaper of that language would, with digits."""
    integer = float(value).is_integer()
    if lang == "en":
        return f"{int(value):,}" if integer else f"{value:,}"
    text = f"{int(value):,}" if integer else f"{value:,}"
    sep = " " if lang == "fr" else "."
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", sep)
