"""Scoring against gold annotations in the format of the gold schema (``SCHEMA.md``).

Matching rules, as the schema states them:

* entity: same type and canonical names equal up to accents, case and transliteration
  (``veille.text.name_key``);
* event: same type, from the same sentence (the system event's sentence overlaps the gold
  evidence), with matching source and target (either order for CONSULT and COOPERATE). Events are
  also scored on type and sentence alone; date and location are scored separately, over the
  events matched with their actors;
* quantity: same unit and a value within 1%;
* quote: same speaker and a quote that begins with the same words.

Optional gold items cost nothing: missing one costs no recall, and a system item that matches only
an optional item is not counted in precision. A system item is correct when it matches a gold
item (two mentions of one fact are both correct); a gold item is found when some system item
matches it. Events the system marks as denied (negated) are not claims that the event happened
and are left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import EvaluationError, InputError
from .model import ENTITY_TYPES, EVENT_TYPES, Document
from .settings import Settings
from .text import fold, name_key, words

__all__ = [
    "KINDS",
    "EvalReport",
    "Score",
    "evaluate_dirs",
    "format_report",
    "load_gold",
    "score_records",
    "score_sentences",
]

KINDS = ("entities", "events", "events_typed", "quantities", "quotes")
_SYMMETRIC = {"CONSULT", "COOPERATE"}


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    found: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.found += other.found
        self.gold += other.gold

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "found": self.found,
            "gold": self.gold,
        }


@dataclass(slots=True)
class EvalReport:
    scores: dict[str, Score] = field(default_factory=dict)
    per_doc: dict[str, dict[str, Score]] = field(default_factory=dict)
    event_dates: tuple[int, int] = (0, 0)
    event_locations: tuple[int, int] = (0, 0)
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def overall(self) -> Score:
        total = Score()
        for kind in ("entities", "events", "quantities", "quotes"):
            total.add(self.scores.get(kind, Score()))
        return total

    def to_dict(self) -> dict[str, Any]:
        return {
            "scores": {k: v.to_dict() for k, v in self.scores.items()},
            "all": self.overall.to_dict(),
            "event_date_accuracy": _ratio(self.event_dates),
            "event_location_accuracy": _ratio(self.event_locations),
            "per_doc": {d: {k: v.to_dict() for k, v in s.items()} for d, s in self.per_doc.items()},
        }


def _ratio(pair: tuple[int, int]) -> float | None:
    return round(pair[0] / pair[1], 4) if pair[1] else None


# ---------------------------------------------------------------------- gold
def load_gold(path: Path) -> dict[str, Any]:
    """Read and validate one gold file."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"{path}: not a readable JSON gold file ({exc})") from exc
    if not isinstance(data, dict) or "doc" not in data:
        raise EvaluationError(f"{path}: a gold file is an object with a 'doc' key")
    for key in ("entities", "events", "quantities", "quotes"):
        if not isinstance(data.get(key, []), list):
            raise EvaluationError(f"{path}: '{key}' must be a list")
        data.setdefault(key, [])
    for ent in data["entities"]:
        if ent.get("type") not in ENTITY_TYPES or not ent.get("name"):
            raise EvaluationError(f"{path}: bad entity {ent!r}")
    for ev in data["events"]:
        if ev.get("type") not in EVENT_TYPES or not ev.get("evidence"):
            raise EvaluationError(f"{path}: bad event {ev!r}")
    for q in data["quantities"]:
        if not isinstance(q.get("value"), int | float) or not q.get("unit"):
            raise EvaluationError(f"{path}: bad quantity {q!r}")
    for q in data["quotes"]:
        if not q.get("text_start"):
            raise EvaluationError(f"{path}: bad quote {q!r}")
    return data


def _same_name(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return name_key(a) == name_key(b)


def _locate(text: str, evidence: str) -> tuple[int, int]:
    """Where the gold evidence stands in the document (accent- and apostrophe-insensitive)."""
    idx = text.find(evidence)
    if idx >= 0:
        return idx, idx + len(evidence)
    folded, ev = fold(text), fold(evidence)
    idx = folded.find(ev)
    if idx >= 0 and len(folded) == len(text):
        return idx, idx + len(ev)
    raise EvaluationError(f"gold evidence not found in the document: {evidence[:60]!r}")


def _starts_with(text: str, start: str) -> bool:
    want = words(start)
    have = words(text)
    return bool(want) and have[: len(want)] == want


# ---------------------------------------------------------------------- scoring
def _score_kind(
    system: Sequence[Any],
    gold: Sequence[dict[str, Any]],
    match: Callable[[Any, dict[str, Any]], bool],
    describe_sys: Callable[[Any], str],
    describe_gold: Callable[[dict[str, Any]], str],
    report: EvalReport,
    doc: str,
) -> Score:
    score = Score()
    required = [g for g in gold if not g.get("optional")]
    optional = [g for g in gold if g.get("optional")]
    for s in system:
        if any(match(s, g) for g in required):
            score.tp += 1
        elif any(match(s, g) for g in optional):
            continue
        else:
            score.fp += 1
            report.spurious.append(f"{doc}: {describe_sys(s)}")
    for g in required:
        score.gold += 1
        if any(match(s, g) for s in system):
            score.found += 1
        else:
            score.fn += 1
            report.missed.append(f"{doc}: {describe_gold(g)}")
    return score


def score_records(
    records: Sequence[dict[str, Any]], golds: Sequence[dict[str, Any]], texts: dict[str, str]
) -> EvalReport:
    """Score stored records (export shape, with event status) against gold files."""
    report = EvalReport(scores={k: Score() for k in KINDS})
    by_doc = {r["doc"]: r for r in records}
    dates = [0, 0]
    locs = [0, 0]
    for gold in golds:
        doc = gold["doc"]
        rec = by_doc.get(doc)
        if rec is None:
            raise EvaluationError(f"no analysed document for gold file {doc!r}")
        text = texts[doc]
        spans = {id(g): _locate(text, g["evidence"]) for g in gold["events"]}

        def same_sentence(
            s: dict[str, Any], g: dict[str, Any], spans: dict[int, tuple[int, int]] = spans
        ) -> bool:
            a, b = spans[id(g)]
            return bool(s["start"] < b and a < s["end"])

        def typed(s: dict[str, Any], g: dict[str, Any]) -> bool:
            return bool(s["type"] == g["type"] and same_sentence(s, g))

        def full(s: dict[str, Any], g: dict[str, Any]) -> bool:
            if not typed(s, g):
                return False
            direct = _same_name(s["source"], g["source"]) and _same_name(s["target"], g["target"])
            if direct:
                return True
            return (
                g["type"] in _SYMMETRIC
                and _same_name(s["source"], g["target"])
                and _same_name(s["target"], g["source"])
            )

        sys_events = [e for e in rec["events"] if e.get("status") != "denied"]
        per = {
            "entities": _score_kind(
                rec["entities"],
                gold["entities"],
                lambda s, g: s["type"] == g["type"] and _same_name(s["name"], g["name"]),
                lambda s: f"entity {s['type']} {s['name']}",
                lambda g: f"entity {g['type']} {g['name']}",
                report,
                doc,
            ),
            "events": _score_kind(
                sys_events,
                gold["events"],
                full,
                lambda s: (
                    f"event {s['type']} {s['source']} -> {s['target']} | {s['evidence'][:70]}"
                ),
                lambda g: (
                    f"event {g['type']} {g['source']} -> {g['target']} | {g['evidence'][:70]}"
                ),
                report,
                doc,
            ),
            "events_typed": _score_kind(
                sys_events, gold["events"], typed, lambda s: "", lambda g: "", EvalReport(), doc
            ),
            "quantities": _score_kind(
                rec["quantities"],
                gold["quantities"],
                lambda s, g: (
                    s["unit"] == g["unit"]
                    and abs(float(s["value"]) - float(g["value"])) <= 0.01 * abs(float(g["value"]))
                ),
                lambda s: f"quantity {s['value']:g} {s['unit']} | {s['evidence'][:60]}",
                lambda g: f"quantity {g['value']:g} {g['unit']} | {g.get('evidence', '')}",
                report,
                doc,
            ),
            "quotes": _score_kind(
                rec["quotes"],
                gold["quotes"],
                lambda s, g: (
                    _same_name(s["speaker"], g["speaker"])
                    and _starts_with(s["text"], g["text_start"])
                ),
                lambda s: f"quote [{s['speaker']}] {s['text'][:60]}",
                lambda g: f"quote [{g['speaker']}] {g['text_start']}",
                report,
                doc,
            ),
        }
        for g in gold["events"]:
            matched = [s for s in sys_events if full(s, g)]
            if not matched or g.get("optional"):
                continue
            dates[1] += 1
            locs[1] += 1
            if any(s.get("date") == g.get("date") for s in matched):
                dates[0] += 1
            if any(_same_name(s.get("location"), g.get("location")) for s in matched):
                locs[0] += 1
        report.per_doc[doc] = per
        for kind, sc in per.items():
            report.scores[kind].add(sc)
    report.event_dates = (dates[0], dates[1])
    report.event_locations = (locs[0], locs[1])
    return report


def evaluate_dirs(gold_dir: Path, docs_dir: Path, settings: Settings) -> EvalReport:
    """Ingest the documents named by the gold files (publication date from each gold file) into a
    throw-away store, and score them."""
    from .export import document_record
    from .ingest import ingest_documents
    from .pipeline import Pipeline
    from .readers import parse_date, read_paths
    from .store import open_store

    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise EvaluationError(f"no gold files (*.json) in {gold_dir}")
    golds = [load_gold(p) for p in gold_files]
    items: list[Document | InputError] = []
    for gold in golds:
        candidates = [p for p in docs_dir.iterdir() if p.stem == gold["doc"]]
        if not candidates:
            raise EvaluationError(f"{docs_dir}: no document for gold {gold['doc']!r}")
        published = parse_date(gold.get("published"), str(candidates[0]))
        items.extend(read_paths([candidates[0]], published=published))
    with open_store(":memory:") as store:
        report = ingest_documents(items, Pipeline(settings), store, keep_analyses=True)
        if report.rejected:
            raise EvaluationError("; ".join(str(e) for e in report.rejected))
        texts = {a.document.id: a.document.text for a in report.analyses}
        records = [document_record(d) for d in store.documents()]
    return score_records(records, golds, texts)


def format_report(report: EvalReport, details: bool = False) -> str:
    lines = [f"{'kind':<34}{'P':>7}{'R':>7}{'F1':>7}{'found':>8}{'gold':>6}{'fp':>5}"]
    labels = {
        "entities": "entities",
        "events_typed": "events (type + sentence)",
        "events": "events (type + sentence + actors)",
        "quantities": "quantities",
        "quotes": "quotes",
    }
    for kind in ("entities", "events_typed", "events", "quantities", "quotes"):
        s = report.scores[kind]
        lines.append(
            f"{labels[kind]:<34}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
            f"{s.found:>8}{s.gold:>6}{s.fp:>5}"
        )
    o = report.overall
    lines.append(
        f"{'all items':<34}{o.precision:>7.3f}{o.recall:>7.3f}{o.f1:>7.3f}{o.found:>8}"
        f"{o.gold:>6}{o.fp:>5}"
    )
    d, loc = _ratio(report.event_dates), _ratio(report.event_locations)
    lines.append(f"event dates right: {d}   event locations right: {loc} (over matched events)")
    if details:
        lines.append("\nmissed:")
        lines.extend(f"  {m}" for m in report.missed)
        lines.append("spurious:")
        lines.extend(f"  {s}" for s in report.spurious)
    return "\n".join(lines)


def score_sentences(
    cases: Sequence[dict[str, Any]],
    analyze: Callable[[str, str | None, str | None], Any],
) -> tuple[Score, list[str]]:
    """Score short sentences with expected events (the regression corpus format): an expected
    event is found when an event of the same type has the same source and target (either order
    for CONSULT and COOPERATE); an expected "denied" event must be reported with status denied.
    A system event matching nothing expected is a false positive (denied ones included)."""
    score = Score()
    report = EvalReport()
    for case in cases:
        result = analyze(case["text"], case.get("published"), case.get("lang"))
        events = list(result.events)
        expected = case.get("events", [])

        def match(ev: Any, exp: dict[str, Any]) -> bool:
            if ev.type != exp["type"]:
                return False
            if (exp.get("status") == "denied") != (ev.status == "denied"):
                return False
            if _same_name(ev.source, exp.get("source")) and _same_name(
                ev.target, exp.get("target")
            ):
                return True
            return (
                exp["type"] in _SYMMETRIC
                and _same_name(ev.source, exp.get("target"))
                and _same_name(ev.target, exp.get("source"))
            )

        where = f"[{case['lang']}] {case['text']}"
        found = _score_kind(
            events,
            expected,
            match,
            lambda ev: f"spurious {ev.type} {ev.source} -> {ev.target} ({ev.status})",
            lambda exp: f"missed {exp['type']} {exp.get('source')} -> {exp.get('target')}",
            report,
            where,
        )
        score.add(found)
    return score, [*report.missed, *report.spurious]
