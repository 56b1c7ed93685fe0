"""Tidy a document's body into the text every offset of its record indexes into.

    clean(doc)        a new Document whose `.text` is the cleaned body
    clean_text(text)  the cleaning itself

What it does, in order: newlines unified; NBSP and other space characters made plain spaces,
zero-width and control characters removed; each line's spaces and tabs collapsed and the line
stripped; caption / credit / end-marker lines dropped (`data/rules.json`, `drop_lines`);
trailing "relevant news" fragments cut (`cut_from`, never inside the first paragraph);
paragraphs joined by exactly one blank line.  It only deletes and normalises whitespace:
it never adds words, so the cleaned text is a faithful reading of the input.
"""

from __future__ import annotations

import dataclasses
import json
import re
from functools import cache
from importlib import resources

from communique.records import Document

__all__ = ["clean", "clean_text"]

# Space characters that read as a plain space (NBSP, thin spaces, ideographic space...).
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Invisible characters that only break tokens: zero-width, BOM, soft hyphen, C0/C1 controls.
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f-\x9f]")
_RUN_OF_SPACES = re.compile(r" {2,}")


@cache
def _rules() -> tuple[re.Pattern[str], re.Pattern[str]]:
    raw = resources.files(__package__).joinpath("data/rules.json").read_text(encoding="utf-8")
    rules = json.loads(raw)
    return (
        re.compile("|".join(f"(?:{r})" for r in rules["drop_lines"]), re.I),
        re.compile("|".join(f"(?:{r})" for r in rules["cut_from"]), re.I),
    )


def clean(doc: Document) -> Document:
    """A copy of `doc` with its body cleaned (the input document is left as it was)."""
    return dataclasses.replace(doc, text=clean_text(doc.text), meta=dict(doc.meta))


def clean_text(text: str) -> str:
    """The cleaned body: paragraphs of normalised lines, joined by one blank line."""
    drop, cut = _rules()
    paragraphs: list[list[str]] = [[]]
    for line in _normalised_lines(text):
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if drop.match(line):
            continue
        if cut.match(line) and _has_body(paragraphs):
            break
        paragraphs[-1].append(line)
    return "\n\n".join("\n".join(p) for p in paragraphs if p)


def _normalised_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    return [_RUN_OF_SPACES.sub(" ", line).strip() for line in text.split("\n")]


def _has_body(paragraphs: list[list[str]]) -> bool:
    """True once a complete paragraph has been kept: trailing junk can only follow a body."""
    return sum(1 for p in paragraphs if p) >= 2 or (len(paragraphs) >= 2 and bool(paragraphs[0]))
