"""Build the stages named in the settings and run documents through them.

>>> pipe = Pipeline(load_settings())          # doctest: +SKIP
>>> analysis = pipe.analyze(document)          # doctest: +SKIP

Models and data load when the pipeline is built or first used, once per process.
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields, replace

from .errors import ConfigError
from .model import Analysis, Document
from .resources import Resources
from .settings import Settings
from .stages.base import REGISTRY, Stage

__all__ = [
    "DEFAULT_STAGES",
    "GRAMMAR_FIELDS",
    "PIPELINE_VERSION",
    "Pipeline",
    "supported_languages",
]

log = logging.getLogger(__name__)

DEFAULT_STAGES = (
    "veille.clean.v1",
    "veille.language.v1",
    "veille.nlp.v1",
    "veille.entities.v1",
    "veille.dates.v1",
    "veille.quantities.v1",
    "veille.quotes.v1",
    "veille.events.v1",
)
# bumped whenever a stage's output changes, so stored results are recomputed
PIPELINE_VERSION = "2026.11.1"

# what only a language's grammar data can give: a stage that assigns any of these does not run on
# a document in a language veille has no lexicons for (it gets its entities from the gazetteer)
GRAMMAR_FIELDS = frozenset({"dates", "quantities", "quotes", "events"})

_STAGE_MODULES = ("clean", "language", "nlp", "entities", "dates", "quantities", "quotes", "events")


def _load_stage_modules() -> None:
    for mod in _STAGE_MODULES:
        importlib.import_module(f"veille.stages.{mod}")


def supported_languages(resources: Resources) -> frozenset[str]:
    """Languages veille analyses: those with number and date lexicons and event triggers."""
    numbers = set(resources.numbers.get("languages", {}))
    dates = set(resources.dates.get("languages", {}))
    triggers = {t.lang for t in resources.triggers}
    return frozenset(numbers & dates & triggers)


class Pipeline:
    """The configured stages, in order, over a shared set of resources.

    A document in a language veille has no lexicons for gets one warning, the stages up to the
    entities (the gazetteer finds its actors in any script) and no dates, amounts, quotes or
    events, rather than figures read with another language's grammar.
    """

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

    @functools.cached_property
    def supported(self) -> frozenset[str]:
        found = supported_languages(self.resources)
        for lang in self.settings.languages:
            if lang not in found:
                log.warning(
                    "language %r is configured but veille has no lexicons for it: its "
                    "documents get entities from the gazetteer only",
                    lang,
                )
        return found

    def _unsupported(self, analysis: Analysis) -> str | None:
        lang = analysis.language
        return lang if lang is not None and lang not in self.supported else None

    def analyze_batch(self, documents: Sequence[Document]) -> list[Analysis]:
        analyses = [Analysis(document=d) for d in documents]
        for stage in self.stages:
            if GRAMMAR_FIELDS & set(stage.assigns):
                keep = [i for i, a in enumerate(analyses) if self._unsupported(a) is None]
                if len(keep) < len(analyses):
                    done = stage.process_batch([analyses[i] for i in keep]) if keep else []
                    for i, analysis in zip(keep, done, strict=True):
                        analyses[i] = analysis
                    continue
            analyses = stage.process_batch(analyses)
        return [self._set_aside(a) for a in analyses]

    def _set_aside(self, analysis: Analysis) -> Analysis:
        """One clear warning for a document in a language veille does not analyse."""
        lang = self._unsupported(analysis)
        if lang is None:
            return analysis
        known = ", ".join(sorted(self.supported))
        message = (
            f"language {lang!r} is not one veille analyses ({known}): entities from the "
            "gazetteer only; no dates, amounts, quotes or events"
        )
        others = tuple(w for w in analysis.warnings if repr(lang) not in w)
        return replace(analysis, warnings=(message, *others))

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
