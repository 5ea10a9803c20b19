"""Readers turn inputs into :class:`~veille.model.Document`: files and directories (``.txt``,
``.html``/``.htm``, ``.jsonl``, RSS/Atom feeds), URLs of articles and feeds, lists of URLs, and
standard input (``-``).

Every problem with one input becomes an :class:`~veille.errors.InputError` yielded in place of
the document, so a batch goes on past it.

Inputs are read lazily, as the documents are asked for: directories are walked one directory at a
time, JSONL files read line by line (memory stays flat whatever their size), ``.gz`` files through
gzip. With a limit (``max_document_chars``) a longer document is rejected, a file far too large
before it is read.

Metadata comes, from strongest to weakest, from the caller's record (a JSONL record, a
manifest row, a feed item), then from the page itself (an HTML page's metadata), then from the
``published`` fallback, which only fills in documents that have no date of their own unless
``override_published`` is set.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import sys
import urllib.parse
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from ..errors import (
    DecodeError,
    DocumentTooLargeError,
    EmptyDocumentError,
    FetchError,
    InputError,
    MalformedRecordError,
    MissingPathError,
    UnsupportedFormatError,
)
from ..model import Document
from ..text import looks_like_headline
from .decode import Decoded, decode_bytes, decode_text, looks_utf16, repair_controls
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
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


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
    max_chars: int | None = None
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
        if self.max_chars is not None and len(decoded.text) > self.max_chars:
            raise _too_large(path, f"{len(decoded.text):,} characters", self.max_chars)
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


def _too_large(name: str, what: str, max_chars: int) -> DocumentTooLargeError:
    return DocumentTooLargeError(
        name, f"{what}; documents are limited to {max_chars:,} characters (max_document_chars)"
    )


def _suffixes(path: Path) -> tuple[str, bool]:
    """The reading suffix of ``path`` and whether it is gzip-compressed (``a.jsonl.gz``)."""
    name = path.name.lower()
    if name.endswith(".gz"):
        return Path(name[:-3]).suffix, True
    return path.suffix.lower(), False


def _stem(path: Path) -> str:
    """The document id of a file: its name without the reading suffix (nor ``.gz``)."""
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    return Path(name).stem


def _byte_limit(max_chars: int | None) -> int | None:
    # four bytes a character at most (UTF-8, UTF-16 surrogates, UTF-32)
    return None if max_chars is None else 4 * max_chars + 4


@contextlib.contextmanager
def _gzip_errors(name: str, done: str = "") -> Iterator[None]:
    """Damaged gzip data becomes an input error naming the file."""
    try:
        yield
    except EOFError as exc:
        raise DecodeError(name, f"truncated gzip file ({exc}){done}") from exc
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise DecodeError(name, f"not a readable gzip file ({exc}){done}") from exc


def _read_bytes(path: Path, gz: bool, max_chars: int | None) -> bytes:
    """The file's bytes, uncompressed; refused before reading when over the size limit."""
    name = str(path)
    limit = _byte_limit(max_chars)
    if not gz:
        if limit is not None and max_chars is not None and path.stat().st_size > limit:
            raise _too_large(name, f"{path.stat().st_size:,} bytes", max_chars)
        return path.read_bytes()
    with _gzip_errors(name), gzip.open(path, "rb") as fh:
        data = fh.read() if limit is None else fh.read(limit + 1)
    if limit is not None and max_chars is not None and len(data) > limit:
        raise _too_large(name, f"more than {limit:,} bytes once uncompressed", max_chars)
    return data


def _open(path: Path, gz: bool) -> BinaryIO:
    if gz:
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


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


Line = tuple[int, str | InputError, tuple[str, ...]]


def _sniff(head: bytes) -> str | None:
    """The encoding of a JSONL file that is not ASCII-compatible (UTF-16 or -32), else None."""
    for bom, encoding in _WIDE_BOMS:
        if head.startswith(bom):
            return encoding
    return looks_utf16(head)


def _checked_line(lineno: int, line: str, where: str) -> Line:
    """A line with its stray control characters (NUL) read as spaces, and the note saying so."""
    repaired = repair_controls(line)
    if repaired is None:
        return lineno, DecodeError(where, "binary data, not text"), ()
    return lineno, repaired[0], repaired[1]


def _lines(fh: BinaryIO, name: str, limit: int | None) -> Iterator[Line]:
    """Lines of a JSONL stream, one at a time, decoded each on its own; a line over ``limit``
    bytes is skipped (read past, never held) and reported."""
    peek = getattr(fh, "peek", None)
    head = peek(4096)[:4096] if peek else b""
    wide = _sniff(head)
    if wide is not None:
        reader = io.TextIOWrapper(fh, encoding=wide, newline="")
        for lineno, line in enumerate(reader, start=1):
            yield _checked_line(lineno, line, f"{name}:{lineno}")
        return
    lineno = 0
    while True:
        raw = fh.readline() if limit is None else fh.readline(limit + 1)
        if not raw:
            return
        lineno += 1
        where = f"{name}:{lineno}"
        if limit is not None and len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield (
                lineno,
                MalformedRecordError(where, f"line longer than {limit:,} bytes, skipped"),
                (),
            )
            continue
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                yield lineno, DecodeError(where, "line is not UTF-8 text"), ()
                continue
        yield _checked_line(lineno, text, where)


def _text_lines(text: str) -> Iterator[Line]:
    """Lines of JSONL text already decoded (standard input)."""
    for lineno, line in enumerate(text.splitlines(), start=1):
        yield lineno, line, ()


def _jsonl_documents(
    ctx: _Reading,
    lines: Iterator[Line],
    name: str,
    manifest: Manifest | None,
) -> Iterator[Document | InputError]:
    """The records of JSONL lines, read as they come; a damaged gzip stream stops the file with
    an error after the records before the damage."""
    read = found = 0
    while True:
        try:
            with _gzip_errors(name, f" after {read} lines"):
                item = next(lines, None)
        except InputError as exc:
            yield exc
            return
        if item is None:
            break
        lineno, line, notes = item
        read = lineno
        if isinstance(line, InputError):
            yield line
            continue
        if line.strip():
            found += 1
            yield _jsonl_record(ctx, line, f"{name}:{lineno}", manifest, notes)
    if found == 0:
        yield EmptyDocumentError(
            name, "empty file" if read == 0 else "no records, only blank lines"
        )


def _jsonl_record(
    ctx: _Reading, line: str, where: str, manifest: Manifest | None, notes: tuple[str, ...]
) -> Document | InputError:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return MalformedRecordError(where, f"not valid JSON ({exc.msg})")
    except RecursionError:
        return MalformedRecordError(where, "JSON nested too deeply")
    if not isinstance(record, dict):
        return MalformedRecordError(where, "a JSONL line must be an object")
    doc_id = record.get("id")
    if not isinstance(doc_id, str | int) or str(doc_id) == "":
        return MalformedRecordError(where, "missing 'id'")
    try:
        given = Metadata.from_mapping(record, where)
        if manifest is not None:
            given = given.over(manifest.get(str(doc_id)))
        body = record.get("text")
        if body is None and isinstance(record.get("html"), str):
            return _html_document(ctx, str(doc_id), record["html"], given, where)
        if not isinstance(body, str):
            raise MalformedRecordError(where, "needs a 'text' or 'html' string")
        decoded = decode_text(body, where)
        if notes:
            decoded = replace(decoded, notes=notes + decoded.notes)
        return ctx.document(str(doc_id), decoded, given, where)
    except InputError as exc:
        return exc


def _read_jsonl(
    ctx: _Reading, path: Path, gz: bool, manifest: Manifest | None
) -> Iterator[Document | InputError]:
    """The records of a JSONL file, read as a stream: memory stays flat whatever its size."""
    name = str(path)
    # a line holds one document's text, JSON-escaped (up to 6 bytes a character) and metadata
    limit = None if ctx.max_chars is None else 6 * ctx.max_chars + (1 << 16)
    with _open(path, gz) as fh:
        yield from _jsonl_documents(ctx, _lines(fh, name, limit), name, manifest)


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
        yield from _jsonl_documents(ctx, _text_lines(decoded.text), _STDIN_NAME, None)
    elif head[:1] == "<":
        try:
            doc_id = f"stdin_{_digest(decoded.text)}"
            yield _html_document(ctx, doc_id, decoded.text, Metadata(), _STDIN_NAME)
        except InputError as exc:
            yield exc
    else:
        doc_id = f"stdin_{_digest(decoded.text)}"
        yield from _text_documents(ctx, doc_id, decoded, Metadata(), _STDIN_NAME)


def _walk(root: Path, skip: frozenset[str] = frozenset()) -> Iterator[Path]:
    """Files under ``root``, depth first, each directory's names sorted: one directory's names
    are held at a time, never the whole tree, and no document before it is read. Files whose
    absolute path is in ``skip`` are left out."""
    with os.scandir(root) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir():
            yield from _walk(path, skip)
        elif entry.is_file() and os.path.abspath(path) not in skip:
            yield path


def _expand(
    paths: Iterable[str | Path], skip: frozenset[str] = frozenset()
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
            for child in _walk(path, skip):
                if child.name not in MANIFEST_NAMES:
                    yield child, manifest
        else:
            yield path, None


def _file_documents(
    ctx: _Reading, path: Path, manifest: Manifest | None
) -> Iterator[Document | InputError]:
    name = str(path)
    suffix, gz = _suffixes(path)
    doc_id = _stem(path)
    given = manifest.get(doc_id) if manifest else Metadata()
    if suffix in TEXT_SUFFIXES:
        data = _read_bytes(path, gz, ctx.max_chars)
        yield from _text_documents(ctx, doc_id, decode_bytes(data, name), given, name)
    elif suffix in HTML_SUFFIXES:
        data = _read_bytes(path, gz, ctx.max_chars)
        if not data.strip():
            raise EmptyDocumentError(name, "empty file")
        yield _html_document(ctx, doc_id, decode_html(data, name), given, name)
    elif suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(ctx, path, gz, manifest)
    elif suffix in FEED_SUFFIXES:
        # a feed holds many documents: each is held to the limit, not the file
        data = _read_bytes(path, gz, None)
        if not data.strip():
            raise EmptyDocumentError(name, "empty file")
        yield from _feed_documents(ctx, data, name, doc_id)
    elif path.name in MANIFEST_NAMES:
        return
    else:
        yield UnsupportedFormatError(
            name,
            f"unknown extension {suffix or '(none)'!r} (veille reads .txt, .html, .htm, "
            ".jsonl and RSS/Atom feeds in .xml, .rss, .atom, each also gzip-compressed as .gz)",
        )


def read_paths(
    paths: Iterable[str | Path],
    *,
    published: dt.date | None = None,
    override_published: bool = False,
    manifest: Manifest | None = None,
    fetcher: Fetcher | None = None,
    stdin: BinaryIO | None = None,
    max_chars: int | None = None,
    skip: Iterable[str | Path] = (),
) -> Iterator[Document | InputError]:
    """Yield a document, or the error that rejected it, for every input under ``paths``, lazily:
    directories are walked and JSONL files read as the documents are asked for.

    A path is a file, a directory, an ``http(s)://`` URL (an article or a feed) or ``-`` for
    standard input (text, HTML, JSONL, a feed or a list of URLs). ``published`` fills in the
    date of documents that have none of their own; with ``override_published`` it replaces
    every date. A manifest given explicitly applies to every plain file; one found in a
    directory applies to the files of that directory. ``.gz`` files are read through gzip.
    With ``max_chars`` a document longer than that is rejected, a file far too large before it
    is read. Files named in ``skip`` are left out of the directories walked (the database being
    written, when it lies among the inputs).
    """
    ctx = _Reading(published, override_published, fetcher or Fetcher(), stdin, max_chars)
    for item in _expand(paths, frozenset(os.path.abspath(p) for p in skip)):
        if isinstance(item, InputError):
            yield item
        elif item == STDIN:
            try:
                yield from _stdin_documents(ctx)
            except InputError as exc:  # a text over the limit
                yield exc
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
