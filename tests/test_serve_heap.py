"""The server keeps its long-lived objects out of the garbage collector's full passes."""

from __future__ import annotations

import gc

from fastapi.testclient import TestClient

from communique.serve.app import create_app
from communique.serve.sample import sample_records
from tests.conftest import write_store


def _store(tmp_path) -> str:
    return write_store(tmp_path / "heap.db", sample_records())


def test_serve_freezes_the_heap_after_building_the_search_index(tmp_path):
    db = _store(tmp_path)
    try:
        app = create_app(db, freeze_heap=True)
        assert TestClient(app).get("/api/search", params={"q": "cooperation"}).status_code == 200
        index = app.state.db._index[1]  # noqa: SLF001
        walked = {id(o) for o in gc.get_objects()}
        assert id(index.docs) not in walked  # frozen: no full collection walks it
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_apps_made_for_tests_leave_the_collector_alone(tmp_path):
    db = _store(tmp_path)
    gc.unfreeze()
    app = create_app(db)
    assert TestClient(app).get("/api/search", params={"q": "cooperation"}).status_code == 200
    assert gc.get_freeze_count() == 0
