"""Scoring against gold annotations in the format of the gold schema (``SCHEMA.md``).

The scorer reads export records (the shape ``veille export`` writes) and matches them to gold
**one to one**: each gold item (required ones first, then optional ones, in file order) takes the
first system item not yet taken that matches it. A system item taken by an optional gold item
costs nothing; a system item left over is a false positive; a required gold item left over is a
miss. This is the rule of the project's independent scorer (``tests/data/devcorpus/score.py``),
and the figures agree with it on the same export (a test checks this).

Matching, as the schema states it:

* entity: same type and canonical names alike (accents, case and transliteration aside), or
  one of the gold surface forms among the system mentions with names still close;
* event (``events_trigger``): same type, and the system event's span overlaps the gold evidence;
  ``events_full`` also needs the source (and the target, when gold has one) to match, either
  order for the symmetric types; a gold name also answers to its entity's surface forms;
* quantity: same unit, value within 1 %, spans overlapping or starting within 80 characters;
* quote: same speaker and a text that begins with the gold's first words (or spans overlapping).

Dates, locations and modes are scored over the events matched with their actors (and a gold
value); they are reported as the share right.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from .errors import EvaluationError
from .model import ENTITY_TYPES, EVENT_TYPES, Document

__all__ = [
    "KINDS",
    "EvalReport",
    "Tally",
    "evaluate",
    "find_span",
    "format_report",
    "load_gold",
    "normalise",
    "read_gold_documents",
    "same_name",
    "score_exports",
    "score_sentences",
]

KINDS = (
    "entities",
    "events_trigger",
    "events_full",
    "event_dates",
    "event_locations",
    "event_modes",
    "quantities",
    "quotes",
)
# the kinds whose items are summed into "all"
_ITEM_KINDS = ("entities", "events_full", "quantities", "quotes")
SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})
_TYPE_ALIASES = {
    "PER": "PERSON",
    "ORGANIZATION": "ORG",
    "GPE": "COUNTRY",
    "LOC": "PLACE",
    "LOCATION": "PLACE",
    "IGO": "ORG",
    "FAC": "PLACE",
}
_NON_ALNUM = re.compile(r"[^a-z0-9' ]+")
_SPACES = re.compile(r"\s+")


# ---------------------------------------------------------------------- tallies
@dataclass(slots=True)
class Tally:
    """True positives, false positives and misses of one kind of item."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def merge(self, other: Tally) -> None:
        self.add(other.tp, other.fp, other.fn)

    def to_dict(self) -> dict[str, float | int]:
        return {
            "p": round(self.precision, 3),
            "r": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def _tallies() -> dict[str, Tally]:
    return {k: Tally() for k in KINDS}


@dataclass(slots=True)
class EvalReport:
    """Scores per kind, per language and per event type, with the items that went wrong."""

    kinds: dict[str, Tally] = field(default_factory=_tallies)
    by_language: dict[str, dict[str, Tally]] = field(default_factory=dict)
    by_type: dict[str, dict[str, Tally]] = field(default_factory=dict)
    by_doc: dict[str, dict[str, Tally]] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def overall(self) -> Tally:
        total = Tally()
        for kind in _ITEM_KINDS:
            total.merge(self.kinds[kind])
        return total

    def to_dict(self) -> dict[str, Any]:
        return {
            **{k: v.to_dict() for k, v in self.kinds.items()},
            "all": self.overall.to_dict(),
            "docs_scored": len(self.by_doc),
            "by_language": {
                lang: {k: v.to_dict() for k, v in t.items()}
                for lang, t in sorted(self.by_language.items())
            },
            "by_type": {
                typ: {k: v.to_dict() for k, v in t.items()}
                for typ, t in sorted(self.by_type.items())
            },
        }


# ---------------------------------------------------------------------- names
def normalise(text: str | None) -> str:
    """Lower case, accents and punctuation removed: the form names are compared in."""
    return _norm(text)


def _norm(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _SPACES.sub(" ", _NON_ALNUM.sub(" ", text)).strip()


def _close(a: str, b: str) -> bool:
    return SequenceMatcher(None, a, b).ratio() >= 0.85


def same_name(a: str | None, b: str | None) -> bool:
    """Two names of one entity: equal or close after normalisation, or one is the other's
    surname, or same initial and close surnames."""
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return False
    if na == nb or _close(na, nb):
        return True
    ta, tb = na.split(), nb.split()
    if (len(ta) == 1 or len(tb) == 1) and _close(ta[-1], tb[-1]):
        return True
    return len(ta) > 1 and len(tb) > 1 and ta[0][0] == tb[0][0] and _close(ta[-1], tb[-1])


def _name_of(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("name") or value.get("id")
    return value if isinstance(value, str) else None


# ---------------------------------------------------------------------- spans
Span = tuple[int, int]


def _find(text: str, needle: str | None) -> Span | None:
    if not needle:
        return None
    i = text.find(needle)
    if i < 0:
        i = _norm(text).find(_norm(needle))  # approximate: normalised positions
        if i < 0:
            return None
    return (i, i + len(needle))


def find_span(text: str, needle: str | None) -> Span | None:
    """Where ``needle`` stands in ``text`` (exactly, else in normalised positions)."""
    return _find(text, needle)


def _overlap(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _span(item: dict[str, Any], text: str, key: str) -> Span | None:
    start, end = item.get("start"), item.get("end")
    if isinstance(start, int) and isinstance(end, int):
        return (start, end)
    return _find(text, item.get(key))


# ---------------------------------------------------------------------- matching
_Pair = tuple[dict[str, Any], dict[str, Any]]


@dataclass(slots=True)
class _Match:
    tp: int
    fp: int
    fn: int
    pairs: list[_Pair]
    missed: list[dict[str, Any]]
    left: list[dict[str, Any]]


def _one_to_one(
    gold: Sequence[dict[str, Any]],
    system: Sequence[dict[str, Any]],
    ok: Callable[[dict[str, Any], dict[str, Any]], bool],
) -> _Match:
    used: set[int] = set()
    tp = fn = 0
    pairs: list[_Pair] = []
    missed: list[dict[str, Any]] = []
    for g in sorted(gold, key=lambda g: bool(g.get("optional", False))):
        hit = next((i for i, s in enumerate(system) if i not in used and ok(g, s)), None)
        if hit is None:
            if not g.get("optional"):
                fn += 1
                missed.append(g)
            continue
        used.add(hit)
        if not g.get("optional"):
            tp += 1
            pairs.append((g, system[hit]))
    left = [s for i, s in enumerate(system) if i not in used]
    return _Match(tp, len(left), fn, pairs, missed, left)


def _doc_scores(gold: dict[str, Any], out: dict[str, Any], text: str) -> dict[str, _Match]:
    aliases = {
        e["name"]: {_norm(e["name"])} | {_norm(f) for f in e.get("surface_forms", [])}
        for e in gold["entities"]
    }

    def actor(g_name: str | None, s_name: str | None) -> bool:
        if g_name is None:
            return False
        return same_name(g_name, s_name) or (
            bool(s_name) and _norm(s_name) in aliases.get(g_name, ())
        )

    sys_ents = []
    for e in out.get("entities", []):
        t = str(e.get("type", "")).upper()
        t = _TYPE_ALIASES.get(t, t)
        if t in ENTITY_TYPES:
            sys_ents.append({**e, "type": t})

    def ent_ok(g: dict[str, Any], s: dict[str, Any]) -> bool:
        if g["type"] != s["type"]:
            return False
        if same_name(g["name"], s.get("name")):
            return True
        forms = {_norm(m.get("text") if isinstance(m, dict) else m) for m in s.get("mentions", [])}
        return (
            any(_norm(f) in forms for f in g.get("surface_forms", []))
            and SequenceMatcher(None, _norm(g["name"]), _norm(s.get("name"))).ratio() >= 0.6
        )

    events = list(out.get("events", []))
    gold_spans = {id(g): _find(text, g["evidence"]) for g in gold["events"]}

    def trigger_ok(g: dict[str, Any], s: dict[str, Any]) -> bool:
        return bool(s.get("type") == g["type"]) and _overlap(
            gold_spans[id(g)], _span(s, text, "evidence")
        )

    def full_ok(g: dict[str, Any], s: dict[str, Any]) -> bool:
        if not trigger_ok(g, s):
            return False
        src, tgt = _name_of(s.get("source")), _name_of(s.get("target"))
        if actor(g["source"], src) and (g["target"] is None or actor(g["target"], tgt)):
            return True
        if s.get("type") in SYMMETRIC and g["target"] is not None:
            return actor(g["source"], tgt) and actor(g["target"], src)
        return False

    def q_ok(g: dict[str, Any], s: dict[str, Any]) -> bool:
        try:
            v = float(s.get("value"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
        if str(s.get("unit", "")).strip() != g["unit"]:
            return False
        if abs(v - g["value"]) > 0.01 * abs(g["value"]) + 1e-9:
            return False
        gs, ss = _find(text, g.get("evidence")), _span(s, text, "evidence")
        return gs is None or ss is None or _overlap(gs, ss) or abs(gs[0] - ss[0]) < 80

    def quote_ok(g: dict[str, Any], s: dict[str, Any]) -> bool:
        if not actor(g["speaker"], _name_of(s.get("speaker"))):
            return False
        return _norm(s.get("text", "")).startswith(_norm(g["text_start"])[:20]) or _overlap(
            _find(text, g["text_start"]), _span(s, text, "text")
        )

    return {
        "entities": _one_to_one(gold["entities"], sys_ents, ent_ok),
        "events_trigger": _one_to_one(gold["events"], events, trigger_ok),
        "events_full": _one_to_one(gold["events"], events, full_ok),
        "quantities": _one_to_one(gold["quantities"], out.get("quantities", []), q_ok),
        "quotes": _one_to_one(gold["quotes"], out.get("quotes", []), quote_ok),
    }


def _describe(kind: str, item: dict[str, Any]) -> str:
    if kind == "entities":
        return f"{item.get('type')} {item.get('name')}"
    if kind.startswith("events"):
        evid = str(item.get("evidence", "")).replace("\n", " ")
        return (
            f"{item.get('type')} {_name_of(item.get('source'))} -> "
            f"{_name_of(item.get('target'))} | {evid[:90]}"
        )
    if kind == "quantities":
        return f"{item.get('value')} {item.get('unit')} | {item.get('evidence')}"
    return f"[{_name_of(item.get('speaker'))}] {item.get('text_start') or item.get('text', '')}"[
        :110
    ]


def score_exports(
    exports: Iterable[dict[str, Any]], golds: Sequence[dict[str, Any]], texts: dict[str, str]
) -> EvalReport:
    """Score export records against gold files; ``texts`` maps a document id to its text."""
    outs = {str(r.get("doc") or r.get("id")): r for r in exports}
    report = EvalReport()
    for gold in golds:
        doc = gold["doc"]
        if doc not in texts:
            raise EvaluationError(f"no text for gold document {doc!r}")
        out = outs.get(doc, {})
        lang = str(gold.get("language") or out.get("language") or "?")
        matches = _doc_scores(gold, out, texts[doc])
        per_doc = _tallies()
        per_lang = report.by_language.setdefault(lang, _tallies())
        for kind, m in matches.items():
            for t in (report.kinds[kind], per_doc[kind], per_lang[kind]):
                t.add(m.tp, m.fp, m.fn)
            for g in m.missed:
                report.missed.append(f"{doc} {kind}: {_describe(kind, g)}")
            for s in m.left:
                report.spurious.append(f"{doc} {kind}: {_describe(kind, s)}")
            if kind.startswith("events"):
                for g, _s in m.pairs:
                    report.by_type.setdefault(g["type"], _tallies())[kind].add(tp=1)
                for g in m.missed:
                    report.by_type.setdefault(g["type"], _tallies())[kind].add(fn=1)
                for s in m.left:
                    typ = str(s.get("type"))
                    report.by_type.setdefault(typ, _tallies())[kind].add(fp=1)
        for g, s in matches["events_full"].pairs:
            checks = (
                ("event_dates", g.get("date"), lambda g, s: s.get("date") == g.get("date")),
                (
                    "event_locations",
                    g.get("location"),
                    lambda g, s: same_name(g.get("location"), _name_of(s.get("location"))),
                ),
                ("event_modes", g.get("mode"), lambda g, s: s.get("mode") == g.get("mode")),
            )
            for kind, want, right in checks:
                if not want:
                    continue
                good = bool(right(g, s))
                for t in (report.kinds[kind], per_doc[kind], per_lang[kind]):
                    t.add(tp=int(good), fn=int(not good))
        report.by_doc[doc] = per_doc
    return report


# ---------------------------------------------------------------------- gold and documents
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
        ev.setdefault("source", None)
        ev.setdefault("target", None)
    for q in data["quantities"]:
        if not isinstance(q.get("value"), int | float) or not q.get("unit"):
            raise EvaluationError(f"{path}: bad quantity {q!r}")
    for q in data["quotes"]:
        if not q.get("text_start"):
            raise EvaluationError(f"{path}: bad quote {q!r}")
    return data


def _article(path: Path) -> tuple[dict[str, str], str]:
    """(header fields, body) of a corpus article file; plain texts have no header."""
    text = path.read_text("utf-8")
    if not text.startswith("URL: "):
        return {}, text
    head, body = text.split("\n\n", 1)
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(": ")
        meta[key.strip().lower()] = value.strip()
    return meta, body


def read_gold_documents(golds: Sequence[dict[str, Any]], docs: Path) -> list[Document]:
    """The documents the gold files annotate, from a directory of texts (seed ``.txt`` files or
    corpus articles with their ``URL:``/``PUBLISHED:``/``TITLE:`` header) or a JSONL file of
    records (``id``, ``text``, ``title``, ``url``, ``published``). The publication date is the
    gold's when the document gives none."""
    import datetime as dt

    def date(value: Any) -> dt.date | None:
        try:
            return dt.date.fromisoformat(str(value)) if value and value != "unknown" else None
        except ValueError:
            return None

    records: dict[str, dict[str, Any]] = {}
    if docs.is_file():
        for n, line in enumerate(docs.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvaluationError(f"{docs}:{n}: not JSON ({exc})") from exc
            records[str(rec.get("id"))] = rec
    elif docs.is_dir():
        for path in sorted(docs.iterdir()):
            if path.suffix not in (".txt", ".text"):
                continue
            meta, body = _article(path)
            records[path.stem] = {
                "id": path.stem,
                "text": body,
                "title": meta.get("title", ""),
                "url": meta.get("url"),
                "published": meta.get("published"),
            }
    else:
        raise EvaluationError(f"{docs}: no such file or directory")
    out = []
    for gold in golds:
        rec = records.get(gold["doc"])
        if rec is None:
            raise EvaluationError(f"{docs}: no document for gold {gold['doc']!r}")
        out.append(
            Document(
                id=gold["doc"],
                text=str(rec["text"]),
                title=str(rec.get("title") or ""),
                published=date(rec.get("published")) or date(gold.get("published")),
                url=rec.get("url"),
                language=rec.get("language"),
            )
        )
    return out


def evaluate(
    gold_dir: Path, docs: Path, analyze: Callable[[Sequence[Document]], Iterable[dict[str, Any]]]
) -> tuple[EvalReport, list[dict[str, Any]]]:
    """Analyse the documents the gold files name with ``analyze`` (documents to export records)
    and score them; returns the report and the export records that were scored."""
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise EvaluationError(f"no gold files (*.json) in {gold_dir}")
    golds = [load_gold(p) for p in gold_files]
    documents = read_gold_documents(golds, docs)
    exports = list(analyze(documents))
    texts = {d.id: d.text for d in documents}
    return score_exports(exports, golds, texts), exports


# ---------------------------------------------------------------------- report
_LABELS = {
    "entities": "entities",
    "events_trigger": "events (type + sentence)",
    "events_full": "events (type + sentence + actors)",
    "quantities": "quantities",
    "quotes": "quotes",
}


def _row(label: str, t: Tally) -> str:
    return f"{label:<36}{t.precision:>7.3f}{t.recall:>7.3f}{t.f1:>7.3f}{t.tp:>6}{t.fp:>6}{t.fn:>6}"


def format_report(report: EvalReport, details: bool = False) -> str:
    head = f"{'':<36}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"
    lines = [head]
    for kind, label in _LABELS.items():
        lines.append(_row(label, report.kinds[kind]))
    lines.append(_row("all items", report.overall))
    for kind, label in (
        ("event_dates", "dates"),
        ("event_locations", "locations"),
        ("event_modes", "modes"),
    ):
        k = report.kinds[kind]
        lines.append(
            f"matched events with the right {label}: {k.tp}/{k.tp + k.fn} ({k.recall:.3f})"
        )
    if len(report.by_language) > 1:
        lines.append("")
        lines.append(
            f"{'F1 by language':<16}"
            + "".join(
                f"{k[:12]:>14}" for k in ("entities", "ev_trigger", "ev_full", "quant", "quotes")
            )
        )
        for lang, per in sorted(report.by_language.items()):
            cells = "".join(
                f"{per[k].f1:>14.3f}"
                for k in ("entities", "events_trigger", "events_full", "quantities", "quotes")
            )
            lines.append(f"{lang:<16}{cells}")
    if report.by_type:
        lines.append("")
        lines.append(f"{'events by type':<16}{'trigger F1':>12}{'full F1':>10}{'gold':>6}{'fp':>6}")
        for typ in EVENT_TYPES:
            by = report.by_type.get(typ)
            if by is None:
                continue
            tr, fu = by["events_trigger"], by["events_full"]
            lines.append(f"{typ:<16}{tr.f1:>12.3f}{fu.f1:>10.3f}{tr.tp + tr.fn:>6}{tr.fp:>6}")
    if details:
        lines.append("\nmissed:")
        lines.extend(f"  {m}" for m in report.missed)
        lines.append("spurious:")
        lines.extend(f"  {s}" for s in report.spurious)
    return "\n".join(lines)


# ---------------------------------------------------------------------- sentence cases
def score_sentences(
    cases: Sequence[dict[str, Any]],
    analyze: Callable[[str, str | None, str | None], Any],
) -> tuple[Tally, list[str]]:
    """Score short sentences with expected events (the regression corpus format): an expected
    event is found when an event of the same type has the same source and target (either order
    for the symmetric types), one to one; an expected ``denied`` event must be reported with
    status denied. A system event matching nothing expected is a false positive."""
    total = Tally()
    problems: list[str] = []
    for case in cases:
        result = analyze(case["text"], case.get("published"), case.get("lang"))
        system = [
            {
                "type": ev.type,
                "source": ev.source,
                "target": ev.target,
                "status": ev.status,
            }
            for ev in result.events
        ]
        expected = [{"source": None, "target": None, **e} for e in case.get("events", [])]

        def ok(exp: dict[str, Any], ev: dict[str, Any]) -> bool:
            if ev["type"] != exp["type"]:
                return False
            if (exp.get("status") == "denied") != (ev["status"] == "denied"):
                return False

            def same(a: str | None, b: str | None) -> bool:
                return (a is None and b is None) or same_name(a, b)

            if same(ev["source"], exp["source"]) and same(ev["target"], exp["target"]):
                return True
            return (
                exp["type"] in SYMMETRIC
                and same(ev["source"], exp["target"])
                and same(ev["target"], exp["source"])
            )

        m = _one_to_one(expected, system, ok)
        total.add(m.tp, m.fp, m.fn)
        where = f"[{case.get('lang')}] {case['text']}"
        problems += [
            f"{where}: missed {g['type']} {g['source']} -> {g['target']}" for g in m.missed
        ]
        problems += [
            f"{where}: spurious {s['type']} {s['source']} -> {s['target']} ({s['status']})"
            for s in m.left
        ]
    return total, problems
