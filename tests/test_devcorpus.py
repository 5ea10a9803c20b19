"""The real-news development corpus (tests/data/devcorpus, 86 articles in fr, en, es and de that
nothing was tuned to) is the measure of quality: its scores are pinned as floors per kind and per
language (score_floors.json, ``dev_corpus``), as trafilatura pins its golden corpus, and ``veille
eval`` agrees with the independent scorer (``score.py``, a copy of the project's
``shared/tools/score.py``) on the same export. The corpus is never trained on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import veille
from veille.evaluation import EvalReport, evaluate
from veille.export import analysis_to_record, to_export

from .conftest import DATA

CORPUS = DATA / "devcorpus"
FLOORS = json.loads((Path(__file__).parent / "score_floors.json").read_text("utf-8"))["dev_corpus"]


@pytest.fixture(scope="module")
def dev_run(pipeline: veille.Pipeline) -> tuple[EvalReport, list[dict[str, object]]]:
    def analyze(documents):  # type: ignore[no-untyped-def]
        return [to_export(analysis_to_record(a)) for a in pipeline.stream(documents)]

    return evaluate(CORPUS / "gold", CORPUS / "corpus.jsonl", analyze)


def test_the_corpus_is_whole() -> None:
    gold = sorted((CORPUS / "gold").glob("*.json"))
    assert len(gold) == 86
    records = [json.loads(x) for x in (CORPUS / "corpus.jsonl").read_text("utf-8").splitlines()]
    assert {r["id"] for r in records} == {p.stem for p in gold}
    assert {r["language"] for r in records} == {"fr", "en", "es", "de"}


def test_every_document_is_scored(dev_run: tuple[EvalReport, list[dict[str, object]]]) -> None:
    report, exports = dev_run
    assert len(report.by_doc) == 86 and len(exports) == 86


@pytest.mark.parametrize(
    ("group", "kind"),
    [
        (group, kind)
        for group, kinds in sorted(FLOORS.items())
        if not group.startswith("_")
        for kind in sorted(kinds)
    ],
)
def test_dev_corpus_scores_stay_above_their_floors(
    dev_run: tuple[EvalReport, list[dict[str, object]]], group: str, kind: str
) -> None:
    report, _ = dev_run
    tallies = report.kinds if group == "all" else report.by_language[group]
    got = tallies[kind]
    # event_dates, _locations, _modes count right (tp) and wrong (fn) among matched events
    value = got.recall if kind.startswith("event_") else got.f1
    floor = FLOORS[group][kind]
    assert value >= floor, f"{group} {kind} {value:.3f} fell below its floor {floor}"


def test_veille_eval_agrees_with_the_independent_scorer(
    dev_run: tuple[EvalReport, list[dict[str, object]]], tmp_path: Path
) -> None:
    report, exports = dev_run
    export = tmp_path / "export.jsonl"
    export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in exports), "utf-8")
    run = subprocess.run(
        [
            sys.executable,
            str(CORPUS / "score.py"),
            str(export),
            str(CORPUS / "gold"),
            str(CORPUS / "articles"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = json.loads(run.stdout)
    ours = report.to_dict()
    assert theirs["docs_scored"] == 86
    kinds = ("entities", "events_trigger", "events_full", "event_dates", "quantities", "quotes")
    for kind in kinds:
        for metric, key in (("p", "p"), ("r", "r"), ("f1", "f1")):
            assert abs(theirs[kind][key] - ours[kind][metric]) < 1e-3, (kind, theirs, ours[kind])
    assert abs(theirs["all"]["f1"] - ours["all"]["f1"]) < 1e-3
