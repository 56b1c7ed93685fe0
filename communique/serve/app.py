"""The web app: `create_app(db_url)` builds a FastAPI app over one store.

Read-only by default: the SQLite connections the app reads with are opened with
`PRAGMA query_only`, PostgreSQL ones as read-only transactions.  Uploading (`POST /api/documents`)
exists only when an upload token is given (the CLI takes it from `COMMUNIQUE_UPLOAD_TOKEN`).
No CORS headers are sent: browsers keep other origins out.  Every error, HTML or JSON, has one
shape: `{"error": {"code": ..., "message": ...}}` under `/api/`, an error page elsewhere.
"""

from __future__ import annotations

import gc
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from communique.errors import StoreError
from communique.serve.queries import NotFound, SearchIndex

HERE = Path(__file__).parent
log = logging.getLogger("communique.serve")

# Content-Security-Policy: scripts and styles only from our own /static, nothing inline, no
# frames, no plugins.  Even if some escaping were missed, an injected <script> would not run.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)

# Above this many documents search facets are counted in SQL rather than from a memory index.
MAX_INDEXED_DOCUMENTS = 100_000
# While the store keeps changing, the index is rebuilt at most this often (SQL answers meanwhile).
INDEX_MIN_AGE_S = 5.0

ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    503: "unavailable",
}


class Database:
    """Where the app reads from: a read-only engine over the store at `url`, and the in-memory
    search index over it (rebuilt when the store changes)."""

    def __init__(self, url: str, freeze_heap: bool = False) -> None:
        self.url = url
        self.freeze_heap = freeze_heap
        self.engine = read_engine(url)
        self._path = sqlite_path(url)
        self._index: tuple[Any, SearchIndex] | None = None
        self._lock = threading.Lock()  # the watch connection
        self._build_lock = threading.Lock()
        self._built_at = float("-inf")
        self._watch: sqlite3.Connection | None = None

    def _version(self, conn: Connection) -> Any:
        """Something that changes whenever the store does.  SQLite: `PRAGMA data_version` on one
        connection of our own, which changes when any other connection commits (the app never
        writes through it).  PostgreSQL: row counts and the last seq."""
        if self._path is not None:
            with self._lock:
                if self._watch is None:
                    self._watch = sqlite3.connect(
                        f"file:{self._path}?mode=ro", uri=True, check_same_thread=False
                    )
                return self._watch.execute("PRAGMA data_version").fetchone()[0]
        from sqlalchemy import func, select

        from communique.store.schema import actors, documents, entities

        return (
            tuple(conn.execute(select(func.count(), func.max(documents.c.seq))).one()),
            conn.execute(select(func.count()).select_from(entities)).scalar_one(),
            conn.execute(select(func.count()).select_from(actors)).scalar_one(),
        )

    def search_index(self, conn: Connection) -> SearchIndex | None:
        """The search index for the store as it is now; None (search in SQL) for a store too big
        to hold or one that changed less than INDEX_MIN_AGE_S after the last build."""
        version = self._version(conn)
        cached = self._index
        if cached is not None and cached[0] == version:
            return cached[1]
        if time.monotonic() - self._built_at < INDEX_MIN_AGE_S:
            # The store changed right after the last build (an ingest is writing): answer exactly
            # from SQL rather than rebuild on every request.
            return None
        with self._build_lock:
            cached = self._index
            if cached is not None and cached[0] == version:
                return cached[1]
            self._built_at = time.monotonic()
            from sqlalchemy import func, select

            from communique.store.schema import documents

            if conn.execute(select(func.count()).select_from(documents)).scalar_one() > MAX_INDEXED_DOCUMENTS:
                return None
            index = SearchIndex(conn)
            self._index = (version, index)
            if self.freeze_heap:
                settle_heap()
            return index

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"reading the store failed: {exc.__class__.__name__}") from exc


def settle_heap() -> None:
    """Move every object alive now (modules, the app, the search index) out of the garbage
    collector's view.  They live as long as the app, and a full collection that walks them all
    (~140,000 objects) took 70-95 ms on a quiet machine: a stall for whatever request triggered
    it.  Reference counting still frees them when they go (an old index is freed on rebuild),
    but a reference cycle among them is never collected: so only the long-running server does
    this (`freeze_heap`), not the many short-lived apps of the tests."""
    gc.collect()
    gc.freeze()


def sqlite_path(url: str) -> str | None:
    if url.startswith(("postgresql", "postgres://")):
        return None
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///") :]
    if "://" in url:
        raise StoreError(f"unsupported store URL {url!r}: use a file path or postgresql://...")
    return url


def read_engine(url: str) -> Engine:
    """An engine that cannot write.  The store must exist: serving never creates one."""
    path = sqlite_path(url)
    if path is not None:
        if path in (":memory:", "") or not Path(path).is_file():
            raise StoreError(f"no store at {path!r}: run `communique ingest` first (or pass --db)")
        from communique.store import open_store

        open_store(path).close()  # an older store is migrated once, by the store's own code
        engine = create_engine(
            f"sqlite:///{path}", connect_args={"check_same_thread": False}, pool_size=8, max_overflow=8
        )

        @event.listens_for(engine, "connect")
        def _ro(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA busy_timeout=5000")
            cur.execute("PRAGMA query_only=ON")
            cur.close()

        return engine
    from communique.store import open_store
    from communique.store.postgres import _driver_url

    open_store(url).close()
    engine = create_engine(_driver_url(url), pool_pre_ping=True)

    @event.listens_for(engine, "connect")
    def _ro_pg(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        cur.close()
        dbapi_conn.commit()

    return engine


def error_body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code or ERROR_CODES.get(status, f"http_{status}"), "message": message}}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def create_app(
    db_url: str,
    *,
    upload_token: str | None = None,
    ingest: Callable[[str, list[dict[str, Any]]], list[str]] | None = None,
    freeze_heap: bool = False,
) -> FastAPI:
    """The app over the store at `db_url` (a path or a database URL).

    `upload_token` enables `POST /api/documents`; `ingest` (for tests) replaces the real
    extract-and-store step: it gets the store URL and the posted documents, returns record ids.
    `freeze_heap` (the `serve` command) keeps long-lived objects out of the garbage collector's
    full passes (`settle_heap`).
    """
    from communique.serve import api, pages

    app = FastAPI(
        title="communique",
        summary="Diplomatic press releases as structured records: search, documents, events, actors.",
        version=_version(),
        docs_url=None,
        redoc_url=None,  # their default pages load scripts from a CDN; see /api/docs
        openapi_url="/api/openapi.json",
    )
    app.state.db = Database(db_url, freeze_heap)
    app.state.db_url = db_url
    app.state.upload_token = upload_token or None
    app.state.ingest = ingest
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    assert templates.env.autoescape, "templates must autoescape"
    pages.setup_templates(templates)
    app.state.templates = templates

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    if freeze_heap:
        settle_heap()

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    def respond(
        request: Request,
        status: int,
        message: str,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ):
        if wants_json(request):
            return JSONResponse(error_body(status, message, code), status_code=status, headers=headers)
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "code": code or ERROR_CODES.get(status, "error"), "message": message},
            status_code=status,
            headers=headers,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return respond(request, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
        return respond(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return respond(request, 404, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):
        log.error("store error: %s", exc)
        return respond(request, 503, "the store could not be read", code="store_error")

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return respond(request, 500, "internal error")

    return app


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("communique")
    except Exception:  # pragma: no cover - running from a tree without metadata
        return "0"


def upload_token_from_env() -> str | None:
    return os.environ.get("COMMUNIQUE_UPLOAD_TOKEN") or None
