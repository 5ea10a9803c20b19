"""Documents sent in a request body (plain text, HTML or JSONL) read by veille's own readers.

The body is written to a temporary file named after the document and read by
:func:`veille.readers.read_paths`, so an upload is read exactly as the same file on disk would
be (decoding, HTML main text, JSONL records, their errors); names that point to the temporary
file are given back as ``request body`` (``request body:3`` for a JSONL line).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import tempfile
from pathlib import Path

from .errors import InputError
from .model import Document
from .readers import Manifest, Metadata, read_paths

__all__ = ["BODY", "MEDIA_TYPES", "read_upload"]

BODY = "request body"
# media type of the body -> the suffix veille's readers know it by
MEDIA_TYPES = {
    "text/plain": ".txt",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/jsonl": ".jsonl",
    "application/x-ndjson": ".jsonl",
    "application/jsonlines": ".jsonl",
    "application/x-jsonlines": ".jsonl",
}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def read_upload(
    body: bytes,
    media_type: str,
    *,
    doc_id: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    source: str | None = None,
    language: str | None = None,
) -> list[Document | InputError]:
    """The documents of one request body (one for text and HTML, one per line for JSONL), or
    the errors that rejected them. A text or HTML document without ``doc_id`` is named after
    the hash of its bytes."""
    suffix = MEDIA_TYPES.get(media_type.split(";")[0].strip().lower())
    if suffix is None:
        known = ", ".join(sorted(MEDIA_TYPES))
        return [InputError(BODY, f"unsupported media type {media_type!r} (one of {known})")]
    name = doc_id or "upload-" + hashlib.sha256(body).hexdigest()[:16]
    if not _ID.match(name):
        return [InputError(BODY, f"bad document id {name!r} (letters, digits, . _ -; 1-128)")]
    meta = {"title": title, "url": url, "source": source, "language": language}
    manifest = Manifest({name: Metadata.from_mapping({k: v for k, v in meta.items() if v}, BODY)})
    with tempfile.TemporaryDirectory(prefix="veille-upload-") as tmp:
        path = Path(tmp) / f"{name}{suffix}"
        path.write_bytes(body)
        out: list[Document | InputError] = []
        for item in read_paths([path], published=published, manifest=manifest):
            if isinstance(item, InputError):
                where = item.path.replace(str(path), BODY)
                out.append(type(item)(where, item.reason.replace(str(path), BODY)))
            else:
                where = (item.path or "").replace(str(path), BODY) or BODY
                out.append(dataclasses.replace(item, path=where))
        return out
