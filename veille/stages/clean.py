"""Stage ``veille.clean.v1``: split the original text into segments and classify page furniture.

Nothing is deleted from the text: every line becomes a :class:`Segment` with its original
offsets and a kind (title, body, heading, furniture or boilerplate). Later stages read only the
kinds they want, so every offset they report still points into the original text. Typographic
apostrophes and spaces are normalised in ``Segment.text`` one character for one, so lengths and
offsets are unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Analysis, Segment, SegmentKind
from ..resources import Boilerplate, Resources
from ..settings import Settings
from ..text import fold, is_sentence
from .base import Stage, register

__all__ = ["CleanStage", "classify_lines", "normalise_for_models"]

_TRANSLATE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "\u0060": "'",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
        "\u2013": "-",
        "\u2011": "-",
        "\u2010": "-",
    }
)
_TERMINAL = tuple(".!?»\"”)…'’")


def normalise_for_models(text: str) -> str:
    """Replace typographic characters one for one; the length never changes."""
    out = text.translate(_TRANSLATE)
    assert len(out) == len(text)
    return out


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str


_QUOTE_OPENERS = frozenset('«„“"')


def _opens_quotation(line: str) -> bool:
    """A line of a few words at least that opens a quotation: at a page's end, the paragraph
    an excerpt cut short ("\"I deeply regret the incident and extend my sincer")."""
    return line[:1] in _QUOTE_OPENERS and len(line.split()) >= 4


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            lines.append(_Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw)
    return lines


def _title_like(line: str) -> bool:
    words = line.split()
    return (
        len(words) <= 16
        and not line.endswith(_TERMINAL)
        and not line.endswith(":")
        and sum(ch.isalpha() for ch in line) >= 3
    )


def _letters(line: str) -> int:
    return sum(ch.isalpha() for ch in line)


def classify_lines(text: str, rules: Boilerplate) -> list[Segment]:
    """Classify every non-blank line of ``text`` (see the module docstring)."""
    lines = _lines(text)
    kinds: list[tuple[int, int, SegmentKind, str | None]] = []
    seen: set[str] = set()
    teaser = 0  # 0: none; 1: after a teaser heading (title lines); 2: blurb consumed
    first_content = True
    # a trailing block of short lines without sentence punctuation is the page footer; a line
    # that opens a quotation is the paragraph an excerpt cut short ("\"I deeply regret the inc")
    footer_from = len(lines)
    for idx in range(len(lines) - 1, -1, -1):
        tail = lines[idx].text
        if (
            len(tail) < 80
            and not tail.endswith((".", "!", "?", "»", "”"))
            and not _opens_quotation(tail)
        ) or rules.is_line(tail):
            footer_from = idx
        else:
            break
    for idx, line in enumerate(lines):
        low = line.text.lower()
        if idx >= footer_from and not first_content:
            kinds.append((line.start, line.end, "boilerplate", "footer"))
            continue
        if rules.is_line(line.text) or _letters(line.text) < 2:
            kinds.append((line.start, line.end, "boilerplate", "pattern"))
            continue
        if low in seen and len(low) > 20:
            kinds.append((line.start, line.end, "boilerplate", "duplicate line"))
            continue
        seen.add(low)
        if rules.is_teaser_heading(line.text):
            kinds.append((line.start, line.end, "boilerplate", "teaser heading"))
            teaser = 1
            continue
        start, end, body = line.start, line.end, line.text
        credit = rules.credit_start(body)
        if credit is not None and not body[:credit].strip():
            kinds.append((start, end, "boilerplate", "credit"))  # "Photo : YONHAP News"
            continue
        first = first_content
        if first:
            first_content = False
            cut = rules.prefix_length(body)
            if cut:
                kinds.append((start, start + cut, "boilerplate", "breadcrumb"))
                start += cut
                body = body[cut:]
                seen.add(body.lower())
                credit = rules.credit_start(body)
        # a credit ends the line ("… (AP / dpa / X)", also under a photo opening the page)
        credit_seg: tuple[int, int, SegmentKind, str | None] | None = None
        if credit is not None and body[:credit].strip():
            credit_seg = (start + credit, end, "boilerplate", "credit")
            body = body[:credit].rstrip()
            end = start + len(body)
        if first:
            later_body = any(not _title_like(x.text) for x in lines[idx + 1 :])
            # a first paragraph that is a full sentence is the lead, not a headline
            kind: SegmentKind = "title" if later_body and not is_sentence(body) else "body"
            kinds.append((start, end, kind, None))
            if credit_seg is not None:
                kinds.append(credit_seg)
            continue
        if teaser == 1:
            if _title_like(body):
                kinds.append((start, end, "furniture", "teaser title"))
            else:
                nxt = lines[idx + 1].text if idx + 1 < len(lines) else ""
                if credit_seg is not None or rules.has_teaser_credit(line.text) or _title_like(nxt):
                    kinds.append((start, end, "furniture", "teaser blurb"))
                else:
                    kinds.append((start, end, "body", None))
                teaser = 0
        elif body:
            # the page's last line, opening a quotation: the paragraph an excerpt cut short
            cut = idx == footer_from - 1 and _opens_quotation(body)
            kinds.append((start, end, "heading" if _title_like(body) and not cut else "body", None))
        if credit_seg is not None:
            kinds.append(credit_seg)
    segments = []
    for start, end, kind, reason in kinds:
        if end <= start:
            continue
        segments.append(
            Segment(start, end, normalise_for_models(text[start:end]), kind, None, reason)
        )
    return segments


def _same_line(a: str, b: str) -> bool:
    return " ".join(fold(a).split()) == " ".join(fold(b).split())


def with_title(segments: list[Segment], text: str, title: str) -> list[Segment]:
    """The segments, with the line that repeats the publisher's title as the title.

    Pages copied as text often open with a breadcrumb, a section name or a URL that the line
    heuristics take for the headline; when the document comes with its title (feed or page
    metadata) and a line of the text says exactly that, that line is the title and the line
    taken for it before is a heading. Without such a line, or without body after it (a one-line
    text whose title was read from that line), nothing changes."""
    if not title.strip():
        return segments
    at = next(
        (
            i
            for i, seg in enumerate(segments)
            if seg.kind in ("title", "heading", "body")
            and _same_line(text[seg.start : seg.end], title)
        ),
        None,
    )
    if at is None or segments[at].kind == "title":
        return segments
    if not any(seg.kind == "body" for seg in segments[at + 1 :]):
        return segments  # a text that is its title alone, or ends with it, keeps its events
    out = list(segments)
    for i, seg in enumerate(out):
        if seg.kind == "title":
            out[i] = replace(seg, kind="heading")
    out[at] = replace(out[at], kind="title")
    return out


class CleanStage(Stage):
    name = "veille.clean.v1"
    requires = ("document",)
    assigns = ("segments", "title")

    def __init__(self, rules: Boilerplate) -> None:
        self.rules = rules

    def __call__(self, analysis: Analysis) -> Analysis:
        doc = analysis.document
        segments = tuple(with_title(classify_lines(doc.text, self.rules), doc.text, doc.title))
        title = doc.title
        seg = next((s for s in segments if s.kind == "title"), None)
        if seg is not None and doc.title.strip().endswith(doc.text[seg.start : seg.end].strip()):
            # the title read from the first line, without its breadcrumb ("Home Monde ...")
            title = doc.text[seg.start : seg.end]
        return replace(analysis, segments=segments, title=title)


@register("veille.clean.v1")
def make_clean(settings: Settings, resources: Resources) -> Stage:
    return CleanStage(resources.boilerplate)
