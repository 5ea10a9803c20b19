"""``veille kb check``: validate the knowledge-base data files."""

from __future__ import annotations

import re
from collections import defaultdict

from .errors import ResourceError
from .kb import KB_FILES, KnowledgeBase
from .resources import read_jsonl, read_tsv
from .text import words

__all__ = ["check_kb"]

_ID = re.compile(r"^(Q[1-9][0-9]*|veille:[a-z]+:[a-z0-9-]+)$")


def check_kb() -> tuple[list[str], str]:
    """Return (problems, summary). A problem is a malformed id, an unknown country code, or an
    alias that names two entities of the same type with no rule to choose between them (a rule is
    a line of ``kb/ambiguous.tsv``: the alias is then resolved by the countries in context)."""
    problems: list[str] = []
    counts: dict[str, int] = {}
    rows: dict[str, list[dict[str, object]]] = {}
    for name in KB_FILES:
        try:
            rows[name] = list(read_jsonl(name))
        except ResourceError as exc:
            problems.append(str(exc))
            rows[name] = []
        counts[name] = len(rows[name])
    iso = {str(r.get("iso2")) for r in rows.get("kb/countries.jsonl", [])}
    org_ids = {str(r.get("id")) for r in rows.get("kb/orgs.jsonl", [])}
    allowed = {" ".join(words(r["alias"])) for r in read_tsv("kb/ambiguous.tsv")}
    seen_ids: set[str] = set()
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, objs in rows.items():
        for obj in objs:
            ident = str(obj.get("id", ""))
            label = f"{name}: {obj.get('name')!r}"
            if not _ID.match(ident):
                problems.append(f"{label}: malformed id {ident!r}")
            if ident in seen_ids:
                problems.append(f"{label}: id {ident} used twice")
            seen_ids.add(ident)
            country = obj.get("country")
            if country and str(country) not in iso:
                problems.append(f"{label}: unknown country code {country!r}")
            roles = obj.get("roles") or []
            for role in roles if isinstance(roles, list) else []:
                rc = role.get("country") if isinstance(role, dict) else None
                if rc and str(rc) not in iso and str(rc) not in org_ids:
                    problems.append(f"{label}: role country {rc!r} is neither a country nor an org")
            aliases = obj.get("aliases") or []
            for alias in [obj.get("name"), *(aliases if isinstance(aliases, list) else [])]:
                key = " ".join(words(str(alias)))
                if key:
                    owners[(str(obj.get("type")), key)].add(ident)
    for (etype, key), ids in sorted(owners.items()):
        if len(ids) > 1 and key not in allowed:
            problems.append(
                f"alias {key!r} names {len(ids)} {etype} entries ({', '.join(sorted(ids))})"
                " and kb/ambiguous.tsv has no rule for it"
            )
    try:
        kb = KnowledgeBase.load(with_cities=False)
        titles = len(kb.titles)
    except ResourceError as exc:
        problems.append(str(exc))
        titles = 0
    summary = ", ".join(f"{n.split('/')[-1]}: {c}" for n, c in counts.items())
    summary += f", titles: {titles}"
    return problems, summary
