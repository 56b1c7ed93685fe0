"""Field normalisation shared by every reader: dates, publisher names from URLs, output names."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from importlib import resources
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from dateutil import parser as dateparser

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
# Dotted numeric dates ("09.08.2024") are day-first on every site we read.
_DOTTED = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.\d{4}")
# Values that scrapers (R's write.csv, pandas) write for a missing cell.
MISSING = frozenset({"", "na", "n/a", "nan", "null", "none"})


_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(value: Any) -> Any:
    """Lone UTF-16 surrogates (a JSON `"\\ud800"`, a YAML escape) cannot be encoded as UTF-8, so
    hashing or storing them fails: replace them with U+FFFD, in strings, lists and dicts."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {scrub_surrogates(k): scrub_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_surrogates(v) for v in value]
    return value


_LANGUAGE = re.compile(r"^\s*([A-Za-z]{2})(?:$|[-_\s])")


def language_code(value: object, default: str = "en") -> str:
    """A two-letter lower-case language code (`EN-us` -> `en`), or `default` for anything else
    (`42`, a list, `english`): the record's `language` must match `^[a-z]{2}$`."""
    match = _LANGUAGE.match(value) if isinstance(value, str) else None
    return match.group(1).lower() if match else default


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in MISSING)


def normalise_date(value: object) -> str | None:
    """Return `YYYY-MM-DD` for a date, datetime, ISO timestamp or written date; None if unsure.

    Only the calendar date is kept: `2022-06-24T23:23:00Z` is 2022-06-24 (no time-zone shift,
    the publisher's own date is what the release shows).  A string without a four-digit year is
    refused rather than completed with today's year.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str) or is_missing(value):
        return None
    match = _ISO_DATE.match(value)
    if match:
        try:
            return dt.date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    if not _YEAR.search(value):
        return None
    try:
        parsed = dateparser.parse(value, dayfirst=bool(_DOTTED.match(value)), fuzzy=False,
                                  default=dt.datetime(1900, 1, 1))
    except (ValueError, OverflowError):
        return None
    return parsed.date().isoformat()


@cache
def _sites() -> dict[str, str]:
    raw = resources.files(__package__).joinpath("data/sites.json").read_text(encoding="utf-8")
    return {k.lower(): v for k, v in json.loads(raw).items() if not k.startswith("_")}


def site_name(url: str | None) -> str | None:
    """Publisher name for a URL's domain from `data/sites.json`, or None."""
    if not url:
        return None
    host = (urlsplit(url.strip()).hostname or "").lower()
    best: tuple[int, str] | None = None
    for domain, name in _sites().items():
        if (host == domain or host.endswith("." + domain)) and (best is None or len(domain) > best[0]):
            best = (len(domain), name)
    return best[1] if best else None


def stem_of(origin: str) -> str:
    """Output name of a one-document input: the file's stem, or `stdin`/`string` for streams."""
    if origin.startswith("<") and origin.endswith(">"):
        return origin[1:-1] or "document"
    return PurePath(origin).stem or "document"


def row_name(origin: str, row: int) -> str:
    return f"{stem_of(origin)}-{row:05d}"


def clean_inline(value: object) -> str | None:
    """A one-line metadata value (title, source): whitespace and NBSP collapsed, None if missing."""
    if is_missing(value):
        return None
    text = " ".join(str(value).replace("\u00a0", " ").split())
    return text or None
