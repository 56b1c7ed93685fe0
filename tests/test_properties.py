# ruff: noqa: E501 - long literal test data and parameter lists read better on one line
"""Property tests (hypothesis) on every parser and on the cleaner.

Whatever text or bytes arrive, the readers give Documents or InputErrors and nothing else; the
cleaner only deletes and normalises whitespace; dates are real dates or None; and records built on
the model-free pipeline (`blank_nlp`) are schema-valid with every offset inside `text`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from communique import clean, pipeline
from communique.errors import InputError
from communique.ingest import iter_documents, read_text
from communique.ingest.detect import detect_format, sniff
from communique.ingest.fields import clean_inline, normalise_date
from communique.ingest.html import read_html_document
from communique.ingest.markdown import markdown_to_text, read_markdown_document, split_front_matter
from communique.ingest.tabular import iter_csv, iter_jsonl
from communique.ingest.text import parse_header, read_text_document
from communique.records import Document, Record

FAST = settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))

# Text that looks like the genre, broken up by the characters that break parsers.
WORDS = ["Minister", "Sergey", "Lavrov", "of", "Russia", "met", "with", "Wang", "Yi", "China", "in",
         "Beijing", "on", "3", "March", "2022", ".", ",", "said", '"', "'", "the", "Embassy",
         "Kazakhstan", "Ambassador", "H.E.", "discussed", "trade", "signed", "agreement", "\n", "\n\n",
         "(", ")", "-", "—", "date", "2024-06-26", "|", "Images", "Kazakh", "MFA", "---", "#", "*",
         "<p>", "</p>", "&amp;", "\u00a0", "\u200b", "\ufeff", "\r\n", "\t", "\u2028", "\x00", "\x1b",
         "é", "ß", "Ж", "中", "\U0001f600", "\u202e", "\u0301"]
genre_text = st.lists(st.sampled_from(WORDS) | st.text(max_size=8), max_size=80).map(" ".join)
any_text = st.text(max_size=400) | genre_text


def _only_docs_and_errors(items: object) -> list[Document | InputError]:
    out = list(items)  # type: ignore[call-overload]
    for item in out:
        assert isinstance(item, Document | InputError), type(item)
        if isinstance(item, InputError):
            assert item.origin and item.reason
        else:
            assert isinstance(item.text, str) and item.text.strip()
            item.text.encode("utf-8")  # storable: no lone surrogates
            assert item.published is None or _real_date(item.published)
    return out


def _real_date(value: str) -> bool:
    try:
        return dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


# --- the cleaner -------------------------------------------------------------------------------

_WS = re.compile(r"\s")


@FAST
@given(any_text)
@example("a\r\n\r\n\r\nb\u2029c\u00a0\u00a0d\x00e")
def test_clean_only_deletes_and_normalises_whitespace(text: str) -> None:
    out = clean.clean_text(text)
    assert "\r" not in out and "\n\n\n" not in out and "  " not in out
    assert out == out.strip()
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u200b\ufeff]", out)
    # Never invents: the non-space characters of the output are a subsequence of the input's.
    source = iter(_WS.sub("", text.replace("\u00a0", " ")))
    assert all(ch in source for ch in _WS.sub("", out)), "clean added or reordered characters"


@FAST
@given(any_text)
def test_clean_is_idempotent(text: str) -> None:
    once = clean.clean_text(text)
    assert clean.clean_text(once) == once


# --- single-document readers -------------------------------------------------------------------

@FAST
@given(any_text)
def test_read_text_gives_a_document_or_an_input_error(text: str) -> None:
    try:
        doc = read_text(text, origin="<prop>")
    except InputError as err:
        assert err.reason
        return
    _only_docs_and_errors([doc])
    assert doc.format in ("text", "markdown", "html")


@FAST
@given(genre_text, st.sampled_from(["date", "published", "posted", "Date:"]),
       st.text(alphabet="0123456789-./ ,:|TZ+", max_size=30), st.text(max_size=60))
def test_text_header_end_is_inside_the_text(body: str, keyword: str, date: str, rest: str) -> None:
    text = f"{keyword} {date}{rest}\n{body}"
    header = parse_header(text)
    if header is not None:
        assert 0 <= header.end <= len(text)
        assert header.published is None or _real_date(header.published)
    with contextlib.suppress(InputError):
        read_text_document(text, "<prop>")


@FAST
@given(st.dictionaries(st.sampled_from(["title", "date", "source", "url", "language", "x"]),
                       st.one_of(st.none(), st.integers(), st.text(max_size=30), st.lists(st.text(max_size=5))),
                       max_size=5),
       genre_text)
def test_markdown_with_any_front_matter(meta: dict[str, object], body: str) -> None:
    lines = "\n".join(f"{k}: {json.dumps(v)}" for k, v in meta.items())
    text = f"---\n{lines}\n---\n\n{body}"
    try:
        doc = read_markdown_document(text, "<prop>.md")
    except InputError:
        return
    _only_docs_and_errors([doc])
    json.dumps(doc.meta)  # front matter is kept as JSON-able data


@FAST
@given(any_text)
def test_markdown_parsers_never_raise_anything_else(text: str) -> None:
    markdown_to_text(text)
    with contextlib.suppress(InputError):
        split_front_matter("---\n" + text, "<prop>.md")


@SLOW
@given(st.lists(st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<html>", "<body>", "<title>",
                                 "</title>", "<script>", "<!--", "-->", "<meta charset=x>", "<b>",
                                 "<article>", "<h1>", "&#0;", "&lt;", "<br/>", "<table><tr><td>"])
                | genre_text, max_size=60).map("".join))
def test_html_reader_gives_a_document_or_an_input_error(page: str) -> None:
    try:
        doc = read_html_document(page, "<prop>.html")
    except InputError:
        return
    _only_docs_and_errors([doc])


@FAST
@given(any_text)
def test_format_detection_is_total(head: str) -> None:
    assert sniff(head) in ("text", "html", "jsonl", "csv")
    assert detect_format("<stdin>", head) in ("text", "markdown", "html", "csv", "jsonl")


# --- row readers -------------------------------------------------------------------------------

csv_cell = st.text(max_size=20) | st.sampled_from(['"', '""', ",", "\n", "\r", "NA", "", "2023-02-30"])


@FAST
@given(st.lists(st.lists(csv_cell, max_size=6), max_size=8), st.sampled_from(["text", "body", "x"]))
def test_csv_rows_never_raise(rows: list[list[str]], text_col: str) -> None:
    raw = f"title,date,{text_col}\n" + "\n".join(",".join(r) for r in rows) + "\n"
    _only_docs_and_errors(iter_csv(io.StringIO(raw, newline=""), "<prop>.csv"))


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=10,
)


@FAST
@given(st.lists(st.dictionaries(st.sampled_from(["text", "body", "title", "date", "source", "url", "link"]),
                                json_value, max_size=5)
                | st.text(max_size=40), max_size=8))
def test_jsonl_rows_never_raise(lines: list[object]) -> None:
    raw = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    out = _only_docs_and_errors(iter_jsonl(io.StringIO(raw), "<prop>.jsonl"))
    assert len(out) <= len(raw.splitlines()) or not raw


# --- whole files, any bytes ----------------------------------------------------------------------

@SLOW
@given(st.binary(max_size=3000) | any_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
       st.sampled_from([".txt", ".md", ".html", ".csv", ".jsonl", ".dat"]))
def test_any_bytes_in_any_file_give_documents_or_errors(tmp_path_factory: pytest.TempPathFactory,
                                                        data: bytes, ext: str) -> None:
    path = Path(tmp_path_factory.mktemp("prop")) / f"input{ext}"
    path.write_bytes(data)
    out = _only_docs_and_errors(pipeline.read([str(path)]))
    assert out, "an input must give a document or a failure, never nothing"
    for item in iter_documents([str(path)]):
        assert isinstance(item, Document | InputError)


# --- fields --------------------------------------------------------------------------------------

@FAST
@given(st.text(max_size=40) | st.dates().map(str) | st.builds("{}-{:02d}-{:02d}".format,
       st.integers(0, 99999), st.integers(0, 99), st.integers(0, 99)))
def test_normalise_date_gives_a_real_date_or_none(value: str) -> None:
    out = normalise_date(value)
    assert out is None or _real_date(out)


@FAST
@given(json_value)
def test_clean_inline_is_one_line_or_none(value: object) -> None:
    out = clean_inline(value)
    assert out is None or (out.strip() == out and "\n" not in out and out)


# --- records on the model-free pipeline ---------------------------------------------------------

@pytest.fixture(scope="module")
def blank():
    from communique.extract.nlp import blank_nlp

    return blank_nlp()


def _check_record(record: Record, validator: object) -> None:
    data = record.to_dict()
    errors = sorted(validator.iter_errors(data), key=str)  # type: ignore[attr-defined]
    assert not errors, errors[0].message
    n = len(record.text)
    spans = [m for e in record.entities for m in e.mentions]
    spans += [s for v in record.events for s in v.evidence]
    spans += [s.span for s in record.statements] + [r.span for r in record.references if r.span]
    for start, end in spans:
        assert 0 <= start < end <= n, (start, end, n)
        assert record.text[start:end].strip()
    ids = {e.id for e in record.entities}
    for event in record.events:
        assert {p.entity for p in event.participants} <= ids
        assert set(event.organizers) <= ids
    assert {s.speaker for s in record.statements} <= ids


@SLOW
@given(genre_text, st.none() | st.text(max_size=30))
def test_records_from_any_text_are_schema_valid(blank, schema_validator, text: str, title: str | None) -> None:
    document = clean.clean(Document(text=text, title=title, origin="<prop>"))
    assume(document.text.strip())
    result = next(pipeline.process([document], nlp=blank))
    assert isinstance(result, Record), result
    _check_record(result, schema_validator)


@SLOW
@given(st.sampled_from([".md", ".jsonl", ".csv", ".html", ".txt"]), genre_text,
       st.text(max_size=12), st.text(alphabet="0123456789-", max_size=12))
def test_records_from_any_file_are_schema_valid(blank, schema_validator, tmp_path_factory: pytest.TempPathFactory,
                                                ext: str, body: str, lang: str, date: str) -> None:
    if ext == ".md":
        raw = f"---\ntitle: T\nlanguage: {json.dumps(lang)}\ndate: {json.dumps(date)}\n---\n\n{body}"
    elif ext == ".jsonl":
        raw = json.dumps({"text": body, "date": date, "title": lang})
    elif ext == ".csv":
        raw = "text,date\n" + json.dumps(body) + f",{date}\n"
    elif ext == ".html":
        raw = f"<html lang='{lang}'><body><article><p>{body}</p><p>{body}</p></article></body></html>"
    else:
        raw = f"date {date} | Ministry\n{body}"
    path = Path(tmp_path_factory.mktemp("rec")) / f"in{ext}"
    path.write_text(raw, encoding="utf-8", errors="surrogatepass")
    docs = [d for d in pipeline.read([str(path)]) if isinstance(d, Document)]
    for result in pipeline.process(docs, nlp=blank):
        if isinstance(result, Record):
            _check_record(result, schema_validator)
