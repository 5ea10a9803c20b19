"""The command line, run in-process: one ingest of a small mixed directory, then every query."""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from veille.cli import cli
from veille.export import CSV_COLUMNS, EVENT_KEYS, QUANTITY_KEYS
from veille.resources import ResourceCache
from veille.settings import SETTINGS

GOOD_TEXT = (
    "Frappes sur Kyiv\n\n"
    "La Russie a bombardé Kyiv mercredi, tuant deux civils. Vladimir Poutine a menacé "
    "l'Ukraine de nouvelles frappes. « Nous ne céderons pas », a déclaré le maire de Kyiv, "
    "Vitali Klitschko.\n"
)
RECORD_KEYS = {
    "doc",
    "title",
    "language",
    "published",
    "url",
    "source",
    "author",
    "entities",
    "events",
    "quantities",
    "quotes",
}


@dataclass
class Ingested:
    runner: CliRunner
    db: Path
    result: Result
    bad: dict[str, Path]


def _runner(home: Path) -> CliRunner:
    # a clean environment: no user settings file, no VEILLE_* variables from the caller
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("VEILLE_")}
    env["HOME"] = str(home)
    return CliRunner(env=env)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, resource_cache: ResourceCache) -> Ingested:
    root = tmp_path_factory.mktemp("cli")
    inputs = root / "inputs"
    inputs.mkdir()
    (inputs / "kyiv.txt").write_text(GOOD_TEXT, encoding="utf-8")
    bad = {
        "empty": inputs / "empty.txt",
        "binary": inputs / "blob.bin",
        "pdf": inputs / "report.pdf",
        "missing": root / "absent.txt",
    }
    bad["empty"].write_bytes(b"")
    bad["binary"].write_bytes(b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64 + bytes(range(256)))
    bad["pdf"].write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    db = root / "tmp" / "x.db"
    db.parent.mkdir()
    runner = _runner(root)
    result = runner.invoke(
        cli,
        [
            "--db",
            str(db),
            "--quiet",
            "ingest",
            "--published",
            "2025-05-01",
            str(inputs),
            str(bad["missing"]),
        ],
        obj=resource_cache,  # the session's models, loaded once
    )
    return Ingested(runner, db, result, bad)


def _run(ing: Ingested, *args: str) -> Result:
    result = ing.runner.invoke(cli, ["--db", str(ing.db), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _json(ing: Ingested, *args: str) -> Any:
    result = _run(ing, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ---------------------------------------------------------------------------- ingest


def test_ingest_exit_code_and_summary(ingested: Ingested) -> None:
    result = ingested.result
    assert isinstance(result.exception, SystemExit), result.exception  # no crash
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert "1 stored, 0 replaced, 0 unchanged, 4 rejected" in lines
    assert ingested.db.exists()


def test_ingest_reports_each_bad_input_once(ingested: Ingested) -> None:
    errors = [ln for ln in ingested.result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 4, ingested.result.stderr
    for path in ingested.bad.values():
        naming = [ln for ln in errors if str(path) in ln]
        assert len(naming) == 1, (path, errors)
    by_kind = {kind: next(ln for ln in errors if str(p) in ln) for kind, p in ingested.bad.items()}
    assert "empty" in by_kind["empty"]
    assert ".bin" in by_kind["binary"]
    assert ".pdf" in by_kind["pdf"]
    assert "no such file" in by_kind["missing"]
    assert "error:" not in ingested.result.stdout


# ---------------------------------------------------------------------------- queries


def test_events_json(ingested: Ingested) -> None:
    rows = _json(ingested, "events", "--json")
    assert rows
    assert {r["doc"] for r in rows} == {"kyiv"}
    text = GOOD_TEXT
    for r in rows:
        assert 0 <= r["start"] <= r["end"] <= len(text)
        assert r["evidence"] == text[r["start"] : r["end"]]
    types = {r["type"] for r in rows}
    assert "ASSAULT" in types
    only = _json(ingested, "events", "--type", "assault", "--json")
    assert only
    assert {r["type"] for r in only} == {"ASSAULT"}
    assert _json(ingested, "events", "--lang", "en", "--json") == []
    assert _json(ingested, "events", "--since", "2030-01-01", "--json") == []
    assert _json(ingested, "events", "--actor", "russia", "--json")


def test_events_bad_date_is_a_usage_error(ingested: Ingested) -> None:
    result = _run(ingested, "events", "--since", "yesterday")
    assert result.exit_code != 0
    assert "yesterday" in result.output


def test_events_table(ingested: Ingested) -> None:
    result = _run(ingested, "events")
    assert result.exit_code == 0
    header = result.stdout.splitlines()[0]
    assert header.split()[:3] == ["DATE", "TYPE", "MODE"]
    assert "ASSAULT" in result.stdout


def test_entities_json(ingested: Ingested) -> None:
    rows = _json(ingested, "entities", "--json")
    names = {r["name"] for r in rows}
    assert "Vladimir Putin" in names
    putin = next(r for r in rows if r["name"] == "Vladimir Putin")
    assert putin["type"] == "PERSON"
    assert putin["documents"] == 1
    assert putin["mentions"] >= 1
    people = _json(ingested, "entities", "--type", "person", "--json")
    assert people
    assert {r["type"] for r in people} == {"PERSON"}


def test_entity_command(ingested: Ingested) -> None:
    info = _json(ingested, "entity", "Putin", "--json")
    assert info["name"] == "Vladimir Putin"
    assert "Vladimir Poutine" in {f["text"] for f in info["surface_forms"]}
    assert info["docs"] == ["kyiv"]
    missing = _run(ingested, "entity", "Zzyzx Nobody")
    assert missing.exit_code == 1
    assert "Zzyzx Nobody" in missing.stderr


def test_quotes_json(ingested: Ingested) -> None:
    rows = _json(ingested, "quotes", "--json")
    assert isinstance(rows, list)
    assert rows
    for r in rows:
        assert r["doc"] == "kyiv"
        assert r["published"] == "2025-05-01"
        assert 0 <= r["start"] <= r["end"] <= len(GOOD_TEXT)
    assert any("Nous ne céderons pas" in r["text"] for r in rows)


def test_show_json(ingested: Ingested) -> None:
    rec = _json(ingested, "show", "kyiv", "--json")
    assert set(rec) == RECORD_KEYS
    assert rec["doc"] == "kyiv"
    assert rec["published"] == "2025-05-01"
    assert rec["language"] == "fr"
    assert rec["title"] == "Frappes sur Kyiv"
    assert rec["events"]
    table = _run(ingested, "show", "kyiv")
    assert table.exit_code == 0
    assert "Events" in table.stdout
    assert "Frappes sur Kyiv" in table.stdout
    missing = _run(ingested, "show", "nope")
    assert missing.exit_code == 1
    assert "nope" in missing.stderr


def test_export_jsonl(ingested: Ingested) -> None:
    result = _run(ingested, "export", "--format", "jsonl")
    assert result.exit_code == 0
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    assert len(lines) == 1
    for line in lines:
        rec = json.loads(line)
        assert set(rec) == RECORD_KEYS
        assert rec["events"]
        for ev in rec["events"]:
            assert set(ev) == set(EVENT_KEYS)
            assert set(ev) == {
                "type",
                "mode",
                "source",
                "target",
                "date",
                "location",
                "evidence",
                "start",
                "end",
                "confidence",
            }
        for ent in rec["entities"]:
            assert set(ent) == {"id", "name", "type", "mentions"}
        text = GOOD_TEXT
        assert rec["quantities"]
        for q in rec["quantities"]:
            assert set(q) == set(QUANTITY_KEYS)
            assert text[q["sentence_start"] : q["sentence_end"]] == q["evidence"]
            assert q["sentence_start"] <= q["start"] < q["end"] <= q["sentence_end"]
        for q in rec["quotes"]:
            assert set(q) == {"speaker", "text", "start", "end", "parts"}
            assert q["speaker"] is not None
            assert q["parts"][0][0] == q["start"] and q["parts"][-1][1] == q["end"]


def test_export_csv(ingested: Ingested, tmp_path: Path) -> None:
    result = _run(ingested, "export", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[0][:3] == ["doc", "kind", "type"]
    kinds = {r[1] for r in rows[1:]}
    assert {"entity", "event"} <= kinds
    assert all(r[0] == "kyiv" for r in rows[1:])

    out = tmp_path / "export.csv"
    to_file = _run(ingested, "export", "--format", "csv", "-o", str(out))
    assert to_file.exit_code == 0
    assert out.read_text(encoding="utf-8").replace("\r\n", "\n") == result.stdout.replace(
        "\r\n", "\n"
    )
    assert "1 documents" in to_file.stderr


def test_kb_check(ingested: Ingested) -> None:
    result = _run(ingested, "kb", "check")
    assert result.exit_code == 0, result.output
    assert "problem:" not in result.stdout
    for name in ("countries.jsonl", "people.jsonl", "orgs.jsonl", "titles"):
        assert f"{name}: " in result.stdout
    counts = [int(part.rsplit(": ", 1)[1]) for part in result.stdout.strip().split(", ")]
    assert all(n > 0 for n in counts)


# ---------------------------------------------------------------------------- settings


def test_help_lists_every_setting(tmp_path: Path) -> None:
    result = _runner(tmp_path).invoke(cli, ["--help"])
    assert result.exit_code == 0
    for setting in SETTINGS:
        assert setting.name in result.stdout


def test_bad_environment_setting_is_reported(tmp_path: Path) -> None:
    runner = _runner(tmp_path)
    result = runner.invoke(
        cli, ["--db", str(tmp_path / "x.db"), "events"], env={"VEILLE_BATCH_SIZE": "lots"}
    )
    assert result.exit_code == 1
    assert "batch_size" in result.stderr
    assert not (tmp_path / "x.db").exists()


# ------------------------------------------------------------------------ the habits of the field


def test_events_show_their_amounts_and_filters(ingested: Ingested) -> None:
    table = _run(ingested, "events", "--type", "ASSAULT")
    assert table.exit_code == 0
    assert "AMOUNTS" in table.stdout.splitlines()[0]
    assert "2 people killed" in table.stdout
    rows = _json(ingested, "events", "--json")
    assault = next(r for r in rows if r["type"] == "ASSAULT")
    assert assault["amounts"] == "2 people killed"
    assert [(q["value"], q["unit"]) for q in assault["quantities"]] == [(2.0, "people_killed")]
    statuses = {r["status"] for r in rows}
    for status in statuses:
        only = _json(ingested, "events", "--status", status.upper(), "--json")
        assert only and {r["status"] for r in only} == {status}
    top = max(r["confidence"] for r in rows)
    confident = _json(ingested, "events", "--min-confidence", str(top), "--json")
    assert confident and all(r["confidence"] >= top for r in confident)
    assert _json(ingested, "events", "--limit", "1", "--json") == rows[:1]


def test_evidence_follows_the_terminal_or_is_shown_whole(ingested: Ingested) -> None:
    env = {"COLUMNS": "150"}
    narrow = ingested.runner.invoke(cli, ["--db", str(ingested.db), "events"], env=env)
    assert narrow.exit_code == 0
    assert max(len(line) for line in narrow.stdout.splitlines()) == 150
    assert "…" in narrow.stdout
    wide = ingested.runner.invoke(cli, ["--db", str(ingested.db), "events", "--wide"], env=env)
    rows = _json(ingested, "events", "--json")
    for row in rows:
        assert row["evidence"] in wide.stdout


@pytest.mark.parametrize(
    ("args", "valid"),
    [
        (["events", "--type", "FOO"], "ASSAULT"),
        (["events", "--status", "maybe"], "happened"),
        (["entities", "--type", "ANIMAL"], "PERSON"),
        (["export", "--format", "xml"], "jsonl"),
        (["events", "--lang", "xx"], "fr"),
        (["quotes", "--lang", "xx"], "fr"),
        (["events", "--min-confidence", "2"], "0<=x<=1"),
    ],
)
def test_closed_vocabularies_are_checked(ingested: Ingested, args: list[str], valid: str) -> None:
    result = _run(ingested, *args)
    assert result.exit_code == 2
    assert args[-1] in result.stderr
    assert valid in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["events"],
        ["entities"],
        ["entity", "Putin"],
        ["quotes"],
        ["show", "kyiv"],
        ["export"],
        ["delete", "kyiv"],
    ],
)
def test_query_commands_need_an_existing_database(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "absent.db"
    result = _runner(tmp_path).invoke(cli, ["--db", str(db), *args])
    assert result.exit_code == 2, result.output
    assert f"no database at {db}" in result.stderr
    assert not db.exists()


def test_show_prints_amounts_as_people_read_them(ingested: Ingested) -> None:
    result = _run(ingested, "show", "kyiv")
    assert result.exit_code == 0
    amounts = result.stdout.split("\nAmounts\n", 1)[1].split("\nQuotes\n", 1)[0]
    assert "2 people killed" in amounts
    assert "2.0" not in amounts


def test_entity_with_several_matches_lists_them(ingested: Ingested) -> None:
    result = _run(ingested, "entity", "v")
    assert result.exit_code == 1
    assert "entities match 'v'" in result.stdout
    assert "Vladimir Putin" in result.stdout and "Vitali Klitschko" in result.stdout
    assert "surface forms" not in result.stdout
    by_id = _json(ingested, "entity", _json(ingested, "entity", "Vitali", "--json")["id"], "--json")
    assert by_id["name"] == "Vitali Klitschko"


def test_ingest_from_standard_input_and_delete(tmp_path: Path) -> None:
    runner = _runner(tmp_path)
    db = str(tmp_path / "stdin.db")
    first = runner.invoke(
        cli, ["--db", db, "-q", "ingest", "--published", "2025-05-01", "-"], input=GOOD_TEXT
    )
    assert first.exit_code == 0, first.output
    assert "1 stored" in first.stdout
    again = runner.invoke(
        cli, ["--db", db, "-q", "ingest", "--published", "2025-05-01", "-"], input=GOOD_TEXT
    )
    assert "0 stored, 0 replaced, 1 unchanged" in again.stdout
    records = "\n".join(
        json.dumps({"id": f"wire-{i}", "text": GOOD_TEXT, "published": f"2024-0{i}-01"})
        for i in (1, 2)
    )
    jsonl = runner.invoke(
        cli,
        ["--db", db, "-q", "ingest", "--published", "2025-05-01", "--override-published", "-"],
        input=records + "\n",
    )
    assert jsonl.exit_code == 0, jsonl.output
    docs = json.loads(runner.invoke(cli, ["--db", db, "events", "--json"]).stdout)
    wire = [r for r in docs if r["doc"].startswith("wire-")]
    assert wire and {r["published"] for r in wire} == {"2025-05-01"}  # overridden

    deleted = runner.invoke(cli, ["--db", db, "delete", "wire-1", "nope"])
    assert deleted.exit_code == 1
    assert deleted.stdout.startswith("deleted wire-1 (")
    assert "events" in deleted.stdout
    assert "no document 'nope'" in deleted.stderr
    left = json.loads(runner.invoke(cli, ["--db", db, "events", "--json"]).stdout)
    assert {r["doc"] for r in left} == {r["doc"] for r in docs} - {"wire-1"}
    assert json.loads(runner.invoke(cli, ["--db", db, "show", "wire-2", "--json"]).stdout)


def test_override_published_needs_a_date(tmp_path: Path) -> None:
    result = _runner(tmp_path).invoke(
        cli, ["--db", str(tmp_path / "x.db"), "ingest", "--override-published", "-"], input="x"
    )
    assert result.exit_code == 2
    assert "--published" in result.stderr


def test_repaired_input_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(GOOD_TEXT.encode("utf-8").replace(b"mercredi", b"mercredi\x00"))
    result = _runner(tmp_path).invoke(
        cli,
        ["--db", str(tmp_path / "x.db"), "-q", "ingest", "--published", "2025-05-01", str(path)],
    )
    assert result.exit_code == 0, result.output
    assert f"warning: {path}: 1 NUL byte read as spaces" in result.stderr
    assert "1 stored" in result.stdout


def test_help_is_readable_with_examples(tmp_path: Path) -> None:
    out = _runner(tmp_path).invoke(cli, ["--help"]).stdout
    assert "Examples:" in out and "veille ingest articles/ --published" in out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    for setting in SETTINGS:  # one entry per setting, not a reflowed paragraph
        assert any(line.startswith(f"    {setting.name} ") for line in lines), setting.name
    version = _runner(tmp_path).invoke(cli, ["--version"])
    assert version.exit_code == 0 and version.stdout.startswith("veille ")


def test_verbose_tells_what_each_stage_did_and_progress_has_no_bars(tmp_path: Path) -> None:
    from veille.pipeline import DEFAULT_STAGES

    path = tmp_path / "kyiv.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    result = _runner(tmp_path).invoke(
        cli,
        ["--db", str(tmp_path / "v.db"), "-v", "ingest", "--published", "2025-05-01", str(path)],
    )
    assert result.exit_code == 0, result.output
    for name in DEFAULT_STAGES:
        [line] = [ln for ln in result.stderr.splitlines() if f"{name}: 1 of 1 documents in" in ln]
        assert "s" in line
    assert "events" in next(ln for ln in result.stderr.splitlines() if "veille.events.v2" in ln)
    assert "\r" not in result.stderr  # not a terminal: no bar
