"""Actors carried from the story so far.

News tells one happening over several sentences and names its actors once: "Indian missile
strikes targeted several cities across Pakistan. (...) In Muridke, four missiles destroyed
another mosque." The second sentence is the same ASSAULT, India on Pakistan, with neither named.
An event that the model found without a source (or a target) takes it from the nearest earlier
event of the same type, at most ``window`` sentences back, when what both name agrees: the same
target (or none) for a missing source, the same source for a missing target. A missing target
also comes from the nearest earlier event of another type by the same source: one actor's
acts on one party told in a row ("La France dénonce une violation grave et exige sa
libération. La France menace de prendre d'autres mesures": Mali both times). The actor taken
never becomes both sides of the event.

An act done by speaking (an accusation, a demand, a threat) told in a quotation that makes up
most of its sentence is the speaker's: ``quoted_speakers`` finds those sentences and
``spoken_by`` gives their events the speaker as source.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ...model import Entity, Event, Quote, Sentence, index_at

__all__ = ["Told", "carry_actors", "quoted_speakers", "spoken_by", "story_attacker"]

#: the share of a sentence's characters a quotation must cover for the sentence to be its words
QUOTED_SHARE = 0.5


def quoted_speakers(
    sentences: Sequence[Sentence],
    quotes: Sequence[Quote],
    entities: dict[str, Entity],
    country_of: Callable[[str | None], Entity | None],
) -> dict[int, Entity]:
    """The sentences that are mostly one attributed quotation, with the identity its speaker
    acts under (a government organ is its country, as for any actor); a speaker that is no
    known person, organisation or country gives nothing."""
    out: dict[int, Entity] = {}
    if not sentences:
        return out
    starts = [s.start for s in sentences]
    for q in quotes:
        ent = entities.get(q.speaker_id or "")
        if ent is None or ent.type not in ("PERSON", "ORG", "COUNTRY"):
            continue
        who = (country_of(ent.government_of) or ent) if ent.type == "ORG" else ent
        covered: Counter[int] = Counter()
        for a, b in q.parts or ((q.start, q.end),):
            for k in range(index_at(starts, a), index_at(starts, max(a, b - 1)) + 1):
                sent = sentences[k]
                covered[k] += max(0, min(b, sent.end) - max(a, sent.start))
        for k, n in covered.items():
            sent = sentences[k]
            if n >= QUOTED_SHARE * len(sent.text.strip()):
                out.setdefault(k, who)
    return out


def spoken_by(event: Event, speaker: Entity) -> Event:
    """``event`` as the speaker's act; the speaker is never its own target."""
    if event.source_id == speaker.id:
        return event
    same = event.target_id == speaker.id
    return replace(
        event,
        source=speaker.name,
        source_id=speaker.id,
        target=None if same else event.target,
        target_id=None if same else event.target_id,
    )


def carry_actors(event: Event, earlier: Sequence[Event], window: int) -> Event:
    """``event`` with a missing source or target filled from the same happening told before."""
    if window <= 0 or (event.source and event.target):
        return event
    for prior in reversed(earlier):
        if event.sentence - prior.sentence > window:
            break
        if prior.sentence == event.sentence:
            continue
        agrees = not event.target or not prior.target or prior.target_id == event.target_id
        if (
            prior.type == event.type
            and not event.source
            and prior.source
            and prior.source_id != event.target_id
            and agrees
        ):
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
        # a missing target: the same source's last act, of this type or another
        if (
            event.source
            and not event.target
            and prior.source_id == event.source_id
            and prior.target
            and prior.target_id != event.source_id
        ):
            return replace(event, target=prior.target, target_id=prior.target_id)
    return event


@dataclass(frozen=True, slots=True)
class Told:
    """An event with how its source was found: ``kind`` is the candidate kind of the source
    (named, demonym, organ, place, home, implied, ...), "carried" when it came from an earlier
    event, "" when it has none."""

    event: Event
    kind: str
    speaking: bool = False  # the source is presented as speaking ("…, said the governor")
    target_speaking: bool = False


def _attacker(told: Sequence[Told], etype: str) -> tuple[str, str | None] | None:
    """The document's attacker for ``etype``: the source its events name (by name, demonym or
    organ, not by a place or the document's country) at least twice and at least twice as often
    as any other; with the target it acts on most."""
    counts: Counter[str] = Counter()
    targets: dict[str, Counter[str | None]] = {}
    for t in told:
        e = t.event
        if e.type != etype or not e.source_id or t.kind not in _NAMING:
            continue
        counts[e.source_id] += 1
        targets.setdefault(e.source_id, Counter())[e.target_id] += 1
    if not counts:
        return None
    ranked = counts.most_common(2)
    best, n = ranked[0]
    if n < 2 or (len(ranked) > 1 and n < 2 * ranked[1][1]):
        return None
    named = [k for k, _ in targets[best].most_common() if k and k != best]
    return best, (named[0] if named else None)


_NAMING = frozenset({"named", "demonym", "organ", "metonym", "implied"})


def story_attacker(told: Sequence[Told], types: frozenset[str]) -> list[Event]:
    """Events of ``types`` whose source the sentence does not give take the document's attacker
    (``_attacker``), and so do those whose source is only the place struck (the attacker's
    target, named as where it happened: "A Kiev, des débris ont blessé 4 personnes") or the
    person or body reporting the attack ("…, said the governor"), unless it is aimed at the
    attacker itself (a counter-attack). A target that only reports is dropped; one that is the
    attacker itself is dropped; a missing one is the attacker's usual target."""
    out = [t.event for t in told]
    for etype in sorted(types):
        found = _attacker(told, etype)
        if found is None:
            continue
        src_id, usual = found
        names = {e.source_id: e.source for e in out if e.source_id}
        names.update({e.target_id: e.target for e in out if e.target_id})
        for i, t in enumerate(told):
            e = out[i]
            if e.type != etype or e.source_id == src_id:
                continue
            reporter = t.speaking and e.target_id != src_id
            struck_place = t.kind in ("place", "home") and e.source_id == usual
            if e.source_id and not reporter and not struck_place:
                continue
            target_id = None if t.target_speaking else e.target_id
            if target_id is None:
                target_id = usual
            if target_id == src_id:
                target_id = None
            out[i] = replace(
                e,
                source=names[src_id],
                source_id=src_id,
                target=names.get(target_id) if target_id else None,
                target_id=target_id,
            )
    return out
