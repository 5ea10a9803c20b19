"""Readers turn paths (files, directories, JSONL, manifests) into :class:`~veille.model.Document`.

Every problem with one input becomes an :class:`~veille.errors.InputError` yielded in place of
the document, so a batch goes on past it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import (
    EmptyDocumentError,
    InputError,
    MalformedRecordError,
    MissingPathError,
    UnsupportedFormatError,
)
from ..model import Document
from .decode import decode_bytes

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


def _read_text_file(path: Path, meta: Mapping[str, str], published: dt.date | None) -> Document:
    name = str(path)
    text, _encoding = decode_bytes(path.read_bytes(), name)
    return document_from_text(
        path.stem,
        text,
        title=meta.get("title"),
        published=published or parse_date(meta.get("published"), name),
        url=meta.get("url"),
        source=meta.get("source"),
        language=meta.get("language"),
        path=name,
    )


def _html_to_text(html: str, name: str) -> str:
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=False
    )
    if not text or not text.strip():
        raise EmptyDocumentError(name, "no main text found in the HTML")
    return str(text)


def _read_html_file(path: Path, meta: Mapping[str, str], published: dt.date | None) -> Document:
    name = str(path)
    html, _encoding = decode_bytes(path.read_bytes(), name)
    text = _html_to_text(html, name)
    title = meta.get("title")
    if title is None:
        import trafilatura

        md = trafilatura.extract_metadata(html)
        title = md.title if md is not None and md.title else None
    return document_from_text(
        path.stem,
        text,
        title=title,
        published=published or parse_date(meta.get("published"), name),
        url=meta.get("url"),
        source=meta.get("source"),
        language=meta.get("language"),
        path=name,
    )


def _read_jsonl(path: Path, published: dt.date | None) -> Iterator[Document | InputError]:
    name = str(path)
    text, _encoding = decode_bytes(path.read_bytes(), name)
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
            body = record.get("text")
            if body is None and isinstance(record.get("html"), str):
                body = _html_to_text(record["html"], where)
            if not isinstance(body, str):
                raise MalformedRecordError(where, "needs a 'text' or 'html' string")
            yield document_from_text(
                str(doc_id),
                body,
                title=record.get("title"),
                published=published or parse_date(record.get("published"), where),
                url=record.get("url"),
                source=record.get("source"),
                language=record.get("language"),
                path=where,
            )
        except InputError as exc:
            yield exc


def _expand(paths: list[Path]) -> Iterator[tuple[Path, Manifest | None] | InputError]:
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
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.name not in MANIFEST_NAMES:
                    if child.name.startswith("."):
                        continue
                    yield child, manifest
        else:
            yield path, None


def read_paths(
    paths: Sequence[str | Path],
    *,
    published: dt.date | None = None,
    manifest: Manifest | None = None,
) -> Iterator[Document | InputError]:
    """Yield a document, or the error that rejected it, for every input under ``paths``.

    A manifest given explicitly applies to every plain file; one found in a directory applies
    to the files of that directory.
    """
    for item in _expand([Path(p) for p in paths]):
        if isinstance(item, InputError):
            yield item
            continue
        path, dir_manifest = item
        man = manifest or dir_manifest
        suffix = path.suffix.lower()
        meta = man.get(path.stem) if man else {}
        try:
            if suffix in TEXT_SUFFIXES:
                yield _read_text_file(path, meta, published)
            elif suffix in HTML_SUFFIXES:
                yield _read_html_file(path, meta, published)
            elif suffix in JSONL_SUFFIXES:
                for doc in _read_jsonl(path, published):
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
                    ".html, .htm, .jsonl)",
                )
        except InputError as exc:
            yield exc
        except OSError as exc:
            yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
