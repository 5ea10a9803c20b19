"""Robust decoding of raw bytes into text, keeping the text exactly as decoded."""

from __future__ import annotations

import codecs
import unicodedata

from ..errors import DecodeError, EmptyDocumentError

__all__ = ["decode_bytes", "looks_utf16"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte is NUL in mostly-ASCII text."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _plausible(text: str) -> bool:
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return True
    controls = sum(1 for c in visible if unicodedata.category(c) in {"Cc", "Co", "Cn", "Cs"})
    letters = sum(1 for c in visible if c.isalpha())
    return controls == 0 and letters / len(visible) >= 0.5


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`DecodeError` or :class:`EmptyDocumentError`."""
    if not data.strip():
        raise EmptyDocumentError(path, "empty file")
    candidates: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            candidates = [encoding]
            break
    else:
        utf16 = looks_utf16(data)
        if utf16:
            candidates = [utf16]
        elif b"\x00" in data:
            raise DecodeError(path, "binary file (contains NUL bytes), not text")
        else:
            candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _plausible(text):
            continue
        if not text.strip():
            raise EmptyDocumentError(path, "no text after decoding")
        return text, encoding.replace("-sig", "")
    raise DecodeError(path, f"undecodable bytes: not valid {' or '.join(candidates)} text")
