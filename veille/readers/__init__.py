"""Readers turn inputs into :class:`~veille.model.Document`: files and directories (``.txt``,
``.html``/``.htm``, ``.jsonl``, RSS/Atom feeds), URLs of articles and feeds, lists of URLs, and
standard input (``-``).

Every problem with one input becomes an :class:`~veille.errors.InputError` yielded in place of
the document, so a batch goes on past it.

Metadata comes, from strongest to weakest, from the caller's record (a JSONL record, a
manifest row, a feed item), then from the page itself (an HTML page's metadata), then from the
``published`` fallback, which only fills in documents that have no date of their own unless
``override_published`` is set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from ..errors import (
    EmptyDocumentError,
    FetchError,
    InputError,
    MalformedRecordError,
    MissingPathError,
    UnsupportedFormatError,
)
from ..model import Document
from ..text import looks_like_headline
from .decode import Decoded, decode_bytes, decode_text
from .feeds import FEED_SUFFIXES, FeedItem, looks_like_feed, parse_feed, unreachable
from .html import Page, decode_html, read_html
from .manifest import MANIFEST_NAMES, Manifest, Metadata, parse_date, read_manifest
from .web import Fetcher, is_url

__all__ = [
    "FEED_SUFFIXES",
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "MANIFEST_NAMES",
    "STDIN",
    "TEXT_SUFFIXES",
    "Fetcher",
    "Manifest",
    "Metadata",
    "content_hash",
    "document_from_text",
    "parse_date",
    "read_manifest",
    "read_paths",
]

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
STDIN = "-"
_STDIN_NAME = "<stdin>"


def content_hash(text: str, published: dt.date | None, title: str, language: str | None) -> str:
    payload = json.dumps([text, published.isoformat() if published else None, title, language])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _first_line(text: str) -> str:
    """The first line with letters, when it reads as a headline; "" when it is a sentence."""
    for line in text.splitlines():
        if sum(ch.isalpha() for ch in line) >= 3:
            line = line.strip()
            return line if looks_like_headline(line) else ""
    return ""


def document_from_text(
    doc_id: str,
    text: str,
    *,
    title: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    source: str | None = None,
    language: str | None = None,
    path: str | None = None,
    author: str | None = None,
    notes: tuple[str, ...] = (),
) -> Document:
    """A document from its text; without a title, the first line is one if it reads as one."""
    if not text.strip():
        raise EmptyDocumentError(path or doc_id, "no text")
    title = title if title is not None else _first_line(text)
    return Document(
        id=doc_id,
        text=text,
        title=title,
        published=published,
        url=url,
        source=source,
        language=language,
        path=path,
        content_hash=content_hash(text, published, title, language),
        author=author,
        notes=notes,
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _url_id(url: str) -> str:
    host = urllib.parse.urlsplit(url).hostname or "url"
    return f"{host}_{_digest(url)}"


def _url_list(text: str) -> list[str] | None:
    """The URLs of a text that is only a list of URLs (blank lines and ``#`` comments aside)."""
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    if lines and all(is_url(ln) for ln in lines):
        return lines
    return None


@dataclass(frozen=True, slots=True)
class _Reading:
    """How one call of :func:`read_paths` reads: the caller's fallback and its fetcher."""

    published: dt.date | None
    override: bool
    fetcher: Fetcher
    stdin: BinaryIO | None
    seen_urls: set[str] = field(default_factory=set)

    def document(
        self,
        doc_id: str,
        decoded: Decoded,
        given: Metadata,
        path: str,
        page: Metadata | None = None,
    ) -> Document:
        meta = given.over(page) if page is not None else given
        published = meta.published
        if self.published is not None and (self.override or published is None):
            published = self.published
        return document_from_text(
            doc_id,
            decoded.text,
            title=meta.title,
            published=published,
            url=meta.url,
            source=meta.source,
            language=meta.language,
            path=path,
            author=meta.author,
            notes=decoded.notes,
        )


def _page_meta(page: Page, name: str) -> Metadata:
    try:
        published = parse_date(page.published, name)
    except MalformedRecordError:
        published = None  # a page's odd date is no reason to refuse its text
    return Metadata(
        title=page.title, url=page.url, published=published, source=page.site, author=page.author
    )


def _html_document(
    ctx: _Reading, doc_id: str, html: str, given: Metadata, name: str, url: str | None = None
) -> Document:
    page = read_html(html, name, url=url or given.url)
    return ctx.document(doc_id, Decoded(page.text, "html"), given, name, _page_meta(page, name))


def _text_documents(
    ctx: _Reading, doc_id: str, decoded: Decoded, given: Metadata, name: str
) -> Iterator[Document | InputError]:
    urls = _url_list(decoded.text)
    if urls is not None:
        for url in urls:
            yield from _url_documents(ctx, url)
        return
    yield ctx.document(doc_id, decoded, given, name)


def _jsonl_documents(
    ctx: _Reading, text: str, name: str, manifest: Manifest | None
) -> Iterator[Document | InputError]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield MalformedRecordError(where, f"not valid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            yield MalformedRecordError(where, "a JSONL line must be an object")
            continue
        doc_id = record.get("id")
        if not isinstance(doc_id, str | int) or str(doc_id) == "":
            yield MalformedRecordError(where, "missing 'id'")
            continue
        try:
            given = Metadata.from_mapping(record, where)
            if manifest is not None:
                given = given.over(manifest.get(str(doc_id)))
            body = record.get("text")
            if body is None and isinstance(record.get("html"), str):
                yield _html_document(ctx, str(doc_id), record["html"], given, where)
                continue
            if not isinstance(body, str):
                raise MalformedRecordError(where, "needs a 'text' or 'html' string")
            yield ctx.document(str(doc_id), decode_text(body, where), given, where)
        except InputError as exc:
            yield exc


def _feed_documents(
    ctx: _Reading, data: bytes, name: str, prefix: str
) -> Iterator[Document | InputError]:
    for item in parse_feed(data, name, prefix):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield _feed_item_document(ctx, item)
        except InputError as exc:
            yield exc


def _feed_item_document(ctx: _Reading, item: FeedItem) -> Document:
    given = Metadata(
        title=item.title,
        url=item.link,
        published=item.published,
        source=item.feed_title,
        author=item.author,
    )
    if item.is_summary and item.link:
        try:
            fetched = ctx.fetcher.fetch(item.link)
            html = decode_html(fetched.data, item.link, _charset(fetched.content_type))
            return _html_document(ctx, item.id, html, given, item.where, url=item.link)
        except (FetchError, EmptyDocumentError) as exc:
            if not item.text.strip():
                raise
            decoded = decode_text(item.text, item.where)
            return ctx.document(
                item.id, replace(decoded, notes=(unreachable(exc),)), given, item.where
            )
    return ctx.document(item.id, decode_text(item.text, item.where), given, item.where)


def _charset(content_type: str | None) -> str | None:
    if content_type and "charset=" in content_type:
        return content_type.split("charset=", 1)[1].split(";")[0].strip().strip("\"'") or None
    return None


def _url_documents(ctx: _Reading, url: str) -> Iterator[Document | InputError]:
    if url in ctx.seen_urls:
        return
    ctx.seen_urls.add(url)
    try:
        fetched = ctx.fetcher.fetch(url)
    except FetchError as exc:
        yield exc
        return
    ctype = (fetched.content_type or "").lower()
    if looks_like_feed(fetched.data) or any(k in ctype for k in ("rss", "atom")):
        host = urllib.parse.urlsplit(url).hostname or "feed"
        yield from _feed_documents(ctx, fetched.data, url, host)
        return
    try:
        html = decode_html(fetched.data, url, _charset(fetched.content_type))
        yield _html_document(ctx, _url_id(url), html, Metadata(url=fetched.url), url, url=url)
    except InputError as exc:
        yield exc


def _stdin_documents(ctx: _Reading) -> Iterator[Document | InputError]:
    stream = ctx.stdin if ctx.stdin is not None else sys.stdin.buffer
    data = stream.read()
    try:
        decoded = decode_bytes(data, _STDIN_NAME)
    except InputError as exc:
        yield exc
        return
    head = decoded.text.lstrip()
    if looks_like_feed(data):
        yield from _feed_documents(ctx, data, _STDIN_NAME, "stdin")
    elif head.startswith("{"):
        yield from _jsonl_documents(ctx, decoded.text, _STDIN_NAME, None)
    elif head[:1] == "<":
        try:
            doc_id = f"stdin_{_digest(decoded.text)}"
            yield _html_document(ctx, doc_id, decoded.text, Metadata(), _STDIN_NAME)
        except InputError as exc:
            yield exc
    else:
        doc_id = f"stdin_{_digest(decoded.text)}"
        yield from _text_documents(ctx, doc_id, decoded, Metadata(), _STDIN_NAME)


def _expand(
    paths: Sequence[str | Path],
) -> Iterator[tuple[Path, Manifest | None] | str | InputError]:
    for raw in paths:
        if isinstance(raw, str) and (raw == STDIN or is_url(raw)):
            yield raw
            continue
        path = Path(raw)
        if not path.exists():
            yield MissingPathError(str(path), "no such file or directory")
            continue
        if path.is_dir():
            manifest: Manifest | None = None
            for mname in MANIFEST_NAMES:
                candidate = path / mname
                if candidate.exists():
                    try:
                        manifest = read_manifest(candidate)
                    except InputError as exc:
                        yield exc
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.name not in MANIFEST_NAMES:
                    if child.name.startswith("."):
                        continue
                    yield child, manifest
        else:
            yield path, None


def _file_documents(
    ctx: _Reading, path: Path, manifest: Manifest | None
) -> Iterator[Document | InputError]:
    name = str(path)
    suffix = path.suffix.lower()
    given = manifest.get(path.stem) if manifest else Metadata()
    if suffix in TEXT_SUFFIXES:
        yield from _text_documents(
            ctx, path.stem, decode_bytes(path.read_bytes(), name), given, name
        )
    elif suffix in HTML_SUFFIXES:
        data = path.read_bytes()
        if not data.strip():
            raise EmptyDocumentError(name, "empty file")
        yield _html_document(ctx, path.stem, decode_html(data, name), given, name)
    elif suffix in JSONL_SUFFIXES:
        yield from _jsonl_documents(ctx, decode_bytes(path.read_bytes(), name).text, name, manifest)
    elif suffix in FEED_SUFFIXES:
        data = path.read_bytes()
        if not data.strip():
            raise EmptyDocumentError(name, "empty file")
        yield from _feed_documents(ctx, data, name, path.stem)
    elif path.name in MANIFEST_NAMES:
        return
    else:
        yield UnsupportedFormatError(
            name,
            f"unknown extension {suffix or '(none)'!r} (veille reads .txt, .html, .htm, "
            ".jsonl and RSS/Atom feeds in .xml, .rss, .atom)",
        )


def read_paths(
    paths: Sequence[str | Path],
    *,
    published: dt.date | None = None,
    override_published: bool = False,
    manifest: Manifest | None = None,
    fetcher: Fetcher | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Document | InputError]:
    """Yield a document, or the error that rejected it, for every input under ``paths``.

    A path is a file, a directory, an ``http(s)://`` URL (an article or a feed) or ``-`` for
    standard input (text, HTML, JSONL, a feed or a list of URLs). ``published`` fills in the
    date of documents that have none of their own; with ``override_published`` it replaces
    every date. A manifest given explicitly applies to every plain file; one found in a
    directory applies to the files of that directory.
    """
    ctx = _Reading(published, override_published, fetcher or Fetcher(), stdin)
    for item in _expand(paths):
        if isinstance(item, InputError):
            yield item
        elif item == STDIN:
            yield from _stdin_documents(ctx)
        elif isinstance(item, str):
            yield from _url_documents(ctx, item)
        else:
            path, dir_manifest = item
            try:
                yield from _file_documents(ctx, path, manifest or dir_manifest)
            except InputError as exc:
                yield exc
            except OSError as exc:
                yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
