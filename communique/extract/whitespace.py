"""Whitespace the statistical models misread: two small parsing steps.

`paragraph_breaks`: a blank line ends a sentence, whatever the parser would say.  Releases put
headlines, datelines, captions and list items on lines of their own, often without a full stop;
the parser, reading them as one stream, can join a headline to the body's first sentence or one
paragraph to the next, and every step that works sentence by sentence (dates, speakers, event
parties, statement spans) then reads across the break.  It runs before the parser, which keeps
the sentence starts it is given (or after a rule-based sentencizer, which would reset them).

`entity_spaces`: the recognizer sometimes takes the blank line after a name into the entity
("Kerman\\n\\n" at the end of a headline); entities never start or end on whitespace.

Neither name has the `communique_` prefix: they belong to the parsing steps (`annotate.parse`),
not to the rules that run on whole parsed documents.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

PARAGRAPHS = "paragraph_breaks"
ENTITY_SPACES = "entity_spaces"


@Language.component(PARAGRAPHS)
def paragraph_breaks(doc: Doc) -> Doc:
    gap = ""  # the whitespace since the last word: its own, then any space tokens
    for token in doc:
        if token.is_space:
            gap += token.text_with_ws
            continue
        if token.i > 0 and gap.count("\n") >= 2:
            token.is_sent_start = True
        gap = token.whitespace_
    return doc


def _trimmed(ent: Span) -> Span | None:
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].is_space:
        start += 1
    while end > start and ent.doc[end - 1].is_space:
        end -= 1
    if start == end:
        return None
    return ent if (start, end) == (ent.start, ent.end) else Span(ent.doc, start, end, label=ent.label)


@Language.component(ENTITY_SPACES)
def entity_spaces(doc: Doc) -> Doc:
    if any(doc[e.start].is_space or doc[e.end - 1].is_space for e in doc.ents):
        doc.ents = [t for e in doc.ents if (t := _trimmed(e)) is not None]
    return doc
