"""One view of a sentence's tokens and dependency parse, with the walks the event stage needs.

Token indices here are positions within the sentence (0 .. n-1); ``Token.head`` in the records is
a document index, so the view subtracts the sentence's first token index once. Without a parse
(``parsed`` is False) every walk degrades to "nothing found" and callers fall back on word order.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ...model import Token
from ...text import fold

__all__ = ["SentenceTree"]


@dataclass(slots=True)
class SentenceTree:
    tokens: Sequence[Token]
    base: int
    parsed: bool
    folded: list[str] = field(default_factory=list)
    children: list[list[int]] = field(default_factory=list)

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> SentenceTree:
        base = tokens[0].i if tokens else 0
        parsed = any(t.dep for t in tokens)
        kids: list[list[int]] = [[] for _ in tokens]
        if parsed:
            for k, t in enumerate(tokens):
                h = t.head - base
                if h != k and 0 <= h < len(tokens):
                    kids[h].append(k)
        return cls(tokens, base, parsed, [fold(t.text) for t in tokens], kids)

    def __len__(self) -> int:
        return len(self.tokens)

    def head(self, k: int) -> int:
        """The head of token k within the sentence, or k itself for a root or no parse."""
        h = self.tokens[k].head - self.base
        return h if 0 <= h < len(self.tokens) else k

    def ancestors(self, k: int, limit: int = 12) -> Iterator[int]:
        """k's head, its head's head, ... up to the root (at most ``limit`` steps)."""
        for _ in range(limit):
            h = self.head(k)
            if h == k:
                return
            yield h
            k = h

    def climb(self, k: int, through: frozenset[str] | set[str], limit: int = 6) -> int:
        """Go up from k while the relation to the head is one of ``through`` (base labels)."""
        for _ in range(limit):
            dep = self.tokens[k].dep.split(":")[0]
            h = self.head(k)
            if h == k or dep not in through:
                return k
            k = h
        return k

    def subtree(self, k: int) -> set[int]:
        out = {k}
        stack = [k]
        while stack:
            for c in self.children[stack.pop()]:
                if c not in out:
                    out.add(c)
                    stack.append(c)
        return out

    def case_word(self, k: int) -> str:
        """The folded preposition or case marker attached to token k ("" when none)."""
        for c in self.children[k]:
            if self.tokens[c].dep in ("case", "mark", "prep"):
                return self.folded[c]
        return ""

    def root(self) -> int:
        for k, t in enumerate(self.tokens):
            if self.head(k) == k and t.dep:
                return k
        return 0

    def path_deps(self, k: int, to: int, limit: int = 8) -> list[str]:
        """Dependency labels from k up to ``to`` (empty when ``to`` is not an ancestor)."""
        labels: list[str] = []
        cur = k
        for _ in range(limit):
            if cur == to:
                return labels
            labels.append(self.tokens[cur].dep.split(":")[0])
            h = self.head(cur)
            if h == cur:
                return []
            cur = h
        return []
