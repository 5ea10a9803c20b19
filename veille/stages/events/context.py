"""Actors carried from the story so far.

News tells one happening over several sentences and names its actors once: "Indian missile
strikes targeted several cities across Pakistan. (...) In Muridke, four missiles destroyed
another mosque." The second sentence is the same ASSAULT, India on Pakistan, with neither named.
An event that the model found without a source (or a target) takes it from the nearest earlier
event of the same type, at most ``window`` sentences back, when what both name agrees: the same
target (or none) for a missing source, the same source for a missing target. The actor taken
never becomes both sides of the event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ...model import Event

__all__ = ["carry_actors"]


def carry_actors(event: Event, earlier: Sequence[Event], window: int) -> Event:
    """``event`` with a missing source or target filled from the same happening told before."""
    if window <= 0 or (event.source and event.target):
        return event
    for prior in reversed(earlier):
        if event.sentence - prior.sentence > window:
            break
        if prior.type != event.type or prior.sentence == event.sentence:
            continue
        agrees = not event.target or not prior.target or prior.target_id == event.target_id
        if not event.source and prior.source and prior.source_id != event.target_id and agrees:
            target = event.target or prior.target
            target_id = event.target_id or prior.target_id
            if target_id == prior.source_id:
                target, target_id = None, None
            return replace(
                event,
                source=prior.source,
                source_id=prior.source_id,
                target=target,
                target_id=target_id,
            )
        if (
            event.source
            and not event.target
            and prior.source_id == event.source_id
            and prior.target
            and prior.target_id != event.source_id
        ):
            return replace(event, target=prior.target, target_id=prior.target_id)
    return event
