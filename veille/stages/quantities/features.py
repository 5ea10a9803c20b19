"""The features of a number candidate that the quantity model weighs.

Words (folded, stemmed) just before and after the number; the unit words of the lexicons near
it (casualty words, people nouns, item nouns, measures such as "ans" or "hours") and how far;
its shape (digits, words, scale, size, a year); the characters that touch it (the hyphen of
"F-16", the full stop of a German ordinal); a month beside it (a date); what the previous
number of the sentence was; and what the rules alone would say. The same function serves
training and analysis, so the model sees at run time exactly what it was trained on.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .grammar import Candidate, QuantityGrammar, Words

__all__ = ["candidate_features"]

_AFTER = 8  # tokens looked at after the number
_BEFORE = 5  # and before it
_CLAUSE_END = frozenset({".", ";", ":", "?", "!", "(", ")", "«", "»", '"'})


def _bucket(d: int) -> str:
    return str(d) if d <= 3 else ("4-5" if d <= 5 else "6+")


def _size(value: float) -> str:
    if value < 1:
        return "<1"
    if value == 1:
        return "1"
    return f"e{min(7, int(math.log10(value)))}"


def _nearest_cue(w: Words, c: Candidate) -> tuple[str, str] | None:
    """The casualty word nearest the number within its clause (no other number or clause
    break between): its kind and where ("a2": two tokens after)."""
    best: tuple[int, str, str] | None = None
    for step, start, side in ((1, c.after, "a"), (-1, c.before, "b")):
        i, d = start, 1
        while 0 <= i < len(w.toks) and d <= 12:
            t = w.toks[i].text
            if t[:1].isdigit() or t in _CLAUSE_END:
                break
            if (kind := w.cues[i]) and (best is None or d < best[0]):
                best = (d, kind, f"{side}{_bucket(d)}")
                break
            i += step
            d += 1
    return None if best is None else (best[1], best[2])


def candidate_features(
    grammar: QuantityGrammar, w: Words, c: Candidate, previous: str = "start"
) -> list[str]:
    """Feature strings of candidate ``c`` of the sentence ``w``; ``previous`` is what the
    sentence's previous number was ("start" for the first, else a unit or "none")."""
    toks = w.toks
    f = ["bias", f"kind={c.kind}", f"shape={c.shape}", f"size={_size(c.value)}"]
    if c.scale > 1:
        f.append("scaled")
    if not float(c.value).is_integer():
        f.append("fraction")
    if grammar.is_year(c):
        f.append("year")
    if c.qualifier:
        f.append(f"qual={c.qualifier}")
    f.append(f"prev={previous}")
    after = range(c.after, min(len(toks), c.after + _AFTER))
    before = range(c.before, max(-1, c.before - _BEFORE), -1)
    if not before:
        f.append("first")
    # the words themselves: near ones by position, farther ones as a bag
    for d, i in enumerate(after, start=1):
        t = toks[i].text
        if d <= 3:
            f.append(f"n{d}={t}")
            f.append(f"n{d}s={grammar.stem(t)}")
            if len(t) > 6 and t.isalpha():
                f.append(f"n{d}x={t[-5:]}")  # German compounds share their last part
        else:
            f.append(f"a:{grammar.stem(t)}")
    if len(after) >= 2:
        f.append(f"n12={toks[after[0]].text}_{toks[after[1]].text}")
    if after and toks[after[0]].cap:
        f.append("n1cap")
    for d, i in enumerate(before, start=1):
        t = toks[i].text
        if d <= 3:
            f.append(f"p{d}={t}")
            f.append(f"p{d}s={grammar.stem(t)}")
        else:
            f.append(f"b:{grammar.stem(t)}")
    if len(before) >= 2:
        f.append(f"p21={toks[before[1]].text}_{toks[before[0]].text}")
    if before and toks[before[0]].cap and c.before > 0:
        f.append("p1cap")
    # unit words of the lexicons around it, language-neutral (and also crossed with language)
    cues: list[str] = []
    tag = ""
    for d, i in enumerate(after, start=1):
        t = toks[i].text
        if t[:1].isdigit() and not tag:
            tag = "|num"  # another number stands between
        elif t in _CLAUSE_END and not tag:
            tag = "|stop"
        if kind := w.cues[i]:
            cues.append(f"ca:{kind}:{_bucket(d)}{tag}")
        if d <= 3:
            if t in grammar.people:
                cues.append(f"people@{d}")
            if grammar.is_item(t):
                cues.append(f"item@{d}")
            if t in grammar.measures:
                cues.append(f"measure@{d}")
            if t in grammar.months and d <= 2:
                cues.append("month_after")
    tag = ""
    for d, i in enumerate(before, start=1):
        t = toks[i].text
        if t[:1].isdigit() and not tag:
            tag = "|num"
        elif t in _CLAUSE_END and not tag:
            tag = "|stop"
        if kind := w.cues[i]:
            cues.append(f"cb:{kind}:{_bucket(d)}{tag}")
        if t in grammar.months and d <= 2:
            cues.append("month_before")
    # the nearest casualty word of the clause, either side, and what the number is next to
    near = _nearest_cue(w, c)
    n1 = toks[c.after].text if c.after < len(toks) else ""
    noun = (
        "people"
        if n1 in grammar.people
        else "item"
        if grammar.is_item(n1)
        else "measure"
        if n1 in grammar.measures
        else "cue"
        if c.after < len(toks) and w.cues[c.after]
        else "word"
        if n1[:1].isalpha()
        else "other"
    )
    cues.append(f"next={noun}")
    head = grammar.noun_after(w, c)  # the noun counted, maybe past a name ("six Patriot systems")
    if head is not None:
        t = toks[head].text
        cls = (
            "people"
            if t in grammar.people
            else "item"
            if grammar.is_item(t)
            else "measure"
            if t in grammar.measures
            else "cue"
            if w.cues[head]
            else "word"
        )
        cues.append(f"head={cls}")
        f.append(f"head:{grammar.stem(t)}")
    if near is not None:
        kind, where = near
        cues += [f"near={kind}", f"near={kind}:{where}", f"near={kind}&{noun}"]
    sentence_cues = {k for k in w.cues if k}
    for kind in sentence_cues:
        cues.append(f"sent={kind}")
    if grammar.subcount_before(w, c):
        cues.append("subcount")
        cues.append(f"subcount|prev={previous}")
    cues.append(f"rule={grammar.rule_unit(w, c)}")
    cues.append(f"nc={c.next_char}")
    cues.append(f"pc={c.prev_char}")
    f.extend(cues)
    f.extend(f"{grammar.lang}|{x}" for x in cues)
    return f
