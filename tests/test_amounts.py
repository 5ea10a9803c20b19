"""Amounts are printed as people read them."""

from __future__ import annotations

from veille.amounts import format_amount, format_amounts, format_number
from veille.model import Quantity


def _q(value: float, unit: str, what: str = "money", qualifier: str | None = None) -> Quantity:
    return Quantity(value, unit, what, "", 0, 1, qualifier=qualifier)


def test_money_is_scaled_and_keeps_its_currency() -> None:
    assert format_amount(_q(21e9, "EUR")) == "21 bn EUR"
    assert format_amount(_q(4.5e9, "GBP")) == "4.5 bn GBP"
    assert format_amount(_q(114.8e9, "CAD")) == "114.8 bn CAD"
    assert format_amount(_q(400e6, "EUR", qualifier="more_than")) == "more than 400 m EUR"
    assert format_amount(_q(170_000, "USD")) == "170 000 USD"
    assert format_amount(_q(950, "EUR")) == "950 EUR"


def test_counts_keep_their_noun() -> None:
    assert format_amount(_q(2, "people_killed", "people killed")) == "2 people killed"
    assert format_amount(_q(12000, "people_killed", "people killed")) == "12 000 people killed"
    assert format_amount(_q(4, "items", "systèmes", "at_least")) == "at least 4 systèmes"
    assert format_amount(_q(50, "days", "days")) == "50 days"
    assert format_amount(_q(12.5, "percent", "percent")) == "12.5 %"
    assert format_number(1_234_567) == "1 234 567"
    assert format_number(1_234_567, scaled=True) == "1.23 m"


def test_a_range_is_one_amount() -> None:
    low = _q(25, "items", "batteries", "range_low")
    high = _q(30, "items", "batteries", "range_high")
    other = _q(2, "people_killed", "people killed")
    assert format_amounts([low, high, other]) == "25-30 batteries; 2 people killed"
    assert format_amounts([]) == ""
