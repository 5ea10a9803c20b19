"""String normalisation shared by linking, matching and evaluation.

``fold`` removes case, accents and apostrophe styles; ``name_key`` additionally removes what
translation and transliteration change in names (Cyrillic script, y/i endings, doubled letters,
w/v, ou/u), so "Zelenskyy", "Zelenski" and "Зеленский" share one key.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from unidecode import unidecode

__all__ = [
    "fold",
    "fold_with_map",
    "is_sentence",
    "looks_like_headline",
    "name_key",
    "strip_elision",
    "words",
]

_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_NON_WORD = re.compile(r"[^a-z0-9']+")
_ELISION = re.compile(r"^(?:l|d|qu|j|n|s|m|t|c|lorsqu|puisqu|jusqu)'(?=\w)")
_DOUBLE = re.compile(r"([a-z])\1+")
_LETTER_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# what a sentence ends with ("…", a closing quote after the period); a headline rarely ends so
_SENTENCE_END = re.compile(r"""[.…!?]["'»”’)\]]*$|[.…]\s*[»”"]$""")
_HEADLINE_MAX_WORDS = 16


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case, accents removed, typographic apostrophes made plain; spacing kept."""
    text = text.translate(_APOS)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if not stripped.isascii():
        # transliterate letters (Cyrillic, ligatures); keep symbols such as € and «
        stripped = "".join(
            unidecode(ch) if not ch.isascii() and ch.isalpha() else ch for ch in stripped
        )
    return stripped.lower()


def strip_elision(token: str) -> str:
    return _ELISION.sub("", token)


def words(text: str) -> list[str]:
    """Folded words with elided articles removed ("l'OTAN" -> ["otan"])."""
    return list(_words(text))


@functools.lru_cache(maxsize=200_000)
def _words(text: str) -> tuple[str, ...]:
    out = []
    for raw in _NON_WORD.sub(" ", fold(text).replace("-", " ")).split():
        tok = strip_elision(raw).strip("'")
        if tok:
            out.append(tok)
    return tuple(out)


def _reduce(word: str) -> str:
    w = word.replace("'", "").replace("w", "v").replace("ph", "f")
    w = w.replace("kh", "h").replace("ou", "u").replace("ck", "k")
    w = w.replace("j", "i") if w.endswith("ij") else w
    w = w.replace("y", "i")
    w = _DOUBLE.sub(r"\1", w)
    if len(w) > 4 and w.endswith(("ii", "ij")):
        w = w[:-2] + "i"
    return w


def name_key(text: str) -> str:
    """Transliteration-insensitive key of a name."""
    return " ".join(_reduce(w) for w in words(text))


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` with, for each folded character, the offset of its original character
    (one extra entry at the end maps the end of the string)."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        f = fold(ch) if not ch.isascii() else ch.lower()
        for c in f:
            out.append(c)
            offsets.append(i)
    offsets.append(len(text))
    return "".join(out), offsets


def is_sentence(line: str) -> bool:
    """A full sentence: at least six words and sentence punctuation at the end, or too long to
    be a headline ("Les forces russes ont frappé Kharkiv mardi, tuant trois personnes.")."""
    line = line.strip()
    n = len(_LETTER_WORD.findall(line))
    if n > 2 * _HEADLINE_MAX_WORDS:
        return True
    return n >= 6 and bool(_SENTENCE_END.search(line)) and not line.endswith(("?", "!"))


def looks_like_headline(line: str) -> bool:
    """A line that can be an article's title: a few words, not a full sentence."""
    line = line.strip()
    n = len(_LETTER_WORD.findall(line))
    return 1 <= n <= 2 * _HEADLINE_MAX_WORDS and not is_sentence(line) and not line.endswith(":")
