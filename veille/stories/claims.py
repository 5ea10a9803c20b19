"""Claims: every figure attached to a merged event, with who gives it and when.

The amounts of all reports of a merged event are grouped by figure (unit, and for counted items
what is counted). Each value keeps the claimants the reports name ("according to the governor")
and the outlets that ran it, copies counted once as originals; values that disagree stand side
by side, and a figure whose value grows with publication time (a death toll: 2, then 6, then 11)
reads as a history.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from ..store import QuantityRow
from .model import Claim, ClaimValue, Report

__all__ = ["claims", "format_claim"]


def _figure(q: QuantityRow) -> tuple[str, str | None]:
    return q.unit, q.what if q.unit == "items" else None


def claims(reports: Sequence[tuple[Report, Sequence[QuantityRow]]]) -> tuple[Claim, ...]:
    by_figure: dict[tuple[str, str | None], dict[float, list[tuple[Report, QuantityRow]]]] = {}
    for report, quantities in reports:
        for q in quantities:
            given = by_figure.setdefault(_figure(q), {}).setdefault(q.value, [])
            if all(r.doc != report.doc for r, _ in given):  # a value once per document
                given.append((report, q))
    out = []
    for (unit, what), values in by_figure.items():
        items = []
        for value, given in values.items():
            days = [r.day for r, _ in given if r.day]
            items.append(
                ClaimValue(
                    value=value,
                    qualifier=next((q.qualifier for _, q in given if q.qualifier), None),
                    claimants=tuple(sorted({r.claimant for r, _ in given if r.claimant})),
                    outlets=tuple(sorted({r.outlet or r.doc for r, _ in given})),
                    documents=tuple(sorted({r.doc for r, _ in given})),
                    originals=len({r.copy_of for r, _ in given}),
                    first_day=min(days) if days else None,
                    evidence=given[0][1].evidence,
                )
            )
        dated = sorted(items, key=lambda v: (v.first_day or dt.date.max, v.value))
        firsts = [v.first_day for v in dated]
        history = (
            len(dated) > 1
            and None not in firsts
            and len(set(firsts)) == len(firsts)
            and all(a.value < b.value for a, b in itertools.pairwise(dated))
        )
        ordered = dated if history else sorted(items, key=lambda v: (-v.originals, v.value))
        out.append(
            Claim(
                unit=unit,
                what=what,
                values=tuple(ordered),
                disputed=len(items) > 1,
                history=history,
            )
        )
    out.sort(key=lambda c: (c.unit, c.what or ""))
    return tuple(out)


def _label(unit: str, what: str | None) -> str:
    if unit == "items":
        return what or "items"
    return unit.replace("people_", "").replace("_", " ")


def _value(v: float) -> str:
    return f"{v:g}"


def format_claim(claim: Claim) -> str:
    """One line: ``killed: 2 → 6 → 11`` for a history, ``2 killed: governor, 3 outlets; 3
    killed: ministry, 1 outlet`` for values side by side."""
    label = _label(claim.unit, claim.what)
    if claim.history:
        steps = " → ".join(
            f"{_value(v.value)} ({v.first_day.isoformat() if v.first_day else '?'})"
            for v in claim.values
        )
        return f"{label}: {steps}"
    parts = []
    for v in claim.values:
        who = ", ".join(v.claimants)
        n = len(v.outlets)
        outlets = f"{n} outlet{'s' if n != 1 else ''}"
        parts.append(f"{_value(v.value)} {label}: " + (f"{who}, {outlets}" if who else outlets))
    return "; ".join(parts)
