"""Stage ``veille.dates.v1``: date expressions resolved against the publication date.

veille's own grammar (lexicon ``lexicons/dates.json``), because general date parsers resolve
every weekday to the past and miss "vendredi dernier", "ce vendredi", "la nuit du mardi au
mercredi", "au printemps" or "ces derniers mois". Direction comes from tense and wording: a bare
weekday in a past-tense sentence is the last such day (the publication day included), in a
future-tense sentence or after "se termine"/"expires" the next one. Without a publication date,
relative expressions are kept with ``value=None`` (unresolved) rather than guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from ..model import Analysis, DateRef, Token
from ..numbers import NumberGrammar
from ..resources import Resources
from ..settings import Settings
from ..text import fold, fold_with_map
from .base import Stage, register
from .language import ANALYSED

__all__ = ["DateGrammar", "DatesStage", "sentence_is_future"]

_FUTURE_FORMS = {
    "fr": re.compile(r"\b\w+(?:era|eront|ira|iront|dra|dront|ra|ront)\b"),
    "es": re.compile(r"\b\w+(?:ará|erá|irá|arán|erán|irán)\b|\bva a\b|\bvan a\b"),
    "de": re.compile(r"\b(?:wird|werden)\b"),
    "en": re.compile(r"\b(?:will|shall|'ll)\b"),
}


def _alt(words: Any) -> str:
    return "|".join(
        re.escape(w) for w in sorted({fold(x) for x in words}, key=len, reverse=True) if w
    )


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    value: dt.date | None
    end_value: dt.date | None
    precision: str
    # for precision "story": days from the day the story last named
    offset: int = 0


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def sentence_is_future(text: str, tokens: list[Token], lang: str) -> bool:
    """True when the sentence speaks of the future (morphology where parsed, word forms else)."""
    if any(t.tense == "Fut" for t in tokens):
        return True
    if any(t.tense in ("Past", "Imp") for t in tokens):
        return False
    pattern = _FUTURE_FORMS.get(lang)
    return bool(pattern and pattern.search(text.lower()))


class DateGrammar:
    def __init__(
        self,
        lexicon: dict[str, Any],
        numbers: dict[str, Any],
        lang: str,
        year_prepositions: list[str],
        future_words: tuple[str, ...] = (),
    ) -> None:
        self.future_words = frozenset(fold(w) for w in future_words)
        cfg = lexicon["languages"].get(lang) or lexicon["languages"]["en"]
        self.lang = lang
        self.seasons_bounds = lexicon.get("season_bounds", {})
        self.recent_span = lexicon.get("recent_range_span", {"month": 3, "week": 3, "day": 3})
        self.weekdays = {fold(k): int(v) for k, v in cfg["weekdays"].items()}
        ambiguous_months = {fold(m) for m in cfg.get("ambiguous_months", [])}
        self.months = {fold(k).rstrip("."): int(v) for k, v in cfg["months"].items()}
        self.seasons = {fold(k): v for k, v in cfg.get("seasons", {}).items()}
        self.past = {fold(w) for w in cfg.get("past_markers", [])}
        self.future = {fold(w) for w in cfg.get("future_markers", [])}
        self.this = {fold(w) for w in cfg.get("this_markers", [])}
        self.future_context = [fold(w) for w in cfg.get("future_context", [])]
        ambiguous_words = {fold(w) for w in cfg.get("ambiguous_words", [])}
        self.relative = {fold(k): int(v) for k, v in cfg.get("relative_words", {}).items()}
        # words that are also nouns ("Morgen", "mañana") count only to open a sentence
        self.sentence_initial_only = ambiguous_words
        self.week_words = {fold(k): int(v) for k, v in cfg.get("week_words", {}).items()}
        self.month_words = {fold(k): int(v) for k, v in cfg.get("month_words", {}).items()}
        self.year_words = {fold(k): int(v) for k, v in cfg.get("year_words", {}).items()}
        ago = cfg.get("ago", {})
        self.ago_units = {fold(k): v for k, v in ago.get("units", {}).items()}
        self.recent = {fold(k): v for k, v in cfg.get("recent_range_units", {}).items()}
        for phrase in cfg.get("recent_range", []):
            self.recent.setdefault(fold(phrase), "month")
        self.numbers = NumberGrammar(numbers, lang)
        wd = _alt(self.weekdays)
        marks = _alt(self.past | self.future | self.this | {"le", "el", "am", "on", "der", "den"})
        self.weekday_re = re.compile(
            rf"(?<![a-z])(?:({marks})\s+)?(?:({marks})\s+)?({wd})(?:\s+({_alt(self.past | self.future)}))?(?![a-z])"
        )
        nights = _alt(cfg.get("night_of", []))
        self.night_re = (
            re.compile(
                rf"(?<![a-z])(?:{nights})\s+(?:du\s+|de\s+|del\s+|of\s+)?(?:{wd})\s+(?:au|a|to|into|al|zum|auf|on)\s+({wd})(?![a-z])"
            )
            if nights
            else None
        )
        months_all = _alt(self.months)
        months_safe = _alt(m for m in self.months if m not in ambiguous_months)
        ords = _alt(cfg.get("day_ordinals", {}))
        self.ordinals = {fold(k): int(v) for k, v in cfg.get("day_ordinals", {}).items()}
        day = rf"(\d{{1,2}}|{ords})" if ords else r"(\d{1,2})"
        self.day_month_re = re.compile(
            rf"(?<![\w@]){day}\.?(?:er|st|nd|rd|th)?\s+(?:de\s+)?({months_all})\.?(?:\s+(?:de\s+)?(\d{{4}}))?(?![a-z\d])"
        )
        self.month_day_re = re.compile(
            rf"(?<![a-z])({months_all})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?(?![a-z\d])"
        )
        month_preps = r"en|in|im|au mois de|en el mes de|a principios de|a fines de|since|depuis|desde|seit|en el|debut|fin|mi|early|late|mid|end of|anfang|ende|mitte"
        self.month_re = re.compile(
            rf"(?<![a-z])(?:{month_preps})\s+(?:de\s+|d'|of\s+)?({months_all})(?:\s+(?:de\s+)?(\d{{4}}))?(?![a-z\d])"
        )
        self.month_year_re = re.compile(rf"(?<![a-z])({months_safe})\s+(?:de\s+)?(\d{{4}})(?!\d)")
        self.year_re = re.compile(
            rf"(?<![a-z])(?:{_alt(year_prepositions)})\s+(?:l'annee\s+|el ano\s+|the year\s+)?((?:19|20)\d\d)(?![\d%])"
        )
        self.phrases = {
            **{k: ("day", v) for k, v in self.relative.items()},
            **{k: ("week", v) for k, v in self.week_words.items()},
            **{k: ("month", v) for k, v in self.month_words.items()},
            **{k: ("year", v) for k, v in self.year_words.items()},
            **{k: ("recent", 0) for k in self.recent},
        }
        self.phrase_re = re.compile(rf"(?<![a-z])({_alt(self.phrases)})(?![a-z])")
        self.story_days = {fold(k): int(v) for k, v in cfg.get("story_days", {}).items()}
        self.story_re = (
            re.compile(rf"(?<![a-z])({_alt(self.story_days)})(?![a-z])")
            if self.story_days
            else None
        )
        before = fold(ago.get("pattern_before", "")) or None
        after = fold(ago.get("pattern_after", "")) or None
        units = _alt(self.ago_units)
        self.ago_before = (
            re.compile(
                rf"(?<![a-z]){re.escape(before)}\s+([\w-]+(?:\s[\w-]+)?)\s+({units})(?![a-z])"
            )
            if before
            else None
        )
        self.ago_after = (
            re.compile(
                rf"(?<![a-z])([\w-]+(?:\s[\w-]+)?)\s+({units})\s+{re.escape(after)}(?![a-z])"
            )
            if after
            else None
        )
        self.season_re = (
            re.compile(
                rf"(?<![a-z])(?:au|en|a l'|l'|cet|cette|ce|le|la|this|last|next|in|im|el|en el|dans|del|de la|of|im|diesen|letzten|pendant|durant|during)\s*(?:the\s+)?({_alt(self.seasons)})(?:\s+(?:de\s+|of\s+)?(\d{{4}}))?(?![a-z])"
            )
            if self.seasons
            else None
        )
        self.range_re = re.compile(
            rf"(?<![a-z])(?:du|from|del|vom|entre|between)\s+(\d{{1,2}})\.?\s+(?:au|to|al|bis|et|and)\s+(\d{{1,2}})\.?\s+(?:de\s+)?({months_all})(?:\s+(\d{{4}}))?(?![a-z])"
        )

    # ----------------------------------------------------------------- resolution
    def _number(self, text: str) -> int | None:
        text = text.strip()
        if text.isdigit():
            return int(text)
        value = self.numbers.parse(text)
        if value is None:
            last = text.split()[-1]
            value = self.numbers.parse(last)
        return int(value) if value is not None else None

    def _future_near(self, folded: str, start: int) -> bool:
        """A future or hypothetical verb just before the expression ("devrait se poursuivre à
        l'automne", "will meet on Friday") points it forward even in a past-tense sentence."""
        before = re.findall(r"[a-z']+", folded[max(0, start - 40) : start])[-5:]
        return any(w in self.future_words for w in before)

    def _year_for_month(self, month: int, pub: dt.date, future: bool) -> int:
        if future:
            return pub.year if month >= pub.month else pub.year + 1
        return pub.year if month <= pub.month else pub.year - 1

    def find(self, text: str, published: dt.date | None, future: bool) -> list[_Found]:
        folded, omap = fold_with_map(text)
        future = future or any(fc in folded for fc in self.future_context)
        found: list[_Found] = []
        taken: list[tuple[int, int]] = []

        def add(
            start: int,
            end: int,
            value: dt.date | None,
            end_value: dt.date | None,
            precision: str,
            offset: int = 0,
        ) -> None:
            if any(not (end <= s or start >= e) for s, e in taken):
                return
            taken.append((start, end))
            found.append(_Found(omap[start], omap[end], value, end_value, precision, offset))

        pub = published
        if self.story_re:
            # "le lendemain", "the following day": resolved by the stage against the story
            for m in self.story_re.finditer(folded):
                add(m.start(), m.end(), None, None, "story", self.story_days[m.group(1)])
        if self.range_re:
            for m in self.range_re.finditer(folded):
                month = self.months[m.group(3)]
                year = (
                    int(m.group(4))
                    if m.group(4)
                    else (self._year_for_month(month, pub, future) if pub else None)
                )
                if year is None:
                    add(m.start(), m.end(), None, None, "range")
                    continue
                try:
                    a = dt.date(year, month, int(m.group(1)))
                    b = dt.date(year, month, int(m.group(2)))
                except ValueError:
                    continue
                add(m.start(), m.end(), a, b, "range")
        for m in self.day_month_re.finditer(folded):
            d_raw = m.group(1)
            day = self.ordinals.get(d_raw) or (int(d_raw) if d_raw.isdigit() else None)
            if day is not None:
                self._add_day(add, m, day, self.months[m.group(2)], m.group(3), pub, future)
        for m in self.month_day_re.finditer(folded):
            self._add_day(add, m, int(m.group(2)), self.months[m.group(1)], m.group(3), pub, future)
        if self.night_re:
            for m in self.night_re.finditer(folded):
                add(
                    m.start(), m.end(), *self._weekday(self.weekdays[m.group(1)], None, pub, future)
                )
        for m in self.weekday_re.finditer(folded):
            markers = {x for x in (m.group(1), m.group(2), m.group(4)) if x}
            start = (
                m.start()
                if (m.group(1) or m.group(2)) and markers - {"le", "el", "am", "on", "der", "den"}
                else m.start(3)
            )
            mode = None
            if markers & self.past:
                mode = "last"
            elif markers & self.future:
                mode = "next"
            elif markers & self.this:
                mode = "this"
            ahead = future or self._future_near(folded, m.start())
            add(start, m.end(), *self._weekday(self.weekdays[m.group(3)], mode, pub, ahead))
        for m in self.month_re.finditer(folded):
            month = self.months[m.group(1)]
            year = (
                int(m.group(2))
                if m.group(2)
                else (self._year_for_month(month, pub, future) if pub else None)
            )
            first_day, last_day = _month_range(year, month) if year else (None, None)
            add(m.start(1), m.end(), first_day, last_day, "month")
        for m in self.month_year_re.finditer(folded):
            month, year = self.months[m.group(1)], int(m.group(2))
            add(m.start(), m.end(), *_month_range(year, month), "month")
        for m in self.phrase_re.finditer(folded):
            if m.group(1) in self.sentence_initial_only and folded[: m.start()].strip():
                continue
            kind, delta = self.phrases[m.group(1)]
            add(m.start(), m.end(), *self._phrase(kind, delta, m.group(1), pub))
        for rx in (self.ago_before, self.ago_after):
            if rx is None:
                continue
            for m in rx.finditer(folded):
                n = self._number(m.group(1))
                unit = self.ago_units.get(m.group(2))
                if n is None or unit is None:
                    continue
                if pub is None:
                    add(m.start(), m.end(), None, None, unit)
                    continue
                if unit == "day":
                    value = pub - dt.timedelta(days=n)
                elif unit == "week":
                    value = pub - dt.timedelta(weeks=n)
                elif unit == "month":
                    value = _add_months(pub, -n)
                else:
                    value = dt.date(pub.year - n, pub.month, min(pub.day, 28))
                add(m.start(), m.end(), value, None, unit)
        if self.season_re:
            for m in self.season_re.finditer(folded):
                season = self.seasons[m.group(1)]
                bounds = self.seasons_bounds.get(season)
                if not bounds:
                    continue
                season_year: int | None
                if m.group(2):
                    season_year = int(m.group(2))
                elif pub is None:
                    season_year = None
                else:
                    season_year = pub.year
                    start_this = dt.date.fromisoformat(f"{season_year}-{bounds['start']}")
                    ahead = future or self._future_near(folded, m.start())
                    if not ahead and start_this > pub:
                        season_year -= 1
                if season_year is None:
                    add(m.start(), m.end(), None, None, "season")
                    continue
                a = dt.date.fromisoformat(f"{season_year}-{bounds['start']}")
                b = dt.date.fromisoformat(f"{season_year}-{bounds['end']}")
                if b < a:
                    b = dt.date.fromisoformat(f"{season_year + 1}-{bounds['end']}")
                add(m.start(), m.end(), a, b, "season")
        for m in self.year_re.finditer(folded):
            year = int(m.group(1))
            add(m.start(1), m.end(), dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
        return sorted(found, key=lambda f: f.start)

    def _add_day(
        self,
        add: Any,
        m: re.Match[str],
        day: int,
        month: int,
        year_text: str | None,
        pub: dt.date | None,
        future: bool,
    ) -> None:
        """A day of a month, in the year given or the one the tense points to."""
        year = (
            int(year_text)
            if year_text
            else (self._year_for_month(month, pub, future) if pub else None)
        )
        try:
            value = dt.date(year, month, day) if year else None
        except ValueError:
            return
        add(m.start(), m.end(), value, None, "day")

    def _weekday(
        self, weekday: int, mode: str | None, pub: dt.date | None, future: bool
    ) -> tuple[dt.date | None, dt.date | None, str]:
        if pub is None:
            return None, None, "day"
        diff = weekday - pub.weekday()
        if mode == "this":
            return pub + dt.timedelta(days=diff), None, "day"
        if mode == "last":
            back = (pub.weekday() - weekday) % 7 or 7
            return pub - dt.timedelta(days=back), None, "day"
        if mode == "next":
            ahead = diff % 7 or 7
            return pub + dt.timedelta(days=ahead), None, "day"
        if future:
            return pub + dt.timedelta(days=diff % 7), None, "day"
        return pub - dt.timedelta(days=(pub.weekday() - weekday) % 7), None, "day"

    def _phrase(
        self, kind: str, delta: int, phrase: str, pub: dt.date | None
    ) -> tuple[dt.date | None, dt.date | None, str]:
        if kind == "recent":
            unit = self.recent.get(phrase, "month")
            if pub is None:
                return None, None, "range"
            n = int(self.recent_span.get(unit, 3))
            if unit == "month":
                return _add_months(pub, -n), pub, "range"
            days = n * (7 if unit == "week" else 1)
            return pub - dt.timedelta(days=days), pub, "range"
        if pub is None:
            return None, None, kind
        if kind == "day":
            return pub + dt.timedelta(days=delta), None, "day"
        if kind == "week":
            monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=delta)
            return monday, monday + dt.timedelta(days=6), "week"
        if kind == "month":
            first = _add_months(pub.replace(day=1), delta)
            return (
                _month_range(first.year, first.month)[0],
                _month_range(first.year, first.month)[1],
                "month",
            )
        year = pub.year + delta
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


class DatesStage(Stage):
    name = "veille.dates.v1"
    requires = ("sentences", "tokens", "segments")
    assigns = ("dates",)

    def __init__(self, resources: Resources) -> None:
        self.resources = resources
        self._grammars: dict[str, DateGrammar] = {}

    def grammar(self, lang: str) -> DateGrammar:
        if lang not in self._grammars:
            preps = self.resources.grammar.get("dates", {}).get("year_prepositions", [])
            cfg = self.resources.grammar.get(lang, {})
            ahead = tuple(cfg.get("hypothetical", [])) + tuple(cfg.get("future_auxiliaries", []))
            self._grammars[lang] = DateGrammar(
                self.resources.dates, self.resources.numbers, lang, list(preps), ahead
            )
        return self._grammars[lang]

    def __call__(self, analysis: Analysis) -> Analysis:
        out: list[DateRef] = []
        pub = analysis.document.published
        last_day: dt.date | None = None  # the day the story named last, in text order
        for s_idx, sent in enumerate(analysis.sentences):
            if analysis.segments[sent.segment].kind not in ANALYSED:
                continue
            toks = list(analysis.tokens[sent.token_start : sent.token_end])
            future = sentence_is_future(sent.text, toks, sent.language)
            found = self.grammar(sent.language).find(sent.text, pub, future)
            resolved: dict[int, dt.date | None] = {}
            for k in sorted(range(len(found)), key=lambda k: found[k].start):
                f = found[k]
                if f.precision == "story":
                    # "le lendemain": the day after the one just told; unresolved without one
                    resolved[k] = last_day + dt.timedelta(days=f.offset) if last_day else None
                    if resolved[k] is not None:
                        last_day = resolved[k]
                elif f.precision == "day" and f.value is not None:
                    last_day = f.value
            for k, f in enumerate(found):
                value, precision = f.value, f.precision
                if precision == "story":
                    value = resolved[k]
                    precision = "day" if value else "story"
                out.append(
                    DateRef(
                        text=sent.text[f.start : f.end],
                        start=sent.start + f.start,
                        end=sent.start + f.end,
                        value=value,
                        end_value=f.end_value,
                        precision=precision,
                        sentence=s_idx,
                    )
                )
        return replace(analysis, dates=tuple(out))


@register("veille.dates.v1")
def make_dates(settings: Settings, resources: Resources) -> Stage:
    return DatesStage(resources)
