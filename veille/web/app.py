"""The HTTP API and the offline web application of ``veille serve``: a thin FastAPI layer over
the store's queries and :mod:`veille.analytics`; every answer is a library record as JSON
(listings also as CSV or Parquet).

Reads are open; ``POST /api/documents`` ingests documents when the operator configured a token
(``VEILLE_TOKEN`` or the ``token`` setting) and the request carries it as a bearer token.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from ..analytics import actor_network, aid_flows, event_map
from ..errors import InputError, QueryError, VeilleError
from ..geo import Geocoder
from ..model import to_dict
from ..resources import ResourceCache
from ..settings import Settings
from ..store import (
    MAX_PAGE,
    DocumentSummary,
    EntityRow,
    EventFilter,
    EventRow,
    EventSort,
    Page,
    QuantityRow,
    QuoteRow,
    Store,
)
from ..tables import csv_text, parquet_bytes
from .pool import StorePool
from .stories import StoreStories, StorySource

__all__ = ["API_PREFIX", "Services", "create_app"]

log = logging.getLogger(__name__)

API_PREFIX = "/api"
Format = Literal["json", "csv", "parquet"]
_STATIC = resources.files("veille.web").joinpath("static")
# the web application runs only its own files: no inline script, nothing from elsewhere
_APP_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# the interactive API docs start Swagger UI with one inline script
_DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


class Services:
    """What the routes share for the life of the server: the stores, and the geocoder and the
    pipeline, each built the first time a request needs it."""

    def __init__(
        self,
        settings: Settings,
        *,
        cache: ResourceCache | None = None,
        stories: StorySource | None = None,
        pool_size: int = 4,
    ) -> None:
        self.settings = settings
        self.pool = StorePool(settings.db, size=pool_size)
        self.stories = stories or StoreStories()
        self._cache = cache
        self._lock = threading.Lock()
        self._geocoder: Geocoder | None = None
        self._pipeline: Any = None

    @property
    def writable(self) -> bool:
        return bool(self.settings.token)

    def geocoder(self) -> Geocoder:
        with self._lock:
            if self._geocoder is None:
                self._geocoder = Geocoder.load()
            return self._geocoder

    def pipeline(self) -> Any:
        from ..pipeline import Pipeline

        with self._lock:
            if self._pipeline is None:
                self._pipeline = Pipeline(self.settings, cache=self._cache or ResourceCache())
            return self._pipeline

    @contextmanager
    def store(self) -> Iterator[Store]:
        with self.pool.store() as store:
            yield store


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, "status": status, **extra}, status_code=status)


def _fail(status: int, message: str) -> HTTPException:
    return HTTPException(status_code=status, detail=message)


def _page_response(
    request: Request, page: Page[Any], record_type: type, fmt: Format, name: str
) -> Response:
    headers: dict[str, str] = {}
    if page.next:
        headers["X-Next-Cursor"] = page.next
        headers["Link"] = f'<{request.url.include_query_params(cursor=page.next)}>; rel="next"'
    if fmt == "csv":
        headers["Content-Disposition"] = f'inline; filename="{name}.csv"'
        return Response(
            csv_text(page.items, record_type), media_type="text/csv; charset=utf-8", headers=headers
        )
    if fmt == "parquet":
        headers["Content-Disposition"] = f'attachment; filename="{name}.parquet"'
        return Response(
            parquet_bytes(page.items, record_type),
            media_type="application/vnd.apache.parquet",
            headers=headers,
        )
    body = {"items": [to_dict(r) for r in page.items], "next": page.next}
    return JSONResponse(body, headers=headers)


Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Rows per page.")]
Cursor = Annotated[str | None, Query(description="The `next` of the previous page.")]
Many = Annotated[list[str] | None, Query()]


def _filters(
    type: Many = None,
    mode: Many = None,
    status: Many = None,
    lang: Many = None,
    country: Many = None,
    actor: str | None = None,
    entity: str | None = None,
    place: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    doc: str | None = None,
    q: str | None = None,
    story: str | None = None,
) -> dict[str, Any]:
    """The event filter parameters every event endpoint takes."""
    return {
        "type": type,
        "mode": mode,
        "status": status,
        "lang": lang,
        "country": country,
        "actor": actor,
        "entity": entity,
        "place": place,
        "since": since,
        "until": until,
        "doc": doc,
        "q": q,
        "story": story,
    }


Filters = Annotated[dict[str, Any], Depends(_filters)]


def _event_filter(
    services: Services,
    store: Store,
    *,
    type: Sequence[str] | None,
    mode: Sequence[str] | None,
    status: Sequence[str] | None,
    lang: Sequence[str] | None,
    country: Sequence[str] | None,
    actor: str | None,
    entity: str | None,
    place: str | None,
    since: dt.date | None,
    until: dt.date | None,
    doc: str | None,
    q: str | None,
    story: str | None,
) -> EventFilter:
    events = None
    if story:
        available, reason = services.stories.status(store)
        if not available:
            raise _fail(400, f"cannot filter by story: {reason}")
        events = services.stories.event_ids(store, story)
        if events is None:
            raise _fail(404, f"no story {story!r}")
    return EventFilter(
        type=tuple(type or ()),
        mode=tuple(mode or ()),
        status=tuple(status or ()),
        lang=tuple(lang or ()),
        country=tuple(country or ()),
        actor=actor or None,
        entity=entity or None,
        place=place or None,
        since=since,
        until=until,
        doc=doc or None,
        text=q if q and q.strip() else None,
        events=events,
    )


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError as exc:
            raise _fail(400, f"Content-Length {declared!r} is not a number") from exc
        if size > limit:
            raise _fail(413, f"request body of {size} bytes is over the limit of {limit} bytes")
    chunks: list[bytes] = []
    got = 0
    async for chunk in request.stream():
        got += len(chunk)
        if got > limit:
            raise _fail(413, f"request body is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _authorise(services: Services, request: Request) -> None:
    if not services.writable:
        raise _fail(
            403, "this server is read-only: no token is configured (VEILLE_TOKEN or `token`)"
        )
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(
            status_code=401,
            detail="POST /api/documents needs an `Authorization: Bearer TOKEN` header",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not hmac.compare_digest(given.strip().encode(), services.settings.token.encode()):
        raise HTTPException(
            status_code=401,
            detail="the bearer token is not the server's",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )


def create_app(
    settings: Settings,
    *,
    cache: ResourceCache | None = None,
    stories: StorySource | None = None,
) -> FastAPI:
    """The application of ``veille serve`` over the store ``settings.db``."""
    services = Services(settings, cache=cache, stories=stories)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        with services.store() as store:  # open (and migrate) the store before the first request
            log.info("serving %s (schema %d)", store.url, store.schema_version())
        yield
        services.pool.close()

    app = FastAPI(
        title="veille",
        summary="PLOVER political and conflict events read from news articles, each tied to its "
        "sentence.",
        version=_version(),
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.services = services

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        response = _error(exc.status_code, str(exc.detail))
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path"))
            problems.append(f"{where}: {err.get('msg')}")
        return _error(
            422, "invalid request: " + "; ".join(problems), detail=jsonable_encoder(exc.errors())
        )

    @app.exception_handler(QueryError)
    async def bad_query(_request: Request, exc: QueryError) -> JSONResponse:
        return _error(400, str(exc))

    @app.exception_handler(VeilleError)
    async def failed(_request: Request, exc: VeilleError) -> JSONResponse:
        log.error("request failed: %s", exc)
        return _error(500, str(exc))

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        docs = request.url.path in ("/docs",)
        response.headers.setdefault("Content-Security-Policy", _DOCS_CSP if docs else _APP_CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    # ------------------------------------------------------------------ the application
    @app.get("/", include_in_schema=False)
    def index() -> Response:
        with resources.as_file(_STATIC.joinpath("index.html")) as path:
            return FileResponse(Path(path), media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="veille API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    with resources.as_file(_STATIC) as static_dir:
        app.mount("/static", StaticFiles(directory=Path(static_dir)), name="static")

    _routes(app, services)
    return app


def _version() -> str:
    from .. import __version__

    return __version__


def _routes(app: FastAPI, services: Services) -> None:
    p = API_PREFIX

    @app.get(f"{p}/stats", tags=["summary"], summary="What the store holds")
    def stats() -> dict[str, Any]:
        with services.store() as store:
            info = to_dict(store.statistics())
            available, reason = services.stories.status(store)
        info["writable"] = services.writable
        info["stories"] = {"available": available, "reason": reason}
        info["max_request_bytes"] = services.settings.max_request_bytes
        return info

    @app.get(f"{p}/events", tags=["events"], summary="Events, filtered and sorted, by pages")
    def events(
        request: Request,
        f: Filters,
        sort: EventSort = "date",
        order: Literal["asc", "desc"] = "asc",
        limit: Limit = 50,
        cursor: Cursor = None,
        format: Format = "json",
    ) -> Response:
        with services.store() as store:
            where = _event_filter(services, store, **f)
            page = store.event_page(
                where, sort=sort, descending=order == "desc", limit=limit, cursor=cursor
            )
        return _page_response(request, page, EventRow, format, "events")

    @app.get(f"{p}/events/facets", tags=["events"], summary="Event counts by field")
    def facets(f: Filters, top: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
        with services.store() as store:
            return to_dict(store.event_facets(_event_filter(services, store, **f), top=top))

    @app.get(f"{p}/events/timeline", tags=["events"], summary="Events per day and type")
    def timeline(f: Filters) -> dict[str, Any]:
        with services.store() as store:
            days = store.event_days(_event_filter(services, store, **f))
        return {"days": [to_dict(d) for d in days]}

    @app.get(f"{p}/events/network", tags=["events"], summary="Who acts on whom")
    def network(f: Filters, top: Annotated[int, Query(ge=1, le=500)] = 60) -> dict[str, Any]:
        with services.store() as store:
            return to_dict(actor_network(store, _event_filter(services, store, **f), top=top))

    @app.get(f"{p}/events/map", tags=["events"], summary="Event places with coordinates")
    def places(f: Filters) -> dict[str, Any]:
        geocoder = services.geocoder()
        with services.store() as store:
            found = event_map(store, _event_filter(services, store, **f), geocoder)
        return {"places": [to_dict(x) for x in found]}

    @app.get(f"{p}/events/{{doc}}/{{idx}}", tags=["events"], summary="One event and its amounts")
    def event(doc: str, idx: int) -> dict[str, Any]:
        with services.store() as store:
            found = [e for e in store.events(doc=doc) if e.idx == idx]
            if not found:
                raise _fail(404, f"no event {idx} in document {doc!r}")
            amounts = store.event_quantities(doc, idx)
        return {"event": to_dict(found[0]), "quantities": [to_dict(q) for q in amounts]}

    @app.get(f"{p}/aid", tags=["events"], summary="Aid by donor and recipient")
    def aid(f: Filters) -> dict[str, Any]:
        with services.store() as store:
            flows = aid_flows(store, _event_filter(services, store, **f))
        return {"flows": [to_dict(x) for x in flows]}

    @app.get(f"{p}/entities", tags=["entities"], summary="Named entities, most mentioned first")
    def entities(
        request: Request,
        type: str | None = None,
        name: str | None = None,
        country: str | None = None,
        limit: Limit = 50,
        cursor: Cursor = None,
        format: Format = "json",
    ) -> Response:
        with services.store() as store:
            page = store.entity_page(
                type=type, name=name, country=country, limit=limit, cursor=cursor
            )
        return _page_response(request, page, EntityRow, format, "entities")

    @app.get(
        f"{p}/entities/{{key}}", tags=["entities"], summary="One entity: forms, documents, events"
    )
    def entity(key: str) -> dict[str, Any]:
        with services.store() as store:
            profile = store.entity(key)
        if profile is None:
            raise _fail(404, f"no entity {key!r}")
        return to_dict(profile)

    @app.get(f"{p}/documents", tags=["documents"], summary="Documents, newest first")
    def documents(
        request: Request,
        lang: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: Limit = 50,
        cursor: Cursor = None,
        format: Format = "json",
    ) -> Response:
        with services.store() as store:
            page = store.document_page(
                lang=lang, since=since, until=until, limit=limit, cursor=cursor
            )
        return _page_response(request, page, DocumentSummary, format, "documents")

    @app.get(f"{p}/documents/{{doc_id}}", tags=["documents"], summary="One document and every span")
    def document(doc_id: str) -> dict[str, Any]:
        with services.store() as store:
            stored = store.document(doc_id)
            if stored is None:
                raise _fail(404, f"no document {doc_id!r}")
            segments = store.segments(doc_id)
        out = to_dict(stored)
        out["segments"] = [to_dict(s) for s in segments]
        return out

    @app.post(
        f"{p}/documents",
        tags=["documents"],
        summary="Ingest documents (bearer token)",
        status_code=201,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "text/plain": {"schema": {"type": "string"}},
                    "text/html": {"schema": {"type": "string"}},
                    "application/jsonl": {"schema": {"type": "string"}},
                },
            }
        },
    )
    async def post_documents(
        request: Request,
        id: Annotated[str | None, Query(description="Document id (text and HTML).")] = None,
        title: str | None = None,
        published: dt.date | None = None,
        url: str | None = None,
        source: str | None = None,
        language: str | None = None,
    ) -> JSONResponse:
        _authorise(services, request)
        media = request.headers.get("content-type", "")
        body = await _read_body(request, services.settings.max_request_bytes)
        if not body.strip():
            raise _fail(400, "the request body is empty")
        from ..uploads import MEDIA_TYPES, read_upload

        if media.split(";")[0].strip().lower() not in MEDIA_TYPES:
            raise _fail(
                415,
                f"unsupported media type {media or '(none)'!r}: one of "
                + ", ".join(sorted(MEDIA_TYPES)),
            )
        items = read_upload(
            body,
            media,
            doc_id=id,
            title=title,
            published=published,
            url=url,
            source=source,
            language=language,
        )
        return await run_in_threadpool(_ingest, services, items)

    @app.get(f"{p}/quotes", tags=["quotes"], summary="Quotes with their speaker")
    def quotes(
        request: Request,
        speaker: str | None = None,
        doc: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        lang: str | None = None,
        limit: Limit = 50,
        cursor: Cursor = None,
        format: Format = "json",
    ) -> Response:
        with services.store() as store:
            page = store.quote_page(
                speaker=speaker,
                doc=doc,
                since=since,
                until=until,
                lang=lang,
                limit=limit,
                cursor=cursor,
            )
        return _page_response(request, page, QuoteRow, format, "quotes")

    @app.get(f"{p}/quantities", tags=["quantities"], summary="Amounts: money, casualties, items")
    def quantities(
        request: Request,
        unit: str | None = None,
        doc: str | None = None,
        limit: Limit = 50,
        cursor: Cursor = None,
        format: Format = "json",
    ) -> Response:
        with services.store() as store:
            page = store.quantity_page(unit=unit, doc=doc, limit=limit, cursor=cursor)
        return _page_response(request, page, QuantityRow, format, "quantities")

    @app.get(f"{p}/stories", tags=["stories"], summary="Stories: events across reports")
    def stories(limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
        with services.store() as store:
            available, reason = services.stories.status(store)
            page = services.stories.stories(store, limit=limit, cursor=cursor)
        return {
            "available": available,
            "reason": reason,
            "items": [to_dict(s) for s in page.items],
            "next": page.next,
        }

    @app.get(f"{p}/stories/{{story_id}}", tags=["stories"], summary="One story")
    def story(story_id: str) -> dict[str, Any]:
        with services.store() as store:
            found = services.stories.story(store, story_id)
            available, why = (True, "") if found else services.stories.status(store)
        if found is None:
            reason = "" if available else f": {why}"
            raise _fail(404, f"no story {story_id!r}{reason}")
        return to_dict(found)


def _ingest(services: Services, items: list[Any]) -> JSONResponse:
    from ..ingest import IngestReport, ingest_documents

    if all(isinstance(i, InputError) for i in items):  # nothing to analyse: no models to load
        report = IngestReport(rejected=list(items))
    else:
        with services.store() as store:
            report = ingest_documents(items, services.pipeline(), store)
    rejected = [{"path": e.path, "reason": e.reason} for e in report.rejected]
    accepted = [i.id for i in items if not isinstance(i, InputError)]
    rejected_ids = {e.path for e in report.rejected}
    body = {
        "stored": report.stored,
        "replaced": report.replaced,
        "unchanged": report.unchanged,
        "rejected": rejected,
        "documents": [d for d in accepted if d not in rejected_ids],
    }
    if report.stored + report.replaced + report.unchanged == 0:
        why = "; ".join(f"{e['path']}: {e['reason']}" for e in rejected)
        return _error(422, f"no document could be read from the request body ({why})", **body)
    status = 201 if report.stored + report.replaced else 200
    return JSONResponse(body, status_code=status)
