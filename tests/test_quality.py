"""The quality gate: the real pipeline over the dev gold set, scored by the referee's own code.

Each field's F1 must stay at or above its pinned floor in `quality_floors.json`.  Raise a floor
when a change measurably improves a field; never lower one to make a change pass.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from communique import pipeline
from communique.errors import InputError
from tests.conftest import SHARED, needs_shared

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text())
GOLD = SHARED / "gold" / "dev"

pytestmark = [pytest.mark.model, pytest.mark.shared, needs_shared]


def load_scorer():
    spec = importlib.util.spec_from_file_location("referee_score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dev_scores(nlp) -> dict[str, float]:
    score = load_scorer()
    inputs = sorted(str(p) for p in (GOLD / "inputs").iterdir())
    docs = [d for d in pipeline.read(inputs) if not isinstance(d, InputError)]
    records = {r.name: r.to_dict() for r in pipeline.process(docs, nlp=nlp) if not isinstance(r, InputError)}
    total = {f: score.Tally() for f in score.FIELDS}
    for gold_path in sorted(GOLD.glob("*.gold.json")):
        name = gold_path.name.removesuffix(".gold.json")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        score.score_doc(gold, records.get(name, {}), total)
    return {f: total[f].prf()[2] for f in score.FIELDS}


def test_every_dev_input_gives_a_record(nlp):
    inputs = sorted(str(p) for p in (GOLD / "inputs").iterdir())
    docs = list(pipeline.read(inputs))
    assert not [d for d in docs if isinstance(d, InputError)]
    results = list(pipeline.process(docs, nlp=nlp))
    assert not [r for r in results if isinstance(r, InputError)]
    assert len(results) == len(inputs)


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_field_f1_at_or_above_floor(dev_scores, field):
    assert dev_scores[field] >= FLOORS[field], f"{field} F1 {dev_scores[field]:.3f} < floor {FLOORS[field]}"
