"""References: documents the text cites (articles, speeches, agreements, reports)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from communique.extract import context
from communique.records import Reference


def find_references(doc: Doc) -> list[Reference]:
    return []


@Language.component("communique_references")
def references_component(doc: Doc) -> Doc:
    context.register_extensions()
    doc._.references = find_references(doc)
    return doc
