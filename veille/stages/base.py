"""The stage protocol and the registry of versioned stage names."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ..model import Analysis

if TYPE_CHECKING:
    from ..resources import Resources
    from ..settings import Settings

__all__ = ["REGISTRY", "ReportsProgress", "Stage", "StageFactory", "StageSpec", "register"]


class Stage:
    """A pipeline stage: a named callable from :class:`Analysis` to :class:`Analysis`.

    ``requires`` and ``assigns`` name the ``Analysis`` fields the stage reads and writes; the
    pipeline checks that every requirement is assigned by an earlier stage. Stages that gain
    from batching (the NLP models) override :meth:`process_batch`.
    """

    name: str = "veille.stage.v0"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __call__(self, analysis: Analysis) -> Analysis:  # pragma: no cover - abstract
        raise NotImplementedError

    def process_batch(self, analyses: Sequence[Analysis]) -> list[Analysis]:
        return [self(a) for a in analyses]


@runtime_checkable
class ReportsProgress(Protocol):
    """A stage that can tell how far it is through a batch (the NLP models, by segment), so that
    progress moves within one long document."""

    def process_batch_reporting(
        self, analyses: Sequence[Analysis], on_progress: Callable[[float], None]
    ) -> list[Analysis]:
        """``process_batch``, calling ``on_progress`` with the share of the batch done."""
        ...


StageFactory = Callable[["Settings", "Resources"], Stage]


@dataclass(frozen=True, slots=True)
class StageSpec:
    name: str
    factory: StageFactory


REGISTRY: dict[str, StageSpec] = {}


def register(name: str) -> Callable[[StageFactory], StageFactory]:
    """Register a stage factory under a versioned name such as ``"veille.quotes.v1"``."""

    def decorator(factory: StageFactory) -> StageFactory:
        REGISTRY[name] = StageSpec(name, factory)
        return factory

    return decorator
