"""Clean: paragraphs, whitespace, caption and trailing-news rules; never adds text."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from communique.clean import clean, clean_text
from communique.ingest import read_path, read_text

SHARED = Path(os.environ.get("COMMUNIQUE_SHARED") or Path(__file__).resolve().parents[2] / "shared")
GOLD_INPUTS = SHARED / "gold" / "dev" / "inputs"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
needs_shared = pytest.mark.skipif(not GOLD_INPUTS.is_dir(),
                                  reason=f"shared data not found at {SHARED} (set COMMUNIQUE_SHARED)")


def words(text: str) -> list[str]:
    return re.findall(r"\S+", text)


def is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(w in it for w in small)


def test_blank_line_runs_become_one_paragraph_break() -> None:
    assert clean_text("\n\nFirst para.\n\n\n\n\nSecond para.\r\n\r\n\r\nThird.\n\n") == (
        "First para.\n\nSecond para.\n\nThird.")


def test_lines_inside_paragraph_normalised() -> None:
    assert clean_text("  A\u00a0line \t with   gaps  \nnext\u200b line\u202f here ") == (
        "A line with gaps\nnext line here")


@pytest.mark.parametrize("caption", [
    "Photo: Embassy of Kazakhstan", "Photo credit: MFA", "Photo credit Reuters", "Images | Kazakh MFA",
    "© Ministry of Foreign Affairs", "Source: press service", "Photos by John Smith", "###", "- 30 -",
    "* * *",
])
def test_caption_lines_dropped(caption: str) -> None:
    cleaned = clean_text(f"The talks were held.\n\n{caption}\n\nThey ended.")
    assert cleaned == "The talks were held.\n\nThey ended."


def test_caption_words_inside_sentences_kept() -> None:
    text = "The photo: a symbol of friendship, said the Minister.\n\nSource material was shared."
    assert clean_text(text) == text


def test_trailing_relevant_news_cut() -> None:
    text = ("The Ambassador met the Minister.\n\n\n\nThey discussed trade.\n\n\n\n"
            "08.08.2024, 22:07 11796\nKazakh and Finnish Diplomats Review Agenda\nAmbassador held talks with")
    assert clean_text(text) == "The Ambassador met the Minister.\n\nThey discussed trade."


def test_cut_rule_never_empties_a_document() -> None:
    assert clean_text("Related news\n\nThe Ambassador met the Minister.") == (
        "Related news\n\nThe Ambassador met the Minister.")


def test_clean_returns_new_document() -> None:
    doc = read_text(" date 2024-06-26 Images | Kazakh MFA\n\n\n\nThe round table was held.\n\n\n")
    cleaned = clean(doc)
    assert cleaned is not doc and cleaned.text == "The round table was held."
    assert doc.text != cleaned.text  # the input document is left untouched
    assert (cleaned.published, cleaned.source.name) == (doc.published, doc.source.name)
    assert cleaned.meta == doc.meta


def test_idempotent_on_samples() -> None:
    for path in sorted(SAMPLES.iterdir()):
        for doc in read_path(str(path)):
            once = clean_text(doc.text)
            assert clean_text(once) == once
            assert "\n\n\n" not in once and once == once.strip()
            assert is_subsequence(words(once), words(doc.text.replace("\u00a0", " ")))


def test_sample_caption_and_header_gone() -> None:
    doc = clean(read_path(str(SAMPLES / "kazakh-mfa-un-meeting.txt"))[0])
    assert "Photo credit" not in doc.text and "\t" not in doc.text and "\u00a0" not in doc.text
    assert doc.text.count("\n\n") == 2


@needs_shared
def test_kzmfa_gold_inputs() -> None:
    for path in sorted(GOLD_INPUTS.glob("*.txt")):
        raw = read_path(str(path))[0]
        text = clean(raw).text
        assert "\n\n\n" not in text and not re.search(r"^ *\n", text)
        assert is_subsequence(words(text), words(raw.text)), path.name  # never invents text
        assert not re.search(r"\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}", text), path.name
    seven = clean(read_path(str(GOLD_INPUTS / "kzmfa-07.txt"))[0]).text
    assert seven.endswith("Abai Marg itself was officially opened in New Delhi in February 2002.")


@needs_shared
def test_whitehouse_end_marker_dropped() -> None:
    for path in sorted(GOLD_INPUTS.glob("whitehouse-*.md")):
        text = clean(read_path(str(path))[0]).text
        assert not text.endswith("###") and "\n\n\n" not in text
