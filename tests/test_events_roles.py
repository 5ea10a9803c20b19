"""Decoding roles: who acts on whom among a sentence's candidate actors."""

from __future__ import annotations

from veille.model import Entity, Mention
from veille.stages.events.actors import ActorCandidate
from veille.stages.events.arguments import decode_roles

THRESHOLDS = {"source": 0.3, "target": 0.3, "extra": 0.8}
OFFICES = frozenset({"spokesperson", "foreign_minister"})


def _cand(entity: Entity, first: int) -> ActorCandidate:
    m = Mention(entity.name, first * 5, first * 5 + 4, 0, entity.type, entity.id, "name")
    return ActorCandidate(m, entity, entity, first, first, "named")


RUSSIA = Entity("Q159", "Russia", "COUNTRY", country="RU")
USA = Entity("Q30", "United States", "COUNTRY", country="US")
ZAKHAROVA = Entity("Q4", "Maria Zakharova", "PERSON", country="RU", role="spokesperson")
LEADER = Entity("Q5", "Boris Nadezhdin", "PERSON", country="RU", role="party_leader")
NOBODY = Entity("p:1", "Ivan Petrov", "PERSON", country="RU")


def _decode(source: Entity, scores: list[tuple[Entity, float, float]]) -> list[tuple[str, str]]:
    scored = [(_cand(source, 0), 0.9, 0.05)]
    scored += [(_cand(e, k + 2), s, t) for k, (e, s, t) in enumerate(scores)]
    return [
        (r.source.identity.name if r.source else "-", r.target.identity.name if r.target else "-")
        for r in decode_roles(scored, THRESHOLDS, OFFICES)
    ]


def test_an_official_never_acts_on_the_state_they_speak_for() -> None:
    # "la porte-parole du ministère russe, Maria Zakharova, a dénoncé la démarche américaine":
    # Russia scores higher as target than the United States, yet she speaks for Russia
    got = _decode(ZAKHAROVA, [(RUSSIA, 0.1, 0.8), (USA, 0.1, 0.5)])
    assert got[0] == ("Maria Zakharova", "United States")
    # with no other target over its threshold she acts on nobody named
    assert _decode(ZAKHAROVA, [(RUSSIA, 0.1, 0.8)])[0] == ("Maria Zakharova", "-")


def test_people_who_hold_no_state_office_may_act_on_their_own_country() -> None:
    # an opposition leader protests against the government of their country
    assert _decode(LEADER, [(RUSSIA, 0.1, 0.8), (USA, 0.1, 0.5)])[0] == (
        "Boris Nadezhdin",
        "Russia",
    )
    # a person with no known office: nothing is assumed
    assert _decode(NOBODY, [(RUSSIA, 0.1, 0.8)])[0] == ("Ivan Petrov", "Russia")
    # an official acts on another state as usual
    assert _decode(ZAKHAROVA, [(USA, 0.1, 0.8)])[0] == ("Maria Zakharova", "United States")
