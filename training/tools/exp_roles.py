"""Role model with oracle types: held-out source/target accuracy and events_full upper bound."""
from __future__ import annotations
import sys
from collections import Counter, defaultdict
from pathlib import Path
import numpy as np
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training")); sys.path.insert(0, str(ROOT))
import train  # noqa: E402
import veille  # noqa: E402
from veille.stages.events import anchor_of, role_scores  # noqa: E402
from veille.stages.events.arguments import decode_roles  # noqa: E402
from veille.stages.events.grammar import EventGrammar  # noqa: E402
from veille.stages.events.triggers import TriggerIndex  # noqa: E402
from veille.stages.events.model import EventModel  # noqa: E402
import argparse

args = argparse.Namespace(C=1.0, C_dense=1.0, C_roles=float(sys.argv[1]) if len(sys.argv) > 1 else 1.0, blend=0.0, seed=13)
arts = train.load_articles(ROOT / "training" / "data")
an = train.analyse(arts, ROOT / "training" / ".cache")
res = veille.Pipeline(veille.load_settings(progress=False), stages=[]).resources
parts = (TriggerIndex(res.triggers), EventGrammar.from_config(res.grammar), res.kb)
tr_a, te_a = train.split(arts, 0.15, 13)
tr, te = train.Corpus(tr_a, an, *parts), train.Corpus(te_a, an, *parts)
Xs = train.sparse_design(tr); Y = tr.type_labels()
types = train.fit_type_heads(Xs, None, Y, args)
probe = EventModel(types, types, types, {}, {})
rows, labels = train.role_examples(tr, types, probe)
roles = train.fit_softmax(rows, labels, train.ROLES, train.ROLE_BITS, args.C_roles, 13)
model = EventModel(types, roles, types, {}, {})
for ths in [(0.2, 0.2), (0.2, 0.1), (0.2, 0.05)]:
    stat = Counter()
    for (doc, case), golds in zip(te.cases, te.gold_by_case):
        al = te.aliases[doc]
        by_type = defaultdict(list)
        for g in golds:
            if not g.get("optional"):
                by_type[g["type"]].append(g)
        for etype, gs in by_type.items():
            anchor = anchor_of(case.view, etype, model)
            scored = role_scores(case.view, etype, anchor, model)
            decoded = list(decode_roles(scored, {"source": ths[0], "target": ths[1], "extra": 0.7}))
            used = set()
            for g in gs:
                stat["gold"] += 1
                ok = None
                for i, r in enumerate(decoded):
                    if i in used:
                        continue
                    src_ok = r.source is not None and train.is_actor(g["source"], r.source, al)
                    tgt_ok = g["target"] is None or (r.target is not None and train.is_actor(g["target"], r.target, al))
                    if src_ok and tgt_ok:
                        ok = i; break
                if ok is not None:
                    used.add(ok); stat["full"] += 1
                if any(r.source is not None and train.is_actor(g["source"], r.source, al) for r in decoded):
                    stat["src_right"] += 1
                if g["source"] and any(train.is_actor(g["source"], c, al) for c in case.view.all_candidates):
                    stat["src_avail"] += 1
                if g["target"]:
                    stat["tgt_gold"] += 1
                    if any(train.is_actor(g["target"], c, al) for c in case.view.all_candidates):
                        stat["tgt_avail"] += 1
                        if any(r.target is not None and train.is_actor(g["target"], r.target, al) for r in decoded):
                            stat["tgt_right"] += 1
                        elif any(r.source is not None and train.is_actor(g["target"], r.source, al) for r in decoded):
                            stat["tgt_as_src"] += 1
                        elif all(r.target is None for r in decoded):
                            stat["tgt_none"] += 1
            stat["sys"] += len(decoded)
    print(ths, dict(stat), "full/gold", round(stat["full"] / stat["gold"], 3), "src_right/avail", round(stat["src_right"] / stat["src_avail"], 3), flush=True)
