"""Decode bytes safely and tell which format an input is in, from its extension and its content."""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath

from communique.errors import InputError

FORMATS = ("text", "markdown", "html", "csv", "jsonl")
EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".csv": "csv",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
# How much of a file is looked at to decide its format and whether it is binary.
SNIFF_BYTES = 64 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_START = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_ANYWHERE = re.compile(r"<(p|div|article|h1|body)\b[^>]*>", re.I)
_FRONT_MATTER = re.compile(r"^\ufeff?---[ \t]*\r?\n")


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark announces (UTF-32 is checked before its UTF-16 prefix)."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return None


def text_encoding(origin: str, head: bytes, declared: str | None = None) -> str:
    """Pick the encoding for a file whose first bytes are `head`; refuse binary files.

    Order: a BOM, then a charset the content declares (HTML meta), then UTF-8.  NUL bytes
    without a UTF-16/32 BOM mean a binary file: we refuse it rather than guess.
    """
    bom = bom_encoding(head)
    if bom:
        return bom
    if b"\x00" in head:
        raise InputError(origin, "binary file (contains NUL bytes), not a text document")
    if declared:
        try:
            return codecs.lookup(declared).name
        except LookupError:
            raise InputError(origin, f"declares an unknown charset {declared!r}") from None
    return "utf-8"


def decode(origin: str, data: bytes, declared: str | None = None) -> str:
    """Decode a whole document, with a clear InputError instead of mojibake."""
    if not data.strip():
        raise InputError(origin, "empty file")
    encoding = text_encoding(origin, data[:SNIFF_BYTES], declared)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(origin, undecodable_reason(encoding, exc)) from None
    if not text.strip():
        raise InputError(origin, "empty file")
    return text


def undecodable_reason(encoding: str, exc: UnicodeDecodeError) -> str:
    bad = exc.object[exc.start:exc.start + 1].hex()
    offset = getattr(exc, "base_offset", 0) + exc.start
    return (f"not valid {encoding.upper()} text (byte 0x{bad} at offset {offset}); "
            "save it as UTF-8 (or UTF-16 with a BOM)")


def detect_format(origin: str, head: str) -> str:
    """Format from the extension, corrected by the content where the content is unambiguous.

    A `.txt` that starts with YAML front matter is markdown; a file without a known extension
    (or stdin) is sniffed: HTML markup, a JSON object per line, a CSV header naming a text
    column, front matter, else plain text.
    """
    ext = PurePath(origin).suffix.lower() if not origin.startswith("<") else ""
    by_ext = EXTENSIONS.get(ext)
    if by_ext in ("csv", "jsonl", "html", "markdown"):
        return by_ext
    if _FRONT_MATTER.match(head):
        return "markdown"
    if by_ext == "text":
        return "text"
    return sniff(head)


def sniff(head: str) -> str:
    """Guess the format of content that has no telling extension."""
    if _HTML_START.match(head) or len(_HTML_ANYWHERE.findall(head[:4096])) >= 2:
        return "html"
    first = head.lstrip("\ufeff").lstrip().split("\n", 1)[0].strip()
    if first.startswith("{") and first.endswith("}"):
        return "jsonl"
    if "," in first and looks_like_csv_header(first):
        return "csv"
    return "text"


def looks_like_csv_header(line: str) -> bool:
    from communique.ingest.tabular import TEXT_COLUMNS  # late import: tabular imports this module

    names = {c.strip().strip('"').strip().lower() for c in line.split(",")}
    return bool(names & set(TEXT_COLUMNS))


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes (`<meta charset=...>` or http-equiv)."""
    match = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", head[:8192], re.I)
    return match.group(1).decode("ascii") if match else None
