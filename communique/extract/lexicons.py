"""Loading the entity layer's data files (countries, places, organizations, titles) once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=16)
def load(name: str) -> dict[str, Any]:
    """The parsed JSON data file `communique/extract/data/<name>.json`."""
    text = resources.files("communique.extract.data").joinpath(f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


@dataclass
class Mention:
    """One candidate mention over tokens [start, end) of a Doc, before entities are assembled.

    `key` identifies the thing (an ISO code, a canonical name); `nested` mentions sit inside a
    longer mention (a country inside "Embassy of Kazakhstan") and do not own their tokens.
    """

    start: int
    end: int
    kind: str
    key: str
    name: str
    country: str | None = None
    source: str = "rule"
    nested: bool = False
    adjective: bool = False


@lru_cache(maxsize=1)
def _tokenizer():  # noqa: ANN202 - a spaCy Tokenizer
    from spacy.lang.en import English

    return English().tokenizer


def phrase_docs(texts: list[str]) -> list[Any]:
    """Pattern Docs for a PhraseMatcher, tokenized as the English pipeline splits running text."""
    tok = _tokenizer()
    return [tok(t) for t in texts]
