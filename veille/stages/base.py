"""The stage protocol and the registry of versioned stage names."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Analysis

if TYPE_CHECKING:
    from ..resources import Resources
    from ..settings import Settings

__all__ = ["REGISTRY", "Stage", "StageFactory", "StageSpec", "register"]


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
