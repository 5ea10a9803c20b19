"""Amounts as people read them: ``21 bn EUR``, ``more than 400 m EUR``, ``2 people killed``,
``25-30 batteries``, rather than ``21000000000.0``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

__all__ = [
    "QUALIFIER_WORDS",
    "AmountLike",
    "format_amount",
    "format_amounts",
    "format_number",
    "grouped_amounts",
]

# what a bound word said ("plus de", "environ"), as it is printed before the number
QUALIFIER_WORDS = {
    "more_than": "more than",
    "at_least": "at least",
    "less_than": "less than",
    "at_most": "at most",
    "up_to": "up to",
    "about": "about",
}
_UNIT_WORDS = {"days": "days", "percent": "%"}
_NOUN_UNITS = ("people_killed", "people_injured", "items")


class AmountLike(Protocol):
    """Anything with the fields of a quantity (the analysis's or the store's row)."""

    @property
    def value(self) -> float: ...
    @property
    def unit(self) -> str: ...
    @property
    def what(self) -> str | None: ...
    @property
    def qualifier(self) -> str | None: ...


def _decimals(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def format_number(value: float, *, scaled: bool = False) -> str:
    """``12 000``, ``4.5``; with ``scaled``, millions and billions as ``m`` and ``bn``."""
    if scaled:
        for scale, word in ((1e9, "bn"), (1e6, "m")):
            if abs(value) >= scale:
                return f"{_decimals(value / scale)} {word}"
    if float(value).is_integer():
        whole = f"{int(value):,}".replace(",", " ")
        return whole if abs(value) >= 10_000 else str(int(value))
    return _decimals(value)


def _body(q: AmountLike, number: str) -> str:
    if q.unit in ("people_killed", "people_injured"):  # "civils", "Menschen": people all the same
        return f"{number} {q.unit.replace('_', ' ')}"
    if q.unit in _NOUN_UNITS:
        return f"{number} {q.what or q.unit.replace('_', ' ')}"
    if q.unit == "percent":
        return f"{number} %"
    if q.unit in _UNIT_WORDS:
        return f"{number} {_UNIT_WORDS[q.unit]}"
    return f"{number} {q.unit}"  # a currency code


def format_amount(q: AmountLike) -> str:
    money = q.unit not in _NOUN_UNITS and q.unit not in _UNIT_WORDS
    text = _body(q, format_number(q.value, scaled=money))
    word = QUALIFIER_WORDS.get(q.qualifier or "")
    return f"{word} {text}" if word else text


_A = TypeVar("_A", bound=AmountLike)


def grouped_amounts(quantities: Sequence[_A]) -> list[tuple[str, _A]]:
    """Each amount as text with its (first) quantity; the two ends of a range ("25 à 30
    batteries") are one amount, "25-30 batteries"."""
    out: list[tuple[str, _A]] = []
    i = 0
    while i < len(quantities):
        q = quantities[i]
        nxt = quantities[i + 1] if i + 1 < len(quantities) else None
        if q.qualifier == "range_low" and nxt is not None and nxt.qualifier == "range_high":
            money = q.unit not in _NOUN_UNITS and q.unit not in _UNIT_WORDS
            low = format_number(q.value, scaled=money)
            out.append((_body(nxt, f"{low}-{format_number(nxt.value, scaled=money)}"), q))
            i += 2
            continue
        out.append((format_amount(q), q))
        i += 1
    return out


def format_amounts(quantities: Sequence[AmountLike], sep: str = "; ") -> str:
    """Several amounts in one line, ranges joined."""
    return sep.join(text for text, _ in grouped_amounts(quantities))
