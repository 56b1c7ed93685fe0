"""HTML pages: the article's text and metadata via trafilatura, page chrome dropped.

trafilatura only ever sees the string we decoded: no URL is passed and nothing is fetched.
Bytes are decoded here (BOM, then the charset the page declares, then UTF-8) so that a
windows-1251 page comes out right and an undeclared non-UTF-8 page is refused, not garbled.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from communique.errors import InputError
from communique.ingest.detect import declared_charset, decode
from communique.ingest.fields import clean_inline, language_code, normalise_date, site_name, stem_of
from communique.records import Document, Source

# trafilatura logs every page it finds thin at WARNING; those cases become InputErrors here.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

_TITLE_SEPARATOR = re.compile(r"\s+[|\u2013\u2014-]\s+")
_COPYRIGHT = re.compile(r"©\s*(?:\d{4}(?:\s*[-\u2013]\s*\d{4})?\s*,?\s*)?(?P<name>[^.|<>\n]{8,120})")
# A date alone on the last line of a statement ("December 6, 2021") is its date of issue.
_TRAILING_DATE = re.compile(r"^(?:[A-Z][a-z]+ \d{1,2}, \d{4}|\d{1,2} [A-Za-z]+ \d{4})$")
_BLOCK_TAGS = {"p", "head", "quote", "list", "table", "code"}


def decode_html(data: bytes, origin: str) -> str:
    return decode(origin, data, declared_charset(data))


def read_html_document(page: str, origin: str, name: str | None = None) -> Document:
    result = _extract(page, origin)
    blocks = _body_blocks(result.body)
    page_title, page_site = _title_parts(page)
    title = clean_inline(result.title)
    sitename = clean_inline(result.sitename)
    if title and page_site and title == page_site:  # trafilatura swapped headline and site
        title, sitename = page_title, None
    blocks = _drop_title_block(blocks, title)
    if not "".join(blocks).strip():
        raise InputError(origin, "no article text found")
    url = clean_inline(result.url)
    published = normalise_date(result.date) or _trailing_date(blocks)
    return Document(
        text="\n\n".join(blocks),
        origin=origin,
        title=title,
        published=published,
        source=Source(name=sitename or page_site or site_name(url) or _copyright_holder(page), url=url),
        language=language_code(result.language),
        format="html",
        meta={"name": name or stem_of(origin)},
    )


def _extract(page: str, origin: str) -> Any:
    try:
        result = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_images=False,
            include_links=False, include_tables=True,
            # The non-extensive search trusts only real date markup; the extensive one takes
            # e.g. a footer's "© 2007-2020" for a publication date.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError, etree.LxmlError) as exc:
        raise InputError(origin, f"could not parse HTML: {exc}") from None
    if result is None or getattr(result, "body", None) is None:
        raise InputError(origin, "no article text found")
    return result


def _body_blocks(body: etree._Element) -> list[str]:
    """One string per paragraph; source-code line wraps inside a paragraph become spaces."""
    blocks: list[str] = []
    for element in body.iter(*_BLOCK_TAGS):
        if any(a.tag in _BLOCK_TAGS for a in element.iterancestors()):
            continue  # nested: rendered with its outer block
        if element.tag == "list":
            lines = [_flat(item) for item in element.iter("item")]
        elif element.tag == "table":
            lines = [" | ".join(_flat(c) for c in row.iter("cell")) for row in element.iter("row")]
        else:
            lines = [_flat(element)]
        text = "\n".join(line for line in lines if line)
        if text:
            blocks.append(text)
    return blocks


def _flat(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _title_parts(page: str) -> tuple[str | None, str | None]:
    """(headline, site) from `<title>Headline - Site</title>`; site only if it is a real name."""
    try:
        tree = lxml_html.fromstring(page)
    except (etree.ParserError, ValueError):
        return None, None
    raw = tree.findtext(".//title")
    text = clean_inline(raw)
    if not text:
        return None, None
    parts = _TITLE_SEPARATOR.split(text)
    if len(parts) < 2:
        return text, None
    site = parts[-1]
    # "Portal", "Home": a one-word last segment is a section, not a publisher.
    return " - ".join(parts[:-1]), site if len(site.split()) >= 2 else None


def _drop_title_block(blocks: list[str], title: str | None) -> list[str]:
    """The page repeats its headline above the article (sometimes split over several blocks);
    it belongs in `title`, not in the body."""
    if not title:
        return blocks
    want, seen = title.casefold(), ""
    for i, block in enumerate(blocks[:3]):
        seen = " ".join((seen + " " + block).split()).casefold()
        if seen == want:
            return blocks[i + 1:]
        if not want.startswith(seen):
            break
    return blocks


def _trailing_date(blocks: list[str]) -> str | None:
    last = blocks[-1].split("\n")[-1].strip() if blocks else ""
    return normalise_date(last) if _TRAILING_DATE.match(last) else None


def _copyright_holder(page: str) -> str | None:
    match = _COPYRIGHT.search(page)
    return clean_inline(match.group("name")) if match else None
