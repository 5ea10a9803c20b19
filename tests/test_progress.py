"""Progress: plain periodic lines off a terminal, a bar on one, movement within one long
document, and a first estimate that the time spent loading models does not inflate."""

from __future__ import annotations

import io

from veille.model import Document
from veille.pipeline import DEFAULT_STAGES, StageTick
from veille.progress import STAGE_WEIGHTS, IngestProgress, format_duration

STAGES = tuple(DEFAULT_STAGES)
NLP = STAGES.index("veille.nlp.v1")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _doc(i: int, chars: int) -> Document:
    return Document(id=f"d{i}", text="x" * chars)


def _run_batch(
    progress: IngestProgress,
    clock: Clock,
    docs: list[Document],
    seconds: float,
    loading: float = 0.0,
    steps: int = 10,
) -> None:
    """One batch at a steady pace (``seconds`` of work), after ``loading`` seconds of model
    loading at the start of the NLP stage."""
    chars = sum(len(d.text) for d in docs)
    weights = [STAGE_WEIGHTS[name] for name in STAGES]
    for index, weight in enumerate(weights):
        progress.tick(StageTick(STAGES, index, 0.0, len(docs), chars))
        if index == NLP:
            clock.now += loading
            for step in range(1, steps):
                clock.now += seconds * weight / steps
                progress.tick(StageTick(STAGES, index, step / steps, len(docs), chars))
            clock.now += seconds * weight / steps
        else:
            clock.now += seconds * weight
        progress.tick(StageTick(STAGES, index, 1.0, len(docs), chars))
    for doc in docs:
        progress.document(doc, "stored")


def test_lines_off_a_terminal_and_no_carriage_returns() -> None:
    clock, out = Clock(), io.StringIO()
    docs = [_doc(i, 1000) for i in range(64)]
    progress = IngestProgress(64, 64_000, out, bar=False, interval=10.0, clock=clock)
    _run_batch(progress, clock, docs[:32], seconds=30.0, loading=5.0)
    _run_batch(progress, clock, docs[32:], seconds=30.0)
    progress.close()
    text = out.getvalue()
    assert "\r" not in text
    lines = text.splitlines()
    assert 5 <= len(lines) <= 8  # about one every ten seconds of a 65-second run
    assert all(line.startswith("veille: ") for line in lines)
    assert "estimating time" in lines[0]
    assert any("about" in line and "left" in line for line in lines)
    assert lines[-1] == "veille: 64/64 documents in 1 min"


def test_a_short_run_prints_nothing() -> None:
    clock, out = Clock(), io.StringIO()
    progress = IngestProgress(2, 2000, out, bar=False, interval=10.0, clock=clock)
    _run_batch(progress, clock, [_doc(0, 1000), _doc(1, 1000)], seconds=3.0)
    progress.close()
    assert out.getvalue() == ""


def test_progress_moves_within_one_long_document() -> None:
    clock = Clock()
    progress = IngestProgress(1, 500_000, io.StringIO(), bar=False, clock=clock)
    seen = []
    chars = 500_000
    for index in range(len(STAGES)):
        for share in (0.0, 0.25, 0.5, 0.75, 1.0):
            clock.now += 1
            progress.tick(StageTick(STAGES, index, share, 1, chars))
            seen.append(progress.work)
    assert seen == sorted(seen)  # never goes back
    assert 0 < seen[len(seen) // 2] < chars
    assert len(set(seen)) > len(STAGES)  # it moved inside stages, not only between them
    assert seen[-1] == chars


def test_the_first_estimate_leaves_model_loading_out() -> None:
    clock = Clock()
    docs = [_doc(i, 1000) for i in range(96)]
    progress = IngestProgress(96, 96_000, io.StringIO(), bar=False, clock=clock)
    first: list[tuple[float, float]] = []
    original = progress.tick

    def tick(t: StageTick) -> None:
        original(t)
        left = progress.seconds_left()
        if left is not None and not first:
            first.append((clock.now, left))

    progress.tick = tick  # type: ignore[method-assign]
    # 30 s of work per batch of 32; 20 s of model loading in the first
    for start in (0, 32, 64):
        _run_batch(
            progress, clock, docs[start : start + 32], seconds=30.0, loading=20.0 * (not start)
        )
    end = clock.now
    [(when, estimate)] = first
    assert when < 40  # the estimate comes during the first batch...
    true_left = end - when
    assert abs(estimate - true_left) / true_left < 0.1  # ...and loading did not inflate it


def test_a_bar_on_a_terminal() -> None:
    clock, out = Clock(), io.StringIO()
    progress = IngestProgress(32, 32_000, out, bar=True, clock=clock)
    _run_batch(progress, clock, [_doc(i, 1000) for i in range(32)], seconds=10.0)
    progress.echo("warning: x.txt: something")
    progress.close()
    text = out.getvalue()
    assert "\r" in text and "100%" in text
    assert "warning: x.txt: something\n" in text
    assert "documents" in text


def test_durations_read_as_people_say_them() -> None:
    assert format_duration(42.4) == "42 s"
    assert format_duration(185) == "3 min"
    assert format_duration(4800) == "1 h 20 min"
