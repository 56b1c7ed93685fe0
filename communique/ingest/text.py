"""Plain-text releases, including the header line that scraped news sites put above the body.

Scraped releases begin with a block such as

     date 2024-06-26 Images | Kazakh MFA
     date 2024-08-09 09.08.2024, 12:09 11437 / <headline> / Images | Kazakh MFA   (three lines)
     date 12 March 2024 | Foreign Ministry

i.e. a `date` keyword with a date, optional time-stamp / view-counter noise, an optional headline
and a `[Images|Photo] | <publisher>` line.  We read the date, the headline and the publisher from
it and drop the block from the body.  Without the `date` keyword nothing is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from communique.errors import InputError
from communique.ingest.fields import clean_inline, normalise_date, stem_of
from communique.records import Document, Source

_MONTHS = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
# Date forms seen in scraped headers, tried in this order at the start of the header.
_DATE_FORMS = (
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?",
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\s*,?\s+\d{{4}}",
    rf"{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s+\d{{4}}",
    r"\d{1,2}\.\d{1,2}\.\d{4}",
    r"\d{4}/\d{1,2}/\d{1,2}",
)
_HEADER = re.compile(
    rf"^[ \t]*(?:date|published|posted)[ \t]*:?[ \t]+(?P<date>{'|'.join(_DATE_FORMS)})(?P<rest>[^\n]*)$",
    re.I,
)
# "Images | Kazakh MFA", "| Foreign Ministry", "Photo | MFA": the publisher after a bar.
_SOURCE = re.compile(r"^(?:(?:images?|photos?|video|pictures?)\s*)?\|\s*(?P<name>[^|]+?)\s*$", re.I)
# Time-stamps, view counters and separators: "09.08.2024, 12:09 11437", "12:09", "-".
_NOISE = re.compile(r"^[\d\s.,:/|·•-]*$")
# A header never runs longer than this many lines before the publisher line.
_MAX_HEADER_LINES = 4


@dataclass
class Header:
    published: str | None
    source: str | None
    title: str | None
    end: int  # offset in the text where the body starts


def parse_header(text: str) -> Header | None:
    """Read the scraped header at the top of `text`, or None if the text has none."""
    lead = len(text) - len(text.lstrip("\ufeff\n\r "))
    lines = text[lead:].split("\n")
    match = _HEADER.match(lines[0].rstrip("\r"))
    if not match:
        return None
    published = normalise_date(match.group("date"))
    source, titles, used = _read_rest(match.group("rest").strip(), lines[1:])
    end = lead + sum(len(line) + 1 for line in lines[:used])
    return Header(published, source, clean_inline(" ".join(titles)), min(end, len(text)))


def _read_rest(first_rest: str, following: list[str]) -> tuple[str | None, list[str], int]:
    """Find the publisher: on the date line itself, or on a line just below the headline.

    Returns (publisher, headline lines, number of lines the header takes).
    """
    found = _SOURCE.match(first_rest) if first_rest else None
    if found:
        return clean_inline(found.group("name")), [], 1
    titles: list[str] = [] if _NOISE.match(first_rest) else [first_rest]
    for i, raw in enumerate(following[:_MAX_HEADER_LINES]):
        line = raw.strip()
        if not line:
            break
        found = _SOURCE.match(line)
        if found:
            return clean_inline(found.group("name")), titles, i + 2
        titles.append(line)
    # No publisher line: only the date line is header; what follows is body.
    return None, [], 1


def read_text_document(text: str, origin: str, name: str | None = None) -> Document:
    """A plain-text document: header fields if any, the rest as the raw body."""
    header = parse_header(text)
    body = text[header.end:] if header else text
    if not body.strip():
        raise InputError(origin, "no body text")
    return Document(
        text=body,
        origin=origin,
        title=header.title if header else None,
        published=header.published if header else None,
        source=Source(name=header.source if header else None),
        format="text",
        meta={"name": name or stem_of(origin)},
    )
