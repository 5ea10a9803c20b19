"""Who may act in a sentence: the candidate actors the learned role model chooses among.

A candidate is one mention of a person, organisation or country (or a place, which stands for
its country as the target of an attack or a protest), with the identity it acts under, following
the coding rules of the gold guide:

* a named person acting is that person; a named organisation or armed group is itself;
* government organs and seats of government ("le Kremlin", "the Pentagon") and capitals acting as
  parties ("Moscou a dit") are their country, and so are demonyms ("les forces russes");
* a place stands for its country;
* news agencies and other media are never parties, so they are no candidates, nor is the place
  of a dateline ("CAIRO (Reuters) -", "Dubai:"), where the story was filed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ...model import Entity, Mention, index_at, outermost
from .grammar import LanguageGrammar
from .tree import SentenceTree

__all__ = ["ActorCandidate", "implied_actors", "sentence_actors"]

_ACTOR_TYPES = frozenset({"PERSON", "ORG", "COUNTRY"})


@dataclass(frozen=True, slots=True)
class ActorCandidate:
    """A mention that may be an event's source or target."""

    mention: Mention
    entity: Entity
    identity: Entity
    first: int  # first token, index within the sentence
    last: int  # last token, index within the sentence
    kind: str  # named | demonym | metonym | organ | place | title | pronoun

    @property
    def key(self) -> str:
        return self.identity.id


def _kind(mention: Mention, entity: Entity, identity: Entity) -> str:
    if mention.via == "demonym":
        return "demonym"
    if mention.via == "metonym":
        return "metonym"
    if mention.via in ("title", "pronoun", "organ"):
        return mention.via
    if entity.type == "PLACE":
        return "place"
    if identity is not entity:
        return "organ"
    return "named"


def sentence_actors(
    mentions: Sequence[Mention],
    tree: SentenceTree,
    entities: dict[str, Entity],
    country_of: Callable[[str | None], Entity | None],
    media: frozenset[str] = frozenset(),
) -> list[ActorCandidate]:
    """The candidates among a sentence's mentions, in text order.

    ``country_of`` gives the entity of a country code (the document's own, or one from the
    knowledge base); ``media`` holds the ids of entities that are news outlets."""
    if not len(tree):
        return []
    starts = [t.start for t in tree.tokens]
    out: list[ActorCandidate] = []
    for m in outermost(mentions):
        if not m.entity or m.entity in media or m.via == "dateline":
            continue
        ent = entities.get(m.entity)
        if ent is None:
            continue
        identity: Entity | None = ent
        if ent.type == "PLACE":
            identity = country_of(ent.government_of) or country_of(ent.country)
        elif ent.type == "ORG" and ent.government_of:
            identity = country_of(ent.government_of) or ent
        elif ent.type not in _ACTOR_TYPES:
            identity = None
        if identity is None:
            continue
        first = index_at(starts, m.start)
        last = max(first, index_at(starts, m.end - 1))
        out.append(ActorCandidate(m, ent, identity, first, last, _kind(m, ent, identity)))
    out.sort(key=lambda c: c.first)
    return out


def _is_state_noun(word: str, g: LanguageGrammar) -> bool:
    if word in g.state_nouns:
        return True
    # German compounds: "Sicherheitskräfte", "Bundespolizei"
    return g.lang == "de" and any(len(n) >= 5 and word.endswith(n) for n in g.state_nouns)


def implied_actors(
    tree: SentenceTree,
    g: LanguageGrammar,
    sentence: int,
    existing: Sequence[ActorCandidate],
    home: Entity | None,
    recent_org: Callable[[int], Entity | None],
) -> list[ActorCandidate]:
    """Actors the sentence names without a name: an organ of a state with no country named
    beside it ("la police", "the army", "die Regierung") stands for the country the document is
    about (``home``); a definite group word ("le mouvement", "the rebels", "die Miliz") refers
    back to the organisation named last (``recent_org`` of the word's offset)."""
    taken: set[int] = set()
    for c in existing:
        taken.update(range(c.first, c.last + 1))
    countries = [c for c in existing if c.identity.type == "COUNTRY"]
    out: list[ActorCandidate] = []
    for k, word in enumerate(tree.folded):
        if k in taken:
            continue
        tok = tree.tokens[k]
        if _is_state_noun(word, g):
            if home is None or any(
                abs(c.first - k) <= 2 or abs(c.last - k) <= 2 for c in countries
            ):
                continue  # "l'armée russe", "Russian troops": the country is named with it
            m = Mention(tok.text, tok.start, tok.end, sentence, "STATE", home.id, "implied")
            out.append(ActorCandidate(m, home, home, k, k, "implied"))
        elif word in g.group_nouns and k > 0 and tree.folded[k - 1] in g.definite:
            org = recent_org(tok.start)
            if org is None:
                continue
            m = Mention(tok.text, tok.start, tok.end, sentence, "GROUP", org.id, "anaphor")
            out.append(ActorCandidate(m, org, org, k, k, "anaphor"))
    return out
