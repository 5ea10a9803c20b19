"""The web application in a real browser: Debian's chromium driven by Playwright, against
``veille serve``'s application started on 127.0.0.1 over the sample articles and a hostile one.

Every view loads without a script error or a request off this machine, filters change what is
shown, an event row opens its sentence highlighted in the reader, the map and the timeline draw
their marks, the actor network filters the other views, and the hostile article stays text.
Screenshots of each view are written to ``veille-out/screenshots/`` for review.

Without chromium (``bash scripts/chromium.sh`` installs it) these tests are skipped, loudly;
with ``VEILLE_REQUIRE_BROWSER=1`` (CI) they fail instead.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

import veille
from veille.store import open_store
from veille.web import create_app

from .conftest import ROOT

SCREENSHOTS = ROOT / "veille-out" / "screenshots"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
XSS_ID = "xss_article"
XSS_TEXT = (
    "Frappes sur Kharkiv <script>window.__xss = 'title'</script>\n\n"
    "La Russie a frappé Kharkiv mercredi <img src=x onerror=window.__xss=1>, tuant "
    "deux civils, a déclaré Volodymyr Zelensky. « Nous ne céderons pas <script>window.__xss = "
    "'quote'</script> », a déclaré Zelensky. Voir <a href=\"javascript:window.__xss='link'\">"
    "la carte</a>.\n"
)


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    message = "chromium is not installed (bash scripts/chromium.sh installs it)"
    if os.environ.get("VEILLE_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " and VEILLE_REQUIRE_BROWSER=1")
    pytest.skip(message + ": BROWSER TESTS NOT RUN")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory,
    sample_analyses: dict[str, veille.Analysis],
    pipeline: veille.Pipeline,
    settings: veille.Settings,
) -> Iterator[str]:
    import uvicorn

    _chromium()
    db = str(tmp_path_factory.mktemp("browser") / "browser.db")
    hostile = veille.document_from_text(
        XSS_ID, XSS_TEXT, published=dt.date(2025, 8, 7), language="fr"
    )
    with open_store(db) as store:
        for analysis in sample_analyses.values():
            store.save(analysis, pipeline.version)
        store.save(pipeline.analyze(hostile), pipeline.version)
    port = _free_port()
    app = create_app(settings.with_overrides(db=db, token=""))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


class Browser:
    """One page of a fresh chromium profile; records script errors and outside requests."""

    def __init__(self, base: str, page: Any) -> None:
        self.base = base
        self.page = page
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on(
            "console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None
        )

    def open(self, route: str) -> Any:
        self.page.goto(f"{self.base}/#{route}")
        return self.ready()

    def ready(self) -> Any:
        self.page.wait_for_selector("body[data-ready=yes]", timeout=30_000)
        assert not self.page.query_selector("main .error"), self.page.inner_text("main")
        return self.page

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

    def count(self) -> int:
        return int(self.page.inner_text("#event-count"))


@pytest.fixture(scope="module")
def browser(server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=_chromium(),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1200, "height": 760},
        )
        b = Browser(server, context.pages[0] if context.pages else context.new_page())

        def guard(route: Any) -> None:
            url = route.request.url
            if url.startswith(server) or url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                b.outside.append(url)
                route.abort()

        context.route("**/*", guard)
        yield b
        context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Browser]:
    browser.errors.clear()
    yield browser
    assert browser.errors == [], browser.errors
    assert browser.outside == [], browser.outside


VIEWS = [
    ("/events", "events", "table.events tbody tr"),
    ("/timeline", "timeline", "svg.timeline rect.bar"),
    ("/map", "map", "svg.map circle.place"),
    ("/network", "network", "svg.network g.node"),
    ("/aid", "aid", "table.aid tr.flow"),
    ("/quotes", "quotes", ".quotes section.speaker"),
    ("/documents", "documents", "table.documents tbody tr"),
    ("/doc/003_2f2d85ce9e3b0e83", "reader", "article.reader .hl-event"),
    ("/entity/Q7747", "entity", "main li"),
    ("/stories", "stories", "p.notice"),
]


@pytest.mark.parametrize(("route", "name", "marks"), VIEWS, ids=[v[1] for v in VIEWS])
def test_every_view_loads(page: Browser, route: str, name: str, marks: str) -> None:
    p = page.open(route)
    assert p.query_selector_all(marks), f"{route}: nothing matches {marks}"
    assert p.get_attribute("body", "data-view") == route.split("/")[1]
    page.shot(name)


def test_filters_change_what_is_shown(page: Browser) -> None:
    p = page.open("/events")
    total = page.count()
    assert total == len(p.query_selector_all("table.events tbody tr")) > 5
    p.click("input[data-facet=type][data-value=ASSAULT]")
    page.ready()
    assert "type=ASSAULT" in p.url
    narrowed = page.count()
    assert 0 < narrowed < total
    types = {t.inner_text() for t in p.query_selector_all("table.events tbody .type")}
    assert types == {"ASSAULT"}
    # the other types keep their counts, so they can be added
    assert p.query_selector("input[data-facet=type][data-value=AID]")
    p.click("input[data-facet=status][data-value=happened]")
    page.ready()
    assert page.count() <= narrowed
    p.click("#chips .chip.clear")
    page.ready()
    assert page.count() == total
    p.fill("#filters input[name=q]", "Medvedev")
    p.click("#filters button[type=submit]")
    page.ready()
    assert page.count() == 1
    assert "Medvedev" in p.inner_text("table.events tbody")
    p.click("a.sort[data-sort=source]")
    page.ready()
    assert "sort=source" in p.url


def test_an_event_row_opens_its_sentence_in_the_reader(page: Browser) -> None:
    p = page.open("/events?type=THREATEN&doc=000_da5d636b026594cb")
    row = p.query_selector_all("table.events tbody tr.event-row")[0]
    evidence = row.query_selector("td.evidence").inner_text()
    row.click()
    page.ready()
    assert p.get_attribute("body", "data-view") == "doc"
    focused = "".join(s.text_content() or "" for s in p.query_selector_all(".reader .focus"))
    assert focused == evidence
    assert p.query_selector(".reader .focus.hl-event")
    assert p.query_selector(".reader .seg-furniture, .reader .seg-boilerplate")
    page.shot("reader-event")
    # a highlight links to its row
    p.click(".reader .focus")
    href = p.get_attribute(".popup li.ref-event a", "href")
    assert href and href.startswith("#/events?") and "focus=" in href
    p.click(".popup li.ref-event a")
    page.ready()
    assert p.query_selector("table.events tr.event-row.focus")


def test_map_and_timeline_draw_their_marks(page: Browser) -> None:
    p = page.open("/map")
    assert len(p.query_selector_all("svg.map path.country")) > 150
    places = {c.get_attribute("data-place") for c in p.query_selector_all("circle.place")}
    assert {"Moscow", "Zaporizhzhia", "Brussels", "Istanbul"} <= places
    p.click("circle.place[data-place=Moscow]")
    page.ready()
    assert "place=Moscow" in p.url

    p = page.open("/timeline")
    bars = p.query_selector_all("svg.timeline rect.bar")
    assert bars
    box = p.query_selector("svg.timeline").bounding_box()
    assert box
    # brush the last tenth of the range: the rest of the views follow
    y = box["y"] + box["height"] / 2
    p.mouse.move(box["x"] + box["width"] * 0.90, y)
    p.mouse.down()
    p.mouse.move(box["x"] + box["width"] * 0.995, y, steps=5)
    p.mouse.up()
    page.ready()
    assert "since=" in p.url and "until=" in p.url
    page.shot("timeline-brushed")
    p.click("#nav a[data-view=events]")
    page.ready()
    brushed = page.count()
    p.click("#chips .chip.clear")
    page.ready()
    assert 0 < brushed < page.count()


def test_clicking_an_actor_filters_everything_to_it(page: Browser) -> None:
    p = page.open("/network")
    nodes = p.query_selector_all("g.node")
    assert len(nodes) >= 5
    assert p.query_selector_all("line.edge.conflict") and p.query_selector_all("line.edge.coop")
    p.click("g.node[data-key=Q159] circle")  # Russia
    page.ready()
    assert "entity=Q159" in p.url
    assert "actor: Russia" in p.inner_text("#chips")
    assert p.query_selector("g.node.selected[data-key=Q159]")
    p.click("#nav a[data-view=events]")
    page.ready()
    rows = p.query_selector_all("table.events tbody tr")
    assert rows and len(rows) == page.count()
    for row in rows:
        cells = [c.inner_text() for c in row.query_selector_all("td")]
        assert "Russia" in (cells[3], cells[4])


def test_hostile_article_text_stays_text(page: Browser) -> None:
    p = page.open(f"/doc/{XSS_ID}")
    reader = p.inner_text("article.reader")
    assert "<script>window.__xss = 'title'</script>" in reader
    assert "<img src=x onerror=" in reader
    assert 'href="javascript:' in reader
    assert p.query_selector_all("article.reader script, article.reader img, main img") == []
    assert p.query_selector_all("a[href^='javascript:' i]") == []
    for span in p.query_selector_all("article.reader span[tabindex]"):
        span.click()
    for route in ("/events", "/quotes", "/documents", "/aid", "/network", "/map"):
        page.open(route)
        assert p.query_selector_all("main script, main img") == []
    assert "window.__xss = 'quote'" in page.open("/quotes").inner_text("main")
    p = page.open(f"/events?doc={XSS_ID}")
    assert "onerror" in p.inner_text("table.events")
    assert p.evaluate("window.__xss") is None
    page.shot("hostile-article")
