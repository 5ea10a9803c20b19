"""Records as tables: CSV text and Parquet files whose columns are the fields of a record type.

Columns and their types come from the record dataclasses themselves (dates as Parquet dates,
integers, floats, booleans, text), so a field added to a record appears in every table format
without a list kept by hand. ``write_parquet_store`` writes one Parquet file per table of a
store, a row group at a time: memory stays bounded whatever the size of the store.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

    from .store import Store, StoredDocument

__all__ = [
    "PARQUET_TABLES",
    "columns",
    "csv_text",
    "parquet_bytes",
    "write_parquet_store",
]

# the tables of a Parquet export, one file each (``NAME.parquet``)
PARQUET_TABLES = (
    "documents",
    "entities",
    "mentions",
    "events",
    "quantities",
    "quotes",
    "segments",
)
_ROW_GROUP_DOCUMENTS = 200


def _kind(annotation: Any) -> str:
    text = str(annotation)
    for name in ("tuple", "list", "dict"):
        if text.startswith(name):
            return "nested"
    if "dt.date" in text or "datetime.date" in text:
        return "date"
    if "bool" in text:
        return "bool"
    if "float" in text:
        return "float"
    if "int" in text:
        return "int"
    return "str"


def columns(record_type: type) -> list[tuple[str, str]]:
    """``(name, kind)`` of the scalar fields of a record type, in field order; kinds are
    ``str``, ``int``, ``float``, ``bool``, ``date`` (nested fields are left out)."""
    out = []
    for f in dataclasses.fields(record_type):
        kind = _kind(f.type)
        if kind != "nested":
            out.append((f.name, kind))
    return out


def _value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def csv_text(records: Iterable[Any], record_type: type) -> str:
    """The records as CSV with a header row of their field names."""
    cols = [name for name, _ in columns(record_type)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(cols)
    for rec in records:
        writer.writerow([_value(getattr(rec, c)) for c in cols])
    return out.getvalue()


def _arrow_type(kind: str) -> pa.DataType:
    import pyarrow as pa

    return {
        "str": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
    }[kind]


def _schema(cols: Sequence[tuple[str, str]]) -> pa.Schema:
    import pyarrow as pa

    return pa.schema([(name, _arrow_type(kind)) for name, kind in cols])


def _table(rows: Sequence[dict[str, Any]], cols: Sequence[tuple[str, str]]) -> pa.Table:
    import pyarrow as pa

    return pa.Table.from_pylist(list(rows), schema=_schema(cols))


def parquet_bytes(records: Iterable[Any], record_type: type) -> bytes:
    """The records as one Parquet file, in memory."""
    import pyarrow.parquet as pq

    cols = columns(record_type)
    rows = [{c: getattr(rec, c) for c, _ in cols} for rec in records]
    sink = io.BytesIO()
    pq.write_table(_table(rows, cols), sink)
    return sink.getvalue()


def _document_rows(doc: StoredDocument, store: Store) -> Iterator[tuple[str, dict[str, Any]]]:
    from .store import StoredDocument as Doc

    head = {c: getattr(doc, c) for c, _ in columns(Doc)}
    yield "documents", head
    for ent in doc.entities:
        yield "entities", {"doc": doc.id, **{c: getattr(ent, c) for c, _ in _ENTITY_COLS}}
        for m in ent.mentions:
            yield "mentions", {"doc": doc.id, "entity": ent.key, **dataclasses.asdict(m)}
    for ev in doc.events:
        yield "events", dataclasses.asdict(ev)
    for q in doc.quantities:
        yield "quantities", dataclasses.asdict(q)
    for qt in doc.quotes:
        yield "quotes", dataclasses.asdict(qt)
    for seg in store.segments(doc.id):
        yield "segments", {"doc": doc.id, **dataclasses.asdict(seg)}


def _table_columns() -> dict[str, list[tuple[str, str]]]:
    from .store import (
        EventRow,
        QuantityRow,
        QuoteRow,
        StoredDocument,
        StoredMention,
        StoredSegment,
    )

    return {
        "documents": columns(StoredDocument),
        "entities": [("doc", "str"), *_ENTITY_COLS],
        "mentions": [("doc", "str"), ("entity", "str"), *columns(StoredMention)],
        "events": columns(EventRow),
        "quantities": columns(QuantityRow),
        "quotes": columns(QuoteRow),
        "segments": [("doc", "str"), *columns(StoredSegment)],
    }


_ENTITY_COLS = [
    ("key", "str"),
    ("name", "str"),
    ("type", "str"),
    ("kb_id", "str"),
    ("country", "str"),
    ("role", "str"),
    ("named", "bool"),
]


def write_parquet_store(store: Store, directory: str | Path) -> dict[str, int]:
    """Write every table of ``store`` to ``directory/TABLE.parquet``; rows written per table."""
    import pyarrow.parquet as pq

    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    cols = _table_columns()
    writers = {t: pq.ParquetWriter(folder / f"{t}.parquet", _schema(cols[t])) for t in cols}
    counts = dict.fromkeys(cols, 0)
    buffers: dict[str, list[dict[str, Any]]] = {t: [] for t in cols}

    def flush() -> None:
        for table, rows in buffers.items():
            if rows:
                writers[table].write_table(_table(rows, cols[table]))
                counts[table] += len(rows)
                rows.clear()

    try:
        for n, doc in enumerate(store.documents(), start=1):
            for table, row in _document_rows(doc, store):
                buffers[table].append({c: row.get(c) for c, _ in cols[table]})
            if n % _ROW_GROUP_DOCUMENTS == 0:
                flush()
        flush()
    finally:
        for w in writers.values():
            w.close()
    return counts
