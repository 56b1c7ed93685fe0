"""Blank lines end sentences; entities never start or end on whitespace."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from communique.extract import whitespace
from communique.extract.nlp import blank_nlp

HEADLINE = "Meeting with the Minister of Foreign Affairs of Kazakhstan\n\n"
BODY = "On 12 March the ambassador met the minister in Astana and discussed cooperation"


def test_a_blank_line_starts_a_sentence_without_a_full_stop():
    doc = blank_nlp()(HEADLINE + BODY)
    assert [s.text for s in doc.sents] == [HEADLINE, BODY]


def test_a_single_line_break_does_not():
    nlp = blank_nlp()
    doc = nlp.make_doc("The minister of\nforeign affairs spoke")
    whitespace.paragraph_breaks(doc)
    assert not any(t.is_sent_start for t in doc[1:])


@pytest.mark.model
def test_the_parser_keeps_the_paragraph_break(nlp):
    doc = nlp(HEADLINE + BODY)
    assert [s.text for s in doc.sents] == [HEADLINE, BODY]
    assert nlp.pipe_names.index(whitespace.PARAGRAPHS) < nlp.pipe_names.index("parser")


def test_entities_are_trimmed_of_whitespace_tokens():
    nlp = blank_nlp()
    doc = nlp.make_doc("An attack in Kerman\n\n\n\nThe Ministry condemns it")
    kerman = next(t.i for t in doc if t.text == "Kerman")
    doc.ents = [Span(doc, kerman, kerman + 2, label="GPE")]
    assert doc[kerman + 1].is_space
    whitespace.entity_spaces(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Kerman", "GPE")]


def test_an_entity_of_whitespace_only_is_dropped():
    nlp = blank_nlp()
    doc = nlp.make_doc("Word\n\n\n\nWord")
    doc.ents = [Span(doc, 1, 2, label="ORG")]
    whitespace.entity_spaces(doc)
    assert list(doc.ents) == []
