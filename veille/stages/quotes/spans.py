"""Where the quotations of a paragraph are: quote marks paired by context, dash-introduced
paragraphs, and quotes that continue into the next paragraph.

A mark opens or closes by what stands beside it (a space or punctuation on one side, a letter on
the other), not by a fixed table: „…“ and »…« (German), «…» with or without spaces, “…”, "…",
mixed pairs such as «…" in hurried copy, ‚…‘, ‘…’ and '…' (told apart from apostrophes), and
the doubled '' that some wires use for a double mark. A quote opened inside another is nested
and stays inside it. A quote still open at the end of its paragraph runs to that end: an excerpt
cut mid-quote, or a quote that the next paragraph continues with a fresh opening mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["QuoteSpan", "dash_span", "find_quote_spans", "opens_paragraph"]

DOUBLE_OPENERS = frozenset('«„“”"»')
SINGLE_OPENERS = frozenset("‹‚‘'")
# the closers each opener accepts: the proper one first, then those of hurried copy
_PROPER = {"«": "»", "„": "“", "»": "«", "“": "”", "”": "”", '"': '"', "‹": "›", "‚": "‘"}
_LOOSE = {
    "«": '”"“',
    "„": '”"',
    "»": "",
    "“": '"“',
    "”": '"',
    '"': "”“",
    "‹": "",
    "‚": "’'",
    "‘": "’'‘",
    "'": "'’",
}
_LEFT_OPEN = frozenset("([{/–—-:;,…") | DOUBLE_OPENERS | SINGLE_OPENERS
_RIGHT_CLOSE = frozenset(".,;:!?)]}…–—-/") | frozenset("«»“”\"'’‘›")
_DASHES = ("–", "—", "―", "-")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quotation in a paragraph; offsets are document offsets."""

    start: int  # the quoted text, inside the marks
    end: int
    open_at: int  # the opening mark (``start`` for a dash or an orphan closer)
    close_at: int  # after the closing mark (``end`` when left open)
    closed: bool
    mark: str  # the opening mark; "–" for a dash-introduced paragraph, "" for an orphan closer


def _is_space(ch: str) -> bool:
    return ch.isspace()


def find_quote_spans(text: str, start: int, end: int) -> list[QuoteSpan]:
    """The outermost quotations of ``text[start:end]`` (one paragraph), in order."""
    spans: list[QuoteSpan] = []
    stack: list[tuple[str, int]] = []  # (opening mark, offset)
    last_of = {m: text.rfind(m, start, end) for m in '»“”"«’'}
    i = start
    while i < end:
        ch = text[i]
        width = 1
        if ch == "'" and i + 1 < end and text[i + 1] == "'":
            ch, width = '"', 2  # ''doubled'' marks stand for a double mark
        elif ch not in "«»„“”\"‹›‚‘’'":
            i += 1
            continue
        left = text[i - 1] if i > start else " "
        right = text[i + width] if i + width < end else " "
        open_ctx = (_is_space(left) or left in _LEFT_OPEN) and not _is_space(right)
        close_ctx = not _is_space(left) and (_is_space(right) or right in _RIGHT_CLOSE)
        if ch in ("‘", "'", "’") and left.isalnum() and right.isalnum():
            i += width  # an apostrophe inside a word ("l'Europe", "it’s") is not a mark
            continue
        closed_here = False
        if stack:
            depth = _closes(stack, ch, i, close_ctx, open_ctx, last_of, right)
            if depth is not None:
                mark, at = stack[depth]
                del stack[depth:]
                closed_here = True
                if not stack:
                    spans.append(QuoteSpan(at + _width(text, at), i, at, i + width, True, mark))
        if not closed_here:
            if _opens(ch, open_ctx, left, right):
                stack.append((ch if width == 1 else '"', i))
            elif not stack and not spans and close_ctx and ch in '”»“"' and right in ", ":
                # a closing mark with no opening one: the quote began the paragraph
                first = start + len(text[start:i]) - len(text[start:i].lstrip())
                if i - first > 1:
                    spans.append(QuoteSpan(first, i, first, i + width, True, ""))
        i += width
    if stack:
        mark, at = stack[0]
        stop = start + len(text[start:end].rstrip())
        inner = at + _width(text, at)
        if stop > inner:
            spans.append(QuoteSpan(inner, stop, at, stop, False, mark))
    return spans


def _width(text: str, at: int) -> int:
    return 2 if text.startswith("''", at) else 1


def _opens(ch: str, open_ctx: bool, left: str, right: str) -> bool:
    if ch in "«„":
        return not (ch == "„" and _is_space(right) and _is_space(left))
    if ch in ("‚", "‘", "'"):
        return open_ctx and right.isalnum()
    if ch in '“”"»‹':
        # "“ Estados Unidos responderá ”": a space inside the marks, as some sites print them
        return open_ctx or (ch in '“"' and (_is_space(left) or left in _LEFT_OPEN) and right == " ")
    return False


def _closes(
    stack: Sequence[tuple[str, int]],
    ch: str,
    at: int,
    close_ctx: bool,
    open_ctx: bool,
    last_of: dict[str, int],
    right: str,
) -> int | None:
    """The depth of the open quote that ``ch`` closes, or None when it does not close one."""
    for depth in range(len(stack) - 1, -1, -1):
        mark, _ = stack[depth]
        proper = _PROPER.get(mark, "")
        # the proper closer closes unless it plainly opens a nested quote (space, then a word):
        # "… en consecuencia ”," with a space before it still closes
        if ch == proper and (close_ctx or ch in "»«“" or not open_ctx or not right.isalnum()):
            return depth
        # a loose closer counts only when the proper one does not come later
        if (
            ch in _LOOSE.get(mark, "")
            and close_ctx
            and not (proper and last_of.get(proper, -1) > at)
        ):
            return depth
        if mark in SINGLE_OPENERS and ch not in ("’", "'", "‘", "›"):
            continue  # an open single mark was an apostrophe: look at the quote around it
        if mark in DOUBLE_OPENERS and ch in ("’", "'", "‘"):
            return None
    return None


def opens_paragraph(text: str, start: int, end: int) -> str | None:
    """The opening mark a paragraph begins with, if any (a quote continued from before)."""
    head = text[start:end].lstrip()[:1]
    return head if head and head in "«„“\"‘'" else None


def dash_span(text: str, start: int, end: int) -> QuoteSpan | None:
    """A paragraph introduced by a dash ("– Ich habe immer gesagt …", "—No vamos a rendirnos
    —dijo—."): the words up to an attribution set off by a dash, or to the paragraph end."""
    para = text[start:end]
    body = para.lstrip()
    lead = start + len(para) - len(body)
    if not body or body[0] not in _DASHES:
        return None
    k = 1
    while k < len(body) and body[k] == " ":
        k += 1
    if k >= len(body) or not (body[k].isupper() or body[k] in '¿¡«"“„'):
        return None
    if body[0] == "-":
        # "-Word" is a hyphen, "- Word" a list item: of the 77 paragraphs opened so in the
        # labelled training articles, 2 hold a quotation; dialogue takes en and em dashes
        return None
    inner = lead + k
    stop = start + len(para.rstrip())
    for j in range(inner + 1, stop - 1):
        if text[j] in "–—―" and text[j - 1] == " " and text[j + 1].islower():
            stop = j - 1
            break
    if stop - inner < 2:
        return None
    return QuoteSpan(inner, stop, lead, stop, True, "–")
