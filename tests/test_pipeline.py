"""The orchestrator: stage order, ids, offsets, and the library call."""

from __future__ import annotations

import pytest

import communique
from communique import pipeline
from communique.errors import InputError
from communique.extract.nlp import blank_nlp
from communique.records import Document, Record, content_id
from communique.settings import EXTRACTOR_VERSION
from tests.conftest import SAMPLES

TEXT = (
    "Ambassador of Kazakhstan to Norway Anna Smagulova met State Secretary Lars Holm in Oslo.\n\n\n\n"
    "The sides discussed energy cooperation."
)


def test_record_id_is_the_hash_of_the_cleaned_text():
    record = pipeline.extract(TEXT, nlp=blank_nlp())
    assert record.id == content_id(record.text)
    assert "\n\n\n" not in record.text
    assert record.extractor == EXTRACTOR_VERSION


def test_every_offset_points_into_the_text():
    record = pipeline.extract(TEXT, nlp=blank_nlp())
    spans = [m for e in record.entities for m in e.mentions]
    spans += [s for v in record.events for s in v.evidence] + [s.span for s in record.statements]
    for start, end in spans:
        assert 0 <= start < end <= len(record.text)


def test_process_keeps_order_and_reports_failures_per_document():
    docs = [Document(text=f"Minister number {i} spoke.", origin=f"doc{i}") for i in range(5)]
    results = list(pipeline.process(docs, nlp=blank_nlp(), batch_size=2))
    assert [r.origin for r in results if isinstance(r, Record)] == [f"doc{i}" for i in range(5)]


def test_read_reports_unreadable_inputs(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    results = list(pipeline.read([str(tmp_path / "empty.txt"), str(SAMPLES / "embassy-seminar-note.txt")]))
    assert isinstance(results[0], InputError) and "empty.txt" in str(results[0])
    assert isinstance(results[1], Document)


def test_record_round_trips_through_json():
    record = pipeline.extract(TEXT, nlp=blank_nlp())
    assert Record.from_dict(record.to_dict()).to_dict() == record.to_dict()


@pytest.mark.model
def test_library_call_on_a_path_and_on_text():
    by_path = communique.extract(SAMPLES / "kazakh-mfa-round-table-vienna.txt")
    assert by_path.published and by_path.source.name
    by_text = communique.extract(by_path.text)
    assert by_text.id == by_path.id


def test_library_call_on_one_long_line_of_text():
    line = "Ambassador of Kazakhstan to Norway Anna Smagulova met State Secretary Lars Holm. " * 5
    assert len(line) > 255 and "\n" not in line
    record = pipeline.extract(line.strip(), nlp=blank_nlp())
    assert record.text.startswith("Ambassador of Kazakhstan")
