"""Parquet (one file per table) and PLOVER exports, from the CLI, over a real SQLite store."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import veille
from veille.cli import cli
from veille.geo import Geocoder
from veille.plover import QUAD_CLASSES, plover_records, quad_class
from veille.store import open_store
from veille.tables import PARQUET_TABLES


@pytest.fixture(scope="module")
def db(
    tmp_path_factory: pytest.TempPathFactory,
    sample_analyses: dict[str, veille.Analysis],
    pipeline: veille.Pipeline,
) -> str:
    path = str(tmp_path_factory.mktemp("export") / "export.db")
    with open_store(path) as store:
        for analysis in sample_analyses.values():
            store.save(analysis, pipeline.version)
    return path


def _run(db: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", db, "export", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_parquet_writes_one_file_per_table(db: str, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    _run(db, "--format", "parquet", "--output", str(out))
    assert sorted(p.stem for p in out.glob("*.parquet")) == sorted(PARQUET_TABLES)
    with open_store(db) as store:
        for table in ("documents", "entities", "mentions", "events", "quantities", "quotes"):
            assert pq.read_table(out / f"{table}.parquet").num_rows == store.count(table), table
        events = pq.read_table(out / "events.parquet").to_pylist()
        docs = {d.id: d for d in store.documents()}
        segments = pq.read_table(out / "segments.parquet")
        assert segments.num_rows == sum(len(store.segments(d)) for d in docs)
    for ev in events:
        assert docs[ev["doc"]].text[ev["start"] : ev["end"]] == ev["evidence"]
    schema = pq.read_schema(out / "events.parquet")
    assert str(schema.field("date").type) == "date32[day]"
    assert str(schema.field("confidence").type) == "double"
    assert str(schema.field("idx").type) == "int64"


def test_plover_records(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.plover.jsonl"
    _run(db, "--format", "plover", "--output", str(out))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    with open_store(db) as store:
        assert len(records) == store.count("events")
        docs = {d.id: d for d in store.documents()}
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    for rec in records:
        doc = docs[rec["cite_info"]["citation"]]
        start, end = rec["text_info"]["start"], rec["text_info"]["end"]
        assert doc.text[start:end] == rec["event_text"][0]
        assert rec["quad_code"] == QUAD_CLASSES[rec["event"][0]]
        assert rec["date"]
    assault = next(
        r for r in records if r["event_loc"] and r["event_loc"]["name"] == "Zaporizhzhia"
    )
    assert assault["event"] == ["ASSAULT"]
    assert assault["source"][0]["identifier_text"] == "Russia"
    assert assault["source"][0]["code"] == "RUS" and assault["source"][0]["country"] == "RU"
    assert assault["recipient"][0]["code"] == "UKR"
    assert assault["event_loc"]["country_code"] == "UA" and assault["event_loc"]["cc3"] == "UKR"
    assert 47 < assault["event_loc"]["latitude"] < 48.5
    assert assault["injured"] == 12  # "tuant deux personnes" is a miss of the quantities model
    putin = next(
        r for r in records if r["source"] and r["source"][0]["identifier_text"] == "Vladimir Putin"
    )
    assert putin["source"][0]["identifier_id"] == "Q7747"
    assert putin["source"][0]["office"] == "head_of_state"
    assert putin["source"][0]["actor_text"]  # the words of the sentence that name him
    # the same records from the library, and on standard output
    stdout = _run(db, "--format", "plover")
    assert [json.loads(x)["id"] for x in stdout.splitlines()] == ids
    first_doc = docs[records[0]["cite_info"]["citation"]]
    assert next(plover_records(first_doc, Geocoder.load()))["id"] == records[0]["id"]


def test_quad_classes_cover_every_event_type() -> None:
    from veille.model import EVENT_TYPES

    assert set(QUAD_CLASSES) == set(EVENT_TYPES)
    assert quad_class("assault") == 4 and quad_class("AID") == 2 and quad_class("nope") is None
