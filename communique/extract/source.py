"""Source attribution: the clause naming who reports the news ("press service of the Kazakh MFA reports")."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc


@lru_cache(maxsize=1)
def _patterns() -> list[re.Pattern[str]]:
    data = json.loads(resources.files("communique.extract.data").joinpath("attribution.json").read_text())
    return [re.compile(p) for p in data["patterns"]]


def find_attribution(text: str) -> str | None:
    for pattern in _patterns():
        match = pattern.search(text)
        if match:
            return match.group("attribution").strip()
    return None


@Language.component("communique_source")
def source_component(doc: Doc) -> Doc:
    doc._.attribution = find_attribution(doc.text)
    return doc
