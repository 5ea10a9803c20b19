"""Readers turn paths (files, directories, JSONL, manifests) into :class:`~veille.model.Document`.

Every problem with one input becomes an :class:`~veille.errors.InputError` yielded in place of
the document, so a batch goes on past it.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import (
    DecodeError,
    DocumentTooLargeError,
    EmptyDocumentError,
    InputError,
    MalformedRecordError,
    MissingPathError,
    UnsupportedFormatError,
)
from ..model import Document
from .decode import decode_bytes, looks_utf16

__all__ = [
    "MANIFEST_NAMES",
    "TEXT_SUFFIXES",
    "Manifest",
    "content_hash",
    "document_from_text",
    "parse_date",
    "read_manifest",
    "read_paths",
]

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
MANIFEST_NAMES = ("manifest.csv", "manifest.json")
_META_FIELDS = ("title", "url", "published", "source", "language")
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class Manifest:
    """Metadata for plain files, keyed by document id (the file stem)."""

    rows: Mapping[str, Mapping[str, str]]

    def get(self, doc_id: str) -> Mapping[str, str]:
        return self.rows.get(doc_id, {})


def parse_date(value: Any, path: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise MalformedRecordError(path, f"bad published date {value!r} (want YYYY-MM-DD)") from exc


def content_hash(text: str, published: dt.date | None, title: str, language: str | None) -> str:
    payload = json.dumps([text, published.isoformat() if published else None, title, language])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if sum(ch.isalpha() for ch in line) >= 3:
            return line.strip()
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
) -> Document:
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
    )


def read_manifest(path: Path) -> Manifest:
    """Read a CSV (header with ``id`` or ``file``) or JSON (list or mapping) manifest."""
    name = str(path)
    try:
        raw = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MalformedRecordError(name, f"cannot read manifest: {exc}") from exc
    rows: dict[str, dict[str, str]] = {}
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(raw.splitlines())
        if not reader.fieldnames or not ({"id", "file"} & set(reader.fieldnames)):
            raise MalformedRecordError(name, "manifest CSV needs an 'id' or 'file' column")
        for row in reader:
            key = row.get("id") or Path(row.get("file") or "").stem
            if key:
                rows[key] = {k: v for k, v in row.items() if k in _META_FIELDS and v}
    else:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise MalformedRecordError(name, f"manifest is not JSON: {exc}") from exc
        items = (
            data.items()
            if isinstance(data, dict)
            else (
                ((d.get("id") or Path(str(d.get("file", ""))).stem), d)
                for d in data
                if isinstance(d, dict)
            )
        )
        for key, meta in items:
            if key and isinstance(meta, dict):
                rows[str(key)] = {k: str(v) for k, v in meta.items() if k in _META_FIELDS and v}
    for key, meta in rows.items():
        parse_date(meta.get("published"), f"{name} ({key})")
    return Manifest(rows)


def _suffixes(path: Path) -> tuple[str, bool]:
    """The reading suffix of ``path`` and whether it is gzip-compressed (``a.jsonl.gz``)."""
    name = path.name.lower()
    if name.endswith(".gz"):
        return Path(name[:-3]).suffix, True
    return path.suffix.lower(), False


def _byte_limit(max_chars: int | None) -> int | None:
    # four bytes a character at most (UTF-8, UTF-16 surrogates, UTF-32)
    return None if max_chars is None else 4 * max_chars + 4


def _too_large(name: str, what: str, max_chars: int) -> DocumentTooLargeError:
    return DocumentTooLargeError(
        name, f"{what}; documents are limited to {max_chars:,} characters (max_document_chars)"
    )


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


@contextlib.contextmanager
def _gzip_errors(name: str, done: str = "") -> Iterator[None]:
    """Damaged gzip data becomes an input error naming the file."""
    try:
        yield
    except EOFError as exc:
        raise DecodeError(name, f"truncated gzip file ({exc}){done}") from exc
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise DecodeError(name, f"not a readable gzip file ({exc}){done}") from exc


def _check_length(doc: Document, max_chars: int | None) -> Document:
    if max_chars is not None and len(doc.text) > max_chars:
        raise _too_large(doc.path or doc.id, f"{len(doc.text):,} characters", max_chars)
    return doc


def _read_text_file(
    path: Path,
    meta: Mapping[str, str],
    published: dt.date | None,
    gz: bool = False,
    max_chars: int | None = None,
) -> Document:
    name = str(path)
    text, _encoding = decode_bytes(_read_bytes(path, gz, max_chars), name)
    return _check_length(
        document_from_text(
            _stem(path),
            text,
            title=meta.get("title"),
            published=published or parse_date(meta.get("published"), name),
            url=meta.get("url"),
            source=meta.get("source"),
            language=meta.get("language"),
            path=name,
        ),
        max_chars,
    )


def _stem(path: Path) -> str:
    """The document id of a file: its name without the reading suffix (nor ``.gz``)."""
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    return Path(name).stem


def _html_to_text(html: str, name: str) -> str:
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=False
    )
    if not text or not text.strip():
        raise EmptyDocumentError(name, "no main text found in the HTML" + _html_trouble(html))
    return str(text)


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


def _read_html_file(
    path: Path,
    meta: Mapping[str, str],
    published: dt.date | None,
    gz: bool = False,
    max_chars: int | None = None,
) -> Document:
    name = str(path)
    html, _encoding = decode_bytes(_read_bytes(path, gz, max_chars), name)
    text = _html_to_text(html, name)
    title = meta.get("title")
    if title is None:
        import trafilatura

        md = trafilatura.extract_metadata(html)
        title = md.title if md is not None and md.title else None
    return _check_length(
        document_from_text(
            _stem(path),
            text,
            title=title,
            published=published or parse_date(meta.get("published"), name),
            url=meta.get("url"),
            source=meta.get("source"),
            language=meta.get("language"),
            path=name,
        ),
        max_chars,
    )


def _sniff(head: bytes) -> str | None:
    """The encoding of a JSONL file that is not ASCII-compatible (UTF-16 or -32), else None."""
    for bom, encoding in _WIDE_BOMS:
        if head.startswith(bom):
            return encoding
    return looks_utf16(head)


def _lines(fh: BinaryIO, name: str, limit: int | None) -> Iterator[tuple[int, str | InputError]]:
    """Lines of a JSONL stream, one at a time, decoded each on its own; a line over ``limit``
    bytes is skipped (read past, never held) and reported."""
    peek = getattr(fh, "peek", None)
    head = peek(4096)[:4096] if peek else b""
    wide = _sniff(head)
    if wide is not None:
        reader = io.TextIOWrapper(fh, encoding=wide, newline="")
        for lineno, line in enumerate(reader, start=1):
            yield lineno, line
        return
    lineno = 0
    while True:
        raw = fh.readline() if limit is None else fh.readline(limit + 1)
        if not raw:
            return
        lineno += 1
        if limit is not None and len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield (
                lineno,
                MalformedRecordError(
                    f"{name}:{lineno}", f"line longer than {limit:,} bytes, skipped"
                ),
            )
            continue
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield lineno, raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                yield lineno, raw.decode("cp1252")
            except UnicodeDecodeError:
                yield lineno, DecodeError(f"{name}:{lineno}", "line is not UTF-8 text")


def _open(path: Path, gz: bool) -> BinaryIO:
    if gz:
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _read_jsonl(
    path: Path, published: dt.date | None, gz: bool = False, max_chars: int | None = None
) -> Iterator[Document | InputError]:
    """The records of a JSONL file, read as a stream: memory stays flat whatever its size."""
    name = str(path)
    # a line holds one document's text, JSON-escaped (up to 6 bytes a character) and metadata
    limit = None if max_chars is None else 6 * max_chars + (1 << 16)
    read = found = 0
    with _open(path, gz) as fh:
        lines = _lines(fh, name, limit)
        while True:
            try:
                with _gzip_errors(name, f" after {read} lines"):
                    item = next(lines, None)
            except InputError as exc:
                yield exc
                return
            if item is None:
                break
            lineno, line = item
            read = lineno
            if isinstance(line, InputError):
                yield line
                continue
            if line.strip():
                found += 1
                yield _jsonl_record(line, f"{name}:{lineno}", published, max_chars)
    if found == 0:
        yield EmptyDocumentError(
            name, "empty file" if read == 0 else "no records, only blank lines"
        )


def _jsonl_record(
    line: str, where: str, published: dt.date | None, max_chars: int | None
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
        body = record.get("text")
        if body is None and isinstance(record.get("html"), str):
            body = _html_to_text(record["html"], where)
        if not isinstance(body, str):
            raise MalformedRecordError(where, "needs a 'text' or 'html' string")
        return _check_length(
            document_from_text(
                str(doc_id),
                body,
                title=record.get("title"),
                published=published or parse_date(record.get("published"), where),
                url=record.get("url"),
                source=record.get("source"),
                language=record.get("language"),
                path=where,
            ),
            max_chars,
        )
    except InputError as exc:
        return exc


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root``, depth first, each directory's names sorted: one directory's names
    are held at a time, never the whole tree, and no document before it is read."""
    with os.scandir(root) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir():
            yield from _walk(path)
        elif entry.is_file():
            yield path


def _expand(paths: Iterable[Path]) -> Iterator[tuple[Path, Manifest | None] | InputError]:
    for path in paths:
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
            for child in _walk(path):
                if child.name not in MANIFEST_NAMES:
                    yield child, manifest
        else:
            yield path, None


def read_paths(
    paths: Sequence[str | Path],
    *,
    published: dt.date | None = None,
    manifest: Manifest | None = None,
    max_chars: int | None = None,
) -> Iterator[Document | InputError]:
    """Yield a document, or the error that rejected it, for every input under ``paths``, lazily:
    directories are walked and JSONL files read as the documents are asked for.

    A manifest given explicitly applies to every plain file; one found in a directory applies
    to the files of that directory. ``.gz`` files are read through gzip. With ``max_chars`` a
    document longer than that is rejected, a file far too large before it is read.
    """
    for item in _expand(Path(p) for p in paths):
        if isinstance(item, InputError):
            yield item
            continue
        path, dir_manifest = item
        man = manifest or dir_manifest
        suffix, gz = _suffixes(path)
        meta = man.get(_stem(path)) if man else {}
        try:
            if suffix in TEXT_SUFFIXES:
                yield _read_text_file(path, meta, published, gz, max_chars)
            elif suffix in HTML_SUFFIXES:
                yield _read_html_file(path, meta, published, gz, max_chars)
            elif suffix in JSONL_SUFFIXES:
                for doc in _read_jsonl(path, published, gz, max_chars):
                    if isinstance(doc, Document) and man and not doc.published:
                        extra = man.get(doc.id)
                        if extra.get("published"):
                            doc = document_from_text(
                                doc.id,
                                doc.text,
                                title=doc.title,
                                url=doc.url,
                                source=doc.source,
                                language=doc.language,
                                path=doc.path,
                                published=parse_date(extra["published"], str(path)),
                            )
                    yield doc
            elif path.name in MANIFEST_NAMES:
                continue
            else:
                yield UnsupportedFormatError(
                    str(path),
                    f"unknown extension {suffix or '(none)'!r} (veille reads .txt, "
                    ".html, .htm, .jsonl, each also gzip-compressed as .gz)",
                )
        except InputError as exc:
            yield exc
        except OSError as exc:
            yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
