"""Actors carried from the same happening told in an earlier sentence (events/context.py)."""

from __future__ import annotations

from veille.model import Event
from veille.stages.events.context import carry_actors


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
