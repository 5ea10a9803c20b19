"""The HTTP API over a real SQLite store of the sample articles: status codes, filters,
pagination, formats, the token, request limits, and hostile input staying data."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

import veille
from veille.store import open_store
from veille.stories import update_stories
from veille.web import create_app

TOKEN = "s3cret-token"
XSS_TEXT = (
    "Attaque à Kharkiv <script>alert('xss')</script>\n\n"
    "La Russie a frappé Kharkiv mercredi <img src=x onerror=alert(1)>, a déclaré Zelensky. "
    'Voir <a href="javascript:alert(2)">ici</a>.\n'
)


def _sample_store(
    path: str, analyses: dict[str, veille.Analysis], pipeline: veille.Pipeline
) -> str:
    with open_store(path) as store:
        for analysis in analyses.values():
            store.save(analysis, pipeline.version)
    return path


@pytest.fixture(scope="module")
def db(
    tmp_path_factory: pytest.TempPathFactory,
    sample_analyses: dict[str, veille.Analysis],
    pipeline: veille.Pipeline,
    settings: veille.Settings,
) -> str:
    """The sample articles, clustered into stories (the ingest does not build them)."""
    path = _sample_store(str(tmp_path_factory.mktemp("api") / "api.db"), sample_analyses, pipeline)
    with open_store(path) as store:
        assert update_stories(store, settings).clustered == 2
    return path


@pytest.fixture(scope="module")
def unclustered(
    tmp_path_factory: pytest.TempPathFactory,
    sample_analyses: dict[str, veille.Analysis],
    pipeline: veille.Pipeline,
    settings: veille.Settings,
) -> Iterator[TestClient]:
    """The sample articles stored, stories never built."""
    path = _sample_store(str(tmp_path_factory.mktemp("raw") / "raw.db"), sample_analyses, pipeline)
    with TestClient(create_app(settings.with_overrides(db=path, token=""))) as c:
        yield c


@pytest.fixture(scope="module")
def client(db: str, settings: veille.Settings) -> Iterator[TestClient]:
    app = create_app(settings.with_overrides(db=db, token=""))
    with TestClient(app) as c:
        yield c


@pytest.fixture
def writer(
    tmp_path: Path,
    settings: veille.Settings,
    resource_cache: veille.ResourceCache,
) -> Iterator[TestClient]:
    app = create_app(
        settings.with_overrides(db=str(tmp_path / "w.db"), token=TOKEN, max_request_bytes=4000),
        cache=resource_cache,
    )
    with TestClient(app) as c:
        yield c


def _error(response: object, status: int) -> str:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    return str(body["error"])


def test_openapi_and_docs_are_served(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/events",
        "/api/events/facets",
        "/api/entities/{key}",
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/quotes",
        "/api/quantities",
        "/api/stories",
        "/api/stats",
        "/api/aid",
    ):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/documents"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_the_application_page_and_its_files(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    for src in ("/static/app.js", "/static/app.css", "/static/vendor/d3/d3.min.js"):
        assert src in page.text
        assert client.get(src).status_code == 200
    assert "http://" not in page.text and "https://" not in page.text
    atlas = client.get("/static/vendor/world-atlas/countries-110m.json").json()
    assert atlas["type"] == "Topology"


def test_stats(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["documents"] == 2
    assert stats["events"] >= 10
    assert stats["writable"] is False
    assert stats["stories"] == {"available": True, "reason": ""}


def test_events_filters_and_pages(client: TestClient) -> None:
    everything = client.get("/api/events", params={"limit": 1000}).json()
    assert everything["next"] is None
    total = len(everything["items"])
    assert total >= 10
    first = client.get("/api/events", params={"limit": 4})
    assert first.status_code == 200
    body = first.json()
    assert len(body["items"]) == 4 and body["next"]
    assert first.headers["x-next-cursor"] == body["next"]
    assert 'rel="next"' in first.headers["link"]
    walked = list(body["items"])
    cursor = body["next"]
    while cursor:
        page = client.get("/api/events", params={"limit": 4, "cursor": cursor}).json()
        walked.extend(page["items"])
        cursor = page["next"]
    assert walked == everything["items"]

    assault = client.get("/api/events", params={"type": "ASSAULT", "limit": 1000}).json()["items"]
    assert assault and {e["type"] for e in assault} == {"ASSAULT"}
    two = client.get("/api/events", params=[("type", "ASSAULT"), ("type", "AID")]).json()
    assert {e["type"] for e in two["items"]} == {"ASSAULT", "AID"}
    putin = client.get("/api/events", params={"actor": "putin"}).json()["items"]
    assert putin and all("Putin" in f"{e['source']} {e['target']}" for e in putin)
    dated = client.get(
        "/api/events", params={"since": "2025-08-06", "until": "2025-08-06", "limit": 1000}
    ).json()["items"]
    assert dated and all((e["date"] or e["published"]) == "2025-08-06" for e in dated)
    text = client.get("/api/events", params={"q": "Medvedev"}).json()["items"]
    assert text and all("Medvedev" in e["evidence"] for e in text)
    ua = client.get("/api/events", params={"country": "UA", "limit": 1000}).json()["items"]
    assert len(ua) < total
    desc = client.get(
        "/api/events", params={"sort": "confidence", "order": "desc", "limit": 1000}
    ).json()["items"]
    assert [e["confidence"] for e in desc] == sorted((e["confidence"] for e in desc), reverse=True)


def test_event_listing_errors(client: TestClient) -> None:
    assert "limit" in _error(client.get("/api/events", params={"limit": 0}), 422)
    assert "limit" in _error(client.get("/api/events", params={"limit": 5000}), 422)
    assert "since" in _error(client.get("/api/events", params={"since": "yesterday"}), 422)
    assert "sort" in _error(client.get("/api/events", params={"sort": "colour"}), 422)
    assert "cursor" in _error(client.get("/api/events", params={"cursor": "garbage"}), 400)
    other = client.get("/api/events", params={"sort": "type", "limit": 1}).json()["next"]
    assert "another" in _error(client.get("/api/events", params={"cursor": other}), 400)
    assert "s1" in _error(client.get("/api/events", params={"story": "s1"}), 404)
    assert _error(client.get("/api/events", params={"format": "xml"}), 422)
    assert _error(client.get("/api/nothing-here"), 404)
    assert _error(client.get("/api/events/000_da5d636b026594cb/999"), 404)


def test_hostile_parameters_are_values(client: TestClient) -> None:
    before = client.get("/api/stats").json()["events"]
    for value in ("' OR 1=1 --", "%", '"); DROP TABLE events; --'):
        for key in ("type", "actor", "doc", "country", "place", "q", "mode", "status"):
            got = client.get("/api/events", params={key: value})
            assert got.status_code == 200, (key, value)
            assert got.json()["items"] == [], (key, value)
    assert client.get("/api/stats").json()["events"] == before


def test_csv_and_parquet(client: TestClient) -> None:
    json_items = client.get("/api/events", params={"limit": 5}).json()["items"]
    as_csv = client.get("/api/events", params={"limit": 5, "format": "csv"})
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    lines = as_csv.text.splitlines()
    assert lines[0].split(",")[:3] == ["doc", "idx", "published"]
    assert len(lines) >= 6  # header + 5 rows (evidence may hold no newline)
    assert as_csv.headers["x-next-cursor"]
    parquet = client.get("/api/events", params={"limit": 5, "format": "parquet"})
    assert parquet.status_code == 200
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.num_rows == 5
    assert table.column("evidence").to_pylist() == [e["evidence"] for e in json_items]
    assert str(table.schema.field("published").type) == "date32[day]"
    quotes = pq.read_table(
        io.BytesIO(client.get("/api/quotes", params={"format": "parquet"}).content)
    )
    assert quotes.num_rows == len(client.get("/api/quotes").json()["items"]) > 0


def test_facets_timeline_network_map_aid(client: TestClient) -> None:
    facets = client.get("/api/events/facets").json()
    assert facets["total"] == client.get("/api/stats").json()["events"]
    assert {f["value"] for f in facets["type"]} >= {"ASSAULT", "AID"}
    narrowed = client.get("/api/events/facets", params={"type": "ASSAULT"}).json()
    assert narrowed["total"] < facets["total"]
    days = client.get("/api/events/timeline").json()["days"]
    assert days and sum(d["n"] for d in days) <= facets["total"]
    network = client.get("/api/events/network").json()
    assert network["nodes"] and network["edges"]
    keys = {n["key"] for n in network["nodes"]}
    assert all(e["source_key"] in keys and e["target_key"] in keys for e in network["edges"])
    assert any(e["conflict"] for e in network["edges"])
    assert any(e["cooperation"] for e in network["edges"])
    places = client.get("/api/events/map").json()["places"]
    moscow = next(p for p in places if p["name"] == "Moscow")
    assert abs(moscow["latitude"] - 55.75) < 0.5 and abs(moscow["longitude"] - 37.6) < 0.5
    assert moscow["country"] == "RU" and moscow["country_numeric"] == "643"
    zap = next(p for p in places if p["name"] == "Zaporizhzhia")
    assert zap["latitude"] is not None and zap["country"] == "UA"
    flows = client.get("/api/aid").json()["flows"]
    germany = next(f for f in flows if f["donor"] == "Germany")
    assert germany["recipient"] == "Ukraine"
    assert germany["pledged"] and all(fig["pledged"] for fig in germany["figures"])
    # "Le secrétaire britannique à la Défense a développé plus de 400 millions d'euros" (the
    # minister is the donor, as the gold guide codes a named person acting)
    british = next(
        f
        for f in flows
        if {"kind": "money", "unit": "EUR", "value": 400_000_000.0} in f["delivered"]
    )
    assert british["recipient"] == "Ukraine"
    for flow in flows:
        for fig in flow["figures"]:
            doc = client.get(f"/api/documents/{fig['doc']}").json()
            assert doc["text"][fig["evidence_start"] : fig["evidence_end"]] == fig["evidence"]


def test_entities_documents_quotes_quantities(client: TestClient) -> None:
    entities = client.get("/api/entities", params={"limit": 3}).json()
    assert len(entities["items"]) == 3 and entities["next"]
    putin = client.get("/api/entities", params={"name": "putin"}).json()["items"][0]
    profile = client.get(f"/api/entities/{putin['id']}").json()
    assert profile["name"] == "Vladimir Putin"
    assert any(f["text"] == "Poutine" for f in profile["surface_forms"])
    assert profile["events"]
    assert _error(client.get("/api/entities/Q0"), 404)

    docs = client.get("/api/documents").json()["items"]
    assert len(docs) == 2
    doc = client.get(f"/api/documents/{docs[0]['id']}").json()
    text = doc["text"]
    assert doc["segments"] and doc["segments"][0]["start"] == 0
    for ev in doc["events"]:
        assert text[ev["start"] : ev["end"]] == ev["evidence"]
    for ent in doc["entities"]:
        for m in ent["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    assert _error(client.get("/api/documents/nope"), 404)

    quotes = client.get("/api/quotes", params={"speaker": "zelensky"}).json()["items"]
    assert quotes and all(q["speaker"] == "Volodymyr Zelensky" for q in quotes)
    eur = client.get("/api/quantities", params={"unit": "EUR"}).json()["items"]
    assert eur and {q["unit"] for q in eur} == {"EUR"}
    stories = client.get("/api/stories").json()
    assert stories["available"] is True and len(stories["items"]) == 2
    assert _error(client.get("/api/stories/x"), 404)


STORY = "s-000_da5d636b026594cb"


def test_stories_of_the_sample_articles(client: TestClient) -> None:
    listing = client.get("/api/stories").json()
    assert listing["available"] is True and listing["reason"] == "" and listing["next"] is None
    # two articles months apart: a story each, the latest first
    items = listing["items"]
    assert [s["id"] for s in items] == [STORY, "s-003_2f2d85ce9e3b0e83"]
    assert [(s["first"], s["last"]) for s in items] == [
        ("2025-08-06", "2025-08-06"),
        ("2025-04-11", "2025-04-11"),
    ]
    assert all(s["reports"] == 1 and s["events"] >= 5 for s in items)
    assert "Witkoff" in items[0]["title"]
    first = client.get("/api/stories", params={"limit": 1}).json()
    assert [s["id"] for s in first["items"]] == [STORY] and first["next"] == STORY
    rest = client.get("/api/stories", params={"limit": 1, "cursor": first["next"]}).json()
    assert [s["id"] for s in rest["items"]] == [items[1]["id"]] and rest["next"] is None
    assert "cursor" in _error(client.get("/api/stories", params={"cursor": "nope"}), 400)

    story = client.get(f"/api/stories/{STORY}").json()
    assert story["id"] == STORY and story["title"] == items[0]["title"]
    assert [r["doc"] for r in story["reports"]] == ["000_da5d636b026594cb"]
    assert story["reports"][0]["published"] == "2025-08-06"
    assert story["events"] and {e["doc"] for e in story["events"]} == {"000_da5d636b026594cb"}
    doc = client.get("/api/documents/000_da5d636b026594cb").json()
    for claim in story["claims"]:
        assert doc["text"][claim["start"] : claim["end"]] == claim["text"]
        assert claim["status"]
    assert any(c["claimant"] for c in story["claims"])
    # the story's events filter the event listing
    filtered = client.get("/api/events", params={"story": STORY, "limit": 1000}).json()["items"]
    assert sorted((e["doc"], e["idx"]) for e in filtered) == sorted(
        (e["doc"], e["idx"]) for e in story["events"]
    )


def test_stories_before_clustering_say_why(unclustered: TestClient) -> None:
    stats = unclustered.get("/api/stats").json()
    assert stats["stories"]["available"] is False
    assert "veille stories" in stats["stories"]["reason"]
    stories = unclustered.get("/api/stories").json()
    assert stories["available"] is False and stories["items"] == []
    assert "not clustered" in stories["reason"]
    assert "not clustered" in _error(unclustered.get(f"/api/stories/{STORY}"), 404)
    assert "stor" in _error(unclustered.get("/api/events", params={"story": STORY}), 400)


def test_read_only_without_a_token(client: TestClient) -> None:
    got = client.post("/api/documents", content="La Russie a frappé Kharkiv.".encode())
    assert "read-only" in _error(got, 403)


def test_token_is_required_and_checked(writer: TestClient) -> None:
    body = "La Russie a frappé Kharkiv mercredi.".encode()
    plain = {"content-type": "text/plain"}
    missing = writer.post("/api/documents", content=body, headers=plain)
    assert "Bearer" in _error(missing, 401)
    assert missing.headers["www-authenticate"].startswith("Bearer")
    wrong = writer.post(
        "/api/documents", content=body, headers={**plain, "authorization": "Bearer nope"}
    )
    _error(wrong, 401)
    basic = writer.post(
        "/api/documents", content=body, headers={**plain, "authorization": f"Basic {TOKEN}"}
    )
    _error(basic, 401)
    assert writer.get("/api/stats").json()["documents"] == 0


def test_limits_and_media_types(writer: TestClient) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    big = writer.post(
        "/api/documents", content=b"x" * 5000, headers={**auth, "content-type": "text/plain"}
    )
    assert "limit" in _error(big, 413)
    odd = writer.post(
        "/api/documents", content=b"%PDF-1.4", headers={**auth, "content-type": "application/pdf"}
    )
    assert "media type" in _error(odd, 415)
    plain = {**auth, "content-type": "text/plain"}
    empty = writer.post("/api/documents", content=b"  ", headers=plain)
    _error(empty, 400)
    bad_id = writer.post(
        "/api/documents",
        params={"id": "../etc/passwd"},
        content="La Russie a frappé Kharkiv.".encode(),
        headers={**auth, "content-type": "text/plain"},
    )
    assert "id" in _error(bad_id, 422)
    assert writer.get("/api/stats").json()["documents"] == 0


def test_posting_documents_ingests_them(writer: TestClient) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    jl = {**auth, "content-type": "application/jsonl"}
    got = writer.post(
        "/api/documents",
        params={"id": "xss-1", "published": "2025-08-06"},
        content=XSS_TEXT.encode(),
        headers={**auth, "content-type": "text/plain; charset=utf-8"},
    )
    assert got.status_code == 201, got.text
    assert got.json()["stored"] == 1 and got.json()["documents"] == ["xss-1"]
    doc = writer.get("/api/documents/xss-1").json()
    assert doc["text"] == XSS_TEXT  # kept exactly as sent: shown as text by the application
    assert doc["published"] == "2025-08-06"
    again = writer.post(
        "/api/documents",
        params={"id": "xss-1", "published": "2025-08-06"},
        content=XSS_TEXT.encode(),
        headers={**auth, "content-type": "text/plain"},
    )
    assert again.status_code == 200 and again.json()["unchanged"] == 1
    lines = (
        '{"id": "j1", "text": "Les forces russes ont frappé Odessa mardi.", '
        '"published": "2025-08-05"}\n'
        "not json\n"
    )
    jsonl = writer.post("/api/documents", content=lines.encode(), headers=jl)
    assert jsonl.status_code == 201, jsonl.text
    report = jsonl.json()
    assert report["stored"] == 1
    assert report["rejected"] == [
        {"path": "request body:2", "reason": report["rejected"][0]["reason"]}
    ]
    assert "JSON" in report["rejected"][0]["reason"]
    only_bad = writer.post("/api/documents", content=b"not json\n", headers=jl)
    assert _error(only_bad, 422)
    assert writer.get("/api/stats").json()["documents"] == 2
