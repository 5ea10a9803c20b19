"""The shared store: a PostgreSQL server, through psycopg 3.

Several processes (local workers, Ray actors on other machines, people) write to one database;
unique keys and row locks make two writers of one document end with one stored copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..errors import StoreError
from .browse import QueryStore

__all__ = ["PostgresStore", "redact"]

# the key of the advisory lock that serialises migrations of one database
_MIGRATION_LOCK = 0x7665696C6C65  # "veille"
_PLACEHOLDER = re.compile(r"\?")


def redact(url: str) -> str:
    """The URL with its password replaced, fit for messages and logs."""
    return re.sub(r"(//[^:/@]+:)[^@]*@", r"\1***@", url)


class PostgresStore(QueryStore):
    dialect = "postgresql"
    lock_suffix = " FOR UPDATE"

    def __init__(self, url: str) -> None:
        self.url = redact(url)
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError(
                f"{self.url}: PostgreSQL needs psycopg 3 (pip install 'veille[postgresql]')"
            ) from exc
        self._psycopg = psycopg
        self._sql_cache: dict[str, str] = {}
        try:
            self.conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {self.url}: {exc}") from exc
        try:
            self._migrate()
        except psycopg.Error as exc:
            self.conn.close()
            raise StoreError(f"cannot migrate {self.url}: {exc}") from exc

    def _sql(self, sql: str) -> str:
        out = self._sql_cache.get(sql)
        if out is None:
            out = self._sql_cache[sql] = _PLACEHOLDER.sub("%s", sql)
        return out

    def _execute(self, sql: str, args: Sequence[Any] = ()) -> Any:
        return self.conn.execute(self._sql(sql), tuple(args) if args else None)

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(self._sql(sql), rows)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self.conn.transaction():
            yield

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            yield

    def _retryable(self, exc: BaseException) -> bool:
        errors = self._psycopg.errors
        return isinstance(exc, errors.DeadlockDetected | errors.SerializationFailure)

    def close(self) -> None:
        self.conn.close()
