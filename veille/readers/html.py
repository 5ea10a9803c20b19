"""HTML pages: main text and metadata (title, author, site name, publication date) by trafilatura.

A page whose extracted text holds no sentence (only navigation, menus and a footer) is rejected as
having no main text, rather than stored as "Home | World".
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import re
from dataclasses import dataclass

from ..errors import EmptyDocumentError
from ..resources import Boilerplate
from ..text import is_sentence
from .decode import decode_bytes

__all__ = ["Page", "decode_html", "fragment_text", "read_html"]

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# the date only from the page's metadata (meta tags, JSON-LD, <time>, the URL), never guessed
# from dates that appear in the text
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")


@dataclass(frozen=True, slots=True)
class Page:
    """What trafilatura found in one page."""

    text: str
    title: str | None = None
    author: str | None = None
    site: str | None = None
    published: str | None = None
    url: str | None = None


def decode_html(data: bytes, name: str, declared: str | None = None) -> str:
    """Decode a page with the charset its headers or ``<meta>`` declare, else like any text."""
    match = _CHARSET.search(data[:4096])
    for charset in (declared, match.group(1).decode("ascii") if match else None):
        if not charset:
            continue
        try:
            codecs.lookup(charset)
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
        if text.strip():
            return text
    return decode_bytes(data, name).text


@functools.cache
def _boilerplate() -> Boilerplate:
    return Boilerplate.load()


def _has_main_text(text: str) -> bool:
    rules = _boilerplate()
    return any(is_sentence(line) and not rules.is_line(line.strip()) for line in text.splitlines())


def read_html(html: str, name: str, url: str | None = None) -> Page:
    """Main text and metadata of a page; :class:`EmptyDocumentError` when it has no main text."""
    import trafilatura

    found = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params=_DATE_PARAMS,
    )
    text = getattr(found, "text", None) or ""
    if not text.strip():
        raise EmptyDocumentError(name, "no main text found in the HTML" + _html_trouble(html))
    if not _has_main_text(text):
        raise EmptyDocumentError(
            name, "no main text in the HTML: only navigation, headings or a footer"
        )

    def meta(field: str) -> str | None:
        value = getattr(found, field, None)
        return (str(value).strip() or None) if value else None

    return Page(
        text=str(text),
        title=meta("title"),
        author=meta("author"),
        site=meta("sitename"),
        published=meta("date"),
        url=meta("url") or url,
    )


def _html_trouble(html: str) -> str:
    """Why the HTML parser gave up, when it did (elements nested too deep, mostly)."""
    from lxml import etree

    parser = etree.HTMLParser()
    with contextlib.suppress(etree.LxmlError, ValueError):
        etree.fromstring(html, parser)
    for entry in parser.error_log:
        if entry.level_name == "FATAL" or "depth" in entry.message.lower():
            return f" (the HTML parser stopped: {entry.message.strip()})"
    return ""


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed item's content): one paragraph per block."""
    import lxml.html

    if "<" not in html:
        return html.strip()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return html.strip()
    for el in root.iter(*_BLOCKS):
        el.tail = "\n\n" + (el.tail or "")
    lines = [" ".join(line.split()) for line in root.text_content().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
