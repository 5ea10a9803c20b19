"""RSS and Atom feeds (feedparser): one document per item, with its link, title, date and content.

An item that carries its article (``content:encoded``, Atom ``content``) is read from the feed.
One that carries only a short summary has its link fetched for the full article; when that
fails (no network), the summary is kept and a note says why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import InputError, MalformedRecordError

__all__ = ["FEED_SUFFIXES", "FeedItem", "looks_like_feed", "parse_feed"]

FEED_SUFFIXES = (".xml", ".rss", ".atom")
# an item text shorter than this is a summary: the link is fetched for the article
SUMMARY_CHARS = 400


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One feed entry, before its text is settled."""

    id: str
    link: str | None
    title: str | None
    published: dt.date | None
    text: str
    author: str | None
    feed_title: str | None
    where: str

    @property
    def is_summary(self) -> bool:
        return len(self.text) < SUMMARY_CHARS


def looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")) and (
        b"<rss" in head or b"<feed" in head or b"<rdf" in head or b"<channel" in head
    )


def _date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def _text(entry: Any) -> str:
    from .html import fragment_text

    contents = [c.get("value", "") for c in entry.get("content") or [] if c.get("value")]
    body = max(contents, key=len) if contents else ""
    summary = entry.get("summary") or ""
    return fragment_text(body if len(body) >= len(summary) else summary)


def parse_feed(data: bytes, name: str, prefix: str) -> Iterator[FeedItem | InputError]:
    """Items of an RSS or Atom feed; document ids are ``prefix`` and a hash of the item's id."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        yield MalformedRecordError(
            name, f"not an RSS or Atom feed{f' ({problem})' if problem else ''}"
        )
        return
    feed_title = parsed.feed.get("title") or None
    for n, entry in enumerate(parsed.entries, start=1):
        where = f"{name}#{n}"
        link = entry.get("link") or None
        key = entry.get("id") or link or entry.get("title")
        if not key:
            yield MalformedRecordError(where, "feed item without id, link or title")
            continue
        digest = hashlib.sha256(str(key).encode("utf-8")).hexdigest()[:12]
        yield FeedItem(
            id=f"{prefix}_{digest}",
            link=link,
            title=(entry.get("title") or "").strip() or None,
            published=_date(entry),
            text=_text(entry),
            author=entry.get("author") or None,
            feed_title=feed_title,
            where=where if not link else f"{where} ({link})",
        )


def unreachable(exc: InputError) -> str:
    return f"summary only: the article was not fetched ({exc.reason})"
