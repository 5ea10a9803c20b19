"""Actors carried from the same happening told in an earlier sentence (events/context.py)."""

from __future__ import annotations

from dataclasses import replace

from veille.model import Entity, Event, Quote, Sentence
from veille.stages.events.context import (
    Told,
    carry_actors,
    quoted_speakers,
    spoken_by,
    story_attacker,
)


def _ev(sentence: int, type_: str, source: str | None, target: str | None) -> Event:
    return Event(
        type=type_,
        mode=None,
        source=source,
        target=target,
        evidence="…",
        start=sentence * 10,
        end=sentence * 10 + 9,
        sentence=sentence,
        source_id=source and f"id:{source}",
        target_id=target and f"id:{target}",
    )


def test_a_missing_source_comes_from_the_same_happening_just_before() -> None:
    before = [_ev(0, "ASSAULT", "India", "Pakistan")]
    got = carry_actors(_ev(2, "ASSAULT", None, "Pakistan"), before, window=3)
    assert (got.source, got.source_id, got.target) == ("India", "id:India", "Pakistan")


def test_both_sides_missing_take_both() -> None:
    before = [_ev(4, "ASSAULT", "Russia", "Ukraine")]
    got = carry_actors(_ev(5, "ASSAULT", None, None), before, window=3)
    assert (got.source, got.target) == ("Russia", "Ukraine")


def test_a_missing_target_comes_from_the_same_source() -> None:
    before = [_ev(1, "SANCTION", "European Union", "Russia")]
    got = carry_actors(_ev(2, "SANCTION", "European Union", None), before, window=3)
    assert got.target == "Russia"


def test_a_missing_target_comes_from_the_same_sources_last_act_of_another_type() -> None:
    # "La France expulse deux diplomates maliens. (...) La France exige sa libération."
    before = [_ev(0, "COERCE", "France", "Mali"), _ev(1, "CONSULT", "Germany", "Italy")]
    assert carry_actors(_ev(2, "REQUEST", "France", None), before, window=3).target == "Mali"
    # another source's target is not taken, nor one too far back, nor the source itself
    assert carry_actors(_ev(2, "REQUEST", "Spain", None), before, window=3).target is None
    assert carry_actors(_ev(9, "REQUEST", "France", None), before, window=3).target is None
    before = [_ev(0, "COERCE", "France", "France")]
    assert carry_actors(_ev(1, "REQUEST", "France", None), before, window=3).target is None


def test_nothing_is_carried_across_types_too_far_or_against_what_is_named() -> None:
    before = [_ev(0, "ASSAULT", "India", "Pakistan")]
    # another type of event
    assert carry_actors(_ev(1, "CONSULT", None, "Pakistan"), before, 3).source is None
    # too far back
    assert carry_actors(_ev(9, "ASSAULT", None, "Pakistan"), before, 3).source is None
    # a different target is named: another happening
    assert carry_actors(_ev(1, "ASSAULT", None, "Afghanistan"), before, 3).source is None
    # the carried actor would attack itself
    assert carry_actors(_ev(1, "ASSAULT", None, "India"), before, 3).source is None
    # a different source is named: its missing target is not the other's
    assert carry_actors(_ev(1, "ASSAULT", "Pakistan", None), before, 3).target is None
    # the window 0 turns it off
    assert carry_actors(_ev(1, "ASSAULT", None, "Pakistan"), before, 0).source is None


def test_the_nearest_earlier_report_wins_and_complete_events_stay() -> None:
    before = [_ev(0, "ASSAULT", "Russia", None), _ev(2, "ASSAULT", "Ukraine", None)]
    assert carry_actors(_ev(3, "ASSAULT", None, None), before, 3).source == "Ukraine"
    whole = _ev(3, "ASSAULT", "Israel", "Hamas")
    assert carry_actors(whole, before, 3) is whole


def _told(
    sentence: int,
    source: str | None,
    target: str | None,
    kind: str = "named",
    speaking: bool = False,
    type_: str = "ASSAULT",
) -> Told:
    return Told(_ev(sentence, type_, source, target), kind if source else "", speaking)


ATTACK = frozenset({"ASSAULT"})


def test_a_report_of_strikes_without_their_author_takes_the_documents_attacker() -> None:
    told = [
        _told(0, "Russia", "Ukraine", "demonym"),  # "Russian strikes on Ukraine"
        _told(3, "Russia", "Ukraine"),
        _told(5, None, None),  # "A drone attack killed two people in Odesa."
        _told(6, "Ukraine", None, "place"),  # "In Kyiv, debris injured four people."
        _told(8, "Oleh Syniehubov", "Ukraine", speaking=True),  # "..., the governor said"
    ]
    got = story_attacker(told, ATTACK)
    assert [(e.source, e.target) for e in got[2:]] == [
        ("Russia", "Ukraine"),
        ("Russia", "Ukraine"),
        ("Russia", "Ukraine"),
    ]
    assert got[2].source_id == "id:Russia"


def test_an_attack_inside_the_attackers_own_country_has_no_target() -> None:
    # a junta's airstrikes on its own villages: the place names the attacker's country
    told = [
        _told(0, "Myanmar", None, "implied"),
        _told(2, "Myanmar", None),
        _told(4, None, "Myanmar"),
    ]
    got = story_attacker(told, ATTACK)[2]
    assert (got.source, got.target) == ("Myanmar", None)


def test_no_attacker_when_the_document_has_no_clear_one() -> None:
    # both sides strike as often: who struck is not guessed
    told = [
        _told(0, "Israel", "Iran"),
        _told(1, "Iran", "Israel"),
        _told(2, "Israel", "Iran"),
        _told(3, "Iran", "Israel"),
        _told(4, None, None),
    ]
    assert story_attacker(told, ATTACK)[4].source is None
    # named once is not enough; places and carried sources do not count
    told = [
        _told(0, "Russia", "Ukraine"),
        _told(1, "Russia", "Ukraine", "place"),
        _told(2, "Russia", "Ukraine", "carried"),
        _told(3, None, None),
    ]
    assert story_attacker(told, ATTACK)[3].source is None


def test_named_attackers_counterattacks_and_other_types_stay() -> None:
    told = [
        _told(0, "Russia", "Ukraine"),
        _told(1, "Russia", "Ukraine"),
        _told(2, "Hamas", None),  # another attacker, named: kept
        _told(3, "Ukraine", "Russia", speaking=True),  # "Ukraine said it struck Russia": kept
        _told(4, "Ukraine", None, "named"),  # Ukraine named as acting, not as a place: kept
        _told(5, None, "Ukraine", type_="CONSULT"),  # another type: kept
        _told(6, "Oleh Syniehubov", None, speaking=True, type_="ACCUSE"),
    ]
    got = story_attacker(told, ATTACK)
    assert [(e.source, e.target) for e in got[2:]] == [
        ("Hamas", None),
        ("Ukraine", "Russia"),
        ("Ukraine", None),
        (None, "Ukraine"),
        ("Oleh Syniehubov", None),
    ]


def _sentences(*texts: str) -> list[Sentence]:
    out, at = [], 0
    for t in texts:
        out.append(Sentence(at, at + len(t), t, 0, "fr", 0, 0))
        at += len(t) + 1
    return out


SPOKESMAN = Entity(id="p:pigott", name="Tommy Pigott", type="PERSON")
MINISTRY = Entity(id="o:mfa", name="Ministry of Foreign Affairs", type="ORG", government_of="CN")
CHINA = Entity(id="c:cn", name="China", type="COUNTRY", country="CN")


def test_a_sentence_that_is_mostly_a_quotation_is_its_speakers() -> None:
    quoted = "« Le M23 est responsable d'horribles violations », a déclaré Tommy Pigott."
    plain = "Tommy Pigott a parlé du « processus de paix » lors d'une conférence de presse."
    sents = _sentences(quoted, plain)
    q1 = Quote("Le M23 …", 2, quoted.index(" »"), "Tommy Pigott", SPOKESMAN.id, 0)
    a = sents[1].start + plain.index("processus")
    q2 = Quote(
        "processus de paix", a, a + len("processus de paix"), "Tommy Pigott", SPOKESMAN.id, 1
    )
    got = quoted_speakers(sents, [q1, q2], {SPOKESMAN.id: SPOKESMAN}, lambda _c: None)
    # a few quoted words do not make the sentence the speaker's
    assert got == {0: SPOKESMAN}


def test_a_speaking_organ_acts_for_its_country_and_unknown_speakers_give_nothing() -> None:
    text = "“This is a typical act of unilateral bullying,” the ministry said."
    sents = _sentences(text)
    q = Quote("This is …", 1, text.index(",”"), "the ministry", MINISTRY.id, 0)
    ents = {MINISTRY.id: MINISTRY}
    assert quoted_speakers(sents, [q], ents, lambda c: CHINA if c == "CN" else None) == {0: CHINA}
    unlinked = Quote("This is …", 1, text.index(",”"), "a spokesman", None, 0)
    assert quoted_speakers(sents, [unlinked], ents, lambda _c: None) == {}


def test_the_speaker_becomes_the_source_and_is_never_its_own_target() -> None:
    ev = _ev(0, "ACCUSE", "United States", "March 23 Movement")
    got = spoken_by(ev, SPOKESMAN)
    assert (got.source, got.source_id, got.target) == (
        "Tommy Pigott",
        "p:pigott",
        "March 23 Movement",
    )
    own = spoken_by(
        replace(_ev(0, "ACCUSE", "March 23 Movement", "Tommy Pigott"), target_id="p:pigott"),
        SPOKESMAN,
    )
    assert (own.source, own.target, own.target_id) == ("Tommy Pigott", None, None)
    same = _ev(0, "ACCUSE", "Tommy Pigott", "March 23 Movement")
    assert spoken_by(replace(same, source_id="p:pigott"), SPOKESMAN).source_id == "p:pigott"
