"""Ingest: every format from the bundled samples and, where present, the shared corpora; bad
inputs give an InputError naming the file while the rest of the batch comes out."""

from __future__ import annotations

import io
import json
import os
import sys
import types
from pathlib import Path

import pytest

from communique.errors import InputError
from communique.ingest import iter_documents, read_path, read_text
from communique.ingest.fields import normalise_date, site_name
from communique.ingest.tabular import iter_csv
from communique.ingest.text import parse_header
from communique.records import Document

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = Path(os.environ.get("COMMUNIQUE_SHARED") or Path(__file__).resolve().parents[2] / "shared")
needs_shared = pytest.mark.skipif(not (SHARED / "corpora").is_dir(),
                                  reason=f"shared data not found at {SHARED} (set COMMUNIQUE_SHARED)")
CORPORA = SHARED / "corpora"
GOLD_INPUTS = SHARED / "gold" / "dev" / "inputs"
HTML_PAGES = CORPORA / "mfa_statement_html_pages_diplomaticpulse" / "diplomaticpulse" / "tests" / "fixtures"
PRESS_CSV = CORPORA / "kremlin_and_ukraine_president_press_releases" / "press_release_data"


def docs_and_errors(paths: list[str | Path], **kw: object) -> tuple[list[Document], list[InputError]]:
    docs: list[Document] = []
    errors: list[InputError] = []
    for item in iter_documents([str(p) for p in paths], **kw):  # type: ignore[arg-type]
        (errors if isinstance(item, InputError) else docs).append(item)  # type: ignore[arg-type]
    return docs, errors


def one(path: Path) -> Document:
    docs = read_path(str(path))
    assert len(docs) == 1
    return docs[0]


# --- bundled samples --------------------------------------------------------------------------

def test_samples_all_read_without_errors() -> None:
    docs, errors = docs_and_errors([SAMPLES])
    assert errors == []
    assert {d.format for d in docs} == {"text", "markdown", "html", "csv", "jsonl"}
    assert len(docs) == 16  # 6 txt + 2 md + 2 html + 3 csv rows + 3 jsonl rows
    for doc in docs:
        assert doc.text.strip() and doc.meta["name"] and doc.origin


def test_sample_text_header_is_read_and_removed() -> None:
    doc = one(SAMPLES / "kazakh-mfa-round-table-vienna.txt")
    assert (doc.published, doc.source.name, doc.format) == ("2024-09-18", "Kazakh MFA", "text")
    assert doc.meta["name"] == "kazakh-mfa-round-table-vienna"
    assert "Images |" not in doc.text and "date 2024" not in doc.text


def test_sample_three_line_header_gives_title() -> None:
    doc = one(SAMPLES / "kazakh-mfa-consultations-hanoi.txt")
    assert doc.title == "Kazakhstan and Vietnam Hold Political Consultations in Hanoi"
    assert doc.published == "2023-11-14"
    assert doc.text.lstrip().startswith("Deputy Minister")


def test_sample_written_date_header() -> None:
    doc = one(SAMPLES / "foreign-ministry-phone-call.txt")
    assert doc.published == "2024-03-12"
    assert doc.source.name == "Ministry of Foreign Affairs of Mongolia"


def test_text_without_header_is_left_alone() -> None:
    doc = one(SAMPLES / "embassy-seminar-note.txt")
    assert doc.published is None and doc.source.name is None
    assert doc.text.startswith("Embassy hosts seminar")


def test_sample_markdown_front_matter_and_markup() -> None:
    doc = one(SAMPLES / "whitehouse-readout-call-with-prime-minister.md")
    assert doc.format == "markdown"
    assert doc.title == ("Readout of National Security Advisor Jake Sullivan\u2019s Call with "
                         "Prime Minister of Norway")
    assert doc.published == "2024-02-09"
    assert doc.source.name == "The White House"  # from the URL's domain via data/sites.json
    assert doc.source.url and doc.source.url.startswith("https://www.whitehouse.gov/")
    assert "continued support for Ukraine" in doc.text and "NATO Summit in Washington" in doc.text
    for markup in ("**", "](", "\\", "[NATO"):
        assert markup not in doc.text
    assert doc.text.rstrip().endswith("###")  # the end marker is clean's business


def test_sample_markdown_heading_repeating_title_dropped() -> None:
    doc = one(SAMPLES / "kremlin-meeting-with-president.md")
    assert doc.source.name == "Kremlin" and doc.published == "2023-10-17"
    assert not doc.text.startswith("Meeting with") and "#" not in doc.text and "* * *" not in doc.text


def test_sample_html_boilerplate_gone() -> None:
    doc = one(SAMPLES / "ministry-statement-with-chrome.html")
    assert doc.format == "html"
    assert doc.title == "Statement on the Ministerial Conference on Landlocked Developing Countries"
    assert doc.published == "2024-06-03"
    assert doc.source.name == "Ministry of Foreign Affairs of the Republic of Paraguay"
    for chrome in ("Privacy policy", "Sitemap", "Telegram", "Contacts", "All rights reserved"):
        assert chrome not in doc.text
    assert "Rubén Ramírez Lezcano" in doc.text


def test_sample_html_escaped_script_is_text() -> None:
    doc = one(SAMPLES / "embassy-press-release-script-text.html")
    assert "<script>alert(1)</script>" in doc.text
    assert "Consular services" not in doc.text and "Share this" not in doc.text


def test_sample_csv_rows() -> None:
    docs, errors = docs_and_errors([SAMPLES / "presidential-releases.csv"])
    assert errors == []
    assert [d.meta["name"] for d in docs] == [f"presidential-releases-0000{i}" for i in (1, 2, 3)]
    assert [d.source.name for d in docs] == ["Kremlin", "President of Ukraine", "Kremlin"]
    assert docs[0].published == "2023-04-11" and docs[0].origin.endswith("presidential-releases.csv:row 1")
    assert docs[1].title == "Volodymyr Zelenskyy met with the Prime Minister of Estonia"
    assert "\n" in docs[1].text  # quoted multi-line body kept whole


def test_sample_jsonl_rows() -> None:
    docs, errors = docs_and_errors([SAMPLES / "ministry-briefs.jsonl"])
    assert errors == []
    assert [d.published for d in docs] == ["2024-05-20", "2024-05-22", "2024-05-24"]
    assert {d.format for d in docs} == {"jsonl"}
    assert docs[0].source.name == "Ministry of Foreign Affairs of Kyrgyzstan"
    assert docs[2].meta["name"] == "ministry-briefs-00003"


def test_read_text_plain_and_markdown() -> None:
    plain = read_text(" date 2024-06-26 Images | Kazakh MFA\n\nThe Ambassador met students.\n")
    assert (plain.published, plain.source.name, plain.format) == ("2024-06-26", "Kazakh MFA", "text")
    assert plain.meta["name"] == "string" and plain.origin == "<string>"
    md = read_text("---\ntitle: A call\ndate: 2024-01-02\n---\nThe *two* leaders spoke.\n", origin="x.txt")
    assert (md.format, md.title, md.published, md.text.strip()) == (
        "markdown", "A call", "2024-01-02", "The two leaders spoke.")


def test_read_text_empty_raises() -> None:
    with pytest.raises(InputError):
        read_text("   \n")


# --- header parser and field helpers ----------------------------------------------------------

@pytest.mark.parametrize(("header", "date", "source"), [
    (" date 2024-06-26 Images | Kazakh MFA", "2024-06-26", "Kazakh MFA"),
    ("date 12 March 2024 | Foreign Ministry", "2024-03-12", "Foreign Ministry"),
    ("Date: March 5, 2023 Photo | MFA of Latvia", "2023-03-05", "MFA of Latvia"),
    ("date 05.04.2022 | Press Office", "2022-04-05", "Press Office"),
])
def test_header_variants(header: str, date: str, source: str) -> None:
    parsed = parse_header(header + "\n\nBody text.")
    assert parsed is not None and (parsed.published, parsed.source) == (date, source)


def test_header_without_publisher_keeps_next_lines() -> None:
    text = "date 2024-01-02\nThe minister arrived.\n"
    parsed = parse_header(text)
    assert parsed is not None and text[parsed.end:] == "The minister arrived.\n"


def test_no_header_in_ordinary_text() -> None:
    assert parse_header("The date of the meeting was set.\n") is None


@pytest.mark.parametrize(("value", "expected"), [
    ("2022-06-24T17:30:00Z", "2022-06-24"), ("2024-01-02", "2024-01-02"), ("24 May 2024", "2024-05-24"),
    ("09.08.2024", "2024-08-09"), ("NA", None), ("next Tuesday", None), ("2024-13-45", None),
])
def test_normalise_date(value: str, expected: str | None) -> None:
    assert normalise_date(value) == expected


def test_site_names_come_from_data_file() -> None:
    assert site_name("http://en.kremlin.ru/events/president/news/1") == "Kremlin"
    assert site_name("https://www.president.gov.ua/en/news/x") == "President of Ukraine"
    assert site_name("https://example.org/") is None


# --- bad inputs: one InputError each, the batch goes on --------------------------------------

@pytest.fixture
def bad_dir(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_text("The Ambassador met the Minister.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.txt").write_bytes("Caf\u00e9 diplomacy in S\u00e3o Paulo.\n".encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes("The Minister received the Ambassador.\n".encode("utf-16"))
    (tmp_path / "notext.csv").write_text("link,headline,date\nhttp://x,Title,2024-01-01\n", encoding="utf-8")
    (tmp_path / "noarticle.html").write_text(
        "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        encoding="utf-8")
    (tmp_path / "rows.jsonl").write_text(
        '{"text": "First release."}\n{"text": "broken\n{"text": ""}\n{"text": "Fourth release."}\n',
        encoding="utf-8")
    (tmp_path / "badyaml.md").write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    return tmp_path


def test_bad_inputs_each_named_and_batch_continues(bad_dir: Path) -> None:
    docs, errors = docs_and_errors([bad_dir])
    by_file = {Path(e.origin.split(":row")[0]).name: e for e in errors}
    assert "empty" in by_file["empty.txt"].reason
    assert "empty" in by_file["blank.md"].reason
    assert "binary" in by_file["binary.txt"].reason
    assert "UTF-8" in by_file["latin1.txt"].reason and "0xe9" in by_file["latin1.txt"].reason
    assert "no text column" in by_file["notext.csv"].reason and "headline" in by_file["notext.csv"].reason
    assert by_file["noarticle.html"].reason == "no article text found"
    assert "YAML" in by_file["badyaml.md"].reason
    row_errors = sorted(e.origin for e in errors if ":row" in e.origin)
    assert [o.rsplit(":", 1)[1] for o in row_errors] == ["row 2", "row 3"]
    names = sorted(d.meta["name"] for d in docs)
    assert names == ["good", "rows-00001", "rows-00004", "utf16"]
    utf16 = next(d for d in docs if d.meta["name"] == "utf16")
    assert utf16.text.startswith("The Minister received")


def test_every_error_names_its_file(bad_dir: Path) -> None:
    _, errors = docs_and_errors([bad_dir])
    assert len(errors) == 9
    for err in errors:
        assert str(bad_dir) in err.origin and err.reason
        assert str(err).startswith(err.origin)


def test_missing_path_and_unmatched_glob(tmp_path: Path) -> None:
    paths = [tmp_path / "nope.txt", tmp_path / "*.md", SAMPLES / "embassy-seminar-note.txt"]
    docs, errors = docs_and_errors(paths)
    assert len(docs) == 1
    assert [e.reason for e in errors] == ["no such file or directory", "no file matches this pattern"]


def test_glob_and_directory_expansion(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text("Deep release.\n", encoding="utf-8")
    (tmp_path / "a" / "notes.zip").write_bytes(b"PK\x03\x04")  # ignored inside a directory
    (tmp_path / "top.md").write_text("Top release.\n", encoding="utf-8")
    docs, errors = docs_and_errors([tmp_path / "a", str(tmp_path / "*.md")])
    assert errors == [] and sorted(d.meta["name"] for d in docs) == ["deep", "top"]


def test_read_path_raises(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_path(str(tmp_path / "empty.txt"))


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b" date 2024-06-26 Images | Kazakh MFA\n\nThe round table was held.\n"
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(data)))
    docs, errors = docs_and_errors(["-"])
    assert errors == [] and len(docs) == 1
    assert (docs[0].origin, docs[0].meta["name"], docs[0].published) == ("<stdin>", "stdin", "2024-06-26")


def test_stdin_jsonl_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b'{"text": "One."}\n{"text": "Two."}\n'
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(data)))
    docs, _ = docs_and_errors(["-"])
    assert [d.format for d in docs] == ["jsonl", "jsonl"]


# --- CSV/JSONL mapping and streaming ----------------------------------------------------------

def test_column_map_overrides(tmp_path: Path) -> None:
    path = tmp_path / "custom.csv"
    path.write_text("Story,Heading,When,Outlet\nThe talks ended.,Talks,2024-02-03,Gazette\n",
                    encoding="utf-8")
    _, errors = docs_and_errors([path])
    assert "no text column" in errors[0].reason and "Story" in errors[0].reason
    docs, errors = docs_and_errors([path], column_map={"text": "story", "title": "Heading",
                                                       "published": "When", "source": "Outlet"})
    assert errors == []
    assert (docs[0].text, docs[0].title, docs[0].published, docs[0].source.name) == (
        "The talks ended.", "Talks", "2024-02-03", "Gazette")


def test_column_map_naming_absent_column(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("body\nText.\n", encoding="utf-8")
    _, errors = docs_and_errors([path], column_map={"title": "headline"})
    assert len(errors) == 1 and "headline" in errors[0].reason


def test_csv_reader_streams() -> None:
    """The CSV reader is a generator that pulls rows from the stream only as they are asked for."""
    class CountingStream(io.StringIO):
        lines_read = 0

        def __next__(self) -> str:
            CountingStream.lines_read += 1
            return super().__next__()

    body = "body,headline\n" + "".join(f"Release {i}.,T{i}\n" for i in range(10_000))
    stream = CountingStream(body)
    rows = iter_csv(stream, "big.csv")
    assert isinstance(rows, types.GeneratorType)
    assert CountingStream.lines_read == 0
    first = next(rows)
    assert isinstance(first, Document) and first.text == "Release 0."
    assert CountingStream.lines_read < 10


def test_csv_big_field(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("body\n\"" + "word " * 100_000 + "\"\n", encoding="utf-8")
    docs, errors = docs_and_errors([path])
    assert errors == [] and len(docs[0].text) == 500_000


def test_csv_empty_body_row(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("body,headline\nFirst.,A\n,B\nThird.,C\n", encoding="utf-8")
    docs, errors = docs_and_errors([path])
    assert [d.meta["name"] for d in docs] == ["rows-00001", "rows-00003"]
    assert errors[0].origin.endswith("rows.csv:row 2") and "empty" in errors[0].reason


def test_jsonl_nested_source_and_non_object(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"content": "Body.", "source": {"name": "MFA", "url": "https://a.b/1"}})
                    + "\n[1, 2]\n", encoding="utf-8")
    docs, errors = docs_and_errors([path])
    assert (docs[0].source.name, docs[0].source.url) == ("MFA", "https://a.b/1")
    assert "JSON object" in errors[0].reason


# --- real corpora -----------------------------------------------------------------------------

@needs_shared
def test_seed_header_gives_published_and_source() -> None:
    doc = one(SHARED / "spec" / "examples" / "seed.txt")
    assert (doc.published, doc.source.name) == ("2024-06-26", "Kazakh MFA")
    assert doc.text.lstrip().startswith("The Institute of Strategic Studies Islamabad")


@needs_shared
def test_gold_inputs_all_read() -> None:
    docs, errors = docs_and_errors([GOLD_INPUTS])
    assert errors == []
    assert len(docs) == len(list(GOLD_INPUTS.iterdir()))
    by_name = {d.meta["name"]: d for d in docs}
    kz = by_name["kzmfa-07"]
    assert (kz.title, kz.published, kz.source.name) == (
        "Abai's Birthday Marked at His Bust in New Delhi", "2024-08-09", "Kazakh MFA")
    assert by_name["seed-kazakh-mfa-round-table"].published == "2024-06-26"
    for name, doc in by_name.items():
        if name.startswith("whitehouse-"):
            assert doc.source.name == "The White House" and doc.title and doc.published
            assert "\u00a0" not in doc.title


@needs_shared
def test_gold_html_windows_1251() -> None:
    doc = one(GOLD_INPUTS / "mfa-f179725988c80350.html")
    assert doc.title == "Statement of the Ministry of Foreign Affairs of the Republic of Belarus"
    assert doc.source.name == "Ministry of Foreign Affairs of the Republic of Belarus"
    assert doc.published is None  # the page's only year is its copyright line
    assert "European capitals" in doc.text and "\ufffd" not in doc.text


@needs_shared
def test_mfa_html_pages() -> None:
    docs, errors = docs_and_errors([HTML_PAGES])
    assert errors == [] and len(docs) == 6
    for doc in docs:
        assert doc.title and len(doc.text) > 500 and "\ufffd" not in doc.text
    assert {d.meta["name"]: d.published for d in docs}["b7b71aff55bfca76"] == "2021-12-06"


@needs_shared
def test_whitehouse_corpus_reads() -> None:
    files = sorted((CORPORA / "whitehouse_readouts_joint_statements").rglob("*-*.md"))
    docs, errors = docs_and_errors(files)
    assert errors == [] and len(docs) == len(files)
    for doc in docs:
        assert doc.published and doc.title and doc.source.name == "The White House"
        assert "\\_" not in doc.text and "\\#" not in doc.text and "](" not in doc.text


@needs_shared
def test_press_release_csvs() -> None:
    docs, errors = docs_and_errors([PRESS_CSV / "putin.csv", PRESS_CSV / "zelenskyy.csv"])
    assert errors == []
    putin = [d for d in docs if d.origin.startswith(str(PRESS_CSV / "putin.csv"))]
    assert len(putin) == 816
    assert putin[0].published == "2022-06-24" and putin[0].title == "BRICS+ meeting"
    assert putin[0].meta["name"] == "putin-00001" and putin[0].origin.endswith("putin.csv:row 1")
    assert {d.source.name for d in putin} == {"Kremlin"}
    zel = [d for d in docs if "zelenskyy" in d.origin]
    assert len(zel) == 980 and {d.source.name for d in zel} == {"President of Ukraine"}


def test_csv_rows_before_a_bad_byte_come_out(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b'body\nGood row.\n"bad \xe9 row"\n')
    docs, errors = docs_and_errors([path])
    assert [d.text for d in docs] == ["Good row."]
    assert "0xe9" in errors[0].reason and "offset 20" in errors[0].reason


def test_utf16_csv(tmp_path: Path) -> None:
    path = tmp_path / "u16.csv"
    path.write_bytes("body,headline\nA body,T\n".encode("utf-16"))
    docs, errors = docs_and_errors([path])
    assert errors == [] and (docs[0].text, docs[0].title) == ("A body", "T")
