"""Build the stages named in the settings and run documents through them.

>>> pipe = Pipeline(load_settings())          # doctest: +SKIP
>>> analysis = pipe.analyze(document)          # doctest: +SKIP

Models and data load when the pipeline is built or first used, once per process.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields

from .errors import ConfigError
from .model import Analysis, Document
from .resources import Resources
from .settings import Settings
from .stages.base import REGISTRY, Stage

__all__ = ["DEFAULT_STAGES", "PIPELINE_VERSION", "Pipeline"]

log = logging.getLogger(__name__)

DEFAULT_STAGES = (
    "veille.clean.v1",
    "veille.language.v1",
    "veille.nlp.v1",
    "veille.entities.v1",
    "veille.dates.v1",
    "veille.quantities.v1",
    "veille.quotes.v1",
    "veille.events.v2",
)
# bumped whenever a stage's output changes, so stored results are recomputed
PIPELINE_VERSION = "2026.11.1"

_STAGE_MODULES = (
    "clean",
    "language",
    "nlp",
    "entities",
    "dates",
    "quantities",
    "quotes",
    "events",
)


def _load_stage_modules() -> None:
    for mod in _STAGE_MODULES:
        importlib.import_module(f"veille.stages.{mod}")


class Pipeline:
    """The configured stages, in order, over a shared set of resources."""

    def __init__(
        self,
        settings: Settings,
        stages: Sequence[str] = DEFAULT_STAGES,
        resources: Resources | None = None,
    ) -> None:
        _load_stage_modules()
        self.settings = settings
        self.resources = resources or Resources(settings)
        self.stages: list[Stage] = []
        assigned = {"document"}
        for name in stages:
            spec = REGISTRY.get(name)
            if spec is None:
                raise ConfigError(f"unknown stage {name!r}; known: {', '.join(sorted(REGISTRY))}")
            stage = spec.factory(settings, self.resources)
            missing = [r for r in stage.requires if r not in assigned]
            if missing:
                raise ConfigError(f"stage {name} needs {missing} from an earlier stage")
            assigned.update(stage.assigns)
            self.stages.append(stage)
        known = {f.name for f in fields(Analysis)}
        unknown = assigned - known
        if unknown:
            raise ConfigError(f"stages assign unknown fields {sorted(unknown)}")

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def analyze(self, document: Document) -> Analysis:
        return self.analyze_batch([document])[0]

    def analyze_batch(self, documents: Sequence[Document]) -> list[Analysis]:
        analyses = [Analysis(document=d) for d in documents]
        for stage in self.stages:
            analyses = stage.process_batch(analyses)
        return analyses

    def stream(self, documents: Iterable[Document]) -> Iterator[Analysis]:
        """Analyse documents in batches of ``settings.batch_size``, in order."""
        batch: list[Document] = []
        for doc in documents:
            batch.append(doc)
            if len(batch) >= self.settings.batch_size:
                yield from self.analyze_batch(batch)
                batch = []
        if batch:
            yield from self.analyze_batch(batch)
