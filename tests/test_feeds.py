"""Feeds and URLs: RSS and Atom files, feed and article URLs served from this machine, lists of
URLs, and a clear message when there is no network."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import veille
from veille.errors import FetchError, InputError, MalformedRecordError
from veille.readers import Fetcher, read_paths

BODY = (
    "Les forces russes ont lancé dans la nuit de mercredi une vague de drones et de missiles sur "
    "Kiev, selon les autorités ukrainiennes, qui font état de plusieurs blessés dans la capitale "
    "et de dégâts importants dans un quartier résidentiel. Le président ukrainien Volodymyr "
    "Zelensky a appelé ses alliés occidentaux à renforcer la défense antiaérienne du pays, "
    "estimant que chaque système supplémentaire permettrait de sauver des vies civiles."
)
ARTICLE = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Nuit de frappes sur Kiev</title>
<meta property="article:published_time" content="2025-08-06T08:00:00Z"></head>
<body><nav><a href="/">Accueil</a></nav><article><h1>Nuit de frappes sur Kiev</h1>
<p>{BODY}</p></article></body></html>"""


def _rss(link_host: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Le Quotidien - Monde</title><link>http://{link_host}/</link>
<item><title>Nuit de frappes sur Kiev</title><link>http://{link_host}/kiev</link>
<guid>kiev-2025-08-06</guid><pubDate>Wed, 06 Aug 2025 08:00:00 GMT</pubDate>
<description>Des drones sur Kiev.</description>
<content:encoded><![CDATA[<p>{BODY}</p><p>Le maire a demandé de l'aide.</p>]]></content:encoded>
</item>
<item><title>Berlin promet des systèmes</title><link>http://{link_host}/berlin</link>
<pubDate>Fri, 11 Apr 2025 09:30:00 GMT</pubDate>
<description>L'Allemagne enverra quatre systèmes de défense antiaérienne à l'Ukraine.</description>
</item>
</channel></rss>"""


ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id>
<updated>2025-08-07T00:00:00Z</updated>
<entry><title>Strikes on Kyiv</title><id>urn:wire:1</id>
<link href="http://news.invalid/kyiv"/><updated>2025-08-07T06:00:00Z</updated>
<author><name>A. Reporter</name></author>
<content type="html">&lt;p&gt;{BODY}&lt;/p&gt;</content></entry>
</feed>"""


class _Site(BaseHTTPRequestHandler):
    """Serves the pages of the server it belongs to (``server.pages``)."""

    def do_GET(self) -> None:
        found = getattr(self.server, "pages", {}).get(self.path)
        if found is None:
            self.send_response(404)
            self.end_headers()
            return
        ctype, data = found
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    host = f"127.0.0.1:{server.server_address[1]}"
    server.pages = {  # type: ignore[attr-defined]
        "/feed.xml": ("application/rss+xml", _rss(host).encode("utf-8")),
        "/kiev": ("text/html; charset=utf-8", ARTICLE.encode("utf-8")),
        "/berlin": ("text/html; charset=utf-8", ARTICLE.replace("Kiev", "Berlin").encode()),
        "/empty": ("text/html", b"<html><body><nav>Home | World</nav></body></html>"),
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{host}"
    server.shutdown()
    server.server_close()


LOCAL = Fetcher(allow_private=True, timeout=5)


def _docs(items: list[veille.Document | InputError]) -> dict[str, veille.Document]:
    return {d.id: d for d in items if isinstance(d, veille.Document)}


def test_rss_file_items_become_documents(tmp_path: Path) -> None:
    path = tmp_path / "monde.xml"
    path.write_text(_rss("news.invalid"), encoding="utf-8")
    items = list(read_paths([path]))
    assert len(items) == 2 and all(isinstance(i, veille.Document) for i in items)
    kiev, berlin = items
    assert isinstance(kiev, veille.Document) and isinstance(berlin, veille.Document)
    assert kiev.id.startswith("monde_")
    assert kiev.title == "Nuit de frappes sur Kiev"
    assert kiev.url == "http://news.invalid/kiev"
    assert kiev.published == dt.date(2025, 8, 6)
    assert kiev.source == "Le Quotidien - Monde"
    assert BODY in kiev.text and "Le maire a demandé" in kiev.text
    assert "<p>" not in kiev.text
    # a summary-only item: its link cannot be fetched here, so the summary is kept, and noted
    assert berlin.text.startswith("L'Allemagne enverra quatre systèmes")
    assert berlin.published == dt.date(2025, 4, 11)
    assert len(berlin.notes) == 1
    assert "summary only" in berlin.notes[0] and "no network" in berlin.notes[0]
    # ids are stable: the same feed read again gives the same documents
    assert [d.id for d in read_paths([path]) if isinstance(d, veille.Document)] == [
        kiev.id,
        berlin.id,
    ]


def test_atom_file(tmp_path: Path) -> None:
    path = tmp_path / "wire.atom"
    path.write_text(ATOM, encoding="utf-8")
    [doc] = list(read_paths([path]))
    assert isinstance(doc, veille.Document)
    assert doc.title == "Strikes on Kyiv"
    assert doc.author == "A. Reporter"
    assert doc.published == dt.date(2025, 8, 7)
    assert doc.text == BODY


def test_xml_that_is_not_a_feed_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><table><row>1</row></table>", encoding="utf-8")
    [err] = list(read_paths([path]))
    assert isinstance(err, MalformedRecordError)
    assert "not an RSS or Atom feed" in err.reason


def test_feed_url_fetches_summary_items(site: str) -> None:
    docs = list(read_paths([f"{site}/feed.xml"], fetcher=LOCAL))
    by_title = {d.title: d for d in docs if isinstance(d, veille.Document)}
    assert set(by_title) == {"Nuit de frappes sur Kiev", "Berlin promet des systèmes"}
    berlin = by_title["Berlin promet des systèmes"]
    # the summary-only item was fetched: the article's text, the feed's title and date
    assert BODY.replace("Kiev", "Berlin") in berlin.text
    assert berlin.notes == ()
    assert berlin.published == dt.date(2025, 4, 11)
    assert berlin.id.startswith("127.0.0.1_")


def test_article_url_and_url_list(site: str, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# to read\n{site}/kiev\n\n{site}/empty\n{site}/missing\n", encoding="utf-8")
    items = list(read_paths([urls, f"{site}/kiev"], fetcher=LOCAL))
    docs = _docs(items)
    assert len(docs) == 1  # the same URL twice is read once
    [doc] = docs.values()
    assert doc.title == "Nuit de frappes sur Kiev"
    assert doc.published == dt.date(2025, 8, 6)
    assert doc.url == f"{site}/kiev"
    assert BODY in doc.text
    errors = {e.path: e.reason for e in items if isinstance(e, InputError)}
    assert "no main text" in errors[f"{site}/empty"]
    assert errors[f"{site}/missing"] == "HTTP status 404"


def test_no_network_is_said_clearly() -> None:
    [err] = list(read_paths(["https://news.invalid/article"]))
    assert isinstance(err, FetchError)
    assert err.path == "https://news.invalid/article"
    assert "cannot resolve news.invalid (no network?)" in err.reason


def test_private_addresses_need_permission(site: str) -> None:
    [err] = list(read_paths([f"{site}/kiev"]))
    assert isinstance(err, FetchError)
    assert "download failed" in err.reason
