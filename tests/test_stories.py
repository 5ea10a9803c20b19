"""Stories across sources: copies, story clustering, merged events and claims, on the real story
test set (tests/data/stories, analysed once per module), on small records built by hand, and
through the command line. Scores are pinned in score_floors.json (``stories``)."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import veille
from veille.cli import cli
from veille.readers import read_paths
from veille.store import QuantityRow, Store, open_store
from veille.stories import (
    Report,
    claims,
    copies,
    format_claim,
    list_stories,
    merged_events,
    story_detail,
    story_record,
    update_stories,
)
from veille.stories.merge import merge_events
from veille.stories.model import Profile, ProfileEntity, ProfileEvent
from veille.stories.scoring import (
    StoryScores,
    b_cubed,
    load_story_gold,
    pair_score,
    score_store,
)

STORIES = Path(__file__).parent / "data" / "stories"
FLOORS = json.loads((Path(__file__).parent / "score_floors.json").read_text("utf-8"))["stories"]
VERSION = "test-pipeline"


@pytest.fixture(scope="module")
def story_analyses(pipeline: veille.Pipeline) -> dict[str, veille.Analysis]:
    docs = [d for d in read_paths([STORIES / "articles.jsonl"]) if isinstance(d, veille.Document)]
    assert len(docs) == 89
    return {a.document.id: a for a in pipeline.analyze_batch(docs)}


def _fill(url: str, analyses: dict[str, veille.Analysis], order: list[str] | None = None) -> Store:
    store = open_store(url)
    for doc_id in order or sorted(analyses):
        store.save(analyses[doc_id], VERSION)
    return store


@pytest.fixture(scope="module")
def clustered(
    tmp_path_factory: pytest.TempPathFactory,
    story_analyses: dict[str, veille.Analysis],
    settings: veille.Settings,
) -> Iterator[Store]:
    """The story set stored and clustered in one go (a store the tests only read)."""
    store = _fill(str(tmp_path_factory.mktemp("stories") / "s.db"), story_analyses)
    update = update_stories(store, settings)
    assert update.clustered == 89
    yield store
    store.close()


@pytest.fixture(scope="module")
def scores(clustered: Store) -> StoryScores:
    return score_store(clustered, load_story_gold(STORIES))


# ---------------------------------------------------------------------------- the story set


def test_story_set_is_well_formed() -> None:
    gold = load_story_gold(STORIES)
    rows = [json.loads(x) for x in (STORIES / "articles.jsonl").read_text("utf-8").splitlines()]
    ids = {r["id"] for r in rows}
    assert len(rows) >= 60 and len(gold.stories) >= 15
    assert set(gold.articles) == ids
    multilingual = 0
    for st in gold.stories:
        outlets = {r["source"] for r in rows if r["id"] in st.articles}
        assert 2 <= len(outlets) <= 6, st.id
        langs = {r["language"] for r in rows if r["id"] in st.articles}
        multilingual += len(langs) >= 2
        for ev in st.events:
            assert set(ev.articles) <= set(st.articles), ev.id
    assert multilingual * 2 >= len(gold.stories)
    assert gold.copies and all(set(c) <= ids for c in gold.copies)
    excluded = Path(__file__).parent.parent / "training" / "excluded_urls.txt"
    dev_urls = set(excluded.read_text("utf-8").split())
    assert not {r["url"] for r in rows} & dev_urls
    for r in rows:
        assert r["published_from"] in {"page", "url", "text"}
        dt.date.fromisoformat(r["published"])


@pytest.mark.parametrize(
    ("kind", "metric"), [(k, m) for k, v in FLOORS.items() if not k.startswith("_") for m in v]
)
def test_story_scores_stay_above_their_floors(scores: StoryScores, kind: str, metric: str) -> None:
    got = scores.to_dict()[kind][metric]
    assert got >= FLOORS[kind][metric], (kind, metric, got, scores.to_dict())


def test_wire_copies_count_once(clustered: Store) -> None:
    rows = {r.doc: r for r in clustered.story_documents(ids=["n013", "n085", "n003"])}
    assert rows["n013"].copy_of == rows["n085"].copy_of == "n013"  # dpa text on two sites
    assert rows["n003"].copy_of == "n003"  # the Reuters report of the same strike is no copy
    st = clustered.story(rows["n013"].story_id)
    assert st is not None
    assert st.documents == 6 and st.originals == 5
    assert set(st.languages) == {"de", "en", "fr"}


def test_clustering_does_not_depend_on_ingestion_order(
    tmp_path: Path,
    story_analyses: dict[str, veille.Analysis],
    settings: veille.Settings,
    clustered: Store,
) -> None:
    """Documents stored and clustered one at a time, in a shuffled order, end in the same
    stories, copy groups and merged events as all at once."""
    order = sorted(story_analyses)
    random.Random(9).shuffle(order)
    with open_store(str(tmp_path / "one-by-one.db")) as store:
        for doc_id in order:
            store.save(story_analyses[doc_id], VERSION)
            update_stories(store, settings)
        assert store.story_pending() == []

        def state(s: Store) -> tuple[object, ...]:
            rows = s.story_documents(ids=order)
            return (
                sorted((r.doc, r.story_id, r.copy_of) for r in rows),
                sorted(
                    (
                        e.story_id,
                        e.type,
                        e.reports,
                        e.originals,
                        e.source_key or "",
                        e.target_key or "",
                    )
                    for e in s.story_events()
                ),
            )

        assert state(store) == state(clustered)


def test_a_new_document_joins_existing_stories_without_reclustering(
    tmp_path: Path, story_analyses: dict[str, veille.Analysis], settings: veille.Settings
) -> None:
    late = "n089"  # swissinfo.ch, a copy of the Bangkok Post's Reuters text (n071)
    rest = {k: v for k, v in story_analyses.items() if k != late}
    with _fill(str(tmp_path / "inc.db"), rest) as store:
        update_stories(store, settings)
        before = {r.doc: r.story_id for r in store.story_documents(ids=sorted(rest))}
        store.save(story_analyses[late], VERSION)
        update = update_stories(store, settings)
        assert update.clustered == 1
        row = store.story_documents(ids=[late])[0]
        assert row.copy_of == "n071" and row.story_id == before["n071"]
        after = {r.doc: r.story_id for r in store.story_documents(ids=sorted(rest))}
        assert after == before
        # a changed analysis of a stored document is clustered again, under the new analysis
        changed = story_analyses["n047"]
        doc = replace(changed.document, text=changed.document.text + "\n", content_hash="x")
        store.save(replace(changed, document=doc), VERSION)
        assert [p.doc for p in store.story_pending()] == ["n047"]
        assert store.story_pending()[0].stale
        again = update_stories(store, settings)
        assert (again.clustered, again.forgotten) == (1, 1)
        assert store.story_of("n047") == before["n047"]


def test_story_detail_keeps_every_report_and_figure(clustered: Store) -> None:
    sid = clustered.story_of("n047")
    assert sid is not None
    detail = story_detail(clustered, sid)
    assert detail is not None
    main = detail.events[0]
    assert main.event.type == "ASSAULT" and main.event.location == "Kharkiv"
    assert main.event.reports >= 3 and main.event.originals >= 2
    texts = {d.doc: clustered.document(d.doc) for d in detail.documents}
    for r in main.reports:
        stored = texts[r.doc]
        assert stored is not None
        assert stored.text[r.start : r.end] == r.evidence  # every sentence one click away
        assert r.outlet and r.language
    figures = {c.unit: c for c in main.claims}
    assert "people_killed" in figures
    assert any(v.claimants for c in main.claims for v in c.values)
    assert any(c.disputed for c in main.claims)
    record = story_record(detail)
    assert record["story"] == sid and record["events"][0]["mentions"]
    json.dumps(record)
    overview = list_stories(clustered, lang="de")
    assert overview and all("de" in o.story.languages for o in overview)
    assert merged_events(clustered, type="ASSAULT")
    assert all(e.type == "ASSAULT" for e in merged_events(clustered, type="assault"))


# ---------------------------------------------------------------------------- pieces


WIRE = (
    "Bei einem russischen Angriff auf einen gut besuchten Baumarkt in der ostukrainischen "
    "Grossstadt Charkiw sind mindestens elf Menschen ums Leben gekommen. Das teilte "
    "Militärverwalter Oleh Synjehubow am Sonntagmorgen auf seinem Telegram-Kanal mit. Zuletzt "
    "war die Zahl der Toten mit sechs, die der Verletzten mit 40 angegeben worden."
)


def test_copies_are_found_by_containment() -> None:
    original = copies.signature(WIRE)
    rehead = copies.signature("Zahl der Opfer steigt auf elf\n" + WIRE + "\nArtikel teilen")
    rewrite = copies.signature(
        "In Charkiw ist die Zahl der Toten nach dem russischen Angriff auf einen Baumarkt auf elf "
        "gestiegen, sagte der Gouverneur am Sonntag; zuvor hatte er sechs Tote gemeldet."
    )
    assert copies.containment(original, rehead) >= 0.8
    assert copies.containment(original, rewrite) < 0.3
    assert set(copies.bands(original)) & set(copies.bands(rehead))
    assert copies.bands(copies.signature("Kurz.")) == []  # too short to call a copy


def _ent(key: str, type_: str, country: str | None, name: str) -> ProfileEntity:
    return ProfileEntity(key=key, name=name, type=type_, country=country, salience=1.0)


def _ev(idx: int, src: str | None, tgt: str | None, loc: str | None, day: int) -> ProfileEvent:
    names = {"ru": "Russia", "ua": "Ukraine", "army": "Russian army", "kh": "Kharkiv"}
    names |= {"khr": "Kharkiv region", "ky": "Kyiv", "site": "Epicentr"}
    return ProfileEvent(
        idx=idx,
        type="ASSAULT",
        mode=None,
        source=names.get(src or ""),
        source_key=src,
        target=names.get(tgt or ""),
        target_key=tgt,
        date=dt.date(2024, 5, day),
        location=names.get(loc or ""),
        location_key=loc,
        claimant=None,
        status="happened",
    )


def _prof(doc: str, *events: ProfileEvent) -> Profile:
    ents = (
        _ent("ru", "COUNTRY", "RU", "Russia"),
        _ent("ua", "COUNTRY", "UA", "Ukraine"),
        _ent("army", "ORG", "RU", "Russian army"),
        _ent("kh", "PLACE", "UA", "Kharkiv"),
        _ent("khr", "PLACE", "UA", "Kharkiv region"),
        _ent("ky", "PLACE", "UA", "Kyiv"),
        _ent("site", "PLACE", None, "Epicentr"),  # a site the knowledge base does not place
    )
    return Profile(
        doc=doc,
        day=dt.date(2024, 5, 25),
        language="en",
        outlet=doc,
        title=None,
        entities=ents,
        events=events,
    )


def test_merged_events_keep_reports_apart_when_they_conflict() -> None:
    members = [
        (_prof("a", _ev(0, "ru", "ua", "kh", 25)), "a"),
        (_prof("b", _ev(0, "army", None, "khr", 25)), "b"),  # same strike: region, army
        (_prof("c", _ev(0, "ua", "ru", "kh", 26)), "c"),  # roles swapped by the extractor
        (_prof("d", _ev(0, "ru", "ua", "ky", 25)), "a"),  # another city: another strike
        (_prof("e", _ev(0, "ru", "ua", "kh", 30)), "e"),  # five days later: another strike
    ]
    merged = merge_events("s", members)
    groups = sorted(sorted(doc for doc, _ in reps) for _, reps in merged)
    assert groups == [["a", "b", "c"], ["d"], ["e"]]
    main = merged[0][0]
    assert (main.source_key, main.target_key, main.location_key) == ("ru", "ua", "kh")
    assert (main.reports, main.originals) == (3, 3)
    # the result is the same whatever order the members come in
    again = merge_events("s", list(reversed(members)))
    assert sorted(sorted(d for d, _ in r) for _, r in again) == groups


def test_a_site_the_knowledge_base_does_not_place_is_no_conflict() -> None:
    # "the strike on the Epicentr hypermarket" and "the strike on Kharkiv": one strike; a
    # known city elsewhere still keeps another report apart
    members = [
        (_prof("a", _ev(0, "ru", "ua", "kh", 25)), "a"),
        (_prof("b", _ev(0, "ru", "ua", "site", 25)), "b"),
        (_prof("c", _ev(0, "ru", "ua", "ky", 25)), "c"),
    ]
    groups = sorted(sorted(d for d, _ in r) for _, r in merge_events("s", members))
    assert groups == [["a", "b"], ["c"]]


def _report(doc: str, day: int, outlet: str, claimant: str | None, copy_of: str) -> Report:
    return Report(
        doc=doc,
        outlet=outlet,
        language="en",
        day=dt.date(2024, 5, day),
        copy_of=copy_of,
        idx=0,
        source=None,
        target=None,
        date=None,
        date_text=None,
        location=None,
        claimant=claimant,
        status="happened",
        evidence="…",
        start=0,
        end=1,
    )


def _killed(doc: str, value: float) -> QuantityRow:
    return QuantityRow(
        doc=doc,
        idx=0,
        value=value,
        unit="people_killed",
        what=None,
        qualifier=None,
        equivalent_of=None,
        event_idx=0,
        evidence=f"{value:g} killed",
        start=0,
        end=1,
        sentence_start=0,
        sentence_end=1,
    )


def test_figures_that_disagree_stand_side_by_side() -> None:
    given = [
        (_report("a", 25, "A", "governor", "a"), [_killed("a", 2)]),
        (_report("b", 25, "B", "governor", "a"), [_killed("b", 2)]),
        (_report("c", 25, "C", None, "c"), [_killed("c", 2)]),
        (_report("d", 25, "D", "ministry", "d"), [_killed("d", 3)]),
    ]
    (claim,) = claims(given)
    assert claim.disputed and not claim.history
    assert [v.value for v in claim.values] == [2, 3]
    two = claim.values[0]
    assert two.claimants == ("governor",) and len(two.outlets) == 3 and two.originals == 2
    assert format_claim(claim) == "2 killed: governor, 3 outlets; 3 killed: ministry, 1 outlet"


def test_a_growing_toll_reads_as_a_history() -> None:
    given = [
        (_report("c", 27, "C", None, "c"), [_killed("c", 11)]),
        (_report("a", 25, "A", None, "a"), [_killed("a", 3)]),
        (_report("b", 26, "B", None, "b"), [_killed("b", 7)]),
    ]
    (claim,) = claims(given)
    assert claim.history
    assert format_claim(claim) == "killed: 3 (2024-05-25) → 7 (2024-05-26) → 11 (2024-05-27)"


def test_scores_count_what_they_should() -> None:
    assert b_cubed({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "x"})[0] < 1.0
    assert b_cubed({"a": "1", "b": "1"}, {"a": "x", "b": "y"})[1] == 0.5
    s = pair_score([["a", "b", "c"]], [["a", "b"], ["c", "d"]])
    assert (s.tp, s.fp, s.fn) == (1, 1, 2)


# ---------------------------------------------------------------------------- command line


def test_story_commands(
    tmp_path: Path,
    story_analyses: dict[str, veille.Analysis],
    resource_cache: veille.ResourceCache,
) -> None:
    db = tmp_path / "cli.db"
    _fill(str(db), story_analyses).close()
    runner = CliRunner(env={"HOME": str(tmp_path)})

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--db", str(db), *args], obj=resource_cache)
        assert result.exit_code == 0, result.output
        return result.stdout

    table = run("stories")
    assert "STORY" in table and "s-n003" in table
    listed = json.loads(run("stories", "--json", "--no-update"))
    assert len(listed) >= 15 and all(s["story"]["documents"] >= 1 for s in listed)
    lines = run("stories", "--jsonl", "--no-update").splitlines()
    assert len(lines) == len(listed) and json.loads(lines[0])["events"] is not None
    shown = run("story", "n047")  # a document names its story
    assert "ASSAULT Russia → Ukraine in Kharkiv" in shown
    assert "reports," in shown and "originals" in shown and "killed" in shown
    merged = run("events", "--merged", "--type", "ASSAULT")
    assert "REPORTS" in merged and "ORIGINALS" in merged
    rows = json.loads(run("events", "--merged", "--json"))
    assert rows and {"reports", "originals", "outlets", "story_id"} <= set(rows[0])
    missing = runner.invoke(cli, ["--db", str(db), "story", "nope"])
    assert missing.exit_code == 1 and "no story" in missing.output
    bare = runner.invoke(cli, ["--db", str(db), "eval"])
    assert bare.exit_code == 2 and "--gold" in bare.output
