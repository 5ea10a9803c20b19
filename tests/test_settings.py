"""Settings: layering, validation, and every declared setting documented."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from veille.errors import ConfigError
from veille.settings import SETTINGS, Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _packaged() -> dict[str, object]:
    raw = resources.files("veille").joinpath("default_settings.toml").read_text("utf-8")
    return tomllib.loads(raw)


def test_packaged_defaults(tmp_path: Path) -> None:
    s = load_settings(environ={"HOME": str(tmp_path)})
    packaged = _packaged()
    assert s.batch_size == packaged["batch_size"]
    assert s.languages == tuple(packaged["languages"])  # type: ignore[arg-type]
    assert dict(s.models) == packaged["models"]
    assert s.models["fr"] == "fr_core_news_md"


def test_layering_file_env_overrides(tmp_path: Path) -> None:
    config = _write(
        tmp_path / "settings.toml",
        'batch_size = 8\nfuzzy_threshold = 90\ndefault_language = "fr"\nprogress = true\n'
        '[models]\nde = "de_core_news_sm"\n',
    )
    env = {
        "HOME": str(tmp_path),
        "VEILLE_BATCH_SIZE": "16",
        "VEILLE_PROGRESS": "false",
        "VEILLE_LANGUAGES": "fr, en",
        "UNRELATED": "x",
    }
    s = load_settings(config=config, environ=env, batch_size=4, db="other.db")
    packaged = _packaged()
    assert s.batch_size == 4  # override beats environment, file and default
    assert s.progress is False  # environment beats file
    assert s.languages == ("fr", "en")  # environment beats default
    assert s.fuzzy_threshold == 90  # file beats default
    assert s.default_language == "fr"
    assert s.db == "other.db"
    assert s.min_city_population == packaged["min_city_population"]  # default kept
    # a user [models] table adds to the packaged one
    assert s.models["de"] == "de_core_news_sm"
    assert s.models["fr"] == "fr_core_news_md"

    without_override = load_settings(config=config, environ=env)
    assert without_override.batch_size == 16
    file_only = load_settings(config=config, environ={"HOME": str(tmp_path)})
    assert file_only.batch_size == 8
    assert file_only.progress is True


def test_none_overrides_are_ignored(tmp_path: Path) -> None:
    s = load_settings(environ={"HOME": str(tmp_path), "VEILLE_DB": "env.db"}, db=None)
    assert s.db == "env.db"


def test_config_from_environment_and_home(tmp_path: Path) -> None:
    via_env = _write(tmp_path / "via_env.toml", "batch_size = 3\n")
    assert load_settings(environ={"VEILLE_CONFIG": str(via_env)}).batch_size == 3
    home_file = tmp_path / ".config" / "veille" / "settings.toml"
    home_file.parent.mkdir(parents=True)
    _write(home_file, "batch_size = 5\n")
    assert load_settings(environ={"HOME": str(tmp_path)}).batch_size == 5


def test_unknown_key_in_user_file(tmp_path: Path) -> None:
    config = _write(tmp_path / "bad.toml", "batch_size = 8\nbatch_sise = 9\n")
    with pytest.raises(ConfigError) as info:
        load_settings(config=config, environ={"HOME": str(tmp_path)})
    assert "batch_sise" in str(info.value)
    assert str(config) in str(info.value)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(config=tmp_path / "nope.toml", environ={"HOME": str(tmp_path)})


def test_invalid_toml(tmp_path: Path) -> None:
    config = _write(tmp_path / "broken.toml", "batch_size = = 8\n")
    with pytest.raises(ConfigError):
        load_settings(config=config, environ={"HOME": str(tmp_path)})


def test_bad_int_in_environment(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(environ={"HOME": str(tmp_path), "VEILLE_BATCH_SIZE": "lots"})
    assert "batch_size" in str(info.value)
    assert "lots" in str(info.value)


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({"VEILLE_PROGRESS": "maybe"}, "progress"),
        ({"VEILLE_MODELS": "{not json"}, "models"),
        ({"VEILLE_FUZZY_THRESHOLD": "9.5"}, "fuzzy_threshold"),
    ],
)
def test_bad_values_in_environment(tmp_path: Path, env: dict[str, str], needle: str) -> None:
    with pytest.raises(ConfigError, match=needle):
        load_settings(environ={"HOME": str(tmp_path), **env})


def test_wrong_type_in_user_file(tmp_path: Path) -> None:
    config = _write(tmp_path / "typed.toml", 'batch_size = "eight"\n')
    with pytest.raises(ConfigError, match="batch_size"):
        load_settings(config=config, environ={"HOME": str(tmp_path)})
    config = _write(tmp_path / "typed2.toml", "progress = 1\n")
    with pytest.raises(ConfigError, match="progress"):
        load_settings(config=config, environ={"HOME": str(tmp_path)})


def test_unknown_override(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="colour"):
        load_settings(environ={"HOME": str(tmp_path)}, colour="blue")


def test_settings_are_frozen(tmp_path: Path) -> None:
    s = load_settings(environ={"HOME": str(tmp_path)})
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.batch_size = 1  # type: ignore[misc]
    changed = s.with_overrides(batch_size=2)
    assert (s.batch_size, changed.batch_size) == (_packaged()["batch_size"], 2)


def test_declared_settings_match_settings_fields() -> None:
    declared = [s.name for s in SETTINGS]
    assert len(declared) == len(set(declared))
    assert set(declared) == {f.name for f in dataclasses.fields(Settings)}
    assert all(s.help.strip() for s in SETTINGS)


def test_every_setting_in_default_settings_toml() -> None:
    packaged = _packaged()
    assert set(packaged) == {s.name for s in SETTINGS}


def test_every_setting_in_readme() -> None:
    path = ROOT / "README.md"
    assert path.exists(), "README.md is missing"
    readme = path.read_text(encoding="utf-8")
    assert re.search(r"^#{1,6}\s.*settings", readme, re.IGNORECASE | re.MULTILINE), (
        "README.md has no Settings section"
    )
    missing = [s.name for s in SETTINGS if s.name not in readme]
    assert not missing, f"README.md does not document: {missing}"
