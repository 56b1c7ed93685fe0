"""The web app and JSON API over a small SQLite store of hand-built records (no model).

The store is conftest's `serve_db` (the sample records, `serve_records`), which these tests only read.
"""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from communique.errors import StoreError
from communique.serve.app import create_app
from communique.serve.sample import XSS_IMG, XSS_SCRIPT


@pytest.fixture(scope="module")
def client(serve_db):
    return TestClient(create_app(serve_db))


def actor_id(client, name: str) -> str:
    items = client.get("/api/actors", params={"q": name}).json()["items"]
    return next(a["id"] for a in items if a["name"] == name)


def assert_error(resp, status: int, code: str) -> None:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


# -- search -----------------------------------------------------------------------------------


def test_search_full_text_with_snippet_marks(client):
    body = client.get("/api/search", params={"q": "Kistafin emphasized"}).json()
    assert body["total"] == 1
    hit = body["items"][0]
    assert hit["title"] == "Round table on the SCO summit held in Islamabad"
    assert hit["snippet_marks"]
    s, e = hit["snippet_marks"][0]
    assert hit["snippet"][s:e].lower() in ("kistafin", "emphasized")


def test_search_facets_and_filters(client):
    body = client.get("/api/search").json()
    assert body["total"] == 4
    facets = body["facets"]
    assert {f["value"]: f["count"] for f in facets["source"]} == {"Kazakh MFA": 3, "Akorda": 1}
    assert {f["value"] for f in facets["event_type"]} >= {"round_table", "meeting", "phone_call", "visit"}
    assert [m["value"] for m in facets["month"]] == ["2024-06", "2024-07", "2024-08", "2024-09"]
    kistafin = actor_id(client, "Yerzhan Kistafin")
    assert next(f for f in facets["actor"] if f["value"] == kistafin)["count"] == 4

    assert client.get("/api/search", params={"event_type": "meeting"}).json()["total"] == 1
    assert client.get("/api/search", params={"source": "Akorda"}).json()["total"] == 1
    assert client.get("/api/search", params={"country": "pk"}).json()["total"] == 1
    summer = {"date_from": "2024-07", "date_to": "2024-08"}
    assert client.get("/api/search", params=summer).json()["total"] == 2
    assert client.get("/api/search", params={"actor": kistafin, "q": "summit"}).json()["total"] == 2


def test_search_pagination(client):
    p1 = client.get("/api/search", params={"per_page": 3}).json()
    p2 = client.get("/api/search", params={"per_page": 3, "page": 2}).json()
    assert (p1["pages"], len(p1["items"]), len(p2["items"])) == (2, 3, 1)
    assert {i["id"] for i in p1["items"]}.isdisjoint({i["id"] for i in p2["items"]})


@pytest.mark.parametrize("q", ['"unbalanced', "NEAR(a b)", "title:x", "a AND OR NOT", "*", "-x", "()", "été"])
def test_search_operators_are_text(client, q):
    assert client.get("/api/search", params={"q": q}).status_code == 200
    assert client.get("/search", params={"q": q}).status_code == 200


def test_csv_and_json_downloads(client):
    resp = client.get("/api/search", params={"format": "csv"})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/csv")
    assert "attachment" in resp.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert len(rows) == 4 and set(rows[0]) == {"id", "title", "published", "source", "url", "snippet"}
    resp = client.get("/api/events", params={"download": "true"})
    assert 'filename="events.json"' in resp.headers["content-disposition"]
    assert resp.json()["total"] == 5
    resp = client.get("/api/actors", params={"format": "csv", "kind": "person"})
    assert {r["name"] for r in csv.DictReader(io.StringIO(resp.text))} >= {"Yerzhan Kistafin"}


def test_csv_cells_cannot_start_formulas(client, monkeypatch):
    from communique.serve import api

    assert api._csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert api._csv_cell("@SUM") == "'@SUM"
    assert api._csv_cell("plain") == "plain"


# -- documents, events, actors ----------------------------------------------------------------


def test_document_record_with_actors(client, serve_records):
    rec = serve_records[0]
    body = client.get(f"/api/documents/{rec.id}").json()
    assert body["text"] == rec.text and body["title"] == rec.title
    assert len(body["entities"]) == len(rec.entities)
    assert all(e["actor"] for e in body["entities"])
    # the short id works too
    assert client.get(f"/api/documents/{rec.id.removeprefix('sha256:')}").status_code == 200


def test_document_page_links_fields_to_evidence(client, serve_records):
    rec = serve_records[0]
    html = client.get(f"/documents/{rec.id}").text
    for ent in rec.entities:
        for i in range(len(ent.mentions)):
            assert f'href="#a-{ent.id}-{i}"' in html  # the record links to each mention...
    for i in range(len(rec.statements)):
        assert f'id="a-s{i}"' in html  # ...and each statement span has its anchor
    assert 'id="a-v1-0"' in html and 'href="#a-v1-0"' in html


def test_highlight_segments_cover_text_and_do_not_nest_entities(serve_records):
    from communique.serve.queries import highlight_segments

    rec = serve_records[0].to_dict()
    segs = highlight_segments(rec)
    assert "".join(s["text"] for s in segs) == rec["text"]
    assert all(len(s["ents"]) <= 1 for s in segs)


def test_highlight_survives_bad_offsets():
    from communique.serve.queries import highlight_segments

    mentions = [[2, 99], [5, 1], ["x", 1]]
    rec = {"text": "abc", "entities": [{"id": "e1", "kind": "person", "mentions": mentions}],
           "events": [{"id": "v1", "type": "meeting", "evidence": [[-5, 2]]}], "statements": [{"span": None}]}
    assert "".join(s["text"] for s in highlight_segments(rec)) == "abc"


def test_event(client, serve_records):
    rec = serve_records[0]
    body = client.get(f"/api/events/{rec.id}/v1").json()
    assert body["type"] == "round_table" and body["date"] == "2024-06-25"
    assert {p["name"] for p in body["participants"]} == {"Yerzhan Kistafin", "Sohail Mahmood"}
    assert {o["name"] for o in body["organizers"]} == {
        "Institute of Strategic Studies Islamabad", "Embassy of Kazakhstan in Pakistan"}
    assert body["evidence"][0]["text"].startswith("On 25 June 2024")
    assert client.get(f"/events/{rec.id}/v1").status_code == 200


def test_events_list_filters(client):
    assert client.get("/api/events").json()["total"] == 5
    summits = client.get("/api/events", params={"event_type": "summit"}).json()
    assert summits["items"][0]["status"] == "planned"
    assert client.get("/api/events", params={"country": "PK"}).json()["total"] == 2
    kistafin = actor_id(client, "Yerzhan Kistafin")
    assert client.get("/api/events", params={"actor": kistafin}).json()["total"] == 4


def test_actor(client):
    aid = actor_id(client, "Yerzhan Kistafin")
    body = client.get(f"/api/actors/{aid}").json()
    assert body["documents"] == 4
    assert {"Yerzhan Kistafin", "Kistafin"} <= {n["name"] for n in body["names"]}
    assert any(r["title"] == "Ambassador of Kazakhstan to Pakistan" for r in body["roles"])
    assert [e["date"] for e in body["events"]] == sorted((e["date"] for e in body["events"]), reverse=True)
    assert len(body["events"]) == 4
    assert len(body["statements"]) == 2
    names = {c["name"] for c in body["counterparts"]}
    assert {"Sohail Mahmood", "Kassym-Jomart Tokayev", "Roman Vassilenko"} <= names
    assert client.get(f"/actors/{aid}").status_code == 200


def test_network_and_filters(client):
    body = client.get("/api/network").json()
    names = {n["name"] for n in body["nodes"]}
    assert {"Yerzhan Kistafin", "Kassym-Jomart Tokayev", "Shehbaz Sharif"} <= names
    assert all(e["source"] < e["target"] for e in body["edges"])
    calls = client.get("/api/network", params={"event_type": "phone_call"}).json()
    assert {n["name"] for n in calls["nodes"]} == {"Roman Vassilenko", "Yerzhan Kistafin"}
    june = client.get("/api/network", params={"date_from": "2024-06", "date_to": "2024-06"}).json()
    assert {n["name"] for n in june["nodes"]} == {"Yerzhan Kistafin", "Sohail Mahmood"}
    pk = client.get("/api/network", params={"country": "PK"}).json()
    assert "Roman Vassilenko" not in {n["name"] for n in pk["nodes"]}
    orgs = client.get("/api/network", params=[("kind", "person"), ("kind", "organization")]).json()
    assert len(orgs["nodes"]) >= len(body["nodes"])


def test_overview(client):
    body = client.get("/api/overview").json()
    assert body["totals"]["documents"] == 4 and body["totals"]["events"] == 5
    assert [m["month"] for m in body["events_per_month"]] == ["2024-06", "2024-07", "2024-08", "2024-09"]
    assert body["top_actors"][0]["name"] == "Yerzhan Kistafin"
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("path", ["/", "/search", "/search?q=summit&event_type=summit", "/events", "/actors",
                                  "/actors?kind=person", "/network", "/api/docs"])
def test_pages_render(client, path):
    resp = client.get(path)
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")


# -- errors -----------------------------------------------------------------------------------


def test_one_error_shape(client):
    assert_error(client.get("/api/documents/sha256:0000000000000000"), 404, "not_found")
    assert_error(client.get("/api/actors/a-nope"), 404, "not_found")
    assert_error(client.get("/api/events/sha256:0000000000000000/v1"), 404, "not_found")
    assert_error(client.get("/api/no/such/thing"), 404, "not_found")
    assert_error(client.get("/api/search", params={"page": 0}), 422, "invalid_request")
    assert_error(client.get("/api/search", params={"event_type": "party"}), 422, "invalid_request")
    assert_error(client.get("/api/events", params={"date_from": "June"}), 422, "invalid_request")
    assert_error(client.delete("/api/search"), 405, "method_not_allowed")


def test_html_errors_are_pages(client):
    resp = client.get("/documents/sha256:0000000000000000")
    assert resp.status_code == 404 and resp.headers["content-type"].startswith("text/html")
    assert "no document" in resp.text


def test_openapi_documents_the_error_shape(client):
    schema = client.get("/api/openapi.json").json()
    op = schema["paths"]["/api/search"]["get"]
    assert op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")
    assert {"/api/search", "/api/documents/{doc_id}", "/api/events", "/api/events/{doc_id}/{event_id}",
            "/api/actors", "/api/actors/{actor_id}", "/api/network", "/api/overview"} <= set(schema["paths"])


# -- safety -----------------------------------------------------------------------------------


def test_untrusted_text_is_escaped_everywhere(client, serve_records):
    hostile = serve_records[3]
    aid = actor_id(client, XSS_IMG)
    pages = [f"/documents/{hostile.id}", f"/events/{hostile.id}/v1", f"/actors/{aid}", "/search?q=envoy",
             "/search", "/", "/events", "/actors", f"/actors/{actor_id(client, 'Yerzhan Kistafin')}"]
    for path in pages:
        html = client.get(path).text
        assert XSS_SCRIPT not in html, path
        assert XSS_IMG not in html, path
        assert "<svg onload" not in html, path
    doc = client.get(f"/documents/{hostile.id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "&lt;img src=x onerror=alert(1)&gt;" in doc
    assert "javascript:" not in doc  # the hostile source URL is not linked


def test_security_headers_and_no_cors(client):
    resp = client.get("/api/overview", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in resp.headers
    pre = client.options("/api/overview", headers={"Origin": "https://evil.example",
                                                   "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in pre.headers
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert client.get("/").headers["x-content-type-options"] == "nosniff"


def test_reads_are_read_only(client):
    from sqlalchemy import text

    with pytest.raises(StoreError), client.app.state.db.connect() as conn:
        conn.execute(text("DELETE FROM documents"))
    assert client.get("/api/overview").json()["totals"]["documents"] == 4


def test_missing_store_is_an_error(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        create_app(str(tmp_path / "absent.db"))


def test_upload_disabled_without_token(client):
    resp = client.post("/api/documents", json=[{"text": "hello"}])
    assert_error(resp, 403, "forbidden")


def test_upload_needs_the_token(serve_db):
    seen = []

    def fake_ingest(url, docs):
        seen.append((url, docs))
        return ["sha256:feedfeedfeedfeed"]

    c = TestClient(create_app(serve_db, upload_token="s3cret", ingest=fake_ingest))
    assert_error(c.post("/api/documents", json=[{"text": "hello"}]), 401, "unauthorized")
    assert_error(c.post("/api/documents", json=[{"text": "hello"}], headers={"Authorization": "Bearer nope"}),
                 401, "unauthorized")
    assert not seen
    auth = {"Authorization": "Bearer s3cret"}
    ok = c.post("/api/documents", json=[{"text": "hello", "title": "T"}], headers=auth)
    assert ok.status_code == 201 and ok.json() == {"ids": ["sha256:feedfeedfeedfeed"]}
    assert seen[0][0] == serve_db and seen[0][1][0]["title"] == "T"
    assert_error(c.post("/api/documents", json=[], headers={"Authorization": "Bearer s3cret"}), 422,
                 "invalid_request")


def test_serve_command_is_registered():
    from typer.testing import CliRunner

    from communique.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--db" in result.output and "--port" in result.output
