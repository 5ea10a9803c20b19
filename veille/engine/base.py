"""What every engine returns for a batch, and the engine interface."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from ..errors import InputError
from ..model import Analysis, Document
from ..pipeline import StageTick
from ..store import IngestOutcome

__all__ = ["BatchReport", "Engine", "Outcome"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one document; ``chars`` is the length of its text."""

    doc: str
    path: str | None
    outcome: IngestOutcome
    chars: int = 0


@dataclass(slots=True)
class BatchReport:
    """What became of one batch: an outcome per document saved or skipped, the rejections, what
    the analysis of the stored documents could not do (where, message), and which worker did it
    (``host:pid``) with the peak memory of its process so far."""

    outcomes: list[Outcome] = field(default_factory=list)
    rejected: list[InputError] = field(default_factory=list)
    analyses: list[Analysis] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    worker: str = ""
    peak_rss_mb: float = 0.0


class Engine(ABC):
    """Runs workers over batches of documents; each worker analyses and saves its batches."""

    workers: int = 1

    @abstractmethod
    def map(
        self,
        batches: Iterable[Sequence[Document]],
        on_progress: Callable[[StageTick], None] | None = None,
    ) -> Iterator[BatchReport]:
        """Process every batch, yielding their reports as they finish (in any order). Batches
        are taken from ``batches`` only as workers become free, so a lazy input stays lazy.
        ``on_progress`` hears where a batch is within the stages when the engine runs them in
        this process; engines whose workers run elsewhere report finished batches only."""

    @abstractmethod
    def close(self) -> None:
        """Stop the workers and release what the engine holds."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
