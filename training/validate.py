#!/usr/bin/env python3
"""Check labelled training articles and count what they hold.

    python3 training/validate.py training/data/fr/fr-a.jsonl [more files or directories]

Each line of a file is one article (see ``training/LABELLING.md``):
``{"id", "language", "url", "published", "title", "text", "generated", "gold": {...}}`` where
``gold`` has the four lists of the development corpus gold format (entities, events, quantities,
quotes). The script prints every problem it finds (one line each, prefixed by file and id), then
counts per language: articles, sentences, events per type, sentences with no event.

It also guards the development corpus: an article whose URL is one of the development corpus's
(``training/excluded_urls.txt``) or that shares a run of 12 words with a development-corpus
article (``tests/data/devcorpus/corpus.jsonl``) is reported, and must be dropped.
Exit status 1 when any problem is found.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVENT_TYPES = (
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST "
    "SANCTION MOBILIZE COERCE ASSAULT"
).split()
ENTITY_TYPES = {"PERSON", "ORG", "COUNTRY", "PLACE", "WEAPON"}
UNITS_FIXED = {"people_killed", "people_injured", "items", "percent", "days"}
MODES = {
    "AID": {"military", "economic", "humanitarian"},
    "ASSAULT": {"aerial", "drone", "missile", "shelling", "firearms", "explosives"},
    "CONSULT": {"visit", "phone", "multilateral", "third-party"},
    "THREATEN": {"tariffs", "sanctions", "force"},
    "SANCTION": {"tariffs", "sanctions", "force"},
    "REQUEST": {"ultimatum"},
    "PROTEST": {"demo", "riot", "strike"},
}
LANGS = {"fr", "en", "es", "de"}
SHINGLE = 12
_SENT = re.compile(r"(?<=[.!?…])[\"»”’)]*\s+(?=[\"«“„(]?[A-ZÀ-ÝÄÖÜÑ0-9¿¡])|\n+")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.split(text) if s and s.strip()]


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.findall(r"\w+", text)


def _shingles(text: str) -> set[int]:
    w = _words(text)
    return {hash(" ".join(w[i : i + SHINGLE])) for i in range(max(0, len(w) - SHINGLE + 1))}


def _dev_guard() -> tuple[set[str], set[int]]:
    urls: set[str] = set()
    p = ROOT / "training" / "excluded_urls.txt"
    if p.exists():
        urls = {u.strip() for u in p.read_text(encoding="utf-8").splitlines() if u.strip()}
    sh: set[int] = set()
    c = ROOT / "tests" / "data" / "devcorpus" / "corpus.jsonl"
    if c.exists():
        for line in c.read_text(encoding="utf-8").splitlines():
            if line.strip():
                sh |= _shingles(json.loads(line)["text"])
    return urls, sh


def problems(rec: dict, dev_urls: set[str], dev_sh: set[int]) -> list[str]:
    errs: list[str] = []
    for key in ("id", "language", "text", "gold", "generated"):
        if key not in rec:
            errs.append(f"missing key {key!r}")
    if errs:
        return errs
    text = rec["text"]
    if rec["language"] not in LANGS:
        errs.append(f"language {rec['language']!r}")
    if rec.get("url") and rec["url"].strip() in dev_urls:
        errs.append("URL is a development-corpus article: drop it")
    if _shingles(text) & dev_sh:
        errs.append("shares a 12-word run with a development-corpus article: drop it")
    pub = rec.get("published")
    if pub is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(pub)):
        errs.append(f"published {pub!r} (YYYY-MM-DD or null)")
    gold = rec["gold"]
    for key in ("entities", "events", "quantities", "quotes"):
        if not isinstance(gold.get(key), list):
            errs.append(f"gold.{key} missing or not a list")
    if errs:
        return errs
    names = set()
    for e in gold["entities"]:
        names.add(e.get("name"))
        if e.get("type") not in ENTITY_TYPES:
            errs.append(f"entity type {e.get('type')!r} ({e.get('name')!r})")
        forms = e.get("surface_forms") or []
        if not forms:
            errs.append(f"entity without surface forms: {e.get('name')!r}")
        errs += [f"surface form not in text: {s!r}" for s in forms if s not in text]
    for ev in gold["events"]:
        t = ev.get("type")
        if t not in EVENT_TYPES:
            errs.append(f"event type {t!r}")
        evid = ev.get("evidence") or ""
        if not evid or evid not in text:
            errs.append(f"evidence not in text: {evid[:70]!r}")
        for k in ("source", "target", "location"):
            if k not in ev:
                errs.append(f"event without key {k!r}: {evid[:40]!r}")
            elif ev[k] is not None and ev[k] not in names:
                errs.append(f"event {k} is not an entity name: {ev[k]!r}")
        if ev.get("date") is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(ev["date"])):
            errs.append(f"event date {ev['date']!r}")
        mode = ev.get("mode")
        if mode is not None and mode not in MODES.get(str(t), set()):
            errs.append(f"mode {mode!r} is not a mode of {t}")
    for q in gold["quantities"]:
        unit = str(q.get("unit", ""))
        if unit not in UNITS_FIXED and not re.fullmatch(r"[A-Z]{3}", unit):
            errs.append(f"unit {unit!r}")
        if not isinstance(q.get("value"), int | float):
            errs.append(f"quantity value {q.get('value')!r}")
        if (q.get("evidence") or "") not in text or not q.get("evidence"):
            errs.append(f"quantity evidence not in text: {q.get('evidence')!r}")
    for q in gold["quotes"]:
        if q.get("speaker") not in names:
            errs.append(f"quote speaker is not an entity name: {q.get('speaker')!r}")
        if not q.get("text_start") or q["text_start"] not in text:
            errs.append(f"quote start not in text: {q.get('text_start')!r}")
    return errs


def _files(args: list[str]) -> list[Path]:
    out: list[Path] = []
    for a in args:
        p = Path(a)
        out += sorted(p.rglob("*.jsonl")) if p.is_dir() else [p]
    return out


def main(argv: list[str]) -> int:
    files = _files(argv or [str(ROOT / "training" / "data")])
    dev_urls, dev_sh = _dev_guard()
    bad = 0
    seen: dict[str, str] = {}
    urls: dict[str, str] = {}
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"{path}:{n}: not JSON: {exc}")
                bad += 1
                continue
            rid = str(rec.get("id"))
            errs = problems(rec, dev_urls, dev_sh)
            if rid in seen:
                errs.append(f"id also used in {seen[rid]}")
            seen[rid] = f"{path.name}:{n}"
            url = (rec.get("url") or "").strip()
            if url:
                if url in urls:
                    errs.append(f"URL also used by {urls[url]}")
                urls[url] = rid
            for e in errs:
                print(f"{path.name}:{n} {rid}: {e}")
            bad += len(errs)
            if errs:
                continue
            lang = rec["language"]
            sents = sentences(rec["text"])
            evid = [e["evidence"] for e in rec["gold"]["events"]]
            with_event = sum(1 for s in sents if any(s in v or v in s for v in evid))
            st = stats[lang]
            st["articles"] += 1
            st["generated"] += int(bool(rec["generated"]))
            st["sentences"] += len(sents)
            st["sentences_with_event"] += with_event
            st["events"] += len(evid)
            st["quantities"] += len(rec["gold"]["quantities"])
            st["quotes"] += len(rec["gold"]["quotes"])
            for e in rec["gold"]["events"]:
                types[lang][e["type"]] += 1
    total: Counter[str] = Counter()
    for lang in sorted(stats):
        total.update(stats[lang])
        print(lang, dict(stats[lang]))
        print("   ", dict(sorted(types[lang].items())))
    print("all", dict(total))
    print(f"{bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
