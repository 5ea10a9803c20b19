"""Readers: decoding, rejection of bad inputs, metadata from manifests, ids and hashes."""

from __future__ import annotations

import codecs
import datetime as dt
import json
from pathlib import Path

import pytest

import veille
from veille.errors import (
    DecodeError,
    EmptyDocumentError,
    InputError,
    MalformedRecordError,
    MissingPathError,
    UnsupportedFormatError,
)
from veille.readers import document_from_text, read_paths
from veille.readers.decode import decode_bytes

ZURICH = "Café à Zürich, la neige tombe sur la Limmat depuis mercredi matin."
# typographic quotes, a no-break space, CRLF line ends: all must survive untouched
EXACT = "Titre « exact »\r\n\r\nLe président a déclaré\u00a0: « Nous restons ».\r\nFin — 2025.\n"

FRENCH_PARAS = (
    "Les forces russes ont lancé dans la nuit de mercredi une vague de drones et de missiles "
    "sur Kiev, selon les autorités ukrainiennes, qui font état de plusieurs blessés dans la "
    "capitale et de dégâts importants dans un quartier résidentiel.",
    "Le président ukrainien Volodymyr Zelensky a appelé ses alliés occidentaux à renforcer la "
    "défense antiaérienne du pays, estimant que chaque système supplémentaire permettrait de "
    "sauver des vies civiles.",
)
NAV_TEXT = "Rubrique Jardinage et Bricolage"
FOOTER_TEXT = "Mentions légales et conditions générales de vente"


def _read(paths: list[Path], **kwargs: object) -> list[veille.Document | InputError]:
    return list(read_paths(paths, **kwargs))  # type: ignore[arg-type]


def _only_doc(path: Path) -> veille.Document:
    items = _read([path])
    assert len(items) == 1, items
    assert isinstance(items[0], veille.Document), items[0]
    return items[0]


def _only_error(path: Path) -> InputError:
    items = _read([path])
    assert len(items) == 1, items
    assert isinstance(items[0], InputError), items[0]
    return items[0]


# ---------------------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (ZURICH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ZURICH.encode("utf-8"), "utf-8"),
        (ZURICH.encode("utf-16"), "utf-16"),  # with BOM (native order)
        (codecs.BOM_UTF16_LE + ZURICH.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + ZURICH.encode("utf-16-be"), "utf-16"),
        (ZURICH.encode("utf-16-le"), "utf-16-le"),  # no BOM
        (ZURICH.encode("cp1252"), "cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-bom", "utf16be-bom", "utf16le-nobom", "cp1252"],
)
def test_decode_encodings(tmp_path: Path, raw: bytes, encoding: str) -> None:
    decoded = decode_bytes(raw, "x.txt")
    text, found = decoded.text, decoded.encoding
    assert text == ZURICH
    assert found == encoding
    path = tmp_path / "article.txt"
    path.write_bytes(raw)
    doc = _only_doc(path)
    assert doc.text == ZURICH
    assert not doc.text.startswith("\ufeff")


def test_short_cp1252_text() -> None:
    decoded = decode_bytes("Café à Zürich".encode("cp1252"), "x.txt")
    assert (decoded.text, decoded.encoding) == ("Café à Zürich", "cp1252")


@pytest.mark.parametrize(
    "raw",
    [
        EXACT.encode("utf-8"),
        codecs.BOM_UTF8 + EXACT.encode("utf-8"),
        EXACT.encode("utf-16"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom"],
)
def test_text_kept_exactly(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "exact.txt"
    path.write_bytes(raw)
    doc = _only_doc(path)
    # byte-for-byte as decoded, BOM removed: offsets into it are offsets into the original
    assert doc.text == EXACT
    start = EXACT.index("« Nous")
    assert doc.text[start : start + len("« Nous restons »")] == "« Nous restons »"
    assert "\r\n" in doc.text
    assert "\u00a0" in doc.text


# ---------------------------------------------------------------------------- bad inputs


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    err = _only_error(path)
    assert type(err) is EmptyDocumentError
    assert err.path == str(path)
    assert "empty" in err.reason


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b"  \r\n\t \n")
    err = _only_error(path)
    assert type(err) is EmptyDocumentError
    assert err.path == str(path)


def test_binary_file_with_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    err = _only_error(path)
    assert type(err) is DecodeError
    assert err.path == str(path)
    assert "binary" in err.reason
    assert str(path) in str(err)


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(b"\x81\x8d\x8f\x90\x9d" * 50)
    err = _only_error(path)
    assert type(err) is DecodeError
    assert err.path == str(path)
    assert "undecodable" in err.reason


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7\n" + ZURICH.encode())
    err = _only_error(path)
    assert type(err) is UnsupportedFormatError
    assert err.path == str(path)
    assert ".pdf" in err.reason


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "article.txt"
    err = _only_error(path)
    assert type(err) is MissingPathError
    assert err.path == str(path)
    assert "no such file" in err.reason


def test_jsonl_malformed_line_does_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "file.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": ZURICH, "published": "2025-03-02"}),
        '{"id": "a2", "text": "unterminated',
        json.dumps({"id": "a3", "text": EXACT, "title": "Titre choisi"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read([path])
    assert len(items) == 3
    docs = [i for i in items if isinstance(i, veille.Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [d.id for d in docs] == ["a1", "a3"]
    assert len(errors) == 1
    assert type(errors[0]) is MalformedRecordError
    assert errors[0].path.endswith("file.jsonl:2")
    assert "JSON" in errors[0].reason
    assert docs[0].published == dt.date(2025, 3, 2)
    assert docs[0].text == ZURICH
    assert docs[1].title == "Titre choisi"
    assert docs[1].text == EXACT


def test_jsonl_line_without_id(tmp_path: Path) -> None:
    path = tmp_path / "noid.jsonl"
    path.write_text(
        json.dumps({"text": ZURICH}) + "\n" + json.dumps({"id": 7, "text": ZURICH}) + "\n",
        encoding="utf-8",
    )
    items = _read([path])
    assert len(items) == 2
    err, doc = items
    assert type(err) is MalformedRecordError
    assert err.path.endswith("noid.jsonl:1")
    assert "id" in err.reason
    assert isinstance(doc, veille.Document)
    assert doc.id == "7"


def test_each_bad_input_yields_one_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a_good.txt").write_text(ZURICH, encoding="utf-8")
    (folder / "b_empty.txt").write_bytes(b"")
    (folder / "c_binary.txt").write_bytes(b"\x00\x01\x02\x03\xff\xfe\x00" * 30)
    (folder / "d_garbage.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d" * 50)
    (folder / "e_doc.pdf").write_bytes(b"%PDF-1.4")
    (folder / "f_lines.jsonl").write_text(
        json.dumps({"id": "j1", "text": ZURICH}) + "\nnot json\n", encoding="utf-8"
    )
    (folder / "g_last.txt").write_text(EXACT, encoding="utf-8")
    missing = tmp_path / "missing.txt"

    items = _read([missing, folder])
    docs = [i for i in items if isinstance(i, veille.Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [d.id for d in docs] == ["a_good", "j1", "g_last"]
    expected = {
        str(missing): MissingPathError,
        str(folder / "b_empty.txt"): EmptyDocumentError,
        str(folder / "c_binary.txt"): DecodeError,
        str(folder / "d_garbage.txt"): DecodeError,
        str(folder / "e_doc.pdf"): UnsupportedFormatError,
        f"{folder / 'f_lines.jsonl'}:2": MalformedRecordError,
    }
    assert {e.path: type(e) for e in errors} == expected
    assert len(errors) == len(expected)  # exactly one error per bad input
    for err in errors:
        assert err.reason
        assert str(err) == f"{err.path}: {err.reason}"


# ---------------------------------------------------------------------------- titles, html


def test_txt_title_is_first_real_line(tmp_path: Path) -> None:
    path = tmp_path / "titled.txt"
    path.write_text(
        "\n  \n---\n12 | 3\n  Kiev sous les drones  \nLe corps de l'article.\n", encoding="utf-8"
    )
    doc = _only_doc(path)
    assert doc.title == "Kiev sous les drones"
    assert doc.text.startswith("\n  \n---")  # the text itself is not trimmed


def test_html_main_text_through_trafilatura(tmp_path: Path) -> None:
    html = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Kiev sous les frappes</title></head>
<body>
<nav><ul><li><a href="/">Accueil</a></li><li><a href="/jardin">{NAV_TEXT}</a></li></ul></nav>
<article>
<h1>Kiev sous les frappes</h1>
<p>{FRENCH_PARAS[0]}</p>
<p>{FRENCH_PARAS[1]}</p>
</article>
<footer><p>{FOOTER_TEXT}</p></footer>
</body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    doc = _only_doc(path)
    assert doc.id == "page"
    for para in FRENCH_PARAS:
        assert para in doc.text
    assert NAV_TEXT not in doc.text
    assert FOOTER_TEXT not in doc.text
    assert "<p>" not in doc.text
    assert doc.title == "Kiev sous les frappes"


def test_html_without_main_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "shell.html"
    path.write_text(
        "<html><head><title>Vide</title></head><body><script>var x = 1;</script></body></html>",
        encoding="utf-8",
    )
    err = _only_error(path)
    assert type(err) is EmptyDocumentError
    assert err.path == str(path)


# ---------------------------------------------------------------------------- metadata


def test_manifest_csv_gives_published(tmp_path: Path) -> None:
    (tmp_path / "art1.txt").write_text(ZURICH, encoding="utf-8")
    (tmp_path / "art2.txt").write_text(EXACT, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "id,published,title\nart1,2025-08-06,Titre du manifeste\n", encoding="utf-8"
    )
    docs = {d.id: d for d in _read([tmp_path])}
    assert set(docs) == {"art1", "art2"}  # the manifest itself is not a document
    assert docs["art1"].published == dt.date(2025, 8, 6)  # type: ignore[union-attr]
    assert docs["art1"].title == "Titre du manifeste"  # type: ignore[union-attr]
    assert docs["art2"].published is None  # type: ignore[union-attr]


def test_manifest_json_gives_published(tmp_path: Path) -> None:
    (tmp_path / "art1.txt").write_text(ZURICH, encoding="utf-8")
    (tmp_path / "art2.txt").write_text(EXACT, encoding="utf-8")
    (tmp_path / "manifest.json").write_text(
        json.dumps(
            [
                {"file": "art1.txt", "published": "2025-04-11"},
                {"id": "art2", "published": "2024-12-31", "language": "fr"},
            ]
        ),
        encoding="utf-8",
    )
    docs = {d.id: d for d in _read([tmp_path])}
    assert docs["art1"].published == dt.date(2025, 4, 11)  # type: ignore[union-attr]
    assert docs["art2"].published == dt.date(2024, 12, 31)  # type: ignore[union-attr]
    assert docs["art2"].language == "fr"  # type: ignore[union-attr]


def test_manifest_with_bad_date_is_reported(tmp_path: Path) -> None:
    (tmp_path / "art1.txt").write_text(ZURICH, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("id,published\nart1,06/08/2025\n", encoding="utf-8")
    items = _read([tmp_path])
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(errors) == 1
    assert type(errors[0]) is MalformedRecordError
    assert "manifest.csv" in errors[0].path
    assert [i.id for i in items if isinstance(i, veille.Document)] == ["art1"]


def test_published_fills_in_and_overrides_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "art1.txt").write_text(ZURICH, encoding="utf-8")
    (tmp_path / "undated.txt").write_text(ZURICH, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("id,published\nart1,2025-08-06\n", encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"id": "j1", "text": ZURICH, "published": "2020-01-01"}) + "\n",
        encoding="utf-8",
    )
    fallback = dt.date(2023, 1, 2)
    docs = {d.id: d for d in _read([tmp_path], published=fallback)}
    assert set(docs) == {"art1", "undated", "j1"}
    # a date of the document's own (manifest, record) wins over the fallback
    assert docs["art1"].published == dt.date(2025, 8, 6)  # type: ignore[union-attr]
    assert docs["j1"].published == dt.date(2020, 1, 1)  # type: ignore[union-attr]
    assert docs["undated"].published == fallback  # type: ignore[union-attr]
    forced = {d.id: d for d in _read([tmp_path], published=fallback, override_published=True)}
    assert all(d.published == fallback for d in forced.values())  # type: ignore[union-attr]


def test_document_id_is_stem_or_jsonl_id(tmp_path: Path) -> None:
    (tmp_path / "2025-08-06_kyiv.report.txt").write_text(ZURICH, encoding="utf-8")
    (tmp_path / "batch.jsonl").write_text(
        json.dumps({"id": "wire-42", "text": ZURICH}) + "\n", encoding="utf-8"
    )
    docs = [d for d in _read([tmp_path]) if isinstance(d, veille.Document)]
    assert sorted(d.id for d in docs) == ["2025-08-06_kyiv.report", "wire-42"]
    by_id = {d.id: d for d in docs}
    assert by_id["wire-42"].path is not None
    assert by_id["wire-42"].path.endswith("batch.jsonl:1")


def test_content_hash_changes_with_text_and_published() -> None:
    base = document_from_text("d", ZURICH, published=dt.date(2025, 1, 1))
    same = document_from_text("d", ZURICH, published=dt.date(2025, 1, 1))
    other_text = document_from_text("d", ZURICH + " Suite.", published=dt.date(2025, 1, 1))
    other_date = document_from_text("d", ZURICH, published=dt.date(2025, 1, 2))
    undated = document_from_text("d", ZURICH)
    assert base.content_hash == same.content_hash
    assert len(base.content_hash) == 64
    hashes = {
        base.content_hash,
        other_text.content_hash,
        other_date.content_hash,
        undated.content_hash,
    }
    assert len(hashes) == 4


def test_document_from_text_rejects_blank_text() -> None:
    with pytest.raises(EmptyDocumentError) as info:
        document_from_text("blank", "  \n\t")
    assert info.value.path == "blank"


# ---------------------------------------------------------------------- input as users have it

ARTICLE_PAGE = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Kiev sous les frappes - Le Quotidien</title>
<meta property="og:title" content="Kiev sous les frappes">
<meta property="og:site_name" content="Le Quotidien">
<meta name="author" content="Marie Dupont">
<meta property="article:published_time" content="2025-08-06T10:00:00+02:00">
</head><body><nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
<article><h1>Kiev sous les frappes</h1><p>{FRENCH_PARAS[0]}</p><p>{FRENCH_PARAS[1]}</p></article>
<footer><p>{FOOTER_TEXT}</p></footer></body></html>"""

NAV_ONLY_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Home | World</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<div class="menu">Home | World | Politics | Sport</div>
<footer><p>© 2025 Daily Planet. All rights reserved.</p><p>Contact us</p></footer>
</body></html>"""


def test_html_metadata_fills_in_what_the_caller_does_not_give(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(ARTICLE_PAGE, encoding="utf-8")
    doc = _only_doc(tmp_path / "page.html")
    assert doc.title == "Kiev sous les frappes"
    assert doc.author == "Marie Dupont"
    assert doc.source == "Le Quotidien"
    assert doc.published == dt.date(2025, 8, 6)
    # the caller's manifest and the fallback date: the manifest wins, the page beats the fallback
    (tmp_path / "manifest.csv").write_text(
        "id,title,source\npage,Titre du manifeste,Agence\n", encoding="utf-8"
    )
    [doc] = _read([tmp_path], published=dt.date(2020, 1, 1))
    assert isinstance(doc, veille.Document)
    assert (doc.title, doc.source, doc.author) == ("Titre du manifeste", "Agence", "Marie Dupont")
    assert doc.published == dt.date(2025, 8, 6)


def test_page_with_only_navigation_and_footer_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "home.html"
    path.write_text(NAV_ONLY_PAGE, encoding="utf-8")
    err = _only_error(path)
    assert type(err) is EmptyDocumentError
    assert "no main text" in err.reason
    assert "navigation" in err.reason


def test_a_first_line_that_is_a_sentence_is_not_a_title(tmp_path: Path) -> None:
    (tmp_path / "lead.txt").write_text("\n\n".join(FRENCH_PARAS) + "\n", encoding="utf-8")
    (tmp_path / "titled.txt").write_text(
        "Kiev sous les frappes\n\n" + FRENCH_PARAS[0] + "\n", encoding="utf-8"
    )
    docs = {d.id: d for d in _read([tmp_path])}
    assert docs["lead"].title == ""  # type: ignore[union-attr]
    assert docs["titled"].title == "Kiev sous les frappes"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("raw", "note"),
    [
        (codecs.BOM_UTF8 + EXACT.encode("utf-8"), None),
        (EXACT.replace("\n", "\r\n").encode("cp1252", errors="replace"), None),
        (EXACT.encode("utf-8").replace(b"Fin", b"F\x00in\x00"), "2 NUL bytes read as spaces"),
        (EXACT.encode("utf-8") + b"\x1a", "1 control character read as spaces"),
    ],
    ids=["bom", "crlf-cp1252", "stray-nul", "dos-eof"],
)
def test_bom_crlf_and_stray_nul_are_read(tmp_path: Path, raw: bytes, note: str | None) -> None:
    path = tmp_path / "dos.txt"
    path.write_bytes(raw)
    doc = _only_doc(path)
    assert "« Nous restons »" in doc.text
    assert "\x00" not in doc.text
    assert doc.notes == ((note,) if note else ())
    if note and "NUL" in note:
        # each NUL is one space: offsets still count the characters of the file
        assert len(doc.text) == len(raw.decode("utf-8"))
        assert "F in " in doc.text


def test_mostly_nul_file_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "padded.txt"
    path.write_bytes(b"Kiev\x00\x00\x00\x00\x00\x00" * 40)
    err = _only_error(path)
    assert type(err) is DecodeError
    assert "binary" in err.reason


def test_standard_input_text_jsonl_and_html() -> None:
    import io

    def from_stdin(data: bytes) -> list[veille.Document | InputError]:
        return list(read_paths(["-"], stdin=io.BytesIO(data), published=dt.date(2025, 1, 2)))

    [text] = from_stdin(ZURICH.encode("utf-8"))
    assert isinstance(text, veille.Document)
    assert text.text == ZURICH
    assert text.id.startswith("stdin_")
    assert text.path == "<stdin>"
    assert text.published == dt.date(2025, 1, 2)
    [again] = from_stdin(ZURICH.encode("utf-8"))
    assert isinstance(again, veille.Document)
    assert again.id == text.id  # the same text twice is the same document
    lines = "\n".join(
        json.dumps({"id": f"s{i}", "text": ZURICH, "published": "2024-03-0" + str(i)})
        for i in (1, 2)
    )
    docs = from_stdin(lines.encode("utf-8") + b"\n{not json\n")
    assert [d.id for d in docs if isinstance(d, veille.Document)] == ["s1", "s2"]
    [err] = [d for d in docs if isinstance(d, InputError)]
    assert err.path == "<stdin>:3"
    [page] = from_stdin(ARTICLE_PAGE.encode("utf-8"))
    assert isinstance(page, veille.Document)
    assert page.title == "Kiev sous les frappes"
    assert FRENCH_PARAS[1] in page.text


def test_the_database_being_written_is_not_an_input(tmp_path: Path) -> None:
    from veille.ingest import database_files

    (tmp_path / "a.txt").write_text(ZURICH, encoding="utf-8")
    for name in ("x.db", "x.db-wal", "other.db"):
        (tmp_path / name).write_bytes(b"SQLite format 3\x00")
    items = _read([tmp_path], skip=database_files(str(tmp_path / "x.db")))
    assert [i.id for i in items if isinstance(i, veille.Document)] == ["a"]
    [err] = [i for i in items if isinstance(i, InputError)]
    assert err.path.endswith("other.db")  # any other file is still reported
    assert database_files("postgresql://u@h/db") == [] == database_files(":memory:")
