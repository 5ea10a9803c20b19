"""Each configured language is really supported; a document in another language gets one
clear warning, its entities from the gazetteer, and no figures read with another grammar."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import veille
from veille.cli import cli
from veille.pipeline import supported_languages
from veille.resources import Resources

SET_ASIDE = {
    "it": (
        "Le forze russe hanno bombardato Kiev mercoledì, uccidendo due civili e ferendone "
        "dodici. Vladimir Putin ha minacciato l'Ucraina di nuovi attacchi. La Germania "
        "invierà 500 milioni di euro, ha dichiarato il governo."
    ),
    "pt": (
        "As forças russas bombardearam Kiev na quarta-feira, matando dois civis. Vladimir Putin "
        "ameaçou a Ucrânia com novos ataques. A Alemanha enviará 500 milhões de euros."
    ),
    "ru": (
        "Российские войска в среду нанесли удар по Киеву, убив двух мирных жителей. Владимир "
        "Путин пригрозил Украине новыми ударами. Германия отправит 500 миллионов евро."
    ),
    "uk": (
        "Російські війська в середу завдали удару по Києву, вбивши двох цивільних. Володимир "
        "Путін погрожував Україні новими ударами. Німеччина надішле 500 мільйонів євро."
    ),
}


def test_every_default_language_has_its_lexicons(settings: veille.Settings) -> None:
    supported = supported_languages(Resources(settings))
    defaults = veille.load_settings(environ={"HOME": "/nonexistent"})
    assert set(defaults.languages) <= supported
    assert set(veille.Settings().languages) <= supported
    # a language is either analysed or only recognised, never both
    assert not set(defaults.languages) & set(defaults.recognised_languages)
    assert not set(defaults.recognised_languages) & supported


@pytest.mark.parametrize("lang", sorted(SET_ASIDE))
def test_a_language_veille_cannot_analyse_is_set_aside(
    pipeline: veille.Pipeline, lang: str
) -> None:
    result = veille.analyze(SET_ASIDE[lang], published="2025-05-01", pipeline=pipeline)
    assert result.language == lang
    assert len(result.warnings) == 1
    assert f"language {lang!r} is not one veille analyses" in result.warnings[0]
    names = {e.name for e in result.entities}
    assert {"Vladimir Putin", "Ukraine", "Germany"} <= names
    assert result.quantities == () and result.dates == ()
    assert result.events == () and result.quotes == ()


def test_german_runs_on_its_lexicons_and_the_gazetteer(pipeline: veille.Pipeline) -> None:
    text = (
        "Russland hat am Mittwoch Kiew angegriffen und dabei zwei Zivilisten getötet. "
        "Deutschland schickt der Ukraine 500 Millionen Euro, sagte Olaf Scholz."
    )
    result = veille.analyze(text, published="2025-05-01", pipeline=pipeline)
    assert result.language == "de"
    assert {"Russia", "Ukraine", "Germany"} <= {e.name for e in result.entities}
    assert (500e6, "EUR") in {(q.value, q.unit) for q in result.quantities}
    assert any("no spaCy model" in w and "'de'" in w for w in result.warnings)


def test_unknown_language_code_is_a_config_error(settings: veille.Settings) -> None:
    bad = settings.with_overrides(languages=("fr", "xx"))
    with pytest.raises(veille.ConfigError, match="xx"):
        veille.Pipeline(bad)


def test_ingest_prints_one_warning_per_kind(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"it{i}.txt").write_text(SET_ASIDE["it"] + f" Nota {i}.", encoding="utf-8")
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("VEILLE_")}
    env["HOME"] = str(tmp_path)
    result = CliRunner(env=env).invoke(
        cli,
        [
            "--db",
            str(tmp_path / "x.db"),
            "-q",
            "ingest",
            "--published",
            "2025-05-01",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    warnings = [ln for ln in result.stderr.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == 2, warnings
    assert "it0.txt" in warnings[0] and "language 'it'" in warnings[0]
    assert warnings[1].startswith("warning: 3 documents in all: language 'it'")
    assert "3 stored" in result.stdout
