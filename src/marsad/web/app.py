"""The HTTP API over a marsad database (and the page, when the package ships one).

    >>> from marsad.web.app import create_app
    >>> app = create_app("corpus.db")        # uvicorn.run(app) or `marsad serve --db corpus.db`

Routes (``docs/web.md``): ``GET /api/events``, ``/api/events/{event_id}``,
``/api/articles/{doc_id}``, ``/api/stats``, ``/api/health``, ``POST /api/extract``; OpenAPI at
``/docs`` and ``/openapi.json``; the page's static files at ``/``. Every answer is JSON (the page
escapes article text itself; the server never builds HTML from it). Reads open the database
read-only; a database that is missing, locked, not marsad's or of another schema version is a
one-line :class:`~marsad.errors.MarsadError` from :func:`create_app`, before any request.
"""

from __future__ import annotations

import contextlib
import importlib.resources
import io
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from marsad import export
from marsad.cli_common import version
from marsad.errors import MarsadError
from marsad.storage import StoreError
from marsad.web import api_models as m
from marsad.web.data import Filters, Reader
from marsad.web.params import ParamError, filters
from marsad.web.security import Guard
from marsad.web.spans import article_spans, full_text

#: The most events one page may hold.
MAX_LIMIT = 1000
DEFAULT_LIMIT = 50
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")

_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": m.Problem, "description": "no such id"}}
_BAD: dict[int | str, dict[str, Any]] = {
    422: {"model": m.Problem, "description": "a parameter that cannot be used (its name in detail[].loc)"}
}

From = Annotated[str | None, Query(alias="from", description="events on or after this day (YYYY-MM-DD)")]
To = Annotated[str | None, Query(alias="to", description="events on or before this day (YYYY-MM-DD)")]
Country = Annotated[str | None, Query(description="ISO 3166-1 alpha-2 or -3 code, or English name")]
Type = Annotated[str | None, Query(alias="type", description="an ACLED event type or sub-event type, any case")]
Actor = Annotated[str | None, Query(description="part of an actor's name, English or Arabic (normalized)")]
Near = Annotated[str | None, Query(description="lat,lon,km: within km kilometres of a point")]
Bbox = Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat")]
Text = Annotated[str | None, Query(description="words that must all occur in the evidence, notes, place, actors "
                                               "or sources (Arabic normalized as marsad does)")]  # fmt: skip
MinConfidence = Annotated[float | None, Query(ge=0.0, le=1.0, description="confidence at least this (0..1)")]


def _filters(
    date_from: From = None, date_to: To = None, country: Country = None, event_type: Type = None,
    actor: Actor = None, near: Near = None, bbox: Bbox = None, q: Text = None, min_confidence: MinConfidence = None,
) -> Filters:  # fmt: skip
    """The filters every listing route takes (a FastAPI dependency: one declaration, one check)."""
    try:
        return filters(date_from=date_from, date_to=date_to, country=country, event_type=event_type, actor=actor,
                       near=near, bbox=bbox, q=q, min_confidence=min_confidence)  # fmt: skip
    except ParamError as exc:
        raise HTTPException(422, detail=exc.detail()) from None


Filtered = Annotated[Filters, Depends(_filters)]


def _static_folder() -> Path | None:
    folder = importlib.resources.files("marsad.web").joinpath("static")
    if isinstance(folder, Path) and folder.is_dir() and (folder / "index.html").is_file():
        return folder
    return None


def create_app(db: str | None, *, api_key: str | None = None, allow_post: bool = True) -> FastAPI:
    """The API over the database ``db`` (a path, ``sqlite:///...`` or ``postgresql://...``).

    ``api_key``: when given, ``POST`` needs it in the ``X-API-Key`` header (else 403).
    ``allow_post=False`` refuses every ``POST`` (a server reachable from other machines without a
    key; see :func:`marsad.web.security.post_policy`). Raises :class:`MarsadError` (one line)
    when the database cannot be read."""
    try:
        reader = Reader(db)
    except StoreError:
        raise
    except Exception as exc:  # a database marsad cannot read at all
        raise MarsadError(f"{db}: cannot read the database ({type(exc).__name__}: {exc})") from None
    post_mode: Literal["open", "key", "disabled"] = "disabled" if not allow_post else ("key" if api_key else "open")
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        reader.close()

    app = FastAPI(
        title="marsad", version=version(), redoc_url=None, lifespan=lifespan,
        description="Arabic conflict news as ACLED-style event records, with the words behind every field.",
    )  # fmt: skip
    app.state.reader = reader

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{k: e.get(k) for k in ("loc", "msg", "type")} for e in exc.errors()]
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": f"internal error: {type(exc).__name__}"}, status_code=500)

    @app.get("/api/health", response_model=m.Health)
    def health() -> JSONResponse:
        return JSONResponse({"status": "ok", "version": version(), "events": reader.count(), "post": post_mode})

    @app.get("/api/events", response_model=m.EventsPage | m.FeatureCollection, responses=_BAD)
    def list_events(
        f: Filtered,
        limit: Annotated[int, Query(ge=0, le=MAX_LIMIT, description="events per page")] = DEFAULT_LIMIT,
        offset: Annotated[int, Query(ge=0, le=10**9, description="events to skip")] = 0,
        format: Annotated[Literal["json", "geojson"], Query(description="json or geojson")] = "json",
    ) -> JSONResponse:  # fmt: skip
        """Events matching every filter given, by date (undated last) then id, one page at a time."""
        total, records = reader.page(f, limit=limit, offset=offset)
        if format == "geojson":
            buffer = io.StringIO()
            export.write_geojson(records, buffer, include_unlocated=True)
            collection = json.loads(buffer.getvalue())
            collection.update(total=total, offset=offset, limit=limit)
            return JSONResponse(collection, media_type="application/geo+json")
        return JSONResponse({"total": total, "offset": offset, "limit": limit, "events": records})

    @app.get("/api/events/{event_id}", response_model=m.EventDetail, responses=_NOT_FOUND)
    def show_event(event_id: str) -> JSONResponse:
        """One event's merged record and every report behind it."""
        found = reader.event(event_id)
        if found is None and re.fullmatch(r"[A-Z]{3}-.+", event_id):  # an ACLED-CSV id: SYR-m-...
            found = reader.event(event_id[4:])
        if found is None:
            raise HTTPException(404, detail=f"no event {event_id!r}")
        return JSONResponse(found)

    @app.get("/api/articles/{doc_id:path}", response_model=m.ArticleOut, responses=_NOT_FOUND)
    def show_article(doc_id: str) -> JSONResponse:
        """A stored article, its current records, and the span of every field of every record."""
        found = reader.article(doc_id)
        if found is None:
            raise HTTPException(404, detail=f"no article {doc_id!r}")
        article, records = found
        whole = full_text(article.title, article.text)
        return JSONResponse({
            "doc_id": article.doc_id, "title": article.title, "text": article.text, "url": article.url,
            "outlet": article.outlet, "published": None if article.published is None else str(article.published)[:10],
            "full_text": whole, "records": records, "spans": article_spans(records, whole),
        })  # fmt: skip

    @app.get("/api/export", responses={**_BAD, 200: {"content": {"text/csv": {}, "application/geo+json": {}}}})
    def export_events(
        format: Annotated[Literal["acled-csv", "geojson"], Query(description="acled-csv or geojson")],
        f: Filtered,
    ) -> Response:  # fmt: skip
        """Every event matching the filters, as a file: ACLED's CSV columns, or GeoJSON."""
        total, records = reader.page(f, limit=10**9, offset=0)
        buffer = io.StringIO()
        if format == "acled-csv":
            export.write_acled_csv(records, buffer)
            media, name = "text/csv; charset=utf-8", "marsad-events.csv"
        else:
            export.write_geojson(records, buffer)
            media, name = "application/geo+json", "marsad-events.geojson"
        headers = {"Content-Disposition": f'attachment; filename="{name}"', "X-Total-Count": str(total)}
        return Response(buffer.getvalue(), media_type=media, headers=headers)

    @app.get("/api/stats", response_model=m.Stats, responses=_BAD)
    def stats(
        f: Filtered,
    ) -> JSONResponse:  # fmt: skip
        """Events and fatalities (best estimates) by day, type, country and actor, under the same filters."""
        return JSONResponse(reader.stats(f))

    @app.post("/api/extract", response_model=m.ExtractOut,
              responses={**_BAD, 403: {"model": m.Problem}, 413: {"model": m.Problem}})  # fmt: skip
    def extract(body: m.ExtractIn) -> JSONResponse:
        """Extract the records of one article (nothing is stored), with the span of every field."""
        from marsad import api

        if not _ARABIC.search(body.text):
            raise HTTPException(422, detail=[{"loc": ["body", "text"], "msg": "the text has no Arabic",
                                              "type": "value_error"}])  # fmt: skip
        try:
            events = api.extract(body.text, title=body.title, published=body.published,
                                 min_confidence=body.min_confidence)  # fmt: skip
        except MarsadError as exc:
            detail = [{"loc": ["body", "text"], "msg": str(exc), "type": "value_error"}]
            raise HTTPException(422, detail=detail) from None
        records = [e.to_dict() for e in events]
        whole = full_text(body.title or None, body.text)
        return JSONResponse({"records": records, "full_text": whole, "spans": article_spans(records, whole)})

    static = _static_folder()
    if static is not None:
        app.mount("/", StaticFiles(directory=static, html=True), name="page")
    app.add_middleware(Guard, api_key=api_key, allow_post=allow_post)
    return app
