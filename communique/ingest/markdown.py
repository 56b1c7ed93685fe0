"""Markdown releases with YAML front matter (White House, Kremlin and Ukraine dumps).

Front matter that is not valid YAML, or not a mapping, is an InputError: such a file is damaged
and treating its YAML as body text would put metadata into the record's text.  A markdown file
without front matter is read as a body with no metadata.

The body is turned into plain prose: escapes undone (`\\_`, `\\###`, `\\*`), headings, emphasis,
links, images, inline HTML, list bullets and rules stripped, hard-wrapped lines of a paragraph
joined with a space (that is what markdown renders).  Paragraphs stay separated by a blank line.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from communique.errors import InputError
from communique.ingest.fields import (
    clean_inline,
    language_code,
    normalise_date,
    scrub_surrogates,
    site_name,
    stem_of,
)
from communique.records import Document, Source

_FRONT = re.compile(r"^\ufeff?---[ \t]*\r?\n(?P<yaml>.*?)(?:\r?\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", re.S)
_ESCAPABLE = r"""\\`*_{}\[\]()#+\-.!|<>~"'$&%=:;,@/?^"""
# Escaped characters are parked in a private-use plane while markup is stripped, then restored,
# so that `\*` stays a literal asterisk and `\[x\](y)` is never taken for a link.
_PARK = 0xF0000
_ESCAPE = re.compile(rf"\\([{_ESCAPABLE}])")
_PARKED = re.compile(r"[\U000F0000-\U000F007F]")

_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX = re.compile(r"^\s{0,3}#{1,6}(?:\s+(?P<text>.*?))?\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_ORDERED = re.compile(r"^\s*\d{1,3}[.)]\s+")
_QUOTE = re.compile(r"^\s*>\s?")
_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$")

_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),                                  # images
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),
    (re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\s*\)"), r"\1"),  # links
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),                             # reference links
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),                      # autolinks
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),              # inline HTML tags
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"`+([^`]+?)`+"), r"\1"),                                       # code
    # Emphasis asterisks, paired or not (bold often spans a hard break in these dumps): a run of
    # two or more, or one touching a word, is markup; a lone " * " between spaces is kept.
    (re.compile(r"\*{2,}|(?<=\S)\*|\*(?=\S)"), ""),
    (re.compile(r"(?<![\w])(_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w])", re.S), r"\2"),  # _em_ __strong__
    (re.compile(r"~~(.+?)~~", re.S), r"\1"),
)


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as strings: `normalise_date` reads them, and a date that does
    not exist (`2023-02-30`) becomes no date instead of a ValueError that loses the document."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Front matter is a handful of fields; aliases can make a few lines expand to billions of values.
_MAX_FRONT_MATTER_VALUES = 10_000


def _too_many_values(value: Any, budget: list[int]) -> bool:
    budget[0] -= 1
    if budget[0] < 0:
        return True
    if isinstance(value, dict):
        value = [*value, *value.values()]
    return isinstance(value, list) and any(_too_many_values(child, budget) for child in value)


def split_front_matter(text: str, origin: str) -> tuple[dict[str, Any], str]:
    """(metadata, body); metadata is empty when the file has no front matter."""
    match = _FRONT.match(text)
    if not match:
        if text.lstrip("\ufeff").startswith("---"):
            raise InputError(origin, "front matter is not closed by a '---' line")
        return {}, text
    try:
        meta = yaml.load(match.group("yaml"), Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" (line {where.line + 2})" if where is not None else ""
        raise InputError(origin, f"front matter is not valid YAML{at}") from None
    except (ValueError, OverflowError, RecursionError) as exc:  # e.g. an explicit !!timestamp
        raise InputError(origin, f"front matter is not valid YAML ({type(exc).__name__}: {exc})") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(origin, "front matter is not a YAML mapping of fields")
    if _too_many_values(meta, [_MAX_FRONT_MATTER_VALUES]):
        raise InputError(origin, f"front matter holds more than {_MAX_FRONT_MATTER_VALUES:,} values "
                                 "(YAML aliases expanding?)")
    return scrub_surrogates(meta), text[match.end():]


def markdown_to_text(body: str) -> str:
    """Plain prose from a markdown body; paragraphs separated by blank lines."""
    parked = _ESCAPE.sub(lambda m: chr(_PARK + ord(m.group(1))), body.replace("\r\n", "\n"))
    # A backslash before a newline is a hard line break (pandoc); before a space, a fixed space.
    parked = parked.replace("\\\n", "  \n").replace("\\ ", " ")
    blocks = [_render_block(block) for block in _blocks(parked.split("\n"))]
    text = "\n\n".join(b for b in blocks if b.strip())
    return _PARKED.sub(lambda m: chr(ord(m.group(0)) - _PARK), text)


def _blocks(lines: list[str]) -> list[list[str]]:
    """Split into blocks at blank lines; headings, rules and code fences stand alone."""
    blocks: list[list[str]] = [[]]
    in_code = False
    for line in lines:
        if _FENCE.match(line):
            in_code = not in_code
            blocks.append([])
            continue
        if in_code:
            blocks[-1].append(line)
            continue
        if not line.strip() or _RULE.match(line) or _REFDEF.match(line):
            blocks.append([])
        elif heading := _ATX.match(line):
            blocks.append([heading.group("text") or ""])
            blocks.append([])
        elif _SETEXT.match(line) and blocks[-1]:
            blocks.append([])  # the underline of a heading: the text line above stays
        else:
            blocks[-1].append(line)
    return [b for b in blocks if b]


def _render_block(lines: list[str]) -> str:
    """Join soft-wrapped lines; list items and hard breaks start a new line."""
    out: list[str] = []
    hard_break = True
    for raw in lines:
        line = _QUOTE.sub("", raw)
        is_item = bool(_BULLET.match(line) or _ORDERED.match(line))
        line = _BULLET.sub("", line)
        if out and not is_item and not hard_break:
            out[-1] += " " + line.strip()
        else:
            out.append(line.strip())
        hard_break = raw.endswith("  ") or raw.endswith("\t")
    text = "\n".join(out)
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text


def _drop_repeated_title(prose: str, title: str | None) -> str:
    """A body that opens with the front matter's title as a heading repeats it; keep it once."""
    first, _, rest = prose.partition("\n\n")
    if title and " ".join(first.split()).casefold() == title.casefold():
        return rest
    return prose


def _first(meta: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if meta.get(key) not in (None, ""):
            return meta[key]
    return None


def read_markdown_document(text: str, origin: str, name: str | None = None) -> Document:
    meta, body = split_front_matter(text, origin)
    title = clean_inline(_first(meta, "title", "headline"))
    prose = _drop_repeated_title(markdown_to_text(body), title)
    if not prose.strip():
        raise InputError(origin, "no body text after the front matter")
    url = clean_inline(_first(meta, "source_url", "url", "link", "canonical_url"))
    source = _first(meta, "source", "publisher", "site", "sitename")
    if isinstance(source, dict):  # `source: {name: ..., url: ...}`
        url = url or clean_inline(source.get("url"))
        source = source.get("name")
    published = normalise_date(_first(meta, "date", "published", "published_time", "pubdate"))
    extra = {k: v for k, v in meta.items() if isinstance(k, str)}
    return Document(
        text=prose,
        origin=origin,
        title=title,
        published=published,
        source=Source(name=clean_inline(source) or site_name(url), url=url),
        language=language_code(meta.get("language") or meta.get("lang")),
        format="markdown",
        meta={"name": name or stem_of(origin), "front_matter": _jsonable(extra)},
    )


def _jsonable(value: Any) -> Any:
    """Front matter with dates as strings, so that meta can be written as JSON."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
