"""The seed gold scores, pinned: quality can only go up (floors in score_floors.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veille.errors import EvaluationError
from veille.evaluation import EvalReport, load_gold, score_exports, score_sentences

from .conftest import DATA, GOLD, SAMPLES

FLOORS = json.loads((Path(__file__).parent / "score_floors.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def seed_report(settings, sample_analyses) -> EvalReport:  # type: ignore[no-untyped-def]
    from veille.export import analysis_to_record, to_export

    golds = [load_gold(p) for p in sorted(GOLD.glob("*.json"))]
    records = [to_export(analysis_to_record(a)) for a in sample_analyses.values()]
    texts = {a.document.id: a.document.text for a in sample_analyses.values()}
    # the analyses were made with the gold's publication dates (the sample manifest)
    for gold in golds:
        assert str(sample_analyses[gold["doc"]].document.published) == gold["published"]
    return score_exports(records, golds, texts)


@pytest.mark.parametrize("kind", sorted(k for k in FLOORS["seed_gold"] if not k.startswith("_")))
def test_seed_scores_stay_above_their_floors(seed_report: EvalReport, kind: str) -> None:
    score = seed_report.kinds[kind]
    for metric, floor in FLOORS["seed_gold"][kind].items():
        value = getattr(score, metric)
        assert value >= floor, f"{kind} {metric} {value:.3f} fell below its floor {floor}"


def test_seed_events_carry_dates_and_places(sample_analyses) -> None:  # type: ignore[no-untyped-def]
    events = [e for a in sample_analyses.values() for e in a.events]
    assert len(events) >= 10
    # both articles have a publication date: events get a date, their own or the story's
    # (an event told before any date of the story has none)
    assert sum(e.date is not None for e in events) >= 0.8 * len(events)
    assert sum(e.location is not None for e in events) >= 5


def test_eval_command_scores_the_seeds(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from veille.cli import cli

    result = CliRunner().invoke(
        cli,
        [
            "--db",
            str(tmp_path / "e.db"),
            "eval",
            "--gold",
            str(GOLD),
            "--docs",
            str(SAMPLES),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert set(scores) >= {"entities", "events_trigger", "events_full", "quantities", "quotes"}
    assert scores["events_full"]["tp"] + scores["events_full"]["fn"] == 15
    assert scores["docs_scored"] == 2
    assert scores["all"]["r"] >= 0.8
    assert not (tmp_path / "e.db").exists(), "eval must not write the user's database"


def test_gold_files_are_validated(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text(json.dumps({"doc": "x", "events": [{"type": "PARTY", "evidence": "a"}]}))
    with pytest.raises(EvaluationError, match="bad event"):
        load_gold(bad)


def test_scoring_rules_follow_the_schema() -> None:
    gold = {
        "doc": "d",
        "entities": [{"name": "Volodymyr Zelensky", "type": "PERSON"}],
        "events": [
            {"type": "CONSULT", "source": "A", "target": "B", "evidence": "A met B."},
            {"type": "AID", "source": "C", "target": "D", "evidence": "C gave D", "optional": True},
        ],
        "quantities": [{"value": 100, "unit": "EUR"}],
        "quotes": [{"speaker": "A", "text_start": "We will"}],
    }
    text = "A met B. C gave D money."
    record = {
        "doc": "d",
        # transliteration variants match
        "entities": [
            {"name": "Volodymyr Zelenskyy", "type": "PERSON"},
            {"name": "Kyiv", "type": "PLACE"},
        ],
        "events": [
            # symmetric type: either order
            {
                "type": "CONSULT",
                "source": "B",
                "target": "A",
                "start": 0,
                "end": 8,
                "status": "happened",
                "evidence": "A met B.",
            },
            # matches only an optional item: neither right nor wrong
            {
                "type": "AID",
                "source": "C",
                "target": "D",
                "start": 9,
                "end": 24,
                "status": "happened",
                "evidence": "C gave D money.",
            },
            # negated: not a claim that it happened
            {
                "type": "ASSAULT",
                "source": "A",
                "target": "B",
                "start": 0,
                "end": 8,
                "status": "denied",
                "evidence": "A met B.",
            },
        ],
        "quantities": [
            {"value": 100.5, "unit": "EUR", "evidence": ""},
            {"value": 100, "unit": "USD", "evidence": ""},
        ],
        "quotes": [{"speaker": "A", "text": "We will win, he said"}],
    }
    report = score_exports([record], [gold], {"d": text})
    assert report.kinds["entities"].tp == 1 and report.kinds["entities"].fp == 1
    # the denied ASSAULT is spurious, as the independent scorer (shared/tools/score.py) counts it
    assert report.kinds["events_full"].tp == 1 and report.kinds["events_full"].fp == 1
    assert report.kinds["events_full"].recall == 1.0
    assert report.kinds["quantities"].tp == 1 and report.kinds["quantities"].fp == 1
    assert report.kinds["quotes"].f1 == 1.0


def test_regression_scorer_counts_denied_and_spurious() -> None:
    class Ev:
        def __init__(self, type_: str, source: str, target: str | None, status: str) -> None:
            self.type, self.source, self.target, self.status = type_, source, target, status

    class Res:
        def __init__(self, events: list[Ev]) -> None:
            self.events = events

    cases = [
        {
            "lang": "en",
            "text": "x",
            "events": [{"type": "CONSULT", "source": "A", "target": "B", "status": "denied"}],
        },
        {"lang": "en", "text": "y", "events": []},
    ]
    outputs = {
        "x": Res([Ev("CONSULT", "A", "B", "happened")]),
        "y": Res([Ev("AID", "A", "B", "happened")]),
    }
    score, problems = score_sentences(cases, lambda t, p, lang: outputs[t])
    assert score.tp == 0 and score.fp == 2
    assert len(problems) == 3


def test_regression_corpus_is_well_formed() -> None:
    lines = [
        json.loads(x)
        for x in (DATA / "events_regression.jsonl").read_text("utf-8").splitlines()
        if x.strip()
    ]
    assert len(lines) >= 150
    assert {c["lang"] for c in lines} == {"fr", "en", "es", "de"}
