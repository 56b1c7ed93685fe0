"""Shared fixtures: where ../shared is, the real pipeline (loaded once), the record schema."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COMMUNIQUE_SHARED", ROOT.parent / "shared")).resolve()
SAMPLES = ROOT / "samples"

needs_shared = pytest.mark.skipif(
    not (SHARED / "spec" / "record.schema.json").exists(),
    reason=f"the shared spec, gold set and corpora are not at {SHARED} (set COMMUNIQUE_SHARED)",
)


@pytest.fixture(scope="session")
def nlp():
    """The real pipeline: statistical model plus our components."""
    from communique.extract import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def schema_validator():
    if not (SHARED / "spec" / "record.schema.json").exists():
        pytest.skip(f"record.schema.json is not at {SHARED}/spec")
    import jsonschema

    schema = json.loads((SHARED / "spec" / "record.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)
