"""Property tests on arbitrary input: the readers, the number, quantity and date grammars and
the clean stage never let an exception escape (bad input becomes an InputError), and every
offset they give lies inside its text."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import veille
from veille.errors import InputError
from veille.numbers import NumberGrammar
from veille.readers import document_from_text, read_paths
from veille.readers.decode import decode_bytes
from veille.resources import Resources
from veille.stages.clean import CleanStage, classify_lines
from veille.stages.dates import DateGrammar
from veille.stages.quantities import QuantityGrammar
from veille.text import fold

LANGS = ("fr", "en", "es", "de")
# text that looks like news as well as anything at all: digits, scripts, spaces, controls
NEWSY = st.sampled_from(
    [
        "72 milliards d'euros",
        "4 500 millions",
        "tuant 12 civils",
        "le 6 août 2025",
        "vendredi dernier",
        "il y a trois semaines",
        "£3bn",
        "$1.2 trillion",
        "dix-sept",
        "Mrd.",
        "«",
        "»",
        "“",
        "—",
        "\n",
        "\r\n",
        "\n\n",
        "\u00a0",
        "\u202f",
        "\ufeff",
        "\x00",
        "’",
        "Зеленский",
        "Київ",
        "東京",
        "١٢٣",
        "𝟓",
        "ﬁ",
        "İ",
        "ß",
        "e\u0301",
    ]
)
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(NEWSY, st.text(max_size=12)), max_size=40).map(" ".join),
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def grammars(settings: veille.Settings) -> dict[str, Any]:
    res = Resources(settings)
    preps = res.grammar["dates"]["year_prepositions"]
    return {
        "numbers": {lang: NumberGrammar(res.numbers, lang) for lang in LANGS},
        "quantities": {lang: QuantityGrammar(res.numbers, res.grammar, lang) for lang in LANGS},
        "dates": {lang: DateGrammar(res.dates, res.numbers, lang, preps) for lang in LANGS},
        "boilerplate": res.boilerplate,
    }


# ---------------------------------------------------------------------------- readers


@FAST
@given(data=st.binary(max_size=2000))
def test_any_bytes_decode_or_are_rejected(data: bytes) -> None:
    try:
        decoded = decode_bytes(data, "x.txt")
    except InputError as err:
        assert err.path == "x.txt" and err.reason
        return
    assert decoded.text.strip() and decoded.encoding
    assert "\x00" not in decoded.text  # a stray NUL is read as a space, one for one


def _read_one(name: str, payload: bytes) -> tuple[str, list[veille.Document | InputError]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(payload)
        return str(path), list(read_paths([path], max_chars=10_000))


def _names(item: InputError, path: str) -> bool:
    """The error names the file (and, for a JSONL record, its line)."""
    return item.path == path or (
        item.path.startswith(path + ":") and item.path[len(path) + 1 :].isdigit()
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(["a.txt", "a.jsonl", "a.html", "a.jsonl.gz", "a.txt.gz", "a.bin"]),
    data=st.one_of(st.binary(max_size=1500), TEXT.map(lambda t: t.encode("utf-8", "replace"))),
    compress=st.booleans(),
)
@example(name="a.jsonl", data=b"\t\n \n", compress=False)  # found here: no records at all
def test_any_file_yields_documents_or_input_errors(name: str, data: bytes, compress: bool) -> None:
    payload = gzip.compress(data) if compress and name.endswith(".gz") else data
    path, items = _read_one(name, payload)
    assert items
    for item in items:
        assert isinstance(item, veille.Document | InputError), item
        if isinstance(item, InputError):
            assert _names(item, path) and item.reason, item
        else:
            assert item.text.strip() and len(item.text) <= 10_000


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
RECORD = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=10), st.integers(), JSON),
        "text": st.one_of(TEXT, JSON),
        "html": st.one_of(TEXT.map(lambda t: f"<p>{t}</p>"), JSON),
        "published": st.one_of(st.dates().map(str), st.text(max_size=12), JSON),
        "title": st.one_of(st.text(max_size=20), JSON),
        "language": st.one_of(st.sampled_from(LANGS), JSON),
    },
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(RECORD.map(json.dumps), st.text(max_size=60)), max_size=6))
def test_any_jsonl_line_is_a_document_or_an_error_naming_its_line(lines: list[str]) -> None:
    payload = "\n".join(lines).encode("utf-8", "replace")
    path, items = _read_one("a.jsonl", payload)
    for item in items:
        if isinstance(item, InputError):
            assert _names(item, path) and item.reason, item
        else:
            assert isinstance(item, veille.Document) and item.text.strip()


@FAST
@given(text=TEXT)
def test_document_from_text_keeps_the_text_exactly(text: str) -> None:
    try:
        doc = document_from_text("d", text)
    except InputError:
        assert not text.strip()
        return
    assert doc.text == text and len(doc.content_hash) == 64


# ---------------------------------------------------------------------------- grammars


@FAST
@given(lang=st.sampled_from(LANGS), text=TEXT)
def test_numbers_are_found_inside_any_text(grammars: dict[str, Any], lang: str, text: str) -> None:
    folded = fold(text)
    for m in grammars["numbers"][lang].find(folded):
        assert 0 <= m.start < m.end <= len(folded), (m, folded)
    grammars["numbers"][lang].parse(text)


@FAST
@given(lang=st.sampled_from(LANGS), text=TEXT, published=st.none() | st.dates())
def test_dates_and_quantities_lie_inside_any_text(
    grammars: dict[str, Any], lang: str, text: str, published: dt.date | None
) -> None:
    for future in (False, True):
        for d in grammars["dates"][lang].find(text, published, future):
            assert 0 <= d.start < d.end <= len(text), (d, text)
    for q in grammars["quantities"][lang].extract(text, frozenset()):
        assert 0 <= q.start < q.end <= len(text), (q, text)


# ---------------------------------------------------------------------------- clean stage


@FAST
@given(text=TEXT)
def test_clean_segments_lie_inside_any_text(grammars: dict[str, Any], text: str) -> None:
    segments = classify_lines(text, grammars["boilerplate"])
    last = 0
    for seg in segments:
        assert last <= seg.start < seg.end <= len(text), (seg, text)
        assert len(seg.text) == seg.end - seg.start  # normalised one character for one
        last = seg.end
    if text.strip():
        doc = document_from_text("d", text)
        out = CleanStage(grammars["boilerplate"])(veille.Analysis(document=doc))
        assert all(0 <= s.start < s.end <= len(text) for s in out.segments)
        assert out.title == out.title.strip()
