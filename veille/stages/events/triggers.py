"""Trigger-table matches in a sentence (``resources/events/triggers.tsv``).

The table lists words and phrases (lemmas or forms, per language; ``*`` ends a prefix, ``_``
stands for any one word) that express a PLOVER type. They are cues for the learned model, not
decisions: a hit adds a feature, and marks the token where the type is expressed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ...model import Token
from ...resources import Trigger
from ...text import fold

__all__ = ["TriggerHit", "TriggerIndex"]


@dataclass(frozen=True, slots=True)
class TriggerHit:
    type: str
    mode: str | None
    flags: frozenset[str]
    first: int  # token index within the sentence
    last: int
    head: int  # the verb or noun of the phrase

    @property
    def text_span(self) -> tuple[int, int]:
        return self.first, self.last


class TriggerIndex:
    """The trigger table indexed by language and first word (prefix patterns by three letters)."""

    def __init__(self, triggers: Sequence[Trigger]) -> None:
        self.by_lang: dict[str, dict[str, list[Trigger]]] = defaultdict(lambda: defaultdict(list))
        self.prefix_index: dict[str, dict[str, list[Trigger]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.wildcard: dict[str, list[Trigger]] = defaultdict(list)
        for trig in triggers:
            first = trig.tokens[0]
            if first == "_" or (first.endswith("*") and len(first) < 4):
                self.wildcard[trig.lang].append(trig)
            elif first.endswith("*"):
                self.prefix_index[trig.lang][first[:3]].append(trig)
            else:
                self.by_lang[trig.lang][first].append(trig)

    @staticmethod
    def _match(forms: Sequence[tuple[str, str]], i: int, trig: Trigger) -> bool:
        if i + len(trig.tokens) > len(forms):
            return False
        for k, pat in enumerate(trig.tokens):
            if pat == "_":
                continue
            lemma, text = forms[i + k]
            if pat.endswith("*"):
                stem = pat[:-1]
                if not (lemma.startswith(stem) or text.startswith(stem)):
                    return False
            elif pat not in (lemma, text):
                return False
        return True

    @staticmethod
    def _head(toks: Sequence[Token], i: int, trig: Trigger) -> int:
        span = range(i, i + len(trig.tokens))
        for pos in ("VERB", "NOUN", "PROPN"):
            for k in span:
                if toks[k].pos == pos and trig.tokens[k - i] != "_":
                    return k
        return i

    def hits(self, toks: Sequence[Token], lang: str) -> list[TriggerHit]:
        """Longest matches, left to right, without overlaps."""
        table = self.by_lang.get(lang, {})
        prefixes = self.prefix_index.get(lang, {})
        wild = self.wildcard.get(lang, [])
        forms = [(fold(t.lemma), fold(t.text)) for t in toks]
        found: list[TriggerHit] = []
        i = 0
        while i < len(forms):
            lemma, text = forms[i]
            options = table.get(lemma, []) + (table.get(text, []) if text != lemma else [])
            options += prefixes.get(lemma[:3], []) + (
                prefixes.get(text[:3], []) if text[:3] != lemma[:3] else []
            )
            options += wild
            best: Trigger | None = None
            for trig in options:
                if self._match(forms, i, trig) and (
                    best is None or len(trig.tokens) > len(best.tokens)
                ):
                    best = trig
            if best is None:
                i += 1
                continue
            last = i + len(best.tokens) - 1
            found.append(
                TriggerHit(best.type, best.mode, best.flags, i, last, self._head(toks, i, best))
            )
            i = last + 1
        return found
