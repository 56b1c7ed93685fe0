"""The Doc extensions our components read and write: the contract between extraction steps.

- `published`    the document's publication date (YYYY-MM-DD) or None, set before the pipeline runs
- `title`        the headline (not part of the Doc's text) or None, set before the pipeline runs
- `source_name`  the publisher ("Kremlin", "Kazakh MFA") or None, set before the pipeline runs
- `entities`     list[Entity], ids e1, e2, ... (written by the entity component)
- `token_entity` list[str | None], for each token the id of the entity it mentions, if any
- `events`, `statements`, `references`   lists of the record types
- `attribution`  the "press service of ... reports" clause, or None
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_LIST_ATTRS = ("entities", "events", "statements", "references")


def register_extensions() -> None:
    """Register every extension once; safe to call again."""
    for name in _LIST_ATTRS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in ("published", "attribution", "token_entity", "title", "source_name"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def entity_at(doc: Doc, i: int) -> str | None:
    """The id of the entity that token `i` mentions, or None."""
    index = doc._.token_entity
    return index[i] if index and 0 <= i < len(index) else None


def entity_in(span: Span) -> str | None:
    """The id of the first entity mentioned inside `span`, or None."""
    for tok in span:
        ent = entity_at(span.doc, tok.i)
        if ent:
            return ent
    return None


register_extensions()
