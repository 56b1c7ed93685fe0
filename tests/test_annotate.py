"""Bounded-memory parsing: long texts in pieces that join back exactly, budgets, and the same
records whether a document is parsed whole or in pieces."""

from __future__ import annotations

import pytest

from communique import pipeline
from communique.extract import annotate
from communique.extract.nlp import blank_nlp
from communique.records import Document

PARAGRAPH = ("On 3 March Ambassador of Kazakhstan to Norway Anna Smagulova met State Secretary "
             "Lars Holm in Oslo. The sides discussed energy cooperation.\n\n")


def test_short_text_is_one_piece():
    assert annotate.split_text("A short text.", limit=100) == ["A short text."]


@pytest.mark.parametrize("text", [
    PARAGRAPH * 40,
    "One long paragraph without breaks. " * 300,
    "word " * 2000,
    "x" * 950 + " " + "y" * 950,
])
def test_pieces_join_back_and_respect_the_limit(text):
    pieces = annotate.split_text(text, limit=1000)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= 1000 for p in pieces)
    assert len(pieces) > 1


def test_pieces_end_at_paragraph_breaks_when_there_are_some():
    pieces = annotate.split_text(PARAGRAPH * 40, limit=1000)
    assert all(p.endswith("\n\n") for p in pieces[:-1])
    assert all(not p[0].isspace() for p in pieces)


def test_pieces_end_at_sentence_ends_inside_a_long_paragraph():
    pieces = annotate.split_text("One long paragraph without breaks. " * 300, limit=1000)
    assert all(p.endswith("breaks. ") for p in pieces[:-1])


def test_minibatches_stay_within_the_budget():
    sizes = [30, 30, 50, 10, 200, 5, 5]
    batches = list(annotate.minibatches(sizes, 60, lambda n: n))
    assert [x for b in batches for x in b] == sizes
    assert batches == [[30, 30], [50, 10], [200], [5, 5]]


def test_parsed_pieces_join_into_one_doc_with_the_whole_text():
    nlp = blank_nlp()
    texts = [PARAGRAPH * 30, "A short one.", PARAGRAPH * 3]
    docs = annotate.parse(nlp, texts, piece=1000, budget=2500)
    assert [d.text for d in docs] == texts
    assert [t.text for t in docs[0]] == [t.text for t in nlp.make_doc(texts[0])]
    assert all(d.has_annotation("SENT_START") for d in docs)


def test_records_are_the_same_whole_or_in_pieces(monkeypatch):
    nlp = blank_nlp()
    document = Document(text=PARAGRAPH * 30, origin="long")
    whole = next(pipeline.process([document], nlp=nlp))
    monkeypatch.setattr(annotate, "PIECE", 700)
    monkeypatch.setattr(annotate, "BUDGET", 1500)
    assert annotate.split_text(document.text) != [document.text]
    pieced = next(pipeline.process([document], nlp=nlp))
    assert pieced.to_dict() == whole.to_dict()


@pytest.mark.model
def test_real_model_records_are_the_same_whole_or_in_pieces(nlp, monkeypatch):
    document = Document(text=PARAGRAPH * 12, origin="long")
    whole = next(pipeline.process([document], nlp=nlp))
    monkeypatch.setattr(annotate, "PIECE", 600)
    pieced = next(pipeline.process([document], nlp=nlp))
    assert pieced.to_dict() == whole.to_dict()
    assert whole.events and whole.entities


def test_a_long_run_of_batches_does_not_grow_the_vocabulary():
    nlp = blank_nlp()
    docs = [Document(text=f"Minister Word{i}x met Envoy Name{i}y in Town{i}z.", origin=f"d{i}")
            for i in range(200)]
    list(pipeline.process(docs[:20], nlp=nlp, batch_size=10))
    before = len(nlp.vocab.strings)
    list(pipeline.process(docs[20:], nlp=nlp, batch_size=10))
    assert len(nlp.vocab.strings) == before
