"""Progress of an ingest as a person reads it: a bar on a terminal, plain periodic lines in a log
(never ``\\r`` bars in a file).

Progress is counted in characters of text, so one long document weighs what it should, and it
moves within a batch as each stage (and the NLP models, segment by segment) gets through it.
The time left is estimated from the work done since the models started working, so the time
spent loading them does not inflate the first estimate; until a few seconds of that work have
been seen, no estimate is shown. When the totals are not known (an input too large to be counted
before it is analysed), the documents and characters done are shown without a share or a time
left. Worker processes report finished documents only: progress then moves document by
document, and is measured from the first one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TextIO

from .model import Document
from .pipeline import StageTick

__all__ = ["STAGE_WEIGHTS", "IngestProgress", "format_duration"]

# the share of a batch's time each stage takes, measured on batches of 32 sample articles once
# the models were loaded (the NLP models dominate); replaced by the times measured in the run
# once a batch after the first has been timed
STAGE_WEIGHTS = {
    "veille.clean.v1": 0.013,
    "veille.language.v1": 0.06,
    "veille.nlp.v1": 0.78,
    "veille.entities.v1": 0.055,
    "veille.dates.v1": 0.022,
    "veille.quantities.v1": 0.044,
    "veille.quotes.v1": 0.003,
    "veille.events.v2": 0.1,
}
_OTHER_STAGE = 0.02
# seconds of measured work before the first estimate of the time left
_MIN_MEASURED = 3.0
_BAR_REFRESH = 0.2


def format_duration(seconds: float) -> str:
    """``40 s``, ``3 min``, ``1 h 20 min``."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


class IngestProgress:
    """Hears the ingest (stage ticks, stored documents, rejections) and shows where it is."""

    def __init__(
        self,
        documents: int | None,
        chars: int | None,
        stream: TextIO,
        *,
        bar: bool,
        interval: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.documents = documents
        self.chars = None if chars is None else max(1, chars)
        self.stream = stream
        self.interval = interval
        self.clock = clock
        self.started = clock()
        self.done_docs = 0
        self.done_chars = 0
        self.stage = ""
        self._batch_chars = 0
        self._batch_share = 0.0
        self._batch_saved = 0
        self._batches = 0
        self._stage_started: dict[int, float] = {}
        self._measured: dict[str, float] = {}
        self._names: list[str] = []
        self._mark: tuple[float, float] | None = None  # (time, work) when measuring began
        self._last_line = self.started
        self._lines = 0
        self._last_refresh = 0.0
        self._bar: Any = None
        if bar:
            from tqdm import tqdm

            self._bar = tqdm(
                total=self.chars,
                file=stream,
                bar_format="{percentage:3.0f}%|{bar}| {postfix}"
                if self.chars is not None
                else "{postfix}",
                dynamic_ncols=True,
            )

    # ------------------------------------------------------------------ what it hears
    def tick(self, t: StageTick) -> None:
        now = self.clock()
        if t.index == 0 and t.share == 0.0:
            self._new_batch(t, now)
        self._names = list(t.stages)
        self.stage = t.name.split(".")[1] if t.name.count(".") >= 2 else t.name
        if t.share == 0.0:
            self._stage_started[t.index] = now
        elif t.share >= 1.0 and self._batches > 1:  # the first batch loads models: not timed
            took = now - self._stage_started.get(t.index, now)
            self._measured[t.name] = self._measured.get(t.name, 0.0) + took
        self._batch_share = self._share(t)
        if 0.0 < t.share < 1.0 and self._mark is None:
            self._mark = (now, self.work)  # a model is loaded and working: measure from here
        self._show(now)

    def document(self, doc: Document, outcome: str) -> None:
        self.finished(len(doc.text), outcome)

    def finished(self, chars: int, outcome: str) -> None:
        """A document of ``chars`` characters was stored, replaced or found unchanged."""
        now = self.clock()
        self.done_docs += 1
        self.done_chars += chars
        if outcome != "unchanged":
            self._batch_saved += chars
        if self._mark is None and not self._names and outcome != "unchanged":
            # no stage ticks (the workers run elsewhere): the first document saved came after
            # the models loaded, so the rate is measured from here
            self._mark = (now, self.work)
        self._show(now)

    def rejected(self) -> None:
        self.done_docs += 1
        self._show(self.clock())

    def echo(self, line: str) -> None:
        """Print a line (an error, a warning) above the bar, or among the progress lines."""
        if self._bar is not None:
            self._bar.write(line, file=self.stream)
        else:
            self.stream.write(line + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self._bar is not None:
            if self._bar.total is not None:
                self._bar.n = self._bar.total
            self._bar.close()
        elif self._lines:
            took = format_duration(self.clock() - self.started)
            self._write(f"veille: {self._count()} documents in {took}")

    # ------------------------------------------------------------------ estimates
    @property
    def work(self) -> float:
        """Characters analysed so far, counting the part of the batch under way."""
        partial = self._batch_chars * self._batch_share - self._batch_saved
        work = self.done_chars + max(0.0, partial)
        return work if self.chars is None else min(float(self.chars), work)

    def seconds_left(self) -> float | None:
        """The time left at the rate measured since the models started working, or None."""
        now = self.clock()
        if self._mark is None or self.chars is None:
            return None
        since, work0 = self._mark
        if now - since < _MIN_MEASURED or self.work <= work0:
            return None
        rate = (self.work - work0) / (now - since)
        return (self.chars - self.work) / rate

    def _new_batch(self, t: StageTick, now: float) -> None:
        self._batches += 1
        self._batch_chars = t.chars
        self._batch_saved = 0
        self._batch_share = 0.0
        if self._batches == 2 and self._mark is None:
            self._mark = (now, self.work)  # no stage reports within a batch: measure from here

    def _weights(self) -> list[float]:
        names = self._names
        if self._measured and all(n in self._measured for n in names if n):
            return [self._measured.get(n, 0.0) for n in names]
        return [STAGE_WEIGHTS.get(n, _OTHER_STAGE) for n in names]

    def _share(self, t: StageTick) -> float:
        weights = self._weights()
        total = sum(weights) or 1.0
        before = sum(weights[: t.index])
        return min(1.0, (before + weights[t.index] * t.share) / total)

    # ------------------------------------------------------------------ showing it
    def _count(self) -> str:
        return (
            f"{self.done_docs}" if self.documents is None else f"{self.done_docs}/{self.documents}"
        )

    def _status(self) -> str:
        stage = f", {self.stage}" if self.stage else ""
        if self.chars is None:
            return f"{self._count()} documents{stage}, {int(self.work):,} characters analysed"
        left = self.seconds_left()
        eta = f"about {format_duration(left)} left" if left is not None else "estimating time"
        return f"{self._count()} documents{stage}, {eta}"

    def _show(self, now: float) -> None:
        if self._bar is not None:
            if now - self._last_refresh >= _BAR_REFRESH:
                self._last_refresh = now
                self._bar.n = int(self.work)
                self._bar.set_postfix_str(self._status(), refresh=False)
                self._bar.refresh()
            return
        if now - self._last_line >= self.interval:
            self._last_line = now
            if self.chars is None:
                self._write(f"veille: {self._status()}")
                return
            share = 100 * self.work / self.chars
            self._write(f"veille: {self._status()} ({share:.0f}% of the text)")

    def _write(self, line: str) -> None:
        self._lines += 1
        self.stream.write(line + "\n")
        self.stream.flush()
