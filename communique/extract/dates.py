"""Dates of events: explicit ("June 2, 2022", "on February 22") and relative ("today",
"yesterday", "on Friday", "the next day") resolved against the publication date."""

from __future__ import annotations

import re
from datetime import date, timedelta

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"])}
_WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_MONTH_RE = "|".join(_MONTHS)
# "June 2, 2022" / "June 2" / "2 June 2022"; a bare "June 2022" is vague and gives nothing.
_MDY = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\b(?:,?\s+(\d{{4}}))?", re.I)
_WEEKDAY = re.compile(r"\b(?:on|last|this|next)\s+(" + "|".join(_WEEKDAYS) + r")\b", re.I)
_TODAY = re.compile(r"\b(today|this morning|this afternoon|this evening|tonight|is on a visit)\b", re.I)
_YESTERDAY = re.compile(r"\byesterday\b", re.I)
_TOMORROW = re.compile(r"\btomorrow\b", re.I)
_NEXT_DAY = re.compile(r"\b(the next day|the following day|a day later)\b", re.I)
_SAME_DAY = re.compile(r"\b(on the same day|the same day|later that day|later in the day)\b", re.I)


def parse_iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _explicit(text: str, published: date | None) -> date | None:
    for rx, month_group, day_group in ((_MDY, 1, 2), (_DMY, 2, 1)):
        m = rx.search(text)
        if not m:
            continue
        year = int(m.group(3)) if m.group(3) else (published.year if published else None)
        if year is None:
            continue
        try:
            return date(year, _MONTHS[m.group(month_group).lower()], int(m.group(day_group)))
        except ValueError:
            continue
    return None


def _weekday(name: str, published: date, planned: bool) -> date:
    """The weekday nearest the report: the last one before it, or the next one for plans."""
    delta = (published.weekday() - _WEEKDAYS[name.lower()]) % 7
    if planned:
        return published + timedelta(days=(7 - delta) % 7)
    return published - timedelta(days=delta or 7)


def relative_to_previous(text: str) -> bool:
    """Does `text` date its event by the one before ("the next day", "on the same day")?"""
    return bool(_NEXT_DAY.search(text) or _SAME_DAY.search(text)) and not _explicit(text, None)


def resolve_date(text: str, published: str | None, planned: bool = False,
                 previous: str | None = None) -> str | None:
    """The date `text` (one sentence) gives its event, as YYYY-MM-DD, or None.

    `previous` is the date of the event reported just before, for "the next day".
    """
    pub = parse_iso(published)
    found = _explicit(text, pub)
    if found:
        return found.isoformat()
    prev = parse_iso(previous)
    if prev and _SAME_DAY.search(text):
        return prev.isoformat()
    if prev and _NEXT_DAY.search(text):
        return (prev + timedelta(days=1)).isoformat()
    if pub is None:
        return None
    m = _WEEKDAY.search(text)
    if m:
        return _weekday(m.group(1), pub, planned).isoformat()
    if _YESTERDAY.search(text):
        return (pub - timedelta(days=1)).isoformat()
    if _TOMORROW.search(text):
        return (pub + timedelta(days=1)).isoformat()
    if _TODAY.search(text):
        return pub.isoformat()
    return None
