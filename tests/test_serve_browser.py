"""End to end in a real browser: Playwright driving Debian's chromium against `communique serve`.

The server runs in a thread on a free loopback port over conftest's `serve_db`, the store of the
hand-built sample records (`serve_records`, one of them hostile).  Screenshots go to
test-artifacts/.  Skips when /usr/bin/chromium is missing (`make test` installs it); never
downloads a browser.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="no /usr/bin/chromium: install Debian's chromium (make test does) to run these",
)


@pytest.fixture(scope="module")
def server(serve_db):
    import uvicorn

    from communique.serve.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(serve_db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.errors = []  # type: ignore[attr-defined]

    def on_dialog(d):
        pg.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    # The app must never reach beyond the server it came from.
    pg.requests = []  # type: ignore[attr-defined]
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    ctx.close()


def shot(pg, name: str) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"serve-{name}.png"), full_page=True)


def only_local(pg, base: str) -> None:
    foreign = [u for u in pg.requests if not u.startswith(base) and not u.startswith("data:")]
    assert not foreign, foreign


def test_search_then_open_document(page, server):
    page.goto(server + "/")
    shot(page, "overview")
    assert page.locator(".total").first.inner_text().startswith("4")
    page.fill("header input[name=q]", "Kistafin")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Kistafin")
    assert "documents for" in page.inner_text(".resultbar")
    hits = page.locator(".hit")
    assert hits.count() == 4
    assert page.locator(".snippet mark").count() >= 1
    shot(page, "search")
    # Narrow by a facet, then open the round table's document.
    page.click('.facet[data-facet="event_type"] a:has-text("round table")')
    assert page.locator(".hit").count() == 1
    page.click(".hit-title")
    page.wait_for_selector(".doc-text")
    assert page.inner_text("h1") == "Round table on the SCO summit held in Islamabad"
    assert page.locator(".doc-text .ent.k-person").count() >= 3
    # A record field jumps to (and flashes) its span in the text.
    page.click('#ent-e3 a.jump >> nth=0')
    assert page.locator('.seg.flash').count() >= 1
    assert page.url.endswith("#a-e3-0")
    shot(page, "document")
    only_local(page, server)
    assert not page.errors and not page.dialogs


def test_event_page(page, server, serve_records):
    page.goto(f"{server}/documents/{serve_records[0].id}")
    page.click("#ev-v1 a:has-text('open')")
    page.wait_for_selector("dl.facts")
    assert "Astana Summit 2024" in page.inner_text("h1")
    rows = page.locator("table.table tbody tr")
    assert rows.count() == 2
    assert "Islamabad" in page.inner_text("dl.facts")
    shot(page, "event")
    assert not page.errors and not page.dialogs


def test_actor_page(page, server):
    page.goto(server + "/actors?q=kistafin")
    page.click("table.table a:has-text('Yerzhan Kistafin')")
    page.wait_for_selector("h1.actor-name")
    assert "Yerzhan Kistafin" in page.inner_text("h1")
    assert page.locator(".timeline li").count() == 4
    assert "Kassym-Jomart Tokayev" in page.inner_text(".hbars")
    assert "Ambassador of Kazakhstan to Pakistan" in page.inner_text("body")
    shot(page, "actor")
    assert not page.errors and not page.dialogs


def test_network_page(page, server):
    from playwright.sync_api import expect

    page.goto(server + "/network")
    page.wait_for_selector("#network .node")
    page.wait_for_timeout(1200)  # let the layout settle for the screenshot
    labels = page.locator("#network .node text").all_text_contents()
    assert {"Yerzhan Kistafin", "Kassym-Jomart Tokayev"} <= set(labels)
    shot(page, "network")
    page.select_option("select[name=event_type]", "phone_call")
    expect(page.locator("#network .node")).to_have_count(2)  # (CSP forbids wait_for_function's eval)
    assert "event_type=phone_call" in page.url
    # Clicking a node shows who it met, with a link to the actor.
    page.locator("#network .node circle").first.click()
    assert page.locator("#netinfo a").count() == 1
    shot(page, "network-filtered")
    only_local(page, server)
    assert not page.errors and not page.dialogs


def test_xss_payloads_stay_inert(page, server, serve_records):
    from communique.serve.sample import XSS_IMG, XSS_SCRIPT

    hostile = serve_records[3]
    page.goto(server + "/search?q=envoy")
    assert XSS_SCRIPT in page.inner_text(".hit-title")
    assert XSS_IMG in page.inner_text(".snippet")
    page.click(".hit-title")
    page.wait_for_selector(".doc-text")
    assert page.inner_text("h1") == f"{XSS_SCRIPT} Visit of the envoy"  # visible, as text
    body = page.inner_text(".doc-text")
    assert XSS_IMG in body and XSS_SCRIPT in body
    assert XSS_IMG in page.inner_text(".record")
    # None of it became an element.
    assert page.locator("img").count() == 0
    assert page.locator("main script").count() == 0
    assert page.locator("main svg[onload]").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("a[href^='javascript:']").count() == 0
    shot(page, "xss-document")
    for path in (f"/events/{hostile.id}/v1", "/network", "/"):
        page.goto(server + path)
        page.wait_for_timeout(600 if path == "/network" else 100)
    page.goto(server + "/actors?q=onerror")
    page.click("table.table tbody a")
    page.wait_for_selector("h1.actor-name")
    assert XSS_IMG in page.inner_text("h1")
    shot(page, "xss-actor")
    assert page.locator("img").count() == 0
    assert not page.dialogs, page.dialogs
    assert not page.errors
