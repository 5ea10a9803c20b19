"""Typed closed-class words of each language, read once from ``lexicons/grammar.toml``.

Every word is stored folded (lower case, no accents, plain apostrophes), so lookups compare
folded token forms or lemmas. A language absent from the file gets an empty grammar: its events
are still found by the learned model, with fewer cues.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ...text import fold

__all__ = ["EventGrammar", "LanguageGrammar", "stem"]


def _words(cfg: Mapping[str, Any], key: str) -> frozenset[str]:
    return frozenset(fold(str(w)) for w in cfg.get(key, []))


@dataclass(frozen=True, slots=True)
class LanguageGrammar:
    """The cues of one language that the event stage reads."""

    lang: str
    stemmer: str = ""
    negations: frozenset[str] = frozenset()
    conditionals: frozenset[str] = frozenset()
    hypothetical: frozenset[str] = frozenset()
    future_aux: frozenset[str] = frozenset()
    speech: frozenset[str] = frozenset()
    according_to: frozenset[str] = frozenset()
    actor_nouns: frozenset[str] = frozenset()
    agent_preps: frozenset[str] = frozenset()
    location_preps: frozenset[str] = frozenset()
    target_preps: frozenset[str] = frozenset()
    with_preps: frozenset[str] = frozenset()
    announce: frozenset[str] = frozenset()
    negating_verbs: frozenset[str] = frozenset()
    background: frozenset[str] = frozenset()
    coordinators: frozenset[str] = frozenset()
    conjunctions: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    state_nouns: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()
    definite: frozenset[str] = frozenset()

    @classmethod
    def from_config(
        cls, lang: str, cfg: Mapping[str, Any], announce: Mapping[str, Any]
    ) -> LanguageGrammar:
        preps = frozenset().union(
            *(
                _words(cfg, k)
                for k in (
                    "agent_prepositions",
                    "location_prepositions",
                    "target_prepositions",
                    "with_prepositions",
                )
            )
        )
        return cls(
            lang=lang,
            prepositions=preps,
            stemmer=str(cfg.get("stemmer", "")),
            negations=_words(cfg, "negations"),
            conditionals=_words(cfg, "conditionals"),
            hypothetical=_words(cfg, "hypothetical"),
            future_aux=_words(cfg, "future_auxiliaries"),
            speech=_words(cfg, "speech_verbs"),
            according_to=_words(cfg, "according_to"),
            actor_nouns=_words(cfg, "actor_nouns"),
            agent_preps=_words(cfg, "agent_prepositions"),
            location_preps=_words(cfg, "location_prepositions"),
            target_preps=_words(cfg, "target_prepositions"),
            with_preps=_words(cfg, "with_prepositions"),
            announce=frozenset(fold(str(w)) for w in announce.get(lang, [])),
            negating_verbs=_words(cfg, "negating_verbs"),
            background=_words(cfg, "background_verbs"),
            coordinators=_words(cfg, "coordinators"),
            conjunctions=_words(cfg, "conjunctions"),
            determiners=_words(cfg, "determiners"),
            state_nouns=_words(cfg, "state_nouns"),
            group_nouns=_words(cfg, "group_nouns"),
            definite=_words(cfg, "definite"),
        )


@dataclass(frozen=True, slots=True)
class EventGrammar:
    """Every language's grammar plus the cross-language lists (modes by keyword, the offices
    whose holders speak for their state)."""

    languages: Mapping[str, LanguageGrammar] = field(default_factory=dict)
    # knowledge-base roles whose holders speak for their state
    state_offices: frozenset[str] = frozenset()
    # types whose events between two joined actors go both ways
    mutual_types: frozenset[str] = frozenset()
    # types whose act is the speaking: in a quotation, the speaker's
    quoted_types: frozenset[str] = frozenset()

    @classmethod
    def from_config(cls, data: Mapping[str, Any]) -> EventGrammar:
        announce = data.get("announce", {})
        langs = {
            lang: LanguageGrammar.from_config(lang, cfg, announce)
            for lang, cfg in data.items()
            if isinstance(cfg, dict) and "speech_verbs" in cfg
        }
        offices = frozenset(str(r) for r in data.get("state_offices", {}).get("roles", []))
        mutual = frozenset(str(t) for t in data.get("mutual", {}).get("types", []))
        quoted = frozenset(str(t) for t in data.get("quoted", {}).get("types", []))
        return cls(languages=langs, state_offices=offices, mutual_types=mutual, quoted_types=quoted)

    def of(self, lang: str) -> LanguageGrammar:
        return self.languages.get(lang) or LanguageGrammar(lang=lang)


@functools.lru_cache(maxsize=8)
def _stemmer(name: str) -> Any:
    import Stemmer

    return Stemmer.Stemmer(name)


@functools.lru_cache(maxsize=400_000)
def stem(word: str, algorithm: str) -> str:
    """The Snowball stem of a folded word (the word itself for a language without stemmer)."""
    if not algorithm or not word.isalpha():
        return word
    return str(_stemmer(algorithm).stemWord(word))
