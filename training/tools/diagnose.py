"""Where events_full is lost: candidate recall of gold actors in the training articles."""
from __future__ import annotations
import sys, collections
from pathlib import Path
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training")); sys.path.insert(0, str(ROOT))
import train  # noqa: E402
import veille  # noqa: E402
from veille.stages.events.grammar import EventGrammar  # noqa: E402
from veille.stages.events.triggers import TriggerIndex  # noqa: E402

arts = train.load_articles(ROOT / "training" / "data")
an = train.analyse(arts, ROOT / "training" / ".cache")
res = veille.Pipeline(veille.load_settings(progress=False), stages=[]).resources
parts = (TriggerIndex(res.triggers), EventGrammar.from_config(res.grammar), res.kb)
c = train.Corpus(arts, an, *parts)
stat = collections.Counter()
miss_names = collections.Counter()
lang_of = {a["id"]: a["language"] for a in arts}
for (doc, case), golds in zip(c.cases, c.gold_by_case):
    al = c.aliases[doc]
    lang = lang_of[doc]
    for g in golds:
        if g.get("optional"):
            continue
        for role in ("source", "target"):
            name = g.get(role)
            if not name:
                stat[(lang, role, "null")] += 1
                continue
            ok = any(train.is_actor(name, cand, al) for cand in case.view.candidates)
            stat[(lang, role, "found" if ok else "missing")] += 1
            if not ok:
                miss_names[(lang, name)] += 1
for lang in ("fr", "en", "es", "de"):
    row = {k[1] + "_" + k[2]: v for k, v in stat.items() if k[0] == lang}
    print(lang, row)
print(miss_names.most_common(60))

import random
random.seed(1)
samples = []
for (doc, case), golds in zip(c.cases, c.gold_by_case):
    al = c.aliases[doc]
    for g in golds:
        if g.get("optional") or not g.get("source"):
            continue
        if not any(train.is_actor(g["source"], cand, al) for cand in case.view.candidates):
            samples.append((lang_of[doc], g["type"], g["source"], case.view.text[:200],
                            [(cd.mention.text, cd.identity.name) for cd in case.view.candidates]))
random.shuffle(samples)
want = sys.argv[1] if len(sys.argv) > 1 else None
for s in [s for s in samples if want is None or s[0] == want][:25]:
    print(s)
