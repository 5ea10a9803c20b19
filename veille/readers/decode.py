"""Robust decoding of raw bytes into text, keeping the text exactly as decoded.

A byte-order mark chooses the encoding (and is not part of the text), CRLF line ends are kept as
they are, and a few stray control characters (NUL bytes from a bad export, a DOS end-of-file
mark) are read as spaces, one for one, and reported, so offsets still count the characters of
the file. Only a file that is mostly not text is refused.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from ..errors import DecodeError, EmptyDocumentError

__all__ = ["Decoded", "decode_bytes", "decode_text", "looks_utf16", "repair_controls"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# a text file may have a few stray control characters: this many, or this share of its length
_MAX_STRAY = (16, 0.02)
# control characters that are line or page breaks, kept as they are
_SPACING = frozenset("\t\n\r\x0b\x0c\x1c\x1d\x1e\x85")


@dataclass(frozen=True, slots=True)
class Decoded:
    """The decoded text, the encoding that read it, and what was repaired on the way."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


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


def _stray(ch: str) -> bool:
    return ch not in _SPACING and unicodedata.category(ch) == "Cc"


def _repair(text: str, letters_needed: float) -> tuple[str, tuple[str, ...]] | None:
    """Stray control characters read as spaces (same length); None when the text is not text.

    Bytes that decode as UTF-8 are text; a single-byte encoding decodes anything, so what it
    gives must also be at least ``letters_needed`` letters."""
    visible = [c for c in text if not c.isspace() or _stray(c)]
    if not visible:
        return text, ()
    stray = [c for c in visible if _stray(c)]
    unassigned = sum(1 for c in visible if unicodedata.category(c) in {"Co", "Cn", "Cs"})
    letters = sum(1 for c in visible if c.isalpha())
    if unassigned or len(stray) > max(_MAX_STRAY[0], _MAX_STRAY[1] * len(text)):
        return None
    if letters / max(1, len(visible) - len(stray)) < letters_needed:
        return None
    if not stray:
        return text, ()
    nul = sum(1 for c in stray if c == "\x00")
    notes = []
    if nul:
        notes.append(f"{nul} NUL byte{'s' if nul > 1 else ''} read as spaces")
    if len(stray) > nul:
        other = len(stray) - nul
        notes.append(f"{other} control character{'s' if other > 1 else ''} read as spaces")
    return "".join(" " if _stray(c) else c for c in text), tuple(notes)


def repair_controls(text: str) -> tuple[str, tuple[str, ...]] | None:
    """Text already decoded with its stray control characters read as spaces (same length) and
    the notes saying so; None when there are too many of them for it to be text."""
    if not any(_stray(c) for c in text):
        return text, ()
    return _repair(text, 0.0)


def decode_bytes(data: bytes, path: str) -> Decoded:
    """Decode a file's bytes; raise :class:`DecodeError` or :class:`EmptyDocumentError`."""
    if not data.strip(b" \t\r\n\x00"):
        if b"\x00" in data:
            raise DecodeError(path, "binary file (only NUL bytes), not text")
        raise EmptyDocumentError(path, "empty file")
    candidates: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            candidates = [encoding]
            break
    else:
        utf16 = looks_utf16(data)
        candidates = [utf16] if utf16 else ["utf-8", "cp1252"]
    binary = False
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        repaired = _repair(text, 0.5 if encoding == "cp1252" else 0.0)
        if repaired is None:
            binary = binary or "\x00" in text
            continue
        return decode_text(repaired[0], path, encoding.replace("-sig", ""), repaired[1])
    if binary or b"\x00" in data:
        raise DecodeError(path, "binary file, not text")
    raise DecodeError(path, f"undecodable bytes: not valid {' or '.join(candidates)} text")


def decode_text(
    text: str, path: str, encoding: str = "utf-8", notes: tuple[str, ...] = ()
) -> Decoded:
    """Check text that is already decoded (standard input, a fetched page)."""
    if not text.strip():
        raise EmptyDocumentError(path, "no text after decoding")
    if notes == ():
        repaired = repair_controls(text)
        if repaired is None:
            raise DecodeError(path, "binary data, not text")
        text, notes = repaired
    return Decoded(text, encoding, notes)
