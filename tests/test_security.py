"""Security of the web app (issue 9): hostile text stays inert, search input stays data, paths stay
inside the package, uploads need the token, no CORS, and the security headers are sent.

Fast and model-free: a temporary SQLite store of the hand-built sample records (one hostile) plus
one more hostile release built here, served through the test client (the store is written with
conftest's `write_store`; the sample records are its `serve_records`).  One test, marked `model`,
uploads a release through the real pipeline.
"""

from __future__ import annotations

import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import anyio
import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from communique.records import Location, Participant, Role, Statement
from communique.serve.app import create_app, upload_token_from_env
from communique.serve.sample import XSS_IMG, XSS_SCRIPT, _Builder, _event, _record, _sentence
from tests.conftest import write_store

XSS_SVG = '"><svg onload=alert(3)>'
XSS_LINK = '<a href="javascript:alert(4)">our page</a>'
XSS_SOURCE = '<script>alert("src")</script> MFA'
XSS_SVG1 = '"><svg onload=alert(1)>'  # in the body of the sample's hostile release
PAYLOADS = [XSS_SCRIPT, XSS_IMG, XSS_SVG, XSS_SVG1, XSS_LINK, XSS_SOURCE]
STATIC = Path(__file__).resolve().parents[1] / "communique" / "serve" / "static"


def hostile_record():
    """A second hostile release: payloads in the title, a person's name, an alias, a role, an event,
    a place, a statement, the source's name and (as a javascript: URL) the source's link."""
    t = (
        f"Minister {XSS_SVG} received Ambassador Jane Roe in Vienna on 2 October 2024. "
        f"Visit {XSS_LINK} or javascript:alert(5) for details.\n\n"
        f'{XSS_SVG} said that "{XSS_IMG} is not a threat".'
    )
    b = _Builder(t)
    bad = b.ent("person", XSS_SVG, country="AT", roles=[Role("javascript:alert(8)", None, None, True)])
    roe = b.ent("person", "Jane Roe", country="GB", roles=[Role(XSS_SCRIPT, None, "GB", True)])
    b.ent("location", "Vienna", country="AT")
    return _record(
        b,
        title=f"{XSS_SVG} talks {XSS_IMG}",
        published="2024-10-02",
        source=XSS_SOURCE,
        url="  JaVaScRiPt:alert(7)",
        events=[
            _event(
                "m1",
                "meeting",
                name=XSS_IMG,
                date="2024-10-02",
                location=Location(XSS_SVG, "AT"),
                participants=[Participant(bad, "host"), Participant(roe, "guest")],
                topics=[XSS_LINK],
                evidence=[_sentence(t, "received Ambassador")],
            )
        ],
        statements=[
            Statement(bad, "say", f'"{XSS_IMG} is not a threat"', (t.rindex(XSS_SVG), len(t)), direct=True)
        ],
    )


@pytest.fixture(scope="module")
def records(serve_records):
    return [*serve_records, hostile_record()]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory, records):
    return write_store(tmp_path_factory.mktemp("security") / "store.db", records)


@pytest.fixture(scope="module")
def client(db_path):
    return TestClient(create_app(db_path), raise_server_exceptions=False)


def doc_count(db_path: str) -> int:
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()


def actor_id(client, name: str) -> str:
    items = client.get("/api/actors", params={"q": name, "per_page": 1000}).json()["items"]
    return next(a["id"] for a in items if a["name"] == name)


def assert_error(resp, status: int | tuple[int, ...]) -> None:
    statuses = (status,) if isinstance(status, int) else status
    assert resp.status_code in statuses, (resp.status_code, resp.text[:300])
    body = resp.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert isinstance(body["error"]["code"], str) and body["error"]["message"]


# -- HTML inspection --------------------------------------------------------------------------

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}


class Tags(HTMLParser):
    """Every start tag with its attributes (values unescaped, as a browser sees them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: (v or "") for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts.append(data)


def assert_inert(page: str, where: str) -> None:
    """No raw payload; no event-handler attribute, inline script or dangerous URL in the markup."""
    for p in PAYLOADS:
        assert p not in page, (where, p)
    assert "<svg onload" not in page.lower(), where
    parser = Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (where, tag, name, value)
            if name in URL_ATTRS:
                v = re.sub(r"[\x00-\x20]", "", value).lower()
                assert not v.startswith(DANGEROUS_SCHEMES), (where, tag, name, value)
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), (where, attrs)
    assert not parser.inline_scripts, (where, parser.inline_scripts)
    # As markup (not as text shown in the page), no attribute value starts with javascript:.
    assert not re.search(r"""\b(href|src|action)\s*=\s*["']?\s*javascript:""", page, re.I), where


def hostile_pages(client, records) -> dict[str, tuple[str, list[str]]]:
    """Every kind of page, with the payloads each must show (escaped)."""
    first, second = records[3], records[4]
    envoy = actor_id(client, XSS_IMG)
    minister = actor_id(client, XSS_SVG)
    roe = actor_id(client, "Jane Roe")
    return {
        "search results": ("/search?q=threat", [XSS_SVG, XSS_IMG]),
        "search results (envoy)": ("/search?q=envoy", [XSS_SCRIPT]),
        "search facets": ("/search", [XSS_SOURCE]),
        "document": (f"/documents/{first.id}", [XSS_SCRIPT, XSS_IMG, XSS_SVG1]),
        "document 2": (f"/documents/{second.id}", [XSS_SVG, XSS_IMG, XSS_LINK, XSS_SOURCE]),
        "event": (f"/events/{first.id}/v1", [XSS_SCRIPT, XSS_IMG]),
        "event 2": (f"/events/{second.id}/m1", [XSS_IMG, XSS_SVG]),
        "actor": (f"/actors/{envoy}", [XSS_IMG, XSS_SCRIPT]),
        "actor 2": (f"/actors/{minister}", [XSS_SVG, XSS_IMG]),
        "actor 3": (f"/actors/{roe}", [XSS_SCRIPT]),
        "actors": ("/actors", [XSS_SVG, XSS_IMG]),
        "events": ("/events", [XSS_IMG]),
        "network": ("/network", []),
        "overview": ("/", [XSS_SOURCE]),
    }


# -- XSS --------------------------------------------------------------------------------------


def test_every_page_shows_hostile_text_only_escaped(client, records):
    for where, (path, shown) in hostile_pages(client, records).items():
        resp = client.get(path)
        assert resp.status_code == 200, (where, resp.status_code)
        assert resp.headers["content-type"].startswith("text/html")
        assert_inert(resp.text, where)
        for p in shown:
            assert str(escape(p)) in resp.text, (where, p)


def test_hostile_urls_are_not_linked(client, records):
    first, second = records[3], records[4]
    assert "javascript:" not in client.get(f"/documents/{first.id}").text.lower()
    page = client.get(f"/documents/{second.id}").text
    # javascript: is left only as the text of the body and of a role (escaped, see assert_inert),
    # never as a link, and the source's javascript: URL is not shown at all.
    assert_inert(page, "document 2")
    assert "alert(7)" not in page
    assert "&lt;a href=&#34;javascript:alert(4)&#34;&gt;" in page


def test_reflected_input_is_escaped(client):
    """Query parameters and paths echoed back into a page (search box, filters, 404) are escaped."""
    for path, params in [
        ("/search", {"q": XSS_SVG}),
        ("/search", {"q": XSS_SCRIPT, "source": XSS_IMG}),
        ("/search", {"actor": XSS_SVG[:60]}),
        ("/actors", {"q": XSS_SVG}),
        ("/events", {"actor": XSS_IMG}),
    ]:
        resp = client.get(path, params=params)
        assert resp.status_code == 200, (path, params, resp.text[:300])
        assert_inert(resp.text, f"{path} {params}")
    resp = client.get("/" + XSS_SCRIPT)
    assert resp.status_code == 404
    assert_inert(resp.text, "404 page")
    assert str(escape("/<script>")) in resp.text or "&lt;script&gt;" in resp.text
    resp = client.get("/search", params={"page": XSS_IMG})
    assert resp.status_code == 422
    assert_inert(resp.text, "422 page")


def test_api_returns_hostile_text_as_exact_data(client, records):
    rec = records[4]
    doc = client.get(f"/api/documents/{rec.id}")
    assert doc.headers["content-type"].startswith("application/json")
    body = doc.json()
    assert body["title"] == f"{XSS_SVG} talks {XSS_IMG}"
    assert body["text"] == rec.text and XSS_LINK in body["text"]
    assert body["source"]["name"] == XSS_SOURCE
    assert body["source"]["url"] == "  JaVaScRiPt:alert(7)"
    assert {e["name"] for e in body["entities"]} >= {XSS_SVG, "Jane Roe"}
    assert body["statements"][0]["content"] == f'"{XSS_IMG} is not a threat"'

    ev = client.get(f"/api/events/{rec.id}/m1").json()
    assert ev["name"] == XSS_IMG and ev["location"]["name"] == XSS_SVG and ev["topics"] == [XSS_LINK]
    assert {p["name"] for p in ev["participants"]} == {XSS_SVG, "Jane Roe"}

    a = client.get(f"/api/actors/{actor_id(client, XSS_SVG)}").json()
    assert a["name"] == XSS_SVG
    assert [s["content"] for s in a["statements"]] == [f'"{XSS_IMG} is not a threat"']
    assert any(r["title"] == "javascript:alert(8)" for r in a["roles"])

    hit = client.get("/api/search", params={"q": "threat"}).json()["items"][0]
    assert hit["title"] == f"{XSS_SVG} talks {XSS_IMG}"
    assert hit["url"] == "  JaVaScRiPt:alert(7)"
    facets = client.get("/api/search").json()["facets"]
    assert XSS_SOURCE in {f["value"] for f in facets["source"]}
    assert XSS_SOURCE in {s["source"] for s in client.get("/api/overview").json()["sources"]}
    names = {n["name"] for n in client.get("/api/network").json()["nodes"]}
    assert {XSS_SVG, XSS_IMG} <= names
    echoed = client.get("/api/search", params={"q": XSS_SCRIPT}).json()
    assert echoed["query"] == XSS_SCRIPT


def test_csv_downloads_are_attachments(client):
    resp = client.get("/api/search", params={"q": "threat", "format": "csv"})
    assert resp.headers["content-type"].startswith("text/csv")
    assert resp.headers["content-disposition"].startswith("attachment")
    assert XSS_SVG in resp.text  # data, not markup: a CSV is never rendered as HTML


def test_shipped_scripts_use_no_html_sinks():
    """The little JavaScript there is builds the DOM with textContent, never from HTML strings."""
    sinks = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function")
    for js in STATIC.glob("*.js"):
        assert not sinks.search(js.read_text(encoding="utf-8")), js.name


# -- search input -----------------------------------------------------------------------------

NASTY_QUERIES = [
    "'",
    '"',
    "''",
    '""',
    "' OR 1=1 --",
    "' OR '1'='1",
    "x' OR '1'='1",
    "1; DROP TABLE documents; --",
    "'; DELETE FROM documents_fts; --",
    '" OR ""="',
    '"unterminated',
    'unterminated"',
    '"a" "b',
    "NEAR(",
    "NEAR(a b, 2)",
    "NEAR()",
    "*",
    "a*",
    "*a",
    "a AND",
    "AND",
    "OR",
    "NOT",
    "a NOT",
    "-",
    "-a",
    "a -b",
    "+",
    "^a",
    "col:val",
    "title:summit",
    "documents_fts:summit",
    "{title text}: summit",
    "(",
    ")",
    "(a OR b",
    "a)",
    "[",
    "%",
    "_",
    "___",
    "\\",
    "\\'",
    ";",
    "--",
    "/* */",
    "a" * 500,
    "summit " * 71,
    '"' * 500,
    "(" * 500,
    "\x00",
    "summit\x00",
    "a\x00b",
    "\x01\x02\x03",
    "\t\n\r",
    "   ",
    "日本語 外交",
    "Ελληνικά",
    "Казахстан",
    "مرحبا",
    "\u202eevil",
    "e\u0301",
    "🙂",
    "ﬁ",
    "İ",
    "ß",
    "²",
    "\ufeff",
    "\uffff",
]


@pytest.mark.parametrize("query", NASTY_QUERIES, ids=lambda s: repr(s[:24]))
def test_nasty_search_queries_never_fail(client, db_path, query):
    before = doc_count(db_path)
    api = client.get("/api/search", params={"q": query})
    if api.status_code == 200:
        body = api.json()
        assert isinstance(body["items"], list)
        assert 0 <= body["total"] <= before
        assert body["query"] == query
    else:
        assert_error(api, (400, 422))
    page = client.get("/search", params={"q": query})
    assert page.status_code in (200, 400, 422), (query, page.status_code)
    assert page.headers["content-type"].startswith("text/html")
    assert doc_count(db_path) == before
    assert client.get("/api/overview").json()["totals"]["documents"] == before


def test_tautologies_do_not_widen_results(client):
    assert client.get("/api/search", params={"q": "zzqx' OR '1'='1"}).json()["total"] == 0
    assert client.get("/api/search", params={"q": "zzqx OR summit"}).json()["total"] == 0
    for field in ("source", "actor"):
        body = client.get("/api/search", params={field: "' OR 1=1 --"}).json()
        assert body["total"] == 0, field
    assert client.get("/api/actors", params={"q": "' OR 1=1 --"}).json()["total"] == 0


def test_overlong_and_malformed_parameters_are_rejected_in_the_error_shape(client):
    assert_error(client.get("/api/search", params={"q": "a" * 10_000}), 422)
    assert_error(client.get("/api/search", params={"page": "1 OR 1=1"}), 422)
    assert_error(client.get("/api/search", params={"per_page": 10**9}), 422)
    assert_error(client.get("/api/search", params={"date_from": "2024' OR 1=1"}), 422)
    assert_error(client.get("/api/search", params={"country": "KZ' --"}), 422)
    assert_error(client.get("/api/search", params={"event_type": "meeting' OR 1=1"}), 422)
    assert client.get("/search", params={"q": "a" * 10_000}).status_code == 422


def test_search_by_other_fields_with_nul_and_quotes(client, db_path):
    before = doc_count(db_path)
    for field, value in [("source", "a\x00'\""), ("actor", "\x00"), ("q", "summit\x00' --")]:
        resp = client.get("/api/search", params={field: value})
        assert resp.status_code == 200, (field, resp.text[:300])
    resp = client.get("/api/actors", params={"q": "%'\x00_"})
    assert resp.status_code == 200
    assert doc_count(db_path) == before


# -- paths ------------------------------------------------------------------------------------


def raw_get(app, target: str) -> tuple[int, dict[str, str], bytes]:
    """GET `target` exactly as a server hands it to the app: no client-side cleanup of `..` or
    `%2e` (HTTP clients normalise those away).  The scope is built as uvicorn builds it."""
    path, _, query = target.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(path),
        "raw_path": path.encode("latin-1"),
        "query_string": query.encode("latin-1"),
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    status: list[int] = []
    headers: dict[str, str] = {}
    body: list[bytes] = []

    async def run() -> None:
        done = anyio.Event()
        sent = False

        async def receive():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await done.wait()
            return {"type": "http.disconnect"}

        async def send(message):
            if message["type"] == "http.response.start":
                status.append(message["status"])
                headers.update({k.decode(): v.decode() for k, v in message["headers"]})
            elif message["type"] == "http.response.body":
                body.append(message.get("body", b""))
                if not message.get("more_body"):
                    done.set()

        await app(scope, receive, send)

    anyio.run(run)
    return status[0], headers, b"".join(body)


FILE_MARKERS = [b"[project]", b"root:", b"create_app", b"import ", b"def ", b"[tool."]

ESCAPES = [
    "/static/../pyproject.toml",
    "/static/../../pyproject.toml",
    "/static/../app.py",
    "/static/%2e%2e/app.py",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
    "/static/..%2f..%2f..%2fpyproject.toml",
    "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/static/....//....//pyproject.toml",
    "/static/..\\..\\app.py",
    "/static/%5c..%5c..%5capp.py",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/%00",
    "/static/style.css%00.py",
    "/static/../templates/base.html",
    "/static/",
    "/api/documents/..%2f..%2fetc%2fpasswd",
    "/api/documents/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/api/documents/..",
    "/api/documents/.",
    "/api/documents/sha256:..%2f..%2fpyproject.toml",
    "/api/documents/%00",
    "/api/documents/a%5c..%5c..%5cpyproject.toml",
    "/api/events/..%2f../..",
    "/api/events/../v1",
    "/api/actors/..%2f..%2fetc%2fpasswd",
    "/api/actors/..",
    "/api/../pyproject.toml",
    "/api/%2e%2e/pyproject.toml",
]


@pytest.mark.parametrize("target", ESCAPES)
def test_paths_cannot_escape(client, target):
    status, headers, body = raw_get(client.app, target)
    assert status == 404, (target, status, body[:200])
    for marker in FILE_MARKERS:
        assert marker not in body, (target, marker)
    if unquote(target).startswith("/api/") and "/../" not in unquote(target)[4:8]:
        assert headers["content-type"].startswith("application/json"), target
    if headers["content-type"].startswith("application/json"):
        import json

        err = json.loads(body)
        assert set(err) == {"error"} and err["error"]["code"] == "not_found"
    else:
        assert b"error-page" in body  # the HTML error page, nothing else


def test_document_ids_with_slashes_or_dots_are_404_in_the_error_shape(client):
    import json

    ids = [
        "..",
        "...",
        ".%2e",
        "a.b",
        "sha256:..",
        "..%2Fpyproject.toml",
        "%2e%2e%2f%2e%2e",
        "x%00y",
        "sha256:..%2f..%2f..%2fetc%2fpasswd",
        "a%2fb",
        "a%5cb",
        "%2e",
    ]
    for doc_id in ids:
        status, headers, body = raw_get(client.app, f"/api/documents/{doc_id}")
        assert status == 404, (doc_id, status)
        assert json.loads(body)["error"]["code"] == "not_found"
        status, headers, body = raw_get(client.app, f"/documents/{doc_id}")
        assert status == 404 and b"error-page" in body and b"[project]" not in body, doc_id
        status, headers, body = raw_get(client.app, f"/api/events/{doc_id}/v1")
        assert status == 404 and json.loads(body)["error"]["code"] == "not_found", doc_id


def test_static_files_still_served(client):
    status, headers, body = raw_get(client.app, "/static/style.css")
    assert status == 200 and headers["content-type"].startswith("text/css")
    assert headers["x-content-type-options"] == "nosniff"


# -- uploads ----------------------------------------------------------------------------------

DOC = [{"text": "The ministers met in Astana.", "title": "Talks"}]


def test_upload_refused_when_no_token_is_configured(db_path, monkeypatch):
    monkeypatch.delenv("COMMUNIQUE_UPLOAD_TOKEN", raising=False)
    called = []

    def ingest(url, docs):
        called.append(docs)
        return []

    c = TestClient(create_app(db_path, upload_token=upload_token_from_env(), ingest=ingest))
    for headers in [{}, {"Authorization": "Bearer "}, {"Authorization": "Bearer anything"}]:
        assert_error(c.post("/api/documents", json=DOC, headers=headers), 403)
    c2 = TestClient(create_app(db_path, upload_token="", ingest=ingest))
    assert_error(c2.post("/api/documents", json=DOC, headers={"Authorization": "Bearer "}), 403)
    assert not called


def test_upload_needs_the_right_bearer_token(db_path, monkeypatch):
    monkeypatch.setenv("COMMUNIQUE_UPLOAD_TOKEN", "s3cret-token")
    seen = []

    def fake_ingest(url, docs):
        seen.append(docs)
        return ["sha256:" + "ab" * 32]

    app = create_app(db_path, upload_token=upload_token_from_env())
    app.state.ingest = fake_ingest
    c = TestClient(app)
    wrong = [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer s3cret"},
        {"Authorization": "Bearer s3cret-token-and-more"},
        {"Authorization": "Bearer S3CRET-TOKEN"},
        {"Authorization": "Basic s3cret-token"},
        {"Authorization": "s3cret-token"},  # the token without its scheme
        {"Authorization": "Token s3cret-token"},
        {"X-Upload-Token": "s3cret-token"},
    ]
    for headers in wrong:
        resp = c.post("/api/documents", json=DOC, headers=headers)
        assert_error(resp, 401)
        assert resp.headers.get("www-authenticate", "").startswith("Bearer"), headers
    assert not seen
    ok = c.post("/api/documents", json=DOC, headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 201, ok.text
    assert ok.json() == {"ids": ["sha256:" + "ab" * 32]}
    assert seen == [[{**DOC[0], "published": None, "source": None, "url": None}]]
    # The scheme is case-insensitive (RFC 7235); the token is not.
    lower = c.post("/api/documents", json=DOC, headers={"Authorization": "bearer s3cret-token"})
    assert lower.status_code == 201


def test_reads_stay_read_only_with_uploads_enabled(db_path):
    c = TestClient(create_app(db_path, upload_token="t", ingest=lambda u, d: []))
    before = doc_count(db_path)
    for method in ("put", "patch", "delete"):
        resp = getattr(c, method)("/api/documents", headers={"Authorization": "Bearer t"})
        assert_error(resp, 405)
        assert_error(getattr(c, method)(f"/api/documents/{'ab' * 32}"), 405)
    assert doc_count(db_path) == before


@pytest.mark.model
def test_upload_through_the_real_pipeline_then_search(tmp_path, serve_records):
    path = write_store(tmp_path / "upload.db", serve_records)
    c = TestClient(create_app(path, upload_token="model-token"))
    release = {
        "title": "Foreign Minister of Zembla meets Ambassador of Quorvania",
        "published": "2024-11-05",
        "source": "Zembla MFA",
        "url": "https://mfa.example/zembla/1",
        "text": (
            "On 5 November 2024, Foreign Minister of Zembla Ardent Velloq met with the Ambassador of "
            "Quorvania Mira Tessaly in Ostrava. The sides discussed cooperation in the fields of "
            "hydroponics and rail transit. Minister Velloq stressed the importance of the "
            "Zembla-Quorvania hydroponics partnership."
        ),
    }
    resp = c.post("/api/documents", json=[release], headers={"Authorization": "Bearer model-token"})
    assert resp.status_code == 201, resp.text
    ids = resp.json()["ids"]
    assert len(ids) == 1 and ids[0].startswith("sha256:")
    hits = c.get("/api/search", params={"q": "hydroponics"}).json()
    assert [h["id"] for h in hits["items"]] == ids
    assert hits["items"][0]["title"] == release["title"]
    doc = c.get(f"/api/documents/{ids[0]}").json()
    assert doc["text"].startswith("On 5 November 2024")
    assert "hydroponics" in c.get("/search", params={"q": "hydroponics"}).text


# -- CORS and headers -------------------------------------------------------------------------

EVIL = {"Origin": "https://evil.example"}


def test_no_cors_headers_for_cross_origin_requests(client, records):
    paths = [
        "/api/overview",
        "/api/search?q=summit",
        f"/api/documents/{records[0].id}",
        "/",
        "/search",
        "/api/openapi.json",
        "/static/style.css",
        "/api/nothing",
    ]
    for path in paths:
        resp = client.get(path, headers=EVIL)
        assert not [h for h in resp.headers if h.lower().startswith("access-control-")], path
    pre = client.options(
        "/api/documents",
        headers={
            **EVIL,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert pre.status_code in (404, 405)
    assert not [h for h in pre.headers if h.lower().startswith("access-control-")]
    post = client.post("/api/documents", json=DOC, headers=EVIL)
    assert not [h for h in post.headers if h.lower().startswith("access-control-")]


def test_security_headers_on_every_kind_of_response(client, records):
    targets = [
        "/",
        "/search?q=summit",
        f"/documents/{records[0].id}",
        "/api/search",
        "/api/overview",
        "/api/nothing",
        "/nothing",
        "/search?page=x",
        "/api/search?page=x",
        "/api/docs",
        "/api/openapi.json",
        "/static/style.css",
    ]
    for path in targets:
        resp = client.get(path)
        csp = resp.headers.get("content-security-policy", "")
        assert "default-src 'self'" in csp and "script-src 'self'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
        assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp, path
        assert resp.headers.get("x-content-type-options") == "nosniff", path
        assert resp.headers.get("x-frame-options") == "DENY", path
        assert resp.headers.get("referrer-policy") == "no-referrer", path


# -- no stale answers -------------------------------------------------------------------------


@pytest.mark.parametrize("min_age", [0.0, 3600.0])
def test_search_sees_documents_written_while_serving(tmp_path, monkeypatch, serve_records, min_age):
    """The in-memory search index never hides a document written after it was built: it is
    rebuilt when the store changes, or (changes coming too fast) search answers from SQL."""
    from communique.serve import app as app_module

    monkeypatch.setattr(app_module, "INDEX_MIN_AGE_S", min_age)
    recs = serve_records
    path = write_store(tmp_path / "live.db", recs[:2])
    c = TestClient(create_app(path))
    assert c.get("/api/search").json()["total"] == 2  # builds the index
    assert client_search_ids(c, "envoy") == []
    write_store(path, recs[2:])
    assert c.get("/api/search").json()["total"] == len(recs)
    assert client_search_ids(c, "envoy") == [recs[3].id]
    facets = c.get("/api/search").json()["facets"]
    assert sum(f["count"] for f in facets["month"]) == len(recs)


def client_search_ids(c, q: str) -> list[str]:
    return [i["id"] for i in c.get("/api/search", params={"q": q}).json()["items"]]
