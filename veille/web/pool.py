"""A few stores open on one database, lent to one request at a time."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ..store import Store, open_store

__all__ = ["StorePool"]


class StorePool:
    """Up to ``size`` open stores on ``url``, opened when first needed; a request borrows one
    and gives it back, so no two threads use one connection at the same time."""

    def __init__(self, url: str, size: int = 4) -> None:
        self.url = url
        self.size = size
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue()
        self._opened: list[Store] = []
        self._lock = threading.Lock()

    @contextmanager
    def store(self) -> Iterator[Store]:
        store = self._borrow()
        try:
            yield store
        finally:
            self._idle.put(store)

    def _borrow(self) -> Store:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self._opened) < self.size:
                store = open_store(self.url)
                self._opened.append(store)
                return store
        return self._idle.get()

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()
