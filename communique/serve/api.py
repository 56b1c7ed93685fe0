"""The JSON API under `/api/`: one endpoint per page, with pagination and CSV/JSON downloads."""

from __future__ import annotations

import csv
import hmac
import io
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from communique.records import EventType
from communique.serve import queries as q

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
COUNTRY = r"^[A-Za-z]{2}$"
MAX_PER_PAGE = 1000
ActorKind = Literal["person", "organization", "country", "location"]
Format = Literal["json", "csv"]


class ErrorDetail(BaseModel):
    code: str = Field(description="machine-readable: not_found, invalid_request, unauthorized, ...")
    message: str


class ErrorResponse(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Malformed request"},
    404: {"model": ErrorResponse, "description": "Not found"},
    422: {"model": ErrorResponse, "description": "Invalid parameters"},
    500: {"model": ErrorResponse, "description": "Internal error"},
    503: {"model": ErrorResponse, "description": "The store could not be read"},
}
DOWNLOADABLE = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)


# -- response models (loose where the record's own schema applies) ---------------------------


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class FacetValue(BaseModel):
    value: str | None
    label: str | None
    count: int


class SearchItem(BaseModel):
    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    snippet: str
    snippet_marks: list[list[int]] = Field(description="[start, end] of the query's hits in `snippet`")


class Page(BaseModel):
    total: int
    page: int
    per_page: int
    pages: int


class SearchResult(Page):
    query: str
    filters: dict[str, str | None]
    items: list[SearchItem]
    facets: dict[str, list[FacetValue]] | None = None


class EventItem(BaseModel):
    doc_id: str
    id: str
    type: str
    name: str | None
    status: str | None
    date: str | None
    location: dict[str, str | None] | None
    document_title: str | None
    participants: list[dict[str, str | None]]


class EventList(Page):
    filters: dict[str, str | None]
    items: list[EventItem]


class ActorItem(BaseModel):
    id: str
    kind: str
    name: str
    country: str | None
    documents: int


class ActorList(Page):
    filters: dict[str, str | None]
    items: list[ActorItem]


class ActorDetail(BaseModel):
    id: str
    kind: str
    name: str
    country: str | None
    names: list[dict[str, Any]]
    roles: list[dict[str, Any]]
    documents: int
    first_seen: str | None
    last_seen: str | None
    events: list[dict[str, Any]]
    statements: list[dict[str, Any]]
    counterparts: list[dict[str, Any]]
    recent_documents: list[dict[str, Any]]


class EventDetail(BaseModel):
    doc_id: str
    id: str
    type: str | None
    plover: str | None
    name: str | None
    status: str | None
    date: str | None
    date_stated: bool
    location: dict[str, Any] | None
    organizers: list[dict[str, Any]]
    participants: list[dict[str, Any]]
    topics: list[str]
    evidence: list[dict[str, Any]]
    document: dict[str, Any]
    related: list[dict[str, Any]]


class DocumentRecord(Open):
    """The record (see RECORD.md), each entity with `actor`: its cross-document actor id."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    entities: list[dict[str, Any]]
    events: list[dict[str, Any]]
    statements: list[dict[str, Any]]
    references: list[dict[str, Any]]


class NetworkNode(BaseModel):
    id: str
    name: str
    kind: str
    country: str | None
    weight: int


class NetworkEdge(BaseModel):
    source: str
    target: str
    weight: int = Field(description="events the two took part in together")


class Network(BaseModel):
    filters: dict[str, Any]
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    truncated: bool


class Overview(BaseModel):
    totals: dict[str, int]
    events_per_month: list[dict[str, Any]]
    event_types: list[dict[str, Any]]
    top_actors: list[dict[str, Any]]
    top_countries: list[dict[str, Any]]
    sources: list[dict[str, Any]]


class UploadDocument(BaseModel):
    text: str = Field(min_length=1, max_length=1_000_000)
    title: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    source: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=2000)


class UploadResult(BaseModel):
    ids: list[str]


# -- helpers ----------------------------------------------------------------------------------


def _db(request: Request):
    return request.app.state.db.connect()


def _csv_cell(value: Any) -> Any:
    """Spreadsheet formula injection: a cell from an untrusted document must not start a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def tabular(
    name: str,
    rows: list[dict[str, Any]],
    columns: list[str],
    fmt: Format,
    download: bool,
    payload: dict[str, Any],
) -> Response:
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(columns)
        for r in rows:
            w.writerow([_csv_cell(r.get(c)) for c in columns])
        return Response(
            buf.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    headers = {"Content-Disposition": f'attachment; filename="{name}.json"'} if download else None
    return JSONResponse(payload, headers=headers)


PageQ = Annotated[int, Query(ge=1, le=100_000, description="1-based page number")]
PerPageQ = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="items per page")]
DateFromQ = Annotated[str | None, Query(pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD, inclusive")]
DateToQ = Annotated[str | None, Query(pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD, inclusive")]
CountryQ = Annotated[str | None, Query(pattern=COUNTRY, description="ISO 3166-1 alpha-2 code")]
TypeQ = Annotated[EventType | None, Query(description="event type")]
FormatQ = Annotated[Format, Query(description="csv for a spreadsheet of this page")]
DownloadQ = Annotated[bool, Query(description="send as an attachment")]


def search_filters(q_: str, source, event_type, country, actor, date_from, date_to) -> q.SearchFilters:
    return q.SearchFilters(
        q=q_ or "",
        source=source or None,
        event_type=event_type or None,
        country=(country or "").upper() or None,
        actor=actor or None,
        date_from=date_from or None,
        date_to=date_to or None,
    )


# -- endpoints --------------------------------------------------------------------------------


@router.get("/search", response_model=SearchResult, responses=DOWNLOADABLE, summary="Full-text search")
def api_search(
    request: Request,
    q_: Annotated[str, Query(alias="q", max_length=500, description='words, "a phrase"')] = "",
    source: Annotated[str | None, Query(max_length=200)] = None,
    event_type: TypeQ = None,
    country: CountryQ = None,
    actor: Annotated[str | None, Query(max_length=60, description="actor id")] = None,
    date_from: DateFromQ = None,
    date_to: DateToQ = None,
    page: PageQ = 1,
    per_page: PerPageQ = 20,
    facets: Annotated[bool, Query(description="include facet counts")] = True,
    format: FormatQ = "json",
    download: DownloadQ = False,
):
    f = search_filters(q_, source, event_type, country, actor, date_from, date_to)
    with _db(request) as conn:
        index = request.app.state.db.search_index(conn)
        result = q.search(
            conn, f, page=page, per_page=per_page, facets=facets and format == "json", index=index
        )
    return tabular(
        "search",
        result["items"],
        ["id", "title", "published", "source", "url", "snippet"],
        format,
        download,
        SearchResult.model_validate(result).model_dump(mode="json"),
    )


@router.get("/documents/{doc_id}", response_model=DocumentRecord, summary="One document's record")
def api_document(request: Request, doc_id: Annotated[str, Path(max_length=80)]):
    with _db(request) as conn:
        return q.document(conn, doc_id)


@router.get("/events", response_model=EventList, responses=DOWNLOADABLE, summary="Events, newest first")
def api_events(
    request: Request,
    event_type: TypeQ = None,
    country: CountryQ = None,
    actor: Annotated[str | None, Query(max_length=60, description="actor id")] = None,
    date_from: DateFromQ = None,
    date_to: DateToQ = None,
    page: PageQ = 1,
    per_page: PerPageQ = 50,
    format: FormatQ = "json",
    download: DownloadQ = False,
):
    with _db(request) as conn:
        result = q.list_events(
            conn,
            event_type=event_type,
            country=country,
            date_from=date_from,
            date_to=date_to,
            actor=actor,
            page=page,
            per_page=per_page,
        )
    rows = [
        {
            **r,
            "location_name": (r["location"] or {}).get("name"),
            "location_country": (r["location"] or {}).get("country"),
            "participants": "; ".join(f"{p['name']} ({p['role']})" for p in r["participants"]),
        }
        for r in result["items"]
    ]
    return tabular(
        "events",
        rows,
        [
            "doc_id",
            "id",
            "type",
            "name",
            "status",
            "date",
            "location_name",
            "location_country",
            "participants",
            "document_title",
        ],
        format,
        download,
        EventList.model_validate(result).model_dump(mode="json"),
    )


@router.get("/events/{doc_id}/{event_id}", response_model=EventDetail, summary="One event")
def api_event(
    request: Request,
    doc_id: Annotated[str, Path(max_length=80)],
    event_id: Annotated[str, Path(max_length=20)],
):
    with _db(request) as conn:
        return q.event(conn, doc_id, event_id)


@router.get(
    "/actors", response_model=ActorList, responses=DOWNLOADABLE, summary="Actors, most documents first"
)
def api_actors(
    request: Request,
    q_: Annotated[str, Query(alias="q", max_length=200, description="part of a name or alias")] = "",
    kind: Annotated[ActorKind | None, Query()] = None,
    country: CountryQ = None,
    page: PageQ = 1,
    per_page: PerPageQ = 50,
    format: FormatQ = "json",
    download: DownloadQ = False,
):
    with _db(request) as conn:
        result = q.list_actors(conn, q=q_, kind=kind, country=country, page=page, per_page=per_page)
    return tabular(
        "actors",
        result["items"],
        ["id", "kind", "name", "country", "documents"],
        format,
        download,
        ActorList.model_validate(result).model_dump(mode="json"),
    )


@router.get("/actors/{actor_id}", response_model=ActorDetail, summary="One actor: names, roles, timeline")
def api_actor(request: Request, actor_id: Annotated[str, Path(max_length=60)]):
    with _db(request) as conn:
        return q.actor(conn, actor_id)


@router.get("/network", response_model=Network, summary="Who met whom")
def api_network(
    request: Request,
    date_from: DateFromQ = None,
    date_to: DateToQ = None,
    country: CountryQ = None,
    event_type: TypeQ = None,
    kind: Annotated[list[ActorKind] | None, Query(description="actor kinds shown (default person)")] = None,
    limit: Annotated[int, Query(ge=1, le=2000, description="strongest edges kept")] = 250,
):
    with _db(request) as conn:
        return q.network(
            conn,
            date_from=date_from,
            date_to=date_to,
            country=country,
            event_type=event_type,
            kinds=tuple(kind or ("person",)),
            limit=limit,
        )


@router.get("/overview", response_model=Overview, summary="Totals, events per month, top actors")
def api_overview(request: Request):
    with _db(request) as conn:
        return q.overview(conn)


@router.post(
    "/documents",
    response_model=UploadResult,
    status_code=201,
    summary="Upload documents (needs a token)",
    responses={
        401: {"model": ErrorResponse, "description": "Missing or wrong token"},
        403: {"model": ErrorResponse, "description": "Uploads are disabled"},
    },
)
def api_upload(
    request: Request,
    documents: Annotated[list[UploadDocument], Body(min_length=1, max_length=100)],
    authorization: Annotated[str | None, Header(description="Bearer <COMMUNIQUE_UPLOAD_TOKEN>")] = None,
):
    token = request.app.state.upload_token
    if not token:
        raise HTTPException(403, "uploads are disabled: start the server with COMMUNIQUE_UPLOAD_TOKEN set")
    # RFC 6750: `Bearer <token>`, the scheme case-insensitive; a bare token is not accepted.
    scheme, _, given = (authorization or "").strip().partition(" ")
    given = given.strip() if scheme.lower() == "bearer" else ""
    if not given or not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(
            401,
            "a valid upload token is required (Authorization: Bearer ...)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    docs = [d.model_dump() for d in documents]
    ingest = request.app.state.ingest or ingest_documents
    ids = ingest(request.app.state.db_url, docs)
    return {"ids": ids}


def ingest_documents(db_url: str, docs: list[dict[str, Any]]) -> list[str]:
    """Extract records from posted documents and write them to the store (the real pipeline)."""
    from communique import pipeline
    from communique.records import Document, Source
    from communique.store import open_store

    inputs = [
        Document(
            text=d["text"],
            origin=f"upload:{i}",
            title=d.get("title"),
            published=d.get("published"),
            source=Source(name=d.get("source"), url=d.get("url")),
        )
        for i, d in enumerate(docs)
    ]
    records = [r for r in pipeline.process(iter(inputs)) if not isinstance(r, Exception)]
    with open_store(db_url) as store:
        store.write_batch(records, [])
        store.finish_ingest(False)
    return [r.id for r in records]


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)
