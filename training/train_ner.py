#!/usr/bin/env python3
"""Train veille's own named-entity recognisers from the labelled articles in ``training/data``.

    python training/train_ner.py                      # es and de: train, held-out report, ship
    python training/train_ner.py --lang es --no-write # held-out report only
    python training/train_ner.py --final              # also retrain on every article to ship

One reproducible command (fixed seed, CPU only, a few minutes per language). It

1. reads every article under ``--data`` (``training/LABELLING.md``), drops those the validator
   flags (among them anything overlapping the development corpus) and strips the search tool's
   ``date YYYY-MM-DD`` metadata prefix, which is not page text;
2. projects the gold surface forms of each article onto its text, longest first, every
   occurrence at word boundaries (:func:`project`): names become PER, ORG or LOC spans;
   adjectives and demonyms ("russe", "Israeli") are not names and stay outside; forms that are
   descriptions rather than names ("région de Kaliningrado", "Trumps Regierung") and weapons
   are left unlabelled (missing, so they teach nothing either way);
3. splits the articles per language exactly as ``training/train.py`` does (seed 13, 15 %
   held out), keeps a tenth of the rest to choose the number of epochs;
4. trains a blank spaCy pipeline with one ``ner`` component per language, paragraph by
   paragraph as the nlp stage sends them;
5. scores the held-out articles: spans (exact boundaries and label) and end to end (the whole
   veille pipeline with and without the model, the project's one-to-one entity scorer);
6. writes the model it scored (or, with ``--final``, one retrained on all articles for the
   chosen number of epochs) to ``veille/resources/models/ner/<lang>/`` in spaCy's own
   ``to_disk`` format, with the report and the training settings in its ``meta.json``, and
   the report to ``training/NER_REPORT.md``.

The tokenizer is spaCy's for the language, with a Spanish dateline's ".-" ("MADRID, 9 sep
(EFE).-") split off as a suffix; it ships inside the model folder.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

import articles as articles_io  # noqa: E402

LANGS = ("es", "de")
LABELS = ("PER", "ORG", "LOC")
_GOLD_LABEL = {"PERSON": "PER", "ORG": "ORG", "COUNTRY": "LOC", "PLACE": "LOC"}
_TOOL_DATE = re.compile(r"^\s*date \d{4}(?:-\d{2}){0,2}\s+")
# small words that may stand inside a name ("Ejército de Liberación Nacional", "von der Leyen")
_NAME_LINKERS = frozenset(
    (
        "de",
        "del",
        "la",
        "las",
        "los",
        "el",
        "y",
        "e",
        "du",
        "des",
        "le",
        "d",
        "l",
        "of",
        "the",
        "and",
        "for",
        "on",
        "al",
        "bin",
        "ibn",
        "von",
        "der",
        "den",
        "die",
        "zu",
        "zur",
        "zum",
        "für",
        "und",
        "am",
        "an",
    )
)
_WORD = re.compile(r"\w", re.UNICODE)


# ---------------------------------------------------------------------------- data
def _strip_tool_date(rec: dict[str, Any]) -> dict[str, Any]:
    m = _TOOL_DATE.match(rec["text"])
    return {**rec, "text": rec["text"][m.end() :]} if m else rec


def load_articles(data: Path | Sequence[Path], langs: Iterable[str]) -> list[dict[str, Any]]:
    return articles_io.read(data, langs=langs, transform=_strip_tool_date)


split = articles_io.split  # the same split as training/train.py for the same seed


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    label: str | None  # None: a region left unlabelled (missing)


def _is_name_form(
    form: str, gold_type: str, demonyms: frozenset[str], known: frozenset[str]
) -> bool | None:
    """True: a name to label; False: not a name (an adjective or demonym: outside);
    None: a description or a weapon, left unlabelled."""
    from veille.text import fold, words

    if gold_type not in _GOLD_LABEL:
        return None
    ws = form.split()
    key = " ".join(words(form))
    if form[:1].isupper() and key in known:
        return True  # "China", "Estonia": names, though "china" is also a Spanish adjective
    if fold(form) in demonyms or (len(ws) == 1 and fold(form).rstrip("s") in demonyms):
        return False
    if not form[:1].isupper():
        if re.match(r"^(al|el|as|ash|ad|an|ar|at)[-‑]\w", form):  # "al-Sadr", "el-Fasher"
            return True
        return None if len(ws) > 1 else False
    inner = [w for w in ws[1:] if w[:1].islower() and fold(w).strip("'’") not in _NAME_LINKERS]
    if inner:
        return None  # "Israel's military", "Regierung in Kabul", "Lebanese army"
    if gold_type == "COUNTRY" and len(ws) > 1 and key not in known:
        return None  # "Trumps Regierung", "Kiewer Regime": a way of naming the state
    return True


def _name_part(form: str, demonyms: frozenset[str]) -> str:
    """The form without trailing demonyms ("Ministerio de Defensa ruso" -> "Ministerio de
    Defensa") when at least two words of name remain."""
    from veille.text import fold

    ws = form.split()
    while len(ws) > 2 and ws[-1][:1].islower() and fold(ws[-1]) in demonyms:
        ws.pop()
    while ws and fold(ws[-1]) in _NAME_LINKERS:
        ws.pop()
    return " ".join(ws) if len(ws) >= 2 else form


def project(
    text: str,
    gold_entities: Sequence[dict[str, Any]],
    demonyms: frozenset[str],
    known: frozenset[str],
) -> list[Span]:
    """Every occurrence of every gold surface form, at word boundaries, longest first; an
    occurrence that overlaps a longer one already placed is skipped."""
    forms: list[tuple[str, str]] = []
    for ent in gold_entities:
        for form in ent.get("surface_forms", []):
            if form and form.strip():
                forms.append((_name_part(form.strip(), demonyms), ent["type"]))
    forms.sort(key=lambda f: -len(f[0]))
    taken = [False] * len(text)
    spans: list[Span] = []
    for form, gtype in forms:
        verdict = _is_name_form(form, gtype, demonyms, known)
        label = _GOLD_LABEL.get(gtype) if verdict else None
        for m in re.finditer(re.escape(form), text):
            s, e = m.start(), m.end()
            if s > 0 and _WORD.match(text[s - 1]):
                continue
            if e < len(text) and _WORD.match(text[e]):
                continue
            if any(taken[s:e]):
                continue
            if verdict is False:
                spans.append(Span(s, e, "O"))
            else:
                spans.append(Span(s, e, label))
            for k in range(s, e):
                taken[k] = True
    return sorted(spans, key=lambda sp: sp.start)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The lines of an article, as the clean stage hands them to the nlp stage."""
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def examples_for(
    nlp: Any, articles: Sequence[dict[str, Any]], demonyms: frozenset[str], known: frozenset[str]
) -> list[Any]:
    from spacy.training import Example, offsets_to_biluo_tags

    out = []
    for art in articles:
        text = art["text"]
        spans = project(text, art["gold"]["entities"], demonyms, known)
        for p0, p1 in paragraphs(text):
            doc = nlp.make_doc(text[p0:p1])
            inside = [sp for sp in spans if sp.start >= p0 and sp.end <= p1]
            labelled = [
                (sp.start - p0, sp.end - p0, sp.label)
                for sp in inside
                if sp.label not in (None, "O")
            ]
            tags = offsets_to_biluo_tags(doc, labelled, missing="O")
            # regions left unlabelled, and names that do not fall on token boundaries, teach
            # nothing: mark them missing
            for sp in inside:
                if sp.label is None:
                    char = doc.char_span(sp.start - p0, sp.end - p0, alignment_mode="expand")
                    if char is not None:
                        for t in range(char.start, char.end):
                            tags[t] = "-"
            out.append(Example.from_dict(doc, {"entities": tags}))
    return out


# ---------------------------------------------------------------------------- training
def build(lang: str, seed: int) -> Any:
    import spacy

    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank(lang)
    suffixes = [*nlp.Defaults.suffixes, r"\.-+"]  # "(EFE).-", "Washington.-"
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    nlp.add_pipe("ner")
    return nlp


def train(
    lang: str,
    train_ex: Sequence[Any],
    dev_ex: Sequence[Any] | None,
    epochs: int,
    seed: int,
    log: list[str],
) -> tuple[Any, int, dict[str, float]]:
    """Train for ``epochs``; with a dev set, keep the best epoch's weights."""
    import spacy
    from spacy.util import minibatch

    nlp = build(lang, seed)
    ner = nlp.get_pipe("ner")
    for label in LABELS:
        ner.add_label(label)
    optimizer = nlp.initialize(lambda: list(train_ex), sgd=None)
    rnd = random.Random(seed)
    data = list(train_ex)
    best: tuple[float, int, bytes | None, dict[str, float]] = (-1.0, 0, None, {})
    for epoch in range(1, epochs + 1):
        rnd.shuffle(data)
        losses: dict[str, float] = {}
        for batch in minibatch(data, size=spacy.util.compounding(8.0, 32.0, 1.001)):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
        line = f"  {lang} epoch {epoch:2d} loss {losses.get('ner', 0):8.1f}"
        if dev_ex:
            scores = span_scores(nlp, dev_ex)
            line += f"  dev P {scores['p']:.3f} R {scores['r']:.3f} F {scores['f']:.3f}"
            if scores["f"] > best[0]:
                best = (scores["f"], epoch, nlp.to_bytes(), scores)
        print(line, flush=True)
        log.append(line)
    if dev_ex and best[2] is not None:
        nlp.from_bytes(best[2])
        return nlp, best[1], best[3]
    return nlp, epochs, {}


def span_scores(nlp: Any, examples: Sequence[Any]) -> dict[str, float]:
    """Exact-boundary, same-label span precision, recall and F1 (unlabelled gold regions
    count neither way)."""
    tp = fp = fn = 0
    docs = nlp.pipe([ex.reference.text for ex in examples], batch_size=64)
    for ex, doc in zip(examples, docs, strict=True):
        gold = {(e.start_char, e.end_char, e.label_) for e in ex.reference.ents}
        missing = [t.idx for t in ex.reference if t.ent_iob == 0]
        pred = set()
        for e in doc.ents:
            if any(e.start_char <= m < e.end_char for m in missing):
                continue
            pred.add((e.start_char, e.end_char, e.label_))
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


# ---------------------------------------------------------------------------- end to end
def end_to_end(articles: Sequence[dict[str, Any]], ner_dir: Path | None) -> dict[str, Any]:
    """Entity scores of the whole pipeline on ``articles`` with the NER models under
    ``ner_dir`` (None: without veille's own NER)."""
    import datetime as dt

    import veille
    from veille.evaluation import score_exports
    from veille.export import analysis_to_record, to_export
    from veille.model import Document
    from veille.pipeline import Pipeline
    from veille.stages.nlp import ModelRegistry, NlpStage

    settings = veille.load_settings(progress=False)
    pipe = Pipeline(settings)
    for stage in pipe.stages:
        if isinstance(stage, NlpStage):
            stage.registry = ModelRegistry(
                dict(settings.models), ner_dir=ner_dir, own_ner=ner_dir is not None
            )
    docs = [
        Document(
            id=a["id"],
            text=a["text"],
            title=a.get("title") or "",
            published=dt.date.fromisoformat(a["published"]) if a.get("published") else None,
            url=a.get("url"),
            language=a.get("language"),
        )
        for a in articles
    ]
    exports = [to_export(analysis_to_record(an)) for an in pipe.stream(docs)]
    golds = [{"doc": a["id"], "language": a["language"], **a["gold"]} for a in articles]
    report = score_exports(exports, golds, {a["id"]: a["text"] for a in articles})
    return report.to_dict()


def _entity_tally(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in ("p", "r", "f1", "tp", "fp", "fn") if k in data}


# ---------------------------------------------------------------------------- main
data_hash = articles_io.data_hash


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    articles_io.add_data_argument(ap)
    ap.add_argument("--out", type=Path, default=ROOT / "veille" / "resources" / "models" / "ner")
    ap.add_argument("--lang", nargs="+", default=list(LANGS))
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--holdout", type=float, default=0.15)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument(
        "--end-to-end",
        dest="e2e",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="score the held-out articles with the whole pipeline",
    )
    ap.add_argument("--no-write", action="store_true", help="stop after the held-out report")
    ap.add_argument(
        "--evaluate",
        action="store_true",
        help="train nothing: score the models under --out on the held-out split, write the report",
    )
    ap.add_argument(
        "--final",
        action="store_true",
        help="ship a model retrained on every article (held-out and dev included)",
    )
    ap.add_argument("--report", type=Path, default=ROOT / "training" / "NER_REPORT.md")
    args = ap.parse_args(argv)
    random.seed(args.seed)
    warnings.filterwarnings("ignore", message=r".*\[W030\]")  # names inside a token: missing
    t0 = time.time()

    from veille.kb import KnowledgeBase

    kb = KnowledgeBase.load()
    demonyms = frozenset(kb.demonyms)
    known = frozenset(kb.by_key)
    articles = load_articles(args.data, args.lang)
    train_a, test_a = split(articles, args.holdout, args.seed)
    fit_a, dev_a = split(train_a, 0.1, args.seed + 1)
    results: dict[str, dict[str, Any]] = {}
    log: list[str] = []
    tmp = Path(tempfile.mkdtemp(prefix="veille-ner-"))
    try:
        for lang in args.lang:
            t_lang = time.time()
            nlp0 = build(lang, args.seed)
            sel = {
                name: [a for a in arts if a["language"] == lang]
                for name, arts in (("fit", fit_a), ("dev", dev_a), ("test", test_a))
            }
            ex = {name: examples_for(nlp0, arts, demonyms, known) for name, arts in sel.items()}
            print(
                f"{lang}: {len(sel['fit'])} fit, {len(sel['dev'])} dev, {len(sel['test'])} "
                f"test articles ({len(ex['fit'])} paragraphs to fit)",
                flush=True,
            )
            if args.evaluate:  # the shipped model, trained by an earlier run of this command
                import spacy

                nlp = spacy.load(args.out / lang)
                card = nlp.meta.get("veille", {})
                best_epoch = int(card.get("epochs", 0))
                dev_scores = card.get("held_out", {}).get("dev_spans", {})
            else:
                nlp, best_epoch, dev_scores = train(
                    lang, ex["fit"], ex["dev"], args.epochs, args.seed, log
                )
            test_scores = span_scores(nlp, ex["test"])
            print(f"{lang}: best epoch {best_epoch}; held-out spans {test_scores}", flush=True)
            nlp.to_disk(tmp / lang)
            results[lang] = {
                "articles": {k: len(v) for k, v in sel.items()},
                "best_epoch": best_epoch,
                "dev_spans": dev_scores,
                "held_out_spans": test_scores,
                "train_seconds": round(time.time() - t_lang),
            }
            if args.evaluate:
                card = nlp.meta.get("veille", {})
                results[lang]["train_seconds"] = card.get("held_out", {}).get("train_seconds")
        if args.e2e:
            held = [a for a in test_a if a["language"] in results]
            without = end_to_end(held, None)
            with_ner = end_to_end(held, tmp)
            for lang in results:
                results[lang]["end_to_end"] = {
                    "without": _entity_tally(without["by_language"][lang]["entities"]),
                    "with": _entity_tally(with_ner["by_language"][lang]["entities"]),
                }
                print(f"{lang}: end to end {results[lang]['end_to_end']}", flush=True)
        if args.evaluate:
            for lang in results:
                path = args.out / lang
                results[lang]["model_bytes"] = sum(
                    f.stat().st_size for f in path.rglob("*") if f.is_file()
                )
        elif not args.no_write:
            for lang in results:
                t_lang = time.time()
                every = [a for a in articles if a["language"] == lang]
                if args.final:
                    nlp0 = build(lang, args.seed)
                    exs = examples_for(nlp0, every, demonyms, known)
                    nlp, _, _ = train(lang, exs, None, results[lang]["best_epoch"], args.seed, log)
                else:
                    import spacy

                    nlp = spacy.load(tmp / lang)
                nlp.meta["name"] = f"veille_ner_{lang}"
                nlp.meta["version"] = time.strftime("%Y.%m.%d")
                nlp.meta["description"] = (
                    "veille's named-entity recogniser (PER, ORG, LOC), trained by "
                    "training/train_ner.py on the labelled training articles"
                )
                nlp.meta["veille"] = {
                    "seed": args.seed,
                    "epochs": results[lang]["best_epoch"],
                    "trained_on": "all articles" if args.final else "the fit split",
                    "articles": len(every) if args.final else results[lang]["articles"]["fit"],
                    "data_hash": data_hash(every),
                    "held_out": {k: v for k, v in results[lang].items() if k != "articles"},
                }
                dest = args.out / lang
                if dest.exists():
                    shutil.rmtree(dest)
                dest.parent.mkdir(parents=True, exist_ok=True)
                nlp.to_disk(dest)
                size = sum(p.stat().st_size for p in dest.rglob("*") if p.is_file())
                results[lang]["model_bytes"] = size
                print(
                    f"{lang}: wrote {dest} ({size / 1e6:.1f} MB, {time.time() - t_lang:.0f} s)",
                    flush=True,
                )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    write_report(args.report, results, args, time.time() - t0)
    return 0


def write_report(
    path: Path, results: dict[str, dict[str, Any]], args: argparse.Namespace, seconds: float
) -> None:
    lines = [
        "# veille NER: held-out report",
        "",
        f"Written by `python training/train_ner.py --lang {' '.join(args.lang)}"
        f"{' --evaluate' if args.evaluate else ''}` (seed {args.seed}, {args.holdout:.0%} of the "
        f"articles held out per language, {seconds / 60:.1f} min on CPU for this run). "
        "Spans: exact boundaries and label (PER, ORG, LOC) against the projected gold surface "
        "forms. End to end: the pipeline's entities against the held-out gold with the "
        "project's one-to-one scorer, without and with the model.",
        "",
        "| lang | articles fit/dev/test | epochs | train s | held-out spans P / R / F1 | "
        "end to end without NER P / R / F1 | with NER P / R / F1 | model |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for lang, r in results.items():
        a = r["articles"]
        s = r["held_out_spans"]
        e2e = r.get("end_to_end", {})

        def prf(t: dict[str, Any] | None) -> str:
            if not t:
                return "–"
            return f"{t.get('p', 0):.2f} / {t.get('r', 0):.2f} / {t.get('f1', 0):.2f}"

        size = f"{r['model_bytes'] / 1e6:.1f} MB" if "model_bytes" in r else "–"
        lines.append(
            f"| {lang} | {a['fit']}/{a['dev']}/{a['test']} | {r['best_epoch']} | "
            f"{r.get('train_seconds') or '–'} | "
            f"{s['p']:.2f} / {s['r']:.2f} / {s['f']:.2f} | {prf(e2e.get('without'))} | "
            f"{prf(e2e.get('with'))} | {size} |"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
