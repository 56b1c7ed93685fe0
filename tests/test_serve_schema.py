"""Schemathesis against the app's own OpenAPI schema: every GET operation, a bounded number of
generated requests each; responses must match the schema, never be a 5xx, and errors must keep
the one error shape."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from communique.serve.app import create_app
from communique.serve.sample import sample_records
from tests.conftest import write_store

MAX_EXAMPLES = 15


def _app():
    # Built at import (not the `serve_db` fixture): schemathesis' lazy fixture loader does not
    # work with pytest 9.
    path = Path(tempfile.mkdtemp(prefix="communique-schema-")) / "store.db"
    return create_app(write_store(path, sample_records()))


schema = schemathesis.openapi.from_asgi("/api/openapi.json", _app())


@schema.include(method="GET").parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    response = case.call()
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])
    case.validate_response(response)


@schema.include(method="POST").parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_upload_refused_without_token(case):
    response = case.call()
    # 400: not JSON at all; 405: schemathesis also tries methods the path does not have
    assert response.status_code in (400, 403, 405, 422), response.text
    assert set(response.json()) == {"error"}
