"""CSV and JSON Lines: one document per row, streamed from the open file.

Rows are read one at a time (csv.reader / line iteration over the file object), so an 800 MB
export costs one row of memory.  A row that cannot be used gives an InputError naming
`path:row N`; the rows after it still come out.  Row numbers count data rows from 1 (the CSV
header is not a row); for JSON Lines they are line numbers.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from communique.errors import InputError
from communique.ingest.fields import (
    clean_inline,
    is_missing,
    normalise_date,
    row_name,
    scrub_surrogates,
    site_name,
)
from communique.records import Document, Source

# Default columns for each record field, first match wins (compared case-insensitively).
TEXT_COLUMNS = ("body", "text", "content")
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": TEXT_COLUMNS,
    "title": ("headline", "title"),
    "published": ("date", "published"),
    "url": ("link", "url"),
    "source": ("source",),
}
FIELDS = tuple(DEFAULT_COLUMNS)


def _raise_field_limit() -> None:
    """Let a cell be as big as the platform allows: long speeches exceed the 128 KiB default."""
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 2


_raise_field_limit()


def resolve_columns(columns: Iterable[str], column_map: dict[str, str] | None,
                    origin: str) -> dict[str, str]:
    """Map each record field to the actual column name it is read from.

    `column_map` ({field: column}) overrides the defaults; naming a column the file lacks, or
    an unknown field, is an InputError, as is a file with no text column at all.
    """
    present = {c.strip().lower(): c for c in columns if isinstance(c, str)}
    mapping: dict[str, str] = {}
    for field, candidates in DEFAULT_COLUMNS.items():
        hit = next((present[c] for c in candidates if c in present), None)
        if hit is not None:
            mapping[field] = hit
    for field, column in (column_map or {}).items():
        if field not in DEFAULT_COLUMNS:
            raise InputError(origin, f"unknown field {field!r} in column map (use {', '.join(FIELDS)})")
        if column.strip().lower() not in present:
            raise InputError(origin, f"no column {column!r} for {field}; columns: {_names(present)}")
        mapping[field] = present[column.strip().lower()]
    if "text" not in mapping:
        raise InputError(origin, f"no text column (looked for {', '.join(TEXT_COLUMNS)}); "
                                 f"columns: {_names(present)}")
    return mapping


def _names(present: dict[str, str]) -> str:
    return ", ".join(present.values()) or "(none)"


def row_document(row: dict[str, Any], mapping: dict[str, str], origin: str, number: int,
                 fmt: str) -> Document:
    """One Document from one row; an empty body is an InputError for that row."""
    where = f"{origin}:row {number}"
    body = row.get(mapping["text"])
    if is_missing(body) or not str(body).strip():
        raise InputError(where, f"empty text in column {mapping['text']!r}")
    url = clean_inline(row.get(mapping.get("url", ""))) if "url" in mapping else None
    source = row.get(mapping["source"]) if "source" in mapping else None
    if isinstance(source, dict):  # JSON: {"source": {"name": ..., "url": ...}}
        url = url or clean_inline(source.get("url"))
        source = source.get("name")
    used = set(mapping.values())
    return Document(
        text=str(body),
        origin=where,
        title=clean_inline(row.get(mapping["title"])) if "title" in mapping else None,
        published=normalise_date(row.get(mapping["published"])) if "published" in mapping else None,
        source=Source(name=clean_inline(source) or site_name(url), url=url),
        format=fmt,
        meta={"name": row_name(origin, number), "row": number,
              "extra": {k: v for k, v in row.items() if k not in used and not is_missing(v)}},
    )


def iter_csv(stream: Iterable[str], origin: str,
             column_map: dict[str, str] | None = None) -> Iterator[Document | InputError]:
    """Documents from an open CSV text stream (opened with newline='')."""
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        yield InputError(origin, "empty file")
        return
    except csv.Error as exc:
        yield InputError(origin, f"unreadable CSV header: {exc}")
        return
    try:
        mapping = resolve_columns(header, column_map, origin)
    except InputError as err:
        yield err
        return
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # e.g. a NUL byte or an unterminated quote: the file stops here
            yield InputError(f"{origin}:row {number + 1}", f"malformed CSV: {exc}")
            return
        number += 1
        if not any(c.strip() for c in cells):
            number -= 1  # blank lines are not rows
            continue
        try:
            yield row_document(dict(zip(header, cells, strict=False)), mapping, origin, number, "csv")
        except InputError as err:
            yield err


def iter_jsonl(stream: Iterable[str], origin: str,
               column_map: dict[str, str] | None = None) -> Iterator[Document | InputError]:
    """Documents from an open JSON Lines text stream; a broken line spoils only itself."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        where = f"{origin}:row {number}"
        try:
            obj = json.loads(line)
            if "\\u" in line:  # escapes can make lone surrogates
                obj = scrub_surrogates(obj)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:  # a line nested thousands deep spoils only itself
            yield InputError(where, "invalid JSON: nested too deeply")
            continue
        if not isinstance(obj, dict):
            yield InputError(where, f"expected a JSON object, got {type(obj).__name__}")
            continue
        try:
            mapping = resolve_columns(obj.keys(), column_map, where)
            yield row_document(obj, mapping, origin, number, "jsonl")
        except InputError as err:
            yield err
