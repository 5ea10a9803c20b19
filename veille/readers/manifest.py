"""Manifests: metadata for plain files (above all ``published``), keyed by document id."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from ..errors import MalformedRecordError

__all__ = ["MANIFEST_NAMES", "META_FIELDS", "Manifest", "Metadata", "parse_date", "read_manifest"]

MANIFEST_NAMES = ("manifest.csv", "manifest.json")
META_FIELDS = ("title", "url", "published", "source", "language", "author")


def parse_date(value: Any, path: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise MalformedRecordError(path, f"bad published date {value!r} (want YYYY-MM-DD)") from exc


@dataclass(frozen=True, slots=True)
class Metadata:
    """What is known about a document besides its text; unset fields are None."""

    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    source: str | None = None
    language: str | None = None
    author: str | None = None

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], where: str) -> Metadata:
        """From a manifest row or a JSONL record; a bad date is a :class:`MalformedRecordError`."""
        kept: dict[str, Any] = {}
        for name in META_FIELDS:
            value = values.get(name)
            if value in (None, ""):
                continue
            kept[name] = parse_date(value, where) if name == "published" else str(value)
        return cls(**kept)

    def over(self, other: Metadata) -> Metadata:
        """These values, with ``other``'s where these are unset."""
        return replace(
            other, **{f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}
        )


@dataclass(frozen=True, slots=True)
class Manifest:
    """Metadata for plain files, keyed by document id (the file stem)."""

    rows: Mapping[str, Metadata]

    def get(self, doc_id: str) -> Metadata:
        return self.rows.get(doc_id, Metadata())


def read_manifest(path: Path) -> Manifest:
    """Read a CSV (header with ``id`` or ``file``) or JSON (list or mapping) manifest."""
    name = str(path)
    try:
        raw = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MalformedRecordError(name, f"cannot read manifest: {exc}") from exc
    rows: dict[str, Mapping[str, Any]] = {}
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(raw.splitlines())
        if not reader.fieldnames or not ({"id", "file"} & set(reader.fieldnames)):
            raise MalformedRecordError(name, "manifest CSV needs an 'id' or 'file' column")
        for row in reader:
            key = row.get("id") or Path(row.get("file") or "").stem
            if key:
                rows[key] = row
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
                rows[str(key)] = meta
    return Manifest({k: Metadata.from_mapping(v, f"{name} ({k})") for k, v in rows.items()})
