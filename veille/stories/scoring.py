"""Scoring stories against a story test set (``tests/data/stories``: ``articles.jsonl`` and
``gold.json``, described in its README): B-cubed precision, recall and F1 of the stories,
pairwise precision and recall of copy detection, pairwise F1 of merged events (over every gold
report, and, to tell merging from extraction, over the gold reports the pipeline found).

``evaluate_story_set`` analyses the articles with the pipeline into a new SQLite store in a
temporary folder, clusters them with :func:`veille.stories.update_stories`, then scores.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..ingest import ingest_documents
from ..model import Document
from ..pipeline import Pipeline
from ..readers import read_paths
from ..settings import Settings
from ..store import EventRow, Store, open_store
from ..text import fold
from .clustering import update_stories

__all__ = [
    "GoldEvent",
    "GoldStory",
    "PairScore",
    "StoryGold",
    "StoryScores",
    "b_cubed",
    "evaluate_story_set",
    "format_story_scores",
    "load_story_gold",
    "pair_score",
    "score_store",
]


@dataclass(frozen=True, slots=True)
class GoldEvent:
    id: str
    type: str
    actors: tuple[str, ...]
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GoldStory:
    id: str
    title: str
    articles: tuple[str, ...]
    events: tuple[GoldEvent, ...]


@dataclass(frozen=True, slots=True)
class StoryGold:
    stories: tuple[GoldStory, ...]
    copies: tuple[tuple[str, ...], ...]

    @property
    def articles(self) -> list[str]:
        return sorted(a for s in self.stories for a in s.articles)


@dataclass(frozen=True, slots=True)
class PairScore:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class StoryScores:
    articles: int
    stories: int
    system_stories: int
    b_cubed: tuple[float, float, float]
    copies: PairScore
    events: PairScore
    merging: PairScore
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        def pair(s: PairScore) -> dict[str, float]:
            return {
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "f1": round(s.f1, 4),
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
            }

        p, r, f = self.b_cubed
        return {
            "articles": self.articles,
            "gold_stories": self.stories,
            "system_stories": self.system_stories,
            "stories": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)},
            "copies": pair(self.copies),
            "events": pair(self.events),
            "merging": pair(self.merging),
        }


def load_story_gold(directory: Path) -> StoryGold:
    path = directory / "gold.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        stories = tuple(
            GoldStory(
                id=s["id"],
                title=s["title"],
                articles=tuple(s["articles"]),
                events=tuple(
                    GoldEvent(
                        id=e["id"],
                        type=e["type"],
                        actors=tuple(e.get("actors") or ()),
                        articles=tuple(e["articles"]),
                    )
                    for e in s.get("events", ())
                ),
            )
            for s in data["stories"]
        )
        copies = tuple(tuple(c) for c in data.get("copies", ()))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EvaluationError(f"{path}: not a story gold file ({exc})") from exc
    seen: set[str] = set()
    for s in stories:
        if seen & set(s.articles):
            raise EvaluationError(f"{path}: an article is in two stories ({s.id})")
        seen |= set(s.articles)
    return StoryGold(stories=stories, copies=copies)


def _pairs(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for g in groups:
        out |= {(a, b) for a, b in itertools.combinations(sorted(set(g)), 2)}
    return out


def pair_score(gold: Iterable[Iterable[str]], system: Iterable[Iterable[str]]) -> PairScore:
    """Pairwise counts: a pair is two items in one group."""
    g, s = _pairs(gold), _pairs(system)
    return PairScore(tp=len(g & s), fp=len(s - g), fn=len(g - s))


def b_cubed(gold: dict[str, str], system: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (``item -> cluster``) over gold items."""
    items = sorted(gold)
    g_members: dict[str, set[str]] = {}
    s_members: dict[str, set[str]] = {}
    for i in items:
        g_members.setdefault(gold[i], set()).add(i)
        s_members.setdefault(system.get(i, "missing:" + i), set()).add(i)
    p = r = 0.0
    for i in items:
        gi = g_members[gold[i]]
        si = s_members[system.get(i, "missing:" + i)]
        both = len(gi & si)
        p += both / len(si)
        r += both / len(gi)
    p, r = p / len(items), r / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _matches(ev: EventRow, actors: Sequence[str]) -> bool:
    names = {fold(a) for a in actors}
    return any(n and fold(n) in names for n in (ev.source, ev.target))


def _answers(
    gold: StoryGold, events: dict[str, list[EventRow]]
) -> dict[tuple[str, str], tuple[str, int]]:
    """For each gold report (event id, article), the stored event answering it: one of the
    article's events of that type, preferring one naming a gold actor, each used once."""
    out: dict[tuple[str, str], tuple[str, int]] = {}
    used: set[tuple[str, int]] = set()
    items = [(e, a) for s in gold.stories for e in s.events for a in e.articles]
    # reports whose gold names actors pick first, so that generic ones take what is left
    items.sort(key=lambda x: (not x[0].actors, x[0].id, x[1]))
    for ev, art in items:
        cands = [c for c in events.get(art, []) if c.type == ev.type and (c.doc, c.idx) not in used]
        named = [c for c in cands if ev.actors and _matches(c, ev.actors)]
        pick = named or cands
        if pick:
            chosen = min(pick, key=lambda c: (c.start, c.idx))
            out[(ev.id, art)] = (chosen.doc, chosen.idx)
            used.add((chosen.doc, chosen.idx))
    return out


def score_store(store: Store, gold: StoryGold) -> StoryScores:
    """Score what the store's story tables hold against the gold."""
    articles = gold.articles
    rows = {r.doc: r for r in store.story_documents(ids=articles)}
    g_story = {a: s.id for s in gold.stories for a in s.articles}
    s_story = {a: rows[a].story_id for a in articles if a in rows}
    bc = b_cubed(g_story, s_story)
    s_copies: dict[str, list[str]] = {}
    for a, r in rows.items():
        s_copies.setdefault(r.copy_of, []).append(a)
    copies = pair_score(gold.copies, s_copies.values())
    # merged events: which story event each stored event belongs to
    event_of: dict[tuple[str, int], tuple[str, int]] = {}
    events: dict[str, list[EventRow]] = {a: store.events(doc=a) for a in articles}
    for sid in sorted(set(s_story.values())):
        for rep in store.story_reports(sid):
            event_of[(rep.event.doc, rep.event.idx)] = (sid, rep.event_idx)
    answers = _answers(gold, events)
    gold_groups = [[f"{e.id}/{a}" for a in e.articles] for s in gold.stories for e in s.events]
    sys_groups: dict[tuple[str, int], list[str]] = {}
    for (eid, art), key in answers.items():
        merged = event_of.get(key)
        if merged is not None:
            sys_groups.setdefault(merged, []).append(f"{eid}/{art}")
    ev_score = pair_score(gold_groups, sys_groups.values())
    found = {f"{eid}/{art}" for (eid, art) in answers}
    merging = pair_score([[x for x in g if x in found] for g in gold_groups], sys_groups.values())
    answered = len(answers)
    total = sum(len(e.articles) for s in gold.stories for e in s.events)
    return StoryScores(
        articles=len(articles),
        stories=len(gold.stories),
        system_stories=len(set(s_story.values())),
        b_cubed=bc,
        copies=copies,
        events=ev_score,
        merging=merging,
        details={
            "answered_reports": answered,
            "gold_reports": total,
            "system_stories": {
                sid: sorted(a for a in articles if s_story.get(a) == sid)
                for sid in sorted(set(s_story.values()))
            },
            "system_copies": sorted(sorted(g) for g in s_copies.values() if len(g) > 1),
        },
    )


def _documents(directory: Path) -> list[Document]:
    path = directory / "articles.jsonl"
    if not path.exists():
        raise EvaluationError(f"{path}: no story articles")
    docs = []
    for item in read_paths([path]):
        if not isinstance(item, Document):
            raise EvaluationError(f"{path}: {item}")
        docs.append(item)
    return docs


def evaluate_story_set(
    directory: Path,
    settings: Settings,
    pipeline: Pipeline | None = None,
    order: Sequence[str] | None = None,
) -> StoryScores:
    """Analyse the story set's articles into a temporary store, cluster them and score.

    ``order`` gives the order in which the articles are stored and clustered, one at a time
    (default: the file's order, clustered once at the end)."""
    gold = load_story_gold(directory)
    docs = _documents(directory)
    pipe = pipeline or Pipeline(settings)
    with (
        tempfile.TemporaryDirectory(prefix="veille-stories-") as tmp,
        open_store(str(Path(tmp) / "stories.db")) as store,
    ):
        if order is None:
            ingest_documents(docs, pipe, store)
            update_stories(store, settings)
        else:
            analyses = {a.document.id: a for a in pipe.analyze_batch(docs)}
            for doc_id in order:
                store.save(analyses[doc_id], pipe.version)
                update_stories(store, settings)
        return score_store(store, gold)


def format_story_scores(scores: StoryScores, details: bool = False) -> str:
    d = scores.to_dict()
    lines = [
        f"story set: {d['articles']} articles, {d['gold_stories']} stories "
        f"(system: {d['system_stories']})",
        "",
        "kind            precision  recall  F1",
        "stories (B3)    {precision:.3f}      {recall:.3f}   {f1:.3f}".format(**d["stories"]),
        "copies (pairs)  {precision:.3f}      {recall:.3f}   {f1:.3f}".format(**d["copies"]),
        "events (pairs)  {precision:.3f}      {recall:.3f}   {f1:.3f}".format(**d["events"]),
        "merging (pairs) {precision:.3f}      {recall:.3f}   {f1:.3f}".format(**d["merging"])
        + "  (over the gold reports the pipeline found)",
        f"gold event reports answered by a stored event: {scores.details['answered_reports']}"
        f" of {scores.details['gold_reports']}",
    ]
    if details:
        lines.append("")
        for sid, docs in scores.details["system_stories"].items():
            lines.append(f"{sid}: {' '.join(docs)}")
        lines.append("copies: " + "; ".join(" ".join(g) for g in scores.details["system_copies"]))
    return "\n".join(lines)
